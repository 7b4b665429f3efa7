"""How buyers write a variant's value: 苹果15promax, iphone 15 pro max and 15pm are the file's iPhone15ProMax.

A message reaches the desk lower-case and half-width; here each value of an item's variants (colour, size, a named
option) becomes one pattern that also takes spaces or a hyphen between its parts, the words the trainers list as
written for one another (`spellings:` in intents/product_words.yaml: [iphone, 苹果], [promax, pro max, pm]), a
leading brand left out when the rest still names a model (15pro, mate60pro), and the shop's own ways of writing it
(`spellings:` in the item's file). `Spellings.read` writes what it finds as the file writes it, so the rest of the
desk reads the value as if typed so; `Spellings.unknown` finds what is written like a model of the item that no
variant is (苹果13 against iPhone15 ... iPhone16ProMax)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .model import Product

_SEP = r"[\s\-_]?"
_SPACING = re.compile(r"[\s\-_]+")
_LETTERS = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
_SKIPPED = re.compile(r"[\s\-_]")
# a latin letter or digit is never part of a longer one: 15 is not the start of 150, nor pro of promax
_EDGE = r"(?:(?<![a-z0-9])|(?![a-z0-9]))"
_MODEL_END = r"(?![\s\-_]?[a-z0-9])"
_NUMERALS = "零一二三四五六七八九"
_ALNUM = re.compile(r"[a-z0-9]")


def _figure(digits: str) -> str:
    """A figure as buyers write it, in digits or in Chinese numerals (2米, 两米; 15, 十五)."""
    n = int(digits)
    if digits.startswith("0") or not 0 < n < 100:
        return re.escape(digits)
    ways = [_numeral(n)] + (["两"] if n == 2 else [])
    return f"(?:{digits}|(?<![零一二两三四五六七八九十百]){'|'.join(ways)})"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


@dataclass(frozen=True)
class _Token:
    text: str
    pattern: str
    kind: str  # "word" (a group's word), "letters", "digits", "cjk" (one character) or "other"


class _Groups:
    """The trainers' word groups: each word -> the pattern of every word of its groups."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]) -> None:
        alternatives: dict[str, set[str]] = {}
        for group in groups:
            for word in group:
                alternatives.setdefault(_SPACING.sub("", _plain(word)), set()).update(_plain(w) for w in group)
        self.words = sorted(alternatives, key=len, reverse=True)
        # a single letter whose group says it only in Chinese (l and 升, g and 克): a unit, said only after a figure
        self.units = {w for w, alts in alternatives.items() if len(w) == 1 and w.isascii() and all(
            not a.isascii() for a in alts if a != w)}
        self.pattern = {w: "(?:" + "|".join(_written(a) for a in sorted(alts, key=len, reverse=True)) + ")"
                        for w, alts in alternatives.items()}


def _written(word: str) -> str:
    """A word as a pattern that takes a space or hyphen wherever the word has one (pro max, type-c)."""
    return _SEP.join(re.escape(part) for part in _SPACING.split(word) if part)


def _tokens(value: str, groups: _Groups) -> list[_Token]:
    """A value cut into the trainers' words, runs of letters, runs of digits and single characters. A latin word of
    a group counts only as a whole run of letters (the ip of ipad is no iphone), and one of a single letter only as
    the unit after a figure (the l of 55L is 升; the size L is no 升)."""
    text, i, out = _SPACING.sub("", _plain(value)), 0, []
    while i < len(text):
        word = next((w for w in groups.words if text.startswith(w, i) and not (
            w[-1].isascii() and w[-1].isalpha() and i + len(w) < len(text) and text[i + len(w)].isascii()
            and text[i + len(w)].isalpha()) and not (w[0].isascii() and i and text[i - 1].isascii() and text[i - 1].isalpha())
            and not (w in groups.units and not (out and out[-1].kind == "digits"))), None)
        if word:
            out.append(_Token(word, groups.pattern[word], "word"))
            i += len(word)
            continue
        for kind, run in (("letters", _LETTERS), ("digits", _DIGITS)):
            if m := run.match(text, i):
                out.append(_Token(m.group(0), _figure(m.group(0)) if kind == "digits" else re.escape(m.group(0)), kind))
                i = m.end()
                break
        else:
            kind = "cjk" if "\u4e00" <= text[i] <= "\u9fff" else "other"
            point = text[i] == "." and out and out[-1].kind == "digits"  # 5.4kg said 五点四公斤
            out.append(_Token(text[i], r"(?:\.|点)" if point else re.escape(text[i]), kind))
            i += 1
    return out


