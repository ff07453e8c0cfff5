"""The coach's check on a user's own questions and request drafts.

Each example is labelled with the exact set of rules it should trip; an empty set means
it must pass clean. Clean examples matter as much as the rest: a check that nags about
good questions teaches people to ignore it.
"""

from __future__ import annotations

import pytest

from bot.coach.check import KINDS, RULES, Finding, check_text

Q, D = "question", "draft"

# -- request drafts, good and bad -------------------------------------------------------------
DRAFT_REFERRED_BY_AUNT = (
    "Hi Maria,\n\nMy aunt Lena suggested I get in touch. I'm weighing a move from nursing into "
    "health informatics and would value about 20 minutes of your advice on how the field "
    "works. Would a phone call, a video chat or a coffee near your office suit you one day "
    "next week?\n\nThank you,\nSam"
)
DRAFT_ALUMNI_DINNER = (
    "Dear Mr. Okafor,\n\nWe met at the alumni dinner in March. I'm finishing my degree in "
    "chemistry and trying to understand what working in quality control is really like. "
    "Could I ask you for 20 minutes of advice, by phone or video, at a time that suits "
    "you?\n\nBest regards,\nAmina"
)
DRAFT_CLIMBING_GYM = (
    "Hey Jo! Tom from the climbing gym said you moved from accounting into product "
    "management. I'm thinking about the same switch. Would you be open to a 20-minute call "
    "so I can hear how it went for you? Happy to work around your schedule."
)
DRAFT_CLASSMATE = (
    "Hi Chen, we were in the same cohort at Riverside College. I'm considering graduate "
    "school in urban planning and would love your honest take over a quick coffee or call. "
    "Twenty minutes would be plenty. You can reach me by phone or email, whichever is "
    "easiest."
)
DRAFT_RECENT_GRADUATE = (
    "Hi Dana,\n\nI'm a recent graduate and would like 20 minutes of your advice on careers "
    "in public health. Could we talk by phone next week?\n\nThanks,\nLeo"
)
DRAFT_NURSING_SCHOOL = (
    "Hi Kay, Mum said you'd be happy to chat about nursing school. I'd love to hear what the "
    "first year was like for you. Could we talk on Saturday, by phone or over coffee?"
)
DRAFT_NOT_A_JOB_ASK = (
    "Hi Alex, I found your email address in our alumni directory. I'm not looking for a job, "
    "just hoping to learn how you moved into biotech. Could we talk for 20 minutes by phone? "
    "I'll follow up by email to find a time."
)
DRAFT_GRAD_SCHOOL = (
    "Hi Ana, I'm applying to graduate school in economics and would love 20 minutes of your "
    "advice about the programme you finished, by phone or video, whenever suits you."
)
DRAFT_JOB_HUNT = (
    "Hi Maria, I'm looking for a new job in data analysis and saw your company is growing. "
    "Are you hiring? I'd love to chat."
)
DRAFT_ATTACHED_RESUME = (
    "Hello Raj, Ana Costa gave me your name. I'm moving into supply chain work. I've "
    "attached my resume so you can see my background. Could we talk for 20 minutes?"
)
DRAFT_EMAIL_ANSWERS = (
    "Dear Ms. Park, I hope you are well. I am exploring a career in patent law and would be "
    "grateful for your advice. If it is easier for you, we could do this over email and you "
    "could send me your answers when you have time."
)
DRAFT_REFERRAL_AND_CV = (
    "Hi Sam, Lee suggested I reach out. I'm changing careers into UX research. Could you "
    "refer me for the open researcher role on your team? I've attached my CV."
)
DRAFT_RAMBLING = (
    "Hi Priya,\n\nI hope this message finds you well and that the spring has been kind to "
    "you. My name is Alex and I studied history before six years in retail management. Over "
    "the last year I have become more and more curious about user experience design. I have "
    "taken two online courses and built a small portfolio of practice projects. I also "
    "volunteered to redesign the booking page for a local theatre group. A friend from the "
    "theatre mentioned that you lead a design team at a bank. I would be very grateful for a "
    "short conversation about how you got into the field. I am especially curious about how "
    "designers work with engineers and product managers. I would also love to hear what you "
    "wish you had known when you started out. I know you must be very busy, so please do not "
    "feel any pressure at all. Any time in the next few weeks would work for me, by phone or "
    "video.\n\nWarm regards,\nAlex"
)
DRAFT_CALL_OR_EMAIL = (
    "Hi Marco, I'm switching from teaching to corporate training. Could we have a 20-minute "
    "phone call, or email if that suits you better?"
)
DRAFT_ADMIRER = (
    "Dear Ms. Idowu, I have followed your studio's work for years and would love to work for "
    "your studio one day. Could I have 20 minutes of your time to hear how you built it?"
)

