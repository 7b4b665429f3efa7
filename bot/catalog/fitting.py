"""Whether the goods fit the buyer: size advice from the measures a question gives against the item's chart or the
table the shop writes in words (`size_advice`), and whether the item fits what the buyer names, a phone, a screen, a
weight (`fit_advice`)."""
from __future__ import annotations

import re
from typing import Any

from . import fits as fits_by
from . import measuring, sizes, sizing
from .attributes import devices_named
from .model import MEASURES, Product, money
from .reading import Question, Reader
from .variants import variant, wanted_variants


def size_advice(read: Reader, product: Product, q: Question, context: dict[str, Any], facts: dict[str, Any]) -> str:
    """Size advice, filling the template's `context` and the answer's `facts`; the kind rendered: the size the
    measures given read on the chart (or on a table the shop writes in words, or from the size usually worn and the
    shop's note), the measures to ask for when they are too few, or the shop's note when the item has no chart."""
    given, chart = q.measures, product.size_chart
    grown = given.age is not None and given.age > measuring.CHILD_YEARS * 12  # 58岁 of reading glasses: no 宝宝696个月
    context.update({m: money(given.of(m)) for m in MEASURES}, measure=None, table=None, usual=None, usual_fit=None,
                   years=money(given.age / 12) if grown else None,
                   by_note=False, runs=None,  # and what the chart goes by that the buyer left out, which decides between two
                   missing=[m for m in MEASURES if given.of(m) is None and any(r.span(m) for r in chart)])
    if not sizing.used(chart, given) and (by_table := read.by_table(product, q.text)):
        return _size_by_table(read, product, q, by_table, context, facts)  # 脚长 against 码数对照 in an attribute
    if not chart and given.usual and (size := sizing.by_note(product.size_note, _smallest_first(product.option_values("size")), given.usual)):
        return _size_chosen(read, product, q, (size, None), context, facts, usual=given.usual)  # 偏小半码: one up
    if not chart:  # the shop's note, and its table in words with the measure it goes by (头围: M码54-58cm)
        tables = [t for t in sizes.tables(product) if t.source in product.attributes]
        context.update(note=product.size_note, tables=[f"{t.source}：{product.attributes[t.source]}" for t in tables],
                       measure=next((t.measure for t in sizes.tables(product)), None))
        return "size_note"
    context.update(note=product.size_note, asked=read.wanted(product, q.text).size)
    if not sizing.used(chart, given):
        row = sizing.usual_row(chart, given.usual) if given.usual else None
        if row is None:
            context["chart"] = [r.to_dict() for r in chart]
            context["measures"] = [m for m in MEASURES if any(r.span(m) for r in chart)]
            return "ask_measurements"
        # 平时穿42的: the same size, and what the chart says it fits; one up or down when the note says it runs so
        shifted = sizing.by_note(product.size_note, [r.size for r in chart], given.usual)
        if shifted and shifted != row.size:
            return _size_chosen(read, product, q, (shifted, None), context, facts, usual=given.usual)
        advice, edge = (row.size, None), None
        context.update(usual=given.usual, usual_fit=_span(row.foot) and f"脚长{_span(row.foot)}mm")
    else:
        advice = sizing.advise_size(chart, given)
        edge = None if advice else sizing.beyond_chart(chart, given)
    if advice is None and edge is None:
        return "unanswered"
    context["beyond"] = edge[1] if edge else None
    return _size_chosen(read, product, q, advice or (edge[0], None), context, facts)


def _size_chosen(read: Reader, product: Product, q: Question, advice: tuple[str, str | None], context: dict[str, Any],
                 facts: dict[str, Any], *, usual: str | None = None) -> str:
    """The size advised (and the next one, between two), with its stock in the colour asked; `usual`: chosen from
    the size usually worn as the size note says the item runs (偏小: one up), which an agent confirms."""
    size, between = advice
    if usual:
        context.update(usual=usual, by_note=True, note=product.size_note)
    color = read.wanted(product, q.text).color
    stock = [v for v in product.variants if v.size == size and (color is None or v.color == color)]
    context.update(size=size, between=between, color=color, runs=sizing.runs(product.size_note) if between else None,
                   sold_out=bool(stock) and all(v.stock == 0 for v in stock),
                   restock=min((v.restock for v in stock if v.restock), default=None))
    facts["recommended_size"] = f"{size}/{between}" if between else size
    return "size"