def _joined(tokens: list[_Token]) -> str:
    parts = []
    for n, token in enumerate(tokens):
        if n and not (token.kind == "cjk" and tokens[n - 1].kind == "cjk"):
            parts.append(_SEP)
        parts.append(token.pattern)
    return "".join(parts)


def _brand_optional(tokens: list[_Token]) -> bool:
    """Whether a value may be written without its first word: iPhone15Pro as 15pro, 华为Mate60 as mate60; not
    iPhone15 as 15, which is any figure."""
    rest = tokens[1:]
    return (len(tokens) > 2 and tokens[0].kind in ("word", "letters")
            and any(t.kind == "digits" for t in rest) and any(t.kind in ("word", "letters") for t in rest))


def _pattern(value: str, groups: _Groups, *, own: bool = True) -> str:
    tokens = _tokens(value, groups)
    if not tokens:
        return "(?!)"
    if own and _brand_optional(tokens):
        body = f"(?:{tokens[0].pattern}{_SEP})?{_joined(tokens[1:])}"
    else:
        body = _joined(tokens)
    # a model is not the start of a longer one written with a space: iphone15 plus is no iPhone15
    end = _MODEL_END if _model_like(tokens) else _EDGE
    return f"{_EDGE}{body}{end}"


def _model_like(tokens: list[_Token]) -> bool:
    """A value that names a model: words, then a figure (iPhone15, 华为Mate60, iPhone15ProMax)."""
    first = next((n for n, t in enumerate(tokens) if t.kind == "digits"), None)
    return bool(first) and any(t.kind in ("word", "letters") for t in tokens[:first])


def _shape(value: str, groups: _Groups) -> str | None:
    """The pattern of anything written like this value with another figure (iphone13 like iPhone15Pro, mate50 like
    华为Mate60): its words before the first figure, then a figure and what may follow it."""
    tokens = _tokens(value, groups)
    if not _model_like(tokens):
        return None
    head = tokens[:next(n for n, t in enumerate(tokens) if t.kind == "digits")]
    prefix = f"(?:{head[0].pattern}{_SEP})?{_joined(head[1:])}" if len(head) > 1 and head[0].kind == "word" else _joined(head)
    return rf"{_EDGE}{prefix}{_SEP}\d{{1,4}}(?:{_SEP}[a-z]+)*{_EDGE}"


def _brands(groups: _Groups) -> str:
    """Any model of a brand the trainers' groups name (小米14, 三星s24, 华为p60 of a case made for iPhones): a word of
    two or more letters or characters, then a figure, perhaps after a series' letters."""
    words = "|".join(_written(w) for w in groups.words if len(w) > 1 and not any(c.isdigit() for c in w))
    return rf"{_EDGE}(?:{words}){_SEP}(?:[a-z]{{1,4}}{_SEP})?\d{{1,4}}(?:{_SEP}[a-z]+)*{_EDGE}" if words else "(?!)"


def _suffixed(values: tuple[str, ...]) -> str | None:
    """The pattern of another value of the same kind where every value is one character and a shared last one
    (青轴, 红轴, 茶轴: 粉轴), but not a question word before it (什么轴, 哪个轴)."""
    if len(values) < 2 or any(len(v) != 2 or not all("\u4e00" <= c <= "\u9fff" for c in v) for v in values):
        return None
    last = {v[-1] for v in values}
    return rf"[\u4e00-\u9fff](?<![么个种啥几些哪的这那]){re.escape(last.pop())}" if len(last) == 1 else None


