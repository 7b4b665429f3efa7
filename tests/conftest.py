"""Shared fixtures: the real engine over the shipped shop files (jieba loads once per session)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine, EnginePaths, build_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shop_paths() -> EnginePaths:
    return EnginePaths.under(ROOT)


@pytest.fixture(scope="session")
def engine(shop_paths: EnginePaths) -> Engine:
    return build_engine(shop_paths)


@pytest.fixture
def shop_copy(tmp_path: Path, shop_paths: EnginePaths) -> EnginePaths:
    """A private copy of the shop's files that a test may break."""
    shutil.copytree(shop_paths.intents, tmp_path / "intents")
    shutil.copytree(shop_paths.replies, tmp_path / "replies")
    (tmp_path / "policy").mkdir()
    for values in shop_paths.policy.parent.glob("*.yaml"):
        shutil.copy(values, tmp_path / "policy" / values.name)
    shutil.copytree(shop_paths.aspects, tmp_path / "aspects")
    return EnginePaths.under(tmp_path)
