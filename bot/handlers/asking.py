"""The objective and the ask: ``goal``, ``ask``, ``replied`` and ``check``."""

from __future__ import annotations

from dataclasses import replace

from bot import nudges
from bot.coach import drafts
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers.common import contact_by_id, resolve
from bot.models import LEVELS, Contact
from bot.parsing import ID_PREFIX, choose, find_contacts, fold, ref, split_clauses
from bot.pipeline import short_date
from bot.replies import Button, Message, Outbound, Reply, run, say

OBJECTIVES = {
    "start-career": "starting a career",
    "change-career": "changing careers",
    "change-job": "changing jobs",
    "change-employer": "changing employers",
    "school": "choosing a school or training",
    "finish-school": "finishing school or training",
}
KEYWORDS = (  # most specific first: "graduating and moving into UX" is about graduating
    (
        "finish-school",
        ("graduat", "finishing school", "finishing my", "final year", "last year of"),
    ),
    (
        "change-career",
        (
            "career change",
            "changing career",
            "switch",
            "pivot",
            "from another career",
            "transition",
        ),
    ),
    ("start-career", ("first job", "start my career", "starting out", "entry", "new career")),
    ("school", ("school", "degree", "course", "bootcamp", "training", "master", "phd")),
    ("change-employer", ("employer", "company", "another firm", "organisation")),
    ("change-job", ("new job", "changing job", "new role", "promotion", "another role")),
    ("change-career", ("move into", "moving into", "get into", "break into")),
)


def _objective_of(goal: str) -> str:
    text = fold(goal)
    for key, words in KEYWORDS:
        if any(w in text for w in words):
            return key
    return ""


def goal(ctx: Ctx, text: str) -> list[Outbound]:
    text = " ".join(text.split())
    if not text:
        current = f"Your goal: {ctx.profile.goal}\n" if ctx.profile.goal else ""
        if ctx.profile.decisions:  # goals closed with /leap decide stay readable there
            n = len(ctx.profile.decisions)
            current += (
                f"You closed {n} goal{'s' if n != 1 else ''} before: /leap decide lists them.\n"
            )
        return [
            Reply(
                Message(
                    current + "What are you deciding? Pick the situation that fits, then say it in "
                    "your words: /leap goal changing careers to UX research",
                    buttons=tuple(
                        Button(label.capitalize(), "objective", key)
                        for key, label in OBJECTIVES.items()
                    ),
                )
            )
        ]
    if len(text) > 200:
        raise Problem("Keep the goal under 200 characters — one line that names the decision.")
    objective = _objective_of(text) or ctx.profile.objective
    ctx.save_profile(replace(ctx.profile, goal=text, objective=objective))
    situation = f" ({OBJECTIVES[objective]})" if objective else ""
    buttons = [run("Your next step", "next")]
    if not objective:
        buttons = [
            Button(label.capitalize(), "objective", key) for key, label in OBJECTIVES.items()
        ]
        situation = ". Which situation fits best? It shapes your questions."
    return [say(f"Goal recorded: {text}{situation}", *buttons)]


def _set_objective(ctx: Ctx, key: str) -> list[Outbound]:
    if key not in OBJECTIVES:
        raise Problem("That choice is out of date; pick again with /leap goal.")
    goal_text = ctx.profile.goal or OBJECTIVES[key]
    ctx.save_profile(replace(ctx.profile, objective=key, goal=goal_text))
    return [
        say(
            f"Situation: {OBJECTIVES[key]}. Goal: {goal_text}.\nRefine it in your words any "
            "time: /leap goal changing careers to UX research",
            run("Your next step", "next"),
            run("Add a contact", "add"),
        )
    ]


def ask(ctx: Ctx, text: str) -> list[Outbound]:
    words = text.split()
    action = (
        words[-1].lower()
        if len(words) > 1 and words[-1].lower() in ("sent", "shorter", "formal")
        else ""
    )
    name = " ".join(words[:-1]) if action else text
    contact = resolve(ctx, name, lambda r: f"ask {r} {action}".strip(), "/leap ask Maria")
    if action == "sent":
        return _mark_sent(ctx, contact.id)
    style = "formal" if action == "formal" else "shorter" if action == "shorter" else "normal"
    me = ctx.profile.display_name or ctx.actor.display_name
    draft = drafts.request(contact, goal=ctx.profile.goal, me=me, style=style)
    allow = frozenset({"resume"}) if contact.wants_resume else frozenset()
    from bot.coach.check import check_text  # ~260 patterns: compiled when first needed

    findings = check_text(draft.text, level=contact.level or None, kind="draft", allow=allow)
    warning = "".join(f"\n• {f.problem} (“{f.excerpt}”) {f.better}" for f in findings)
    if warning:  # the draft quotes the user's goal: say so when that part needs work
        warning = "\n\nBefore you send it — it comes from your goal's words:" + warning
    r = ref(contact)
    intro = f"A request to {contact.first_name}, ready to paste and adjust:"
    if contact.stage not in ("to-ask", "asked"):
        intro = (
            f"{contact.first_name} is already {contact.stage.replace('-', ' ')}; "
            "here is the request anyway:"
        )
    return [
        Reply(
            Message(
                f"{intro}\n\n{draft.text}{warning}\n\nNo resume, no job ask: just advice. "
                "Send it the way you usually talk to them, then press Mark as sent.",
                title=f"Request to {contact.name}",
                buttons=(
                    run("Mark as sent", f"ask {r} sent", style="primary"),
                    run("Shorter", f"ask {r} shorter"),
                    run("More formal", f"ask {r} formal"),
                ),
            )
        )
    ]


