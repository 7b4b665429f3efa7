"""Fixtures of the review tests: the shipped aspects, review policy, shop rules and templates, loaded once."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.render import make_environment
from bot.reviews.rules import ReviewRules, load_review_rules

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session")
def review_rules() -> ReviewRules:
    return load_review_rules(ROOT / "aspects", ROOT / "policy")


@pytest.fixture(scope="session")
def env():
    return make_environment(ROOT / "replies")
