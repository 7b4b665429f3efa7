"""Heights and weights as buyers type them, for size advice: digits, Chinese numerals, kg or 斤,
a bare pair; and what they must not be mistaken for (amounts, quantities)."""
from __future__ import annotations

import pytest

from bot.slots import extract


@pytest.mark.parametrize("text, height, weight", [
    ("165/110斤穿什么码", 165, 110),
    ("一米六五 一百一十斤穿多大", 165, 110),
    ("我1米7 130斤", 170, 130),
    ("一米八二，一百六十斤", 182, 160),
    ("身高165体重55", 165, 110),  # a bare weight under 75 is kg
    ("1.58m 95斤", 158, 95),
    ("170cm 60kg选几码", 170, 120),
    ("165 110 穿什么码", 165, 110),
    ("一百六十五公分，九十八斤", 165, 98),
    ("一百二十斤穿多大", None, 120),
    ("160，100斤 M码可以吗", 160, 100),
    # a child's: a height in 公分 under a metre, a weight in 斤 under 40, a bare height just before a weight
    ("宝宝70公分18斤穿多大", 70, 18),
    ("女儿身高96 三十二斤", 96, 32),
    ("儿子133 六十斤 穿哪个码", 133, 60),
    ("六十斤 穿130还是140", None, 60),  # a size asked after the weight is no height
    # the height by other words and in other orders: 个子, 168的个子, after the weight, digit by digit, in 市尺
    ("个子165 体重110 选哪个码", 165, 110),
    ("168的个子 一百二的体重", 168, 120),
    ("110斤 165 穿多大", 165, 110),
    ("身高一六五 体重一百一", 165, 110),
    ("我五尺二 一百斤", 173, 100),
    ("5尺3 120斤穿什么码", 177, 120),
    ("买5尺的布", None, None),
    # about a weight: 九十多斤 is some 95; 一百多斤 too loose to choose a size by; 八十来斤 some 80
    ("一米六 九十多斤", 160, 95),
    ("160 100多斤", 160, None),
    ("一米五八 八十来斤", 158, 80),
    ("110斤 穿160的可以吗", None, 110),  # a size asked after the weight is no height either
    ("能便宜点吗", None, None),
    ("一米长的有吗", None, None),
])
def test_height_and_weight(text: str, height: float | None, weight: float | None) -> None:
    slots = extract(text).slots
    assert (slots.height_cm, slots.weight_jin) == (height, weight)


def test_a_weight_is_no_quantity_and_a_height_no_amount() -> None:
    slots = extract("一米六 一百斤 穿M码行不行").slots
    assert slots.quantity is None and slots.amounts == () and slots.weight_jin == 100
    assert extract("买2斤苹果").slots.weight_jin is None  # 2斤 of apples is no body weight
    assert extract("要20斤装的大米").slots.weight_jin is None  # a pack's size
    assert extract("三十块行吗").slots.amounts == (30.0,)


def test_the_words_stay_for_the_matcher() -> None:
    assert "身高" in extract("身高165体重55穿什么码").rest
    assert "穿什么码" in extract("165/110斤穿什么码").rest
