"""`run_bot.py teach-faq SKU "question" "answer"`: a shop's answer added to a product file's FAQ,
with the file's comments, blank lines and layout kept (ruamel.yaml round-trip, as `teach` adds an
intent example), checked before and after: the file is put back if the catalogue no longer loads."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.domain import InputError
from bot.intents import ConfigError
from bot.training.teach import _dump, _keep_trailing_comments_below, _only_added, _write_atomically, _yaml

from .loading import read_catalog


@dataclass(frozen=True)
class TaughtFaq:
    sku: str
    question: str
    answer: str
    path: Path
    line: int


def _entry(question: str, answer: str) -> CommentedMap:
    questions = CommentedSeq([question])
    questions.fa.set_flow_style()
    entry = CommentedMap([("q", questions), ("a", answer)])
    entry.fa.set_flow_style()
    return entry


def add_faq(path: Path, question: str, answer: str) -> int:
    """Appends one FAQ entry to the file; returns its line. Only that line may change, or nothing is written."""
    original = path.read_text(encoding="utf-8")
    for keep_comments_below in (True, False):
        yaml = _yaml(original)
        data = yaml.load(original)
        faq = data.get("faq")
        if faq is None:
            data["faq"] = CommentedSeq([_entry(question, answer)])
            added = 2
        elif isinstance(faq, list):
            faq.append(_entry(question, answer))
            if keep_comments_below:
                _keep_trailing_comments_below(faq)
            added = 1
        else:
            raise InputError(f"{path}:{data.lc.key('faq')[0] + 1}: 'faq' is not a list; fix it first")
        changed = _dump(yaml, data)
        if line := _only_added(original, changed, added):
            _write_atomically(path, changed)
            return line
    raise InputError(f"{path}: adding the FAQ would reformat other lines of the file; add it by hand under 'faq:'")


def teach_faq(catalog_dir: Path, sku: str, question: str, answer: str) -> TaughtFaq:
    """Adds the FAQ to the product's file. InputError for an unknown SKU, an empty text or a
    question the product already has; ConfigError when the catalogue has errors before or after."""
    question, answer = " ".join(str(question).split()), " ".join(str(answer).split())
    if not question or not answer:
        raise InputError("both the question and the answer are needed, e.g. teach-faq B2 \"会褪色吗\" \"不会褪色\"")
    catalog, problems = read_catalog(catalog_dir)
    if errors := [p for p in problems if p.severity == "error"]:
        raise ConfigError(errors)
    product = catalog.get(sku)
    if product is None:
        raise InputError(f"no product {sku!r} in {catalog_dir}; known: {', '.join(sorted(catalog.products))}")
    for entry in product.faq:
        if question in entry.questions:
            raise InputError(f"{product.path}:{entry.line}: {product.sku} already answers '{question}'")
    original = product.path.read_text(encoding="utf-8")
    line = add_faq(product.path, question, answer)
    errors = [p for p in read_catalog(catalog_dir)[1] if p.severity == "error"]
    if errors:
        _write_atomically(product.path, original)  # the shop's file never stays broken
        raise ConfigError(errors)
    return TaughtFaq(product.sku, question, answer, product.path, line)
