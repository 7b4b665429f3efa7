"""Typing as buyers type: pinyin IME slips, spaces for commas, 亲亲 and 表情 padding, repeated characters.
Each case fails on a matcher that reads only the characters as written."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.intents import load_intents
from bot.matcher import Matcher
from bot.slips import SlipReader
from bot.sounds import Sounds
from bot.text import Normaliser, unpadded
from bot.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def test_sounds_are_toneless_pinyin() -> None:
    sounds = Sounds()
    assert sounds.syllables("报邮") == sounds.syllables("包邮") == ("bao", "you")
    assert sounds.syllables("推货") == sounds.syllables("退货")
    assert sounds.of("a") != sounds.of("啊")  # a letter never sounds like a character


@pytest.mark.parametrize(
    ("slipped", "meant"),
    [("报邮吗", "包邮吗"), ("我要推货", "我要退货"), ("地只错了", "地址错了"), ("收获地址改一下", "收货地址改一下"), ("能变宜点吗", "能便宜点吗")],
)
def test_slips_are_read_as_the_words_they_sound_like(tokenizer: Tokenizer, slipped: str, meant: str) -> None:
    reader = SlipReader(["包邮", "退货", "地址", "收货地址", "便宜"], tokenizer, Sounds())
    assert reader.read(slipped) == meant


@pytest.mark.parametrize(
    "text",
    [
        "这也是你们打包的问题",  # 也是 is ordinary writing, no slip for 夜视
        "运费可以打到账户吗",  # 以打 straddles 可以|打到
        "什么时候发火",  # 发火 is a word: a slip into a real word is left alone
        "质量太差了",
    ],
)
def test_ordinary_writing_is_no_slip(tokenizer: Tokenizer, text: str) -> None:
    reader = SlipReader(["夜视", "一大", "发货", "质量"], tokenizer, Sounds())
    assert reader.read(text) == text


@pytest.mark.parametrize(
    ("text", "target", "left"),
    [
        ("会原路退回吗", "会员", True),  # 会|原: two of the commonest words
        ("我很急的", "记得", True),  # 急|的
        ("这样就好嘛", "号码", True),  # 好|嘛: 嘛 is a particle
        ("报邮吗", "包邮", False),  # 报 and 邮 are no common words: a slip wherever it stands
        ("我要推货", "退货", False),
        ("收获地址改一下", "收货地址", False),
    ],
)
def test_a_stretch_of_common_words_is_no_slip_unless_asked(tokenizer: Tokenizer, text: str, target: str, left: bool) -> None:
    """Without `ordinary`, a stretch made of common words and particles is left as written; a slip of rarer
    characters is still read."""
    reader = SlipReader([target], tokenizer, Sounds())
    assert (reader.read(text, ordinary=False) == text) is left
    assert reader.read(text) != text  # every one sounds like its target, and is read so when ordinary writing may be


def test_a_text_is_sounded_out_once_for_both_readings(tokenizer: Tokenizer) -> None:
    """The matcher asks for a message read with every slip and with none in ordinary writing: the text's sounds and the
    stretches that sound like a target are found once for both."""
    sounds = Sounds()
    heard: list[str] = []
    each = sounds.each
    sounds.each = lambda text: heard.append(text) or each(text)  # type: ignore[method-assign]
    reader = SlipReader(["记得"], tokenizer, sounds)
    assert (reader.read("我很急的", ordinary=False), reader.read("我很急的")) == ("我很急的", "我很记得")
    assert heard == ["我很急的"]


@pytest.mark.parametrize(
    ("text", "target", "read"),
    [
        ("麻烦帮我看下此订单到哪了", "瑕疵", False),  # a parcel asked after, no flaw
        ("查下此单 丢件了怎么赔", "瑕疵", False),  # a lost parcel as written, a flaw with the slip read: a near tie, no surer
        ("麻烦查询下此单 丢件有赔偿吗", "瑕疵", False),
        ("会原路退回吗", "会员", False),
        ("是这个单号吧", "好吧", False),  # a tracking number, no thanks
        ("我很急的", "记得", False),
        ("这样就好嘛", "号码", False),
        ("报邮吗", "包邮", True),
        ("收获地址改一下", "收货", True),
        ("那号吧", "好吧", True),  # common words, but as written the message reads as nothing
        ("帮我取小订单", "取消", True),
        ("好的 帮我取小订单", "取消", True),  # a thanks as written; a cancel, more surely, with the slip read
    ],
)
def test_the_shipped_bot_reads_a_slip_in_common_words_only_where_the_message_needs_it(
        engine: Engine, text: str, target: str, read: bool) -> None:
    """The message's bag (what the matcher and the second reader read) holds the word a slip was read as."""
    assert (target in engine.matcher.bag(engine.normalise(text))) is read


