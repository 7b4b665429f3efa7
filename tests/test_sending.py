"""What keeps a sure answer waiting for an agent: the trainers' remarks and asking words (`intents/sending.yaml`),
the pure cues first, then the engine end to end on the shipped shop.

The sentences are our own, written to sound like buyers; none comes from the corpus.
"""
from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

import pytest

from bot.domain import ConversationState, Match
from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import SENDING_FILE, ConfigError, load_sending_cues, read_intents
from bot.sending import SendingCues
from bot.text import Normaliser, asking_clauses

CUES = SendingCues.of(["没有关系", "意思是", "^不是", "^不对"], asks=["吗"], requests=["帮我"]).normalised(Normaliser())


@pytest.mark.parametrize(
    ("text", "remark"),
    [
        ("快递快慢跟我没有关系", "没有关系"),
        ("你的意思是今天不发了", "意思是"),
        ("不是,我问的是发货", "^不是"),  # a buyer contradicting what was said
        ("亲,不对 我说的是物流", "^不对"),  # the 亲 a buyer pads with does not count as the opening
        ("不是明天发货吗", None),  # 不是 inside a question still asks
        ("我说了好几遍,不是", None),  # 不是 as a later clause is no opening
        ("今天能发货吗", None),
    ],
)
def test_a_remark_is_found_anywhere_or_as_the_opening_clause(text: str, remark: str | None) -> None:
    assert CUES.remark(text) == remark


def test_the_cues_are_read_as_messages_are_read() -> None:
    """A trainer writing 沒有關係 (traditional) still catches the simplified message, and the other way round."""
    cues = SendingCues.of(["沒有關係"]).normalised(Normaliser())
    assert cues.remark("快递快慢跟我没有关系") == "没有关系"


@pytest.mark.parametrize(("text", "asked", "requested"), [("那怎么弄呢", False, False), ("在吗", True, False),
                                                          ("帮我看看", True, True), ("谢谢帮忙", False, False),
                                                          ("第3个", True, False), ("终于弄明白了", False, False)])
def test_asking_words_requests_and_numbers(text: str, asked: bool, requested: bool) -> None:
    assert CUES.asks_in(text) is asked and CUES.requests_in(text) is requested


def write_intents(folder: Path, sending: str | None) -> Path:
    folder.mkdir()
    (folder / "shipping.yaml").write_text("name: shipping\nmode: auto\nexamples:\n  - 什么时候发货\n", encoding="utf-8")
    if sending is not None:
        (folder / SENDING_FILE).write_text(sending, encoding="utf-8")
    return folder


def test_the_cues_come_from_the_trainers_file(tmp_path: Path) -> None:
    folder = write_intents(tmp_path / "intents", "remarks: [又不是, ^不是]\nasks: [吗]\nrequests: [帮我]\n")
    assert load_sending_cues(folder) == SendingCues(("又不是",), ("不是",), ("吗",), ("帮我",))
    intents, problems = read_intents(folder)  # the file is no intent
    assert [i.name for i in intents] == ["shipping"] and not problems
    assert load_sending_cues(write_intents(tmp_path / "none", None)) == SendingCues()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("remarks: 又不是\n", "'remarks' must be a list"),
        ("remark: [又不是]\n", "unknown key 'remark'"),
        ("remarks: ['^']\n", "'^' alone is no remark"),
        ("remarks: [又不是\n", "YAML syntax error"),
        ("- 又不是\n", "must be a mapping"),
    ],
)
def test_a_wrong_sending_file_says_what_to_fix(tmp_path: Path, text: str, says: str) -> None:
    folder = write_intents(tmp_path / "intents", text)
    with pytest.raises(ConfigError) as error:
        load_sending_cues(folder)
    assert says in str(error.value) and SENDING_FILE in str(error.value)


def _turn(engine: Engine, text: str):
    return engine.reply(text, state=ConversationState("sending"))


def _without_cues(engine: Engine) -> Engine:
    """The same engine with an empty `sending.yaml`: what the trainers' words change (its `unanswered` examples are
    in the second reader, fitted at load: their bar is lifted instead)."""
    other = engine.with_auto(replace(engine.auto, unanswered=1.0))
    other.sending = SendingCues()
    return other


