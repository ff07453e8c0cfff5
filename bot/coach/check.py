"""Check a user's interview question or request draft against the guide's advice.

The rules are data (``RULES``): each names what is wrong, how to say it better, and the
patterns that spot it. ``check_text`` is a small loop over them.

Patterns are written one per line, case-insensitive; ``{NAME}`` stands for a shared list
of words in ``VOCABULARY``. A pattern matches inside one sentence, and an ``unless``
pattern on the same sentence cancels it.

Precision matters more than recall: a check that nags about good questions teaches people
to ignore it, so every pattern is narrow and ``tests/unit/test_check.py`` keeps a list of
good questions and drafts that must stay clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

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
    are not a matter of wording. An ``only_if_clean`` rule is reported only when no
    earlier rule found anything: a job ask is not fixed by making it an open question.
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


def _lines(block: str) -> list[str]:
    return [s for s in (line.strip() for line in block.splitlines()) if s and s[0] != "#"]


def _vocabulary(block: str) -> Mapping[str, str]:
    """One "NAME alternatives" per line; a line starting with "|" continues the one above."""
    words: dict[str, str] = {}
    name = ""
    for line in _lines(block):
        if line.startswith("|"):
            words[name] += line
        else:
            name, _, alternatives = line.partition(" ")
            words[name] = alternatives.strip()
    return MappingProxyType({k: f"(?:{v})" for k, v in words.items()})


# Shared word lists; a pattern says {NAME} to use one.
VOCABULARY = _vocabulary(r"""
    JOB     jobs?|roles?|positions?|openings?|vacanc(?:y|ies)|internships?|reqs?|posts?
    ORG     team|company|firm|group|department|organi[sz]ation|office|lab|practice|agency
            |studio|clinic|hospital|business|startup
    CV      r[eé]sum[eé]s?|cvs?|curriculum vitae|cover letters?
    BOSS    boss|manager|colleagues?|co-?workers?|teammates?|team ?lead|director|ceo|cto|cfo
            |vp|peers?|supervisor|direct reports|reports
    PAID    (?:make|earn|get paid|take home|bring home)\b(?! of\b)
    JUNIOR  interns?|internships?|new grads?|new graduates?|recent grads?|recent graduates?
            |graduates?|grads|new hires?|new starters?|entry[- ]level(?: \w+)?|juniors?
            |junior (?:staff|employees?|analysts?|developers?|engineers?|designers?|hires?)
            |junior (?:people|roles?|level)|first-years?|trainees?|apprentices?
            |first year (?:analysts?|associates?|students?|employees?|staff|hires?)
    REVIEW  attach(?:ed|ing)?|enclos(?:e|ed|ing)|includ(?:e|ed|ing)|send(?:ing)?|sent
            |forward(?:ed|ing)?|shar(?:e|ed|ing)|bring(?:ing)?|brought|review(?:ed|ing)?
            |look(?:ing)? (?:over|at|through)|read(?:ing)?|glance (?:over|at)|skim(?:ming)?
            |critique|feedback on|check(?:ing)? (?:over|out)?|pass(?:ing)? (?:along|on)
            |take a look at|go(?:ing)? (?:over|through)|comment on|proofread
            |help (?:me )?(?:with|improve|fix|edit)
    MONEY   revenues?|profits?|profitab(?:le|ility)|margins?(?! (?:for|of) error)|earnings
            |finances|financials|financially|funding(?: rounds?)?|runway|burn rate|valuation
            |cash flow|p&l|balance sheet|shareholders?|investors?|mergers?|acquisitions?|m&a|ipo
    FIN     health|situation|position|performance|results|outlook|plans?|state|picture
    DAILY   onboarding|orientation|training|first (?:day|week|month)s?|typical (?:day|week)
            |day[- ]to[- ]day|daily (?:work|life|routine|tasks)|workload|hours
    EMAIL   e-?mail
    ASK     ^(?:could|can|would|will) you (?:please |possibly |kindly |perhaps |maybe |also )?
