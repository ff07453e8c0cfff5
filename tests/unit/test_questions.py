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
