"""Reading `catalog/*.yaml`, one product per file, with the file and line of every mistake, as the
intent files are read: shop staff write these, and a wrong stock figure is a wrong answer to a buyer."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.intents import ConfigError, Problem, read_yaml

from .model import MEASURES, PLAUSIBLE, Bundle, Catalog, Faq, Product, SizeRow, Span, Variant, in_unit

KNOWN_KEYS = ("sku", "title", "price", "aliases", "category", "item_ids", "attributes", "variants", "size_chart",
              "size_note", "shade_note", "usage", "faq", "genuine", "warranty", "bundles", "related", "suits", "options",
              "spellings")
VARIANT_KEYS = ("color", "size", "stock", "restock", "price")
_OPTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# How each measure of a size chart is written, for the messages that say how to write it.
_MEASURE_HELP = {"height": ("身高 cm", "[155, 168]"), "weight": ("体重 斤", "[90, 120]"),
                 "foot": ("脚长 mm, or cm", "[255, 260] or 260"), "head": ("头围 cm", "[54, 58]"),
                 "finger": ("指围 mm", "[51, 52]"), "wrist": ("手腕 cm", "[14, 15.5]"), "hand": ("手掌围 cm", "[17, 18]"),
                 "age": ("月龄 months", "[3, 6]"), "chest": ("胸围 cm", "[34, 44]"),
                 "waist": ("腰围 cm (2尺2 is 73)", "[70, 74]"), "back": ("背长 cm", "[26, 30]"),
                 "knee": ("膝围 cm", "[33, 36]")}
_SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


class _Reader:
    """One file's checks; each problem is added with its line and reading goes on, so a save
    shows every mistake at once."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path, self.problems = path, problems
        self._variants: dict[tuple[str, ...], int] = {}  # what a variant is (colour, size, options) -> line
        self._options: dict[str, str] = {}  # the file's named choices beyond colour and size: key -> buyers' name

    def error(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, line, message, severity))

    @staticmethod
    def line(node: Any, key: Any = None, index: int | None = None) -> int:
        lc = getattr(node, "lc", None)
        if lc is None:
            return 0
        try:
            if index is not None:
                return lc.item(index)[0] + 1
            return (lc.key(key)[0] if key is not None else lc.line) + 1
        except (KeyError, TypeError, AttributeError, IndexError):
            return 0

    def text(self, node: Any, key: str, *, required: bool = False, where: str = "") -> str:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(self.line(node, key) or self.line(node), f"{where}missing '{key}'")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.error(self.line(node, key), f"{where}'{key}' must be a text, not {type(value).__name__}")
            return ""
        return str(value).strip()

    def number(self, node: Any, key: str, *, kind: type = float, required: bool = False, where: str = "") -> Any:
        value = node.get(key)
        if value is None:
            if required:
                self.error(self.line(node, key) or self.line(node), f"{where}missing '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (kind is int and value != int(value)):
            what = "a whole number from 0" if kind is int else "a number from 0"
            self.error(self.line(node, key), f"{where}'{key}' must be {what}, not {value!r}")
            return None
        return kind(value)

    def texts(self, node: Any, key: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if not isinstance(value, list):
            self.error(self.line(node, key), f"'{key}' must be a list like [a, b]")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.error(self.line(value, index=i) or self.line(node, key), f"'{key}' entry {i + 1} is empty or not a text")
                continue
            out.append(str(item).strip())
        return tuple(out)

    def entries(self, node: Any, key: str, parse: Callable[[Any, int], Any]) -> tuple[Any, ...]:
        """A list of mappings, each parsed with its own line."""
        value = node.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(self.line(node, key), f"'{key}' must be a list, one entry a line starting with '- '")
            return ()
        out = []
        for i, item in enumerate(value):
            line = self.line(value, index=i) or self.line(node, key)
            if not hasattr(item, "get"):
                self.error(line, f"'{key}' entry {i + 1} must be a mapping like {{a: 1, b: 2}}")
                continue
            parsed = parse(item, line)
            if parsed is not None:
                out.append(parsed)
        return tuple(out)

    def span(self, node: Any, key: str, where: str) -> Span | None:
        """A measure's range [lowest, highest]; one figure (42码 = 脚长 260) is a range of one."""
        value = node.get(key)
        if value is None:
            return None
        what, example = _MEASURE_HELP[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value, value]
        if (not isinstance(value, list) or len(value) != 2
                or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in value) or value[0] > value[1]):
            self.error(self.line(node, key), f"{where}'{key}' must be [lowest, highest] ({what}), e.g. {example}, not {value!r}")
            return None
        low, high = (in_unit(key, float(v)) for v in value)
        least, most = PLAUSIBLE.get(key, (0, float("inf")))
        if not least <= low <= high <= most:
            self.error(self.line(node, key), f"{where}'{key}' ({what}) {list(value)} is no {what.split()[0]} "
                                             f"(from {least} to {most} {MEASURES[key]}), e.g. {example}")
            return None
        return low, high

    def variant(self, node: Any, line: int) -> Variant | None:
        where = "variant: "
        for key in node:
            if key not in VARIANT_KEYS and key not in self._options:
                hint = (f"declare it under 'options:' with what buyers call it, e.g. options: {{{key}: 型号}}"
                        if isinstance(key, str) and _OPTION_KEY.match(key) else "")
                known = ", ".join((*VARIANT_KEYS, *self._options))
                self.error(self.line(node, key) or line, f"{where}unknown key '{key}' (known: {known}){'; ' + hint if hint else ''}",
                           "warning")
        color, size = self.text(node, "color", where=where) or None, self.text(node, "size", where=where) or None
        options = tuple((k, value) for k in self._options if (value := self.text(node, k, where=where)))
        stock = self.number(node, "stock", kind=int, required=True, where=where)
        price = self.number(node, "price", where=where)
        restock = node.get("restock")
        if restock is not None and not isinstance(restock, date):
            try:
                restock = date.fromisoformat(str(restock))
            except ValueError:
                self.error(line, f"{where}'restock' must be a date like 2026-12-10, not {restock!r}")
                restock = None
        if restock is not None and stock:
            self.error(line, f"{where}'restock' is for a sold-out variant; stock is {stock}", "warning")
        what = (color or "", size or "", *(value for _, value in options))
        if not any(what):
            self.error(line, f"{where}give a 'color', a 'size' or an option of 'options:' (or several)")
        elif what in self._variants:
            self.error(line, f"{where}{' '.join(w for w in what if w)} is listed twice (also line {self._variants[what]}); keep one")
        self._variants.setdefault(what, line)
        return Variant(color, size, stock, restock, price, options) if stock is not None else None

    def options(self, node: Any) -> dict[str, str]:
        """`options: {switch: 轴体}`: the keys a variant may carry besides colour and size, each with what buyers
        call it, which the answers use (没有这个轴体)."""
        value = node.get("options")
        if value is None:
            return {}
        if not hasattr(value, "items"):
            self.error(self.line(node, "options"), "'options' must be a mapping of a variant key to what buyers call it, "
                                                   "e.g. options: {switch: 轴体, model: 型号}")
            return {}
        out = {}
        for key, name in value.items():
            line = self.line(value, key) or self.line(node, "options")
            if not isinstance(key, str) or not _OPTION_KEY.match(key):
                self.error(line, f"options: '{key}' must be a key in small latin letters, digits or _, e.g. switch, model")
            elif key in VARIANT_KEYS:
                self.error(line, f"options: '{key}' is a variant key already ({', '.join(VARIANT_KEYS)}); name another choice")
            elif not isinstance(name, (str, int)) or isinstance(name, bool) or not str(name).strip():
                self.error(line, f"options: '{key}' needs what buyers call it, e.g. {key}: 型号")
            else:
                out[key] = str(name).strip()
        return out

    def spellings(self, node: Any, variants: tuple[Variant, ...]) -> dict[str, tuple[str, ...]]:
        """`spellings: {iPhone15ProMax: [15pm, 大屏15]}`: other ways buyers write a variant's value. Each must be
        one of the variants' values, and a spelling may stand for one value only."""
        value = node.get("spellings")
        if value is None:
            return {}
        if not hasattr(value, "items"):
            self.error(self.line(node, "spellings"), "'spellings' must map a variant's value to how buyers write it, "
                                                     "e.g. spellings: {iPhone15ProMax: [15pm, 15promax]}")
            return {}
        known = {x for v in variants for x in v.values}
        out: dict[str, tuple[str, ...]] = {}
        seen: dict[str, str] = {}
        for key, ways in value.items():
            line = self.line(value, key) or self.line(node, "spellings")
            key = str(key).strip()
            if key not in known:
                self.error(line, f"spellings: '{key}' is no variant's colour, size or option "
                                 f"(known: {', '.join(sorted(known)) or 'none: list the variants first'})")
                continue
            ways = [ways] if isinstance(ways, str) else ways
            if not isinstance(ways, list) or not ways or any(
                    isinstance(w, bool) or not isinstance(w, (str, int, float)) or not str(w).strip() for w in ways):
                self.error(line, f"spellings: '{key}' needs a list of texts, e.g. {key}: [{key.lower()}]")
                continue
            for way in (str(w).strip() for w in ways):
                if seen.get(way.lower(), key) != key:
                    self.error(line, f"spellings: '{way}' stands for both {seen[way.lower()]} and {key}; a buyer's word "
                                     "must name one value")
                seen.setdefault(way.lower(), key)
            out[key] = tuple(str(w).strip() for w in ways)
        return out

    def size_row(self, node: Any, line: int) -> SizeRow | None:
        """A row of the size chart; a row charted only by a measure the size advice does not read (a room's area for an
        air conditioner: {size: 大1匹, area: [10, 16]}) is left out with a warning, the rest of the file still served."""
        unread = [str(k) for k in node if k not in ("size", *MEASURES)]
        self.unknown(node, ("size", *MEASURES), line)
        size = self.text(node, "size", required=True, where="size_chart: ")
        spans = {m: self.span(node, m, "size_chart: ") for m in MEASURES}
        if size and all(s is None for s in spans.values()) and not any(m in node for m in MEASURES):
            ways = ", ".join(f"'{m}' ({what})" for m, (what, _) in _MEASURE_HELP.items())
            if unread:
                self.error(line, f"size_chart: size {size} is charted by {', '.join(unread)}, which size advice does not "
                                 f"read (it reads {ways}); the row is left out: write the figures in an attribute instead, "
                                 f"e.g. 适用面积: 大1匹10-16平米", "warning")
            else:
                self.error(line, f"size_chart: size {size} needs at least one of {ways}")
            return None
        return SizeRow(size, **spans) if size and any(spans.values()) else None

    def faq(self, node: Any, line: int) -> Faq | None:
        self.unknown(node, ("q", "a"), line)
        questions = self.texts(node, "q")
        answer = self.text(node, "a", required=True, where="faq: ")
        if not questions:
            self.error(line, "faq: 'q' needs at least one way buyers ask it, e.g. q: [会缩水吗, 洗了会缩吗]")
        return Faq(questions, answer, line) if questions and answer else None

    def bundle(self, node: Any, line: int) -> Bundle | None:
        self.unknown(node, ("name", "skus", "price"), line)
        name = self.text(node, "name", required=True, where="bundle: ")
        skus = tuple(s.upper() for s in self.texts(node, "skus"))
        price = self.number(node, "price", required=True, where="bundle: ")
        if not skus:
            self.error(line, "bundle: 'skus' must list the SKUs it holds, e.g. [TS01, TS01]")
        return Bundle(name, skus, price) if name and skus and price is not None else None

    def unknown(self, node: Any, known: tuple[str, ...], line: int) -> None:
        for key in node:
            if key not in known:
                self.error(self.line(node, key) or line, f"unknown key '{key}' (known: {', '.join(known)})", "warning")

    def attributes(self, node: Any) -> dict[str, str]:
        value = node.get("attributes")
        if value is None:
            return {}
        if not hasattr(value, "items"):
            self.error(self.line(node, "attributes"), "'attributes' must be a mapping like {材质: 纯棉, 产地: 浙江}")
            return {}
        out = {}
        for key, item in value.items():
            if item is None or isinstance(item, (list, dict)) or not str(item).strip():
                self.error(self.line(value, key), f"attribute '{key}' needs one value, e.g. {key}: ...")
                continue
            out[str(key).strip()] = str(item).strip()
        return out

    def product(self) -> Product | None:
        try:
            data = read_yaml(self.path)
        except ConfigError as exc:
            for problem in exc.problems:
                self.error(problem.line, problem.message)
            return None
        if not hasattr(data, "get") or not hasattr(data, "lc"):
            self.error(1, "a catalogue file must be a mapping with sku, title and price")
            return None
        self.unknown(data, KNOWN_KEYS, 1)
        sku = self.text(data, "sku", required=True)
        if sku and not _SKU.match(sku):
            self.error(self.line(data, "sku"), f"sku '{sku}' must be letters, digits, - or _ (at most 32)")
            return None
        title = self.text(data, "title", required=True)
        price = self.number(data, "price", required=True)
        if not sku or not title or price is None:
            return None
        self._options = self.options(data)
        variants = self.entries(data, "variants", self.variant)
        for key, name in self._options.items():
            if not any(v.option(key) for v in variants):
                self.error(self.line(data["options"], key), f"options: no variant gives '{key}' ({name}); "
                                                            f"write it in the variants, e.g. {{{key}: ..., stock: 5}}", "warning")
        return Product(
            sku=sku.upper(), title=title, price=price, aliases=self.texts(data, "aliases"),
            category=self.text(data, "category"), item_ids=self.texts(data, "item_ids"),
            attributes=self.attributes(data), variants=variants,
            size_chart=self.entries(data, "size_chart", self.size_row), size_note=self.text(data, "size_note"),
            shade_note=self.text(data, "shade_note"), usage=self.text(data, "usage"),
            faq=self.entries(data, "faq", self.faq), genuine=self.text(data, "genuine"),
            warranty=self.text(data, "warranty"), bundles=self.entries(data, "bundles", self.bundle),
            related=tuple(s.upper() for s in self.texts(data, "related")), suits=self.texts(data, "suits"),
            options=self._options, spellings=self.spellings(data, variants), path=self.path, line=self.line(data, "sku"),
            aliases_line=self.line(data, "aliases") or self.line(data, "title"),
        )


def _cross_check(products: list[Product], problems: list[Problem]) -> None:
    """What one file cannot check alone: SKUs unique, bundles and related items naming real SKUs."""
    by_sku: dict[str, Product] = {}
    for p in products:
        if p.sku in by_sku:
            problems.append(Problem(p.path, p.line, f"sku {p.sku} is also used by {by_sku[p.sku].path}; each product needs its own"))
        by_sku.setdefault(p.sku, p)
    named: dict[str, Product] = {}
    for p in products:
        for name in dict.fromkeys(n.lower() for n in p.names):
            other = named.setdefault(name, p)
            if other is not p:  # 项链 of a silver and a gold necklace: a buyer who says only it is asked which one
                problems.append(Problem(p.path, p.aliases_line or p.line, f"'{name}' also names {other.sku} ({other.path.name}); a buyer who "
                                                        "says only it is asked which one is meant", "warning"))
    for p in products:
        for sku in p.related:
            if sku not in by_sku:
                problems.append(Problem(p.path, p.line, f"related names {sku}, which no catalogue file has; known: {', '.join(sorted(by_sku))}"))
            elif sku == p.sku:
                problems.append(Problem(p.path, p.line, "related names the product itself", "warning"))
        for b in p.bundles:
            for sku in b.skus:
                if sku not in by_sku:
                    problems.append(Problem(p.path, p.line, f"bundle '{b.name}' holds {sku}, which no catalogue file has"))


def read_catalog(directory: Path) -> tuple[Catalog, list[Problem]]:
    """Every product of the folder and every problem found (warnings too)."""
    directory = Path(directory)
    if not directory.is_dir():
        return Catalog(), [Problem(directory, 0, "catalogue folder not found; create it or fix engine.catalog / --catalog")]
    problems: list[Problem] = []
    products = [p for path in sorted(directory.glob("*.yaml")) if (p := _Reader(path, problems).product())]
    _cross_check(products, problems)
    return Catalog({p.sku: p for p in products}), problems


def load_catalog(directory: Path) -> Catalog:
    """The catalogue to serve with; ConfigError when any file has an error (warnings pass)."""
    catalog, problems = read_catalog(directory)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ConfigError(errors)
    return catalog
