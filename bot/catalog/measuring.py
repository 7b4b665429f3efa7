"""The body measures a buyer writes in a question (脚长26.5, 头围五十八, 下胸围75, 我的脚265mm, 58的头围): one
reader for the size chart's measures (`sizing`: foot length, head size) and for the tables a shop writes in words
(`sizes`: whatever measure the shop names), so that both read a figure the same way."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import cn2an

# a figure in digits or Chinese numerals, bounded so a long run of digits costs one pass
_NUM = r"(?P<{}>\d{{1,3}}(?:\.\d{{1,2}})?|[零一二两三四五六七八九十百]{{1,6}}(?:点[零一二三四五六七八九])?)"
_FIGURE_CHAR = re.compile(r"[\d零一二两三四五六七八九十百]")  # what each figure of `_NUM` starts with
_UNIT = r"\s*(?P<{}>mm|毫米|cm|厘米|公分)?"
_ABOUT = r"\s*(?:[:：]|是|有|大概|大约|差不多|约|在|为)?\s*"
# what a measure of the body is called: a word ending in 长, 围 or 宽 (脚长, 头围, 下胸围, 腰围), or the 脚 of 我的脚265mm
_NAME = r"[\u4e00-\u9fff]?[\u4e00-\u9fff][长围宽]"
_SAID = re.compile(
    rf"(?P<name>{_NAME}|脚){_ABOUT}{_NUM.format('figure')}{_UNIT.format('unit')}"  # 脚长26.5, 头围是56.5cm
    rf"|{_NUM.format('figure2')}{_UNIT.format('unit2')}\s*的(?P<name2>{_NAME}|脚(?!背|宽|型)|头)",  # 25.5cm的脚, 58的头围
    re.IGNORECASE)
_SHORT = {"脚": "脚长", "头": "头围"}  # 我的脚265mm, 58的头: the measure meant
Named = Callable[[str], str]  # the shops' name of a measure a buyer names in their own word (底围 -> 下胸围)


def as_written(name: str) -> str:
    """A measure's name as the buyer writes it: when no buyers' words are given."""
    return name


@dataclass(frozen=True)
class Said:
    """One measure a buyer gives: its name as written (脚长, 下胸围; 脚 read as 脚长), the figure, and its unit as
    written (mm, cm; None when none is: the figure itself then says, 26.5 of a foot is in cm)."""

    name: str
    figure: float
    unit: str | None


def figure(numeral: str) -> float | None:
    """A figure written in digits or Chinese numerals (26.5, 二十六点五)."""
    try:
        return float(numeral) if numeral[0].isdigit() else float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


@lru_cache(maxsize=256)
def said(text: str) -> tuple[Said, ...]:
    """The body measures a text gives, in the order it gives them."""
    out = []
    for m in _SAID.finditer(text):
        name, raw, unit = (m.group("name"), m.group("figure"), m.group("unit")) if m.group("name") else (
            m.group("name2"), m.group("figure2"), m.group("unit2"))
        if (value := figure(raw)) is not None:
            out.append(Said(_SHORT.get(name, name), value, unit.lower() if unit else None))
    return tuple(out)


# the measures of a hand and of the body as buyers name them (手指一圈53毫米, 指围五十二, 手腕十六厘米半, 手掌围18.5, 胸围四十三,
# 背长32cm, 腰围2尺2, 腰七十二, 膝围35, 膝盖一圈三十三公分): the word, then the figure with or without its unit within a few
# characters (周长, 一圈, 是, 大概); 半 after the unit adds half of it, a figure after 尺 is its 寸 (2尺2 is 2.2尺). Not the 下胸围 or 底围 of a
# bra's band, nor the 胸背 of a harness's name
_BODY_WORDS = {"finger": r"手指|指围|指圈|指头", "wrist": r"手腕|腕围|腕子", "hand": r"手掌|掌围|手围",
               "chest": r"(?<![下底])胸围|胸(?:口|部)?一圈", "waist": r"腰围|裤腰|腰(?=\s*[\d一二两三四五六七八九])",
               "back": r"背长|后背长", "knee": r"膝围|膝盖围|膝盖(?=一圈|一周)"}
_CHI = r"(?P<chi>市?尺)(?![码寸])(?:(?P<cun>\d|[一二两三四五六七八九])寸?)?"  # 2尺2, 二尺四寸: 尺 and its 寸
_FIGURE_UNIT = _NUM.format("figure") + r"\s*(?:(?P<unit>mm|毫米|cm|厘米|公分)|" + _CHI + r")?\s*(?P<half>半)?"
_BODY = re.compile(
    "(?:" + "|".join(f"(?P<{k}>{words})" for k, words in _BODY_WORDS.items()) + ")"
    + r"(?:一圈|一周)?[^\d零一二两三四五六七八九十百，,。？?！!]{0,6}?" + _FIGURE_UNIT, re.IGNORECASE)
# 二尺四, 2尺2, 二尺半 with no word: a waist, the one measure of clothes told in 尺 and 寸 (not 四尺, a scroll's or a
# tank's length)
_WAIST_IN_CHI = re.compile(r"(?<![\d.零一二两三四五六七八九十百])" + _NUM.format("figure")
                           + r"\s*(?P<chi>市?尺)(?:(?P<cun>\d|[一二两三四五六七八九])寸?|\s*(?P<half>半))")


def body_measures(text: str) -> dict[str, tuple[float, str | None]]:
    """The hand's and body's measures a text gives: measure -> (figure, unit as written or None); 2尺2 is 2.2 in 尺.
    Each is a figure (`_NUM`): a text with none (most questions) is not searched, as both patterns try at every
    character."""
    if not _FIGURE_CHAR.search(text):
        return {}
    found = [(next(k for k in _BODY_WORDS if m.group(k)), m) for m in _BODY.finditer(text)]
    found += [("waist", m) for m in _WAIST_IN_CHI.finditer(text)]
    out: dict[str, tuple[float, str | None]] = {}
    for measure, m in found:
        value = figure(m.group("figure"))
        if value is None or measure in out:
            continue
        if m.group("chi"):
            out[measure] = (value + (figure(m.group("cun")) or 0.0) / 10 + (0.5 if m.group("half") else 0.0), "尺")
        else:
            out[measure] = (value + (0.5 if m.group("half") else 0.0), m.group("unit").lower() if m.group("unit") else None)
    return out


# a child's age: 5个月, 八个多月, 四个半月, 两岁, 一岁半, 1岁2个月; 新生儿 and 刚出生 are none, 满月 one month
_MONTHS = re.compile(_NUM.format("m") + r"\s*(?:个(?P<mhalf>半)?多?月|多?月龄|月大)")
_YEARS = re.compile(_NUM.format("y") + r"\s*(?:周岁|岁)(?P<half>半)?(?:\s*(?P<more>[\d一二两三四五六七八九十]{1,2})\s*个?月)?(?!以[上下])")
_NEWBORN = re.compile(r"新生儿|刚出生|初生|出生(?:的|就|时)|刚生|没满月")


CHILD_YEARS = 18  # the ages read unless a chart goes past them (reading glasses by the wearer's 45-80岁)


def age_in_months(text: str, most: float = CHILD_YEARS) -> float | None:
    """A child's age in months a text gives (or anyone's up to `most` years), or None."""
    return said[1] if (said := age_said(text, most)) is not None else None


def age_said(text: str, most: float = CHILD_YEARS) -> tuple[str, float] | None:
    """A child's age a text gives (or anyone's up to `most` years), as the buyer wrote it and in months (一岁半: 18,
    半岁: 6), or None."""
    if m := _YEARS.search(text):
        years = figure(m.group("y"))
        more = figure(m.group("more")) if m.group("more") else 0.0
        if years is not None and years <= most:
            return m.group(0), years * 12 + (6 if m.group("half") else 0) + (more or 0.0)
    if m := _MONTHS.search(text):
        months = figure(m.group("m"))
        if months is not None and months <= 48:
            return m.group(0), months + (0.5 if m.group("mhalf") else 0.0)
    for words, months in (("半岁", 6.0), ("满月", 1.0)):
        if words in text:
            return words, months
    return (m.group(0), 0.0) if (m := _NEWBORN.search(text)) else None
