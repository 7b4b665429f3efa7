"""The agents' marks hold back a kind of reading (bot/marks.py), decided in Engine.sends_alone."""
import pytest

from bot.domain import ConversationState
from bot.marks import Holds, MarkCount, MarksPolicy, ReadingKind

GREETING = ReadingKind("greeting", "你好")


def count(kind: ReadingKind, wrong: int, marks: int) -> MarkCount:
    return MarkCount(kind, marks, wrong)


@pytest.mark.parametrize("wrong, marks, held", [
    (2, 10, True),  # 0.2 is more than 0.15
    (3, 20, False),  # 0.15 is not more than 0.15
    (9, 9, False),  # too few marks to say anything
    (0, 50, False),
])
def test_a_kind_is_held_past_the_rate_once_it_has_the_marks(wrong, marks, held):
    holds = MarksPolicy(rate=0.15, min_marks=10).holds([count(GREETING, wrong, marks)])
    assert (holds.holding([GREETING]) is not None) is held


def test_only_the_kinds_marked_are_held_and_a_rate_of_one_holds_nothing():
    marked = [count(GREETING, 5, 10), count(ReadingKind("shipping", ""), 6, 10)]
    holds = MarksPolicy(rate=0.3, min_marks=5).holds(marked)
    assert holds.holding([ReadingKind("shipping", "物流"), ReadingKind("thanks_bye", "谢谢")]) is None
    assert holds.holding([ReadingKind("thanks_bye", "谢谢"), ReadingKind("shipping", "")]).wrong == 6
    assert MarksPolicy(rate=1.0, min_marks=1).holds([count(GREETING, 10, 10)]) == Holds()


def test_an_answer_that_would_go_alone_waits_and_says_which_marks_hold_it(engine):
    hello = engine.reply("你好", state=ConversationState("m1"))
    assert hello.auto and hello.held is None and hello.matches[0].cue == "你好"
    holds = MarksPolicy(rate=0.5, min_marks=2).holds([count(GREETING, 2, 3)])
    held = engine.reply("你好", state=ConversationState("m1"), holds=holds)
    assert not held.auto and held.held == count(GREETING, 2, 3)
    assert held.reply == hello.reply  # still the agent's first suggestion
    assert engine.reply("谢谢", state=ConversationState("m3"), holds=holds).auto


def test_an_answer_that_waits_anyway_is_not_said_to_be_held_by_the_marks(engine):
    haggle = engine.reply("能便宜点吗", state=ConversationState("m4"))
    kind = ReadingKind(haggle.intents[0], haggle.matches[0].cue)
    held = engine.reply("能便宜点吗", state=ConversationState("m5"), holds=Holds({kind: count(kind, 5, 5)}))
    assert not held.auto and held.held is None
