"""The question bank: questions a user can take into an informational interview.

Each question says what it teaches (one of ``TEACHES``), which objectives it is written
for and which contacts it suits by seniority; an empty set means "any". The bank is
written in groups that share those sets, and the first letter of an id names what the
question teaches: t(rends), i(nsights), a(dvice), r(esources), n(ext steps). ``{field}``
is replaced by the user's field ("this field" when none is known).

Every question must pass ``bot.coach.check.check_text`` for each level it suits;
``tests/unit/test_questions.py`` enforces that, so a question that asks a junior about
budgets, or a senior about intern life, fails the build.
"""

from __future__ import annotations

from dataclasses import dataclass

TEACHES = ("trends", "insights", "advice", "resources", "next steps")
OBJECTIVES = (
    "start-career",
    "change-career",
    "change-job",
    "change-employer",
    "school",
    "finish-school",
)
LEVELS = ("junior", "mid", "senior", "executive")


@dataclass(frozen=True, slots=True)
class Question:
    """One interview question and what it is good for."""

    id: str
    text: str
    teaches: str
    objectives: frozenset[str]
    levels: frozenset[str]


_TEACHES_BY_LETTER = {t[0]: t for t in TEACHES}


def _group(*rows: tuple[str, str], objectives: str = "", levels: str = "") -> list[Question]:
    """Questions sharing objectives and levels (space-separated; empty for any)."""
    objs, lvls = frozenset(objectives.split()), frozenset(levels.split())
    return [Question(qid, text, _TEACHES_BY_LETTER[qid[0]], objs, lvls) for qid, text in rows]


