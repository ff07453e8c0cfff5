"""Text and pattern helpers shared by the coach's checks: sentences, words, excerpts,
and the one-pattern-per-line notation with ``{NAME}`` word lists from ``VOCABULARY``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Hit:
    """What a detector found: the excerpt, and a better phrasing when it can write one."""

    excerpt: str
    better: str | None = None


def pattern_lines(block: str) -> list[str]:
    return [s for s in (line.strip() for line in block.splitlines()) if s and s[0] != "#"]


def word_lists(block: str) -> Mapping[str, str]:
    """One "NAME alternatives" per line; a line starting with "|" continues the one above."""
    words: dict[str, str] = {}
    name = ""
    for line in pattern_lines(block):
        if line.startswith("|"):
            words[name] += line
        else:
            name, _, alternatives = line.partition(" ")
            words[name] = alternatives.strip()
    return MappingProxyType({k: f"(?:{v})" for k, v in words.items()})


# Shared word lists; a pattern says {NAME} to use one.
VOCABULARY = word_lists(r"""
    JOB     jobs?|roles?|positions?|openings?|vacanc(?:y|ies)|internships?|reqs?|posts?
    ORG     team|company|firm|group|department|organi[sz]ation|office|lab|practice|agency
            |studio|clinic|hospital|business|startup
    CV      r[eé]sum[eé]s?|cvs?|curriculum vitae|cover letters?|portfolios?(?: site| link)?
            |(?:work|writing|design|code|coding|art) samples?|samples? of my work
    BOSS    boss|manager|colleagues?|co-?workers?|teammates?|team ?lead|director|ceo|cto|cfo
            |vp|peers?|supervisor|direct reports|reports
    PAID    (?:make|earn|get paid|take home|bring home)\b(?! of\b)
    JUNIOR  interns?|internships?|new grads?|new graduates?|recent grads?|recent graduates?
            |graduates?|grads|new hires?|new starters?|entry[- ]level(?: \w+)?|juniors?
            |junior (?:staff|employees?|analysts?|developers?|engineers?|designers?|hires?|[a-z]+)
            |junior (?:people|roles?|level)|first-years?|trainees?|apprentices?
            |first year (?:analysts?|associates?|students?|employees?|staff|hires?)
            |new (?:analysts?|associates?|starters?|joiners?|engineers?|designers?|staff
            |employees?|recruits?|developers?|nurses?|teachers?|lawyers?)|junior associates?
    REVIEW  attach(?:ed|ing)?|enclos(?:e|ed|ing)|includ(?:e|ed|ing)|send(?:ing)?|sent
            |forward(?:ed|ing)?|shar(?:e|ed|ing)|bring(?:ing)?|brought|review(?:ed|ing)?
            |look(?:ing)? (?:over|at|through)|read(?:ing)?|glance (?:over|at)|skim(?:ming)?
            |critique|feedback on|check(?:ing)? (?:over|out)?|pass(?:ing)? (?:along|on)
            |take a look at|go(?:ing)? (?:over|through)|comment on|proofread
            |help (?:me )?(?:with|improve|fix|edit)|e-?mail(?:ed|ing)?|show(?:ing)?|pass(?:ing|ed)?
            |(?:take|have) a (?:quick |short |brief )?(?:look|glance|peek) (?:at|over|through)
    MONEY   revenues?|profits?|profitab(?:le|ility)|margins?(?! (?:for|of) error)|earnings
            |finances|financials|financially|funding(?: rounds?)?|runway|burn rate|valuation
            |cash flow|p&l|balance sheet|shareholders?|investors?|mergers?|acquisitions?|m&a|ipo
    FIN     health|situation|position|performance|results|outlook|plans?|state|picture
    DAILY   onboarding|orientation|training|first (?:day|week|month)s?|typical (?:day|week)
            |day[- ]to[- ]day|daily (?:work|life|routine|tasks)|workload|hours|overtime
            |(?:normal|average|usual|ordinary) (?:day|week)|struggle|trained|training|routine
    EMAIL   e-?mail
    ASK     ^(?:could|can|would|will) you (?:please |possibly |kindly |perhaps |maybe |also )?
""")


def expand_names(pattern: str) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: VOCABULARY[m[1]], pattern)


def patterns(block: str) -> tuple[re.Pattern[str], ...]:
    """Compile one case-insensitive pattern per line of ``block`` ("#" starts a comment)."""
    return tuple(re.compile(expand_names(p), re.IGNORECASE) for p in pattern_lines(block))


def rewrite_pairs(block: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Pairs of lines: a pattern for a whole closed question, then "=> open rewrite"."""
    rows = pattern_lines(block)
    pairs = zip(rows[::2], rows[1::2], strict=True)
    return tuple(
        (re.compile(expand_names(p), re.I), t.removeprefix("=>").strip()) for p, t in pairs
    )


# -- text helpers ------------------------------------------------------------------------------

_QUOTES = str.maketrans("‘’‛′“”„\u00a0‐‑", "''''\"\"\" --")
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_GREETING = re.compile(
    r"(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b", re.I
)
_EXCERPT_LIMIT = 90


def normalised(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.translate(_QUOTES)).strip()


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if s.strip()]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def count_sentences(text: str) -> int:
    """Sentences of three words or more: a greeting or a sign-off is not a sentence."""
    return sum(1 for s in split_sentences(text) if count_words(s) >= 3)


def looks_like_draft(text: str) -> bool:
    return bool(_GREETING.match(text)) or count_sentences(text) > 2 or count_words(text) > 40


def excerpt_of(sentence: str, start: int, end: int) -> str:
    if len(sentence) <= _EXCERPT_LIMIT:
        return sentence
    pad = max(0, (_EXCERPT_LIMIT - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(sentence), end + pad)
    lo = sentence.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    hi_space = sentence.find(" ", hi)
    hi = len(sentence) if hi_space == -1 else hi_space
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")
