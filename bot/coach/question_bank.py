"""The question bank: questions a user can take into an informational interview.

Each question says what it teaches (one of ``TEACHES``), which objectives it is written
for and which contacts it suits by seniority. An empty set means "any". ``{field}`` in a
question is replaced by the user's field ("this field" when none is known).

Every question here must pass ``bot.coach.check.check_text`` for each level it suits;
``tests/unit/test_questions.py`` enforces that, so a new question that asks a junior
about budgets, or a senior about intern life, fails the build.
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


def _q(qid: str, teaches: str, text: str, objectives: str = "", levels: str = "") -> Question:
    """Build a Question; objectives and levels are space-separated, empty for any."""
    return Question(qid, text, teaches, frozenset(objectives.split()), frozenset(levels.split()))


_T, _I, _A, _R, _N = TEACHES
_NEW = "start-career change-career"
_STUDY = "school finish-school"
_UPPER = "senior executive"

BANK: tuple[Question, ...] = (
    # -- trends: where the field, the role or the employer is going ----------------------
    _q("t01", _T, "How has {field} changed since you started, and what is driving it?"),
    _q("t02", _T, "Which skills do you expect to matter more in {field} over the next five years?"),
    _q("t03", _T, "Where do you see {field} growing right now, and where is it shrinking?"),
    _q("t04", _T, "How are new tools changing the way work gets done in {field}?"),
    _q("t05", _T, "What kinds of organisations employ people in {field}, and how do they differ?"),
    _q("t06", _T, "What do pay and progression usually look like a few years into {field}?"),
    _q(
        "t07",
        _T,
        "Where do you think this organisation is heading over the next few years?",
        levels="mid senior executive",
    ),
    _q(
        "t08",
        _T,
        "Which shifts in the market are shaping your group's priorities this year?",
        levels=_UPPER,
    ),
    _q("t09", _T, "What is one trend in {field} that outsiders tend to miss?"),
    _q(
        "t10",
        _T,
        "How is demand changing for people who come into {field} from other careers?",
        objectives="change-career",
    ),
    _q(
        "t11",
        _T,
        "Which credentials are gaining respect in {field}, and which are fading?",
        objectives=_STUDY,
    ),
    _q(
        "t12",
        _T,
        "How has the usual way into {field} changed for people starting out today?",
        objectives="start-career finish-school",
    ),
    _q(
        "t13",
        _T,
        "How does the culture here compare with other employers in {field}?",
        objectives="change-employer",
    ),
    _q(
        "t14",
        _T,
        "How has this role changed in the time you have been doing it?",
        objectives="change-job",
    ),
    _q(
        "t15",
        _T,
        "What bets is your organisation making on the future of {field}?",
        levels="executive",
    ),
    # -- insights: what the work and the place are really like ---------------------------
    _q("i01", _I, "What does a typical week look like for you?"),
    _q("i02", _I, "What do you enjoy most about your work, and what would you change?"),
    _q("i03", _I, "What surprised you most when you started in this role?"),
    _q("i04", _I, "What kind of person does well in your role, and who tends to struggle?"),
    _q("i05", _I, "What are the hard parts of your job that people rarely talk about?"),
    _q("i06", _I, "How did you get started in {field}?"),
    _q(
        "i07",
        _I,
        "How do you decide what to work on from one week to the next?",
        levels="mid senior executive",
    ),
    _q(
        "i08",
        _I,
        "What was your first year in this role like, and what got you through it?",
        levels="junior mid",
    ),
    _q(
        "i09",
        _I,
        "How does your team make decisions, and how much say do newer people have?",
        levels="junior mid",
    ),
    _q("i10", _I, "How is your time split between meetings, focused work and working with others?"),
    _q("i11", _I, "What does doing well in your role look like, and how is it measured?"),
    _q(
        "i12",
        _I,
        "How do you balance the long-term direction of your group with urgent demands?",
        levels=_UPPER,
    ),
    _q("i13", _I, "What do you look for when you bring someone new onto your team?", levels=_UPPER),
    _q(
        "i14",
        _I,
        "How are budget and headcount decisions made in your part of the organisation?",
        levels=_UPPER,
    ),
    _q(
        "i15",
        _I,
        "What surprised you most after you moved into {field} from another career?",
        objectives="change-career",
    ),
    _q("i16", _I, "What do you wish you had known before your first week here?", levels="junior"),
    _q("i17", _I, "What is it like to work here in your first couple of years?", levels="junior"),
    _q(
        "i18",
        _I,
        "How does studying {field} compare with doing the work every day?",
        objectives=_STUDY,
    ),
    _q(
        "i19",
        _I,
        "What made you choose this employer over the others you could have joined?",
        objectives="change-employer",
    ),
    _q(
        "i20",
        _I,
        "How do people here usually move from one role to another internally?",
        objectives="change-job",
    ),
    # -- advice: what they would do in the user's place ----------------------------------
    _q("a01", _A, "What helped you land your first job in {field}?"),
    _q("a02", _A, "If you were starting over in {field}, what would you do differently?"),
    _q("a03", _A, "What would you focus on if you were in my position?"),
    _q(
        "a04",
        _A,
        "Which of my skills do you think would carry over best, and where are my gaps?",
        objectives="change-career",
    ),
    _q(
        "a05",
        _A,
        "What mistakes do you see people make when they try to move into {field}?",
        objectives=_NEW,
    ),
    _q(
        "a06",
        _A,
        "How could I test whether {field} suits me before I commit to it?",
        objectives=f"{_NEW} school",
    ),
    _q(
        "a07",
        _A,
        "What should I weigh when choosing between programmes in {field}?",
        objectives="school",
    ),
    _q(
        "a08",
        _A,
        "What would you do in your final term of study to get ready for work in {field}?",
        objectives="finish-school",
    ),
    _q(
        "a09",
        _A,
        "How would you approach a move to a different role inside the same organisation?",
        objectives="change-job",
    ),
    _q(
        "a10",
        _A,
        "What would you want to find out about an employer before accepting an offer?",
        objectives="change-employer",
    ),
    _q("a11", _A, "What advice would you give someone who wants to grow quickly in {field}?"),
    _q("a12", _A, "What habits have helped you most in your career?"),
    _q(
        "a13",
        _A,
        "What do people who get promoted from your level tend to do well?",
        levels="junior mid",
    ),
    _q("a14", _A, "What would make someone with my background stand out in {field}?"),
    _q("a15", _A, "What do you wish someone had told you in your first year?", levels="junior mid"),
    _q(
        "a16",
        _A,
        "How did you know when it was time to take on more responsibility?",
        levels="mid senior executive",
    ),
    _q(
        "a17",
        _A,
        "Looking back over your career, which decisions mattered most, and why?",
        levels=_UPPER,
    ),
    # -- resources: where to learn more --------------------------------------------------
    _q("r01", _R, "Which books, podcasts or newsletters help you stay current in {field}?"),
    _q("r02", _R, "Which professional groups or events in {field} are worth my time?"),
    _q("r03", _R, "Which online communities do people in {field} actually use?"),
    _q("r04", _R, "What courses or certifications would you recommend, and which would you skip?"),
    _q("r05", _R, "Which tools should I learn first to be useful in {field}?"),
    _q("r06", _R, "Where do people in {field} go to keep learning once they are working?"),
    _q("r07", _R, "Which programmes do employers in {field} respect most?", objectives=_STUDY),
    _q(
        "r08",
        _R,
        "What could I read or try this month to get a realistic taste of the work?",
        objectives=_NEW,
    ),
    _q("r09", _R, "Which resources helped you most when you were studying?", objectives=_STUDY),
    _q(
        "r10",
        _R,
        "Which teams here would be worth learning about before I ask for a move?",
        objectives="change-job",
    ),
    _q(
        "r11",
        _R,
        "Where can I learn what different employers in {field} are like to work for?",
        objectives="change-employer",
    ),
    _q(
        "r12",
        _R,
        "Which conferences or publications do leaders in {field} pay attention to?",
        levels=_UPPER,
    ),
    _q(
        "r13",
        _R,
        "What was the most useful training you had in your first couple of years?",
        levels="junior mid",
    ),
    _q(
        "r14",
        _R,
        "Which volunteer work or side projects would give me real experience in {field}?",
        objectives=_NEW,
    ),
    # -- next steps: who else, and what to do after today --------------------------------
    _q("n01", _N, "Who else would you suggest I talk to?"),
    _q("n02", _N, "Who else should I speak with to learn more about {field}?"),
    _q("n03", _N, "Could you refer me to a colleague in {field} I could learn from?"),
    _q("n04", _N, "Which other people or groups would be worth contacting as I explore {field}?"),
    _q("n05", _N, "What would you suggest as my next step after today?"),
    _q("n06", _N, "What would you do next if you were me?"),
    _q(
        "n07",
        _N,
        "Who at another employer could give me a different view of {field}?",
        objectives="change-employer",
    ),
    _q(
        "n08",
        _N,
        "Who in another part of the organisation could tell me more about a move there?",
        objectives="change-job",
    ),
    _q(
        "n09",
        _N,
        "Who could tell me how people from my programme have fared in {field}?",
        objectives=_STUDY,
    ),
    _q("n10", _N, "How would you like me to keep you posted as I make my decision?"),
    _q("n11", _N, "What would be worth learning or trying before I make my decision?"),
    _q(
        "n12",
        _N,
        "Which people in your network would be open to a short conversation with me?",
        levels=_UPPER,
    ),
    _q(
        "n13",
        _N,
        "Who else early in their career could give me the view from the ground floor?",
        levels=_UPPER,
    ),
    _q(
        "n14",
        _N,
        "Who would you recommend I speak with about taking my first step into {field}?",
        objectives="start-career change-career",
    ),
)
