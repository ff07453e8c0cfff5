"""Two checks that are not a matter of single words: a request that runs long, and a
closed (yes/no) question where an open one would teach more — with a rewrite."""

from __future__ import annotations

from bot.coach.text import (
    Hit,
    count_sentences,
    count_words,
    excerpt_of,
    patterns,
    rewrite_pairs,
    split_sentences,
)

# -- too long -----------------------------------------------------------------------------------

_LONG_WORDS, _LONG_SENTENCES = 150, 8


def too_long(text: str) -> Hit | None:
    words, sentences = count_words(text), count_sentences(text)
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
REWRITES = rewrite_pairs(r"""
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
GENERIC_OPEN = (
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
    return GENERIC_OPEN


def closed_question(text: str) -> Hit | None:
    sentences = split_sentences(text)
    for sentence in [s for s in sentences if s.endswith("?")] or sentences[:1]:
        candidate = _LEAD_IN.sub("", sentence.strip("\"' "))
        head, comma, tail = candidate.partition(",")
        if comma and not _CLOSED_START.match(candidate) and count_words(head) <= 5:
            candidate = tail.strip()  # "In your experience, is it hard to ...?"
        if (
            _CLOSED_START.match(candidate)
            and not any(p.match(candidate) for p in REQUEST_STARTS)
            and not any(p.search(candidate) for p in _ALREADY_OPEN)
        ):
            return Hit(excerpt_of(sentence, 0, len(sentence)), _rewrite(candidate))
    return None
