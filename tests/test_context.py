"""Short follow-ups read with their conversation: the pure context step, then the engine end to end.

The sentences are our own, written to sound like buyers; none comes from the corpus.
"""
from __future__ import annotations

import pytest

from pathlib import Path

from bot.context import (ContextCues, ContextOptions, answers_alone, as_heard, asks, closed_by, conditioned, denied,
                         in_context, topic, with_courtesy)
from bot.domain import ConversationState, Heard, Match, Slots
from bot.engine import Engine
from bot.intents import CONTEXT_FILE, ConfigError, load_context_cues, read_intents
from bot.matcher import MatchOptions

LOW = frozenset({"greeting", "thanks_bye"})
OPTIONS = ContextOptions()
THRESHOLD = MatchOptions().threshold  # the matcher's own answering threshold


def heard(*readings: dict[str, float]) -> tuple[Heard, ...]:
    return tuple(Heard(tuple(r.items())) for r in readings)


def matches(**scores: float) -> list[Match]:
    return [Match(i, s, f"example of {i}") for i, s in sorted(scores.items(), key=lambda kv: -kv[1])]


@pytest.mark.parametrize(
    ("earlier", "asked", "expected"),
    [
        ((), None, {}),
        (({"shipping": 0.9},), None, {"shipping": 0.9}),
        # one turn older counts decay times less; the strongest reading of an intent is kept
        (({"return": 0.8}, {"shipping": 0.9}), None, {"return": 0.8 * OPTIONS.decay, "shipping": 0.9}),
        (({"shipping": 0.5}, {"shipping": 0.9}), None, {"shipping": 0.9}),
        # a message's second reading counts a share: 发票寄到哪了 is about the invoice more than the parcel
        (({"invoice": 0.9, "shipping": 0.8},), None, {"invoice": 0.9, "shipping": 0.8 * OPTIONS.runner_up}),
        # a thanks, a hello or asking for a person is no topic; a faint reading says nothing
        (({"thanks_bye": 0.9, "human": 0.95, "invoice": 0.2},), None, {}),
        # what the bot last asked about counts fully
        (({"shipping": 0.6},), "price_protect", {"shipping": 0.6, "price_protect": OPTIONS.asked}),
        ((), "greeting", {}),
    ],
)
def test_the_topic_of_a_conversation(earlier, asked, expected) -> None:
    weights = topic(heard(*earlier), asked, ignore=LOW | {"human"}, options=OPTIONS)
    assert weights == pytest.approx(expected)


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        # a hello before a request does not make the request a second reading, nor does it close anything
        (({"greeting": 0.95, "return": 0.8},), {"return": 0.8}),
        (({"invoice": 0.9}, {"greeting": 0.95, "shipping": 0.8, "return": 0.75}),
         {"invoice": 0.9 * OPTIONS.decay, "shipping": 0.8, "return": 0.75 * OPTIONS.runner_up}),
        # a thanks beside a request leaves the request open; a thanks alone closes it a little
        (({"thanks_bye": 0.95, "invoice": 0.85},), {"invoice": 0.85}),
        (({"invoice": 0.9}, {"thanks_bye": 0.95, "greeting": 0.3}), {"invoice": 0.9 * OPTIONS.decay * OPTIONS.after_closing}),
    ],
)
def test_a_hello_or_thanks_beside_a_request(earlier, expected) -> None:
    assert topic(heard(*earlier), None, ignore=LOW, options=OPTIONS,
                 closed=closed_by(heard(*earlier), ignore=LOW, options=OPTIONS, closing=LOW)) == pytest.approx(expected)


def test_a_yes_answers_the_newest_message() -> None:
    """嗯 after a complaint about a review and then a question about the fault answers the fault: the older
    message, though read more surely, counts less."""
    weights = topic(heard({"bad_review": 0.93}, {"quality_issue": 0.75}), None, ignore=LOW, options=OPTIONS)
    after = in_context([], "嗯", weights, threshold=THRESHOLD, low=LOW, options=OPTIONS, cues=ContextCues(bare=("嗯",)))
    assert after[0].intent == "quality_issue" and after[0].from_context


@pytest.mark.parametrize(
    ("own", "answered", "order"),
    [
        # answered for a cue of its own over a better reading: what was answered leads
        ({"shipping": 0.94, "address_change": 0.9}, "address_change", ("address_change", "shipping")),
        # answered on a near tie: the score order stands
        ({"cancel_order": 0.94, "return": 0.93}, "return", ("cancel_order", "return")),
        ({"shipping": 0.94, "address_change": 0.9}, "shipping", ("shipping", "address_change")),
        ({"shipping": 0.94, "address_change": 0.9}, None, ("shipping", "address_change")),
    ],
)
def test_what_was_answered_leads_what_was_heard(own, answered, order) -> None:
    kept = Heard.of(matches(**own), floor=OPTIONS.floor, answered=answered, tie=MatchOptions().yield_margin)
    assert tuple(intent for intent, _ in kept.matches) == order


GIVES_WAY = ContextCues(gives_way={"cancel_order": frozenset({"return"}), "return": frozenset({"price_protect"}),
                                    "payment": frozenset({"return"})})


