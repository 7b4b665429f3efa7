"""`run_bot.py inbox`: what buyers said that the bot could not place, grouped so a trainer fixes a
whole family of wordings at once.

Messages come from the service's SQLite log (the trainers' inbox the service fills): unmatched,
matched with low confidence, or marked by an agent as the wrong intent. Wordings are grouped by
rapidfuzz similarity (one `process.cdist` over the distinct texts, then a greedy pass: the most
frequent wording not yet placed starts a group and takes every unplaced wording close to it),
largest group first. Phone numbers are masked. Each group is read again with the current files,
so groups a trainer has already taught away drop out of the list.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.domain import ConversationState
from bot.engine import Engine
from bot.slots import mask_phones
from bot.storage.log import InboxEntry, MessageLog
from bot.storage.sqlite import DB_NAME, open_database
from bot.text import Normaliser

_NOT_TEXT = re.compile(r"[\s\W_]+")
PYTHON = ".venv/bin/python"  # as the README runs every command
SIMILARITY = 70  # rapidfuzz ratio from which two wordings are the same question
MAX_DISTINCT = 3000  # distinct wordings clustered at once (a 36 MB score matrix)


@dataclass
class Group:
    wordings: list[tuple[str, int]]  # (masked text, times seen), most frequent first
    reasons: Counter = field(default_factory=Counter)
    agents_said: Counter = field(default_factory=Counter)  # intents agents marked as right
    bot_guessed: Counter = field(default_factory=Counter)  # the matcher's best intent when logged
    skus: Counter = field(default_factory=Counter)  # items whose catalogue lacked the answer (missing_faq)
    now: str | None = None  # where the current files send the first wording (None: fallback)
    now_score: float = 0.0
    resolved: bool = False  # the current files answer every wording as the trainers' inbox asked

    @property
    def count(self) -> int:
        return sum(n for _, n in self.wordings)

    @property
    def text(self) -> str:
        return self.wordings[0][0]

    @property
    def suggested_intent(self) -> str | None:
        """The intent the evidence supports: what agents said most, when most of those who said
        something agree. The bot's own guess is no evidence (it was unsure: that is why the message
        is here; 你们是厂家直销吗 guessed as `human` is product_info), so without agents, none."""
        if not self.agents_said:
            return None
        (intent, votes), total = self.agents_said.most_common(1)[0], sum(self.agents_said.values())
        return intent if votes * 2 > total else None

    def to_dict(self) -> dict:
        return {
            "count": self.count, "text": self.text, "wordings": [{"text": t, "count": n} for t, n in self.wordings],
            "reasons": dict(self.reasons), "agents_said": dict(self.agents_said),
            "bot_guessed": dict(self.bot_guessed), "suggested_intent": self.suggested_intent,
            "skus": dict(self.skus),
            "now": self.now, "now_score": round(self.now_score, 3), "resolved": self.resolved,
        }


def read_inbox(data_dir: Path, limit: int = 10_000) -> list[InboxEntry]:
    """The newest `limit` inbox entries of the service's log; none when there is no log yet."""
    if not (Path(data_dir) / DB_NAME).exists():
        return []
    db = open_database(Path(data_dir))
    try:
        return MessageLog(db).inbox(limit)
    finally:
        db.close()


def _marked(entry: InboxEntry, reason: str, mark: str, key: str) -> str | None:
    """The `key` of the `mark` an entry logged for `reason` carries: the intent an agent said (marked_wrong,
    the agent's mark's name), the item whose FAQ lacked the answer (missing_faq, its sku)."""
    if entry.reason != reason:
        return None
    return next((m.get(key) for m in entry.matches if m.get("reason") == mark and m.get(key)), None)


def _bot_guess(entry: InboxEntry) -> str | None:
    if entry.reason in ("marked_wrong", "missing_faq") or not entry.matches:
        return None
    return entry.matches[0].get("name") or entry.matches[0].get("intent")


def cluster(texts: list[str], *, similarity: int = SIMILARITY, normalise: Normaliser | None = None) -> list[list[int]]:
    """Indices of `texts` grouped greedily by similarity; `texts` most frequent first."""
    if not texts:
        return []
    normalise = normalise or Normaliser()
    keys = [_NOT_TEXT.sub("", normalise(t)) or t for t in texts]
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=similarity, workers=-1)
    placed = [False] * len(texts)
    groups = []
    for i in range(len(texts)):
        if placed[i]:
            continue
        members = sorted({i} | {int(j) for j in (scores[i] >= similarity).nonzero()[0] if not placed[j]})
        for j in members:
            placed[j] = True
        groups.append(members)
    return groups