# (text, level, kind, expected rule ids)
EXAMPLES: list[tuple[str, str | None, str, set[str]]] = [
    # -- good questions that must stay clean ------------------------------------------------
    ("What helped you land your first job in this field?", None, Q, set()),
    ("Could you refer me to a colleague in research I could learn from?", None, Q, set()),
    ("Who else would you suggest I talk to?", None, Q, set()),
    ("How did you get started in this field?", None, Q, set()),
    ("What does a typical week look like for you?", None, Q, set()),
    ("What do you like most about your job?", None, Q, set()),
    (
        "What would you do differently if you were starting out in marketing today?",
        "senior",
        Q,
        set(),
    ),
    ("Could you tell me how you moved from teaching into instructional design?", None, Q, set()),
    ("Would you share what a hard week looks like in your role?", "mid", Q, set()),
    ("Can you walk me through how a project goes from idea to launch?", "mid", Q, set()),
    ("Would you be willing to introduce me to someone in your data team?", None, Q, set()),
    ("Do you know anyone else I should talk to?", None, Q, set()),
    ("Is there anyone else you think I should speak with?", None, Q, set()),
    ("Is it better to start at an agency or in-house?", None, Q, set()),
    ("Do you enjoy the client work, and what makes it hard?", None, Q, set()),
    ("What skills do hiring teams in this field look for?", None, Q, set()),
    ("How are people usually hired into analyst roles?", None, Q, set()),
    ("What makes a strong resume stand out in this industry?", None, Q, set()),
    ("How does your company decide on pricing strategy?", "senior", Q, set()),
    ("What does the budget process look like for a new project?", "executive", Q, set()),
    ("How did your first year as a new grad shape your career?", "senior", Q, set()),
    ("When you were an intern, what was the day-to-day like?", "executive", Q, set()),
    ("What is it like to be an intern there?", "junior", Q, set()),
    ("What is a typical day like for you?", "junior", Q, set()),
    ("What pay range is typical for a junior analyst in this field?", "mid", Q, set()),
    ("What kinds of clients do you work with?", None, Q, set()),
    ("Which open-source projects would help me learn?", None, Q, set()),
    ("Could you recommend a book that shaped how you think about design?", None, Q, set()),
    ("Can you tell me about your first job in the field?", "senior", Q, set()),
    ("What questions would you ask if you were in my shoes?", None, Q, set()),
    ("Are you free for 20 minutes next week?", None, Q, set()),
    ("Would Thursday at 10 work for you?", None, Q, set()),
    ("What’s it like working with engineers day to day?", "mid", Q, set()),
    ("What margin for error do you have when a deadline slips?", "junior", Q, set()),
    # -- job asks -------------------------------------------------------------------------
    ("Are you hiring?", None, Q, {"job-ask"}),
    ("Is your team hiring right now?", "mid", Q, {"job-ask"}),
    ("Any openings on your team?", None, Q, {"job-ask"}),
    ("Could you refer me for the role on your team?", None, Q, {"job-ask"}),
    ("Could you put in a word for me with the hiring manager?", None, Q, {"job-ask"}),
    ("Are there any positions available at your company?", None, Q, {"job-ask"}),
    ("How can I get an employee referral at your firm?", None, Q, {"job-ask"}),
    ("Would you consider me for an internship?", None, Q, {"job-ask"}),
    ("What would it take for you to hire me?", None, Q, {"job-ask"}),
    ("Could you pass my name along to your recruiter?", None, Q, {"job-ask"}),
    ("Does your company offer internships?", "junior", Q, {"job-ask"}),
    ("Please keep me in mind if a role opens up.", None, Q, {"job-ask"}),
    ("I’d love to join your team one day—what would that take?", None, Q, {"job-ask"}),
    ("What’s the best way to apply? I’m applying for the analyst role.", None, Q, {"job-ask"}),
    # -- resumes --------------------------------------------------------------------------
    ("Could you look over my CV?", None, Q, {"resume"}),
    ("Would you mind reviewing my résumé before we talk?", None, Q, {"resume"}),
    ("Should I bring a copy of my resume to our coffee?", None, Q, {"resume"}),
    ("What do you think of my resume, which I attached?", None, Q, {"resume"}),
    # -- confidential ---------------------------------------------------------------------
    ("What are the profit margins on your consulting service?", None, Q, {"confidential"}),
    ("What's the secret sauce behind your flagship product?", None, Q, {"confidential"}),
    ("What unreleased products are you working on?", "senior", Q, {"confidential"}),
    ("What's on the product roadmap for next year?", "executive", Q, {"confidential"}),
    ("How much revenue does your team bring in each quarter?", "senior", Q, {"confidential"}),
    ("How much does your manager make?", None, Q, {"confidential"}),
    ("What is Priya’s salary?", None, Q, {"confidential"}),
    ("Who are your biggest clients?", None, Q, {"confidential"}),
    ("Could you share the client list?", None, Q, {"confidential"}),
    ("What are the company’s exact revenue figures?", "mid", Q, {"confidential"}),
    # -- personal pay -----------------------------------------------------------------------
    ("How much do you make?", None, Q, {"personal-pay"}),
    ("What is your salary these days?", "mid", Q, {"personal-pay"}),
    # -- level fit ------------------------------------------------------------------------
    ("What is the company's long-term strategy?", "junior", Q, {"too-junior-for-finances"}),
    ("How is the annual budget set for your department?", "junior", Q, {"too-junior-for-finances"}),
    ("How profitable is the business these days?", "junior", Q, {"too-junior-for-finances"}),
    ("How is the company's financial health?", "junior", Q, {"too-junior-for-finances"}),
    ("What are the profit margins like?", "junior", Q, {"confidential", "too-junior-for-finances"}),
    ("What is the company's long-term strategy?", "senior", Q, set()),
    ("What is the company's long-term strategy?", None, Q, set()),
    ("What is it like to be an intern there?", "senior", Q, {"too-senior-for-junior-detail"}),
    (
        "What's the onboarding like for entry-level hires?",
        "executive",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    (
        "What do new grads do day to day on your team?",
        "senior",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    (
        "What's the workload like for junior analysts?",
        "executive",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    ("What's the onboarding like for entry-level hires?", "mid", Q, set()),
    # -- yes/no -----------------------------------------------------------------------------
    ("Do you like your job?", None, Q, {"yes-no"}),
    ("Is it hard to break into UX?", None, Q, {"yes-no"}),
    ("Did you study computer science?", None, Q, {"yes-no"}),
    ("Are there opportunities to grow?", "mid", Q, {"yes-no"}),
    ("Would you recommend this career to a friend?", None, Q, {"yes-no"}),
    ("Have you ever thought about leaving?", None, Q, {"yes-no"}),
    ("Should I get a master's degree first?", None, Q, {"yes-no"}),
    ("Will AI change the field?", None, Q, {"yes-no"}),
    ("Is a degree necessary for this work?", None, Q, {"yes-no"}),
    ("In your experience, is the work stressful?", None, Q, {"yes-no"}),
    ("So, do you travel a lot", None, Q, {"yes-no"}),
    ("Do you like it or not?", None, Q, {"yes-no"}),
    # -- email as the medium ----------------------------------------------------------------
    ("Could we do this over email instead?", None, Q, {"email-medium"}),
    ("Could you answer a few questions by email?", None, Q, {"email-medium"}),
    ("What do you make of the new rules on data privacy?", None, Q, set()),
    ("I plan to apply for a master's in design next year. What should I weigh?", None, Q, set()),
    ("Isn't it stressful?", None, Q, {"yes-no"}),
    ("What does your boss earn?", None, Q, {"confidential"}),
    ("Is the company doing well financially?", "junior", Q, {"too-junior-for-finances"}),
    (
        "How do entry-level employees spend their day?",
        "senior",
        Q,
        {"too-senior-for-junior-detail"},
    ),
    # -- several at once ----------------------------------------------------------------------
    ("Are you hiring, and could you look over my CV?", None, Q, {"job-ask", "resume"}),
    # -- drafts ---------------------------------------------------------------------------
    (DRAFT_REFERRED_BY_AUNT, "senior", D, set()),
    (DRAFT_ALUMNI_DINNER, "executive", D, set()),
    (DRAFT_CLIMBING_GYM, "mid", D, set()),
    (DRAFT_CLASSMATE, None, D, set()),
    (DRAFT_RECENT_GRADUATE, "senior", D, set()),
    (DRAFT_NURSING_SCHOOL, "senior", D, set()),
    (DRAFT_NOT_A_JOB_ASK, None, D, set()),
    (DRAFT_GRAD_SCHOOL, None, D, set()),
    (DRAFT_JOB_HUNT, None, D, {"job-ask"}),
    (DRAFT_ATTACHED_RESUME, None, D, {"resume"}),
    (DRAFT_EMAIL_ANSWERS, None, D, {"email-medium"}),
    (DRAFT_REFERRAL_AND_CV, "mid", D, {"job-ask", "resume"}),
    (DRAFT_RAMBLING, "senior", D, {"too-long"}),
    (DRAFT_CALL_OR_EMAIL, None, D, {"email-medium"}),
    (DRAFT_ADMIRER, "executive", D, {"job-ask"}),
    # -- auto: the kind is decided from the text ------------------------------------------
    ("Do you enjoy your work?", None, "auto", {"yes-no"}),
    (
        "Hi Kim, a mutual friend, Ravi, suggested I contact you. Do you like your job? I'd love "
        "20 minutes of your advice over coffee.",
        None,
        "auto",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "level", "kind", "expected"), EXAMPLES)
def test_examples(text: str, level: str | None, kind: str, expected: set[str]) -> None:
    found = check_text(text, level=level, kind=kind)
    assert {f.rule for f in found} == expected, [(f.rule, f.excerpt) for f in found]


def test_there_are_enough_labelled_examples() -> None:
    assert len(EXAMPLES) >= 80
    assert sum(1 for e in EXAMPLES if e[2] == D) >= 10
    assert {rule for e in EXAMPLES for rule in e[3]} == {r.id for r in RULES}


def test_each_finding_says_what_is_wrong_and_how_to_fix_it() -> None:
    found = check_text("Are you hiring, and could you look over my CV?", kind=Q)
    for finding in found:
        assert isinstance(finding, Finding)
        assert finding.problem.endswith(".") and finding.better
        assert finding.excerpt in "Are you hiring, and could you look over my CV?"


def test_closed_question_gets_a_concrete_open_rewrite() -> None:
    (finding,) = check_text("Do you like your job?", kind=Q)
    assert "What do you enjoy most about your job, and what would you change?" in finding.better
    (finding,) = check_text("Is it hard to break into UX?", kind=Q)
    assert "How hard is it to break into UX" in finding.better


def test_closed_question_without_a_specific_rewrite_gets_a_generic_one() -> None:
    (finding,) = check_text("Did you study computer science?", kind=Q)
    assert '"What"' in finding.better and '"How"' in finding.better


def test_curly_quotes_are_treated_like_straight_ones() -> None:
    straight = check_text("What's the secret sauce?", kind=Q)
    curly = check_text("What’s the “secret sauce”?", kind=Q)
    assert [f.rule for f in straight] == [f.rule for f in curly] == ["confidential"]


def test_level_rules_need_a_level() -> None:
    text = "What is it like to be an intern there, and how is the annual budget set?"
    assert check_text(text, kind=Q) == []
    assert [f.rule for f in check_text(text, level="junior", kind=Q)] == ["too-junior-for-finances"]
    assert [f.rule for f in check_text(text, level="executive", kind=Q)] == [
        "too-senior-for-junior-detail"
    ]


def test_long_excerpts_are_trimmed_around_the_problem() -> None:
    text = (
        "I have been thinking about this for a long time and talked to many people, and "
        "after all of that I wonder whether you could put in a word for me with your boss."
    )
    (finding,) = check_text(text, kind=Q)
    assert "put in a word" in finding.excerpt
    assert len(finding.excerpt) < len(text)


def test_empty_text_is_clean() -> None:
    assert check_text("   ") == []


@pytest.mark.parametrize(("level", "kind"), [("intern", Q), (None, "email")])
def test_unknown_level_or_kind_is_refused(level: str | None, kind: str) -> None:
    with pytest.raises(ValueError):
        check_text("How did you start?", level=level, kind=kind)


def test_kinds_are_documented() -> None:
    assert set(KINDS) == {"question", "draft", "auto"}


# -- the labelled sets in tests/data: tuning (must pass) and held-out (figures only) ------------
from bench.check import score  # noqa: E402
from tests.data.check_heldout import (  # noqa: E402
    HELD_OUT,
    HELD_OUT_FOURTH,
    HELD_OUT_FRESH,
    HELD_OUT_UNSEEN,
)
from tests.data.check_tuning import TUNING  # noqa: E402


@pytest.mark.parametrize(("text", "level", "kind", "expected"), TUNING)
def test_tuning_examples(text: str, level: str | None, kind: str, expected: set[str]) -> None:
    found = check_text(text, level=level, kind=kind)
    assert {f.rule for f in found} == expected, [(f.rule, f.excerpt) for f in found]


def test_a_few_hundred_labelled_examples_with_a_held_out_part() -> None:
    assert len(EXAMPLES) + len(TUNING) >= 300
    held_out = HELD_OUT + HELD_OUT_FRESH + HELD_OUT_UNSEEN + HELD_OUT_FOURTH
    assert len(held_out) >= 150
    assert {rule for e in held_out for rule in e[3]} == {r.id for r in RULES} - {"too-long"}
    tuned = {e[0] for e in EXAMPLES + TUNING}
    assert not tuned & {e[0] for e in held_out}, "a held-out text is also a tuning text"


def test_held_out_figures_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    for name, rows in (
        ("held-out part 1", HELD_OUT),
        ("part 2", HELD_OUT_FRESH),
        ("part 3", HELD_OUT_UNSEEN),
        ("part 4", HELD_OUT_FOURTH),
    ):
        s = score(rows)
        with capsys.disabled():
            print(
                f"\n{name}: recall {s.recall:.1%}, false alarms {s.false_alarm_rate:.1%} "
                f"({s.found}/{s.expected}, {s.false_alarms}/{s.clean})"
            )
        assert s.expected and s.clean


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Could you refer me for the open junior researcher role?", "job-ask"),
        ("Can I send you my portfolio and resume?", "resume"),
        ("Who are your largest clients these days?", "confidential"),
        ("What's the price you charge your top customer?", "confidential"),
        ("Is the merger going ahead?", "confidential"),
        ("How much do you earn now?", "personal-pay"),
    ],
)
def test_the_issue_s_clear_cases_are_caught(text: str, rule: str) -> None:
    assert rule in {f.rule for f in check_text(text, kind=Q)}


def test_the_resume_is_allowed_when_they_asked_for_it() -> None:
    text = "I've attached my resume as you asked."
    assert [f.rule for f in check_text(text, kind=Q)] == ["resume"]
    assert check_text(text, kind=Q, allow=frozenset({"resume"})) == []


# -- through the chat: whom the text is for, and the resume they asked for ---------------------
from tests.support.chat import Chat, text_of  # noqa: E402


def test_check_for_a_junior_contact_flags_the_budget(alice: Chat) -> None:
    question = "What is the budget for your team next year?"
    alice.say("add Jess Park at Acme; level junior")
    text = alice.text(f"check Jess: {question}")
    assert "junior rarely sees the organisation's finances" in text and "(for Jess, junior)" in text
    alice.say("add Robert Klein at Acme; level executive")
    text = alice.text("check Robert: What is onboarding like for new grads on your team?")
    assert "A senior person is far from what new or junior staff" in text
    assert "Looks good (for Robert, executive)" in alice.text(
        "check Robert: Where do you see the field heading?"
    )


def test_check_names_the_recipient_in_a_trailing_clause_too(alice: Chat) -> None:
    alice.say("add Jess Park; level junior")
    text = alice.text("check How is the company doing financially?; for jess")
    assert "(for Jess, junior)" in text and "finances" in text


def test_check_with_a_level_word_or_no_recipient(alice: Chat) -> None:
    assert "(for someone junior)" in alice.text("check junior: What's the firm's strategy?")
    alice.say("add Jess Park; level junior")
    text = alice.text("check Are you hiring?")
    assert "/leap check NAME: your text" in text
    assert "Looks good" in alice.text("check Note: how did you start in this field?")


def test_a_resume_request_is_recorded_and_allowed_for_that_contact(alice: Chat) -> None:
    alice.say("add Maria Santos at Acme")
    alice.say("ask maria sent")
    text = alice.text("replied maria yes; wants resume")
    assert "Noted: Maria asked for your resume" in text
    assert "Looks good (for Maria)" in alice.text("check Maria: I've attached my resume as asked.")
    assert "resume" in alice.text("check I've attached my resume as asked.").lower()
    prep = alice.text("prep maria")
    assert "Bring the resume Maria asked for" in prep and "No resume" not in prep


def test_the_resume_button_after_a_yes(alice: Chat) -> None:
    alice.say("add Sam Lee")
    alice.say("ask sam sent")
    alice.say("replied sam yes")
    alice.click("They asked for my resume")
    assert "Noted: Sam asked for your resume" in text_of(alice.last)
    assert "Bring the resume Sam asked for" in alice.text("prep sam")
    assert "I don't know" in alice.text("replied sam yes; wants a pony")


def test_an_ambiguous_recipient_never_truncates_the_text(alice: Chat) -> None:
    alice.say("add Jess Park; level junior")
    alice.say("add Jess Ode; level executive")
    long_text = "What does a typical week look like for you, and which parts of it " * 2
    text = alice.text(f"check jess: {long_text}")
    assert "matches 2 contacts" in text and "Type the command again" in text
    alice.text("check jess: How did you start?")
    alice.click("Jess Park")
    assert "(for Jess, junior)" in text_of(alice.last)
