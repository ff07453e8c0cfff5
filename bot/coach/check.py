"""Check a user's interview question or request draft against the guide's advice.

The rules are data (``RULES``): each names what is wrong, how to say it better, and the
patterns that spot it. ``check_text`` is a small loop over them. A pattern only matches
inside one sentence; ``unless`` patterns on the same sentence cancel a match.

Precision matters more than recall: a check that nags about good questions teaches people
to ignore it, so every pattern is narrow and ``tests/unit/test_check.py`` keeps a list of
good questions and drafts that must stay clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.coach.question_bank import LEVELS

KINDS = ("question", "draft", "auto")
_ANY_KIND = frozenset({"question", "draft"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the user's text, with a better way to say it."""

    rule: str
    problem: str
    better: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class Hit:
    """What a detector found: the excerpt, and a better phrasing when it can write one."""

    excerpt: str
    better: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One piece of the guide's advice, as data.

    ``levels`` empty means any level (even unknown); otherwise the rule applies only when
    the contact's level is one of them. ``detect`` replaces ``patterns`` for rules that
    are not a matter of wording. ``only_if_clean`` rules are reported only when no
    earlier rule found anything (a job ask is not fixed by rephrasing it as an open
    question).
    """

    id: str
    problem: str
    better: str
    patterns: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    kinds: frozenset[str] = _ANY_KIND
    levels: frozenset[str] = frozenset()
    detect: Callable[[str], Hit | None] | None = None
    only_if_clean: bool = False


def _re(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# -- text helpers ---------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "\u00a0": " ",
        "‐": "-",
        "‑": "-",
    }
)
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b", re.IGNORECASE
)
_EXCERPT_LIMIT = 90


def _normalise(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.translate(_QUOTES)).strip()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text) if s.strip()]


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _sentence_count(text: str) -> int:
    """Sentences of three words or more: a greeting or a sign-off is not a sentence."""
    return sum(1 for s in _sentences(text) if _words(s) >= 3)


def _is_draft(text: str) -> bool:
    return bool(_GREETING.match(text)) or _sentence_count(text) > 2 or _words(text) > 40


def _excerpt(sentence: str, start: int, end: int) -> str:
    if len(sentence) <= _EXCERPT_LIMIT:
        return sentence
    pad = max(0, (_EXCERPT_LIMIT - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(sentence), end + pad)
    lo = sentence.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    hi_space = sentence.find(" ", hi)
    hi = len(sentence) if hi_space == -1 else hi_space
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def _search(rule: Rule, text: str) -> Hit | None:
    for sentence in _sentences(text):
        for pattern in rule.patterns:
            found = pattern.search(sentence)
            if found and not any(u.search(sentence) for u in rule.unless):
                return Hit(_excerpt(sentence, found.start(), found.end()))
    return None


# -- detectors that are not a matter of a single phrase ---------------------------------------

_LONG_WORDS, _LONG_SENTENCES = 150, 8


def _too_long(text: str) -> Hit | None:
    words, sentences = _words(text), _sentence_count(text)
    if words > _LONG_WORDS or sentences > _LONG_SENTENCES:
        return Hit(f"{words} words in {sentences} sentences")
    return None


_AUX = (
    r"do|does|did|is|are|was|were|am|can|could|would|will|should|shall|have|has|had|may|"
    r"might|must|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|couldn't|"
    r"wouldn't|won't|shouldn't|haven't|hasn't"
)
_CLOSED_START = re.compile(rf"^(?:{_AUX})\b", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"^(?:so|and|but|also|ok|okay|well|then|honestly|one more thing)\b[,:]?\s*", re.IGNORECASE
)

# Polite requests and other closed-looking openings that are not yes/no questions.
REQUEST_STARTS = _re(
    r"^(?:could|can|would|will) you (?:please |possibly |kindly |perhaps |maybe |also )?"
    r"(?:tell|share|walk|describe|explain|talk|help|suggest|introduce|refer|point|give|name|"
    r"say more|outline|list|let me know|show|connect|put me in touch|spare|elaborate|expand|"
    r"speak|offer|clarify|paint|break|think of|send|pass|sketch|summari[sz]e|take me|"
    r"fill me in|advise|guide|comment|reflect)\b",
    r"^(?:could|can|will) you (?:please )?recommend\b",
    r"^would you recommend (?:any|some|a few|someone|anyone|people|resources|books|reading)\b",
    r"^(?:would|could|can|will) you (?:\w+ )?(?:be )?(?:willing|open|able|available|happy|"
    r"free|up for|interested|comfortable|kind enough|so kind)\b",
    r"^would you mind\b",
    r"^do you mind (?:if|me)\b",
    r"^(?:would|will|could|might) it be (?:ok|okay|possible|alright|all right|fine|helpful)\b",
    r"^(?:could|can|may|might) i (?:ask|get|have|borrow|grab|book|schedule|set up|call|buy|"
    r"follow up|send|share|check|take|trouble)\b",
    r"^(?:do|would) you (?:happen to )?(?:know|have) (?:of )?(?:anyone|anybody|someone|somebody|"
    r"of|any (?:advice|tips|suggestions|recommendations|resources|names|contacts|pointers)|"
    r"advice|tips|suggestions|recommendations|pointers)\b",
    r"^(?:do|would|could|will) you have (?:a few minutes|some time|time|a moment|a minute|"
    r"\d+ minutes|twenty minutes|fifteen minutes|any time|a spare)\b",
    r"^(?:is|are) there (?:anyone|anybody|someone|somebody|other people|any other people|"
    r"anything else)\b",
    r"^(?:are|would|will) you (?:be )?(?:free|available|around|open to)\b",
    r"^(?:would|will|does|is|could) (?:\S+ ){0,4}(?:work|suit) (?:for )?you\b",
    r"^(?:would|will) (?:love|like|appreciate)\b",
    r"^(?:could|can|would|shall) we (?:be able to )?(?:meet|chat|talk|speak|connect|set up|"
    r"schedule|grab|hop on|find)\b",
)
# A closed opening followed by an alternative or a wh- follow-up is already open enough.
_ALREADY_OPEN = re.compile(
    r"\bor\b(?! not\b)|(?:,|;|\band\b|-)\s*(?:if so,? )?(?:why|how|what|which|where|who|when|"
    r"in what way)\b|\bif so\b",
    re.IGNORECASE,
)

# Rewrites of common closed questions, tried in order; {name} takes a matched group.
REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), t)
    for p, t in (
        (
            r"^(?:do|did) you (?:really )?(?:like|enjoy|love) (?P<x>.+)$",
            "What do you enjoy most about {x}, and what would you change?",
        ),
        (
            r"^(?:do|did) you (?:ever )?(?P<v>miss|regret) (?P<x>.+)$",
            "What, if anything, do you {v} about {x}?",
        ),
        (
            r"^(?:do|does|did) (?:you|people|most people) (?:think|believe|expect|feel) (?:that )?"
            r"(?P<x>.+)$",
            "What is your view on whether {x}, and why?",
        ),
        (
            r"^(?:do|does|will|would) (?:i|you|one|someone|people|we) (?:really )?need to (?P<x>.+)$",
            "How important is it to {x}, and why?",
        ),
        (
            r"^(?:do|does|will|would) (?:i|you|one|someone|people|we) (?:really )?need (?P<x>.+)$",
            "How much does it matter to have {x}, and why?",
        ),
        (
            r"^(?:is|are|was|were) (?P<x>.+?) (?:really )?(?:important|necessary|required|needed|"
            r"essential|useful|valuable)(?P<rest>.*)$",
            "How much would {x} matter{rest}, and why?",
        ),
        (r"^(?:is|was) it possible to (?P<x>.+)$", "What would it take to {x}?"),
        (
            r"^(?:can|could) (?:i|someone|one|people|a person|you) (?:still |really )?"
            r"(?P<x>(?:get|break|move|switch|transition|go|make|land|find|become|start|work|"
            r"succeed|learn|join)\b.+)$",
            "What would it take to {x}?",
        ),
        (
            r"^(?:is|was)(?:n't)? (?P<x>it|this|that|the [^?]+?|your [^?]+?|(?:this|that) [^?]+?) "
            r"(?:very |really |too )?(?P<adj>hard|difficult|easy|stressful|competitive|demanding|"
            r"rewarding|common|realistic|typical|flexible|busy|risky|stable|crowded|satisfying)"
            r"(?P<rest>.*)$",
            "How {adj} is {x}{rest}, and why?",
        ),
        (
            r"^(?:is|are|was) (?P<x>.+?) (?:a )?(?:good|great|bad|smart|wise|right) "
            r"(?P<y>(?:fit|choice|field|place|idea|path|option|move|time|step|way)\b.*)$",
            "What makes {x} a good or poor {y}?",
        ),
        (
            r"^are you (?:happy|satisfied|content|glad)(?P<rest>.*)$",
            "What makes you happy{rest}, and what would you change?",
        ),
        (
            r"^(?:does|did|will) (?P<x>the job|the role|your job|your role|it|this work|the work|"
            r"this role|that role) (?:involve|require|include) (?:a lot of |much |any |lots of )?"
            r"(?P<y>.+)$",
            "How much {y} does {x} involve, and what is it like?",
        ),
        (
            r"^(?:are|were) there (?:any |many |a lot of |lots of )?(?P<x>.+)$",
            "What {x} have you seen?",
        ),
        (
            r"^(?:is|was) there (?:a |an |any |much |a lot of )?(?P<x>.+)$",
            "What can you tell me about {x}?",
        ),
        (
            r"^(?P<aux>has|have) (?P<x>.+?) changed(?: much| a lot| a great deal)?(?P<rest>.*)$",
            "How {aux} {x} changed{rest}?",
        ),
        (
            r"^will (?P<x>.+?) (?P<v>grow|change|shrink|survive|last|continue|improve|decline|"
            r"expand)(?P<rest>.*)$",
            "How do you expect {x} to {v}{rest}?",
        ),
        (r"^should i (?P<x>.+)$", "What would you weigh in deciding whether to {x}?"),
        (
            r"^would you (?:do|choose|pick|make) (?:it|this|that|the same)\b.*\bagain$",
            "If you were choosing again, what would you keep the same and what would you change?",
        ),
        (
            r"^would you recommend (?P<x>.+)$",
            "What would make you recommend {x}, or warn someone away from it?",
        ),
        (
            r"^(?:do|did) you (?:have|get) (?P<a>a|an) (?P<x>.+)$",
            "What difference has {a} {x} made for you?",
        ),
        (
            r"^do you (?P<v>work|travel|use|meet|manage|lead|write|code|present|spend|collaborate|"
            r"interact|deal|talk|mentor|get to|have to|go|visit)(?P<x>(?: .+?)?)"
            r"(?: a lot| much| often)?$",
            "How often do you {v}{x}, and what is that like?",
        ),
    )
)
_GENERIC_OPEN = (
    'Ask it as an open question that starts with "What" or "How", for example '
    '"What has your experience been with …?"'
)


_KEEP_CASE = frozenset({"x", "y", "rest"})  # the user's own words keep their case


def _rewrite(question: str) -> str:
    body = question.rstrip("?!. ").strip()
    for pattern, template in REWRITES:
        found = pattern.match(body)
        if found:
            groups = {k: v if k in _KEEP_CASE else v.lower() for k, v in found.groupdict().items()}
            text = template.format(**groups)
            return f'Ask it open-ended, for example: "{text[0].upper()}{text[1:]}"'
    return _GENERIC_OPEN


def _closed_question(text: str) -> Hit | None:
    sentences = _sentences(text)
    asked = [s for s in sentences if s.endswith("?")] or sentences[:1]
    for sentence in asked:
        candidate = _LEAD_IN.sub("", sentence.strip("\"' "))
        head, comma, tail = candidate.partition(",")
        if comma and not _CLOSED_START.match(candidate) and _words(head) <= 5:
            candidate = tail.strip()  # "In your experience, is it hard to ...?"
        if (
            _CLOSED_START.match(candidate)
            and not any(p.match(candidate) for p in REQUEST_STARTS)
            and not _ALREADY_OPEN.search(candidate)
        ):
            return Hit(_excerpt(sentence, 0, len(sentence)), _rewrite(candidate))
    return None


# -- shared vocabulary ------------------------------------------------------------------------

_JOB = r"(?:jobs?|roles?|positions?|openings?|vacanc(?:y|ies)|internships?|reqs?|posts?)"
_ORG = r"(?:team|company|firm|group|department|organi[sz]ation|office|lab|practice|studio|agency)"
_CV = r"(?:r[eé]sum[eé]s?|cvs?|curriculum vitae|cover letters?)"
_BOSSES = (
    r"(?:boss|manager|colleagues?|co-?workers?|teammates?|team ?lead|director|ceo|cto|cfo|"
    r"vp|peers?|supervisor|direct reports|reports)"
)
_JUNIOR = (
    r"(?:interns?|internships?|new grads?|new graduates?|recent grads?|recent graduates?|"
    r"graduates?|grads|new hires?|new starters?|entry[- ]level(?: \w+)?|juniors?|"
    r"junior (?:staff|employees?|analysts?|developers?|engineers?|designers?|hires?|"
    r"people|roles?|level)|first-years?|first[- ]year (?:analysts?|associates?|students?|"
    r"employees?|staff|hires?)|trainees?|apprentices?)"
)

# -- the rules ----------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        id="job-ask",
        problem="This asks for a job or a referral to one, which turns a chat about advice "
        "into a job pitch and makes people wary.",
        better='Leave the job out and ask for advice, for example: "What would you focus on '
        'if you were trying to move into this field?" If a role exists, let them '
        "raise it.",
        patterns=_re(
            rf"\b(?:are|is) (?:you|your {_ORG}|the {_ORG}|anyone(?: there| on your team)?)"
            r"(?: guys)? (?:currently |still |by any chance |actively )?"
            r"(?:hiring|recruiting|taking on)\b",
            r"\b(?:any|open|current|upcoming|available|future|new) (?:job |entry[- ]level )?"
            r"(?:openings?|vacanc(?:y|ies))\b",
            r"\bjob openings?\b",
            r"\bopen (?:roles?|positions?|reqs?|headcount)\b",
            rf"\b(?:an|the) opening (?:on|at|in|with) (?:your|the) {_ORG}\b",
            rf"\b(?:any|available) (?:positions?|roles?|spots?|jobs?|internships?)"
            rf"(?: available| open)? (?:on|at|in|with) (?:your|the) {_ORG}\b",
            r"\b(?:if|when|should) (?:an?|any) (?:opening|position|role|spot|vacancy|job)s? "
            r"(?:comes?|opens?|becomes?)\b",
            r"\b(?:hire|employ|recruit|take on|bring on|onboard) me\b",
            r"\b(?:give|offer|get|find|land|send) me (?:a |an |the )?(?:job|position|role|"
            r"internship|interview|spot|placement|offer)\b",
            r"\bhelp me (?:get|find|land|secure) (?:a |an |the )?(?:job|position|role|"
            r"internship|placement)\b",
            r"\bconsider(?:ed)? me for\b",
            r"\b(?:keep|have|bear) me in mind (?:for|if|when|should)\b",
            r"\b(?:a|any) (?:job|position|role|internship) (?:for me|with you|on your team|"
            r"at your (?:company|firm))\b",
            rf"\brefer(?:ral)? me (?:for|to) (?:the |a |an |this |that |your |any |one of your )?"
            rf"(?:[\w-]+ ){{0,2}}(?:{_JOB}|hiring manager|recruiter)\b",
            rf"\breferral (?:for|to) (?:the |a |an |this |that |your |any )?(?:open )?{_JOB}\b",
            r"\b(?:employee|internal|job) referral\b",
            r"\bput in a (?:good |kind )?word\b",
            r"\b(?:introduce|connect|refer|forward|pass|send|put)\b[^.?!]{0,40}"
            r"\b(?:hiring managers?|recruiters?|talent (?:team|acquisition)|hr)\b",
            r"\b(?:pass|forward|send|submit|put)(?:ing)? (?:along |on |forward )?(?:my|our) "
            r"(?:name|application|candidacy)\b",
            r"\bi(?:'m| am|'d| would| will|'ll)? (?:like to |love to |want to |hope to |"
            r"plan to |planning to |going to )?(?:apply|applying|applied) (?:for|to)\b",
            r"\bi(?:'m| am) (?:currently |actively )?(?:looking|searching|hunting) for "
            r"(?:a |an |my next )?(?:new )?(?:job|position|role|internship)\b",
            r"\b(?:love|like|want|hope|keen|excited|eager) to (?:work (?:for|at) "
            rf"(?:you|your {_ORG})|join (?:you|your {_ORG}))\b",
            r"\b(?:offer|have|take|hire|accept)(?:s|ing)? (?:any |summer )?interns(?:hips)?\b",
            r"\b(?:job|career|work|employment) opportunit(?:y|ies) (?:at|on|with|in) "
            rf"(?:your|the) {_ORG}\b",
        ),
    ),
    Rule(
        id="resume",
        problem="This offers your resume or asks them to review it, which makes the meeting "
        "look like a job application.",
        better="Leave the resume out; send it later only if they ask. Ask for advice instead, "
        'for example: "Which experience counts most with employers in this field?"',
        patterns=_re(
            r"\b(?:attach(?:ed|ing)?|enclos(?:e|ed|ing)|includ(?:e|ed|ing)|send(?:ing)?|sent|"
            r"forward(?:ed|ing)?|shar(?:e|ed|ing)|bring(?:ing)?|brought|review(?:ed|ing)?|"
            r"look(?:ing)? (?:over|at|through)|read(?:ing)?|glance (?:over|at)|skim(?:ming)?|"
            r"critique|feedback on|check(?:ing)? (?:over|out)?|pass(?:ing)? (?:along|on)|"
            r"take a look at|go(?:ing)? (?:over|through)|comment on|proofread|run (?:through)|"
            r"help (?:me )?(?:with|improve|polish|fix|edit))\b[^.?!]{0,30}"
            rf"\b(?:my|a copy of my|the attached) (?:updated |current |latest |new )?{_CV}",
            rf"\b(?:my|a copy of my) {_CV}\b[^.?!]{{0,25}}\b(?:is |are )?(?:attached|enclosed|"
            r"below|included|linked)\b",
            rf"\b{_CV} (?:is |are )?(?:attached|enclosed)\b",
            rf"\battached (?:is|are|please find|you(?:'ll| will) find)\b[^.?!]{{0,20}}{_CV}",
        ),
    ),
    Rule(
        id="confidential",
        problem="This asks for information the organisation keeps private, which they cannot "
        "share and which makes the conversation awkward.",
        better='Ask about the field or their own experience instead, for example: "What sets '
        'the strongest organisations in this field apart?"',
        patterns=_re(
            r"\b(?:profit|gross|net|operating|contribution|ebitda) margins?\b",
            r"\bmargins? on (?:the|your|that|this|each|a) \w+",
            r"\bsecret sauce\b",
            r"\btrade secrets?\b",
            r"\bsecret (?:formula|recipe|ingredient)s?\b",
            r"\bproprietary (?:formula|algorithm|process|recipe|code|method|technology|model)s?\b",
            r"\b(?:unreleased|unannounced|secret|confidential|stealth|non-?public) (?:products?|"
            r"features?|launch(?:es)?|projects?|releases?|deals?|acquisitions?|mergers?|plans?|"
            r"roadmaps?|numbers|figures|data|metrics|financials)\b",
            r"\binternal (?:numbers|figures|metrics|financials|documents?|reports?|memos?|"
            r"roadmaps?|sales data)\b",
            r"\b(?:upcoming|next) (?:product )?(?:launch(?:es)?|releases?|acquisitions?)\b",
            r"\b(?:product|company|tech(?:nical)?|internal|confidential|\d{4}|next year'?s?) "
            r"roadmaps?\b",
            r"\b(?:on|in) (?:your|the|the company'?s|your (?:team|company)'?s) roadmap\b",
            r"\b(?:launch(?:es|ing)?|releas(?:e|es|ing)|ship(?:s|ping)?|announc(?:e|es|ing))\b"
            r"[^.?!]{0,25}\bnext (?:year|quarter|month|season|spring|summer|fall|autumn|winter)\b",
            r"\bwhat (?:are|is) (?:you|your (?:team|company)|the (?:team|company)) (?:launching|"
            r"releasing|shipping|announcing) next\b",
            rf"\b(?:your|the company'?s?|the firm'?s?|your {_ORG}'?s?|your business'?s?) (?:exact |"
            r"actual |internal |annual |quarterly |monthly |real |current )?(?:revenues?|sales "
            r"(?:figures|numbers|targets)|earnings|profits?|valuation|burn rate|runway|financials|"
            r"financial (?:results|numbers|figures)|p&l|bottom line|numbers|figures|margins?)\b",
            r"\bhow much (?:money|revenue|profit) (?:does|did|do|will) (?:the|your|this|that) "
            r"(?:company|firm|team|business|product|department|group|service|division|unit)\b",
            r"\b(?:revenue|sales|profit|earnings) (?:figures|numbers|forecasts?|projections?)\b",
            rf"\b(?:your|his|her|their|the) {_BOSSES}(?:'s|s'|')? (?:salary|salaries|pay|"
            r"compensation|bonus(?:es)?|earnings|equity|stock|raises?)\b",
            rf"\b(?:how much|what) (?:do|does|did) (?:your|his|her|their) {_BOSSES}\b[^.?!]{{0,15}}"
            r"\b(?:make|earn|get paid|take home|bring home)\b(?! of\b)",
            r"\b(?:how much|what) (?:do|does|did) (?-i:[A-Z][a-z]+)(?: (?-i:[A-Z][a-z]+))? "
            r"(?:make|earn|get paid)\b(?! of\b)",
            r"(?-i:\b(?!(?:What|That|It|There|Who|Here|Where|How|Let|He|She)')[A-Z][a-z]+)'s "
            r"(?:salary|pay|compensation|bonus|raise|equity)\b",
            r"\b(?:client|customer) (?:lists?|names|rosters?|databases?|"
            r"contact (?:list|details))\b",
            r"\bwho (?:are|is) (?:your|the (?:company|firm|team)'?s?) (?:biggest |main |top |"
            r"largest |key |most important )?(?:clients?|customers?|accounts?)\b",
            r"\b(?:names?|list) of (?:your|the company'?s?|the firm'?s?) (?:clients|customers)\b",
            r"\b(?:under (?:an? )?nda|not (?:yet )?public|insider (?:information|info|knowledge)|"
            r"confidential (?:information|info|details))\b",
        ),
    ),
    Rule(
        id="personal-pay",
        problem="This asks what they personally earn, which most people keep private.",
        better='Ask about the usual range instead, for example: "What pay range is typical '
        'for someone starting out in this field?"',
        patterns=_re(
            r"\bhow much (?:do|did) you (?:make|earn|get paid|take home|bring home)\b",
            r"\bwhat(?:'s| is| was) your (?:own )?(?:salary|pay|compensation|income|bonus|"
            r"base pay|total comp)\b",
            r"\bwhat do you (?:make|earn)\b(?! of\b)",
        ),
    ),
    Rule(
        id="too-junior-for-finances",
        problem="Someone junior rarely sees the organisation's finances or strategy, so this "
        "puts them on the spot.",
        better='Ask about their own work instead, for example: "What does your team focus on, '
        'and where does your work fit in?" Keep money and strategy for a senior contact.',
        levels=frozenset({"junior"}),
        patterns=_re(
            r"\b(?:company|firm|organi[sz]ation|business|corporate|overall|long[- ]term|"
            r"five[- ]year|growth|pricing|market|go-to-market|expansion|acquisition|investment|"
            r"commercial)(?:'s)? strateg(?:y|ies)\b",
            r"\bstrategic (?:direction|plans?|priorities|goals|decisions?|vision)\b",
            r"\b(?:company|firm|team|department|division)(?:'s)? budgets?\b",
            r"\b(?:annual|yearly|quarterly|marketing|hiring|overall|total|operating|capital|"
            r"departmental) budgets?\b",
            r"\bbudget (?:decisions?|planning|cuts?|allocation|process|cycle|"
            r"for (?:the|your|next))",
            r"\bhow (?:is|are) (?:the )?budgets? (?:set|decided|allocated|planned|made)\b",
            r"\b(?:revenues?|profits?|profitab(?:le|ility)|margins?(?! (?:for|of) error)|earnings|"
            r"finances|financials|"
            r"financial (?:health|situation|position|performance|results|outlook|plans?|state|"
            r"picture|stability)|funding(?: rounds?)?|runway|burn rate|valuation|cash flow|p&l|"
            r"balance sheet|shareholders?|investors?|board (?:of directors|meetings?|decisions?)|"
            r"mergers?|acquisitions?|m&a|ipo)\b",
            r"\bwhere (?:the|your) (?:company|firm|business|organi[sz]ation) is "
            r"(?:headed|heading|going)\b",
            r"\bwhere is (?:the|your) (?:company|firm|business|organi[sz]ation) "
            r"(?:headed|heading|going)\b",
            r"\bfinancially\b",
            r"\bheadcount (?:plans?|planning|budget|decisions?)\b",
        ),
    ),
    Rule(
        id="too-senior-for-junior-detail",
        problem="A senior person is far from what new or junior staff go through day to day, "
        "so the answer may be guesswork.",
        better='Ask for their view from where they sit, for example: "What do the people who '
        'thrive early in their careers here have in common?" Ask someone junior about '
        "daily life.",
        levels=frozenset({"senior", "executive"}),
        patterns=_re(
            r"\bwhat(?:'s| is| was| are| were| would be)? (?:it|life|work|the work|things|the job|"
            r"a (?:typical )?day|the day[- ]to[- ]day)(?: really)? like (?:for|as|to be|being|"
            rf"to work as|to start as|starting as) (?:an? |the |your |new )?{_JUNIOR}",
            r"\b(?:onboarding|orientation|training|first (?:day|week|month|few (?:days|weeks|"
            r"months))s?|typical (?:day|week)|day[- ]to[- ]day|daily (?:work|life|routine)|"
            rf"workload|hours)\b[^.?!]{{0,40}}\b(?:for|of|as) (?:an? |the |your |new |most )?"
            rf"{_JUNIOR}",
            rf"\b{_JUNIOR}\b[^.?!]{{0,50}}\b(?:day[- ]to[- ]day|daily (?:work|life|routine|tasks)|"
            r"typical (?:day|week)|onboarding|orientation|first (?:day|week|month)s?|workload|"
            r"do all day|(?:is|are|was|were|feels?) like|treated|routine|"
            r"spend (?:their|the|a|each) (?:days?|time|weeks?))\b",
        ),
        unless=_re(
            rf"\bi(?:'m| am| was|'ve been| have been) (?:an? |currently an? |now an? |a recent )?"
            rf"{_JUNIOR}",
            r"\b(?:when you (?:were|started|began|first)|you were an?|back when you|"
            r"your (?:own )?(?:first|early)|like for you)\b",
        ),
    ),
    Rule(
        id="email-medium",
        problem="This offers email for the conversation itself; written answers lose the tone, "
        "such as enthusiasm or hesitation, that you are there to hear.",
        better="Offer a phone call, a video call or a coffee, and keep email for setting the "
        "time and for your thank-you note.",
        patterns=_re(
            r"\b(?:do|have|hold|conduct|handle|run|keep) (?:this|it|that|the (?:interview|"
            r"conversation|chat|questions)|our (?:chat|conversation|interview)|things) "
            r"(?:over|by|via|through|on|in) e-?mail\b",
            r"\b(?:over|by|via|through) e-?mail (?:instead|if you(?:'d)? prefer|if (?:that's|it's|"
            r"that is|it is) easier|rather than)\b",
            r"\b(?:answer|respond to|reply to|go through|tackle)\b[^.?!]{0,30}\bquestions?\b"
            r"[^.?!]{0,25}\b(?:over|by|via|in(?: an)?|through) e-?mail\b",
            r"\banswer(?:ing)? (?:them |it |these |those )?(?:over|by|via|in(?: an)?) e-?mail\b",
            r"\bsend me (?:your|the|some|a few) (?:written )?(?:answers|responses|replies)\b",
            r"\b(?:reply|respond|write back|get back to me) (?:with|to) (?:your|the) "
            r"(?:answers|responses)\b",
            r"\b(?:e-?mail|send|write|shoot) (?:you )?(?:over )?(?:my|the|a few|some|a list of|"
            r"a couple of|\d+|a handful of|three|five|several) (?:short |quick )?questions\b",
            r"\b(?:e-?mail|written) (?:interview|exchange|q&a|questionnaire|conversation)\b",
            r"\b(?:answer|respond|reply|share)\b[^.?!]{0,30}\bin writing\b",
            r"\bor (?:over |by |via |through )?e-?mail\b"
            r"(?!\s*(?:me|us|at|back|address|is|below|above))",
        ),
        unless=_re(
            r"\b(?:ahead of|before|in advance|prior to)\b",
            r"\b(?:reach|contact|find|get hold of|get in touch with) (?:me|us)\b",
            r"\bmy (?:phone|number|e-?mail|contact)\b",
        ),
    ),
    Rule(
        id="yes-no",
        problem="This is a yes/no question; an open question gets you a story, not one word.",
        better=_GENERIC_OPEN,
        kinds=frozenset({"question"}),
        detect=_closed_question,
        only_if_clean=True,
    ),
    Rule(
        id="too-long",
        problem="This request is much longer than a short note, so a busy person may put it "
        "off or skim past the ask.",
        better="Cut it to three things: how you are connected (or who suggested you write), "
        "a request for about 20 minutes of advice, and a choice of phone, video or coffee.",
        kinds=frozenset({"draft"}),
        detect=_too_long,
    ),
)


def check_text(text: str, *, level: str | None = None, kind: str = "auto") -> list[Finding]:
    """Return what in ``text`` goes against the guide, one finding per rule, in rule order.

    ``level`` is the contact's seniority (one of ``LEVELS``) or None when unknown; ``kind``
    is "question", "draft", or "auto" to decide from the text's length and greeting.
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)} or None, not {level!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    clean = _normalise(text)
    if not clean:
        return []
    resolved = ("draft" if _is_draft(clean) else "question") if kind == "auto" else kind
    findings: list[Finding] = []
    for rule in RULES:
        if resolved not in rule.kinds or (rule.levels and level not in rule.levels):
            continue
        if (rule.only_if_clean and findings) or any(f.rule == rule.id for f in findings):
            continue
        hit = rule.detect(clean) if rule.detect else _search(rule, clean)
        if hit:
            findings.append(Finding(rule.id, rule.problem, hit.better or rule.better, hit.excerpt))
    return findings
