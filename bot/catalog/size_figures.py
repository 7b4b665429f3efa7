"""Sizes said by their figures: a bare figure (98的 of 98L), a span (38码 of 38-39), a factor (12包 of 80抽×12包), a
width in metres as buyers say it (一米八 of 1.8m床), and a width or an amount the item has in no size (1米, 5kg)."""
from __future__ import annotations

import re


_BARE_FIGURE = re.compile(r"(?<![\d.a-z])(\d+(?:\.\d+)?(?:\s*(?:-|到|至|~)\s*\d+(?:\.\d+)?)?)(?=的|呢|吗|么|$|\s)")


def by_figure(sizes: list[str], text: str) -> str | None:
    """The one size written as this figure or span and a unit (98L, 13片, 大1匹, 85-90mm) whose figure the text gives
    bare (98的呢, 85到90的)."""
    for said in _BARE_FIGURE.findall(text):
        said = re.sub(r"\s*(?:到|至|~)\s*", "-", said)
        holding = [s for s in sizes if re.fullmatch(rf"[\u4e00-\u9fff]?{re.escape(said)}\s*(?:[a-z]{{1,3}}\+?|[\u4e00-\u9fff]{{1,2}})", s.lower())]
        if len(holding) == 1:
            return holding[0]
    return None


_SPAN_SIZE = re.compile(r"(\d{2})-(\d{2})")
_SHOE_SAID = re.compile(r"(?<![\d.\-])(\d{2})(?:\.5)?(?=码|号)")


def by_span(sizes: list[str], text: str) -> str | None:
    """The one size written as a span of two sizes (38-39) that holds the size the text gives (38码)."""
    spans = [(s, int(m.group(1)), int(m.group(2))) for s in sizes if (m := _SPAN_SIZE.fullmatch(s))]
    for said in (int(f) for f in _SHOE_SAID.findall(text)) if spans else ():
        holding = [s for s, low, high in spans if low <= said <= high]
        if len(holding) == 1:
            return holding[0]
    return None


def factors(value: str) -> list[str]:
    """The figures with their units a value written as a product is made of (80抽×12包: 80抽, 12包)."""
    if not re.search(r"[×x*＊]", value.lower()):
        return []
    return [f for f in re.split(r"\s*[×x*＊]\s*", value.lower()) if re.fullmatch(r"\d+(?:\.\d+)?[^\d\sx×*＊]+", f)]


def by_factor(sizes: list[str], text: str) -> str | None:
    """The one size a text names by one of its factors, a figure with its unit (12包 of 80抽×12包, 2瓶 of 500ml×2瓶)."""
    parts = {s: factors(s) for s in sizes if factors(s)}
    found = {s for s, factors in parts.items() for f in factors
             if sum(f in other for other in parts.values()) == 1 and re.search(rf"(?<![\d.]){re.escape(f)}", text)}
    return found.pop() if len(found) == 1 else None


_DIGIT = {c: str(n) for n, c in enumerate("零一二三四五六七八九")} | {"两": "2"}
# 一米八, 1米8, 两米: a length in metres as buyers say a bed's or a window's width
_SPOKEN_METRES = re.compile(r"(?<![\d.零一二两三四五六七八九十百])([\d一二两三])米([\d一二三四五六七八九])?(?![\d零一二三四五六七八九十百千万斤])")
METRES = re.compile(r"(?<![\d.x*×乘])(\d(?:\.\d{1,2})?)\s*(?:米|m(?![a-z]))|(?<![\d.x*×乘])(\d\.\d)(?![\d.]|\s*(?:[a-z]|厘米|公分|毫米|寸|斤|元|块|kg|折))")
_SIZE_METRES = re.compile(r"^(\d(?:\.\d{1,2})?)(?:m|米)?(?:[x*×](?:\d(?:\.\d{1,2})?)m|m|米)")


def _in_figures(m: re.Match[str]) -> str:
    return f"{_DIGIT.get(m.group(1), m.group(1))}{'.' + _DIGIT.get(m.group(2), m.group(2)) if m.group(2) else ''}米"


