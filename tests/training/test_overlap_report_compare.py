"""The leave-one-out overlap in `validate`, the HTML report of `eval --report`, and
`eval --compare` against a git revision and a folder - all through run_bot.py on real files."""
from __future__ import annotations

import base64
import copy
import dataclasses
import json
import re
import shutil
import subprocess

from bot.engine import build_engine
from bot.matcher import Matcher
from bot.training.overlap import leave_one_out

from .conftest import engine_args, run_bot

# A trainer's slip: a return example that only says what the shipping intent's keyword says.
OVERLAPPING = "发货太慢了"


def tiny_shop(shop):
    """Three small intents, so the leave-one-out can be checked against real rebuilds."""
    for p in shop.intents.glob("*.yaml"):
        p.unlink()
    (shop.intents / "shipping.yaml").write_text(
        "name: shipping\nmode: auto\nexamples:\n  - 什么时候发货\n  - 快递什么时候到\n  - 发了吗\n"
        "keywords: [发货, 快递]\n", encoding="utf-8")
    (shop.intents / "return.yaml").write_text(
        f"name: return\nmode: suggest\nexamples:\n  - 我要退货\n  - 退货运费谁出\n  - {OVERLAPPING}\n"
        "keywords: [退货, 退款]\n", encoding="utf-8")
    (shop.intents / "bargain.yaml").write_text(
        "name: bargain\nmode: suggest\nexamples:\n  - 能便宜点吗\n  - 少点吧老板\n  - 有优惠吗\n"
        "keywords: [便宜, 优惠]\n", encoding="utf-8")
    return shop


def test_leave_one_out_finds_the_crossing_and_agrees_with_real_rebuilds(shop):
    tiny_shop(shop)
    engine = build_engine(shop)
    crossings = {(c.intent, c.example): c for c in leave_one_out(engine)}
    assert crossings[("return", OVERLAPPING)].went_to == "shipping"
    assert crossings[("return", OVERLAPPING)].line == 6
    for intent in engine.matcher.intents:  # the masked index decides as a rebuild without the example
        for example in intent.examples:
            without = [dataclasses.replace(i, examples=tuple(x for x in i.examples if x != example))
                       if i.name == intent.name else i for i in engine.matcher.intents]
            rebuilt = copy.copy(engine)
            rebuilt.matcher = Matcher(without, words=engine.tokenizer.content_words, normalise=engine.normalise,
                                      options=engine.matcher.options)
            chosen = rebuilt.read(example).chosen
            expected = chosen[0].intent if chosen else None
            found = crossings.get((intent.name, example))
            assert (found.went_to if found else intent.name) == expected, (intent.name, example)


def test_validate_lists_the_overlap_with_file_and_line(shop):
    tiny_shop(shop)
    summary = run_bot("validate", *engine_args(shop), "--aspects", str(shop.aspects))
    assert OVERLAPPING not in summary.stdout  # by default, the count and the pairs only
    assert "example(s) the bot would send to another intent (--overlaps lists each" in summary.stdout
    result = run_bot("validate", "--overlaps", *engine_args(shop), "--aspects", str(shop.aspects))
    line = next((l for l in result.stdout.splitlines() if OVERLAPPING in l), "")
    assert f"{shop.intents / 'return.yaml'}:6: warning:" in line and "would go to 'shipping'" in line
    pairs = result.stdout.split("overlap by intent pair", 1)[1].splitlines()[1:]
    assert [row.split() for row in pairs][0] == ["1", "return", "->", "shipping"]
    assert result.returncode == 0, result.stdout  # warnings only
    quick = run_bot("validate", "--no-overlap", *engine_args(shop), "--aspects", str(shop.aspects))
    assert OVERLAPPING not in quick.stdout