@pytest.mark.parametrize("text", ["快递快慢跟我没有关系", "我又不是开快递公司的", "不是，我问的是发货", "你的意思是今天不发货"])
def test_a_keyword_inside_a_remark_waits_for_an_agent(engine: Engine, text: str) -> None:
    """The reading stands (the parcel); only sending it alone changes: the shipping facts would not answer it."""
    turn = _turn(engine, text)
    assert turn.intents == ("shipping",) and not turn.auto
    assert _turn(_without_cues(engine), text).auto  # sure enough without the remark words


def test_a_remark_word_inside_a_question_still_sends(engine: Engine) -> None:
    turn = _turn(engine, "不是明天发货吗")
    assert turn.intents == ("shipping",) and turn.auto


def test_a_handoff_asked_for_in_a_remark_is_still_acknowledged(engine: Engine) -> None:
    turn = _turn(engine, "不是，我要人工客服")
    assert turn.intents == ("human",) and turn.auto and turn.handoff


@pytest.mark.parametrize("text", ["终于弄明白了 谢谢", "我再看看别的 谢谢", "好的 我再想想 谢谢啊"])
def test_a_thanks_that_closes_a_message_asking_nothing_goes_out_alone(engine: Engine, text: str) -> None:
    """Words of its own before the thanks (more than `courtesy_words`), but the buyer asks nothing and ends the chat."""
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and turn.auto
    strict = engine.with_auto(replace(engine.auto, courtesy_words=0))
    assert strict.matcher.words_beside_courtesy(engine.read(text).text) > strict.auto.courtesy_words


@pytest.mark.parametrize("text", ["谢谢 我等下把地址发你", "订单80012345678 两件 好的 谢谢", "明天上班？谢谢"])
def test_a_thanks_beside_more_waits_unless_it_closes_a_message_that_asks_nothing(engine: Engine, text: str) -> None:
    """The thanks first and more after it that the second reader does not read as a thanks (an address to come), an
    order number given, a question mark: an agent looks first. (好的 谢谢 我再想想, which both readers read as the
    goodbye of a buyer who buys nothing, goes, as 好的 我再想想 谢谢啊 does.)"""
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and not turn.auto


def test_the_trainers_asking_words_keep_a_closing_thanks_waiting(engine: Engine) -> None:
    text = "那我怎么弄呢 谢谢"  # no question mark: only the words 怎么 and 呢 say the buyer asks
    assert _turn(engine, text).intents == ("thanks_bye",) and not _turn(engine, text).auto
    assert _turn(_without_cues(engine), text).auto


@pytest.mark.parametrize(("text", "sent"), [("好的 你稍等下", False), ("行吧 我看一下", False), ("好的 我找找 谢谢", True)])
def test_a_thanks_that_ends_holding_the_agent_waits(engine: Engine, text: str, sent: bool) -> None:
    """好的 稍等 is no goodbye: the buyer looks something up and comes back (context.yaml's `holds`); a goodbye sent alone
    would close the chat. Ending on the thanks, the message closes it."""
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and turn.auto is sent


@pytest.mark.parametrize(("text", "sent"), [("好的 帮我问问 谢谢", False), ("你好 帮个忙", False), ("谢谢你帮忙", True),
                                            ("弄好了告诉我 谢谢", False), ("请帮忙转告一声 多谢", False),
                                            ("好的 帮查查", False), ("谢谢 帮找找看", False)])  # 帮 and a verb, no 我: a request
def test_a_hello_or_a_thanks_that_asks_for_something_done_waits(engine: Engine, text: str, sent: bool) -> None:
    """However short: every word of 好的 帮我问问 谢谢 is a courtesy's, yet the buyer asks for something to be done."""
    turn = _turn(engine, text)
    assert set(turn.intents) <= {"thanks_bye", "greeting"} and turn.intents and turn.auto is sent
    assert _turn(_without_cues(engine), text).auto


def _without_second(engine: Engine) -> Engine:
    """The same engine with no second reader: the matcher's reading alone decides, as before it."""
    other = copy.copy(engine)
    other.second = None
    return other


