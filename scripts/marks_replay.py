"""Whether the agents' marks (bot/marks.py) help: a labelled pool is replayed through the real service as if agents
marked every answer that would go out alone (`sent` where the label agrees, `wrong_intent` with the label where it
does not, `rejected` for a message labelled `other`), over HTTP through `/api/suggest` and `/api/feedback` into a
fresh SQLite store; then other files are answered before and after, and only their summary lines are printed.

    python scripts/marks_replay.py --learn FILE... --measure FILE... [--rate R] [--min-marks N]

Each message is its conversation's first, as `eval` answers it; without --rate / --min-marks the defaults of
`MarksPolicy` (config.yaml's `marks:`) are used.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.config import load_config
from bot.engine import EnginePaths, build_engine
from bot.evaluate import OTHER, Case, read_cases
from bot.marks import MarksPolicy
from bot.server import create_app
from bot.storage import MessageLog
from bot.storage.sqlite import open_database

ROOT = Path(__file__).resolve().parent.parent

TOKEN = "replay-token"


@dataclass(frozen=True)
class Sent:
    """What went out alone on one file: how many answers, how many to a wrong intent, how many waited for the marks."""

    messages: int
    sent: int
    wrong: int
    held: int

    def line(self) -> str:
        share = self.sent / self.messages if self.messages else 0.0
        right = 1 - self.wrong / self.sent if self.sent else 0.0
        return f"{share:.3f} answered alone, {right:.3f} right ({self.wrong} wrong of {self.sent}); {self.held} held by marks"


async def answer(client: TestClient, conversation: str, case: Case) -> tuple[dict, bool]:
    """The service's answer to one message, and whether its reading is right."""
    response = await client.post("/api/suggest", json={"conversation_id": conversation, "text": case.text})
    body = await response.json()
    assert response.status == 200, body
    return body, bool(body["chosen"]) and body["chosen"][0] in case.labels


async def learn(client: TestClient, path: Path, intents: set[str]) -> int:
    """Marks every answer of the file that would go out alone (held ones too, as agents see them); returns the count."""
    marked = 0
    for case in read_cases(path):
        conversation = f"learn:{path.stem}:{case.line}"
        body, right = await answer(client, conversation, case)
        if not (body["auto"] or body["held"]):
            continue
        label = case.labels[0]
        mark = ({"action": "sent", "suggestion": body["suggestions"][0]["text"]} if right
                else {"action": "wrong_intent", "intent": label} if label != OTHER and label in intents
                else {"action": "rejected"})
        response = await client.post("/api/feedback", json={"conversation_id": conversation, **mark})
        assert response.status == 200, await response.text()
        marked += 1
    return marked


async def measure(client: TestClient, path: Path, run: str) -> Sent:
    messages = sent = wrong = held = 0
    for case in read_cases(path):
        body, right = await answer(client, f"{run}:{path.stem}:{case.line}", case)
        messages += 1
        sent += body["auto"]
        wrong += body["auto"] and not right
        held += body["held"] is not None
    return Sent(messages, sent, wrong, held)


def total(results: list[Sent]) -> Sent:
    return Sent(*(sum(getattr(r, k) for r in results) for k in ("messages", "sent", "wrong", "held")))


async def main(args: argparse.Namespace) -> int:
    policy = MarksPolicy(**{k: v for k, v in (("rate", args.rate), ("min_marks", args.min_marks)) if v is not None})
    with tempfile.TemporaryDirectory(prefix="marks-replay-") as tmp:
        config_file = Path(tmp) / "config.yaml"
        config_file.write_text(json.dumps({
            "server": {"data_dir": tmp},
            "engine": {k: str(ROOT / v) for k, v in (("intents", "intents"), ("replies", "replies"),
                                                        ("policy", "policy/shop.yaml"), ("aspects", "aspects"))},
            "channels": {"generic": {}},
            "marks": {"rate": policy.rate, "min_marks": policy.min_marks, "window_s": policy.window_s},
        }), encoding="utf-8")
        config = load_config(config_file, env={"WEBHOOK_SECRET_GENERIC": "replay", "AGENT_TOKEN": TOKEN})
        engine = build_engine(EnginePaths.under(ROOT))  # the catalogue too, as `eval` answers
        app = create_app(config, engine)
        async with TestClient(TestServer(app), headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            before = [await measure(client, path, "before") for path in args.measure]
            marked = [await learn(client, path, set(engine.intents)) for path in args.learn]
            after = [await measure(client, path, "after") for path in args.measure]
        print(f"marks policy: held while more than {policy.rate:.0%} of at least {policy.min_marks} marks say wrong")
        print(f"learned from {sum(marked)} marked answers of {', '.join(p.name for p in args.learn)}")
        db = open_database(Path(tmp))
        counts = MessageLog(db).mark_counts(0.0)
        db.close()
        held = policy.holds(counts).held
        print(f"held by the marks: {len(held)}")
        for c in sorted(held.values(), key=lambda c: -c.rate):
            print(f"  {c.kind.label}: {c.wrong} wrong of {c.marks}")
        for path, b, a in zip(args.measure, before, after):
            print(f"{path.name}: before {b.line()}\n{'':>{len(path.name) + 2}}after  {a.line()}")
        print(f"together: before {total(before).line()}\n          after  {total(after).line()}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learn", type=Path, nargs="+", required=True, help="labelled files the agents mark")
    parser.add_argument("--measure", type=Path, nargs="+", required=True, help="labelled files answered before and after")
    parser.add_argument("--rate", type=float, help="marks.rate (default: MarksPolicy's)")
    parser.add_argument("--min-marks", type=int, help="marks.min_marks (default: MarksPolicy's)")
    sys.exit(asyncio.run(main(parser.parse_args())))
