"""The guide's advice as data: each rule names what is wrong, how to say it better, and the
patterns (or the ``detect`` function) that spot it. ``bot/coach/check.py`` runs them.

Patterns are written one per line, case-insensitive; ``{NAME}`` stands for a shared list
of words in ``VOCABULARY`` (``bot/coach/text.py``). A pattern matches inside one sentence,
and an ``unless`` pattern on the same sentence cancels it. Precision matters more than
recall: every pattern is narrow, and ``tests/unit/test_check.py`` keeps a list of good
questions and drafts that must stay clean.
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
from bot.coach.text import Hit, patterns

ANY_KIND = frozenset({"question", "draft"})


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
    kinds: frozenset[str] = ANY_KIND
    levels: frozenset[str] = frozenset()
    detect: Callable[[str], Hit | None] | None = None
    only_if_clean: bool = False


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
            \b(?:any|open|current|upcoming|available|future|new) (?:job |entry[- ]level |[\w-]+ )?(?:openings?|vacanc)
            \bjob openings? (?:on|at|in|with) (?:your|you)\b
            \b(?:love|like|want|need|appreciate|get|ask (?:you )?for) a (?:referral|reference)\b
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
            # is their organisation hiring, is there room for me
            (?<!how )(?<!when )(?<!why )\b(?:are|is) (?:you|your \w+|the \w+|anyone|anybody|someone)\b[^.?!]{0,25}\b(?:hiring|recruiting)\b
            \b(?:are|is) (?:you|your \w+|the \w+)(?: guys)? (?:\w+ )?(?:looking (?:for|to hire) (?:any|new |more )?(?:one|body|people|staff|hires|candidates|help)\b|looking to hire|taking on)
            \b(?:room|space|a spot|a place|a seat) for (?:me|one more \w+|another (?:\w+ )?\w+(?:er|or|ist|ant|ent|ee|yst|ian)|an? (?:\w+ )?(?:trainee|intern|apprentice|junior|analyst|designer|developer|engineer|hire|person))\b
            \b(?:roles?|jobs?|positions?|posts?|openings?|vacanc(?:y|ies)|spots?) (?:going|coming up|still open|still available)\b
            \b(?:job|role|position|post|opening|posting|vacancy|listing|scheme) (?:is )?still (?:open|available|going|up|live)\b
            \b(?:need|want|looking for) (?:any |some |extra |more )?(?:help|hands|people|staff) (?:on|in|at) your {ORG}
            # me as the one hired, referred, recommended, put forward
            \b(?:hire|hiring|employ|recruit) (?:me|someone like me)\b
            \b(?:take|taking|bring|bringing|get|getting) me (?:on|in the door|on board|aboard|onboard)\b
            \bget me (?:in|into) (?:the door|your|there)\b
            \bput me (?:forward|up) for\b
            \bput me forward\b
            \brecommend me (?:for|to)\b
            \brefer me\b(?! to (?:a |an |some|any|other|people|someone|anyone|colleagues?|a colleague|friends?|books?|resources?))
            \bvouch for me\b
            \bbe my (?:referral|reference|referee|sponsor|advocate)\b
            \b(?:sponsor|endorse|flag|push|fast-?track|champion|back) my (?:application|candidacy|cv|resume|name)\b
            \bsponsor (?:me|a visa for me)\b
            \bapply (?:through|via) you\b
            \bif i (?:applied|apply|were to apply)\b
            \bi\b[^.?!]{0,30}\bappl(?:y|ying|ied) (?:for|to) (?:the |a |an |this |that |your |one of your )?(?:[\w-]+ ){0,2}{JOB}\b
            \b(?:mention|drop|pass|put|give|send|forward|share)(?:ing)? (?:along |on )?my (?:name|details|cv|resume|r[eé]sum[eé]|application|profile|info)\b[^.?!]{0,30}\b(?:to|with) (?:your|the|whoever|someone|anyone|hr|recruit|talent|hiring)
            \b(?:introduce|connect|refer|forward|pass|send|put|tell|mention)\b[^.?!]{0,40}\b(?:hiring team|talent team|(?:person|people|someone|whoever)(?: who(?:'s| is| are))? (?:is |are )?(?:hiring|recruiting|runs hiring|in charge of hiring))
            \b(?:recruiters?|hiring|hr|talent team|boss|manager)\b[^.?!]{0,30}\babout (?:me\b|hiring me|bringing me)
            \b(?:i|me|my)\b[^.?!]{0,40}\b(?:get(?:ting)? hired|be hired|(?:get|getting|land|landing|find|finding|secure|securing) (?:a |an )?(?:job|role|position|spot|place|foot in the door)) (?:at|on|with|in|by|into) (?:your|you)\b
            \b(?:want|love|like|need|get|find|land|have|chance of|hoping for|keen on) (?:a |an |any )?(?:job|position|role|internship|spot|place)\b[^.?!]{0,20}\b(?:at|on|with|in) (?:your|you)\b
            \b(?:could|can|may) i (?:come (?:and )?)?work (?:for|with|under) you\b
            \b(?:chances?|odds) of (?:getting|landing|being) (?:a |an )?(?:job|role|position|hired|offer)
            # categories rather than phrases: availability at their place, someone speaking for me
            \b(?:is there|are there|do you have|does your \w+ have|any|have you got)\b[^.?!]{0,30}\b(?:openings?|vacanc\w+|positions?|roles?|jobs?|spots?|places?|internships?|apprenticeships?)\b[^.?!]{0,30}\b(?:at|on|in|with|for) (?:your|you)\b
            \b(?:does|do) your \w+ (?:have|got) (?:anything|any openings|any roles|any jobs|room)\b
            \b(?:manager|boss|director|recruiters?|hr|head of \w+|team lead|partners?|hiring \w+)\b[^.?!]{0,25}\b(?:know |about )?(?:i'm|i am|i'd|me\b|my (?:application|cv|resume|portfolio|interest|name))
            \b(?:pass|send|forward|give|show|hand)\w* (?:along |on )?my (?:\w+ )?(?:cv|resume|r[eé]sum[eé]|portfolio|application|details|name|work) (?:on |along )?to (?:your|the|whoever) \w+
            \b(?:refer|referring|recommend|recommending|nominate|nominating|put|putting) me (?:for|forward)\b
            \b(?:write|give|be) me (?:a |an )?(?:recommendation|reference|referral)\b
            \bi(?:'m| am) (?:currently |actively |now |also )?(?:job[- ]hunting|job[- ]seeking|looking for work|on the job market|between jobs)\b
            # second round: advocacy towards whoever hires, openings to come, being considered
            \b(?:flag|mention|recommend|introduce|put|pass|forward|nudge|tell|speak|talk|connect|refer|send|intro|ping|remind|chase)\w*\b[^.?!]{0,30}\b(?:me|my)\b[^.?!]{0,30}\b(?:recruit\w*|hr|talent|hiring \w+|head of (?:talent|recruiting|people|hiring))\b
            \b(?:flag|mention|recommend|introduce|put|pass|forward|nudge|tell|speak|talk|connect|refer|send|intro|ping|remind|chase)\w*\b[^.?!]{0,30}\b(?:recruit\w*|hr|talent|hiring \w+|head of (?:talent|recruiting|people|hiring))\b[^.?!]{0,30}\b(?:me\b|my (?:application|cv|resume|profile|name|details|portfolio))
            \b(?:if|when|should) (?:anything|something|a (?:role|job|position|spot|place|vacancy|seat|post)|an opening)(?: \w+){0,2} (?:opens?|comes? up|becomes? (?:available|free)|frees? up|turns? up)\b
            \b(?:be|being|get|getting) considered\b
            \b(?:nudge|chase|push|hurry|check on|follow up on|ask about|remind \w+ about|put in a word about)\b[^.?!]{0,25}\bmy (?:job )?application\b
            \b(?:taking on|bringing on|bringing in|adding) (?:any |new |more )?(?:associates|graduates|grads|juniors|trainees|interns|apprentices|staff|people|hires)\b
            \b(?:in case|if) you (?:know|hear) of (?:anything|something|any (?:openings?|roles?|jobs?|positions?))\b
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
            \b{REVIEW}\b[^.?!]{0,30}\bmy\b[^.?!]{0,25}\b{CV}
            \b(?:here(?:'s| is| are)|below is|link to|linked) (?:a |the )?(?:link to )?my\b[^.?!]{0,20}{CV}
            \bmy (?:\w+ )?{CV}\b[^.?!]{0,20}\b(?:once-over|a look|a read|a glance|feedback)
            \b(?:upload(?:ed|ing)?|print(?:ed|ing)?|drop(?:ped|ping)?(?: off)?|hand(?:ed|ing)?|post(?:ed|ing)?|mail(?:ed|ing)?)\b[^.?!]{0,25}\bmy\b[^.?!]{0,20}\b{CV}
            \bmy (?:\w+ )?{CV}\b[^.?!]{0,30}\b(?:for you|to you|with you|to hand you|to give you)\b
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
            \b(?:your|the) (?:[\w]+'s? )?(?:biggest|top|largest|key|main|best|most profitable|most important|richest) (?:clients?|customers?|accounts?)\b
            \b(?:which|who)(?: of)? (?:(?:are|is) )?(?:your |the (?:firm|company|agency|team)'?s? )?(?:clients?|customers?|accounts?)\b(?! (?:do|does) (?:you|your \w+) (?:work|serve|help|deal))
            \b(?:clients?|customers?|accounts?)\b[^.?!]{0,30}\b(?:pay (?:you )?(?:the )?most|bring in|most money|most revenue|unhappy|leaving|churning)
            \b(?:how much|what) (?:do|does|did) (?:you|your (?:company|firm|team|agency|business)) (?:charge|bill)\b
            \b(?:rates?|prices?|fees?|discounts?) (?:do|does) (?:you|your \w+) (?:charge|bill|quote|give|offer)\b
            \bhow much (?:do|does|did) (?:your|the) (?:clients?|customers?) pay\b
            \b(?:your|the company'?s?|the firm'?s?) (?:pricing|prices|price list|rates|rate card|fee structure|discounts?)\b(?! strateg)
            \bprice (?:your|the|their) (?:services|products|contracts|work|offer)
            \bthe prices? (?:for|of|on) (?:your|the|their)\b
            \b(?:deals?|contracts?|bids?|tenders?|pitches|negotiations?)\b[^.?!]{0,30}\b(?:bidding|negotiating|closing|pipeline|pitching|signing|in the works|on the table|chasing)\b
            \b(?:you|your \w+) (?:is |are )?(?:bidding on|negotiating|pitching to|chasing)\b
            \b(?:is|are) (?:you|your|the) (?:\w+ )?(?:about to be|going to be|being|planning to be|set to be) (?:bought|sold|acquired|merged|taken over)
            \bare you (?:merging|being acquired|being bought|selling the)\b
            \b(?:who|what|which)(?: \w+)? (?:are|is) (?:you|your \w+|the \w+) (?:acquiring|buying|planning to (?:acquire|buy)|merging with)
            \b(?:planning|plans?|going) to (?:acquire|buy|merge with) (?:another|a|which|who)?
            \bthe (?:merger|acquisition|takeover|buyout|deal) with\b
            \b(?:merger|acquisition|takeover|buyout) (?:going ahead|plans?|talks|rumou?rs?)\b
            \bhow much did (?:the|your) (?:company|firm|business|team) pay for\b
            \b(?:haven't|hasn't|have not|has not|not yet been|isn't yet|aren't yet|before (?:it's|they're|it is|they are)) (?:been )?(?:announced|released|public|made public|launched|out)\b
            \bnobody knows about\b
            \b(?:next|new) (?:\w+ )?(?:you're|you are|your company is|they're|your team is) (?:releasing|launching|building|shipping)\b
            \bcoming out next (?:year|quarter|month)\b
            \b(?:the|your) (?:new|next|upcoming) (?:\w+ )?(?:model|product|version|release|launch|game|phone|car|feature|drug|line|collection|app|service)\b[^.?!]{0,30}\b(?:coming out|come out|launch|release|ship|cost|price|priced|announce)
            \bbudgets?\b[^.?!]{0,25}\b(?:next|this|the coming) (?:year|quarter|fiscal)
            \bhow many (?:people|staff|engineers|employees|\w+s) (?:is|are|will|does|do) (?:the|your) (?:company|firm|team|department|business|organi[sz]ation|group)\b[^.?!]{0,30}\b(?:hire|hiring|recruit|cut|lay off|let go)
            \bheadcount (?:plans?|planning|budget|for next|next|targets?)\b
            \b(?:layoffs?|lay-offs|job cuts|redundanc(?:y|ies)|restructuring|hiring freeze)\b[^.?!]{0,30}\b(?:planned|coming|going to|next|ahead|on the way|soon)\b
            \b(?:going to be|will there be|planning|plans? for|planned) (?:any )?(?:more )?(?:layoffs|lay-offs|job cuts|redundancies|cuts)\b
            \b(?:what(?:'s| is| are)|how (?:big|large|much) is|how much is in|size of) (?:your|the) (?:[\w']+ ){0,2}budgets?\b
            \bbudget (?:for|of) (?:next|this|the coming) (?:year|quarter)\b
            \bmark-?ups?\b[^.?!]{0,20}\b(?:on|you|your)\b
            \bhow much profit\b
            \bprofit (?:per|on each|on every)\b
            \b(?:formula|recipe|magic ingredient|secret ingredient|special ingredient) (?:for|behind|of|in) (?:your|the company'?s?)\b
            \bthe (?:magic|secret|special) (?:ingredient|formula|recipe)\b
            # second round: deal terms, corporate events, targets, the company's own numbers
            \b(?:clients?|customers?|accounts?)\b[^.?!]{0,30}\b(?:lose|losing|lost|at risk|about to|close to|win|winning|sign|signing)\b
            \bwhat (?:price|rate|fee|discount|terms|deal|margin)s?\b(?! for error)(?=[^.?!]*\byou)(?![^.?!]*\byou (?:think|would|'d|recommend|expect|suggest))
            \b(?:suppliers?|vendors?|partners?|subcontractors?)\b[^.?!]{0,30}\b(?:rates?|prices?|discounts?|terms|deals?|charge)\b
            \b(?:sale|merger|acquisition|buyout|takeover|ipo|restructuring|reorg\w*|layoffs?|job cuts?|redundanc\w+)\b(?: of (?:the|your) \w+)?[^.?!]{0,30}\b(?:in the works|on the cards|in the pipeline|planned|coming|rumou?red|going ahead|on the table|being discussed)\b
            \b(?:next|upcoming|planned|future|another) (?:merger|acquisition|takeover|buyout|funding round|round of funding|reorg\w*|restructuring)\b
            \bsale of (?:the|your) (?:business|company|firm|agency|studio)\b
            \bvalu(?:e|ed|ing) (?:the|your) (?:company|firm|business|startup|agency)\b
            \bfunding rounds?\b
            \b(?:your|the|your team's|the team's) (?:sales |revenue |growth |quarterly |annual )?(?:targets?|quotas?)\b(?! (?:usually|generally|typically))(?=[^.?!]*\b(?:this|next|your|current)\b)
            \bcut(?:ting|s)? (?:staff|jobs|people|headcount|the team|positions|roles)\b
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
            \bwhat (?:do|did) you (?:earn|make|take home|get paid)\b(?! (?:of|your|a|an|the|from)\b)
            \bwhat you (?:earn|make|take home|get paid)\b
            \bhow much (?:money )?(?:do|did|does|will|would) you (?:\w+ )?{PAID}
            \byour (?:own |current |starting |annual |base |monthly |yearly |signing |sign-on |first |last |latest |total )?(?:salary|salaries|income|compensation|comp package|pay(?:check| packet| slip)?|bonus|raise|equity|stock options|take-?home(?: pay)?|hourly rate|day rate|net worth|household income|mortgage|rent|savings|pension|debt|student loans?|earnings)\b(?! (?:range|band|scale)s? (?:for|in|at) (?:the|this|that)\b)
            \bhow (?:much|big|large|many)\b(?=[^.?!]*\byou)[^.?!]{0,40}\b(?:raise|bonus|salary|pay ?rise|equity|stock options|shares|severance|mortgage|rent|debt|loans?|savings|saved|pension|retirement|income|paycheck|inheritance)\b
            \b(?:what|how much) (?:were|are|was|is) you (?:being )?(?:paid|offered|given)\b
            \bmoney (?:are|were) you (?:on|making|earning)\b
            \bare you (?:well|fairly|decently|badly|poorly|properly|well-) ?(?:paid|compensated)\b
            \bdo you (?:earn|make) (?:more|less|enough|a lot|good money)\b
            \b(?:they|the company|the firm|your employer|your company|your firm|your boss) (?:pay|pays|paid|paying) you\b
            \b(?:base (?:plus|and|\+) bonus|total comp(?:ensation)?|on-target earnings|your base\b)
            \bhow much (?:did|does|do|was|is|were) (?:your|you) (?:house|home|flat|apartment|car|mortgage|rent|wedding|tuition|degree|place)\b
            \b(?:get|got|earn|receive|have)s? (?:a )?(?:good|big|decent|large|nice|generous|any|high|low) (?:bonus|salary|pay|raise|package|money|income)\b
            \b(?:how much|what) (?:money|income|pay|salary)\b(?=[^.?!]*\byou\b)(?![^.?!]*\byou (?:think|would|'d|recommend|expect|suggest))
        """),  # noqa: E501
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
            \b(?:leadership|executives?|the board|senior management|management team|c-suite|the founders?|top management)(?:'s)?\b[^.?!]{0,40}\b(?:plans?|planning|strateg|think|decide|priorit|vision|invest|expand|grow)
            \b(?:company|firm|business|organi[sz]ation)\b[^.?!]{0,25}\b(?:expand|invest|acquire|grow the business)
            \bmarket share\b
            \b(?:the|your \w+'s|the \w+'s|its) (?:\w+ )?budgets?\b
            \b(?:revenue|sales) growth\b
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
            \b{DAILY}\b[^.?!]{0,25}\b(?:do|does|did) (?:the |most |your )?{JUNIOR}
            \b(?:how|what) (?:are|is) {JUNIOR} (?:trained|onboarded|supported|managed)\b
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
            \b{EMAIL} (?:back and forth|each other)\b
            \b(?:write|type|jot) (?:your |the |some )?(?:answers|responses|thoughts) down\b
            \b{EMAIL} (?:them|your answers|the answers|me your answers)\b
            \b(?:keep|stick|do) (?:it|this|things) (?:to|on|over) {EMAIL}\b
            \b{EMAIL} (?:a few|some|my|the) questions\b
            \bsend (?:you )?(?:over )?(?:a list of |my |the |some |a few )questions\b
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