BANK: tuple[Question, ...] = (
    # -- for anyone ----------------------------------------------------------------------
    *_group(
        ("t01", "How has {field} changed since you started, and what is driving it?"),
        ("t02", "Which skills do you expect to matter more in {field} over the next five years?"),
        ("t03", "Where do you see {field} growing right now, and where is it shrinking?"),
        ("t04", "How are new tools changing the way work gets done in {field}?"),
        ("t05", "What kinds of organisations employ people in {field}, and how do they differ?"),
        ("t06", "What do pay and progression usually look like a few years into {field}?"),
        ("t09", "What is one trend in {field} that outsiders tend to miss?"),
        ("i01", "What does a typical week look like for you?"),
        ("i02", "What do you enjoy most about your work, and what would you change?"),
        ("i03", "What surprised you most when you started in this role?"),
        ("i04", "What kind of person does well in your role, and who tends to struggle?"),
        ("i05", "What are the hard parts of your job that people rarely talk about?"),
        ("i06", "How did you get started in {field}?"),
        ("i10", "How is your time split between meetings, focused work and working with others?"),
        ("i11", "What does doing well in your role look like, and how is it measured?"),
        ("a01", "What helped you land your first job in {field}?"),
        ("a02", "If you were starting over in {field}, what would you do differently?"),
        ("a03", "What would you focus on if you were in my position?"),
        ("a11", "What advice would you give someone who wants to grow quickly in {field}?"),
        ("a12", "What habits have helped you most in your career?"),
        ("a14", "What would make someone with my background stand out in {field}?"),
        ("r01", "Which books, podcasts or newsletters help you stay current in {field}?"),
        ("r02", "Which professional groups or events in {field} are worth my time?"),
        ("r03", "Which online communities do people in {field} actually use?"),
        ("r04", "What courses or certifications would you recommend, and which would you skip?"),
        ("r05", "Which tools should I learn first to be useful in {field}?"),
        ("r06", "Where do people in {field} go to keep learning once they are working?"),
        ("n01", "Who else would you suggest I talk to?"),
        ("n02", "Who else should I speak with to learn more about {field}?"),
        ("n03", "Could you refer me to a colleague in {field} I could learn from?"),
        ("n04", "Which other people or groups would be worth contacting as I explore {field}?"),
        ("n05", "What would you suggest as my next step after today?"),
        ("n06", "What would you do next if you were me?"),
        ("n10", "How would you like me to keep you posted as I make my decision?"),
        ("n11", "What would be worth learning or trying before I make my decision?"),
    ),
    # -- by the contact's seniority ------------------------------------------------------
    *_group(
        ("i16", "What do you wish you had known before your first week here?"),
        ("i17", "What is it like to work here in your first couple of years?"),
        levels="junior",
    ),
    *_group(
        ("i08", "What was your first year in this role like, and what got you through it?"),
        ("i09", "How does your team make decisions, and how much say do newer people have?"),
        ("a13", "What do people who get promoted from your level tend to do well?"),
        ("a15", "What do you wish someone had told you in your first year?"),
        ("r13", "What was the most useful training you had in your first couple of years?"),
        levels="junior mid",
    ),
    *_group(
        ("t07", "Where do you think this organisation is heading over the next few years?"),
        ("i07", "How do you decide what to work on from one week to the next?"),
        ("a16", "How did you know when it was time to take on more responsibility?"),
        levels="mid senior executive",
    ),
    *_group(
        ("t08", "Which shifts in the market are shaping your group's priorities this year?"),
        ("i12", "How do you balance the long-term direction of your group with urgent demands?"),
        ("i13", "What do you look for when you bring someone new onto your team?"),
        ("i14", "How are budget and headcount decisions made in your part of the organisation?"),
        ("a17", "Looking back over your career, which decisions mattered most, and why?"),
        ("r12", "Which conferences or publications do leaders in {field} pay attention to?"),
        ("n12", "Which people in your network would be open to a short conversation with me?"),
        ("n13", "Who else early in their career could give me the view from the ground floor?"),
        levels="senior executive",
    ),
    *_group(
        ("t15", "What bets is your organisation making on the future of {field}?"),
        ("a18", "What do you wish people understood about how decisions get made at the top?"),
        levels="executive",
    ),
    # -- by the user's objective ---------------------------------------------------------
    *_group(
        ("t12", "How has the usual way into {field} changed for people starting out today?"),
        objectives="start-career finish-school",
    ),
    *_group(
        ("a05", "What mistakes do you see people make when they try to move into {field}?"),
        ("r08", "What could I read or try this month to get a realistic taste of the work?"),
        ("r14", "Which volunteer work or side projects would give me real experience in {field}?"),
        ("n14", "Who would you recommend I speak with about taking my first step into {field}?"),
        objectives="start-career change-career",
    ),
    *_group(
        ("a06", "How could I test whether {field} suits me before I commit to it?"),
        objectives="start-career change-career school",
    ),
    *_group(
        ("t10", "How is demand changing for people who come into {field} from other careers?"),
        ("i15", "What tends to surprise people who move into {field} from another career?"),
        ("a04", "Which of my skills do you think would carry over best, and where are my gaps?"),
        objectives="change-career",
    ),
    *_group(
        ("t14", "How has this role changed in the time you have been doing it?"),
        ("i20", "How do people here usually move from one role to another internally?"),
        ("a09", "How would you approach a move to a different role inside the same organisation?"),
        ("r10", "Which teams here would be worth learning about before I ask for a move?"),
        ("n08", "Who in another part of the organisation could tell me more about a move there?"),
        objectives="change-job",
    ),
    *_group(
        ("t13", "How does the culture here compare with other employers in {field}?"),
        ("i19", "What made you choose this employer over the others you could have joined?"),
        ("a10", "What would you want to find out about an employer before accepting an offer?"),
        ("r11", "Where can I learn what different employers in {field} are like to work for?"),
        ("n07", "Who at another employer could give me a different view of {field}?"),
        objectives="change-employer",
    ),
    *_group(
        ("t11", "Which credentials are gaining respect in {field}, and which are fading?"),
        ("i18", "How does studying {field} compare with doing the work every day?"),
        ("r07", "Which programmes do employers in {field} respect most?"),
        ("r09", "Which resources helped you most when you were studying?"),
        ("n09", "Who could tell me how people from my programme have fared in {field}?"),
        objectives="school finish-school",
    ),
    *_group(
        ("a07", "What should I weigh when choosing between programmes in {field}?"),
        objectives="school",
    ),
    *_group(
        ("a08", "What would you do in your final term of study to get ready for work in {field}?"),
        objectives="finish-school",
    ),
)