# a bed's width and length in centimetres (180x200的床, 床垫是150*200): the width, as the bed's size in metres
_BED_CM = re.compile(r"床[垫是的为有\s]{0,3}(\d{2,3})\s*[x*×乘]\s*\d{3}(?![\d.])|"
                     r"(?<![\d.])(\d{2,3})\s*[x*×乘]\s*\d{3}\s*(?:cm|厘米|公分)?\s*的?床")


def metres_said(text: str) -> list[float]:
    """The lengths in metres a text gives (1.8米, 一米八, 1米8, 两米, 1.5的): a bed's width, a window's; and the width
    of a bed given in centimetres with its length (180x200的床)."""
    beds = [int(m.group(1) or m.group(2)) / 100 for m in _BED_CM.finditer(text)]
    return [*(float(m.group(1) or m.group(2)) for m in METRES.finditer(_SPOKEN_METRES.sub(_in_figures, text))), *beds]


def without_widths(sizes: list[str], text: str) -> str:
    """The text without the widths in metres it gives that one of the sizes has (一米八 of 1.8m床): said as the size."""
    widths = metre_sizes(sizes).values()
    if not widths:
        return text
    text = _SPOKEN_METRES.sub(lambda m: " " if any(abs(w - float(_in_figures(m)[:-1])) < 0.01 for w in widths) else m.group(0), text)
    return METRES.sub(lambda m: " " if any(abs(w - float(m.group(1) or m.group(2))) < 0.01 for w in widths) else m.group(0), text)


def metre_sizes(sizes: list[str]) -> dict[str, float]:
    """The sizes written as a width in metres (1.5m床, 1.8x2.0m), with that width."""
    return {s: float(m.group(1)) for s in sizes if (m := _SIZE_METRES.match(s.lower()))}


def by_metres(sizes: list[str], text: str) -> str | None:
    """The one size whose width in metres the text gives (一米八的床 -> 1.8m床, 1.5的 -> 1.5x2.0m)."""
    widths = metre_sizes(sizes)
    found = {s for said in metres_said(text) for s, width in widths.items() if abs(width - said) < 0.01}
    return found.pop() if len(found) == 1 else None


def metres_unlisted(sizes: list[str], text: str) -> float | None:
    """A width in metres the text gives that none of the sizes has (1米 of a fitted sheet from 1.2 to 2.0 m)."""
    widths = metre_sizes(sizes)
    if not widths:
        return None
    return next((said for said in metres_said(text) if not any(abs(w - said) < 0.01 for w in widths.values())), None)


# a size that is an amount: 2kg, 500ml, 13片, 5斤装, or a span of one (30-40头, 14-16mm); not a count of goods (3个)
_AMOUNT_SIZE = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*[-~到]\s*(\d+(?:\.\d+)?))?\s*([a-z]+(?![a-z\d])|(?![个件只条双套])[\u4e00-\u9fff]装?$)")


def amount_unlisted(sizes: list[str], text: str, spellings: tuple[tuple[str, ...], ...]) -> str | None:
    """A figure in the unit every size is written in (2kg, 10kg; 200ml; 11片, 13片; 30-40头; the 6L of 6L单包 and 6L×4包) that none of them has or
    spans, as the text gives it (5kg of a dog food in 2kg and 10kg bags, 5公斤 too: `spellings`, the trainers' groups,
    say 公斤 is kg; 20头 of a sea cucumber sold as 30-40头 and 60-80头), written in the file's unit (100L, 3斤装)."""
    found = [m for s in sizes if (m := _AMOUNT_SIZE.match(s.lower()))]
    units = {m.group(3) for m in found}
    if not found or len(found) < len(sizes) or len(units) != 1:
        return None
    unit = units.pop()
    bare = unit.removesuffix("装") or unit  # 3斤 of 5斤装 and 10斤装
    words = sorted({unit, bare, *(w for group in spellings if bare in group for w in group)}, key=len, reverse=True)
    said = re.search(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:{'|'.join(map(re.escape, words))})(?![a-z])", text)
    if said is None or any(float(m.group(1)) <= float(said.group(1)) <= float(m.group(2) or m.group(1)) for m in found):
        return None
    written = _AMOUNT_SIZE.match(sizes[0].lower())
    return f"{said.group(1)}{sizes[0][written.start(3):written.end(3)].strip()}"  # the unit as the file writes it: 100L, not 100l