def _measure(value: str, groups: _Groups) -> str | None:
    """The pattern of a figure in the unit of this value (3米 like 1米, 10000mah like 20000mAh), in digits or in
    Chinese numerals."""
    tokens = _tokens(value, groups)
    if len(tokens) < 2 or tokens[0].kind != "digits" or any(t.kind == "digits" for t in tokens[1:]):
        return None
    return rf"{_EDGE}(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+){_SEP}{_joined(tokens[1:])}{_EDGE}"


_DIGIT_OF = {c: str(n) for n, c in enumerate(_NUMERALS)} | {"两": "2"}


def _numeral(n: int) -> str:
    """A whole number under 100 in Chinese numerals (3 -> 三, 15 -> 十五, 40 -> 四十)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _NUMERALS[tens]) + "十" if tens else "") + (_NUMERALS[ones] if ones else "")


def _shorthands(value: str, groups: _Groups, values: dict[str, str]) -> list[str]:
    """How buyers shorten a value of a pack, a measure or a range, in digits or Chinese numerals: 5斤装 as 5斤 or 五斤 (a
    pack named by its weight), 200x230cm as 200*230, 1.5匹 as 一匹半, 40-50头 as 四五十头 or 40到50头. A shorthand that another value starts with too (5斤
    of 5斤原箱) is left out, and so is one of a single unit (一斤多少颗 asks per 斤, not of the 1斤装). A grade of letters
    (JJJ as 3J) is `_graded`'s."""
    plain, ways = _plain(value), []
    if (m := re.fullmatch(r"((?!1\D)\d+(?:\.\d+)?[\u4e00-\u9fff])装", plain)) and not any(
            other != value and (_plain(other) == m.group(1) or _plain(other).startswith(m.group(1))) for other in values):
        ways.append(_pattern(m.group(1), groups, own=False))  # 5斤装 as 5斤: not where a 5斤原箱 is sold too
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)\s*[x*×]\s*(\d+(?:\.\d+)?)\s*(cm|mm|m|厘米|毫米|米)", plain):  # 200x230cm as 200*230
        ways.append(rf"(?<![\d.]){re.escape(m.group(1))}\s*[x*×乘]\s*{re.escape(m.group(2))}(?![\d.])")
        ways.extend(_dimensions_otherwise(m.group(1), m.group(2), m.group(3)))
    if m := re.fullmatch(r"(\d)\.5([\u4e00-\u9fff])", plain):  # 1.5匹 as 一匹半
        ways.append(rf"(?<![\d.零一二两三四五六七八九十百])(?:{m.group(1)}|{_numeral(int(m.group(1)))}){m.group(2)}半")
    if m := re.fullmatch(r"(\d{1,2})\s*[-~～到至]\s*(\d{1,2})([\u4e00-\u9fff])", plain):  # 40-50头
        low, high, unit = int(m.group(1)), int(m.group(2)), m.group(3)
        said = [rf"(?:{low}|{_numeral(low)}){_SEP}(?:-|~|～|到|至){_SEP}(?:{high}|{_numeral(high)})"]
        if low % 10 == high % 10 == 0 and high - low == 10 and low:  # 四五十: two tens in a row
            said.append(f"{_NUMERALS[low // 10]}{_NUMERALS[high // 10]}十")
        ways.append(rf"(?<![\d.零一二两三四五六七八九十百])(?:{'|'.join(said)}){_SEP}{unit}")
    return ways


