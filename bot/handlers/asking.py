"""The objective and the ask: ``goal``, ``ask``, ``replied`` and ``check``."""

from __future__ import annotations

from dataclasses import replace

from bot import nudges
from bot.coach import drafts
from bot.coach.check import check_text
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers.common import contact_by_id, resolve
from bot.parsing import choose, fold, ref
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
KEYWORDS = (
    (
        "change-career",
        ("career change", "changing career", "switch", "pivot", "move into", "transition"),
    ),
    ("change-employer", ("employer", "company", "another firm")),
    ("change-job", ("new job", "changing job", "new role", "promotion")),
    ("school", ("school", "degree", "course", "bootcamp", "training", "master", "phd")),
    ("finish-school", ("graduat", "finishing", "final year")),
    ("start-career", ("first job", "start my career", "starting out", "entry")),
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
    findings = check_text(draft.text, level=contact.level or None, kind="draft")
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


def replied(ctx: Ctx, text: str) -> list[Outbound]:
    name, _, answer = text.strip().rpartition(" ")
    if not name:
        raise Problem("Say who and what they answered: /leap replied Maria yes (or no)")
    answer = choose("answer", answer, ("yes", "no"), "/leap replied Maria yes")
    contact = resolve(ctx, name, lambda r: f"replied {r} {answer}", "/leap replied Maria yes")
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
            f"{contact.first_name} said yes. Agree a time: 20 minutes by phone, video or "
            f"in person. Then: /leap schedule {contact.first_name} tomorrow 3pm",
            Button("Schedule it", "schedule-form", contact.id, "primary"),
            run(f"Prepare for {contact.first_name}", f"prep {r}"),
        )
    ]


def check(ctx: Ctx, text: str) -> list[Outbound]:
    if not text.strip():
        raise Problem(
            "Paste the draft or question after the command: /leap check Could you "
            "tell me how you got started in UX research?"
        )
    findings = check_text(text, level=None)
    if not findings:
        return [
            say(
                "Looks good: no job ask, no resume, nothing confidential, open and short.",
                run("Your next step", "next"),
            )
        ]
    lines = [f"• {f.problem}\n  “{f.excerpt}” → {f.better}" for f in findings]
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=f"{len(findings)} thing{'s' if len(findings) > 1 else ''} to fix",
                buttons=(run("Your next step", "next"),),
            )
        )
    ]


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
            "/leap replied NAME yes|no",
            "record their answer to a request",
            replied,
            examples=("/leap replied Maria yes", "/leap replied Sam no"),
            params=(
                Param("name", "the contact", "contact", required=True),
                Param("answer", "yes or no", "choice", ("yes", "no"), True),
            ),
            section="interview",
        ),
        CommandSpec(
            "check",
            "/leap check TEXT",
            "review a draft or a question before you send it",
            check,
            examples=("/leap check Are you hiring on your team?",),
            params=(Param("text", "the draft or question", "rest", required=True),),
        ),
    ),
    actions={"objective": _set_objective},
)
