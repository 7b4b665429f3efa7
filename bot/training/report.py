"""`run_bot.py eval FILE --report DIR`: the evaluation as a page a trainer would rather look at than
read - the headline numbers, per-intent precision/recall/F1 with bars, the confusion matrix as a
picture, and the misclassified messages.

`DIR/report.html` is self-contained (the pictures are embedded PNGs, every text escaped), so it
can be mailed or opened from a shared folder; the PNGs are also written beside it. It speaks the
shop staff's language, Chinese, pictures included (a CJK font, falling back to what matplotlib has);
intent names stay as the files spell them, since that is what a trainer types into `teach`.
"""
from __future__ import annotations

import base64
import html
import io
from collections import Counter
from datetime import datetime
from pathlib import Path

from matplotlib.figure import Figure

from bot.evaluate import Report

MISSES_SHOWN = 300
# Tried in order for each character: the CJK fonts Debian's fonts-noto-cjk installs, then the default.
FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "DejaVu Sans"]


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height))
    fig.set_layout_engine("constrained")
    return fig


def _fonts() -> None:
    from matplotlib import rcParams

    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = FONTS
    rcParams["axes.unicode_minus"] = False


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110, bbox_inches="tight")
    return out.getvalue()


def confusion_png(report: Report) -> bytes:
    """Rows: the expected intent; columns: what the bot chose. Right answers (the diagonal) in
    blue, mistakes in red, the shade the share of the row - so a small intent's mistakes show as
    clearly as a large one's; the cells carry the counts."""
    names = list(report.per_intent)
    counts = [[report.confusion.get(gold, Counter()).get(p, 0) for p in names] for gold in names]
    shares = [[c / (sum(row) or 1) for c in row] for row in counts]
    blue, red = (0.13, 0.40, 0.67), (0.80, 0.12, 0.18)

    def shade(share: float, base: tuple[float, float, float]) -> tuple[float, float, float]:
        return tuple(1 - share * (1 - c) for c in base)

    pixels = [[shade(share, blue if i == j else red) for j, share in enumerate(row)] for i, row in enumerate(shares)]
    size = max(4.0, 0.45 * len(names) + 2)
    _fonts()
    fig = _figure(size, size)
    ax = fig.add_subplot()
    ax.imshow(pixels)
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("机器人选择的意图")
    ax.set_ylabel("应属的意图")
    ax.set_title("混淆矩阵（蓝：对，红：错；颜色深浅：占该行的比例）", fontsize=10)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, str(count), ha="center", va="center", fontsize=8,
                        color="white" if shares[i][j] > 0.55 else "black")
    return _png(fig)


SCORES = (("精确率", "precision"), ("召回率", "recall"), ("F1", "f1"))


def scores_png(report: Report) -> bytes:
    return _png(scores_figure(report))


def scores_figure(report: Report) -> Figure:
    """Three bars an intent; the legend sits above the axes, in a row, so it covers no bar."""
    names = list(report.per_intent)
    _fonts()
    fig = _figure(max(6.0, 0.6 * len(names) + 2), 4.4)
    ax = fig.add_subplot()
    width = 0.27
    for k, (label, key) in enumerate(SCORES):
        values = [getattr(report.per_intent[n], key) for n in names]
        ax.bar([i + (k - 1) * width for i in range(len(names))], values, width, label=label)
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right")
    ax.set_ylim(0, 1.0)
    ax.set_title("各意图的精确率、召回率和 F1", pad=28)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(SCORES), fontsize=9, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return fig


def _cell(value: float) -> str:
    """A number with its own bar, red below 0.6, amber below 0.8."""
    colour = "#d9534f" if value < 0.6 else "#f0ad4e" if value < 0.8 else "#5cb85c"
    return (f'<td class="num"><div class="bar" style="width:{value * 100:.0f}%;background:{colour}"></div>'
            f"<span>{value:.2f}</span></td>")


def _heat_table(report: Report) -> str:
    """The confusion matrix again as a table: readable without the picture, searchable."""
    names = list(report.per_intent)
    e = html.escape
    head = "".join(f"<th class=\"rot\"><div>{e(n)}</div></th>" for n in names)
    rows = []
    for gold in names:
        row = report.confusion.get(gold, Counter())
        total = sum(row.values()) or 1
        cells = []
        for p in names:
            count = row.get(p, 0)
            alpha = count / total
            hue = "33,102,172" if p == gold else "200,30,45"
            cells.append(f'<td style="background:rgba({hue},{alpha:.2f})" title="{e(gold)} -> {e(p)}: {count}">'
                         f"{count or ''}</td>")
        rows.append(f"<tr><th>{e(gold)}</th>{''.join(cells)}</tr>")
    return f'<table class="heat"><tr><th>应属 \\ 选择</th>{head}</tr>{"".join(rows)}</table>'