@pytest.mark.parametrize("text", ["之前预约过一款平板 后来又删掉了", "我预约了一台洗衣机后来删了", "好的 谢谢 明天能到就太好了",
                                  "我老公去驿站拿快递了"])
def test_a_shipping_statement_the_second_reader_doubts_waits(engine: Engine, text: str) -> None:
    """A booking of an item, a wish in passing: a shipping keyword in a message that asks nothing (sending.yaml's
    `statements`), which the examples as a whole do not read as shipping. The reading stays; only sending it waits."""
    turn = _turn(engine, text)
    assert turn.intents[0] == "shipping" and not turn.auto
    alone = _turn(_without_second(engine), text)
    assert alone.intents == turn.intents and alone.auto


def test_a_shipping_complaint_the_examples_bear_out_still_goes(engine: Engine) -> None:
    turn = _turn(engine, "快递太慢了")
    assert turn.intents == ("shipping",) and turn.auto


def test_a_question_just_under_the_bar_goes_when_both_readers_agree(engine: Engine) -> None:
    """那现在到哪一步了: no keyword, the nearest example under the examples' bar; the second reader is sure of it."""
    text = "那现在到哪一步了"
    reading = engine.read(text).chosen[0]
    assert reading.intent == "shipping" and not reading.cue and reading.score < engine.auto.example_score
    assert _turn(engine, text).auto and not _turn(_without_second(engine), text).auto
    doubtful = engine.with_auto(replace(engine.auto, strong_agreement=1.0))
    assert not _turn(doubtful, text).auto


@pytest.mark.parametrize("text", ["真是太感谢了。", "嗯嗯明白啦 谢谢您嘞", "非常感谢您耐心解答", "好的 谢谢 我再想想"])
def test_a_thanks_both_readers_read_as_one_goes_out_alone(engine: Engine, text: str) -> None:
    """Words beside the thanks that its examples never use, asking nothing: the second reader reads a thanks too."""
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and turn.auto
    assert not _turn(_without_second(engine), text).auto


def test_a_thanks_beside_a_request_still_waits_whatever_the_second_reader_says(engine: Engine) -> None:
    """The second reader reads 好的 帮我问问他 as a thanks too; the request 帮我 keeps it for an agent."""
    chance = engine.second.chance(engine.matcher.bag("好的 帮我问问他"), "thanks_bye")
    assert chance > 0.5  # its likeliest reading
    lenient = engine.with_auto(replace(engine.auto, strong_agreement=min(chance, engine.auto.strong_agreement)))
    assert not _turn(engine, "好的 帮我问问他").auto and not _turn(lenient, "好的 帮我问问他").auto


@pytest.mark.parametrize("key", ["statements", "sums"])
def test_statements_and_sums_name_intents_the_shop_has(tmp_path: Path, key: str) -> None:
    folder = write_intents(tmp_path / "intents", f"{key}: [shipping]\n")
    assert getattr(load_sending_cues(folder, ["shipping"]), key) == {"shipping"}
    assert getattr(load_sending_cues(folder).normalised(Normaliser()), key) == {"shipping"}
    wrong = write_intents(tmp_path / "wrong", f"{key}: [shiping]\n")
    with pytest.raises(ConfigError, match=f"no intent named shiping in '{key}'"):
        load_sending_cues(wrong, ["shipping"])


def test_the_matcher_reads_the_trainers_asking_words(engine: Engine, shop_copy) -> None:
    """One list: a word a trainer adds to `asks` makes the matcher read a clause as asking, not as a remark.
    都收到了对吧 shares its words with a shipping example but, with 对吧 no question word, tells."""
    text = "哦 都收到了对吧"
    assert engine.read(text).chosen == []
    sending = shop_copy.intents / SENDING_FILE
    sending.write_text(sending.read_text(encoding="utf-8").replace("asks: [吗,", "asks: [对吧, 吗,"), encoding="utf-8")
    taught = build_engine(shop_copy, tokenizer=engine.tokenizer)
    assert [m.intent for m in taught.read(text).chosen] == ["shipping"]