def _in_metres(cm: int) -> str | None:
    """A length of whole tens of centimetres as buyers write it in metres: 160 as 1.6, 1.6米, 1米6 or 一米六; 200 as
    2, 2米, 2.0 or 两米. None for what no one writes so (165, or 10 metres and more)."""
    metres, tenths = divmod(cm, 100)
    if cm % 10 or not 0 < metres < 10:
        return None
    tenths //= 10
    numeral = _numeral(metres) + ("|两" if metres == 2 else "")
    if not tenths:
        return rf"(?:{metres}(?:\.0)?(?:米|m)?|(?:{numeral})米)"
    return rf"(?:{metres}\.{tenths}0?(?:米|m)?|{metres}米{tenths}|(?:{numeral})米{_numeral(tenths)})"


_TWO_LENGTHS = re.compile(r"(\d+(?:\.\d+)?)\s*[x*×]\s*\d+(?:\.\d+)?\s*(cm|m|厘米|米)")


def _dimensions(value: str) -> str | None:
    """The pattern of any two lengths of the magnitude of this value's (300x400 like 120x160cm, 2.2x2.4 like
    1.8x2.0m), its unit written or not: a size no variant is once the value's own spellings are read."""
    if not (m := _TWO_LENGTHS.fullmatch(_plain(value))):
        return None
    side = r"\d(?:\.\d{1,2})?" if m.group(2) in ("m", "米") else r"\d{2,3}"
    return rf"(?<![\d.]){side}\s*[x*×乘]\s*{side}\s*(?:{m.group(2)}|厘米|公分|cm|米|m)?(?![\d.])"


def _dimensions_otherwise(width: str, length: str, unit: str) -> list[str]:
    """A size of two lengths written in the other unit buyers use for it: 160x230cm as 一米六乘二米三 or 1.6x2.3米,
    1.8x2.0m as 180x200 (a mattress's, in centimetres)."""
    if unit in ("cm", "厘米") and width.isdigit() and length.isdigit():
        sides = [_in_metres(int(width)), _in_metres(int(length))]
        if None in sides:
            return []
        return [rf"(?<![\d.零一二两三四五六七八九十百]){sides[0]}\s*[x*×乘]\s*{sides[1]}(?![\d.零一二三四五六七八九十])"]
    if unit in ("m", "米"):
        cm = [round(float(x) * 100) for x in (width, length)]
        return [rf"(?<![\d.]){cm[0]}\s*[x*×乘]\s*{cm[1]}\s*(?:cm|厘米|公分)?(?![\d.])"] if all(10 <= c < 1000 for c in cm) else []
    return []


def _spaced(before: str, after: str) -> str:
    """Two pieces joined, with a space where a latin letter or figure would run into another: c转苹果2米 is
    c转lightning 2米, whose size still reads as one."""
    if before and after and _ALNUM.match(before[-1]) and _ALNUM.match(after[0]):
        return f"{before} {after}"
    return before + after


