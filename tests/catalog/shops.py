"""A catalogue written by a test into a temporary folder, and the engine that answers from it with the shipped
intents, replies and policy: for readings the demo catalogue never puts to the test."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import load_product_words
from bot.product_words import ProductWords

ROOT = Path(__file__).resolve().parents[2]


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
