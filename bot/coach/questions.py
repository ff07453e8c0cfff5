"""Pick a short, well-rounded set of interview questions for one contact.

The set fits the user's objective and the contact's seniority, covers as many of the
``TEACHES`` groups as it can, and always ends by asking who else to talk to. The bank
itself lives in ``question_bank.py``; this module is the choosing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.coach.question_bank import BANK, LEVELS, OBJECTIVES, TEACHES, Question

__all__ = [
    "BANK",
    "LEVELS",
    "OBJECTIVES",
    "TEACHES",
    "Question",
    "is_who_else",
    "pick_questions",
    "top_questions",
]

_WHO_ELSE = re.compile(
    r"^who\b|\bwho else\b|\banyone else\b|\brefer me to\b|\bintroduce me to\b|"
    r"\bother people\b|\bwhich people\b",
    re.IGNORECASE,
)
# After the first round (one question per group), extra places go to these groups first.
_FILL_ORDER = ("insights", "advice", "trends", "resources", "next steps")
_DEFAULT_FIELD = "this field"
_ANY = 99  # sorts a question written for anyone after the specific ones


def is_who_else(question: Question) -> bool:
    """True for a "next steps" question that asks who else the user should talk to."""
    return question.teaches == "next steps" and bool(_WHO_ELSE.search(question.text))


def _suits(question: Question, objective: str | None, level: str | None) -> bool:
    """A question written for a particular objective or level is offered only to it."""
    objective_ok = not question.objectives or objective in question.objectives
    level_ok = not question.levels or level in question.levels
    return objective_ok and level_ok


def _preference(question: Question) -> tuple[int, int]:
    """Sort key: written for the objective first, then for the level; narrower sets first."""
    return (len(question.objectives) or _ANY, len(question.levels) or _ANY)


def pick_questions(
    objective: str | None,
    level: str | None,
    field: str | None = None,
    n: int = 6,
    exclude: frozenset[str] = frozenset(),
) -> list[Question]:
    """Choose ``n`` questions for a contact, ordered as ``TEACHES``, who-else last.

    Deterministic: the same arguments give the same questions. ``exclude`` holds ids
    already shown (ask again for fresh ones); the who-else question is kept even when all
    of them are excluded. ``{field}`` in a question becomes ``field`` or "this field".
    """
    if objective is not None and objective not in OBJECTIVES:
        raise ValueError(
            f"objective must be one of {', '.join(OBJECTIVES)} or None, not {objective!r}"
        )
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)} or None, not {level!r}")
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")

    suitable = [q for q in BANK if _suits(q, objective, level)]
    by_preference = sorted(suitable, key=_preference)  # stable: ties keep bank order
    who_else_all = [q for q in by_preference if is_who_else(q)]
    who_else = next((q for q in who_else_all if q.id not in exclude), who_else_all[0])

    pool = {
        t: [
            q
            for q in by_preference
            if q.teaches == t and q.id not in exclude and not is_who_else(q)
        ]
        for t in TEACHES
    }
    chosen: list[Question] = [who_else]
    rounds = [[t for t in TEACHES if t != "next steps"], list(_FILL_ORDER)]
    order = rounds[0]
    while len(chosen) < n and any(pool.values()):
        for teaches in order:
            if len(chosen) < n and pool[teaches]:
                chosen.append(pool[teaches].pop(0))
        order = rounds[1]

    rank = {t: i for i, t in enumerate(TEACHES)}
    chosen.sort(key=lambda q: (rank[q.teaches], is_who_else(q)))  # stable within a group
    subject = field.strip() if field and field.strip() else _DEFAULT_FIELD
    return [replace(q, text=q.text.replace("{field}", subject)) for q in chosen]


def top_questions(
    own: tuple[str, ...],
    objective: str | None,
    level: str | None,
    field: str | None = None,
    n: int = 3,
) -> list[str]:
    """The questions to keep in mind right before the meeting: the user's own first (in
    their order), then the bank's picks for the situation and level, ``n`` in all."""
    picked = [q.text for q in pick_questions(objective, level, field, n=max(n, 5))]
    return [*own, *(q for q in picked if q not in own)][:n]