@pytest.mark.parametrize(
    ("own", "order"),
    [
        # a reading that gives way to another of the same message scoring about as well: the other is what it is about
        ({"cancel_order": 0.94, "return": 0.93}, ("return", "cancel_order")),
        ({"return": 0.92, "price_protect": 0.89}, ("price_protect", "return")),
        # well below, the other is said in passing (现在付款 ... 如何售后); nor does a reading give way where no cue says so
        ({"payment": 0.96, "return": 0.7}, ("payment", "return")),
        ({"return": 0.93, "cancel_order": 0.92}, ("return", "cancel_order")),
        # a faint reading is none to give way
        ({"cancel_order": 0.5, "return": 0.49}, ("cancel_order", "return")),
    ],
)
def test_what_an_earlier_message_is_about(own, order) -> None:
    assert tuple(m.intent for m in as_heard(matches(**own), "", cues=GIVES_WAY, options=OPTIONS)) == order


def test_what_the_bot_answered_is_the_topic() -> None:
    """A reading the matcher answers (its threshold) is kept in the state and read as the topic."""
    answered = Heard.of(matches(product_info=THRESHOLD), floor=OPTIONS.floor)
    assert topic((answered,), None, ignore=LOW, options=OPTIONS) == pytest.approx({"product_info": THRESHOLD})


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        # a thanks that closed the topic leaves less of it for the next fragment
        (({"invoice": 0.9}, {"thanks_bye": 0.95}), {"invoice": 0.9 * OPTIONS.decay * OPTIONS.after_closing}),
        # a thanks that came before it closed nothing
        (({"thanks_bye": 0.95}, {"invoice": 0.9}), {"invoice": 0.9}),
    ],
)
def test_a_thanks_closes_the_topic_a_little(earlier, expected) -> None:
    assert topic(heard(*earlier), None, ignore=LOW, options=OPTIONS,
                 closed=closed_by(heard(*earlier), ignore=LOW, options=OPTIONS, closing=LOW)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("own", "weights", "text", "lead"),
    [
        # a bare confirmation takes the conversation's topic
        ({}, {"price_protect": 0.95}, "对的呀", "price_protect"),
        # a weak guess alone gives way to what the conversation is about
        ({"address_change": 0.55, "return": 0.1}, {"return": 0.9}, "颜色拍成红的了", "return"),
        # own evidence for the topic adds to it, so the weaker topic of two wins when the message hints at it
        ({"shipping": 0.35}, {"invoice": 0.6, "shipping": 0.5}, "帮忙催催呗", "shipping"),
        # a clear new request stands: the conversation does not drown it
        ({"invoice": 0.95}, {"bargain": 1.0}, "能开票不", "invoice"),
        ({"shipping": 0.88}, {"bargain": 1.0}, "啥时候发出", "shipping"),
        # a clear thanks stays a thanks unless the message also carries the topic
        ({"thanks_bye": 0.9}, {"shipping": 0.9}, "好嘞多谢", "thanks_bye"),
        ({"thanks_bye": 0.9, "shipping": 0.47}, {"shipping": 0.9}, "好的 快点哈", "shipping"),
        # a long message says what it is about by itself
        ({}, {"return": 0.9}, "我是想问一下这个东西到底是什么材料做的会不会有味道", None),
        # nothing in the conversation: nothing changes
        ({}, {}, "对的呀", None),
        # a faint topic still carries a bare confirmation; too little evidence from both sides stays a fallback
        ({}, {"product_info": 0.45}, "嗯 是这样", "product_info"),
        ({}, {"return": 0.2}, "嗯嗯", None),
    ],
)
def test_a_short_message_read_with_the_topic(own, weights, text, lead) -> None:
    before = matches(**own)
    after = in_context(before, text, weights, threshold=THRESHOLD, low=LOW, options=OPTIONS)
    top = next((m for m in after if m.score >= THRESHOLD), None)
    assert (top.intent if top else None) == lead
    by_context = bool(after) and after[0].from_context
    if by_context:
        assert THRESHOLD <= after[0].score <= OPTIONS.most and after[0].from_context
    else:
        assert after == before
    assert by_context is (lead is not None and lead != (before[0].intent if before and before[0].score >= THRESHOLD else None))


CUES = ContextCues(carry_on=("尽快", "催", "多久", "还要等", "帮我看"), fillers=("好的", "帮我", "麻烦", "再", "吧", "嘛", "要", "还",
                                                                       "一下", "下", "吗", "我", "先"),
                   gives_way={"payment": frozenset({"return", "price_protect"})}, bare=("没有", "是的"),
                   holds=("稍等", "等一下", "我看下", "我查下"), acknowledges={"thanks_bye": ("哦", "噢", "收到了", "到账了")},
                   after_closing=("嗯", "嗯嗯"))


def cue(intent: str, score: float, keyword: str) -> Match:
    return Match(intent, score, f"keyword {keyword}", cue=keyword)


KEEPS = ContextCues(keeps={"bargain": frozenset({"payment"}), "shipping": frozenset({"product_info"})})


