"""The whole pipeline on one message: bad input, several requests, state, auto mode, broken templates."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

import pytest

from bot.domain import ConversationState, Match, Order
from bot.engine import LAST_RESORT, AutoBar, Engine, build_engine, sure
from bot.render import MAX_LINES

BAD_INPUTS = [
    "",
    "   \n\t ",
    "啊" * 5000,
    "\x00\x01\x02\xff binary \x7f",
    b"\x89PNG\r\n\x1a\n\x00\x00",
    "😀😀😀👍👍",
    "[微笑][微笑]",
    "hello can you ship to Hangzhou 今天发货吗",
    "收到是壞的，我要退貨！！！",
    "？？？？？？",
    None,
]


@pytest.mark.parametrize("text", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_gets_a_polite_reply(engine: Engine, text: object) -> None:
    turn = engine.reply(text, state=ConversationState("bad"))
    assert turn.reply.strip()
    assert len(turn.reply.splitlines()) <= MAX_LINES
    assert 1 <= len(turn.suggestions) <= 3
    assert turn.state.turns == 1


def test_noise_falls_back_with_no_intent(engine: Engine) -> None:
    turn = engine.reply("😀😀😀", state=ConversationState("e"))
    assert turn.fallback and turn.intents == () and turn.suggestions[0].intent is None
    assert not turn.auto


@pytest.mark.parametrize("text", ["👌", "👌🏻👌🏻", "[OK]"])
def test_an_ok_sign_sent_alone_is_a_thanks(engine: Engine, text: str) -> None:
    assert engine.reply(text, state=ConversationState("emoji")).intents == ("thanks_bye",)


@pytest.mark.parametrize("text", ["https://item.jd.com/100001.html", "https://item.jd.com/100001.html 小王"])
def test_a_link_to_an_item_the_shop_does_not_list_alone_falls_back(engine: Engine, text: str) -> None:
    """Nothing asked and nothing the catalogue knows: no product answer, the fallback waits for an agent;
    asked about, the same link is a product question (tests/catalog: unknown_item)."""
    turn = engine.reply(text, state=ConversationState("link"))
    assert turn.fallback and turn.product is None and not turn.auto
    asked = engine.reply(f"{text} 这个还有货吗", state=ConversationState("link"))
    assert asked.intents == ("product_info",) and asked.product.kind == "unknown_item"


def test_traditional_is_understood(engine: Engine) -> None:
    turn = engine.reply("請問什麼時候發貨", state=ConversationState("t"))
    assert turn.intents == ("shipping",)


def test_two_requests_one_reply_answering_both(engine: Engine) -> None:
    order = Order.from_dict({"order_id": "T1", "status": "paid", "amount": 95.0, "paid_at": "2024-05-02T09:00:00"})
    turn = engine.reply("能便宜点吗？什么时候发货", state=ConversationState("two"), order=order, now=datetime(2024, 5, 2, 10, 0))
    assert set(turn.intents) == {"bargain", "shipping"}
    assert turn.suggestions[0].intent in turn.intents
    assert len(turn.reply.splitlines()) <= MAX_LINES
    assert "发" in turn.reply and ("价" in turn.reply or "优惠" in turn.reply)


def test_state_carries_bargaining_rounds_and_slots(engine: Engine) -> None:
    state = ConversationState("b")
    first = engine.reply("订单T1001 能便宜点吗", state=state)
    second = engine.reply("再便宜点嘛", state=first.state)
    assert first.state.bargain_round == 1 and second.state.bargain_round == 2
    assert second.state.slots.order_id == "T1001"
    assert second.state.recent_intents[-2:] == ("bargain", "bargain")
    assert first.reply != second.reply  # the second ask gets another answer


def test_auto_mode_follows_the_intent_files(engine: Engine) -> None:
    assert engine.reply("在吗", state=ConversationState("a")).auto
    bargain = engine.reply("能便宜点吗", state=ConversationState("a"))
    assert bargain.intents == ("bargain",) and not bargain.auto  # money needs an agent


def test_human_is_a_handoff_and_angry_is_flagged(engine: Engine) -> None:
    turn = engine.reply("转人工，我要投诉", state=ConversationState("h"))
    assert turn.handoff and turn.angry
    assert turn.auto and "人工" in turn.reply  # the acknowledgement goes out at once, angry or not; a person takes over


def test_timezone_aware_now_is_read_on_the_shop_clock(engine: Engine) -> None:
    # 07:30 UTC is 15:30 in Shanghai: before the 16:00 cut-off, so an unpaid order ships today if paid now.
    from zoneinfo import ZoneInfo

    order = Order.from_dict({"order_id": "T9", "status": "unpaid", "amount": 50})
    turn = engine.reply("什么时候发货", state=ConversationState("z"), order=order, now=datetime(2024, 5, 2, 7, 30, tzinfo=ZoneInfo("UTC")))
    assert "今天" in turn.reply or "当天" in turn.reply


def test_a_broken_template_falls_back_politely(shop_copy, caplog: pytest.LogCaptureFixture) -> None:
    (shop_copy.replies / "shipping.j2").write_text("亲，{{ no_such_variable }}\n", encoding="utf-8")
    engine = build_engine(shop_copy)
    with caplog.at_level(logging.ERROR):
        turn = engine.reply("什么时候发货", state=ConversationState("x"))
    assert turn.intents == ("shipping",)
    assert turn.reply and "no_such_variable" not in turn.reply
    assert "shipping.j2" in caplog.text


@pytest.mark.parametrize("body", [
    "亲，{{ shop.name + 1 }}\n",  # TypeError: a str and a number
    "亲，{{ 1 // 0 }}\n",  # ZeroDivisionError
    "亲，{{ [1][3] }}\n",  # an index out of range
    "亲，{{ choose() ~ ('%d' % 'x') }}\n",  # a formatting error
])
def test_a_template_that_raises_at_run_time_falls_back_politely(shop_copy, body: str, caplog) -> None:
    """Errors that pass `validate` (they depend on the values) must not escape to the caller,
    where a webhook would answer 500 and every retry would fail the same way."""
    (shop_copy.replies / "shipping.j2").write_text(body, encoding="utf-8")
    engine = build_engine(shop_copy)
    with caplog.at_level(logging.ERROR):
        turn = engine.reply("什么时候发货", state=ConversationState("r"))
    assert turn.intents == ("shipping",)
    assert turn.reply == engine.reply("阿巴阿巴", state=ConversationState("r")).reply  # the polite fallback
    assert "shipping.j2" in caplog.text
    assert all(s.text for s in turn.suggestions)


def test_the_sandbox_refuses_unsafe_templates(shop_copy) -> None:
    (shop_copy.replies / "greeting.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    (shop_copy.replies / "fallback.j2").write_text("{{ ''.__class__ }}\n", encoding="utf-8")
    engine = build_engine(shop_copy)
    turn = engine.reply("在吗", state=ConversationState("s"))
    assert "subclasses" not in turn.reply and "class" not in turn.reply
    assert turn.reply == LAST_RESORT


def test_a_handoff_holds_automatic_answers_until_an_agent_replies(engine: Engine) -> None:
    handed = engine.reply("转人工", state=ConversationState("ho"))
    assert handed.handoff and handed.state.handed_off
    held = engine.reply("在吗", state=handed.state)
    assert held.intents == ("greeting",) and not held.auto
    released = engine.reply("在吗", state=held.state.answered_by_agent())
    assert released.auto


def test_the_order_a_buyer_names_is_found_in_the_message_or_the_conversation(engine: Engine) -> None:
    """The caller reads the message, looks up the order it names (off the event loop, in the
    service), and replies with it and the same reading."""
    order = Order.from_dict({"order_id": "T7001", "status": "shipped", "amount": 50, "courier": "韵达", "tracking_no": "YD0099"})
    state = ConversationState("o")
    reading = engine.read("订单T7001 到哪了", state=state)
    assert engine.order_named(reading, state) == "T7001"
    turn = engine.reply("订单T7001 到哪了", state=state, order=order, reading=reading)
    assert "YD0099" in turn.reply
    later = engine.read("怎么还没到", state=turn.state)
    assert engine.order_named(later, turn.state) == "T7001"  # named earlier in the conversation
    assert engine.order_named(engine.read("怎么还没到", state=state), state) is None


def test_suggestions_start_with_the_answer_and_are_rendered_only_when_asked(engine: Engine) -> None:
    turn = engine.reply("什么时候发货", state=ConversationState("lazy"))
    assert "suggestions" not in turn.__dict__  # an auto reply on a channel needs only the answer
    suggestions = turn.suggestions
    assert suggestions[0] == turn.answer and len(suggestions) == 3
    assert len({s.text for s in suggestions}) == 3  # no suggestion repeats another
    assert turn.suggestions is suggestions  # rendered once


def _m(intent: str, score: float, cue: str = "") -> Match:
    return Match(intent, score, f"example of {intent}", cue=cue)


BAR = AutoBar(cue_score=0.7, example_score=0.8, margin=0.25, margin_alone=0.0)
ALONE = {"invoice", "shipping", "payment", "product_info", "thanks_bye"}  # return waits for an agent


@pytest.mark.parametrize(
    ("chosen", "others", "sent"),
    [
        ([("invoice", 0.9, "")], [], True),
        ([("invoice", 0.75, "开票")], [], True),  # a trainer's keyword in it: the lower bar
        ([("invoice", 0.75, "")], [], False),  # the examples alone: a near miss as often as not
        ([("invoice", 0.65, "开票")], [], False),  # below either bar
        ([("shipping", 0.9, "")], [("return", 0.8, "")], False),  # unsure between a fact and a refund: an agent chooses
        ([("shipping", 0.9, "")], [("return", 0.6, "")], True),
        ([("shipping", 0.85, "")], [("product_info", 0.8, "")], True),  # another answer that goes out alone: no doubt
        ([("shipping", 0.8, "发货")], [("thanks_bye", 0.9, "")], True),  # a thanks beside a request casts no doubt...
        ([("payment", 0.72, "付款")], [("thanks_bye", 0.98, "")], False),  # ...unless it reads far clearer
        ([("shipping", 0.9, ""), ("invoice", 0.85, "")], [("return", 0.5, "")], True),  # both requests answered
        ([], [("invoice", 0.9, "")], False),
    ],
)
def test_a_reading_is_sent_alone_only_when_sure(chosen, others, sent) -> None:
    picked = [_m(*c) for c in chosen]
    assert sure(picked, picked + [_m(*o) for o in others], low={"thanks_bye"}, alone=ALONE, bar=BAR) is sent


@pytest.mark.parametrize("bad", [{"cue_score": 1.5}, {"margin": -0.1}, {"example_score": "0.8"}, {"courtesy_words": -1},
                                 {"margin_alone": True}, {"agreement": 1.2}, {"strong_agreement": -0.5},
                                 {"agreed_example_score": None}])
def test_an_auto_bar_out_of_range_names_the_setting(bad: dict) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        AutoBar(**bad)


def test_the_auto_bar_and_margin_decide_turn_auto(engine: Engine) -> None:
    turn = engine.reply("开票吗", state=ConversationState("bar"))
    assert turn.intents == ("invoice",) and turn.auto and turn.matches[0].cue  # 开票 is one of the trainers' keywords
    above = replace(engine.auto, cue_score=turn.score + 0.01)
    assert not engine.with_auto(above).reply("开票吗", state=ConversationState("bar")).auto
    assert engine.with_auto(replace(above, cue_score=0.0)).reply("开票吗", state=ConversationState("bar")).auto


def test_a_reading_from_the_examples_alone_meets_its_own_bar(engine: Engine) -> None:
    turn = engine.reply("你微信能给我不", state=ConversationState("examples"))
    assert turn.intents == ("off_platform",) and not turn.matches[0].cue and turn.auto
    # both bars of a reading from the examples alone: its own, and the one a question meets when both readers agree
    stricter = replace(engine.auto, example_score=turn.score + 0.01, agreed_example_score=turn.score + 0.01)
    assert not engine.with_auto(stricter).reply("你微信能给我不", state=ConversationState("examples")).auto
    assert engine.with_auto(replace(stricter, cue_score=1.0, example_score=0.0)).reply(
        "你微信能给我不", state=ConversationState("examples")).auto


@pytest.mark.parametrize(
    ("earlier", "text", "sent"),
    [
        ((), "还要等多久 到现在还没发货", True),  # the rest of the message says what is awaited
        (("什么时候发货",), "还要等多久 都过了一天了", True),  # the conversation is about the parcel too
        (("降价了能补差价吗",), "还要等多久 都过了一天了", False),  # it may wait for the price protection
        ((), "还要等多久 发票开成公司抬头", False),  # the invoice, or the parcel?
        ((), "催一下 发票改成单位抬头", False),
        # a keyword that only urges, beside words of another matter: the second reader does not take it for the parcel
        ((), "能快点吗 不然审核又得排好几天", False),
        ((), "还要等多久啊 再等下去我就凑合着用了", False),
        ((), "帮我催一下快递吧", True),  # the parcel is named
    ],
)
def test_a_request_read_from_urging_alone_waits_when_it_may_urge_something_else(engine: Engine, earlier, text, sent) -> None:
    state = ConversationState("urging")
    for message in earlier:
        state = engine.reply(message, state=state).state
    turn = engine.reply(text, state=state)
    assert "shipping" in turn.intents and turn.auto is sent


@pytest.mark.parametrize(("earlier", "text", "intents"), [
    ((), "还要等多久", ()),  # said first, it names no topic: a parcel, a refund, a repair; the agent reads it
    ((), "请问大概还要等几天啊?", ()),  # waiting asked politely is waiting still
    ((), "麻烦帮我查下呢", ()),
    ((), "还没查到吗", ()),  # whether the agent has found out yet: of what, the conversation says (its 到 is no parcel's)
    (("退款什么时候到账",), "还没查到吗", ("return",)),
    ((), "好的，麻烦尽快", ("thanks_bye",)),  # a thanks beside the urging is still one
    ((), "麻烦帮我催一下", ("shipping",)),  # urging buyers mean of the parcel (context.yaml's urges): read so, still held
    ((), "能不能帮忙催催呀", ("shipping",)),
    ((), "好的 帮忙加快一下哦", ("shipping",)),  # 加快 urges as 催 does: the parcel, held; not a goodbye sent alone
    (("什么时候发货",), "还要等多久", ("shipping",)),  # the conversation says what is awaited
])
def test_a_message_that_only_waits_or_urges_has_no_topic_of_its_own(engine: Engine, earlier, text, intents) -> None:
    state = ConversationState("waiting")
    for message in earlier:
        state = engine.reply(message, state=state).state
    turn = engine.reply(text, state=state)
    assert turn.intents == intents and not (turn.auto and not intents)


def test_a_hello_or_a_thanks_goes_out_alone_only_when_the_message_is_little_else(engine: Engine) -> None:
    """Beside more than `AutoBar.courtesy_words` words a hello's or a thanks' examples never use, the buyer
    likely says something the reply would pass over: the reading stands, an agent sends it."""
    for plain in ("好的 谢谢", "你好在吗"):
        assert engine.reply(plain, state=ConversationState("plain")).auto
    for more in ("谢谢 我等下把地址发你", "你好 我妈妈让我来看看"):  # words the second reader does not read as courtesy
        turn = engine.reply(more, state=ConversationState("more"))
        assert turn.intents in (("thanks_bye",), ("greeting",)) and not turn.auto
        lenient = Engine(intents=list(engine.intents.values()), matcher=engine.matcher, rules=engine.rules, env=engine.env,
                         normalise=engine.normalise, auto=AutoBar(courtesy_words=2))
        assert lenient.reply(more, state=ConversationState("more")).auto


@pytest.mark.parametrize("text", ["微信转账给你可以吗 怎么付款", "怎么付款 加个微信转你吧"])
def test_a_payment_past_the_platform_is_refused_once(engine: Engine, text: str) -> None:
    """Read as payment and off_platform, the message gets payment's refusal alone: the refusal of the off_platform reading
    says the same words again (理解您想方便一点~ twice)."""
    turn = engine.reply(text, state=ConversationState("off"))
    assert {"payment", "off_platform"} <= set(turn.intents)
    assert turn.reply.count("不接受私下转账") == 1


@pytest.mark.parametrize(("text", "intent"), [
    # a story of an earlier purchase told before a thanks: news that is over (thanks_bye's `settled`: 之前, 上次...)
    ("我之前买过一次发票是电子的 好 谢谢你", "thanks_bye"),
    ("上次也是这个快递送的挺快 好的 谢谢", "thanks_bye"),
    ("以前买的都是顺丰发的 谢谢啦", "thanks_bye"),
    # ...while what is still wrong or still asked stays the request (the `unsettled` words, a question)
    ("之前的快递还没到 谢谢", "shipping"),
    ("以前开的发票抬头写错了 谢谢", "invoice"),
    ("上次的发票能重开吗 谢谢", "invoice"),
    ("之前说好今天发货 谢谢", "shipping"),  # a promise recalled (说好, 答应) is still open
])
def test_an_earlier_story_before_a_thanks_closes_the_chat(engine: Engine, text: str, intent: str) -> None:
    """A trainer's keyword inside a story of an earlier time (发票, 快递) scores as a request, and a request leads a thanks:
    the story is over, so the thanks it ends on is what the message says."""
    assert engine.reply(text, state=ConversationState("story")).intents[0] == intent
