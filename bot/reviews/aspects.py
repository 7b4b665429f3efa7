"""Reading the trainers' aspect files: one YAML file per complaint aspect under `aspects/`.

The set of aspects is fixed (the platform's review labels); what trainers extend are the cues, the topics,
the things whose absence is the complaint (发票, 赠品: `absent`), the words that belie a claim the topics name
(说是纯棉，结果…: `belied`), the words a review must hold for the aspect to be said of it at all (a fit is said of
something worn: `context`), the exceptions and the examples, and in `tone.yaml`
the complaint and praise words that decide whether a topic is complained about, the words that say a thing
is not there, and the words of a worry (会不会, 担心) or of not knowing (不知道) that make a cue no complaint.
Every problem names the file and line and what to fix.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.intents import ConfigError, Problem, read_mapping, yaml_line
from bot.reviews.cues import Cue, Tone, parse_cues

ASPECTS = ("quality", "not_as_described", "logistics", "service", "price", "wrong_or_missing", "size_fit", "other")
FALLBACK = "other"  # given when no other aspect's cue is found
KEYS = {"name": "", "description": "", "cues": [], "topics": [], "absent": [], "belied": [], "context": [], "except": [],
        "examples": []}
TONE_FILE = "tone.yaml"
TONE_KEYS = ("complaint", "praise", "absence", "worry", "unsure")


@dataclass(frozen=True)
class Aspect:
    """What a review may complain about: cues that signal it, topics that signal it in a complaining clause,
    phrases that only look like it, examples."""

    name: str
    description: str
    cues: tuple[Cue, ...]
    exceptions: tuple[Cue, ...] = ()
    examples: tuple[str, ...] = ()
    path: Path = Path()
    topics: tuple[Cue, ...] = ()
    tone: Tone = Tone()  # shared by every aspect; read from tone.yaml
    absent: tuple[Cue, ...] = ()  # things a parcel should hold, counted where the review says they are not there
    belied: tuple[Cue, ...] = ()  # words after a claim (a topic: 说是纯棉) that show it untrue (结果是化纤)
    context: tuple[Cue, ...] = ()  # when listed, a review holds one of these or the aspect is not found (穿 for size_fit)


def _line(node: Any, key: str) -> int:
    return yaml_line(node, key) or 1


def _phrases(data: Any, key: str, path: Path, problems: list[Problem]) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        problems.append(Problem(path, _line(data, key), f"'{key}' must be a list of words or phrases, one per '- ' line"))
        return []
    return [str(v).strip() for v in value]


def parse_tone(path: Path, normalise: Callable[[str], str], problems: list[Problem]) -> Tone:
    """The word lists of tone.yaml: topics need complaint and praise, `absent` things absence, every cue worry
    and unsure."""
    if not path.is_file():
        problems.append(Problem(path, 0, f"tone file missing; add it with the lists {', '.join(TONE_KEYS)}"))
        return Tone()
    data = read_mapping(path, TONE_KEYS, problems)
    if data is None:
        return Tone()
    words = {key: parse_cues(_phrases(data, key, path, problems), normalise) for key in TONE_KEYS}
    for key in TONE_KEYS:
        if not words[key]:
            problems.append(Problem(path, _line(data, key), f"'{key}' needs at least one word"))
    return Tone(**words)


def parse_aspect(path: Path, normalise: Callable[[str], str], problems: list[Problem], tone: Tone = Tone()) -> Aspect | None:
    """One aspect file, or None with the reasons added to `problems`."""
    data = read_mapping(path, KEYS, problems)
    if data is None:
        return None
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
        topics=parse_cues(_phrases(data, "topics", path, problems), normalise),
        tone=tone,
        absent=parse_cues(_phrases(data, "absent", path, problems), normalise),
        belied=parse_cues(_phrases(data, "belied", path, problems), normalise),
        context=parse_cues(_phrases(data, "context", path, problems), normalise),
    )


def load_aspects(directory: Path, normalise: Callable[[str], str]) -> tuple[Aspect, ...]:
    """Every aspect, in the fixed order; raises ConfigError listing each problem when any file is wrong."""
    directory = Path(directory)
    problems: list[Problem] = []
    tone = parse_tone(directory / TONE_FILE, normalise, problems)
    files = [p for p in sorted(directory.glob("*.yaml")) if p.name != TONE_FILE]
    found = {a.name: a for p in files if (a := parse_aspect(p, normalise, problems, tone))}
    problems += [Problem(directory / f"{n}.yaml", 0, "aspect file missing; add it") for n in ASPECTS if n not in found]
    if problems:
        raise ConfigError(problems)
    return tuple(found[n] for n in ASPECTS)
