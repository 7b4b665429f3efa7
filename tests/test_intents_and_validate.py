"""The trainers' files: every mistake is reported with its file, line and what to fix."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import EnginePaths
from bot.intents import ConfigError, load_intents, read_intents
from bot.validate import validate

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "greeting", "bargain", "price_protect", "shipping", "address_change", "cancel_order", "return",
    "quality_issue", "bad_review", "invoice", "product_info", "payment", "human", "thanks_bye",
}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_intents_cover_the_required_set(shop_paths: EnginePaths) -> None:
    intents = load_intents(shop_paths.intents)
    assert REQUIRED <= {i.name for i in intents}
    for intent in intents:
        assert intent.mode in ("auto", "suggest")
        assert len(intent.examples) >= 10, f"{intent.name} has too few examples to generalise"


def test_shipped_files_validate_clean(shop_paths: EnginePaths) -> None:
    errors = [p for p in validate(shop_paths) if p.severity == "error"]
    assert errors == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: a\nexamples:\n  - 你好\n  - [坏的\n", 5, "YAML syntax error"),
        ("name: b\nmode: sometimes\nexamples: [你好]\n", 2, "must be auto or suggest"),
        ("name: other\nexamples: [你好]\n", 1, "differs from the file name"),
        ("name: a\nexamples: 你好\n", 2, "must be a list"),
        ("description: x\nexamples: [你好]\n", 1, "missing 'name'"),
        ("- 只是一个列表\n", 1, "must be a mapping"),
        ("name: a\nexamples: [你好]\ntopic: 有时候\n", 3, "must be true or false"),
        ("name: a\nreported: 有时候\nexamples: [你好]\n", 2, "reported '有时候' must be true or false"),
        ("name: a\nexamples: [你好]\nyields_to: [retrun]\n", 3, "yields_to names retrun"),
        ("name: a\nexamples: [你好]\nyields_on_cue: 有时候\n", 3, "yields_on_cue '有时候' must be true or false"),
        ("name: a\nclosing: 有时候\nexamples: [你好]\n", 2, "closing '有时候' must be true or false"),
        ("name: a\nopen_names: 有时候\nexamples: [你好]\n", 2, "open_names '有时候' must be true or false"),
        ("name: a\nyields_to: [a]\nexamples: [你好]\n", 2, "yields_to names a"),
    ],
)
def test_broken_intent_files_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    name = "b" if "sometimes" in text else "a"
    path = write(tmp_path, name, text)
    _, problems = read_intents(tmp_path)
    assert any(p.path == path and p.line == line and words in p.message for p in problems), problems


def test_load_refuses_errors_but_passes_warnings(tmp_path: Path) -> None:
    write(tmp_path, "a", "name: a\nexamples: [你好]\ncolour: blue\n")
    assert [i.name for i in load_intents(tmp_path)] == ["a"]  # unknown key is only a warning
    write(tmp_path, "b", "name: b\nexamples: [\n")
    with pytest.raises(ConfigError) as err:
        load_intents(tmp_path)
    assert "b.yaml" in str(err.value)


def test_example_lines_are_remembered(tmp_path: Path) -> None:
    write(tmp_path, "a", "name: a\nexamples:\n  - 第一句\n  # 注释\n  - 第二句\n")
    (intent,) = load_intents(tmp_path)
    assert intent.lines == {"第一句": 3, "第二句": 5}


def test_validate_finds_what_a_trainer_breaks(shop_copy: EnginePaths) -> None:
    write(shop_copy.intents, "shipping", "name: shipping\nexamples: [几天能到]\nreply: no_such_template\n")
    write(shop_copy.intents, "bargain", "name: bargain\nexamples:\n  - 能便宜点吗\n  - 什么时候发货呀亲\n")
    write(shop_copy.intents, "thanks_bye", "name: thanks_bye\nexamples: [谢谢, 什么时候发货呀亲]\n")
    (shop_copy.replies / "greeting.j2").write_text("亲，{{ discount_code }} 在的\n", encoding="utf-8")
    (shop_copy.replies / "human.j2").write_text("{% if case %}亲\n", encoding="utf-8")
    (shop_copy.replies / "invoice.j2").write_text("亲，给个五星好评返现5元哦\n", encoding="utf-8")
    messages = [str(p) for p in validate(shop_copy) if p.severity == "error"]
    text = "\n".join(messages)
    assert "no_such_template.j2' not found" in text
    assert "thanks_bye.yaml:2: error: example '什么时候发货呀亲' is also in" in text and "bargain.yaml:4" in text
    assert "greeting.j2:1" in text and "discount_code" in text
    assert "human.j2" in text and "syntax" in text
    assert "invoice.j2:1" in text and "review" in text


def test_validate_command_exit_codes(shop_copy: EnginePaths) -> None:
    cmd = [sys.executable, str(ROOT / "run_bot.py"), "validate", "--intents", str(shop_copy.intents), "--replies", str(shop_copy.replies), "--policy", str(shop_copy.policy), "--aspects", str(shop_copy.aspects)]
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    write(shop_copy.intents, "greeting", "name: greeting\nexamples:\n  - 在吗\n  - [坏\n")
    bad = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "greeting.yaml:" in bad.stdout and "YAML syntax error" in bad.stdout


def test_broken_policy_is_a_clear_error(shop_copy: EnginePaths) -> None:
    shop_copy.policy.write_text("shop_name: x\nshipping: {free_threshold: 99}\n", encoding="utf-8")
    problems = validate(shop_copy)
    assert any("missing" in p.message and p.path == shop_copy.policy for p in problems)


@pytest.mark.parametrize("edit, line, complaint", [
    (("timezone: Asia/Shanghai", "timezone: Mars/Base"), 4, "'Mars/Base' is not a time zone"),  # crashed the engine
    (("free_threshold: 99 ", "free_threshold: -5 "), 7, "'shipping.free_threshold' must be 0 or more"),
    (("cutoff_hour: 16 ", "cutoff_hour: 99 "), 14, "'shipping.cutoff_hour' must be from 0 to 23"),
    (("cutoff_hour: 16 ", "cutoff_hour: 16.5 "), 14, "must be a whole number"),
    (("max_discount: 0.05 ", "max_discount: 2 "), 24, "'bargaining.max_discount' must be from 0 to 1"),
    (("couriers: [中通, 韵达, 圆通, 顺丰, 邮政]", "couriers: 中通"), 12, "'shipping.couriers' must be a list"),
    (("  default_courier: 中通\n", ""), 7, "missing 'shipping.default_courier'"),
    (("  refusal_freight: buyer ", "  refusal_freight: nobody "), 44, "must be one of buyer, shop"),
    (("    given: false ", "    given: maybe "), 46, "'returns.freight_insurance.given' must be true or false"),
    (("    min_amount: 0 ", "    min_amount: -1 "), 47, "'returns.freight_insurance.min_amount' must be 0 or more"),
    (("    3: 0.05", "    3: 0.5"), 31, "'bargaining.multi_piece' 3: 0.5 must be"),
    (("shop_name: 小禾优选", "shop_name:"), 3, "'shop_name' must be a non-empty text"),
])
def test_a_bad_policy_value_names_its_line_and_what_to_put_there(shop_copy: EnginePaths, edit, line, complaint) -> None:
    text = shop_copy.policy.read_text(encoding="utf-8")
    assert edit[0] in text
    shop_copy.policy.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    problems = [p for p in validate(shop_copy) if p.path == shop_copy.policy]
    assert [(p.line, complaint in p.message) for p in problems] == [(line, True)], problems


def test_files_that_are_not_utf8_or_a_missing_fallback_are_problems_not_tracebacks(shop_copy: EnginePaths) -> None:
    shop_copy.policy.write_bytes(b"\xff\xfe")
    (shop_copy.replies / "greeting.j2").write_bytes(b"\xff\xfe")
    (shop_copy.replies / "fallback.j2").unlink()  # every unplaced message is answered with it
    messages = [str(p) for p in validate(shop_copy) if p.severity == "error"]
    assert any("shop.yaml" in m and "not UTF-8" in m for m in messages), messages
    assert any("greeting.j2" in m and "not UTF-8" in m for m in messages), messages
    assert any("'fallback.j2' not found" in m for m in messages), messages


def test_validate_checks_the_review_aspects(shop_copy: EnginePaths) -> None:
    (shop_copy.aspects / "quality.yaml").write_text("name: quality\ncues: [坏\n", encoding="utf-8")
    assert any(p.path.name == "quality.yaml" and p.severity == "error" for p in validate(shop_copy))


def test_validate_checks_the_context_cues(shop_copy: EnginePaths) -> None:
    (shop_copy.intents / "context.yaml").write_text("gives_way:\n  payment: [refunds]\n", encoding="utf-8")
    assert any(p.path.name == "context.yaml" and "refunds" in p.message for p in validate(shop_copy))


def test_validate_checks_the_sending_cues(shop_copy: EnginePaths) -> None:
    (shop_copy.intents / "sending.yaml").write_text("remarks: [又不是]\nask: [吗]\n", encoding="utf-8")
    assert any(p.path.name == "sending.yaml" and "unknown key 'ask'" in p.message for p in validate(shop_copy))


def test_validate_puts_errors_first_and_warns_of_a_line_yaml_folded_into_the_one_above(shop_copy: EnginePaths) -> None:
    """A mis-indented `- ` is no new example: YAML joins it to the sentence above. And a broken file's
    error leads the output, whatever else there is to say."""
    write(shop_copy.intents, "greeting", "name: greeting\nmode: auto\nexamples:\n  - 在吗\n     - 缩进错了\n  - 你好\n")
    folded = [p for p in validate(shop_copy) if p.path.name == "greeting.yaml"]
    assert [(p.line, p.severity) for p in folded] == [(5, "warning")]
    assert "'在吗 - 缩进错了'" in folded[0].message
    write(shop_copy.intents, "thanks_bye", "name: thanks_bye\nexamples: [谢谢\n")
    cmd = [sys.executable, str(ROOT / "run_bot.py"), "validate", "--intents", str(shop_copy.intents), "--replies",
           str(shop_copy.replies), "--policy", str(shop_copy.policy), "--aspects", str(shop_copy.aspects)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.splitlines()
    assert out[0].startswith("!!! 1 ERROR(S)") and "thanks_bye.yaml" in out[1]
    assert out.index("1 warning(s):") > 1 and "greeting.yaml:5: warning" in out[out.index("1 warning(s):") + 1]
