"""Reading the trainers' intent files: one YAML file per intent under `intents/`.

Every problem is reported with the file and line and what to fix, because the people who write
these files are shop staff, not programmers.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from bot.context import ContextCues
from bot.product_words import ProductWords
from bot.sending import INTENT_LISTS, OPENING, WORD_LISTS, SendingCues

MODES = ("auto", "suggest")
CONTEXT_FILE = "context.yaml"  # not an intent: how a follow-up meets its conversation (load_context_cues)
CONTEXT_KEYS = ("carry_on", "bare", "fillers", "holds", "gives_way", "gives_way_on", "keeps", "acknowledges", "conditions",
                "urges", "after_closing", "gives_way_after", "denials")
SENDING_FILE = "sending.yaml"  # not an intent: what keeps a sure answer waiting for an agent (load_sending_cues)
SENDING_KEYS = ("remarks", *WORD_LISTS, *INTENT_LISTS)
PRODUCT_WORDS_FILE = "product_words.yaml"  # not an intent: buyers' words for what the catalogue holds (load_product_words)
PRODUCT_WORDS_KEYS = ("needs", "need_signs", "question_words", "attributes", "spellings", "measures", "alike")
ATTRIBUTE_ENTRY_KEYS = ("names", "words", "material", "claims")
NOT_INTENTS = frozenset({CONTEXT_FILE, SENDING_FILE, PRODUCT_WORDS_FILE})
KNOWN_KEYS = {"name", "description", "mode", "priority", "topic", "reported", "yields_to", "yields_on_cue", "closing", "open_names", "examples", "keywords", "negative_examples",
              "follow_ups", "whole_message", "farewells", "settled", "unsettled", "reply"}
PRIORITIES = ("normal", "low")
LIST_KEYS = ("examples", "keywords", "negative_examples", "follow_ups", "whole_message", "farewells", "settled", "unsettled",
             "yields_to")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a trainer's file."""

    path: Path
    line: int  # 1-based; 0 when the whole file is meant
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.severity}: {self.message}"


def yaml_line(data: Any, key: str | None = None) -> int:
    """1-based line of `key` in a mapping read by ruamel's round-trip loader (of the mapping itself
    without a key); 0, the whole file, when unknown."""
    lc = getattr(data, "lc", None)
    if lc is None:
        return 0
    try:
        return (lc.key(key)[0] if key is not None else lc.line) + 1
    except (KeyError, TypeError, AttributeError):
        return 0


class ConfigError(Exception):
    """Files the bot cannot start with; the message lists each problem and what to fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_text(path: Path, what: str = "file") -> str:
    """A shop's file as text, or ConfigError saying why it cannot be read (not UTF-8, missing, no permission)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError([Problem(path, 0, "file is not UTF-8 text; save it as UTF-8")]) from None
    except OSError as exc:
        raise ConfigError([Problem(path, 0, f"cannot read the {what}: {exc.strerror}")]) from None


def parse_yaml(path: Path, text: str, typ: str = "rt") -> Any:
    """`text` (of `path`) as YAML, or ConfigError at the line of the syntax error. Every file a trainer or
    the shop writes is read here, so the same mistake is told the same way in any of them."""
    try:
        return YAML(typ=typ).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([Problem(path, mark.line + 1 if mark else 0,
                                   f"YAML syntax error: {problem}; check indentation and quotes")]) from None


def read_yaml(path: Path, typ: str = "rt", what: str = "file") -> Any:
    """The YAML of a shop's file (ruamel's round-trip reading by default, which knows each key's line)."""
    return parse_yaml(path, read_text(path, what), typ)


