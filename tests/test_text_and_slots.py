"""Normalisation and slot extraction on the kinds of text buyers really send."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.intents import load_sending_cues
from bot.matcher import _amounts_as_unit, _numbers_as_hash
from bot.slots import extract, mask_phones
from bot.text import Normaliser, clauses, is_meaningful

# the trainers' words that ask or request, as the engine reads them (intents/sending.yaml)
ASKING = load_sending_cues(Path(__file__).resolve().parent.parent / "intents").normalised(Normaliser()).asking


@pytest.fixture(scope="module")
def normalise() -> Normaliser:
    return Normaliser()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),  # full-width to half-width, lower case
        ("收到是壞的我要退貨", "收到是坏的我要退货"),  # Traditional to Simplified
        ("能便宜点吗？？？", "能便宜点吗?"),  # repeated punctuation
        ("好的😀👍🏻谢谢", "好的 谢谢"),  # emoji, skin tone modifier
        ("👌🏻", "好的"),  # ...but the few that say ok or thanks say it
        ("[OK][OK]", "好的 好的"),
        ("[微笑]在吗/:handclap", "在吗"),  # 表情 codes
        ("看这个 https://item.example.com/1.html 有货吗", "看这个 有货吗"),  # links
        ("在\x00吗\u200b", "在吗"),  # control and zero-width characters
        ("  多  空格  ", "多 空格"),
    ],
)
def test_normalise(normalise: Normaliser, raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_takes_bytes_and_none(normalise: Normaliser) -> None:
    assert normalise("在吗".encode()) == "在吗"
    assert normalise(b"\xff\xfe\x00") == ""
    assert normalise(None) == ""


@pytest.mark.parametrize(
    ("text", "meaningful"),
    [("😀😀😀", False), ("", False), ("???", False), ("12345", False), ("在吗", True), ("ok", True)],
)
def test_is_meaningful(normalise: Normaliser, text: str, meaningful: bool) -> None:
    assert is_meaningful(normalise(text)) is meaningful


def test_clauses_split_on_punctuation_and_spaces() -> None:
    assert clauses("能便宜点吗?什么时候发货 谢谢") == ["能便宜点吗", "什么时候发货", "谢谢"]


def test_a_decimal_point_ends_no_clause() -> None:
    assert clauses("脚长25.5穿几码.谢谢") == ["脚长25.5穿几码", "谢谢"]
    assert clauses("到了吗...好的") == ["到了吗", "好的"]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("订单号:20231234567 什么时候发", "order_id", "20231234567"),
        ("单号 T1003 到哪了", "order_id", "T1003"),
        ("三十块卖不卖", "amounts", (30.0,)),
        ("两百元包邮吗", "amounts", (200.0,)),
        ("一百五十元可以吗", "amounts", (150.0,)),
        ("¥88.5", "amounts", (88.5,)),
        ("80整吧", "amounts", (80.0,)),
        # a figure and an offer word opening a clause of a longer message is the buyer's price
        ("150吧 行就拍 不行算了", "amounts", (150.0,)),
        ("160包邮 行就下单", "amounts", (160.0,)),
        ("160包邮 行就下单", "quantity", None),  # 包邮 is no count of 包
        ("3包包邮吗", "amounts", ()),
        ("海南满99包邮吗", "amounts", ()),  # the threshold, no price offered
        ("268 行的话我马上付款", "amounts", (268.0,)),  # a bare figure beside a condition: the price offered
        ("150 最后的价 不行就不要了", "amounts", (150.0,)),
        ("下午就降到一百七十二了", "amounts", (172.0,)),  # the new price in numerals
        ("便宜了三十五 能补吗", "amounts", (35.0,)),  # the fall in numerals
        ("便宜了二十块", "amounts", (20.0,)),  # read once, with its unit
        ("降了两天了", "amounts", ()),  # one numeral character is no price, nor is a count of days
        ("前几天139买的 今天一看119", "amounts", (119.0, 139.0)),  # the price paid and the price seen now
        ("付了239 今天活动219", "amounts", (219.0,)),  # the price now; what was paid the order says
        ("上周付的149 现在页面129", "amounts", (129.0,)),
        # what was paid after a coupon, and the price seen now after a filler word (the coupon's own figure beside)
        ("领了8块的券实付141 今天页面直接显示136", "amounts", (8.0, 141.0, 136.0)),
        ("到手价没变 到手168 现在直接158了", "amounts", (168.0, 158.0)),
        # a figure right before 一盒 is the price of one, and the count is the one asked for (拿三盒)
        ("42一盒的茶叶 拿三盒怎么算", "amounts", (42.0,)),
        ("42一盒的茶叶 拿三盒怎么算", "quantity", 3),
        ("要一盒", "quantity", 1),
        ("那就是实际支付了199.00 是么", "amounts", ()),  # a sum paid, asked of: no price named
        ("三百三十五 能行我立马付 不行就算了", "amounts", (335.0,)),  # the figure in numerals
        ("260 问了好几遍了 给个准话", "amounts", (260.0,)),
        ("一 不行就算了", "amounts", ()),  # one numeral is no price
        ("一百七可以不", "amounts", (170.0,)),  # a short message of a figure in numerals and an offer word
        ("二百六十五卖不卖 行我就拍", "amounts", (265.0,)),  # numerals right before the offer word, in a longer message
        ("两百吧", "amounts", (200.0,)),
        ("一下可以不", "amounts", ()),
        ("3 这单现在处理到哪了", "amounts", ()),  # a figure with no offer around it
        ("满99吧", "amounts", ()),
        ("你们现在活动价129 我买的149", "amounts", (129.0, 149.0)),  # the price now and the price paid
        ("3包包邮吗", "quantity", 3),
        # a bare figure a price word names: the price now or the drop, never a time, a count or a discount
        ("买完就降到159了", "amounts", (159.0,)),
        ("昨天买的今天便宜了12", "amounts", (12.0,)),
        ("降了10块 能补吗", "amounts", (10.0,)),  # read once, with its unit
        ("现在3点了", "amounts", ()),
        ("现在2天了还没到", "amounts", ()),
        ("降到7折了", "amounts", ()),
        ("我要五件", "quantity", 5),
        ("拍3盒", "quantity", 3),
        ("砖买两块多少钱", "quantity", 2),  # pieces counted after a purchase word
        ("能便宜两块吗", "quantity", None),  # money
        ("要两块钱的", "quantity", None),
        ("能发顺丰吗", "courier", "顺丰"),
        # a courier whose name is also an everyday word: named only as a courier (我天天等 was answered 暂时发不了天天)
        ("我天天等你们发货", "courier", None),
        ("能发天天吗", "courier", "天天"),
        ("天天快递到不了", "courier", "天天"),
        ("邮政储蓄的卡能付吗", "courier", None),
        ("可以发邮政吗", "courier", "邮政"),
        ("寄到新疆乌鲁木齐", "region", "新疆"),
        ("电话13812345678", "phone", "13812345678"),
        ("看一下", "amounts", ()),  # numerals only count with a unit
        ("看一下", "quantity", None),
    ],
)
def test_slots(text: str, field: str, value: object) -> None:
    assert getattr(extract(text).slots, field) == value


def test_phone_and_order_numbers_leave_the_matching_text() -> None:
    extraction = extract("13812345678 订单20231234567 还没发货")
    assert "13812345678" not in extraction.rest and "20231234567" not in extraction.rest
    assert "还没发货" in extraction.rest


def test_mask_phones() -> None:
    assert mask_phones("打我电话13812345678或者15900001111") == "打我电话138****5678或者159****1111"
    assert mask_phones("订单20231234567890") == "订单20231234567890"  # longer digit runs are not phones
    # As buyers type them: with the country code, spaced or hyphenated, in full-width digits.
    assert mask_phones("+8613812345678") == "+86138****5678"
    assert mask_phones("电话8613812345678") == "电话86138****5678"
    assert mask_phones("+86 138 1234 5678") == "+86 138****5678"
    assert mask_phones("138-1234-5678。") == "138****5678。"
    assert mask_phones("１３８１２３４５６７８") == "１３８****５６７８"
    assert mask_phones("T1381234567890 12812345678") == "T1381234567890 12812345678"


def test_the_order_card_a_chat_window_pastes_in_is_not_read_as_words() -> None:
    extraction = extract("咨询订单号:20231234567 订单金额:199.00 下单时间:2024-03-15 10:30:00 商品id:5566 还没发货")
    assert extraction.slots.order_id == "20231234567"
    assert extraction.rest == "还没发货"
    assert extract("订单号 T1003 到哪了").rest == "到哪了"
    # the JD Express app's entry label is no courier the buyer asks for
    entry = extract("在吗 京东快递(移动端)")
    assert (entry.rest, entry.slots.courier) == ("在吗", None)
    assert extract("能发京东快递吗").slots.courier == "京东快递"
    # the chat window's menu of topics names none: 订单业务咨询 was read as a hello
    assert extract("咨询订单号:20231234567 商品ID:3 订单业务咨询").rest == ""
    assert extract("商品信息咨询 你好 能下周再送吗").rest == "你好 能下周再送吗"
    assert extract("请选择咨询订单 请选择咨询订单").rest == ""


@pytest.mark.parametrize("run", ["1" * 50_000, "一" * 50_000, "三" * 50_000 + "块", "5" * 50_000 + "件"])
def test_a_message_of_thousands_of_digits_or_numerals_is_read_in_one_pass(run):
    """Every run of digits started a scan of its own (\\d+ then a unit that never came): 2,000 digits
    took 0.18 s of the event loop, 50,000 would take minutes. A bound on a broken run, not a timing."""
    started = time.perf_counter()
    extract(run), _amounts_as_unit(run), _numbers_as_hash(run)
    assert time.perf_counter() - started < 10.0  # 0.1 s on a machine busy with other work


def test_a_long_rant_is_read_by_its_first_part(engine):
    """What the engine reads of a message is bounded, whatever the service accepts."""
    head = "收到的杯子是碎的，我要退货。"
    assert engine.read(head + "啊" * 3000).normalised == engine.read(head + "啊" * 600).normalised
    assert len(engine.read(head + "啊" * 3000).normalised) <= 300


@pytest.mark.parametrize(("text", "asks"), [
    ("这个能不能退", True), ("有没有大一点的", True), ("发的什么快递", True), ("几号能到", True), ("包邮吗", True),
    ("帮我改下地址", True), ("我想换个颜色", True), ("请尽快发货", True), ("送不送运费险", True), ("到了?", True),
    ("新包装比原来的好看", False), ("东西都收到了是吧", False), ("客服昨天打过电话了", False), ("这个不能退", False),
    ("你等一下", False), ("麻烦你了", False),
    ("这样对不", True), ("明天能到不", True), ("发了没", True), ("钱能退回来不，", True),  # A-not-A cut short: 对不(对)
    ("快递还没", False), ("我也不", False), ("不少东西", False), ("再不", False),  # 还没, 也不: not yet, not either
])
def test_a_clause_that_asks_or_requests(text: str, asks: bool) -> None:
    """The trainers' words, or a question's own form (a question mark, A-not-A: 能不能, 送不送, or cut short at the end of
    a clause: 对不, 发了没)."""
    assert ASKING.found(text) == asks


def test_the_asking_words_are_the_trainers(tmp_path: Path) -> None:
    """One list, in intents/sending.yaml: a word a trainer adds makes a clause ask, for the matcher as for sending."""
    (tmp_path / "sending.yaml").write_text("asks: [是吧]\nrequests: [帮我]\n", encoding="utf-8")
    cues = load_sending_cues(tmp_path)
    assert cues.asking.found("东西都收到了是吧") and not ASKING.found("东西都收到了是吧")
    assert cues.asking.found("帮我看看") and cues.asking.requested("帮我看看") and not cues.asking.requested("收到了是吧")
    assert cues.asks_in("东西都收到了是吧") and not cues.asks_in("东西都收到了")


@pytest.mark.parametrize(("clause", "message", "asks"), [
    ("弄错了", "我地址 弄错了吗", True),  # the phrase around the clause asks
    ("我地址弄错了", "我地址 弄错了吗", True),  # the phrase read without its space
    ("都到了?", "都到了?", True),  # a message of one clause is read whole, its question mark too
    ("都到了", "都到了，谢谢", False),
    ("好看", "新包装 好看，能便宜点吗", False),  # another phrase asks, not this one
])
def test_a_clause_asks_with_the_phrase_around_it(clause: str, message: str, asks: bool) -> None:
    assert ASKING.in_clause(clause, message) == asks
