"""`run_bot.py teach "TEXT" INTENT`: one more example in a trainer's intent file, with the file's
comments, blank lines, quoting and order kept (ruamel.yaml round-trip), checked before and after.

The new sentence goes at the end of the intent's examples. A trailing comment block after the
last example (often a note about the keys that follow) stays below the new line. The written file
is compared with the original: only the new line may differ, or nothing is written.
"""
from __future__ import annotations

import difflib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from bot.domain import InputError
from bot.engine import Engine, EnginePaths, build_engine
from bot.intents import ConfigError, Intent, Problem, read_intents
from bot.text import Normaliser, is_meaningful

_NOT_TEXT = re.compile(r"[\s\W_]+")


def example_key(normalise: Normaliser, text: str) -> str:
    """What makes two examples the same sentence (as `validate` compares them)."""
    return _NOT_TEXT.sub("", normalise(text))


@dataclass(frozen=True)
class Guess:
    """Where the bot sends a message: the chosen intent (None: fallback) and the best score."""

    intent: str | None
    score: float

    @classmethod
    def of(cls, engine: Engine, text: str) -> "Guess":
        reading = engine.read(text)
        chosen = reading.chosen[0] if reading.chosen else None
        return cls(chosen.intent if chosen else None, chosen.score if chosen else (reading.matches[0].score if reading.matches else 0.0))

    def __str__(self) -> str:
        return f"{self.intent} ({self.score:.2f})" if self.intent else f"fallback (best {self.score:.2f})"


@dataclass(frozen=True)
class Moved:
    """Another intent's example that the bot now sends elsewhere (or back home)."""

    intent: str
    example: str
    path: Path
    line: int
    before: str | None
    after: str | None


@dataclass
class Taught:
    text: str
    intent: str
    path: Path
    line: int  # of the new example; 0 when it was already there
    before: Guess
    after: Guess
    moved: list[Moved] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def added(self) -> bool:
        return self.line > 0


def _yaml(source: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the trainer wrote on one
    offset = next((len(m.group(1)) for m in re.finditer(r"^( *)- ", source, re.MULTILINE)), 2)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _keep_trailing_comments_below(seq: CommentedSeq) -> None:
    """ruamel hangs the comment lines after a list's last item on that item, so an appended item
    would land below them; move the full-line part to the new last item (the end-of-line comment
    stays where it was)."""
    last = len(seq) - 2
    token = seq.ca.items.get(last, [None])[0]
    if token is None or "\n" not in token.value.rstrip("\n"):
        return
    head, rest = token.value.split("\n", 1)
    token.value = head + "\n"
    seq.ca.items[last + 1] = [CommentToken("\n" + rest, CommentMark(token.column), None), None, None, None]


def _only_added(original: str, changed: str, count: int = 1) -> int:
    """The 1-based line of the last of `count` lines added together to `original`, or 0 if
    anything else changed."""
    old, new = original.splitlines(), changed.splitlines()
    ops = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) == 1 and ops[0][0] == "insert" and ops[0][4] - ops[0][3] == count:
        return ops[0][4]
    return 0


def add_example(path: Path, text: str) -> int:
    """Appends `text` to the file's examples; returns the new line number. Writes atomically (the
    running service may be watching) and only if nothing but that line changes."""
    original = path.read_text(encoding="utf-8")
    for keep_comments_below in (True, False):
        yaml = _yaml(original)
        data = yaml.load(original)
        examples = data.get("examples")
        new_list = examples is None
        if examples is None and "examples" in data:  # 'examples:' with nothing under it yet
            data["examples"] = CommentedSeq([text])
        elif examples is None:
            data.insert(_examples_position(data), "examples", CommentedSeq([text]))
        elif isinstance(examples, list):
            examples.append(text)
            if keep_comments_below:
                _keep_trailing_comments_below(examples)
        else:
            raise InputError(f"{path}:{data.lc.key('examples')[0] + 1}: 'examples' is not a list; fix it first")
        changed = _dump(yaml, data)
        line = _only_added(original, changed, 1 + (new_list and "examples" not in original_keys(original)))
        if line:
            _write_atomically(path, changed)
            return line
    raise InputError(
        f"{path}: adding the example would reformat other lines of the file; add it by hand under 'examples:'"
    )


def original_keys(source: str) -> set[str]:
    """The top-level keys a file has, as written."""
    return set(re.findall(r"^([A-Za-z_]+):", source, re.MULTILINE))


def _examples_position(data: CommentedMap) -> int:
    """A new 'examples' list goes before the keywords, or at the end."""
    keys = list(data)
    for anchor in ("keywords", "negative_examples", "follow_ups", "reply"):
        if anchor in keys:
            return keys.index(anchor)
    return len(keys)


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _find(intents: list[Intent], name: str, directory: Path) -> Intent:
    for intent in intents:
        if intent.name == name:
            return intent
    raise InputError(f"no intent '{name}' in {directory}; known: {', '.join(sorted(i.name for i in intents))}")


def teach(paths: EnginePaths, text: str, intent_name: str, *, engine: Engine | None = None) -> Taught:
    """Adds `text` as an example of `intent_name`, then rebuilds and re-validates.

    Raises InputError when the sentence is empty or already an example of another intent, and
    ConfigError when the files have errors before (fix those first) or after (the file is put back)."""
    from bot.validate import validate  # imports the engine module; only teach needs it

    text = " ".join(str(text).split())
    if not text:
        raise InputError("the sentence to teach is empty")
    intents, problems = read_intents(paths.intents)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ConfigError(errors)
    target = _find(intents, intent_name, paths.intents)
    normalise = Normaliser()
    key = example_key(normalise, text)
    if not key or not is_meaningful(normalise(text)):
        raise InputError("the sentence has no words to match on (only punctuation, digits or emoji)")
    for intent in intents:
        for example in intent.examples:
            if example_key(normalise, example) != key:
                continue
            where = f"{intent.path}:{intent.lines.get(example, 0)}"
            if intent.name != target.name:
                raise InputError(f"'{text}' is already an example of '{intent.name}' ({where}); "
                                 "one sentence can teach one intent only: remove it there first")
            engine = engine or build_engine(paths)
            guess = Guess.of(engine, text)
            return Taught(text, target.name, target.path, 0, guess, guess)
    before_engine = engine or build_engine(paths)
    before = Guess.of(before_engine, text)
    original = target.path.read_text(encoding="utf-8")
    line = add_example(target.path, text)
    try:
        after_engine = build_engine(paths, options=before_engine.matcher.options, tokenizer=before_engine.tokenizer)
        found = validate(paths)
        errors = [p for p in found if p.severity == "error"]
        if errors:
            raise ConfigError(errors)
    except BaseException:
        _write_atomically(target.path, original)  # as it was: the trainer's file never stays broken
        raise
    after = Guess.of(after_engine, text)
    moved = []
    for intent in after_engine.intents.values():
        for example in intent.examples:
            if intent.name == target.name and example == text:
                continue
            was, now = Guess.of(before_engine, example).intent, Guess.of(after_engine, example).intent
            if was != now:
                moved.append(Moved(intent.name, example, intent.path, intent.lines.get(example, 0), was, now))
    mentions = [p for p in found if p.path == target.path and p.line == line or f"'{text}'" in p.message]
    return Taught(text, target.name, target.path, line, before, after, moved, mentions)


def describe(taught: Taught) -> str:
    """What changed, in the words a trainer uses."""
    if not taught.added:
        return (f"'{taught.text}' is already an example of {taught.intent} ({taught.path}); nothing changed.\n"
                f"the bot sends it to: {taught.after}")
    lines = [
        f"added '{taught.text}' to {taught.path}:{taught.line}",
        f"before: {taught.before}",
        f"after:  {taught.after}",
    ]
    if taught.after.intent != taught.intent:
        lines.append(f"note: the bot still does not send it to {taught.intent}: "
                     "check the intent's negative examples and the other intent's keywords")
    if taught.moved:
        lines.append(f"{len(taught.moved)} other example(s) now go elsewhere:")
        for m in taught.moved:
            lines.append(f"  {m.path}:{m.line} '{m.example}' ({m.intent}): {m.before or 'fallback'} -> {m.after or 'fallback'}")
    else:
        lines.append("no other example changed intent")
    lines += [f"warning: {p}" for p in taught.warnings]
    return "\n".join(lines)
