"""`teach` on real files: the trainer's comments, blank lines, quoting and order survive; the only
change is the new line; a sentence of another intent is refused; what changed is printed."""
from __future__ import annotations

import difflib

import pytest

from bot.domain import InputError
from bot.intents import read_intents
from bot.training.teach import add_example, teach

from .conftest import engine_args, run_bot

COMMENTED = """\
# 发货问题：买家问什么时候发、发什么快递。
name: shipping
description: 发货时间、快递   # shown to trainers only
mode: auto   # answered without an agent
examples:
  # the most common wordings first
  - 什么时候发货
  - '还要等多久啊: 急'    # quoted on purpose
  - "能发顺丰吗"

  - 今天能发吗   # after a blank line
  # keywords below were checked on the corpus
keywords: [发货, 快递, 物流]   # flow style kept
follow_ups:
  - 那明天呢
reply: shipping
"""


def only_insertions(before: str, after: str) -> list[str]:
    ops = difflib.ndiff(before.splitlines(), after.splitlines())
    changed = [line for line in ops if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in changed), changed
    return [line[2:] for line in changed]


def test_add_example_keeps_comments_quotes_blank_lines_and_order(tmp_path):
    path = tmp_path / "shipping.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    line = add_example(path, "快递到哪了")
    after = path.read_text(encoding="utf-8")
    assert only_insertions(COMMENTED, after) == ["  - 快递到哪了"]
    lines = after.splitlines()
    assert lines[line - 1] == "  - 快递到哪了"
    # the new example follows the last one; the note about keywords stays above the keywords
    assert lines[line - 2].startswith("  - 今天能发吗") and lines[line] == "  # keywords below were checked on the corpus"
    # a sentence YAML would misread is quoted, and still a single added line
    add_example(path, "#1号: 发了吗")
    added = only_insertions(COMMENTED, path.read_text(encoding="utf-8"))
    assert added[0] == "  - 快递到哪了" and len(added) == 2
    intents, problems = read_intents(tmp_path)
    assert not problems
    assert intents[0].examples[-2:] == ("快递到哪了", "#1号: 发了吗")
    assert intents[0].keywords == ("发货", "快递", "物流") and intents[0].follow_ups == ("那明天呢",)


def test_an_intent_with_no_examples_yet_gets_the_list(tmp_path):
    path = tmp_path / "invoice.yaml"
    path.write_text("name: invoice  # 发票\nmode: suggest\nkeywords: [发票]\n", encoding="utf-8")
    add_example(path, "能开发票吗")
    assert path.read_text(encoding="utf-8") == "name: invoice  # 发票\nmode: suggest\nexamples:\n  - 能开发票吗\nkeywords: [发票]\n"


def test_teach_command_round_trip_on_the_shop_files(shop):
    path = shop.intents / "shipping.yaml"
    original = path.read_text(encoding="utf-8")
    taught = run_bot("teach", "紫色独角兽咕噜咕噜", "shipping", *engine_args(shop))
    assert taught.returncode == 0, taught.stderr
    assert only_insertions(original, path.read_text(encoding="utf-8")) == ["  - 紫色独角兽咕噜咕噜"]
    out = taught.stdout
    assert f"added '紫色独角兽咕噜咕噜' to {path}:" in out
    assert "before: fallback" in out and "after:  shipping (1.00)" in out
    # taught twice: nothing changes
    again = run_bot("teach", "紫色独角兽咕噜咕噜", "shipping", *engine_args(shop))
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert path.read_text(encoding="utf-8").count("紫色独角兽咕噜咕噜") == 1


def test_a_sentence_of_another_intent_is_refused_and_no_file_changes(shop):
    before = {p.name: p.read_text(encoding="utf-8") for p in shop.intents.glob("*.yaml")}
    existing = read_intents(shop.intents)[0]
    shipping = next(i for i in existing if i.name == "shipping")
    sentence = shipping.examples[0]
    refused = run_bot("teach", f" {sentence}！", "return", *engine_args(shop))  # punctuation does not disguise it
    assert refused.returncode == 2
    assert f"already an example of 'shipping' ({shipping.path}:{shipping.lines[sentence]})" in refused.stderr
    unknown = run_bot("teach", "你好", "no_such_intent", *engine_args(shop))
    assert unknown.returncode == 2 and "known:" in unknown.stderr and "shipping" in unknown.stderr
    assert before == {p.name: p.read_text(encoding="utf-8") for p in shop.intents.glob("*.yaml")}


def test_teach_puts_the_file_back_when_the_result_does_not_validate(shop):
    # the greeting template missing: the intent files are fine, the result is not
    (shop.replies / "greeting.j2").unlink()
    path = shop.intents / "shipping.yaml"
    original = path.read_text(encoding="utf-8")
    from bot.intents import ConfigError

    with pytest.raises(ConfigError, match="greeting.j2"):
        teach(shop, "紫色独角兽咕噜咕噜", "shipping")
    assert path.read_text(encoding="utf-8") == original


def test_empty_sentences_are_refused(shop):
    with pytest.raises(InputError, match="empty"):
        teach(shop, "   ", "shipping")
    with pytest.raises(InputError, match="no words"):
        teach(shop, "？？？ 123", "shipping")