@dataclass(frozen=True)
class Spellings:
    """One item's variant values as buyers write them."""

    product: Product
    groups: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def _keys(self) -> dict[str, str]:
        """Each value (as the file writes it) -> the dimension it belongs to: color, size or an option's key."""
        out: dict[str, str] = {}
        for key in ("color", "size", *self.product.options):
            for value in self.product.option_values(key):
                out.setdefault(value, key)
        return out

    @cached_property
    def _reader(self) -> tuple[re.Pattern[str], list[str]] | None:
        groups = _Groups(self.groups)
        values = sorted(self._keys, key=lambda v: len(_plain(v)), reverse=True)
        alternatives, named = [], []
        for value in values:
            ways = [_pattern(value, groups), *(_pattern(w, groups, own=False) for w in self.product.spellings.get(value, ())),
                    *_shorthands(value, groups, self._keys)]
            alternatives.append(f"(?P<v{len(named)}>{'|'.join(ways)})")
            named.append(value)
        return (re.compile("|".join(alternatives)), named) if alternatives else None

    @cached_property
    def _shapes(self) -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
        """Per dimension, the pattern of a model written like its values (sizes and options), and of a figure in
        its values' unit (8公斤 of a washer sold in 10公斤 and 12公斤; a size of 130码 is the size reader's, a range of
        30-40头 none of a figure) or another
        value of their last character (options only)."""
        groups = _Groups(self.groups)
        models: dict[str, set[str]] = {}
        measures: dict[str, set[str]] = {}
        for value, key in self._keys.items():
            if key != "color" and (shape := _shape(value, groups)):
                models.setdefault(key, {_brands(groups)}).add(shape)
            if (key in self.product.options or key == "size" and not re.search(r"[码号]$|\d\s*[-~～到至]", value)) and (
                    shape := _measure(value, groups) or _dimensions(value)):
                measures.setdefault(key, set()).add(shape)
        for key in self.product.options:
            if shape := _suffixed(self.product.option_values(key)):
                measures.setdefault(key, set()).add(shape)
        return tuple({key: re.compile("|".join(sorted(s))) for key, s in found.items()} for found in (models, measures))

    def guessed(self, key: str, said: str) -> bool:
        """Whether a value said was found only by its last character (粉轴 like 青轴: 静音轴 may be cut short), so
        "we have none" is for an agent to say."""
        shape = _suffixed(self.product.option_values(key)) if key in self.product.options else None
        return bool(shape and re.fullmatch(shape, said))

    def same_line(self, key: str, said: str) -> bool:
        """Whether a model said is written like the item's own values with another figure (苹果13, ipad9 of a case
        made for iPhone15 or iPad10): a case of one generation often fits the next, which the shop knows and the file
        does not say, so "it does not fit" is for an agent; another brand's model (小米14) surely is none of them."""
        groups = _Groups(self.groups)
        shapes = [shape for value in self.product.option_values(key) if (shape := _shape(value, groups))]
        return any(re.search(shape, self.read(said)) for shape in shapes)

    @cached_property
    def _grades(self) -> re.Pattern[str] | None:
        """A count before a letter that the item's values repeat as grades (J, JJ, JJJ: 3J, 三个J, 4J)."""
        letters = {v[0] for v in map(_plain, self._keys) if re.fullmatch(r"([a-z])\1+", v)}
        if not letters:
            return None
        return re.compile(rf"(?<![a-z0-9零一二两三四五六七八九十])([1-9]|[一二两三四五六七八九]){_SEP}个?([{''.join(sorted(letters))}])(?![a-z0-9])")

    def _graded(self, text: str) -> str:
        """The text with a grade said by its count written as the letters repeated (三个J -> jjj), so that 4J is no J
        but a grade of four letters, which no value is."""
        if self._grades is None:
            return text
        return self._grades.sub(lambda m: m.group(2) * int(_DIGIT_OF.get(m.group(1), m.group(1))), text)

    def read(self, text: str) -> str:
        """The text with each value written as the file writes it (lower case, as messages are)."""
        text = self._graded(text)
        if self._reader is None:
            return text
        pattern, named = self._reader
        out, at = "", 0
        for m in pattern.finditer(text):
            value = named[int(m.lastgroup[1:])].lower()  # type: ignore[index]
            out = _spaced(_spaced(out, text[at:m.start()]), value)
            at = m.end()
        return _spaced(out, text[at:]) if at else text

    def unknown(self, text: str, *, measures: bool = False) -> tuple[str, str] | None:
        """(dimension, as written) of the first thing `text` (already `read`) writes like one of the item's values
        of a dimension but that none of them is: 苹果13 of a film sold for iPhone15 and 16; with `measures`, 3米 of
        a cable whose option 线长 is 1米 or 2米 too."""
        known = {_SPACING.sub("", v.lower()) for v in self._keys}
        models, sized = self._shapes
        for key, shape in (*models.items(), *(sized.items() if measures else ())):
            for m in shape.finditer(text):
                if key == "size" and (m.group(0).lstrip().startswith("一") or re.search(r"[-~～到至]\s*$", text[:m.start()])):
                    continue  # 一公斤多少钱 asks per unit, not for a size of one; 十到二十头 is a range, not 二十头
                if _SKIPPED.sub("", m.group(0)) not in known:
                    return key, m.group(0).strip()
        return None
