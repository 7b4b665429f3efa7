"""`run_bot.py validate`: everything a trainer can get wrong, each with the file, the line and the fix.

Checks the intent files, the templates (syntax, unknown templates, variables the policy never
provides, review-for-money wording) and the policy file, without starting the bot.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta
from rapidfuzz import fuzz, process

from bot.compliance import check_template_source
from bot.engine import FALLBACK_TEMPLATE, TEMPLATE_GLOBALS, EnginePaths
from bot.catalog import read_catalog
from bot.intents import ConfigError, Intent, Problem, load_context_cues, load_product_words, load_sending_cues, read_intents
from bot.render import TEMPLATE_SUFFIX, make_environment
from bot.text import Normaliser
from bot.reviews.rules import load_review_rules
from bot.outreach.service import CONTEXT as OUTREACH_CONTEXT, TEMPLATE_DIR as OUTREACH_DIR
from policy.loading import load_rules
from policy.outreach import OutreachRules
from policy.outreach_loading import load_outreach, outreach_path
from policy.rules import FACTS

NEAR_DUPLICATE = 92  # rapidfuzz ratio from which two intents' examples are too alike to tell apart


def _line_of(source: str, needle: str) -> int:
    for n, line in enumerate(source.splitlines(), 1):
        if re.search(rf"\b{re.escape(needle)}\b", line):
            return n
    return 1


def check_templates(paths: EnginePaths, intents: list[Intent]) -> Iterator[Problem]:
    env = make_environment(paths.replies)
    used = {i.reply: i for i in intents}
    for intent in intents:
        if not (paths.replies / f"{intent.reply}{TEMPLATE_SUFFIX}").exists():
            yield Problem(intent.path, 1, f"reply template '{intent.reply}{TEMPLATE_SUFFIX}' not found in {paths.replies}; create it or fix 'reply'")
    if not (paths.replies / f"{FALLBACK_TEMPLATE}{TEMPLATE_SUFFIX}").exists():
        yield Problem(paths.replies, 0, f"'{FALLBACK_TEMPLATE}{TEMPLATE_SUFFIX}' not found: every message the bot cannot place is answered with it; create it")
    for path in sorted(paths.replies.rglob(f"*{TEMPLATE_SUFFIX}")):
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            yield Problem(path, 0, "file is not UTF-8 text; save it as UTF-8")
            continue
        except OSError as exc:
            yield Problem(path, 0, f"cannot read the template: {exc.strerror}")
            continue
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            yield Problem(path, exc.lineno or 0, f"template syntax error: {exc.message}")
            continue
        for violation in check_template_source(source):
            yield Problem(path, _line_of(source, violation.evidence.split(" ")[0]), f"{violation.reason} (found: {violation.evidence})")
        intent = used.get(path.stem) if path.parent == paths.replies else None
        if intent is None and path.stem != FALLBACK_TEMPLATE:
            continue  # templates of other flows (reviews) get their variables elsewhere
        allowed = TEMPLATE_GLOBALS | FACTS.get(intent.name, frozenset()) if intent else TEMPLATE_GLOBALS
        for name in sorted(meta.find_undeclared_variables(ast) - allowed):
            yield Problem(path, _line_of(source, name), f"variable '{name}' is never provided by the policy for this intent; use one of: {', '.join(sorted(allowed))}")


def check_outreach(replies: Path, rules: OutreachRules, rules_path: Path) -> Iterator[Problem]:
    """Each proactive message's template exists and uses only what the outreach provides."""
    env = make_environment(replies)
    for rule in rules.messages:
        path = replies / OUTREACH_DIR / f"{rule.template}{TEMPLATE_SUFFIX}"
        if not path.exists():
            yield Problem(rules_path, 0, f"message '{rule.name}': template {path} not found; create it or fix 'template'")
            continue
        source = path.read_text(encoding="utf-8")
        try:
            names = meta.find_undeclared_variables(env.parse(source))
        except TemplateSyntaxError:
            continue  # check_templates names it
        for name in sorted(names - OUTREACH_CONTEXT):
            yield Problem(path, _line_of(source, name), f"variable '{name}' is never provided to a proactive message; use one of: {', '.join(sorted(OUTREACH_CONTEXT))}")


def check_examples(intents: list[Intent]) -> Iterator[Problem]:
    """The same (or nearly the same) example in two intents: the bot cannot tell them apart."""
    normalise = Normaliser()
    seen: dict[str, tuple[Intent, str]] = {}
    for intent in intents:
        for example in intent.examples:
            key = re.sub(r"[\s\W_]+", "", normalise(example))
            if key in seen and seen[key][0].name != intent.name:
                other, original = seen[key]
                yield Problem(intent.path, intent.lines.get(example, 0), f"example '{example}' is also in {other.path}:{other.lines.get(original, 0)}; keep it in one intent")
            seen.setdefault(key, (intent, example))
    keys = list(seen.items())
    texts = [key for key, _ in keys]
    # All pairs scored in one rapidfuzz pass (C, in row blocks to bound memory); Python sees the near ones.
    for start in range(0, len(texts), 512):
        scores = process.cdist(texts[start : start + 512], texts, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE)
        for row, col in zip(*(scores >= NEAR_DUPLICATE).nonzero()):
            n, m = start + int(row), int(col)
            if m <= n:
                continue
            (key, (intent, example)), (_, (other, other_example)) = keys[n], keys[m]
            if other.name != intent.name and len(key) >= 4:
                yield Problem(other.path, other.lines.get(other_example, 0), f"example '{other_example}' is nearly the same as '{example}' in {intent.path}:{intent.lines.get(example, 0)}", "warning")


def validate(paths: EnginePaths) -> list[Problem]:
    intents, problems = read_intents(paths.intents)
    # a broken intent file is still named (by its file name) in the files that name it: one error, not one in each
    names = [i.name for i in intents] + [p.path.stem for p in problems if p.severity == "error" and p.path.suffix == ".yaml"]
    outreach = None
    for load in (lambda: load_context_cues(paths.intents, names), lambda: load_sending_cues(paths.intents, names),
                 lambda: load_product_words(paths.intents)):
        try:
            load()
        except ConfigError as exc:
            problems.extend(exc.problems)
    try:
        load_rules(paths.policy)
        outreach = load_outreach(outreach_path(paths.policy))
        if paths.aspects.is_dir():
            load_review_rules(paths.aspects, paths.policy.parent)
    except ConfigError as exc:
        problems.extend(exc.problems)
    if paths.catalog is not None:
        problems.extend(read_catalog(paths.catalog)[1])
    if not paths.replies.is_dir():
        problems.append(Problem(paths.replies, 0, "replies folder not found"))
        return problems
    problems.extend(check_templates(paths, intents))
    if outreach is not None:
        problems.extend(check_outreach(paths.replies, outreach, outreach_path(paths.policy)))
    problems.extend(check_examples(intents))
    return problems