@pytest.mark.parametrize(
    ("own", "weights", "named", "lead", "from_context"),
    [
        # a keyword in the message's own words, against a topic the trainers say it keeps against: the message's request
        ([cue("bargain", 0.77, "讲价"), Match("payment", 0.64, "example")], {"payment": 0.9}, True, "bargain", False),
        ([cue("shipping", 0.81, "定制*多久")], {"product_info": 0.9}, True, "shipping", False),
        # the same keyword only as characters across words names nothing: the topic claims the fragment
        ([cue("shipping", 0.81, "定制*多久")], {"product_info": 0.9}, False, "product_info", True),
        # against any other topic the topic claims it, as before
        ([cue("shipping", 0.77, "寄")], {"invoice": 0.9}, True, "invoice", True),
        # a keyword of the topic's own kind goes on with it, as a guess
        ([cue("shipping", 0.77, "寄")], {"shipping": 0.9}, True, "shipping", True),
        # a message that names the topic by a keyword too goes on with the topic
        ([cue("bargain", 0.8, "讲价"), cue("payment", 0.75, "付款")], {"payment": 0.9}, True, "payment", True),
        # a reading the examples alone make names nothing of its own
        ([Match("bargain", 0.75, "example")], {"payment": 0.9}, False, "payment", True),
        # a clear reading stands, named or not
        ([Match("invoice", 0.9, "example")], {"bargain": 0.9}, False, "invoice", False),
    ],
)
def test_a_message_that_names_its_own_request(own: list[Match], weights: dict[str, float], named: bool, lead: str,
                                              from_context: bool) -> None:
    after = in_context(own, "短短一句", weights, threshold=THRESHOLD, low=LOW, options=OPTIONS, cues=KEEPS, named=named)
    assert (after[0].intent, after[0].from_context) == (lead, from_context)
    assert from_context or after == own


@pytest.mark.parametrize(
    ("text", "keyword", "own"),
    [
        ("付过钱了忘了讲价 返点呗", "讲价", True),
        ("定制的杯子要做多久", "定制*多久", True),
        ("你们是邮寄了吗", "寄了", False),  # 邮寄|了
        ("不知道你们怎么调度的", "怎么调", False),  # 怎么|调度
        ("有qq没 加一下", "有qq", True),
        ("", "", False),
    ],
)
def test_a_keyword_in_the_message_s_own_words(engine: Engine, text: str, keyword: str, own: bool) -> None:
    assert engine.matcher.in_own_words(text, keyword) is own


@pytest.mark.parametrize(
    ("text", "carries_on"),
    [
        ("尽快", True),
        ("好的，尽快嘛！", True),  # a thanks, punctuation and fillers around the urging
        ("麻烦再帮我催催吧", True),
        ("要多久?? 3", True),  # digits say nothing either
        ("好的", False),  # no urging at all
        ("尽快发顺丰", False),  # says what it wants: a courier
        ("催一下退款", False),
    ],
)
def test_a_message_that_only_urges_or_waits(text: str, carries_on: bool) -> None:
    assert CUES.carries_on(text) is carries_on


@pytest.mark.parametrize(("text", "says_nothing"), [("没有吧", True), ("是的，好的", True), ("没有坏", False), ("嘛", False)])
def test_a_message_that_only_says_yes_or_no(text: str, says_nothing: bool) -> None:
    assert CUES.says_nothing(text) is says_nothing


@pytest.mark.parametrize(
    ("text", "holds", "acknowledged"),
    [
        ("稍等", True, None),
        ("稍等，我查下", True, None),
        ("我看下吧", True, None),
        ("稍等发货", False, None),  # says what it is about
        ("哦。", False, "thanks_bye"),
        ("噢噢", False, "thanks_bye"),  # the word again is still the word
        ("哦 没有", False, None),  # an answer, not only an acknowledgement
        ("好的", False, None),
    ],
)
def test_a_message_that_holds_or_takes_in(text: str, holds: bool, acknowledged: str | None) -> None:
    assert CUES.holds_on(text) is holds
    assert CUES.acknowledged(text) == acknowledged


@pytest.mark.parametrize(
    ("own", "weights", "text", "lead"),
    [
        # urging goes on with the conversation, whatever its words score alone
        ({"shipping": 0.94}, {"return": 0.9}, "麻烦再帮我催催吧", "return"),
        ({"shipping": 0.9}, {"price_protect": 0.8, "shipping": 0.3}, "要多久", "price_protect"),
        ({"thanks_bye": 0.92, "shipping": 0.3}, {"return": 0.9}, "好的 尽快嘛", "return"),
        ({"shipping": 0.94}, {"shipping": 0.9}, "尽快", "shipping"),  # already what the message says: unchanged
        ({"shipping": 0.94}, {}, "尽快", "shipping"),  # no conversation: unchanged
        # urging with a request of its own is that request
        ({"shipping": 0.94}, {"return": 0.9}, "尽快发顺丰", "shipping"),
        # a payment word answers where the refund goes in a refund conversation...
        ({"payment": 0.87}, {"return": 0.9}, "花呗", "return"),
        ({"payment": 0.87}, {"price_protect": 0.7, "shipping": 0.9}, "花呗", "price_protect"),
        # ...and stays a payment question in any other, or in one that only touched the refund in passing
        ({"payment": 0.87}, {"shipping": 0.9}, "花呗", "payment"),
        ({"payment": 0.87, "return": 0.5}, {"shipping": 0.9, "return": 0.3}, "花呗", "payment"),
        ({"payment": 0.87, "return": 0.5}, {"shipping": 0.9, "return": 0.6}, "花呗", "return"),
        # a faint payment reading is no payment to give way: the topic the conversation weighs most reads it
        ({"payment": 0.37}, {"invoice": 0.93, "return": 0.41}, "我要怎么操作", "invoice"),
        # yes or no answers the conversation, however high its words score alone; with more words it says more
        ({"quality_issue": 0.9}, {"address_change": 0.8}, "没有吧", "address_change"),
        ({"quality_issue": 0.9}, {"address_change": 0.8}, "没有坏", "quality_issue"),
        ({"thanks_bye": 0.9}, {"address_change": 0.8}, "是的，好的", "thanks_bye"),  # a clear thanks stays one
    ],
)
def test_cues_of_the_conversation(own, weights, text, lead) -> None:
    before = matches(**own)
    after = in_context(before, text, weights, threshold=THRESHOLD, low=LOW, options=OPTIONS, cues=CUES)
    assert after[0].intent == lead
    assert after[0].from_context is (lead != before[0].intent)
    assert after == before or after[0].score <= OPTIONS.most


