"""Matcher.may_find: a bank of examples alone (the catalogue's FAQ) is skipped for a text that holds none of its words,
and only when `match` would surely find nothing there."""
from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.intents import Intent
from bot.matcher import Matcher, MatchOptions
from bot.text import Normaliser

FAQ = {"杯子#0": ["能装热水吗", "可以装开水吗"], "杯子#1": ["保修多久"], "套装#0": ["两个一起买一百块吗"]}


@pytest.fixture(scope="module")
def faq(engine: Engine) -> Matcher:
    """A bank as the desk builds its FAQ: one to three questions an entry, no cues, no vectors."""
    intents = [Intent(name=name, description="", mode="auto", examples=examples) for name, examples in FAQ.items()]
    options = MatchOptions(top_k=len(intents), learned_weight=0.0, learned_agreement=0.0)
    return Matcher(intents, words=engine.tokenizer.content_words, normalise=Normaliser(), options=options)


@pytest.mark.parametrize("text", ["今天能发货吗", "你好", "地址填错了", "", "？？"])
def test_a_text_holding_no_word_of_the_examples_is_skipped(faq: Matcher, text: str) -> None:
    assert not faq.may_find(text)
    assert faq.match(text) == []


@pytest.mark.parametrize("text", [
    "保修多久啊",  # a word of an example
    "保 修多久",  # ...cut by a space, which the matcher also reads without it
    "五十块能便宜吗",  # an amount, which the matcher reads as 元 (the example's 一百块)
])
def test_a_text_that_may_share_a_word_is_matched(faq: Matcher, text: str) -> None:
    assert faq.may_find(text)


def test_no_text_the_matcher_finds_anything_in_is_skipped(faq: Matcher, engine: Engine) -> None:
    texts = [engine.normalise(ex) for intent in engine.intents.values() for ex in intent.examples]
    texts += [t.replace("吗", " 吗") for t in texts[:300]] + ["一百块装热水", "两个 一起买多少钱", "保修 多久"]
    found = [t for t in texts if faq.match(t)]
    assert found, "the sample should hold texts the bank matches"
    assert all(faq.may_find(t) for t in found)


def test_a_bank_with_cues_is_never_skipped(engine: Engine) -> None:
    assert engine.matcher.may_find("今天天气不错")
