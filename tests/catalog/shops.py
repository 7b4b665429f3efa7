"""A catalogue written by a test into a temporary folder, and the engine that answers from it with the shipped
intents, replies and policy: for readings the demo catalogue never puts to the test."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.domain import ConversationState, Order
from bot.engine import Engine, EnginePaths, Turn, build_engine
from bot.intents import load_product_words
from bot.product_words import ProductWords
from bot.storage.orders import demo_orders

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 5, 10, 0)  # before every restock date of the demo catalogue and the tests' own
DEMO_ORDERS = {o.order_id: o for o in demo_orders(NOW)}  # T1002 holds the T-shirt A1, T1003 the mug B2, T1001 both


def write_catalog(tmp_path_factory: pytest.TempPathFactory, name: str, files: dict[str, str]) -> Path:
    written = tmp_path_factory.mktemp(name) / "catalog"
    written.mkdir()
    for file, text in files.items():
        (written / file).write_text(text, encoding="utf-8")
    return written


def engine_with(folder: Path) -> Engine:
    base = EnginePaths.under(ROOT)
    return build_engine(EnginePaths(intents=base.intents, replies=base.replies, policy=base.policy,
                                    aspects=base.aspects, catalog=folder))


def shipped_words() -> ProductWords:
    """The buyers' words the shop ships (intents/product_words.yaml), for the catalogue's readings tested alone."""
    return load_product_words(EnginePaths.under(ROOT).intents)


def ask(engine: Engine, text: str, order: Order | None = None, state: ConversationState | None = None,
        history: tuple[str, ...] = (), *, conversation: str = "t") -> Turn:
    """The engine's answer at NOW to `text` about `order`, in `state` (by default a new conversation
    named `conversation`, which picks the reply's wording) after the buyer's `history`, each earlier
    message answered in turn. A file whose rows were written against its own conversation keeps it
    with `functools.partial(ask, conversation=...)`."""
    state = state or ConversationState(conversation)
    for earlier in history:
        state = engine.reply(earlier, state=state, order=order, now=NOW).state
    return engine.reply(text, state=state, order=order, now=NOW)


def assert_answers(turn: Turn, says: str, never: str, alone: bool) -> None:
    """The check every table of product questions makes: an item's answer that says `says`, not `never` (when
    given), and is sent by itself exactly when `alone`."""
    assert turn.product is not None, (turn.intents, turn.reply)
    assert says in turn.reply, turn.reply
    assert not never or never not in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply
