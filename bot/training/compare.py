"""`run_bot.py eval FILE --compare REV|DIR`: test a change before it ships. Which messages of a
labelled file get another intent with the current files than with an earlier version (a git
revision, taken out of the repository with `git archive`) or another folder, and the accuracy of
each side.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from bot.domain import InputError
from bot.engine import Engine, EnginePaths
from bot.evaluate import Case, Outcome, Report, outcome_of, score


@dataclass(frozen=True)
class Change:
    case: Case
    before: str  # the other version's intent (OTHER: fallback)
    after: str  # the current files'

    @property
    def verdict(self) -> str:
        was, now = self.before in self.case.labels, self.after in self.case.labels
        return "fixed" if now and not was else "broken" if was and not now else "still wrong" if not now else "both right"


@dataclass
class Comparison:
    label: str  # what the other version is, for people
    before: Report
    after: Report
    changes: list[Change]


def outcomes(engine: Engine, cases: list[Case]) -> list[Outcome]:
    return [outcome_of(engine, case) for case in cases]


def compare(current: Engine, other: Engine, cases: list[Case], label: str) -> Comparison:
    before, after = outcomes(other, cases), outcomes(current, cases)
    changes = [Change(b.case, b.predicted, a.predicted) for b, a in zip(before, after) if b.predicted != a.predicted]
    return Comparison(label, score(before), score(after), changes)


def _git(args: list[str], cwd: Path, *, binary: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary, timeout=120)


def _toplevel(path: Path) -> Path:
    found = _git(["rev-parse", "--show-toplevel"], path if path.is_dir() else path.parent)
    if found.returncode != 0:
        raise InputError(f"{path} is not inside a git repository, so a revision cannot be compared; give a folder instead")
    return Path(found.stdout.strip())


def from_revision(rev: str, current: EnginePaths, into: Path) -> tuple[EnginePaths, str, str]:
    """The revision's intents, replies and policy file under `into` (anything the revision does
    not have is taken from the current files), the revision as a label, and its commit line."""
    top = _toplevel(Path(current.intents).resolve())
    commit = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if commit.returncode != 0:
        raise InputError(f"'{rev}' is neither a folder nor a git revision of {top}")
    sha = commit.stdout.strip()
    chosen = []
    for here in (current.intents, current.replies, current.policy):
        try:
            rel = Path(here).resolve().relative_to(top)
        except ValueError:
            chosen.append(Path(here))  # outside the repository: the same on both sides
            continue
        archive = _git(["archive", "--format=tar", sha, "--", rel.as_posix()], top, binary=True)
        if archive.returncode != 0:
            if here == current.intents:
                raise InputError(f"revision {rev} has no {rel}: {archive.stderr.decode(errors='replace').strip()}")
            chosen.append(Path(here))
            continue
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
        chosen.append(into / rel)
    subject = _git(["log", "-1", "--format=%h %s", sha], top).stdout.strip()
    return EnginePaths(chosen[0], chosen[1], chosen[2], current.aspects), rev, f"revision {rev}: {subject}"


def from_folder(folder: Path, current: EnginePaths) -> tuple[EnginePaths, str, str]:
    """A shop folder (intents/, replies/, policy/shop.yaml) or a bare folder of intent files;
    what it lacks is taken from the current files."""
    if (folder / "intents").is_dir():
        replies = folder / "replies" if (folder / "replies").is_dir() else current.replies
        policy = folder / "policy" / "shop.yaml" if (folder / "policy" / "shop.yaml").is_file() else current.policy
        return EnginePaths(folder / "intents", replies, policy, current.aspects), folder.name or str(folder), f"folder {folder}"
    if any(folder.glob("*.yaml")):
        return EnginePaths(folder, current.replies, current.policy, current.aspects), folder.name or str(folder), f"folder {folder}"
    raise InputError(f"{folder} holds neither an intents/ folder nor intent files (*.yaml)")


def other_version(spec: str, current: EnginePaths, into: Path) -> tuple[EnginePaths, str, str]:
    """(paths, a short label for tables, a line saying what it is)."""
    folder = Path(spec)
    return from_folder(folder, current) if folder.is_dir() else from_revision(spec, current, into)


def format_comparison(c: Comparison, *, shown: int = 200) -> str:
    b, a = c.before.summary(), c.after.summary()
    width = max(len(c.label), 8)
    lines = [f"{'':<22}{c.label:>{width}}  {'current':>8}"]
    for key, name in (("accuracy", "accuracy"), ("in_scope_accuracy", "in-scope accuracy"),
                      ("other_fallback_rate", "other falling back"), ("macro_f1", "macro F1")):
        lines.append(f"{name:<22}{b[key]:>{width}.3f}  {a[key]:>8.3f}")
    verdicts = {v: sum(ch.verdict == v for ch in c.changes) for v in ("fixed", "broken", "still wrong", "both right")}
    lines += ["", f"{len(c.changes)} of {b['messages']} message(s) changed intent: "
              + ", ".join(f"{n} {v}" for v, n in verdicts.items() if n) if c.changes else "no message changed intent"]
    order = {"broken": 0, "fixed": 1, "still wrong": 2, "both right": 3}
    for ch in sorted(c.changes, key=lambda ch: (order[ch.verdict], ch.case.line))[:shown]:
        lines.append(f"  line {ch.case.line} [{ch.verdict}] expected {'/'.join(ch.case.labels)}: "
                     f"{ch.before} -> {ch.after}: {ch.case.text[:80]}")
    if len(c.changes) > shown:
        lines.append(f"  ... and {len(c.changes) - shown} more")
    return "\n".join(lines)