@pytest.mark.parametrize(
    ("own", "weights", "ongoing", "text", "lead", "from_context"),
    [
        # the buyer holding the agent asks nothing of the topic: the message reads as alone
        ({"shipping": 0.4}, {"invoice": 0.9}, True, "稍等 我查下", None, False),
        ({}, {"return": 0.9}, True, "我看下", None, False),
        # waiting on the topic, or asking the agent to look, is no hold: it goes on with the topic
        ({}, {"return": 0.9}, True, "还要等一下吗", "return", True),
        ({}, {"return": 0.9}, True, "帮我看下", "return", True),
        # taking in an answer closes it, with a topic or none, once the bot or an agent has spoken
        ({"thanks_bye": 0.08}, {"return": 0.9}, True, "哦。", "thanks_bye", True),
        ({}, {}, True, "噢", "thanks_bye", True),
        # said first, it is no thanks; already read as one, it stays as it is
        ({}, {}, False, "哦", None, False),
        ({"thanks_bye": 0.9}, {"return": 0.9}, True, "哦哦 好的", "thanks_bye", False),
    ],
)
def test_holding_and_taking_in(own, weights, ongoing, text, lead, from_context) -> None:
    before = matches(**own)
    after = in_context(before, text, weights, threshold=THRESHOLD, low=LOW, options=OPTIONS, cues=CUES, ongoing=ongoing)
    top = next((m for m in after if m.score >= THRESHOLD), None)
    assert (top.intent if top else None) == lead
    assert (bool(after) and after[0].from_context) is from_context
    if not from_context:
        assert after == before


@pytest.mark.parametrize(
    ("own", "weights", "closed", "asks", "text", "lead"),
    [
        # what the buyer waited for has come: that closes the topic
        ({}, {"shipping": 0.9}, None, False, "好的 收到了", "thanks_bye"),
        ({"return": 0.4}, {"return": 0.9}, None, False, "到账了", "thanks_bye"),
        # asked, it is still the topic's question
        ({}, {"shipping": 0.9}, None, True, "收到了吗", "shipping"),
        # a bare 嗯 after the buyer's own thanks closed the topic takes leave; without that thanks it answers the topic
        ({}, {"shipping": 0.9 * OPTIONS.after_closing}, "thanks_bye", False, "嗯嗯", "thanks_bye"),
        ({}, {"shipping": 0.9}, None, False, "嗯嗯", "shipping"),
        # ...and a yes word that is no 嗯 still answers it
        ({}, {"shipping": 0.9 * OPTIONS.after_closing}, "thanks_bye", False, "是的", "shipping"),
    ],
)
def test_closing_after_an_answer(own, weights, closed, asks, text, lead) -> None:
    after = in_context(matches(**own), text, weights, threshold=THRESHOLD, low=LOW, options=OPTIONS, cues=CUES, ongoing=True,
                       closed=closed, asks=asks)
    assert after[0].intent == lead and after[0].from_context


@pytest.mark.parametrize(
    ("earlier", "closed"),
    [
        (({"invoice": 0.9}, {"thanks_bye": 0.95}), "thanks_bye"),
        # a thanks beside another request closes nothing: 好的 那发票呢
        (({"invoice": 0.9}, {"thanks_bye": 0.95, "shipping": 0.8}), None),
        (({"thanks_bye": 0.95}, {"invoice": 0.9}), None),
        ((), None),
    ],
)
def test_what_the_buyer_closed_the_topic_with(earlier, closed) -> None:
    assert closed_by(heard(*earlier), ignore=LOW, options=OPTIONS, closing=LOW) == closed


@pytest.mark.parametrize(
    ("rest", "slots", "answers"),
    [
        ("", Slots(order_id="T1003"), True),
        ("299 259", Slots(), True),  # prices quoted back after a price question
        ("3", Slots(), True),
        ("?? ", Slots(), True),  # the buyer asking after the topic again
        (" . ", Slots(), False),
        ("", Slots(), False),
    ],
)
def test_what_answers_the_conversation_without_words(rest: str, slots: Slots, answers: bool) -> None:
    assert answers_alone(rest, slots) is answers


