"""The shortcuts taken before a pattern (a text of letters and figures only, a text with no figure) give what the
pattern gives, for any text: they exist for speed, so a reading may never depend on whether one was taken."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from bot.catalog.measuring import _BODY, _WAIST_IN_CHI, body_measures
from bot.matcher import _NOT_TEXT, _bare
from bot.text import _CLAUSE_END, _PHRASE_END, _question_form, clauses, phrases

# Chinese, letters, figures in several scripts, Chinese numerals, the punctuation and spaces the patterns split at, and
# the look-alikes that tell str.isalnum from a pattern's \w (the underscore, ² and ①, which are no decimal digits)
_ALPHABET = st.sampled_from(list("好的没不能吗发货退是?？.。,，!！~ \u3000\t_a3²①٣一二十百尺寸腰围手腕") + ["cm", "厘米"])
texts = st.lists(_ALPHABET, max_size=14).map("".join) | st.text(max_size=14)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_plain_text_shortcuts_agree_with_the_patterns(text: str) -> None:
    assert _bare(text) == _NOT_TEXT.sub("", text)
    assert clauses(text) == [p for p in _CLAUSE_END.split(text) if p]
    assert phrases(text) == [p.strip() for p in _PHRASE_END.split(text) if p.strip()]
    assert _question_form(text) == (re.search(r"[?？]|(\w)[不没]\1|[^\W\d还也都就可再我你他她不没别][不没](?=[\s,，。!！~、]|$)", text)
                                    is not None)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_a_text_without_figures_has_no_body_measure(text: str) -> None:
    if not re.search(r"[\d零一二两三四五六七八九十百]", text):
        assert not list(_BODY.finditer(text)) and not list(_WAIST_IN_CHI.finditer(text))
        assert body_measures(text) == {}


def test_body_measures_still_read() -> None:
    assert body_measures("手腕十六厘米半") == {"wrist": (16.5, "厘米")}
    assert body_measures("腰围2尺2")["waist"][1] == "尺"