@pytest.mark.parametrize(("text", "intent", "sent"), [
    # a story about a parcel or a courier: the keyword is there, the question is not; none of these is in sending.yaml
    ("邻居帮我收的快递", "shipping", False),
    ("我记得之前是顺丰送的", "shipping", False),
    # a seller asking about running a shop: it asks, so only the `unanswered` class holds it back
    ("开店的想问一下，你们揽收能上门吗", "shipping", False),
    # questions and complaints the facts answer still go out alone
    ("什么时候发货", "shipping", True),
    ("快递太慢了", "shipping", True),
    ("还没发货吗", "shipping", True),
    ("我的快递到哪了", "shipping", True),
    ("能开电子发票吗", "invoice", True),
    ("可以用花呗吗", "payment", True),
    ("我要转人工", "human", True),
])
def test_a_request_the_second_reader_takes_for_none_of_the_intents_waits(engine: Engine, text: str, intent: str,
                                                                          sent: bool) -> None:
    """The second reader learned sending.yaml's `unanswered` examples as one more class: what it takes for one of them
    (`AutoBar.unanswered`) waits for an agent, though its reading stands and is sure enough by every other bar."""
    turn = _turn(engine, text)
    assert turn.intents == (intent,) and turn.auto is sent
    lifted = engine.with_auto(replace(engine.auto, unanswered=1.0))
    assert _turn(lifted, text).intents == turn.intents and _turn(lifted, text).auto


def test_the_unanswered_examples_come_from_the_trainers_file(tmp_path: Path) -> None:
    folder = write_intents(tmp_path / "intents", "unanswered:\n  - 邻居帮我收的\n  - 我在開車\n")
    assert load_sending_cues(folder).unanswered == ("邻居帮我收的", "我在開車")
    assert load_sending_cues(folder).normalised(Normaliser()).unanswered == ("邻居帮我收的", "我在开车")
    wrong = write_intents(tmp_path / "wrong", "unanswered: 邻居帮我收的\n")
    with pytest.raises(ConfigError, match="'unanswered' must be a list"):
        load_sending_cues(wrong)


def test_without_unanswered_examples_no_request_waits_for_being_none_of_them(engine: Engine, tmp_path: Path) -> None:
    """A shop whose sending.yaml has no `unanswered` examples: the second reader knows only the intents, has no opinion
    on "none of these", and the story goes out alone as the bars alone decide."""
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "intents"
    folder.mkdir()
    for path in (root / "intents").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    text = (folder / SENDING_FILE).read_text(encoding="utf-8")
    (folder / SENDING_FILE).write_text(text[: text.index("\nunanswered:")] + "\n", encoding="utf-8")
    bare = build_engine(replace(EnginePaths.under(root), intents=folder))
    assert bare.sending.unanswered == () and "(unanswered)" not in bare.second.intents
    assert _turn(bare, "邻居帮我收的快递").auto and not _turn(engine, "邻居帮我收的快递").auto


@pytest.mark.parametrize("text", ["公司财务说要专票", "发票我已经提交了", "上次的发票我弄丢了"])
def test_a_trusted_intent_is_not_held_back_for_sounding_like_a_story(engine: Engine, text: str) -> None:
    """sending.yaml's `trusted` intents (invoice) name the request wherever buyers write their keywords: a reading of one
    goes out alone though the second reader takes the message for one of the `unanswered` examples, which holds back the
    same message when the intent is not trusted. The reading itself never changes."""
    assert engine.sending.trusted == {"invoice"}
    untrusted = copy.copy(engine)
    untrusted.sending = replace(engine.sending, trusted=frozenset())
    turn, held = _turn(engine, text), _turn(untrusted, text)
    assert turn.intents == held.intents == ("invoice",)
    assert turn.auto and not held.auto


@pytest.mark.parametrize(("text", "invoice"), [
    ("对的 这几单都是办公用品", False),  # what was bought, told: no invoice asked for
    ("写办公用品就行", True),  # what the invoice says
    ("能开日用品吗", True),
    ("发票内容是日用品", True),
])
def test_a_trusted_intent_s_keywords_name_the_invoice_asked_for(engine: Engine, text: str, invoice: bool) -> None:
    """A trusted intent's keyword goes out past the second reader and a close rival, so it must name the request
    itself: the goods an invoice is written for (办公用品) only as what it is made out for (开, 写, 内容)."""
    turn = _turn(engine, text)
    assert (turn.intents == ("invoice",) and turn.auto) is invoice