def guess(intent: str) -> Match:
    return Match(intent, 0.8, "context", "x", from_context=True)


@pytest.mark.parametrize(
    ("chosen", "all_matches", "expected"),
    [
        # the topic from the conversation, and the thanks the message carries too
        ([guess("shipping")], [guess("shipping"), *matches(thanks_bye=0.92)], ["shipping", "thanks_bye"]),
        # a faint thanks is none
        ([guess("shipping")], [guess("shipping"), *matches(thanks_bye=THRESHOLD - 0.1)], ["shipping"]),
        # a reading of the message alone is the matcher's business
        (matches(shipping=0.9), matches(shipping=0.9, thanks_bye=0.92), ["shipping"]),
        ([], matches(thanks_bye=0.3), []),
        # an acknowledgement read as a thanks from the conversation is answered once
        ([guess("thanks_bye")], [guess("thanks_bye"), *matches(greeting=0.2)], ["thanks_bye"]),
    ],
)
def test_a_thanks_beside_a_reading_from_the_conversation(chosen, all_matches, expected) -> None:
    assert [m.intent for m in with_courtesy(chosen, all_matches, low=LOW, threshold=THRESHOLD)] == expected


CONDITIONS = ContextCues(fillers=("那", "好的", "就"), conditions=("不行就算了", "不行算了", "没有就算了", "不行就不要了", "行的话我马上付款"))


def cued(intent: str, score: float, cue: str) -> Match:
    return Match(intent, score, f"keyword {cue}", cue=cue)


@pytest.mark.parametrize(
    ("text", "before", "recent", "expected", "guess"),
    [
        # 算了 in a condition the buyer sets is no goodbye: the haggle it is set on leads, as a guess
        ("190吧 行就拍 不行算了", [cued("thanks_bye", 0.68, "算了"), *matches(bargain=0.47)], (), ["bargain"], True),
        # ...and a haggle too faint alone leads when the conversation is about it
        ("190吧 行就拍 不行算了", [cued("thanks_bye", 0.68, "算了"), *matches(bargain=0.3)], ("bargain",), ["bargain"], True),
        ("190吧 行就拍 不行算了", [cued("thanks_bye", 0.68, "算了"), *matches(bargain=0.3)], ("shipping",), ["bargain"], False),
        # no thanks read, the condition still asks: a weak reading of what it is on leads
        ("115吧 可以就拍 不行就算了", matches(bargain=0.46, quality_issue=0.39), (), ["bargain", "quality_issue"], True),
        # a clear request beside a condition is read as it is
        ("有红的吗 没有就算了", matches(product_info=0.84), (), ["product_info"], False),
        # a thanks outside the condition stays
        ("好的谢谢 不行就算了", [cued("thanks_bye", 0.95, "谢谢")], (), ["thanks_bye"], False),
        # a condition said alone is the buyer giving up: a goodbye
        ("那不行就算了", [cued("thanks_bye", 0.67, "算了"), *matches(bargain=0.46)], ("bargain",), ["thanks_bye", "bargain"], False),
        # what the buyer will do if refused or met (不要了, 付款) is no request of its own: the haggle leads
        ("150 最后的价 不行就不要了", [cued("cancel_order", 0.8, "不要了"), *matches(bargain=0.3)], ("bargain",), ["bargain"], True),
        ("268 行的话我马上付款", [cued("payment", 0.9, "付款"), *matches(bargain=0.4)], ("bargain",), ["bargain"], True),
        # no condition: nothing changes
        ("那算了", [cued("thanks_bye", 0.69, "算了"), *matches(bargain=0.5)], ("bargain",), ["thanks_bye", "bargain"], False),
    ],
)
def test_a_condition_the_buyer_sets_is_no_goodbye(text, before, recent, expected, guess) -> None:
    after = conditioned(before, text, cues=CONDITIONS, threshold=THRESHOLD, options=OPTIONS, recent=recent)
    assert [m.intent for m in after] == expected
    assert after[0].from_context is guess
    assert (after[0].score == THRESHOLD) is guess


def write_intents(folder: Path, context: str | None) -> Path:
    folder.mkdir()
    for name in ("payment", "return"):
        (folder / f"{name}.yaml").write_text(f"name: {name}\nmode: suggest\nexamples:\n  - 例句{name}\n", encoding="utf-8")
    if context is not None:
        (folder / CONTEXT_FILE).write_text(context, encoding="utf-8")
    return folder


