"""scripts/baselines.py compares the matcher with the baselines at the same fallback rate: the cut-off it sweeps
must read each message as the matcher would at that threshold, remarks' margin included."""
from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine import Engine, EnginePaths
from bot.evaluate import OTHER, Case
from bot.intents import load_intents, load_sending_cues

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("baselines", ROOT / "scripts" / "baselines.py")
baselines = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(baselines)

MESSAGES = ["新包装比原来的好看", "东西都收到了是吧", "什么时候发货", "质量一直挺好", "能便宜点吗 谢谢", "我想退货",
            "快递放门口了", "好的", "这个颜色和图片一样吗", "昨天买的今天就降价了"]


@pytest.mark.parametrize("threshold", [0.3, 0.45, 0.52, 0.58, 0.62, 0.7])
def test_the_sweep_reads_as_the_matcher_at_that_threshold(engine: Engine, threshold: float) -> None:
    cases = [Case(n, text, ("x",)) for n, text in enumerate(MESSAGES)]
    steps = baselines.matcher_steps(engine, cases)
    keep = engine.matcher.options
    engine.matcher.options = replace(keep, threshold=threshold)
    try:
        direct = [(c[0].intent if (c := engine.matcher.chosen(engine.read(text).matches)) else OTHER) for text in MESSAGES]
    finally:
        engine.matcher.options = keep
    assert baselines.with_cutoff(steps, threshold) == direct


def test_a_cut_off_reads_each_message_at_its_lowest_step_above_it() -> None:
    steps = [[(0.7, "shipping"), (0.5, "return")], [(0.4, "bargain")], []]
    assert baselines.with_cutoff(steps, 0.8) == [OTHER, OTHER, OTHER]
    assert baselines.with_cutoff(steps, 0.6) == ["shipping", OTHER, OTHER]
    assert baselines.with_cutoff(steps, 0.5) == ["return", OTHER, OTHER]
    assert baselines.with_cutoff(steps, 0.3) == ["return", "bargain", OTHER]


def test_the_plain_bank_keeps_the_shops_language_not_the_intents_cues(tmp_path: Path, shop_paths: EnginePaths) -> None:
    """Plain examples only: no keywords, negative examples or follow-ups, but the words that ask (sending.yaml), without
    which every clause would read as a remark and the remark rule would fall on every reading alike."""
    plain = baselines.plain_examples(shop_paths, 5, tmp_path)
    intents = load_intents(plain.intents)
    assert {i.name for i in intents} == {i.name for i in load_intents(shop_paths.intents)}
    assert all(len(i.examples) == 5 and not i.keywords and not i.negative_examples and not i.follow_ups for i in intents)
    asking = load_sending_cues(plain.intents).asking
    assert asking == load_sending_cues(shop_paths.intents).asking and asking.found("这个怎么用")
