"""The intent vectors fitted at load (bot/learned.py): weights from the examples, closeness 0..1."""
from __future__ import annotations

from collections import Counter

import numpy as np

from bot import learned
from bot.learned import BagTable, IntentVectors, features


def bags(*texts: str) -> list[Counter[str]]:
    return [features(t, []) for t in texts]


def test_a_feature_of_one_intent_outweighs_one_all_intents_use() -> None:
    # 一下 is in every intent's examples, 包邮 and 退货 in one each.
    vectors = IntentVectors(bags("包邮一下", "包邮吧", "退货一下", "退货吧"), [0, 0, 1, 1], 2)
    assert vectors.weight("包邮") > vectors.weight("一下")
    assert vectors.weight("退货") > vectors.weight("一下")


def test_closeness_points_at_the_intent_whose_examples_share_the_message() -> None:
    vectors = IntentVectors(bags("能包邮吗", "包邮不", "便宜点", "我要退货", "怎么退货", "退款"), [0, 0, 0, 1, 1, 1], 2)
    scores = vectors.scores(features("包邮吗亲", []))
    assert scores.argmax() == 0 and 0 < scores[0] <= 1 and scores[1] < scores[0]
    assert vectors.scores(features("退货怎么弄", [])).argmax() == 1


def test_unknown_text_scores_nothing_and_unknown_parts_lower_the_score() -> None:
    vectors = IntentVectors(bags("能包邮吗", "我要退货"), [0, 1], 2)
    assert not vectors.scores(features("天气", [])).any()
    assert vectors.scores(features("包邮吗今天天气真好呀", []))[0] < vectors.scores(features("包邮吗", []))[0]


def test_an_intent_of_many_varied_examples_is_not_outscored_for_its_size() -> None:
    """Closeness is measured against each intent's own examples, so a big, varied intent is not penalised."""
    many = ["快递什么时候到", "几时发货", "物流不动了", "到哪了", "能发顺丰吗", "什么时候送到", "催一下发货", "快递停了"]
    vectors = IntentVectors(bags(*many, "能便宜点吗", "便宜点吧"), [0] * len(many) + [1, 1], 2)
    scores = vectors.scores(features("快递到哪了", []))
    assert scores[0] > scores[1] and np.isclose(scores.max(), scores[0])


TEXTS = ["能包邮吗", "包邮不", "便宜点", "我要退货", "怎么退货", "退款", "退货包邮吗"]
LABELS = [0, 0, 0, 1, 1, 1, 1]


def test_without_is_a_refit_without_the_example_in_a_small_bank() -> None:
    masked = IntentVectors(bags(*TEXTS), LABELS, 2).without([len(TEXTS) - 1])
    refit = IntentVectors(bags(*TEXTS[:-1]), LABELS[:-1], 2)
    for message in ("退货包邮吗", "包邮", "怎么退款"):
        assert np.allclose(masked.scores(features(message, [])), refit.scores(features(message, [])))


def test_without_in_a_large_bank_refits_the_intents_vector(monkeypatch) -> None:
    monkeypatch.setattr(learned, "EXACT_UP_TO", 0)
    vectors = IntentVectors(bags(*TEXTS), LABELS, 2)
    masked = vectors.without([len(TEXTS) - 1])
    assert masked.scores(features("退货包邮吗", []))[1] < vectors.scores(features("退货包邮吗", []))[1]
    assert np.allclose(masked.scores(features("便宜点", []))[0], vectors.scores(features("便宜点", []))[0])
    assert vectors.without([]).scores(features("退货", [])).tolist() == vectors.scores(features("退货", [])).tolist()


def test_examples_need_not_come_intent_by_intent() -> None:
    order = [6, 0, 3, 1, 4, 2, 5]
    shuffled = IntentVectors(bags(*[TEXTS[n] for n in order]), [LABELS[n] for n in order], 2)
    grouped = IntentVectors(bags(*TEXTS), LABELS, 2)
    assert np.allclose(shuffled.scores(features("怎么退货", [])), grouped.scores(features("怎么退货", [])))


def test_a_bag_table_takes_more_rows_with_new_features_after_its_own() -> None:
    table = BagTable.of([{"a": 1.0, "b": 2.0}, {"b": 1.0}])
    more = table.plus([{"b": 3.0, "c": 1.0}])
    assert more.size == 3 and more.index == {"a": 0, "b": 1, "c": 2} and table.size == 2 and "c" not in table.index
    rows = {(int(r), int(c)): float(v) for r, c, v in zip(more.rows, more.cols, more.values)}
    assert rows == {(0, 0): 1.0, (0, 1): 2.0, (1, 1): 1.0, (2, 1): 3.0, (2, 2): 1.0}
    assert table.plus([]) is table



def test_a_sparse_bank_weighs_a_single_character_more_than_a_pair_as_rare_and_as_concentrated() -> None:
    """退 and 退款 are each in one example of one intent: alike by rarity and spread. In a sparse bank one character often
    carries a request by itself, so it counts for more (learned.SPARSE); a word, however short, is no single character."""
    bank = [features("退款", ["退"]), features("包邮", ["包邮"])], [0, 1], 2
    plain, sparse = IntentVectors(*bank), IntentVectors(*bank, learned.SPARSE)
    assert plain.weight("退") == plain.weight("退款")
    assert sparse.weight("退") == learned.SPARSE.character * sparse.weight("退款") > sparse.weight("退款")
    assert sparse.weight("\x00退") == sparse.weight("退款")


def test_a_sparse_bank_gives_a_feature_of_one_intent_more_over_one_spread_evenly() -> None:
    """A feature all in one intent weighs (1 + spread) times what its rarity says, one spread evenly its rarity."""
    bank = bags("包邮吗", "退货吗"), [0, 1], 2
    rarity = np.log(3 / 1.5)  # in one example of two
    for weighting in (learned.Weighting(), learned.SPARSE):
        vectors = IntentVectors(*bank, weighting)
        assert np.isclose(vectors.weight("包邮"), (1 + weighting.spread) * rarity)
        assert np.isclose(vectors.weight("吗"), weighting.character * np.log(3 / 2.5))
    assert learned.SPARSE.spread > learned.Weighting().spread


def test_without_in_a_small_bank_keeps_the_banks_weighting() -> None:
    masked = IntentVectors(bags(*TEXTS), LABELS, 2, learned.SPARSE).without([len(TEXTS) - 1])
    refit = IntentVectors(bags(*TEXTS[:-1]), LABELS[:-1], 2, learned.SPARSE)
    assert np.allclose(masked.scores(features("退货包邮吗", [])), refit.scores(features("退货包邮吗", [])))