def group_inbox(entries: list[InboxEntry], *, engine: Engine | None = None, similarity: int = SIMILARITY,
                min_score: float = 0.6) -> list[Group]:
    """Entries grouped by wording, largest group first. With `engine`, each group is read again:
    it is resolved when every wording now clears `min_score` (and lands where an agent said)."""
    normalise = Normaliser()
    seen: Counter = Counter()
    by_text: dict[str, list[InboxEntry]] = {}
    for entry in entries:
        text = " ".join(mask_phones(entry.text).split())
        if not text:
            continue
        seen[text] += 1
        by_text.setdefault(text, []).append(entry)
    texts = [t for t, _ in seen.most_common(MAX_DISTINCT)]
    groups = []
    for members in cluster(texts, similarity=similarity, normalise=normalise):
        group = Group([(texts[i], seen[texts[i]]) for i in members])
        group.wordings.sort(key=lambda w: -w[1])
        for text, _ in group.wordings:
            for entry in by_text[text]:
                group.reasons[entry.reason] += 1
                if said := _marked(entry, "marked_wrong", "agent", "name"):
                    group.agents_said[said] += 1
                if guess := _bot_guess(entry):
                    group.bot_guessed[guess] += 1
                if sku := _marked(entry, "missing_faq", "missing_faq", "sku"):
                    group.skus[sku] += 1
        if engine is not None:
            _recheck(group, engine, min_score)
        groups.append(group)
    groups.sort(key=lambda g: (-g.count, g.text))
    return groups


def _recheck(group: Group, engine: Engine, min_score: float) -> None:
    if group.skus:  # a missing FAQ is answered once the catalogue states a fact for the item
        sku = group.skus.most_common(1)[0][0]
        turns = [engine.reply(text, state=ConversationState("inbox", item_sku=sku)) for text, _ in group.wordings]
        group.now = turns[0].intents[0] if turns[0].intents else None
        group.now_score = turns[0].score
        group.resolved = all(t.product is not None and t.product.factual for t in turns)
        return
    wanted = group.agents_said.most_common(1)[0][0] if group.agents_said else None
    resolved = True
    for n, (text, _) in enumerate(group.wordings):
        reading = engine.read(text)
        chosen = reading.chosen[0] if reading.chosen else None
        if n == 0:
            group.now = chosen.intent if chosen else None
            group.now_score = chosen.score if chosen else (reading.matches[0].score if reading.matches else 0.0)
        if chosen is None or chosen.score < min_score or (wanted and chosen.intent != wanted):
            resolved = False
    group.resolved = resolved


def format_groups(groups: list[Group], *, show_all: bool = False, wordings: int = 5) -> str:
    shown = [g for g in groups if show_all or not g.resolved]
    hidden = len(groups) - len(shown)
    total = sum(g.count for g in groups)
    lines = [f"inbox: {total} message(s) in {len(groups)} group(s)"
             + (f"; {hidden} group(s) the current files already answer are hidden (--all shows them)" if hidden else "")]
    for n, g in enumerate(shown, 1):
        reasons = ", ".join(f"{r} {c}" for r, c in g.reasons.most_common())
        now = f"{g.now} ({g.now_score:.2f})" if g.now else f"fallback (best {g.now_score:.2f})"
        lines += ["", f"{n:>3}. x{g.count}  {reasons}  now: {now}{'  [answered now]' if g.resolved else ''}"]
        for text, count in g.wordings[:wordings]:
            lines.append(f"       x{count:<3} {text}")
        if len(g.wordings) > wordings:
            lines.append(f"       ... and {len(g.wordings) - wordings} more wording(s)")
        hints = []
        if g.agents_said:
            hints.append("agents said " + ", ".join(f"{i} x{c}" for i, c in g.agents_said.most_common()))
        if g.bot_guessed:
            hints.append("bot guessed " + ", ".join(f"{i} x{c}" for i, c in g.bot_guessed.most_common(3)))
        if hints:
            lines.append("       " + "; ".join(hints))
        if g.skus:
            sku = g.skus.most_common(1)[0][0]
            lines.append(f"       the catalogue of {sku} has no answer for it")
            lines.append(f'       teach-faq: {PYTHON} run_bot.py teach-faq {sku} "{g.text}" "答案"')
        elif g.suggested_intent:
            lines.append(f'       teach: {PYTHON} run_bot.py teach "{g.text}" {g.suggested_intent}')
        else:
            lines.append(f'       teach: {PYTHON} run_bot.py teach "{g.text}" INTENT'
                         "   (no agent said which: pick the intent yourself; the bot's guess was unsure)")
    if not shown:
        lines.append("nothing to look at")
    return "\n".join(lines)