@dataclass(frozen=True)
class Intent:
    name: str
    description: str
    mode: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    negative_examples: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    # phrases that are this intent only as the whole message (哦好, 嗯嗯好: a thanks; the 好 of 好，那我去申请 is not)
    whole_message: tuple[str, ...] = ()
    # a closing's thanks and goodbyes in so many words (谢谢, 再见): a message that tells where things stand and ends on one
    # of them, asking nothing, is this intent however much it says before (Matcher._closing_clause)
    farewells: tuple[str, ...] = ()
    # a closing's words of news that is over (了, 已), and of news that is not (没, 还, 错): a clause that asks nothing and
    # tells the first with none of the second (退款已经到账了) is no request beside this intent's thanks (Matcher._settled)
    settled: tuple[str, ...] = ()
    unsettled: tuple[str, ...] = ()
    reply: str = ""
    priority: str = "normal"  # low: a hello or a thanks gives way to a real request in the same message
    topic: bool = True  # false: a conversation is never about this (转人工), so short follow-ups are not read as it
    # true: buyers report this rather than ask it (洗了缩水了), so a reading needs no word that asks (Matcher._remark)
    reported: bool = False
    # intents this one gives way to on a near tie: 快递 and 发货 are the setting of a return as often as its point
    yields_to: tuple[str, ...] = ()
    # true: it gives way to those whenever both readings rest on a trainer's cue, however the scores fall (快递员 beside
    # 换货 is the exchange's courier), not only on a near tie
    yields_on_cue: bool = False
    # true (thanks_bye): it closes a topic, so a message that asks on after its cue is not it (好的 再发两盒吗)
    closing: bool = False
    # true (product_info): a question naming a thing no example names (刷新率, 保护套) leans to it (Matcher.clearance):
    # the goods' names are an open list, the service's words a closed one
    open_names: bool = False
    yields_line: int = field(default=0, compare=False, hash=False)  # where yields_to is, for problems
    path: Path = Path()
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)  # example -> line

    @property
    def auto(self) -> bool:
        return self.mode == "auto"


def _string_list(data: Any, key: str, path: Path, problems: list[Problem],
                 source: list[str] | None = None) -> tuple[tuple[str, ...], dict[str, int]]:
    value = data.get(key) or []
    base_line = data.lc.key(key)[0] + 1 if key in data else 0
    if not isinstance(value, list):
        problems.append(Problem(path, base_line, f"'{key}' must be a list of sentences (lines starting with '- ')"))
        return (), {}
    items, lines = [], {}
    for i, item in enumerate(value):
        line = value.lc.item(i)[0] + 1 if hasattr(value, "lc") else base_line
        if not isinstance(item, (str, int, float)) or not str(item).strip():
            problems.append(Problem(path, line, f"'{key}' entry {i + 1} is empty or not a sentence"))
            continue
        text = str(item).strip()
        if source and isinstance(item, str) and 0 < line <= len(source) and _folded(text, source[line - 1]):
            problems.append(Problem(path, line + 1, f"this line was joined to the '{key}' entry above it: YAML reads"
                                    f" '{text}' as one sentence, because the line is indented further than"
                                    " the '- ' above; indent its '- ' like the others to make it its own entry",
                                    "warning"))
        items.append(text)
        lines.setdefault(text, line)
    return tuple(items), lines


def _folded(text: str, line: str) -> bool:
    """Whether YAML joined more lines to the item this line starts (a plain scalar folded over a
    more-indented line): the line alone does not hold the item's text."""
    return text not in line and " " in text and text.split(" ")[0] in line


def parse_intent(path: Path, problems: list[Problem]) -> Intent | None:
    """One intent file, or None with the reasons added to `problems`."""
    try:
        source = read_text(path)
        data = parse_yaml(path, source)
    except ConfigError as exc:
        problems.extend(exc.problems)
        return None
    if not hasattr(data, "get") or not hasattr(data, "lc"):
        problems.append(Problem(path, 1, "an intent file must be a mapping with name, mode and examples"))
        return None
    for key in data:
        if key not in KNOWN_KEYS:
            problems.append(Problem(path, data.lc.key(key)[0] + 1, f"unknown key '{key}' (known: {', '.join(sorted(KNOWN_KEYS))})", "warning"))
    name = str(data.get("name") or "").strip()
    if not name:
        problems.append(Problem(path, 1, "missing 'name'"))
        return None
    if name != path.stem:
        problems.append(Problem(path, data.lc.key("name")[0] + 1, f"name '{name}' differs from the file name '{path.stem}'; rename one"))
    mode = str(data.get("mode") or "suggest")
    if mode not in MODES:
        problems.append(Problem(path, data.lc.key("mode")[0] + 1, f"mode '{mode}' must be auto or suggest"))
    priority = str(data.get("priority") or "normal")
    if priority not in PRIORITIES:
        problems.append(Problem(path, data.lc.key("priority")[0] + 1, f"priority '{priority}' must be normal or low"))
    flags = {key: data.get(key, default) for key, default in (("topic", True), ("reported", False), ("yields_on_cue", False), ("closing", False),
                                                          ("open_names", False))}
    for key, value in flags.items():
        if not isinstance(value, bool):
            problems.append(Problem(path, data.lc.key(key)[0] + 1, f"{key} '{value}' must be true or false"))
    lines_of = source.splitlines()
    lists = {key: _string_list(data, key, path, problems, lines_of) for key in LIST_KEYS}
    examples, lines = lists["examples"]
    if not examples and not lists["keywords"][0]:
        problems.append(Problem(path, 1, "an intent needs at least one example or keyword"))
    return Intent(
        name=name,
        description=str(data.get("description") or ""),
        mode=mode,
        examples=examples,
        keywords=lists["keywords"][0],
        negative_examples=lists["negative_examples"][0],
        follow_ups=lists["follow_ups"][0],
        whole_message=lists["whole_message"][0],
        farewells=lists["farewells"][0],
        settled=lists["settled"][0],
        unsettled=lists["unsettled"][0],
        reply=str(data.get("reply") or name),
        priority=priority,
        topic=flags["topic"] is not False,
        reported=flags["reported"] is True,
        yields_to=lists["yields_to"][0],
        yields_on_cue=flags["yields_on_cue"] is True,
        closing=flags["closing"] is True,
        open_names=flags["open_names"] is True,
        yields_line=yaml_line(data, "yields_to") if "yields_to" in data else 0,
        path=path,
        lines=lines,
    )


