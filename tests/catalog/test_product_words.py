"""The buyers' words for needs, for what is asked and for attributes, from the trainers' `intents/product_words.yaml`:
a word a trainer adds changes what the catalogue answers, through the same loading the engine and hot reload use,
and a wrong entry is reported with the file, the line and what to fix."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog import needs
from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import PRODUCT_WORDS_FILE, ConfigError, load_product_words, read_intents
from bot.product_words import ProductWords
from bot.validate import validate

from .shops import ROOT, ask

SHIPPED = EnginePaths.under(ROOT)


def _shop(tmp_path: Path) -> EnginePaths:
    """The shipped shop with its demo catalogue, its intents folder a private copy a test may edit."""
    shutil.copytree(SHIPPED.intents, tmp_path / "intents")
    return EnginePaths(tmp_path / "intents", SHIPPED.replies, SHIPPED.policy, SHIPPED.aspects, SHIPPED.catalog)


def _edit(paths: EnginePaths, old: str, new: str) -> None:
    """What a trainer's editor does: one line of the file changed in place."""
    path = paths.intents / PRODUCT_WORDS_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _answer(engine: Engine, text: str) -> tuple[str | None, str]:
    turn = ask(engine, text, conversation="words")
    return (turn.product.kind if turn.product else None), turn.reply


def test_the_shipped_file_is_no_intent_and_holds_every_table(engine: Engine) -> None:
    words = load_product_words(SHIPPED.intents)
    assert PRODUCT_WORDS_FILE not in {i.path.name for i in read_intents(SHIPPED.intents)[0]}
    assert "长辈" in words.words_of_need("老人") and "保修" in words.kinds
    assert "什么料" in words.attribute_cues("面料") and words.material.search("材质")
    assert words.measure_named("底围") == "下胸围" and "哑光" in words.written_for("雾面黑")


def test_the_material_is_the_entries_marked_so_not_the_first(tmp_path: Path) -> None:
    """A claimed material (是真皮的吗) is checked against the names of the entries marked `material: true`,
    wherever they stand in the file: a trainer who adds an entry on top does not move it."""
    shop = _shop(tmp_path)
    _edit(shop, "attributes:\n", "attributes:\n  - names: '^颜值$'\n    words: [好看吗]\n")
    words = load_product_words(shop.intents)
    assert words.material.search("鞋面材质") and not words.material.search("颜值")
    assert load_product_words(SHIPPED.intents.parent / "no-such-folder") == ProductWords()


def test_an_everyday_word_a_trainer_adds_for_an_attribute_is_answered_from_it(tmp_path: Path, engine: Engine) -> None:
    shop = _shop(tmp_path)
    asked = {"马克杯用的啥土": "高温陶瓷", "马克杯出自哪": "江西景德镇"}
    before = build_engine(shop, tokenizer=engine.tokenizer)
    for text, value in asked.items():
        kind, reply = _answer(before, text)
        assert kind == "unanswered" and value not in reply, reply
    _edit(shop, "    words: [材质, 什么料,", "    words: [材质, 啥土, 什么料,")
    _edit(shop, "words: [产地, 哪里产,", "words: [产地, 出自哪, 哪里产,")
    taught = build_engine(shop, tokenizer=engine.tokenizer)
    for text, value in asked.items():
        kind, reply = _answer(taught, text)
        assert kind == "attribute" and value in reply, reply


def test_a_need_word_a_trainer_adds_is_read_as_that_need(tmp_path: Path) -> None:
    shop = _shop(tmp_path)
    assert needs.named("想送给干爹", load_product_words(shop.intents)) == ()
    _edit(shop, "父母: [父母, 爸妈,", "父母: [父母, 干爹, 爸妈,")
    assert needs.named("想送给干爹", load_product_words(shop.intents)) == ("父母",)


BROKEN = [
    # (the attributes part of the file, the line named, what the message says)
    ("attributes:\n  - names: '材|(料$'\n    words: [什么料]\n", 2, "is no pattern"),
    ("attributes:\n  - names: '[厚'\n    words: [多厚]\n", 2, "is no pattern"),
    ("attributes:\n  - names: '厚'\n    words: 多厚\n", 3, "'words' must be a list"),
    ("attributes:\n  - names: 12\n    words: [多厚]\n", 2, "needs 'names'"),
    ("attributes:\n  - names: '厚'\n    word: [多厚]\n", 3, "unknown key 'word'"),
    ("attributes:\n  - names: '厚'\n", 2, "has no 'words'"),
    ("attributes:\n  - '厚'\n", 2, "must have 'names' and 'words'"),
    ("attributes: {names: '厚'}\n", 1, "'attributes' must be a list"),
    ("needs: [老人, 长辈]\n", 1, "'needs' must map each need"),
    ("needs:\n  老人: 长辈\n", 2, "'老人' must be a list"),
    ("question_words: [保修]\nneed: {}\n", 2, "unknown key 'need'"),
    ("attributes:\n  - names: '材'\n    words: [什么料]\n    material: 1\n", 4, "'material' is `true`"),
    ("measures: [底围]\n", 1, "'measures' must map each measure"),
    ("measures:\n  下胸围: 底围\n", 2, "'下胸围' must be a list"),
]


@pytest.mark.parametrize(("text", "line", "says"), BROKEN, ids=[b[2] for b in BROKEN])
def test_a_wrong_entry_is_reported_with_the_file_and_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    shop = _shop(tmp_path)
    path = shop.intents / PRODUCT_WORDS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_product_words(shop.intents)
    assert [(p.path, p.line) for p in error.value.problems if says in p.message] == [(path, line)], str(error.value)
    assert f"{path}:{line}: error:" in str(error.value)
    assert any(p.path == path and p.line == line and says in p.message for p in validate(shop))


def test_the_engine_and_so_a_hot_reload_refuse_a_pattern_that_is_no_regular_expression(tmp_path: Path, engine: Engine) -> None:
    shop = _shop(tmp_path)
    _edit(shop, "names: '厚'", "names: '厚('")
    line = next(n for n, text in enumerate((shop.intents / PRODUCT_WORDS_FILE).read_text(encoding="utf-8").splitlines(), 1)
                if "厚(" in text)
    with pytest.raises(ConfigError, match=rf"{PRODUCT_WORDS_FILE}:{line}: error: 'names' '厚\(' is no pattern"):
        build_engine(shop, tokenizer=engine.tokenizer)
