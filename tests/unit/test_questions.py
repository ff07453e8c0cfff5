"""The question bank and the choice of questions for one contact."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.coach.check import check_text
from bot.coach.questions import (
    BANK,
    LEVELS,
    OBJECTIVES,
    TEACHES,
    Question,
    is_who_else,
    pick_questions,
)

WHO_ELSE = re.compile(r"\bwho\b|\banyone else\b|\brefer me to\b|\bwhich people\b", re.I)
COMBOS = list(itertools.product((None, *OBJECTIVES), (None, *LEVELS)))


def test_bank_is_large_and_covers_every_group() -> None:
    assert len(BANK) >= 60
    for teaches in TEACHES:
        assert sum(q.teaches == teaches for q in BANK) >= 8, teaches


def test_ids_are_unique_and_vocabularies_are_respected() -> None:
    assert len({q.id for q in BANK}) == len(BANK)
    for q in BANK:
        assert q.teaches in TEACHES
        assert q.objectives <= set(OBJECTIVES), q.id
        assert q.levels <= set(LEVELS), q.id
        assert q.text.endswith("?"), q.id


def test_every_objective_and_level_has_questions_of_its_own() -> None:
    for objective in OBJECTIVES:
        assert sum(objective in q.objectives for q in BANK) >= 3, objective
    for level in LEVELS:
        assert sum(level in q.levels for q in BANK) >= 4, level


@pytest.mark.parametrize("question", BANK, ids=lambda q: q.id)
def test_every_bank_question_passes_the_check(question: Question) -> None:
    for level, field in itertools.product(question.levels or LEVELS, ("this field", "nursing")):
        text = question.text.replace("{field}", field)
        found = check_text(text, level=level, kind="question")
        assert found == [], (level, text, [f.rule for f in found])


@pytest.mark.parametrize(("objective", "level"), COMBOS)
def test_pick_gives_distinct_suitable_questions_with_a_who_else(
    objective: str | None, level: str | None
) -> None:
    for n in range(5, 9):
        picked = pick_questions(objective, level, n=n)
        assert len(picked) == n
        assert len({q.id for q in picked}) == n
        assert sum(is_who_else(q) for q in picked) == 1
        assert picked[-1].teaches == "next steps" and WHO_ELSE.search(picked[-1].text)
        for q in picked:
            assert not q.levels or level in q.levels, (q.id, level)
            assert not q.objectives or objective in q.objectives, (q.id, objective)


@pytest.mark.parametrize(("objective", "level"), COMBOS)
def test_pick_covers_every_group_in_teaches_order(objective: str | None, level: str | None) -> None:
    picked = pick_questions(objective, level, n=6)
    assert {q.teaches for q in picked} == set(TEACHES)
    order = [TEACHES.index(q.teaches) for q in picked]
    assert order == sorted(order)


def test_pick_prefers_questions_written_for_the_objective() -> None:
    picked = pick_questions("change-career", None, n=6)
    assert sum("change-career" in q.objectives for q in picked) >= 3


def test_junior_contact_is_never_offered_finance_or_strategy_questions() -> None:
    for n in range(5, 9):
        for q in pick_questions(None, "junior", n=n):
            assert check_text(q.text, level="junior", kind="question") == []


def test_pick_is_deterministic() -> None:
    for objective, level in COMBOS:
        assert pick_questions(objective, level, "law") == pick_questions(objective, level, "law")


def test_field_is_filled_in_and_defaults_to_this_field() -> None:
    named = pick_questions("change-career", "mid", field="data science", n=8)
    unnamed = pick_questions("change-career", "mid", n=8)
    assert all("{field}" not in q.text for q in named + unnamed)
    assert any("data science" in q.text for q in named)
    assert any("this field" in q.text for q in unnamed)
    assert all(isinstance(q.text, str) for q in named)
    assert [q.id for q in named] == [q.id for q in unnamed]


def test_excluded_questions_are_replaced_but_who_else_stays() -> None:
    first = pick_questions("school", "senior", n=6)
    seen = frozenset(q.id for q in first)
    second = pick_questions("school", "senior", n=6, exclude=seen)
    assert len(second) == 6
    assert not {q.id for q in second if not is_who_else(q)} & seen
    everything = frozenset(q.id for q in BANK)
    (only,) = pick_questions("school", "senior", n=6, exclude=everything)
    assert is_who_else(only)


@pytest.mark.parametrize(
    ("objective", "level", "n"), [("retire", None, 6), (None, "intern", 6), (None, None, 0)]
)
def test_bad_arguments_are_refused(objective: str | None, level: str | None, n: int) -> None:
    with pytest.raises(ValueError):
        pick_questions(objective, level, n=n)


# -- prep by situation, the user's own questions, conduct (issue 15) ----------------------------
from datetime import timedelta  # noqa: E402

from bot.clock import FakeClock  # noqa: E402
from bot.coach.questions import top_questions  # noqa: E402
from bot.core import Leap  # noqa: E402
from tests.support.chat import Chat, advance, text_of  # noqa: E402

SWITCHER_ONLY = re.compile(r"after you moved|from another career", re.I)


@pytest.mark.parametrize(
    ("goal", "situation"),
    [
        ("graduating in June and hoping to move into UX research", "finishing school"),
        ("finishing my nursing degree", "finishing school"),
        ("changing careers from teaching to UX research", "changing careers"),
        ("a first job in data science", "starting a career"),
        ("choosing a bootcamp or a master's", "choosing a school"),
        ("moving to another company as a designer", "changing employers"),
        ("a new role inside my team", "changing jobs"),
    ],
)
def test_the_goal_records_the_situation(alice: Chat, goal: str, situation: str) -> None:
    assert f"({situation}" in alice.text(f"goal {goal}")


def test_a_graduating_student_and_a_vp_get_no_career_switch_questions(alice: Chat) -> None:
    alice.say("goal graduating in June and hoping to move into UX research")
    alice.say("add Dana Cho; field UX research; level executive")
    text = alice.text("prep dana")
    assert "(finishing school or training)" in text
    assert not SWITCHER_ONLY.search(text)


def test_no_question_presumes_the_contact_switched_careers() -> None:
    for q in BANK:
        assert "after you moved" not in q.text and "when you switched" not in q.text, q.id


def test_own_questions_can_be_removed_and_reordered(alice: Chat) -> None:
    alice.say("add Maria Lopez; field UX research")
    for q in ("What surprised you first?", "How do you pick projects?", "Who else?"):
        alice.say(f"prep maria; add {q}")
    text = alice.text("prep maria; first 3")
    assert "Moved to number 1: “Who else?”" in text
    assert "1. Who else?\n2. What surprised you first?\n3. How do you pick projects?" in text
    text = alice.text("prep maria; move 3 to 2")
    assert "1. Who else?\n2. How do you pick projects?\n3. What surprised you first?" in text
    text = alice.text("prep maria; remove 1")
    assert "Removed: “Who else?”" in text and "1. How do you pick projects?" in text
    assert "from 1 to 2" in alice.text("prep maria; remove 7")
    assert "2. What surprised you first?" in alice.text("prep maria")


def test_the_hour_before_reminder_leads_with_the_user_s_own(
    alice: Chat, leap: Leap, clock: FakeClock
) -> None:
    alice.say("add Maria Lopez; field UX research")
    alice.say("replied maria yes")
    alice.say("schedule maria tomorrow 3pm; by video")
    alice.say("prep maria; add What would you change about your first year?")
    advance(leap, clock, timedelta(hours=28))
    text = text_of(advance(leap, clock, timedelta(hours=1, minutes=1)))  # 14:01 in Paris
    assert "Top three questions:\n1. What would you change about your first year?" in text
    assert "by video" in text


def test_top_questions_put_the_user_s_first_then_fill_from_the_bank() -> None:
    mine = ("Mine one?", "Mine two?")
    top = top_questions(mine, "change-career", "senior", "UX research")
    assert top[:2] == list(mine) and len(top) == 3
    assert top_questions((), None, None) == [q.text for q in pick_questions(None, None, n=5)][:3]


def test_the_checklist_carries_the_guide_s_conduct(alice: Chat) -> None:
    alice.say("add Maria Lopez")
    alice.say("replied maria yes")
    alice.say("schedule maria tomorrow 3pm; by coffee")
    text = alice.text("prep maria")
    assert "apologise briefly and move on" in text
    assert "stay positive" in text
    assert "quiet place near them" in text
    alice.say("schedule maria tomorrow 4pm; by phone; ok")
    assert "If they preferred the phone to meeting, thank them" in alice.text("prep maria")
