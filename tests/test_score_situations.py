"""scripts/score_situations.py reads a situation in its conversation as the webhook does: the earlier messages (`recent`)
heard in turn, so that the context reader weighs the message against their readings, not against their intents alone."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from bot.domain import Heard
from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("score_situations", ROOT / "scripts" / "score_situations.py")
score_situations = importlib.util.module_from_spec(_spec)
sys.modules["score_situations"] = score_situations  # its dataclasses look their module up
_spec.loader.exec_module(score_situations)


def case(text: str, recent: list[str], bargain_round: int = 0) -> dict:
    return {"id": "s1", "text": text, "order": None, "now": "2026-12-02T15:30:00+08:00",
            "state": {"bargain_round": bargain_round, "recent": recent}}


def test_the_earlier_messages_are_heard_in_turn(engine: Engine) -> None:
    state = score_situations.conversation(engine, case("能便宜点吗", ["product_info", "bargain", "bargain"], bargain_round=3))
    assert state.recent_intents == ("product_info", "bargain", "bargain")
    assert state.heard == tuple(Heard(((intent, score_situations.HEARD_SCORE),)) for intent in ("product_info", "bargain", "bargain"))
    assert state.turns == 3 and state.bargain_round == 3  # the round is the file's, not a count of the readings


def test_a_follow_up_is_read_with_the_heard_conversation(engine: Engine) -> None:
    turn = score_situations.answer(engine, case("好的 快点哈", ["shipping"]))
    assert turn.intents[0] == "shipping" and turn.matches[0].from_context
    assert score_situations.answer(engine, case("好的 快点哈", [])).intents == ("thanks_bye",)
