"""What the engine and the desk ask of one message several times (its short names, an item's variant named, a bundle's
name, whether it speaks of an item) is worked out once: each is a pass over the whole catalogue, and answering one
message asked it three or four times over."""
from __future__ import annotations

import pytest

from bot.catalog import resolve
from bot.domain import ConversationState
from bot.engine import Engine


def test_the_short_names_of_a_text_are_read_once(engine: Engine) -> None:
    reader = engine.desk.reader
    assert reader.shortened("这个杯子能装多少水") is reader.shortened("这个杯子能装多少水")


def test_the_variant_a_text_names_of_an_item_is_read_once(engine: Engine) -> None:
    reader = engine.desk.reader
    item = next(iter(reader.catalog))
    assert reader.wanted(item, "白色的还有货吗") is reader.wanted(item, "白色的还有货吗")


def test_the_bundle_a_text_names_is_looked_for_once(engine: Engine) -> None:
    catalog = engine.desk.catalog
    before = catalog._bundle_named.cache_info()
    for _ in range(3):
        catalog.bundle_named("两件一起买有优惠吗 加购一件")
    after = catalog._bundle_named.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 2)


@pytest.mark.parametrize("text", ["今天能发货吗，什么时候能到", "能开发票吗，开个人的"])
def test_whether_a_message_speaks_of_an_item_is_asked_once(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                           text: str) -> None:
    # two clauses read as a request the bot answers alone: the catalogue's part beside it (Engine._beside) and the
    # sending decision (its `chooses`) both ask
    asked = []
    speaks_of = engine.desk.speaks_of
    monkeypatch.setattr(engine.desk, "speaks_of", lambda *a, **k: asked.append(a) or speaks_of(*a, **k))
    turn = engine.reply(text, state=ConversationState("once"))
    assert turn.auto and len(asked) == 1


def test_a_name_without_the_word_before_kuan_runs_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pattern(*_args, **_kwargs):
        raise AssertionError("a pattern was run over a name that does not hold the word")

    monkeypatch.setattr(resolve.re, "finditer", no_pattern)
    assert not resolve._holds_plainly("加厚保暖猫窝", "钢圈")