@pytest.mark.parametrize("text", ["发票抬头能换个吗", "我想换一下发票抬头", "发票可以换成电子的吗"])
def test_a_trusted_keyword_reading_is_not_doubted_by_a_rival_close_behind(engine: Engine, text: str) -> None:
    """换 pulls a return reading within the margin of the invoice's: for an intent that is not trusted that is a doubt
    a person settles; an invoice keyword names the request wherever it is written, so it goes out alone."""
    untrusted = copy.copy(engine)
    untrusted.sending = replace(engine.sending, trusted=frozenset())
    turn, held = _turn(engine, text), _turn(untrusted, text)
    rival = [m for m in turn.matches if m.intent == "return"]
    assert turn.intents == held.intents == ("invoice",) and rival and turn.matches[0].score - rival[0].score < engine.auto.margin
    assert turn.auto and not held.auto


def test_a_trusted_reading_from_the_examples_alone_still_keeps_the_margin(engine: Engine) -> None:
    """Only the keyword names the request: the same reading without one is as doubtful as any other intent's."""
    chosen = [Match("invoice", 0.9, "example 发票怎么开")]
    rival = [*chosen, Match("return", 0.8, "keyword 换", cue="换")]
    assert not engine.reads_surely(chosen, rival)
    assert engine.reads_surely([replace(chosen[0], cue="发票")], [replace(chosen[0], cue="发票"), rival[1]])


@pytest.mark.parametrize("text", ["快递员说今天送不了", "我给送货员发了条短信", "送货师傅能送上楼吗", "我刚签收了 还会再发吗"])
def test_a_shipping_reading_the_shipping_reply_does_not_answer_waits(engine: Engine, text: str) -> None:
    """Read as shipping and sure, yet the shipping facts speak of none of it (the courier, a call, a parcel signed for):
    the reply is the agent's first suggestion, never sent alone."""
    turn = _turn(engine, text)
    assert turn.intents == ("shipping",) and engine.reads_surely(list(engine.read(text).chosen), list(turn.matches))
    assert not turn.auto and turn.suggestions[0].intent == "shipping"
    assert _turn(engine, "什么时候发货").auto


def test_trusted_intents_name_intents_the_shop_has(tmp_path: Path) -> None:
    folder = write_intents(tmp_path / "intents", "trusted: [shipping]\n")
    assert load_sending_cues(folder, ["shipping"]).trusted == {"shipping"}
    assert load_sending_cues(folder).normalised(Normaliser()).trusted == {"shipping"}
    wrong = write_intents(tmp_path / "wrong", "trusted: [invoce]\n")
    with pytest.raises(ConfigError, match="no intent named invoce in 'trusted'"):
        load_sending_cues(wrong, ["shipping"])


@pytest.mark.parametrize(("text", "asking"), [
    ("好的，明天能到对吧?", ["明天能到对吧"]),  # the question mark after the last clause is that clause's
    ("没啦?谢谢", ["没啦"]),
    ("好的，改好了吗", ["改好了吗"]),
    ("好的 谢谢", []),
    ("在吗", ["在吗"]),
])
def test_the_clauses_that_ask_are_read_with_the_punctuation_after_them(text: str, asking: list[str]) -> None:
    assert asking_clauses(text, CUES.asking) == asking


@pytest.mark.parametrize(("text", "sent"), [
    # asked after the closing (好的 行吗), the question makes it no closing at all (tests/test_matcher.py); asked before it:
    ("是这样吗 嗯 好的", False),  # the 好的 acknowledges; the buyer asks whether it is so
    ("好了没有? 好的", False),  # ...whether something is done
    ("是吗 哦 知道了", False),
    ("行吗 好的", False),
    ("没啦?谢谢", True),  # the clause that asks is a thanks itself (nothing more)
    ("还在吗?", True),  # ...or a hello
    ("好呢", True),
])
def test_a_hello_or_a_thanks_beside_a_clause_that_asks_something_else_waits(engine: Engine, text: str, sent: bool) -> None:
    """Every word of these is one the courtesy examples use (no words beside them, so `courtesy_words` lets them go):
    only their clauses tell that the buyer asks. The reading stands; only sending it alone changes."""
    turn = _turn(engine, text)
    assert set(turn.intents) <= {"thanks_bye", "greeting"} and turn.intents and turn.auto is sent
    assert engine.matcher.words_beside_courtesy(engine.read(text).text) <= engine.auto.courtesy_words