def _mark_sent(ctx: Ctx, contact_id: str) -> list[Outbound]:
    contact = contact_by_id(ctx, contact_id)
    if contact.stage not in ("to-ask", "asked"):
        return [
            say(
                f"{contact.first_name} is already {contact.stage.replace('-', ' ')}; "
                "nothing changed.",
                run("Your next step", "next"),
            )
        ]
    now = ctx.now()
    updated = contact.with_changes(now, stage="asked", asked_at=now)
    nudges.save_and_replan(ctx, updated)
    r = ref(contact)
    return [
        say(
            f"Marked: request sent to {contact.first_name} on {short_date(now, ctx.tz)}. "
            + nudges.follow_up_promise(ctx.profile, updated),
            run("They said yes", f"replied {r} yes", style="primary"),
            run("They declined", f"replied {r} no"),
            run("Your contacts", "contacts"),
        )
    ]


WANTS_RESUME = "wants resume"
RESUME_WORDS = ("resume", "résumé", "cv", "portfolio")


def _wants_resume(clauses: list[tuple[str, str]]) -> bool:
    """``; wants resume`` (or cv, portfolio): they asked for it; anything else is refused."""
    wanted = False
    for key, value in clauses:
        words = f"{key} {value}".lower().split()
        if words[:1] in (["wants"], ["want"], ["asked"]) and any(
            w.strip(".") in RESUME_WORDS for w in words[1:]
        ):
            wanted = True
            continue
        raise Problem(
            f"I don't know “{key} {value}”. If they asked for your resume: "
            "/leap replied Maria yes; wants resume"
        )
    return wanted


def replied(ctx: Ctx, text: str) -> list[Outbound]:
    head, clauses = split_clauses(text)
    name, _, answer = head.strip().rpartition(" ")
    if not name:
        raise Problem("Say who and what they answered: /leap replied Maria yes (or no)")
    answer = choose("answer", answer, ("yes", "no"), "/leap replied Maria yes")
    wants_resume = _wants_resume(clauses)
    contact = resolve(
        ctx,
        name,
        lambda r: f"replied {r} {answer}" + (f"; {WANTS_RESUME}" if wants_resume else ""),
        "/leap replied Maria yes",
    )
    if wants_resume and answer == "yes":
        return _record_resume_request(ctx, contact.id)
    now, r = ctx.now(), ref(contact)
    if answer == "no":
        updated = contact.with_changes(now, stage="declined", replied_at=now)
        nudges.save_and_replan(ctx, updated)
        same_org = contact.org or contact.field or "the same field"
        return [
            say(
                f"Noted: {contact.first_name} declined. That happens — thank them for "
                f"answering, and ask someone else at {same_org}.",
                run("Add someone", "add"),
                run("Your next step", "next"),
            )
        ]
    updated = contact.with_changes(
        now, stage="scheduled" if contact.stage in ("to-ask", "asked") else contact.stage
    )  # a yes means: agree a time (scheduled, with no time yet)
    updated = replace(updated, asked_at=updated.asked_at or now, replied_at=now)
    nudges.save_and_replan(ctx, updated)
    return [
        say(
            f"{contact.first_name} said yes. Agree a time: 20 minutes by phone, video, "
            f"coffee or lunch. Then: /leap schedule {contact.first_name} tomorrow 3pm",
            Button("Schedule it", "schedule-form", contact.id, "primary"),
            run(f"Prepare for {contact.first_name}", f"prep {r}"),
            Button("They asked for my resume", "wants-resume", contact.id),
        )
    ]


