"""Possible extortion (with the buyer's words kept as evidence) and urgent safety flags."""
from __future__ import annotations

import pytest

from bot.reviews.flags import EXTORTION, SAFETY, find_flags

CASES = [
    # review, expected flags, words the evidence must quote
    ("给钱就改好评，不给就一直挂着", [EXTORTION], "给钱就改"),
    ("不退款就差评，你们看着办", [EXTORTION], "不退款就差评"),
    ("不退款，我就给差评", [EXTORTION], "不退款,我就给差评"),
    ("返现就改，不然别想", [EXTORTION], "返现就改"),
    ("赔我两百就删评", [EXTORTION], "赔我两百就删"),
    ("不给补偿就曝光你们", [EXTORTION], "不给补偿就曝光"),
    ("热水器漏电了，差点出事", [SAFETY], "漏电"),
    ("孩子吃了以后过敏，脸都肿了", [SAFETY], "过敏"),
    ("充电器充着充着起火了", [SAFETY], "起火"),
    ("锅盖炸了，手被烫伤", [SAFETY], "炸了"),
    ("退款不给就差评，而且插上就冒烟", [EXTORTION, SAFETY], "冒烟"),
    # negated or harmless mentions raise nothing
    ("用了一个月没有漏电，就是噪音大", [], ""),
    ("以为漏电了，原来是静电", [], ""),
    ("质量太差了，差评", [], ""),
    ("物流太慢，给个差评", [], ""),
]


@pytest.mark.parametrize("text,kinds,quoted", CASES)
def test_flags(text, kinds, quoted, review_rules):
    flags = find_flags(review_rules.normalise(text), review_rules.flags)
    assert [f.kind for f in flags] == kinds
    if quoted:
        assert any(quoted in f.evidence for f in flags)
