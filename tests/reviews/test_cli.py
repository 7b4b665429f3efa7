"""The `review` command: one flushed JSON line per review, an error line naming the line for bad input."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from bot.reviews.cli import review_stream

ROOT = Path(__file__).resolve().parent.parent.parent
GOOD = {"review_id": "R1", "buyer_id": "B1", "rating": "差", "text": "快递太慢了", "created_at": "2024-05-10T12:00:00"}
KEYS = {"review_id", "aspects", "severity", "message", "remedies", "flags"}


class Flushes(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushed_lines: list[int] = []

    def flush(self) -> None:
        self.flushed_lines.append(self.getvalue().count("\n"))


def test_one_line_out_per_review_and_errors_never_crash(review_rules, env):
    order = {"order_id": "T1", "status": "paid", "amount": 50}
    lines = [
        json.dumps(GOOD, ensure_ascii=False),
        "{not json",
        json.dumps({**GOOD, "rating": 7}),
        "",
        json.dumps({**GOOD, "review_id": "R2", "order_id": "T1", "order": order}, ensure_ascii=False),
        json.dumps({**GOOD, "order": {"order_id": "T1"}}),
        "[1, 2]",
    ]
    out = Flushes()
    review_stream(io.StringIO("\n".join(lines) + "\n"), out, rules=review_rules, env=env)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert out.flushed_lines == [1, 2, 3, 4, 5, 6]
    assert KEYS <= set(rows[0]) and rows[0]["aspects"] == ["logistics"]
    assert rows[1]["error"].startswith("line 2: malformed JSON")
    assert rows[2]["line"] == 3 and "rating" in rows[2]["error"]
    assert rows[3]["review_id"] == "R2" and rows[3]["remedies"] == ["urge_dispatch"]
    assert rows[4]["line"] == 6 and "status" in rows[4]["error"]
    assert rows[5]["line"] == 7 and "JSON object" in rows[5]["error"]


def test_the_command_is_registered(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), "review"], input=json.dumps(GOOD, ensure_ascii=False) + "\n",
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["aspects"] == ["logistics"]