def html_report(report: Report, *, source: str, title: str = "意图识别评估",
                pictures: tuple[bytes, bytes] | None = None) -> str:
    """The page; `pictures` are (confusion, scores) PNGs when already drawn."""
    e = html.escape
    s = report.summary()
    confusion_bytes, scores_bytes = pictures or (confusion_png(report), scores_png(report))
    confusion = base64.b64encode(confusion_bytes).decode()
    scores = base64.b64encode(scores_bytes).decode()
    per_intent = "".join(
        f"<tr><th>{e(name)}</th>{_cell(m.precision)}{_cell(m.recall)}{_cell(m.f1)}<td class=\"num\">{m.support}</td></tr>"
        for name, m in sorted(report.per_intent.items(), key=lambda kv: kv[1].f1)
    )
    misses = "".join(
        f"<tr><td class=\"num\">{o.case.line}</td><td>{e('/'.join(o.case.labels))}</td><td>{e(o.predicted)}</td>"
        f"<td>{e(o.case.text)}</td></tr>"
        for o in report.misses[:MISSES_SHOWN]
    )
    more = f"<p>……另有 {len(report.misses) - MISSES_SHOWN} 条未列出。</p>" if len(report.misses) > MISSES_SHOWN else ""
    headline = "".join(
        f'<div class="big"><b>{value:.1%}</b><span>{e(label)}</span></div>'
        for label, value in (("准确率", s["accuracy"]), ("范围内准确率", s["in_scope_accuracy"]),
                             ("“其他”消息正确转人工", s["other_fallback_rate"]), ("宏平均 F1", s["macro_f1"]))
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>
body {{ font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }}
h1 {{ margin-bottom: 0; }} .meta {{ color: #666; margin-top: .3em; }}
.big {{ display: inline-block; margin: 1em 2em 1em 0; }} .big b {{ display: block; font-size: 2em; }}
.big span {{ color: #666; }}
table {{ border-collapse: collapse; margin: 1em 0; }} th, td {{ padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; }}
td.num {{ position: relative; text-align: right; min-width: 4em; }}
td.num .bar {{ position: absolute; left: 0; top: 3px; bottom: 3px; opacity: .35; }}
td.num span {{ position: relative; }}
table.heat td {{ text-align: center; min-width: 1.8em; border: 1px solid #f3f3f3; }}
th.rot {{ height: 7em; white-space: nowrap; vertical-align: bottom; }}
th.rot div {{ transform: rotate(-60deg); width: 1.8em; }}
img {{ max-width: 100%; }}
</style></head><body>
<h1>{e(title)}</h1>
<p class="meta">{e(source)} &middot; {s['messages']} 条消息 &middot; {e(datetime.now().strftime('%Y-%m-%d %H:%M'))}</p>
{headline}
<h2>各意图（F1 最低的在前）</h2>
<table><tr><th>意图</th><th>精确率</th><th>召回率</th><th>F1</th><th>消息数</th></tr>{per_intent}</table>
<img alt="各意图的精确率、召回率和 F1" src="data:image/png;base64,{scores}">
<h2>混淆矩阵</h2>
<p>行：消息应属的意图；列：机器人选择的意图。对角线以外都是识别错误。</p>
<img alt="混淆矩阵" src="data:image/png;base64,{confusion}">
{_heat_table(report)}
<h2>识别错误（{len(report.misses)} 条）</h2>
<table><tr><th>行号</th><th>应为</th><th>机器人选择</th><th>消息</th></tr>{misses}</table>
{more}
</body></html>
"""


def write_report(report: Report, directory: Path, *, source: str, title: str = "意图识别评估") -> Path:
    """Writes DIR/report.html (self-contained) and the two pictures beside it; returns the page."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    pictures = confusion_png(report), scores_png(report)
    (directory / "confusion.png").write_bytes(pictures[0])
    (directory / "scores.png").write_bytes(pictures[1])
    page = directory / "report.html"
    page.write_text(html_report(report, source=source, title=title, pictures=pictures), encoding="utf-8")
    return page