def _size_by_table(read: Reader, product: Product, q: Question, given: tuple[sizes.SizeTable, float, str],
                   context: dict[str, Any], facts: dict[str, Any]) -> str:
    """Size advice from a table the shop writes in words (脚长 against 码数对照); off the table or between two
    sizes it is the nearest ones, which an agent confirms (`alone._read_plainly`)."""
    table, value, shown = given
    picked = table.pick(value)
    if picked is None:
        return "unanswered"
    size, between, beyond = picked
    stock = [v for v in product.variants if size.upper() in (x.upper() for x in v.values)]  # 10号, or 1段 of 段数
    if size not in product.option_values("size"):
        context["ma"] = ""  # 1.60 of a lens's 折射率: an option's value, no 码
    context.update(measure=shown, table=table.source, size=size, between=between, beyond=beyond, own=table.own,
                   note=_table_said(product, table), height=None, weight=None,
                   color=None, sold_out=bool(stock) and all(v.stock == 0 for v in stock),
                   restock=min((v.restock for v in stock if v.restock), default=None))
    facts["recommended_size"] = f"{size}/{between}" if between else size
    return "size"


def _table_said(product: Product, table: sizes.SizeTable) -> str | None:
    """What the answer quotes beside the size: the shop's note when the table is elsewhere; for a table by what the goods
    are for (度数, a room's ㎡), the table itself, which says the rule an agent confirms (适用面积：12L款10-30平米；…)."""
    if table.own:
        return product.size_note if table.source == "尺码说明" else f"{table.source}：{product.attributes[table.source]}"
    return product.size_note if table.source != "尺码说明" else None


def fit_advice(read: Reader, product: Product, q: Question, context: dict[str, Any], facts: dict[str, Any]) -> bool:
    """Whether the item fits what the buyer names: the variants made for it and their stock, or that none is
    (不适配苹果13) and which there are; or the attributes that name it, which an agent confirms. True when the
    answer rests on the variants alone."""
    unknown = read.spellings[product.sku].unknown(q.text)
    want = read.wanted(product, q.text)
    context.update(missing=False, found=[], wanted=None, attributes=[], figures=[])
    if unknown and not (want.size if unknown[0] == "size" else dict(want.options).get(unknown[0])):
        key, said = unknown
        context.update(missing=True, said=said, name=product.options.get(key),
                       values=list(product.option_values(key)))
        facts["fits"] = f"no: {said}"
        return not read.spellings[product.sku].same_line(key, said)
    if want.size or want.options:
        chosen = wanted_variants(product, want)
        context.update(wanted=want.label, found=[variant(v, q.today) for v in chosen],
                       unlisted=not chosen)
        facts["fits"] = want.label
        return bool(chosen)  # 灰色 iPhone15: both exist, not together; the file may only have left it out
    if figures := fits_by.by_figures(product, q.text):  # 27寸 6公斤 against 适用尺寸 17-32英寸, 承重 2-9kg
        context["figures"] = [vars(f) for f in figures]
        facts["fits"] = "yes" if all(f.fits for f in figures) else "no"
        return True
    context["attributes"] = [{"name": n, "value": v} for n, v in devices_named(product, q.plain)]
    facts["fits"] = "by attributes"
    return False


def _smallest_first(sizes: tuple[str, ...]) -> list[str]:
    """An item's sizes smallest first: by figure when each is one (26, 27.5, 28), else in the file's order (S, M, L)."""
    figures = [re.fullmatch(r"\d+(?:\.\d+)?", s) for s in sizes]
    return sorted(sizes, key=float) if all(figures) else list(sizes)


def _span(span: tuple[float, float] | None) -> str | None:
    """260 of [260, 260], 255-260 of [255, 260]."""
    if span is None:
        return None
    low, high = money(span[0]), money(span[1])
    return low if low == high else f"{low}-{high}"