def _record_resume_request(ctx: Ctx, contact_id: str) -> list[Outbound]:
    """They asked for the resume before the meeting: the one case the guide allows it."""
    contact = contact_by_id(ctx, contact_id)
    now = ctx.now()
    stage = "scheduled" if contact.stage in ("to-ask", "asked") else contact.stage
    updated = contact.with_changes(now, stage=stage, wants_resume=True)
    updated = replace(updated, asked_at=updated.asked_at or now)
    ctx.store.save_contact(ctx.user, updated)
    if stage != contact.stage:
        nudges.replan(ctx, updated)
    return [
        say(
            f"Noted: {contact.first_name} asked for your resume. Send it as they asked and "
            "bring a copy; the check will not flag it for them. Still no job ask: the "
            "meeting is for advice.",
            Button("Schedule it", "schedule-form", contact.id, "primary"),
            run(f"Prepare for {contact.first_name}", f"prep {ref(contact)}"),
        )
    ]


CHECK_EXAMPLE = "/leap check Jess: Could you tell me how you got started in UX research?"


def _recipient(ctx: Ctx, text: str) -> tuple[Contact | None, str, str]:
    """``"Jess: How did you…"``: the contact (or a level) the text is for, and the text.
    A prefix that names neither is left as part of the text."""
    body, sep, name = text.rpartition("; for ")
    if sep and name.strip() and body.strip():  # "TEXT; for Jess" (Discord's contact option)
        text = f"{name.strip()}: {body.strip()}"
    if text.startswith(ID_PREFIX):  # a button's "check id:c1: TEXT"
        pinned, colon, rest = text[len(ID_PREFIX) :].partition(":")
        head = ID_PREFIX + pinned
    else:
        head, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(head.split()) > 4 or not head.strip():
        return None, "", text
    if fold(head) in LEVELS:
        return None, fold(head), rest.strip()
    found = find_contacts(ctx.store.contacts(ctx.user), head)
    if not found:
        return None, "", text
    contact = resolve(ctx, head, lambda r: f"check {r}: {rest.strip()}", CHECK_EXAMPLE)
    return contact, contact.level, rest.strip()


def check(ctx: Ctx, text: str) -> list[Outbound]:
    if not text.strip():
        raise Problem(
            "Paste the draft or question after the command, with whom it is for if you "
            f"like: {CHECK_EXAMPLE}"
        )
    contact, level, body = _recipient(ctx, text.strip())
    allow = frozenset({"resume"}) if contact is not None and contact.wants_resume else frozenset()
    from bot.coach.check import check_text

    findings = check_text(body, level=level or None, kind="auto", allow=allow)
    who = _checked_for(contact, level)
    if not findings:
        return [
            say(
                f"Looks good{who}: no job ask, no resume, nothing confidential, open and short.",
                run("Your next step", "next"),
            )
        ]
    lines = [f"• {f.problem}\n  “{f.excerpt}” → {f.better}" for f in findings]
    if not contact and not level and ctx.store.contacts(ctx.user):
        lines.append(
            "\nSay whom it is for and I also check it fits their seniority: "
            "/leap check NAME: your text"
        )
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=f"{len(findings)} thing{'s' if len(findings) > 1 else ''} to fix{who}",
                buttons=(run("Your next step", "next"),),
            )
        )
    ]


def _checked_for(contact: Contact | None, level: str) -> str:
    if contact is not None:
        shown = f"{contact.first_name}, {level}" if level else contact.first_name
        return f" (for {shown})"
    return f" (for someone {level})" if level else ""


FEATURE = Feature(
    commands=(
        CommandSpec(
            "goal",
            "/leap goal [TEXT]",
            "what you are deciding; shapes drafts and questions",
            goal,
            examples=("/leap goal changing careers to UX research",),
            params=(Param("text", "e.g. changing careers to UX research", "rest"),),
        ),
        CommandSpec(
            "ask",
            "/leap ask NAME",
            "draft a request for 20 minutes of advice",
            ask,
            examples=("/leap ask Maria", "/leap ask Maria shorter"),
            params=(Param("name", "the contact", "contact", required=True),),
            section="interview",
        ),
        CommandSpec(
            "replied",
            "/leap replied NAME yes|no [; wants resume]",
            "record their answer to a request",
            replied,
            examples=(
                "/leap replied Maria yes",
                "/leap replied Maria yes; wants resume",
                "/leap replied Sam no",
            ),
            params=(
                Param("name", "the contact", "contact", required=True),
                Param("answer", "yes or no", "choice", ("yes", "no"), True),
            ),
            section="interview",
        ),
        CommandSpec(
            "check",
            "/leap check [NAME:] TEXT",
            "review a draft or a question before you send it",
            check,
            examples=(
                "/leap check Are you hiring on your team?",
                "/leap check Jess: What is the budget for your team next year?",
            ),
            params=(
                Param("text", "the draft or question", "rest", required=True),
                Param(
                    "for",
                    "whom it is for (checks it fits their seniority)",
                    "contact",
                    sep="; for ",
                ),
            ),
        ),
    ),
    actions={"objective": _set_objective, "wants-resume": _record_resume_request},
)
