"""Reading the trainers' aspect files: one YAML file per complaint aspect under `aspects/`.

The set of aspects is fixed (the platform's review labels); what trainers extend are the cues, the
exceptions and the examples. Every problem names the file and line and what to fix.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from bot.intents import ConfigError, Problem, yaml_line
from bot.reviews.cues import Cue, parse_cues

ASPECTS = ("quality", "not_as_described", "logistics", "service", "price", "wrong_or_missing", "size_fit", "other")
FALLBACK = "other"  # given when no other aspect's cue is found
KEYS = {"name": "", "description": "", "cues": [], "except": [], "examples": []}


@dataclass(frozen=True)
class Aspect:
    """What a review may complain about: cues that signal it, phrases that only look like it, examples."""

    name: str
    description: str
    cues: tuple[Cue, ...]
    exceptions: tuple[Cue, ...] = ()
    examples: tuple[str, ...] = ()
    path: Path = Path()


def _line(node: Any, key: str) -> int:
    return yaml_line(node, key) or 1


def _phrases(data: Any, key: str, path: Path, problems: list[Problem]) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        problems.append(Problem(path, _line(data, key), f"'{key}' must be a list of words or phrases, one per '- ' line"))
        return []
    return [str(v).strip() for v in value]


def parse_aspect(path: Path, normalise: Callable[[str], str], problems: list[Problem]) -> Aspect | None:
    """One aspect file, or None with the reasons added to `problems`."""
    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, 0, f"cannot read it as UTF-8 YAML ({exc}); check indentation and quotes"))
        return None
    if not hasattr(data, "get"):
        problems.append(Problem(path, 1, "an aspect file must be a mapping with name, cues and examples"))
        return None
    for key in data:
        if key not in KEYS:
            problems.append(Problem(path, _line(data, key), f"unknown key '{key}' (known: {', '.join(KEYS)})"))
    name = str(data.get("name") or "")
    if name not in ASPECTS or name != path.stem:
        problems.append(Problem(path, _line(data, "name"), f"name must be the file name and one of {', '.join(ASPECTS)}"))
        return None
    cues = parse_cues(_phrases(data, "cues", path, problems), normalise)
    if not cues and name != FALLBACK:
        problems.append(Problem(path, _line(data, "cues"), "an aspect needs at least one cue"))
    return Aspect(
        name=name,
        description=str(data.get("description") or ""),
        cues=cues,
        exceptions=parse_cues(_phrases(data, "except", path, problems), normalise),
        examples=tuple(_phrases(data, "examples", path, problems)),
        path=path,
    )


def load_aspects(directory: Path, normalise: Callable[[str], str]) -> tuple[Aspect, ...]:
    """Every aspect, in the fixed order; raises ConfigError listing each problem when any file is wrong."""
    directory = Path(directory)
    problems: list[Problem] = []
    found = {a.name: a for p in sorted(directory.glob("*.yaml")) if (a := parse_aspect(p, normalise, problems))}
    problems += [Problem(directory / f"{n}.yaml", 0, "aspect file missing; add it") for n in ASPECTS if n not in found]
    if problems:
        raise ConfigError(problems)
    return tuple(found[n] for n in ASPECTS)