def read_intents(directory: Path) -> tuple[list[Intent], list[Problem]]:
    """All intents of a folder and every problem found; callers decide whether warnings matter."""
    directory = Path(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        return [], [Problem(directory, 0, "intents folder not found")]
    intents = [i for p in sorted(directory.glob("*.yaml")) if p.name not in NOT_INTENTS and (i := parse_intent(p, problems))]
    seen: dict[str, Intent] = {}
    for intent in intents:
        if intent.name in seen:
            problems.append(Problem(intent.path, 1, f"intent '{intent.name}' is also defined in {seen[intent.name].path}"))
        seen[intent.name] = intent
    for intent in intents:
        if unknown := [n for n in intent.yields_to if n not in seen or n == intent.name]:
            problems.append(Problem(intent.path, intent.yields_line, f"yields_to names {', '.join(unknown)}: "
                                    "use the names of other intent files"))
    if not intents:
        problems.append(Problem(directory, 0, "no intent files (*.yaml) found"))
    return intents, problems


def load_intents(directory: Path) -> list[Intent]:
    """Intents to serve with; raises ConfigError when any file has an error (warnings pass)."""
    intents, problems = read_intents(directory)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ConfigError(errors)
    return intents


def load_context_cues(directory: Path, intent_names: Collection[str]) -> ContextCues:
    """The cues of `context.yaml` in the intents folder (none when there is no such file); raises
    ConfigError naming each wrong entry, such as an intent name that no intent file defines."""
    path = Path(directory) / CONTEXT_FILE
    if not path.exists():
        return ContextCues()
    problems: list[Problem] = []
    data = _settings(path, CONTEXT_KEYS, problems)
    phrases = {key: _string_list(data, key, path, problems)[0]
               for key in ("carry_on", "bare", "fillers", "holds", "conditions", "after_closing", "denials")}
    gives_way, keeps = (_intent_lists(data, key, path, intent_names, problems, names_intents=True) for key in ("gives_way", "keeps"))
    acknowledges, gives_way_on, urges, gives_way_after = (_intent_lists(data, key, path, intent_names, problems, names_intents=False)
                                                          for key in ("acknowledges", "gives_way_on", "urges", "gives_way_after"))
    if problems:
        raise ConfigError(problems)
    return ContextCues(phrases["carry_on"], phrases["fillers"], {k: frozenset(v) for k, v in gives_way.items()},
                       phrases["bare"], phrases["holds"], acknowledges, phrases["conditions"], {k: frozenset(v) for k, v in keeps.items()},
                       urges, phrases["after_closing"], gives_way_on, gives_way_after, phrases["denials"])


def _intent_lists(data: Any, key: str, path: Path, intent_names: Collection[str], problems: list[Problem], *,
                  names_intents: bool) -> dict[str, tuple[str, ...]]:
    """A mapping of `key` from an intent to a list: of intents (`gives_way: {payment: [return]}`) or of words
    (`acknowledges: {thanks_bye: [哦]}`); a problem for each entry that is no such list or names no intent."""
    example = "`payment: [return]`" if names_intents else "`thanks_bye: [哦]`"
    raw = data.get(key) or {}
    if not hasattr(raw, "items"):
        problems.append(Problem(path, yaml_line(data, key), f"'{key}' maps an intent to a list: {example}"))
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        line = yaml_line(raw, name)
        entries = tuple(str(v) for v in values) if isinstance(values, list) and values else ()
        if not entries:
            problems.append(Problem(path, line, f"'{name}' must map to a list: {example}"))
        elif unknown := [n for n in (str(name), *(entries if names_intents else ())) if n not in intent_names]:
            problems.append(Problem(path, line, f"no intent named {', '.join(unknown)}; use the name of an intent file"))
        else:
            found[str(name)] = entries
    return found


def load_sending_cues(directory: Path, intent_names: Collection[str] | None = None) -> SendingCues:
    """The cues of `sending.yaml` in the intents folder (none when there is no such file); raises ConfigError
    naming each wrong entry, such as a `statements`, `trusted` or `sums` intent no intent file defines (checked when
    `intent_names` are given)."""
    path = Path(directory) / SENDING_FILE
    if not path.exists():
        return SendingCues()
    problems: list[Problem] = []
    data = _settings(path, SENDING_KEYS, problems)
    remarks, lines = _string_list(data, "remarks", path, problems)
    words = {key: _string_list(data, key, path, problems)[0] for key in WORD_LISTS}
    named = {key: _string_list(data, key, path, problems) for key in INTENT_LISTS}
    if intent_names is not None:
        for key, (names, where) in named.items():
            problems += [Problem(path, where.get(name, 0), f"no intent named {name} in '{key}'; use the name of an intent "
                                 f"file") for name in names if name not in intent_names]
    for remark in remarks:
        if not remark.removeprefix(OPENING).strip():
            problems.append(Problem(path, lines.get(remark, 0), f"'{OPENING}' alone is no remark: write the words after "
                                    f"it, as in {OPENING}不是"))
    if problems:
        raise ConfigError(problems)
    return SendingCues.of(remarks, **words, **{key: names for key, (names, _) in named.items()})


def load_product_words(directory: Path) -> ProductWords:
    """The words of `product_words.yaml` in the intents folder (none when there is no such file); raises
    ConfigError naming each wrong entry, such as a pattern of attribute names that is no regular expression."""
    path = Path(directory) / PRODUCT_WORDS_FILE
    if not path.exists():
        return ProductWords()
    problems: list[Problem] = []
    data = _settings(path, PRODUCT_WORDS_KEYS, problems)
    need_words = _word_map(data, "needs", "need", "老人: [长辈, 爷爷]", path, problems)
    kinds = _string_list(data, "question_words", path, problems)[0]
    attributes = data.get("attributes") or []
    if not isinstance(attributes, list):
        problems.append(Problem(path, yaml_line(data, "attributes"), "'attributes' must be a list of entries, each with "
                                "'names' (a pattern of the shop's attribute names) and 'words'"))
        attributes = []
    read = [_attribute_words(entry, n, attributes, path, problems) for n, entry in enumerate(attributes)]
    material = [entry["names"] for entry, r in zip(attributes, read) if r is not None and entry.get("material") is True]
    for n, entry in enumerate(attributes):
        if hasattr(entry, "get") and entry.get("material", True) is not True:
            problems.append(Problem(path, yaml_line(entry, "material"), f"'attributes' entry {n + 1}: 'material' is "
                                    "`true` (its names say what an item is made of) or left out"))
    claims = tuple((r[0], words) for entry, r in zip(attributes, read) if r is not None and hasattr(entry, "get")
                   and (words := _string_list(entry, "claims", path, problems)[0]))
    spellings = _spelling_groups(data, path, problems)
    alike = _spelling_groups(data, path, problems, "alike", "孕妇, 怀孕, 孕期")
    measures = _word_map(data, "measures", "measure", "下胸围: [底围]", path, problems)
    signs = _word_map(data, "need_signs", "need", "老人: [中老年, 孝敬]", path, problems)
    for need in signs:
        if need not in need_words:
            problems.append(Problem(path, yaml_line(data["need_signs"], need), f"'need_signs' names the need '{need}', "
                                    f"which 'needs' does not list; add it there first (known: {', '.join(need_words)})"))
    if problems:
        raise ConfigError(problems)
    return ProductWords(need_words, kinds, tuple(r for r in read if r is not None), spellings,
                        material=re.compile("|".join(material)) if material else ProductWords().material,
                        measures=measures, signs=signs, claims=claims, alike=alike)


def _word_map(data: Any, key: str, what: str, example: str, path: Path, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """A part of the file that maps each name to buyers' words for it (needs, measures)."""
    entries = data.get(key) or {}
    if not hasattr(entries, "items"):
        problems.append(Problem(path, yaml_line(data, key), f"'{key}' must map each {what} to its words: `{example}`"))
        return {}
    return {str(name): _string_list(entries, name, path, problems)[0] for name in entries}


def _spelling_groups(data: Any, path: Path, problems: list[Problem], key: str = "spellings",
                     example: str = "iphone, 苹果, ip") -> tuple[tuple[str, ...], ...]:
    """`spellings`: groups of words buyers write for one another in a variant's value ([iphone, 苹果], [promax, pm]);
    `alike` (the `key`): groups of words a question may say for one another ([孕妇, 怀孕, 孕期])."""
    groups = data.get(key) or []
    if not isinstance(groups, list):
        problems.append(Problem(path, yaml_line(data, key), f"'{key}' must be a list of groups, each a line "
                                f"like `- [{example}]`"))
        return ()
    out = []
    for n, group in enumerate(groups):
        line = groups.lc.item(n)[0] + 1 if hasattr(groups, "lc") else 0
        words = [str(w).strip().lower() for w in group] if isinstance(group, list) else []
        if len(words) < 2 or any(not w or isinstance(g, (bool, list, dict)) or g is None for w, g in zip(words, group)):
            problems.append(Problem(path, line, f"'{key}' entry {n + 1} must list two or more words written for one "
                                    f"another, e.g. - [{example}]"))
            continue
        out.append(tuple(dict.fromkeys(words)))
    return tuple(out)


def _attribute_words(entry: Any, n: int, entries: Any, path: Path, problems: list[Problem]
                     ) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """One entry of `attributes`: the pattern of its `names` compiled, and its `words`."""
    line = entries.lc.item(n)[0] + 1 if hasattr(entries, "lc") else 0
    if not hasattr(entry, "get"):
        problems.append(Problem(path, line, f"'attributes' entry {n + 1} must have 'names' and 'words', as in "
                                "`- names: '材质|面料'` and `words: [什么料]` under it"))
        return None
    for key in entry:
        if key not in ATTRIBUTE_ENTRY_KEYS:
            problems.append(Problem(path, yaml_line(entry, key), f"unknown key '{key}' (known: {', '.join(ATTRIBUTE_ENTRY_KEYS)})"))
    names, where = entry.get("names"), yaml_line(entry, "names") or line
    words = _string_list(entry, "words", path, problems)[0]
    if not isinstance(names, str) or not names.strip():
        problems.append(Problem(path, where, f"'attributes' entry {n + 1} needs 'names': a pattern of attribute names "
                                "in quotes, such as '材质|面料'"))
        return None
    try:
        pattern = re.compile(names)
    except re.error as exc:
        problems.append(Problem(path, where, f"'names' {names!r} is no pattern ({exc.msg}); check its brackets and "
                                "write | between names"))
        return None
    if not words:
        problems.append(Problem(path, where, f"'attributes' entry {n + 1} has no 'words': list what buyers say for it"))
        return None
    return pattern, words


def read_mapping(path: Path, keys: Collection[str], problems: list[Problem]) -> Any:
    """A settings file (not an intent) read as a mapping, each key it should not have added to `problems`;
    None, with the reason added to `problems`, when it is no mapping of YAML."""
    try:
        data = read_yaml(path)
    except ConfigError as exc:
        problems.extend(exc.problems)
        return None
    if not hasattr(data, "get"):
        problems.append(Problem(path, 1, f"this file must be a mapping with the keys {', '.join(keys)}"))
        return None
    for key in data:
        if key not in keys:
            problems.append(Problem(path, yaml_line(data, key), f"unknown key '{key}' (known: {', '.join(keys)})"))
    return data


def _settings(path: Path, keys: Collection[str], problems: list[Problem]) -> Any:
    """A trainers' settings file, whose loading cannot go on without it: ConfigError when it is no mapping of YAML."""
    data = read_mapping(path, keys, problems)
    if data is None:
        raise ConfigError(problems)
    return data


def user_words_file(directory: Path) -> Path:
    return Path(directory) / "dictionary.txt"
