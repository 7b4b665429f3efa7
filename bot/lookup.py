"""Word look-ups built once at load: an Aho-Corasick automaton finds every listed word a text says in one pass."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ahocorasick


def automaton(entries: Mapping[str, Any]) -> ahocorasick.Automaton:
    """An automaton of words with a value each; its `iter(text)` gives (end, value) for every place a word is said,
    overlapping ones too. Guard a search with `len(...)`: an empty automaton cannot search."""
    index = ahocorasick.Automaton()
    for word, value in entries.items():
        index.add_word(word, value)
    if entries:
        index.make_automaton()
    return index
