"""Check a user's interview question or request draft against the guide's advice.

The rules are data (``RULES``, in ``bot/coach/rules.py``): each names what is wrong, how
to say it better, and the patterns that spot it. ``check_text`` is a small loop over them.

Precision matters more than recall: a check that nags about good questions teaches people
to ignore it, so every pattern is narrow and ``tests/unit/test_check.py`` keeps a list of
good questions and drafts that must stay clean.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.question_bank import LEVELS
from bot.coach.rules import RULES, Rule
from bot.coach.text import (
    Hit,
    excerpt_of,
    looks_like_draft,
    normalised,
    split_sentences,
)

__all__ = ["KINDS", "RULES", "Finding", "Rule", "check_text"]
KINDS = ("question", "draft", "auto")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the user's text, with a better way to say it."""

    rule: str
    problem: str
    better: str
    excerpt: str


def _search(rule: Rule, text: str) -> Hit | None:
    for sentence in split_sentences(text):
        for pattern in rule.patterns:
            found = pattern.search(sentence)
            if found and not any(u.search(sentence) for u in rule.unless):
                return Hit(excerpt_of(sentence, found.start(), found.end()))
    return None


def check_text(
    text: str,
    *,
    level: str | None = None,
    kind: str = "auto",
    allow: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Return what in ``text`` goes against the guide, one finding per rule, in rule order.

    ``level`` is the contact's seniority (one of ``LEVELS``) or None when unknown; ``kind``
    is "question", "draft", or "auto" to decide from the text's length and greeting.
    ``allow`` names rules the recipient has waived: "resume" once they asked for it (the
    guide's "unless requested before the interview").
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)} or None, not {level!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    clean = normalised(text)
    if not clean:
        return []
    resolved = ("draft" if looks_like_draft(clean) else "question") if kind == "auto" else kind
    findings: list[Finding] = []
    for rule in RULES:
        if resolved not in rule.kinds or (rule.levels and level not in rule.levels):
            continue
        if rule.id in allow:
            continue
        if (rule.only_if_clean and findings) or any(f.rule == rule.id for f in findings):
            continue
        hit = rule.detect(clean) if rule.detect else _search(rule, clean)
        if hit:
            findings.append(Finding(rule.id, rule.problem, hit.better or rule.better, hit.excerpt))
    return findings