def test_the_cues_come_from_the_trainers_file(tmp_path: Path) -> None:
    folder = write_intents(tmp_path / "intents", "carry_on: [尽快, 催]\nbare: [没有]\nfillers: [好的]\ngives_way:\n  payment: [return]\n"
                                                 "holds: [稍等]\nacknowledges:\n  return: [哦]\nconditions: [不行就算了]\n"
                                                 "keeps:\n  return: [payment]\nurges:\n  return: [催]\nafter_closing: [嗯嗯]\n")
    cues = load_context_cues(folder, ["payment", "return"])
    assert cues == ContextCues(("尽快", "催"), ("好的",), {"payment": frozenset({"return"})}, ("没有",), ("稍等",),
                               {"return": ("哦",)}, ("不行就算了",), {"return": frozenset({"payment"})}, {"return": ("催",)},
                               ("嗯嗯",))
    assert cues.urged("帮我催一下") == "return" and cues.urged("等多久") is None
    intents, problems = read_intents(folder)  # the file is no intent
    assert sorted(i.name for i in intents) == ["payment", "return"] and not problems
    assert load_context_cues(write_intents(tmp_path / "none", None), ["payment"]) == ContextCues()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("gives_way:\n  payment: [refund]\n", "no intent named refund"),
        ("gives_way:\n  payment: return\n", "must map to a list"),
        ("keeps:\n  return: [refund]\n", "no intent named refund"),
        ("gives_way_on:\n  haggle: [运费]\n", "no intent named haggle"),
        ("gives_way_on:\n  bargain: 运费\n", "must map to a list"),
        ("acknowledges:\n  thanks: [哦]\n", "no intent named thanks"),
        ("acknowledges: [哦]\n", "'acknowledges' maps an intent to a list"),
        ("holds: 稍等\n", "'holds' must be a list"),
        ("carry_on: 尽快\n", "'carry_on' must be a list"),
        ("carry_ons: [尽快]\n", "unknown key 'carry_ons'"),
        ("carry_on: [尽快\n", "YAML syntax error"),
    ],
)
def test_a_wrong_cues_file_says_what_to_fix(tmp_path: Path, text: str, says: str) -> None:
    folder = write_intents(tmp_path / "intents", text)
    with pytest.raises(ConfigError) as error:
        load_context_cues(folder, ["payment", "return"])
    assert says in str(error.value) and CONTEXT_FILE in str(error.value)


@pytest.mark.parametrize(("reply", "asked"), [("亲，请问是哪个订单呢？", True), ("好的亲，已经为您备注", False), ("确认一下?", True)])
def test_a_reply_that_asks(reply: str, asked: bool) -> None:
    assert asks(reply) is asked


def test_words_and_denials_heard_go_through_json() -> None:
    said = Heard((("return", 0.9),), words=("换货",), denied=("address_change",))
    state = ConversationState("c").after_turn(["return"], state_slots(), heard=said)
    assert ConversationState.from_json(state.to_json()).heard == (said,)


def test_the_state_keeps_what_was_heard_and_asked_through_json() -> None:
    state = ConversationState("c").after_turn(["shipping"], state_slots(), heard=Heard((("shipping", 0.9),)), asked="shipping")
    state = state.after_turn([], state_slots(), heard=Heard())
    back = ConversationState.from_json(state.to_json())
    assert back == state
    assert back.heard == (Heard((("shipping", 0.9),)), Heard()) and back.asked is None
    old = ConversationState.from_json('{"conversation_id": "x"}')  # a state stored before this field existed
    assert old.heard == () and old.asked is None


def state_slots():
    from bot.domain import Slots

    return Slots()


