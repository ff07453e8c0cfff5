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
from collections.abc import Callable
from dataclasses import dataclass

from bot.coach.closed_questions import (
    GENERIC_OPEN,
    closed_question,
    too_long,
)
from bot.coach.question_bank import LEVELS
from bot.coach.text import (
    Hit,
    excerpt_of,
    looks_like_draft,
    normalised,
    patterns,
    split_sentences,
)

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


def _search(rule: Rule, text: str) -> Hit | None:
    for sentence in split_sentences(text):
        for pattern in rule.patterns:
            found = pattern.search(sentence)
            if found and not any(u.search(sentence) for u in rule.unless):
                return Hit(excerpt_of(sentence, found.start(), found.end()))
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
        better=GENERIC_OPEN,
        kinds=frozenset({"question"}),
        detect=closed_question,
        only_if_clean=True,
    ),
    Rule(
        id="too-long",
        problem="This request is much longer than a short note, so a busy person may put it "
        "off or skim past the ask.",
        better="Cut it to three things: how you are connected (or who suggested you write), "
        "a request for about 20 minutes of advice, and a choice of phone, video or coffee.",
        kinds=frozenset({"draft"}),
        detect=too_long,
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
    clean = normalised(text)
    if not clean:
        return []
    resolved = ("draft" if looks_like_draft(clean) else "question") if kind == "auto" else kind
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