@pytest.mark.parametrize(("text", "sent"), [
    ("两单一起付款怎么要300元", False),  # about the price: the payment methods would answer nothing
    ("我支付了99元", False),
    ("支付了一百五十元", False),
    ("已经付款了", True),  # no sum: payment's facts answer
    ("分期付款能分12期吗", True),  # a number that is no sum of money
])
def test_a_payment_reading_beside_a_sum_of_money_waits(engine: Engine, text: str, sent: bool) -> None:
    turn = _turn(engine, text)
    assert turn.intents == ("payment",) and turn.auto is sent
    assert _turn(_without_cues(engine), text).auto  # the trainers' `sums` hold it back, no other rule



@pytest.mark.parametrize(("text", "sent"), [
    ("赶紧催一下吧 说好今天出结果", False),  # a result is urged, not the parcel
    ("能不能快点 等着维修", False),  # ...a repair
    ("能快点吗 我等着用", True),  # nothing else named: the parcel
    ("催一下吧 我明天出差", True),
])
def test_an_urging_keyword_beside_another_errand_waits(engine: Engine, text: str, sent: bool) -> None:
    """The reading stands (shipping, by a keyword that only urges); beside a word of the trainers' `errands` it waits."""
    turn = _turn(engine, text)
    assert turn.intents == ("shipping",) and turn.auto is sent
    assert _turn(_without_cues(engine), text).auto  # the `errands` hold it back, no other rule


@pytest.mark.parametrize("text", ["好的 小李", "好吧，小陈", "没有了，小陈"])
def test_a_thanks_that_calls_the_agent_by_name_goes_out_alone(engine: Engine, text: str) -> None:
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and turn.auto
    assert not _turn(_without_cues(engine), text).auto  # without the trainers' `addresses` the name is a word beside it


def test_a_thanks_that_names_the_agent_and_asks_for_more_still_waits(engine: Engine) -> None:
    turn = _turn(engine, "好的 小李 帮我看看")
    assert turn.intents == ("thanks_bye",) and not turn.auto


def test_errands_addresses_and_grumbles_come_from_the_trainers_file(tmp_path: Path) -> None:
    folder = write_intents(tmp_path / "intents", "errands: [财务, 审核]\naddresses: [小李]\ngrumbles: [好麻烦]\n")
    cues = load_sending_cues(folder).normalised(Normaliser())
    assert cues.errand("催催财务吧") == "财务" and cues.errand("催一下快递") is None
    assert cues.unaddressed("好的，小李") == "好的，"
    assert cues.grumble("这个好麻烦呀") == "好麻烦" and cues.grumble("那就麻烦了") is None


@pytest.mark.parametrize(("text", "sent"), [("这也太麻烦了", False), ("很麻烦了呀", False), ("嗯 麻烦了", True),
                                            ("太麻烦你们了 谢谢", True)])
def test_a_thanks_read_in_a_grumble_waits(engine: Engine, text: str, sent: bool) -> None:
    """麻烦 said of the matter is no thanks, though thanks_bye's keyword 麻烦了 is in it; 麻烦 said of someone is one."""
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and turn.auto is sent
    assert _turn(_without_cues(engine), text).auto  # the trainers' `grumbles` hold it back, no other rule


@pytest.mark.parametrize("text", ["haode", "客气啦", "要得哈"])
def test_a_thanks_that_is_one_of_its_whole_message_phrases_goes_out_alone(engine: Engine, text: str) -> None:
    """The trainers' own closing as the whole message has no word beside it, though no example uses its words."""
    turn = _turn(engine, text)
    assert turn.intents == ("thanks_bye",) and turn.auto
    assert engine.matcher.words_beside_courtesy(engine.read(text).text) == 0