""")


def _expand(pattern: str) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: VOCABULARY[m[1]], pattern)


def patterns(block: str) -> tuple[re.Pattern[str], ...]:
    """Compile one case-insensitive pattern per line of ``block`` ("#" starts a comment)."""
    return tuple(re.compile(_expand(p), re.IGNORECASE) for p in _lines(block))


def _rewrites(block: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Pairs of lines: a pattern for a whole closed question, then "=> open rewrite"."""
    rows = _lines(block)
    pairs = zip(rows[::2], rows[1::2], strict=True)
    return tuple((re.compile(_expand(p), re.I), t.removeprefix("=>").strip()) for p, t in pairs)


# -- text helpers ------------------------------------------------------------------------------

_QUOTES = str.maketrans("‘’‛′“”„\u00a0‐‑", "''''\"\"\" --")
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_GREETING = re.compile(
    r"(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b", re.I
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


# -- too long -----------------------------------------------------------------------------------

_LONG_WORDS, _LONG_SENTENCES = 150, 8


def _too_long(text: str) -> Hit | None:
    words, sentences = _words(text), _sentence_count(text)
    if words > _LONG_WORDS or sentences > _LONG_SENTENCES:
        return Hit(f"{words} words in {sentences} sentences")
    return None


# -- yes/no questions ---------------------------------------------------------------------------

_CLOSED_START = patterns(
    r"^(?:do|does|did|is|are|was|were|am|can|could|would|will|should|shall|have|has|had|may"
    r"|might|must|(?:do|does|did|is|are|was|were|ca|could|would|wo|should|have|has)n't)\b"
)[0]
_LEAD_IN = patterns(r"^(?:so|and|but|also|ok|okay|well|then|honestly)\b[,:]?\s*")[0]

# Openings that look closed but are polite requests or scheduling, not yes/no questions.
REQUEST_STARTS = patterns(r"""
    {ASK}tell\b
    {ASK}(?:share|walk|describe|explain|talk|help)\b
    {ASK}(?:suggest|introduce|refer|point|give|name)\b
    {ASK}(?:say more|outline|list|let me know|show)\b
    {ASK}(?:connect|put me in touch|spare|elaborate)\b
    {ASK}(?:expand|speak|offer|clarify|paint|break)\b
    {ASK}(?:think of|send|pass|sketch|summari[sz]e)\b
    {ASK}(?:take me|fill me in|advise|guide|comment)\b
    ^(?:could|can|will) you (?:please )?recommend\b
    ^would you recommend (?:any|some|a few|someone|anyone|people|resources|books|reading)\b
    ^(?:would|could|can|will) you (?:\w+ )?(?:be )?(?:willing|open|able|available|happy)\b
    ^(?:would|could|can|will) you (?:\w+ )?(?:be )?(?:free|up for|interested|comfortable)\b
    ^(?:would|could|can|will) you (?:\w+ )?(?:be )?(?:kind enough|so kind)\b
    ^(?:would|do) you mind\b
    ^(?:would|will|could|might) it be (?:ok|okay|possible|alright|all right|fine|helpful)\b
    ^(?:could|can|may|might) i (?:ask|get|have|borrow|grab|book|schedule|set up|call|buy)\b
    ^(?:could|can|may|might) i (?:follow up|send|share|check|take|trouble)\b
    ^(?:do|would) you (?:happen to )?know (?:of )?(?:anyone|anybody|someone|somebody|of)\b
    ^(?:do|would) you (?:happen to )?have (?:any )?(?:advice|tips|suggestions|pointers)\b
    ^(?:do|would) you (?:happen to )?have (?:any )?(?:recommendations|resources|names)\b
    ^(?:do|would|could|will) you have (?:a few minutes|some time|time|a moment|a minute)\b
    ^(?:do|would|could|will) you have (?:\d+|twenty|fifteen|ten|a spare|any time)\b
    ^(?:is|are) there (?:anyone|anybody|someone|somebody|other people|anything else)\b
    ^(?:are|would|will) you (?:be )?(?:free|available|around|open to)\b
    ^(?:would|will|does|is|could) (?:\S+ ){0,4}(?:work|suit) (?:for )?you\b
    ^(?:would|will) (?:love|like|appreciate)\b
    ^(?:could|can|would|shall) we (?:be able to )?(?:meet|chat|talk|speak|connect|set up)\b
    ^(?:could|can|would|shall) we (?:be able to )?(?:schedule|grab|hop on|find)\b
""")
# A closed opening followed by an alternative or a wh- follow-up is already open enough.
_ALREADY_OPEN = patterns(r"""
    \bor\b(?! not\b)
    (?:,|;|\band\b|-)\s*(?:if so,? )?(?:why|how|what|which|where|who|when|in what way)\b
    \bif so\b
""")

# Rewrites of common closed questions, tried in order on the whole question ({x}: a group).
REWRITES = _rewrites(r"""
    (?:do|did) you (?:really )?(?:like|enjoy|love) (?P<x>.+)
    => What do you enjoy most about {x}, and what would you change?
    (?:do|did) you (?:ever )?(?P<v>miss|regret) (?P<x>.+)
    => What, if anything, do you {v} about {x}?
    (?:do|does|did) (?:you|people|most people) (?:think|believe|expect|feel) (?:that )?(?P<x>.+)
    => What is your view on whether {x}, and why?
    (?:do|does|will|would) (?:i|you|one|someone|people|we) (?:really )?need to (?P<x>.+)
    => How important is it to {x}, and why?
    (?:do|does|will|would) (?:i|you|one|someone|people|we) (?:really )?need (?P<x>.+)
    => How much does it matter to have {x}, and why?
    (?:is|are|was|were) (?P<x>.+?) (?:really )?(?:important|necessary|required|needed)(?P<r>.*)
    => How much would {x} matter{r}, and why?
    (?:is|was) it possible to (?P<x>.+)
    => What would it take to {x}?
    (?:can|could) (?:i|someone|one|people|you) (?:still |really )?(?P<x>(?:get|break|move)\b.+)
    => What would it take to {x}?
    (?:can|could) (?:i|someone|one|people|you) (?P<x>(?:switch|go|make|become|start|work)\b.+)
    => What would it take to {x}?
    (?:is|was)(?:n't)? (?P<x>it|this|that|(?:the|your|this|that) .+?) (?:very |really |too )?(?P<adj>hard|difficult|easy|stressful|competitive|demanding|rewarding|risky|stable|flexible|busy)(?P<r>.*)
    => How {adj} is {x}{r}, and why?
    (?:is|are|was) (?P<x>.+?) (?:a )?(?:good|bad|smart|wise|right) (?P<y>(?:fit|choice|field|place|idea|path|move|time|step)\b.*)
    => What makes {x} a good or poor {y}?
    are you (?:happy|satisfied|content|glad)(?P<r>.*)
    => What makes you happy{r}, and what would you change?
    (?:does|did|will) (?P<x>(?:the|your|this|that) (?:job|role|work)|it) (?:involve|require|include) (?:a lot of |much |any |lots of )?(?P<y>.+)
    => How much {y} does {x} involve, and what is it like?
    (?:are|were) there (?:any |many |a lot of |lots of )?(?P<x>.+)
    => What {x} have you seen?
    (?:is|was) there (?:a |an |any |much |a lot of )?(?P<x>.+)
    => What can you tell me about {x}?
    (?P<aux>has|have) (?P<x>.+?) changed(?: much| a lot| a great deal)?(?P<r>.*)
    => How {aux} {x} changed{r}?
    will (?P<x>.+?) (?P<v>grow|change|shrink|survive|last|continue|improve|decline)(?P<r>.*)
    => How do you expect {x} to {v}{r}?
    should i (?P<x>.+)
    => What would you weigh in deciding whether to {x}?
    would you (?:do|choose|pick|make) (?:it|this|that|the same)\b.*\bagain
    => If you were choosing again, what would you keep the same and what would you change?
    would you recommend (?P<x>.+)
    => What would make you recommend {x}, or warn someone away from it?
    (?:do|did) you (?:have|get) (?P<a>a|an) (?P<x>.+)
    => What difference has {a} {x} made for you?
    do you (?P<v>work|travel|use|meet|manage|lead|write|code|present|deal|talk|mentor|go|visit)(?P<x>(?: .+?)?)(?: a lot| much| often)?
    => How often do you {v}{x}, and what is that like?
""")  # noqa: E501 -- one rewrite per line reads better than a wrapped one
_GENERIC_OPEN = (
    'Ask it as an open question that starts with "What" or "How", for example '
    '"What has your experience been with …?"'
)
_KEEP_CASE = frozenset({"x", "y", "r"})  # the user's own words keep their case


def _rewrite(question: str) -> str:
    body = question.rstrip("?!. ").strip()
    for pattern, template in REWRITES:
        found = pattern.fullmatch(body)
        if found:
            groups = {k: v if k in _KEEP_CASE else v.lower() for k, v in found.groupdict().items()}
            text = template.format(**groups)
            return f'Ask it open-ended, for example: "{text[0].upper()}{text[1:]}"'
    return _GENERIC_OPEN


def _closed_question(text: str) -> Hit | None:
    sentences = _sentences(text)
    for sentence in [s for s in sentences if s.endswith("?")] or sentences[:1]:
        candidate = _LEAD_IN.sub("", sentence.strip("\"' "))
        head, comma, tail = candidate.partition(",")
        if comma and not _CLOSED_START.match(candidate) and _words(head) <= 5:
            candidate = tail.strip()  # "In your experience, is it hard to ...?"
        if (
            _CLOSED_START.match(candidate)
            and not any(p.match(candidate) for p in REQUEST_STARTS)
            and not any(p.search(candidate) for p in _ALREADY_OPEN)
        ):
            return Hit(_excerpt(sentence, 0, len(sentence)), _rewrite(candidate))
    return None


# -- the rules ----------------------------------------------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule(
        id="job-ask",
        problem="This asks for a job or a referral to one, which turns a chat about advice "
        "into a job pitch and makes people wary.",
        better='Leave the job out and ask for advice, for example: "What would you focus on '
        'if you were trying to move into this field?" If a role exists, let them raise it.',
        patterns=patterns(r"""
            \b(?:are|is) (?:you|your {ORG}|the {ORG}|anyone)(?: guys)? (?:\w+ )?hiring\b
            \b(?:are|is) (?:you|your {ORG}|the {ORG}) (?:\w+ )?(?:recruiting|taking on)\b
            \b(?:any|open|current|upcoming|available|future|new) (?:job |entry[- ]level )?(?:openings?|vacanc)
            \bjob openings?\b
            \bopen (?:roles?|positions?|reqs?|headcount)\b
            \b(?:an|the) opening (?:on|at|in|with) (?:your|the) {ORG}\b
            \b(?:any|available) {JOB}(?: available| open)? (?:on|at|in|with) (?:your|the) {ORG}\b
            \b(?:if|when|should) (?:an?|any) (?:opening|position|role|spot|vacancy|job)s? (?:come|open|become)
            \b(?:hire|employ|recruit|take on|bring on|onboard) me\b
            \b(?:give|offer|get|find|land|send) me (?:a |an |the )?(?:job|position|role|internship|interview|offer)\b
            \bhelp me (?:get|find|land|secure) (?:a |an |the )?(?:job|position|role|internship)\b
            \bconsider(?:ed)? me for\b
            \b(?:keep|have|bear) me in mind (?:for|if|when|should)\b
            \b(?:a|any) (?:job|position|role|internship) (?:for me|with you|on your team|at your (?:company|firm))\b
            \brefer(?:ral)? me (?:for|to) (?:the |a |an |this |that |your |any )?(?:[\w-]+ ){0,2}(?:{JOB}|hiring manager|recruiter)\b
            \breferral (?:for|to) (?:the |a |an |this |that |your |any )?(?:open )?{JOB}\b
            \b(?:employee|internal|job) referral\b
            \bput in a (?:good |kind )?word\b
            \b(?:introduce|connect|refer|forward|pass|send|put)\b[^.?!]{0,40}\b(?:hiring managers?|recruiters?|hr)\b
            \b(?:pass|forward|send|submit|put)(?:ing)? (?:along |on |forward )?(?:my|our) (?:name|application|candidacy)\b
            \bi(?:'m| am|'d| would| will|'ll| have|'ve)? (?:\w+ ){0,2}(?:apply|applying|applied) (?:for|to) (?:the |a |an |this |that |your |one of your |some |several )?(?:[\w-]+ ){0,2}{JOB}\b
            \bi(?:'m| am|'d| would| will|'ll| have|'ve)? (?:\w+ ){0,2}(?:apply|applying|applied) (?:for|to) (?:your|the) {ORG}\b
            \bi(?:'m| am) (?:currently |actively )?(?:looking|searching|hunting) for (?:a |an |my next )?(?:new )?(?:job|position|role|internship)\b
            \b(?:love|like|want|hope|keen|excited|eager) to (?:work (?:for|at) (?:you|your {ORG})|join (?:you|your {ORG}))\b
            \b(?:offer|have|take|hire|accept)(?:s|ing)? (?:any |summer )?interns(?:hips)?\b
            \b(?:job|career|work|employment) opportunit(?:y|ies) (?:at|on|with|in) (?:your|the) {ORG}\b
        """),  # noqa: E501
    ),
    Rule(
        id="resume",
        problem="This offers your resume or asks them to review it, which makes the meeting "
        "look like a job application.",
        better="Leave the resume out; send it later only if they ask. Ask for advice instead, "
        'for example: "Which experience counts most with employers in this field?"',
        patterns=patterns(r"""
            \b{REVIEW}\b[^.?!]{0,30}\b(?:my|a copy of my|the attached) (?:\w+ )?{CV}
            \b(?:my|a copy of my) {CV}\b[^.?!]{0,25}\b(?:is |are )?(?:attached|enclosed|below|included|linked)\b
            \b{CV} (?:is |are )?(?:attached|enclosed)\b
            \battached (?:is|are|please find|you(?:'ll| will) find)\b[^.?!]{0,20}{CV}
        """),  # noqa: E501
    ),
    Rule(
        id="confidential",
        problem="This asks for information the organisation keeps private, which they cannot "
        "share and which makes the conversation awkward.",
        better='Ask about the field or their own experience instead, for example: "What sets '
        'the strongest organisations in this field apart?"',
        patterns=patterns(r"""
            # margins, secret sauce and other trade secrets
            \b(?:profit|gross|net|operating|contribution|ebitda) margins?\b
            \bmargins? on (?:the|your|that|this|each|a) \w+
            \b(?:secret sauce|trade secrets?|secret (?:formula|recipe|ingredient)s?)\b
            \bproprietary (?:formula|algorithm|process|recipe|code|method|technology|model)s?\b
            # what has not been announced
            \b(?:unreleased|unannounced|secret|confidential|stealth|non-?public) (?:products?|features?|launch(?:es)?|projects?|releases?|deals?|plans?|roadmaps?)\b
            \b(?:unreleased|unannounced|secret|confidential|non-?public) (?:acquisitions?|mergers?|numbers|figures|data|metrics|financials)\b
            \binternal (?:numbers|figures|metrics|financials|documents?|reports?|memos?|roadmaps?|sales data)\b
            \b(?:upcoming|next) (?:product )?(?:launch(?:es)?|releases?|acquisitions?)\b
            \b(?:launch(?:es|ing)?|releas(?:e|es|ing)|ship(?:s|ping)?|announc(?:e|es|ing))\b[^.?!]{0,25}\bnext (?:year|quarter|month|season)\b
            \b(?:product|company|tech(?:nical)?|internal|confidential|\d{4}|next year'?s?) roadmaps?\b
            \b(?:on|in) (?:your|the|the company'?s|your (?:team|company)'?s) roadmap\b
            \bwhat (?:are|is) (?:you|your (?:team|company)|the (?:team|company)) (?:launching|releasing|shipping|announcing) next\b
            # the organisation's own numbers
            \b(?:your|the company'?s?|the firm'?s?|your {ORG}'?s?|your business'?s?) (?:exact |actual |internal |annual |quarterly |real |current )?(?:revenues?|earnings|profits?|valuation|burn rate|runway|financials|p&l|bottom line|numbers|figures|margins?)\b
            \bhow much (?:money|revenue|profit) (?:does|did|do|will) (?:the|your|this|that) (?:company|firm|team|business|product|department|group|service|division|unit)\b
            \b(?:revenue|sales|profit|earnings) (?:figures|numbers|forecasts?|projections?)\b
            # what colleagues earn
            \b(?:your|his|her|their|the) {BOSS}(?:'s|s'|')? (?:salary|salaries|pay|compensation|bonus(?:es)?|earnings|equity|stock|raises?)\b
            \b(?:how much|what) (?:do|does|did) (?:your|his|her|their) {BOSS}\b[^.?!]{0,15}\b{PAID}
            \b(?:how much|what) (?:do|does|did) (?-i:[A-Z][a-z]+)(?: (?-i:[A-Z][a-z]+))? {PAID}
            (?-i:\b(?!(?:What|That|It|There|Who|Here|Where|How|Let|He|She)')[A-Z][a-z]+)'s (?:salary|pay|compensation|bonus|raise|equity)\b
            # who the clients are
            \b(?:client|customer) (?:lists?|names|rosters?|databases?|contact (?:list|details))\b
            \bwho (?:are|is) (?:your|the (?:company|firm|team)'?s?) (?:biggest |main |top |largest |key |most important )?(?:clients?|customers?|accounts?)\b
            \b(?:names?|list) of (?:your|the company'?s?|the firm'?s?) (?:clients|customers)\b
            \b(?:under (?:an? )?nda|not (?:yet )?public|insider (?:information|info|knowledge)|confidential (?:information|info|details))\b
        """),  # noqa: E501
    ),
    Rule(
        id="personal-pay",
        problem="This asks what they personally earn, which most people keep private.",
        better='Ask about the usual range instead, for example: "What pay range is typical '
        'for someone starting out in this field?"',
        patterns=patterns(r"""
            \bhow much (?:do|did) you {PAID}
            \bwhat(?:'s| is| was) your (?:own )?(?:salary|pay|compensation|income|bonus|base pay)\b
            \bwhat do you {PAID}
        """),
    ),
    Rule(
        id="too-junior-for-finances",
        problem="Someone junior rarely sees the organisation's finances or strategy, so this "
        "puts them on the spot.",
        better='Ask about their own work instead, for example: "What does your team focus on, '
        'and where does your work fit in?" Keep money and strategy for a senior contact.',
        levels=frozenset({"junior"}),
        patterns=patterns(r"""
            \b(?:company|firm|organi[sz]ation|business|corporate|overall|long[- ]term|five[- ]year)(?:'s)? strateg(?:y|ies)\b
            \b(?:growth|pricing|market|go-to-market|expansion|investment|commercial) strateg(?:y|ies)\b
            \bstrategic (?:direction|plans?|priorities|goals|decisions?|vision)\b
            \b(?:company|firm|team|department|division)(?:'s)? budgets?\b
            \b(?:annual|yearly|quarterly|marketing|hiring|overall|total|operating|capital) budgets?\b
            \bbudget (?:decisions?|planning|cuts?|allocation|process|cycle|for (?:the|your|next))
            \bhow (?:is|are) (?:the )?budgets? (?:set|decided|allocated|planned|made)\b
            \b{MONEY}\b
            \bfinancial {FIN}\b
            \bboard (?:of directors|meetings?|decisions?)\b
            \bwhere (?:the|your) (?:company|firm|business|organi[sz]ation) is (?:headed|heading|going)\b
            \bwhere is (?:the|your) (?:company|firm|business|organi[sz]ation) (?:headed|heading|going)\b
            \bheadcount (?:plans?|planning|budget|decisions?)\b
        """),  # noqa: E501
    ),
    Rule(
        id="too-senior-for-junior-detail",
        problem="A senior person is far from what new or junior staff go through day to day, "
        "so the answer may be guesswork.",
        better='Ask for their view from where they sit, for example: "What do the people who '
        'thrive early in their careers here have in common?" Ask someone junior about '
        "daily life.",
        levels=frozenset({"senior", "executive"}),
        patterns=patterns(r"""
            \bwhat(?:'s| is| was| are| were| would be)? (?:it|life|work|the work|things|the job|a (?:typical )?day|the day[- ]to[- ]day)(?: really)? like (?:for|as|to be|being|to work as|to start as|starting as) (?:an? |the |your |new )?{JUNIOR}
            \b{DAILY}\b[^.?!]{0,40}\b(?:for|of|as) (?:an? |the |your |new |most )?{JUNIOR}
            \b{JUNIOR}\b[^.?!]{0,50}\b(?:{DAILY}|do all day|(?:is|are|was|were|feels?) like|treated|routine)\b
            \b{JUNIOR}\b[^.?!]{0,50}\bspend (?:their|the|a|each) (?:days?|time|weeks?)\b
        """),  # noqa: E501
        unless=patterns(r"""
            \bi(?:'m| am| was|'ve been| have been) (?:an? |currently an? |now an? |a recent )?{JUNIOR}
            \b(?:when you (?:were|started|began|first)|you were an?|back when you|like for you)\b
            \byour (?:own )?(?:first|early)\b
        """),  # noqa: E501
    ),
    Rule(
        id="email-medium",
        problem="This offers email for the conversation itself; written answers lose the tone, "
        "such as enthusiasm or hesitation, that you are there to hear.",
        better="Offer a phone call, a video call or a coffee, and keep email for setting the "
        "time and for your thank-you note.",
        patterns=patterns(r"""
            \b(?:do|have|hold|conduct|handle|run|keep) (?:this|it|that|the (?:interview|conversation|chat|questions)|our (?:chat|conversation|interview)|things) (?:over|by|via|through|on|in) {EMAIL}\b
            \b(?:over|by|via|through) {EMAIL} (?:instead|if you(?:'d)? prefer|if (?:that's|it's|that is|it is) easier|rather than)\b
            \b(?:answer|respond to|reply to|go through|tackle)\b[^.?!]{0,30}\bquestions?\b[^.?!]{0,25}\b(?:over|by|via|in(?: an)?|through) {EMAIL}\b
            \banswer(?:ing)? (?:them |it |these |those )?(?:over|by|via|in(?: an)?) {EMAIL}\b
            \bsend me (?:your|the|some|a few) (?:written )?(?:answers|responses|replies)\b
            \b(?:reply|respond|write back|get back to me) (?:with|to) (?:your|the) (?:answers|responses)\b
            \b(?:{EMAIL}|send|write|shoot) (?:you )?(?:over )?(?:my|the|a few|some|a list of|a couple of|\d+|several) (?:short |quick )?questions\b
            \b(?:{EMAIL}|written) (?:interview|exchange|q&a|questionnaire|conversation)\b
            \b(?:answer|respond|reply|share)\b[^.?!]{0,30}\bin writing\b
            \bor (?:over |by |via |through )?{EMAIL}\b(?!\s*(?:me|us|at|back|address|is|below|above))
        """),  # noqa: E501
        unless=patterns(r"""
            \b(?:ahead of|before|in advance|prior to)\b
            \b(?:reach|contact|find|get hold of|get in touch with) (?:me|us)\b
            \bmy (?:phone|number|e-?mail|contact)\b
        """),
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
