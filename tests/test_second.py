"""The second reader of the examples (bot/second.py): a model fitted at load, asked only whether an answer goes out
by itself. The sentences are our own."""
from __future__ import annotations

import math

import pytest

from bot.learned import BagTable, features
from bot.second import SecondReader

EXAMPLES = {
    "shipping": ["什么时候发货", "今天能发出吗", "快递到哪了", "几天能到", "物流一直没更新"],
    "invoice": ["能开发票吗", "发票抬头写公司", "要开专票", "电子发票怎么下载", "发票什么时候开"],
    "thanks_bye": ["谢谢", "好的谢谢", "多谢啦", "没事了再见", "明白了谢谢你"],
}


def bag(text: str) -> dict[str, float]:
    return features(text, [])


def fitted(examples: dict[str, list[str]] = EXAMPLES) -> SecondReader:
    pairs = [(bag(text), intent) for intent, texts in examples.items() for text in texts]
    reader = SecondReader.fit(BagTable.of([b for b, _ in pairs]), [i for _, i in pairs])
    assert reader is not None
    return reader


@pytest.mark.parametrize(("text", "intent"), [("明天可以发货吗", "shipping"), ("开个公司抬头的发票", "invoice"),
                                              ("好的好的谢谢您", "thanks_bye")])
def test_a_new_wording_gets_its_intent_most(text: str, intent: str) -> None:
    chances = fitted().chances(bag(text))
    assert max(chances, key=chances.get) == intent
    assert math.isclose(sum(chances.values()), 1.0)


def test_words_no_example_has_count_for_nothing() -> None:
    """Only what the examples taught moves the chances: unknown words read as an empty message (the intercepts)."""
    reader = fitted()
    assert reader.chances(bag("鳄鱼蹦迪")) == reader.chances({}) != reader.chances(bag("鳄鱼蹦迪 几天能到"))


def test_an_intent_without_examples_gets_no_opinion() -> None:
    assert fitted().chance(bag("什么时候发货"), "bargain") is None


def test_the_same_examples_fit_the_same_reader() -> None:
    """A fixed order: a reload of unchanged files sends exactly what the last one sent."""
    assert fitted().chances(bag("快递几天能到")) == fitted().chances(bag("快递几天能到"))


def test_two_intents_are_told_apart_and_one_is_nothing_to_tell() -> None:
    two = fitted({k: EXAMPLES[k] for k in ("shipping", "invoice")})
    assert two.chance(bag("几天能到"), "shipping") > 0.5 > two.chance(bag("几天能到"), "invoice")
    assert SecondReader.fit(BagTable.of([bag("谢谢")]), ["thanks_bye"]) is None


def test_the_order_of_the_examples_does_not_change_the_reader() -> None:
    """The fit passes over the examples in an order their own words set: files read in another order, or lines moved
    within a file, fit the same reader."""
    backwards = {intent: texts[::-1] for intent, texts in reversed(EXAMPLES.items())}
    before, after = fitted().chances(bag("快递几天能到")), fitted(backwards).chances(bag("快递几天能到"))
    assert before.keys() == after.keys()
    assert all(math.isclose(before[k], after[k], rel_tol=1e-9) for k in before)


def test_an_example_dropped_from_one_intent_barely_moves_the_others() -> None:
    """A trainer's edit of one intent changes what it edited: shipping questions move by less than two hundredths
    when a thanks example is dropped (a fit reshuffled by the edit moved them by 0.06-0.08)."""
    fewer = {**EXAMPLES, "thanks_bye": EXAMPLES["thanks_bye"][:-1]}
    for text in ("能到吗", "好的 几天能到"):
        assert abs(fitted().chance(bag(text), "shipping") - fitted(fewer).chance(bag(text), "shipping")) < 0.02