@pytest.mark.parametrize(("text", "slip", "heard"), [("是这个单号吧", "好吧", True), ("我要推货", "退货", False), ("报邮吗", "包邮", True)])
def test_the_unanswered_sentences_are_learned_with_every_slip_heard(engine: Engine, text: str, slip: str, heard: bool) -> None:
    """The second reader's `unanswered` sentences are read whatever a message would read as, so that where the matcher
    reads a slip in ordinary writing never refits that reader."""
    assert (slip in engine.matcher.heard_bag(engine.normalise(text))) is heard


@pytest.mark.parametrize("text", ["先3号吧 到时候我再申请", "那就5号吧"])
def test_a_figure_s_unit_is_no_slip(engine: Engine, text: str) -> None:
    """号 after a figure is a date (the 3rd), not 好 typed wrong: no 好吧, so no thanks."""
    reading = engine.read(text)
    assert all(m.reason != "keyword 好吧" for m in reading.matches) and all(m.intent != "thanks_bye" for m in reading.chosen)


def test_a_slip_finds_the_intent_of_the_word_meant(tmp_path: Path, tokenizer: Tokenizer) -> None:
    (tmp_path / "bargain.yaml").write_text("name: bargain\nexamples: [能包邮吗, 包邮不, 便宜点]\nkeywords: [包邮]\n", encoding="utf-8")
    (tmp_path / "return.yaml").write_text("name: return\nexamples: [我要退货, 怎么退货]\n", encoding="utf-8")
    intents = load_intents(tmp_path)
    hearing = Matcher(intents, words=tokenizer.content_words, normalise=Normaliser(), lexicon=tokenizer)
    assert [m.intent for m in hearing.chosen(hearing.match("报邮吗"))] == ["bargain"]
    assert [m.intent for m in hearing.chosen(hearing.match("推货怎么弄"))] == ["return"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("报邮吗", "bargain"),
        ("我想推货", "return"),
        ("能变宜点吗", "bargain"),
        ("我地址 弄错了", "address_change"),  # a space inside a sentence
        ("收到的杯子 是碎的", "quality_issue"),
        ("亲亲 谢谢您的服务", "thanks_bye"),  # padding is no hello
        ("[微笑]能便宜点吗~~", "bargain"),
        ("/:)什么时候发货亲亲", "shipping"),
        ("好好好好", "thanks_bye"),
    ],
)
def test_the_shipped_bot_reads_messages_as_typed(engine: Engine, text: str, intent: str) -> None:
    chosen = engine.read(text).chosen
    assert chosen and chosen[0].intent == intent, engine.read(text).matches


@pytest.mark.parametrize("text", ["亲~试吃坚果", "亲亲 绑定新手机", "亲~河北省廊坊市"])
def test_padding_does_not_turn_a_fragment_into_a_hello(engine: Engine, text: str) -> None:
    assert [m.intent for m in engine.read(text).chosen] != ["greeting"]


@pytest.mark.parametrize(
    ("text", "left"),
    [("亲亲 对的没问题亲亲", "对的没问题"), ("亲~试吃坚果", "试吃坚果"), ("亲", "亲"), ("亲亲", "亲亲"), ("亲子装有吗", "亲子装有吗"), ("双亲", "双亲")],
)
def test_unpadded_drops_only_padding(text: str, left: str) -> None:
    assert unpadded(text) == left


def test_runs_of_one_character_collapse_but_doubles_stay() -> None:
    normalise = Normaliser()
    assert normalise("好好好好") == "好好"
    assert normalise("只有这一款啊啊啊啊") == "只有这一款啊啊"
    assert normalise("谢谢嗯嗯") == "谢谢嗯嗯"