@pytest.mark.parametrize(
    ("earlier", "follow_up", "intent", "needs_context"),
    [
        (["我买的那件外套今天能寄出来不"], "好的 快点哈", "shipping", True),
        (["上周买的电饭煲现在便宜了一百，能申请价保吗"], "对的", "price_protect", True),
        (["发票抬头能写我们单位吗"], "可以", "invoice", True),
        (["我要改一下收货地址", "现在的地址写错了一个字"], "没有", "address_change", True),
        (["鞋子不合脚我想退掉"], "那退的运费谁来出", "return", False),
        # a new, clear question is a new topic
        (["能便宜点吗"], "啥时候发货", "shipping", False),
        (["什么时候发货啊"], "能开发票吗", "invoice", False),
        # asking for a person is no topic: the next clear request is read by itself
        (["转人工"], "快点派送啊", "shipping", False),
        # urging goes on with the refund, a payment word says where the refund goes
        (["退货寄回去三天了 钱怎么还没退给我"], "麻烦再帮我催催吧", "return", True),
        (["退的钱会退回到哪里"], "花呗", "return", True),
        (["我想问下能用花呗付款吗"], "花呗", "payment", False),
        (["这双鞋我不想要了 想退掉"], "那运费呢", "return", True),
        # the reading the bot answered is the topic, when it won for a cue of its own: the new number is the address's
        (["快递还没到 电话改成另一个号吧"], "可以吗", "address_change", True),
        # the buyer sending something back goes on with the invoice or the return it is sent for...
        (["发票抬头开错了 能重开吗"], "需要我快递过去么", "invoice", True),
        (["我要退货 东西不想要了"], "我寄顺丰可以吗", "return", True),
        (["发票开错了 需要寄回去重开吗"], "可以 那我要怎么操作", "invoice", True),
        # ...while a question about the parcel of the order is the parcel's
        (["发票抬头开错了 能重开吗"], "什么时候发货", "shipping", False),
        # an order number alone answers what the conversation asked about
        (["发票开错了能重开吗"], "订单号 T2231", "invoice", True),
        (["我的快递现在到哪儿了"], "T55821", "shipping", True),
        (["这个能便宜点不"], "那运费呢", "bargain", False),
        # a haggle gives way to a return conversation only on its postage (gives_way_on): a haggle or a price drop of its
        # own stays one
        (["这双鞋我不想要了 想退掉"], "那运费我出吗", "return", True),
        (["这双鞋我不想要了 想退掉"], "少点呗亲", "bargain", False),
        (["这双鞋我不想要了 想退掉"], "便宜了8块", "bargain", False),
        # a haggle or a price drop named by its keyword keeps its reading in a conversation about a parcel or a return (`keeps`)
        (["我买的那件外套今天能寄出来不"], "能少几块不", "bargain", False),
        (["这双鞋我不想要了 想退掉"], "降了10块", "price_protect", False),
        # figures alone quote back the prices of a price protection
        (["昨天买的吹风机今天降价了 可以保价吗"], "329 279", "price_protect", True),
        # an acknowledgement of an answer is a thanks; the buyer pausing to look is not the invoice
        (["快递到哪里了"], "哦。", "thanks_bye", True),
        (["发票什么时候能开好"], "稍等 我看下", None, False),
        # what the buyer waited for has come, or a bare 嗯 after their own thanks: the topic is closed
        (["我的包裹到哪了"], "好了 收到了", "thanks_bye", False),
        (["退款怎么还没到账"], "到账了", "thanks_bye", True),
        (["快递今天能送到吗", "好的谢谢"], "嗯嗯", "thanks_bye", True),
        (["能帮我改下收货地址吗", "嗯嗯好的 谢谢"], "嗯", "thanks_bye", True),
        # asked, or answering the newest question, it is still the topic's
        (["我的包裹到哪了"], "到了吗", "shipping", False),
        (["快递今天能送到吗"], "嗯嗯", "shipping", True),
        # a keyword in the message's own words, of another kind, is the message's own request; characters across words
        # (邮寄|了 holds 寄了) name nothing, and the topic claims the fragment
        (["付款可以用信用卡吗"], "付过钱了忘了讲价 返点呗", "bargain", False),
        (["这款杯子是陶瓷的吗"], "定制的杯子要做多久", "shipping", False),
        (["我的发票开好了吗"], "你们是邮寄了吗", "invoice", True),
        # asking for the shop's WeChat names it in the trainers' keywords, clear by itself whatever came before
        (["这款杯子是陶瓷的吗"], "有微信吗 加一下", "off_platform", False),
        # ...and keeps that reading in a conversation about anything else (`keeps`)
        (["我买的那件外套今天能寄出来不"], "QQ多少", "off_platform", False),
        # a question mark alone asks after the topic again
        (["价保申请了 订单T1003"], "？", "price_protect", True),
        # asking to have it handled, or pointing back at the order, beside a thanks goes on with the topic
        (["退款到现在还没到账"], "快点处理 谢谢", "return", True),
        (["发票还没开出来"], "就这个订单 麻烦了", "invoice", True),
        (["物流好几天没动了"], "这个 谢谢", "shipping", True),
        # the price paid after a price protection, money arriving after it: the price protection's (`gives_way_on`)
        (["这个电饭煲降价了 能补差价吗"], "我是原价买的", "price_protect", True),
        (["保价的申请提交了"], "钱到账了吗", "price_protect", True),
        # a cancellation that names the request after a return cancels the return; one that names the order cancels it
        (["退货申请已经提交了"], "申请能取消吗", "return", True),
        (["我要退货 鞋子磨脚"], "那我取消申请吧", "return", True),
        (["我想退款 还没发货"], "那帮我取消订单吧", "cancel_order", False),
        # a bare cancellation after an after-sales request the buyer named before cancels the request; after a refund of
        # an order not shipped, the order (`gives_way_after`)
        (["换货申请我点错了"], "怎么取消", "return", True),
        (["退货单我提交了 快递单号也填好了", "好的"], "那怎么取消呢", "return", True),
        (["我想退款 还没发货"], "怎么取消", "cancel_order", False),
        (["钱能退回来吗 我拍多了一件"], "怎么取消", "cancel_order", False),
        # a question only by its form (有*的吗) after an invoice or a return asks for that; after a parcel it is the goods'
        (["发票开单位的 开哪个城市的都行吗"], "有上海的吗", "invoice", True),
        (["我想退货 要拍照吗"], "有示范的吗", "return", True),
        (["这款杯子有大号吗"], "有蓝色的吗", "product_info", False),
        # what the buyer denied is no topic from then on: the next order number or urging is about the parcel
        (["我的快递显示签收了 可我没收到 是不是地址错了", "我的地址没填错 是快递员送错地方了"], "80012312312", "shipping", True),
        (["包裹到哪了 收货地址是不是有问题", "我地址没有写错 你们查下送哪去了"], "好的 快点", "shipping", True),
        (["收货地址写错了 能改吗", "嗯"], "80012312312", "address_change", True),
        # cancelling an after-sales request, read as much the order's cancellation: what follows is about the request
        (["那个退货申请帮我取消掉，不退了"], "对的", "return", True),
        (["降价了 差价的钱什么时候退回来"], "是的", "price_protect", True),
        # calling the agent again after a request asks it again; said first, it is a hello
        (["我想开个发票 抬头写公司"], "在吗", "invoice", True),
        (["退款到现在还没到账"], "您好", "return", True),
        (["你好"], "在吗", "greeting", False),
        # taking in an answer (这样啊) or going to try what was explained is a thanks
        (["这个杯子能放微波炉吗"], "噢 这样啊", "thanks_bye", True),
        (["发票在哪里申请"], "好 我试试", "thanks_bye", True),
    ],
)
def test_follow_ups_through_the_engine(engine: Engine, earlier: list[str], follow_up: str, intent: str,
                                       needs_context: bool) -> None:
    state = ConversationState("ctx-test")
    for text in earlier:
        state = engine.reply(text, state=state).state
    turn = engine.reply(follow_up, state=state)
    assert (turn.intents[0] if turn.intents else None) == intent, turn.matches
    alone = engine.read(follow_up).chosen
    assert ((alone[0].intent if alone else None) != intent) is needs_context, alone


