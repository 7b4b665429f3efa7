"""Buyers' words for what the catalogue holds, from the trainers' `intents/product_words.yaml`.

The catalogue's files hold a shop's own names (its tags, its attribute names); this holds the everyday words
buyers use for them, the same in every shop: 送爸妈 for the need 父母, 什么料 for an attribute named 面料, and
the words a pinyin slip reader puts right (保休 -> 保修). Pure: tables of cases test the catalogue with it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import ahocorasick

from bot.lookup import automaton

_NOTHING = re.compile(r"(?!)")  # matches no text: the cue of needs when the file names none


@dataclass(frozen=True)
class ProductWords:
    """`needs`: the needs shops tag items with (老人, 送礼), each with what buyers say for it (长辈, 礼物).
    `kinds`: the words that name what a question asks (保修, 正品, 尺码), which a pinyin slip loses.
    `attributes`: (a pattern an attribute's name matches, what buyers say for such an attribute); a name may
    match several. `spellings`: words written for one another in a variant's value (苹果 for iphone, 哑光 for 雾面).
    `material`: the names of what an item is made of (材质, 面料), the entries marked so: a claimed material
    (是真皮的吗) is checked against the attributes it names.
    `measures`: a body measure as shops name it (下胸围) and what buyers call it (底围).
    `signs`: each need's words as an item's own description writes them (老人: 中老年, 孝敬), for an item the shop
    tagged with no needs.
    `alike`: groups of words a question says for one another (怀孕 for 孕妇, 油性皮肤 for 油皮), read as the word a
    shop's FAQ writes.
    `claims`: (a pattern of attribute names, what buyers ask whether the item does in that attribute's terms: 美白,
    祛痘 of 功效): such a question reads the attribute, which answers it by itself only when its value says the word."""

    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: tuple[str, ...] = ()
    attributes: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()
    # groups of words buyers write for one another in a variant's value (lower case): (iphone, 苹果), (promax, pm)
    spellings: tuple[tuple[str, ...], ...] = ()
    material: re.Pattern[str] = _NOTHING
    measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # what an item's own words say of a need when the shop tagged it with none: 中老年 and 孝敬长辈 of 老人
    signs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    claims: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()
    # groups of words a question may say for one another (孕妇, 怀孕, 孕期): a shop's FAQ writes one of them
    alike: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def _need_index(self) -> ahocorasick.Automaton:
        """Every need's words -> the needs they are words of: one pass over a text finds them all."""
        of: dict[str, list[str]] = {}
        for need, words in self.needs.items():
            for word in words:
                of.setdefault(word, []).append(need)
        return automaton(of)

    def needs_said(self, text: str) -> tuple[str, ...]:
        """The needs whose words a text says, in the file's order."""
        found = {need for _, needs in self._need_index.iter(text) for need in needs} if len(self._need_index) else ()
        return tuple(need for need in self.needs if need in found) if found else ()

    @cached_property
    def need_cue(self) -> re.Pattern[str]:
        """Any word of any need: what a recommendation's question may say and still be answered by it."""
        words = [w for ws in self.needs.values() for w in ws]
        return re.compile("|".join(words)) if words else _NOTHING

    @cached_property
    def core_words(self) -> frozenset[str]:
        """The needs and every word of them."""
        return frozenset(w for ws in self.needs.values() for w in ws) | frozenset(self.needs)

    def words_of_need(self, need: str) -> tuple[str, ...]:
        return self.needs.get(need, ())

    def signs_of(self, need: str) -> tuple[str, ...]:
        return self.signs.get(need, ())

    def attribute_cues(self, name: str) -> tuple[str, ...]:
        """What buyers say for an attribute of this name, besides the name; the claims they check against it too.
        Worked out once per name (`_known`): the catalogue's names, asked of at every product question."""
        key = ("cues", name)
        if (cues := self._known.get(key)) is None:
            cues = self._known[key] = tuple(w for pattern, words in (*self.attributes, *self.claims) if pattern.search(name)
                                            for w in words)
        return cues

    def claims_unsaid(self, text: str, attributes: list[tuple[str, str]]) -> list[str]:
        """The claims a text checks against these attributes that no value of theirs says (能美白吗 against 功效:
        补水保湿): the shop may not claim it, so the values are for an agent to send."""
        said = " ".join(value.lower() for _, value in attributes)
        return [w for pattern, words in self.claims if any(pattern.search(n) for n, _ in attributes)
                for w in words if w in text and w not in said]

    def measure_named(self, said: str) -> str:
        """The shops' name of a body measure a buyer gives in their own word (底围 -> 下胸围)."""
        return next((name for name, words in self.measures.items() if said.endswith(words)), said)

    def written_for(self, value: str) -> tuple[str, ...]:
        """What buyers write for the words of a value, as `spellings` groups them: 哑光 and 磨砂 for the 雾面 of 雾面黑."""
        key = ("written", value)
        if (written := self._known.get(key)) is None:  # once per value (`_known`): the catalogue's, at every question
            lower = value.lower()
            written = self._known[key] = tuple(w for group in self.spellings if any(g in lower for g in group)
                                               for w in group if w not in lower)
        return written

    @cached_property
    def _known(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """What `attribute_cues` and `written_for` found for a catalogue's attribute names and values: these words
        never change while the shop runs, and the names and values are the catalogue's few."""
        return {}
