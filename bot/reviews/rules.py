"""Everything the review flow reads from files, loaded and checked once: aspects, review policy, shop rules.

`load_review_rules` raises ConfigError naming the file, the key and what to put there.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.intents import ConfigError, Problem, read_yaml
from bot.reviews.aspects import ASPECTS, Aspect, load_aspects
from bot.reviews.cues import parse_cues
from bot.reviews.flags import EXTORTION, SAFETY, FlagCues
from bot.text import Normaliser
from policy.loading import load_rules
from policy.remedies import REMEDIES, RemedyRules
from policy.rules import ShopRules

KEYS = ("remedies", "photos_for", "auto_outreach_low_severity", "extortion", "safety")


@dataclass(frozen=True)
class ReviewRules:
    aspects: tuple[Aspect, ...]
    remedies: RemedyRules
    flags: tuple[FlagCues, ...]
    shop: ShopRules
    auto_outreach_low_severity: bool
    normalise: Callable[[str], str]  # the app's text normaliser, built once (OpenCC reads its tables)


def _fail(path: Path, message: str) -> ConfigError:
    return ConfigError([Problem(path, 0, message)])


def _names(value: Any, known: tuple[str, ...], path: Path, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or any(v not in known for v in value):
        raise _fail(path, f"'{where}' must be a list of {', '.join(known)}; got {value!r}")
    return tuple(value)


def _remedy_rules(data: dict[str, Any], path: Path) -> RemedyRules:
    by_aspect = data.get("remedies")
    if not isinstance(by_aspect, dict) or set(by_aspect) - set(ASPECTS):
        raise _fail(path, f"'remedies' must map aspects ({', '.join(ASPECTS)}) to lists of remedies")
    return RemedyRules(
        by_aspect={a: _names(v or [], REMEDIES, path, f"remedies.{a}") for a, v in by_aspect.items()},
        photos_for=frozenset(_names(data.get("photos_for") or [], ASPECTS, path, "photos_for")),
    )


def _flag_cues(kind: str, section: Any, path: Path, normalise: Callable[[str], str]) -> FlagCues:
    key = {EXTORTION: "extortion", SAFETY: "safety"}[kind]
    if not isinstance(section, dict) or not isinstance(section.get("cues"), list) or not section["cues"]:
        raise _fail(path, f"'{key}' must have a non-empty list 'cues' (and may have a list 'except')")
    return FlagCues(kind, parse_cues(section["cues"], normalise), parse_cues(section.get("except") or [], normalise))


def parse_review_policy(data: Any, path: Path, normalise: Callable[[str], str]) -> tuple[RemedyRules, tuple[FlagCues, ...], bool]:
    """The checked values of policy/reviews.yaml."""
    if not isinstance(data, dict):
        raise _fail(path, "the review policy must be a mapping with remedies, extortion and safety")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise _fail(path, f"unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    auto = data.get("auto_outreach_low_severity", False)
    if not isinstance(auto, bool):
        raise _fail(path, f"'auto_outreach_low_severity' must be true or false, not {auto!r}")
    flags = tuple(_flag_cues(kind, data.get(key), path, normalise) for kind, key in ((EXTORTION, "extortion"), (SAFETY, "safety")))
    return _remedy_rules(data, path), flags, auto


def load_review_rules(aspects_dir: Path, policy_dir: Path) -> ReviewRules:
    """Aspects from `aspects_dir`; reviews.yaml and shop.yaml from `policy_dir`."""
    normalise = Normaliser()
    path = Path(policy_dir) / "reviews.yaml"
    data = read_yaml(path, "safe", "review policy")
    remedies, flags, auto = parse_review_policy(data, path, normalise)
    return ReviewRules(
        aspects=load_aspects(aspects_dir, normalise),
        remedies=remedies,
        flags=flags,
        shop=load_rules(Path(policy_dir) / "shop.yaml"),
        auto_outreach_low_severity=auto,
        normalise=normalise,
    )
