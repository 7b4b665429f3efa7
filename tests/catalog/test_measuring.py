"""One reader of the body measures a buyer writes (`bot/catalog/measuring.py`), which the size chart's advice
(`sizing`) and the tables a shop writes in words (`sizes`) both use: a measure either reads, the other reads too."""
from __future__ import annotations

import pytest

from bot.catalog.measuring import Said, said
from bot.catalog.model import Product
from bot.catalog.sizes import given
from bot.catalog.sizing import foot_length, head_size


@pytest.mark.parametrize("text, measures", [
    ("脚长26.5穿多大", (Said("脚长", 26.5, None),)),
    ("我的脚265mm", (Said("脚长", 265, "mm"),)),
    ("25.5cm的脚穿哪个码", (Said("脚长", 25.5, "cm"),)),
    ("58的头戴几码", (Said("头围", 58, None),)),
    ("下胸围七十五 上胸围88", (Said("下胸围", 75, None), Said("上胸围", 88, None))),
    ("75的下胸围选哪个", (Said("下胸围", 75, None),)),
    ("脚背高穿多大", ()),
])
def test_the_measures_a_question_gives(text: str, measures: tuple[Said, ...]) -> None:
    assert said(text) == measures


BRA = Product("BR9", "运动文胸", 99, size_note="按下胸围选：S码63-70cm，M码70-77cm")


@pytest.mark.parametrize("text, size", [
    ("下胸围72穿哪个", "M"),
    ("75的下胸围选哪个", "M"),  # the measure after its figure, as the chart's reader always read it
    ("下胸围为65cm", "S"),
])
def test_a_table_in_words_reads_a_measure_as_the_chart_does(text: str, size: str) -> None:
    found = given(BRA, text)
    assert found is not None and found[0].pick(found[1])[0] == size


@pytest.mark.parametrize("text, foot, head", [
    ("脚长为26", 260, None),  # 为, as a table in words always read it
    ("头围为五十七", None, 57),
])
def test_the_chart_reads_a_measure_as_a_table_in_words_does(text: str, foot: float | None, head: float | None) -> None:
    assert (foot_length(text), head_size(text)) == (foot, head)