LABELLED = [
    {"text": "什么时候发货", "labels": ["shipping"]},
    {"text": "能便宜点吗", "labels": ["bargain"]},
    {"text": "我要退货", "labels": ["return"]},
    {"text": "紫色独角兽咕噜咕噜", "labels": ["greeting"]},
    {"text": "<b>咕噜</b> & 紫色 \"独角兽\"", "labels": ["greeting"]},
    {"text": "今天天气不错", "labels": ["other"]},
]


def write_labelled(path):
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in LABELLED), encoding="utf-8")
    return path


def test_eval_report_is_a_self_contained_page_with_the_figures(shop, tmp_path):
    labelled = write_labelled(tmp_path / "dev.jsonl")
    out = tmp_path / "report"
    result = run_bot("eval", str(labelled), "--report", str(out), *engine_args(shop))
    assert result.returncode == 0, result.stderr
    assert f"report: {out / 'report.html'}" in result.stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 2 and all(base64.b64decode(i).startswith(b"\x89PNG\r\n\x1a\n") for i in images)
    assert (out / "confusion.png").read_bytes().startswith(b"\x89PNG")
    assert "<h2>混淆矩阵</h2>" in page and "各意图" in page and "准确率" in page  # the shop staff's language
    assert not re.search(r">(Per intent|Confusion matrix|accuracy|Misclassified)", page)
    for name in ("shipping", "bargain", "return", "greeting", "other"):
        assert f"<th>{name}</th>" in page
    assert "<span>1.00</span>" in page  # shipping's precision, recall and F1
    assert "&lt;b&gt;咕噜&lt;/b&gt; &amp; 紫色 &quot;独角兽&quot;" in page and "<b>咕噜</b>" not in page
    assert "src=\"http" not in page and "<script" not in page  # nothing fetched, nothing run


def test_compare_against_a_revision_and_a_folder_shows_the_changed_message(shop, tmp_path):
    labelled = write_labelled(tmp_path / "dev.jsonl")
    root = shop.intents.parent
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "intents", "replies", "policy"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "before the trainer's change"], cwd=root, check=True)
    before = tmp_path / "before"
    shutil.copytree(root, before, ignore=shutil.ignore_patterns(".git"))
    assert run_bot("teach", "紫色独角兽咕噜咕噜", "greeting", *engine_args(shop)).returncode == 0

    for against in ("HEAD", str(before)):
        result = run_bot("eval", str(labelled), "--compare", against, *engine_args(shop), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert "changed intent: 1 fixed" in out, out
        assert "line 4 [fixed] expected greeting: other -> greeting: 紫色独角兽咕噜咕噜" in out
        accuracy = next(l for l in out.splitlines() if l.startswith("accuracy")).split()
        assert float(accuracy[2]) > float(accuracy[1])  # the current files score better
    assert "revision HEAD: " in run_bot("eval", str(labelled), "--compare", "HEAD", *engine_args(shop)).stdout
    bad = run_bot("eval", str(labelled), "--compare", "no-such-rev", *engine_args(shop))
    assert bad.returncode == 2 and "neither a folder nor a git revision" in bad.stderr


def test_the_scores_legend_sits_above_the_bars_and_the_text_is_chinese():
    """The legend used to sit in the lower right, over the last intent's bars."""
    from bot.evaluate import PerIntent, Report
    from bot.training.report import scores_figure

    report = Report((), {name: PerIntent(0.9, 0.95, 0.92, 10) for name in ("bargain", "return", "shipping")}, {})
    fig = scores_figure(report)
    fig.canvas.draw()
    [ax] = fig.axes
    legend = ax.get_legend().get_window_extent()
    bars = [patch.get_window_extent() for patch in ax.patches]
    assert len(bars) == 9 and not any(legend.overlaps(bar) for bar in bars)
    assert legend.y0 >= ax.get_window_extent().y1 - 1  # above the plotting area
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["精确率", "召回率", "F1"]
    from matplotlib import font_manager

    family = ax.get_legend().get_texts()[0].get_fontfamily()
    assert "CJK" in font_manager.findfont(font_manager.FontProperties(family=family))  # no tofu boxes