@pytest.mark.parametrize("text", ["哦", "329 279", "？"])
def test_said_first_a_fragment_is_no_reading(engine: Engine, text: str) -> None:
    assert engine.reply(text, state=ConversationState("first")).intents == ()


def test_a_thanks_is_answered_beside_the_topic(engine: Engine) -> None:
    opened = engine.reply("我买的那件外套今天能寄出来不", state=ConversationState("thanks-ctx"))
    turn = engine.reply("好的 尽快嘛", state=opened.state)
    assert turn.intents == ("shipping", "thanks_bye") and turn.auto is False


def test_a_guess_from_the_conversation_is_not_sent_by_itself(engine: Engine) -> None:
    opened = engine.reply("我买的那件外套今天能寄出来不", state=ConversationState("auto-ctx"))
    assert opened.intents == ("shipping",)
    turn = engine.reply("对的", state=opened.state)
    assert turn.intents == ("shipping",) and turn.matches[0].from_context
    assert turn.auto is False


@pytest.mark.parametrize(
    ("gives_way_on", "text", "topics"),
    [
        ({}, "少点呗", frozenset({"return"})),  # no words named: it always gives way
        ({"bargain": ("运费", "邮费")}, "那运费呢", frozenset({"return"})),
        ({"bargain": ("运费", "邮费")}, "邮费谁出", frozenset({"return"})),
        ({"bargain": ("运费", "邮费")}, "少点呗", frozenset()),
        ({"bargain": ("运费", "邮费")}, "便宜了8块", frozenset()),
        ({"payment": ("运费",)}, "少点呗", frozenset({"return"})),  # another intent's words say nothing of the haggle
    ],
)
def test_a_reading_gives_way_only_on_its_words(gives_way_on: dict, text: str, topics: frozenset) -> None:
    cues = ContextCues(gives_way={"bargain": frozenset({"return"})}, gives_way_on=gives_way_on)
    assert cues.yields_to("bargain", text) == topics


def test_a_reading_gives_way_on_the_keyword_it_rests_on() -> None:
    cues = ContextCues(gives_way={"product_info": frozenset({"invoice"})}, gives_way_on={"product_info": ("有*的吗",)})
    assert cues.yields_to("product_info", "有上海的吗", cue="有*的吗") == frozenset({"invoice"})
    assert cues.yields_to("product_info", "尺码偏大吗", cue="偏大") == frozenset()


@pytest.mark.parametrize(
    ("said", "topics"),
    [
        ((), frozenset()),  # 怎么取消 with no after-sales word before it cancels the order
        (("换货",), frozenset({"return"})),
        (("退款",), frozenset()),  # not one of the words
    ],
)
def test_a_reading_gives_way_after_the_conversation_s_words(said: tuple, topics: frozenset) -> None:
    cues = ContextCues(gives_way={"cancel_order": frozenset({"return"})}, gives_way_on={"cancel_order": ("申请",)},
                       gives_way_after={"cancel_order": ("换货", "退货")})
    assert cues.yields_to("cancel_order", "怎么取消", said) == topics
    assert cues.words_in("我换货申请点错了 不是退款") == ("换货",)


def cued(intent: str, cue: str, clause: str) -> Match:
    return Match(intent, 0.9, f"keyword {cue}", clause, cue=cue)


@pytest.mark.parametrize(
    ("match", "is_denied"),
    [
        (cued("address_change", "地址*错", "我地址没有错"), True),
        (cued("quality_issue", "质量问题", "额不是质量问题"), True),
        (cued("return", "退换", "也不是需要退换货"), True),
        (cued("address_change", "地址*错", "是不是地址错了"), False),  # asked: no denial
        (cued("address_change", "地址*错", "地址写错了"), False),
        (cued("shipping", "收到", "还没收到"), False),  # the parcel's own complaint
        (Match("shipping", 0.7, "example of shipping", "不是今天到吗"), False),  # no keyword: nothing denied
    ],
)
def test_a_denied_reading(match: Match, is_denied: bool) -> None:
    found = denied([match], ("没有错", "不是", "也不是"), asks=lambda clause: "吗" in clause or "是不是" in clause)
    assert found == ((match.intent,) if is_denied else ())


def test_what_was_denied_is_no_topic_from_then_on() -> None:
    earlier = (Heard((("address_change", 0.9), ("shipping", 0.8))), Heard((("shipping", 0.6),), denied=("address_change",)))
    weights = topic(earlier, None, ignore=LOW, options=OPTIONS)
    assert set(weights) == {"shipping"}
    again = (*earlier, Heard((("address_change", 0.9),)))  # named again after the denial: a topic once more
    assert "address_change" in topic(again, None, ignore=LOW, options=OPTIONS)
