"""``decide OPTION; why …``: close the goal with the decision and the evidence it rests on.

The decision is kept in the profile with the goal it answers, the date, the report's
evidence for the chosen option and who helped; the goal is set aside (``/leap goal`` starts
a new one, and ``/leap decide`` lists the old ones). Leap then offers a short update for
everyone who helped: "I decided to …, thanks to you".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import report
from bot.coach.drafts import second_person
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.models import Contact
from bot.parsing import fold
from bot.pipeline import short_day
from bot.replies import Button, Message, Outbound, Reply, run, say

MAX_WHY = 300
MAX_UPDATES = 10


def _match(options: tuple[report.Option, ...], wanted: str) -> report.Option | None:
    """The option the user named: exact, else the one that starts so, else contains it."""
    folded = fold(wanted)
    exact = [o for o in options if folded in (fold(o.label), o.key)]
    starts = [o for o in options if fold(o.label).startswith(folded) or o.key == folded]
    inside = [o for o in options if folded in fold(o.label)]
    for found in (exact, starts, inside):
        if len(found) == 1:
            return found[0]
    return None


def _evidence(option: report.Option | None) -> list[str]:
    """What the report said for the chosen option: a line per question answered."""
    if option is None:
        return []
    lines = []
    for key, _ in report.DECISIONS:
        answer = option.answers.get(key)
        if answer is None:
            lines.append(f"{report.QUESTION_LABELS[key]}: nobody answered")
            continue
        quotes = "; ".join(f"“{v.words}” ({v.name})" for v in answer.voices if v.words)
        lines.append(
            f"{report.QUESTION_LABELS[key]} {answer.average:.1f} from {len(answer.voices)}"
            + (f": {quotes}" if quotes else "")
        )
    return lines


def _helpers(ctx: Ctx) -> list[Contact]:
    """Everyone the user talked with (debriefed or met), in the order they were added."""
    held, since = report.in_hand(ctx.store.interviews(ctx.user), ctx.profile.decisions)
    talked = {i.contact_id for i in held}
    met = ("met", "thanked") if since is None else ()  # after a decision: debriefs only
    return [c for c in ctx.store.contacts(ctx.user) if c.id in talked or c.stage in met]


def _past(decisions: tuple[dict[str, Any], ...], ctx: Ctx) -> list[str]:
    lines = []
    for d in reversed(decisions):
        day = short_day(datetime.fromisoformat(d["decided_at"]), ctx.tz)
        goal = f" (goal: {d['goal']})" if d.get("goal") else ""
        why = f" — {d['why']}" if d.get("why") else ""
        lines.append(f"• {day}: {d['decision']}{goal}{why}")
    return lines


def decide(ctx: Ctx, text: str) -> list[Outbound]:
    chosen, _, why = text.partition(";")
    chosen, why = " ".join(chosen.split()), " ".join(why.split())
    why = why.removeprefix("why").strip(" :—-") if fold(why).startswith("why") else why
    built = report.build(
        ctx.store.contacts(ctx.user),
        report.in_hand(ctx.store.interviews(ctx.user), ctx.profile.decisions)[0],
        goal=ctx.profile.goal,
        objective=ctx.profile.objective,
    )
    if not chosen:
        heard = [o for o in built.options if o.interviews]
        past = _past(ctx.profile.decisions, ctx)
        lines = [
            "Say what you decided and why, in one line: /leap decide UX research; the work "
            "suits me and Maria's team is hiring juniors next year."
        ]
        if heard:
            lines.append("Your options so far: " + ", ".join(o.label for o in heard) + ".")
        if past:
            lines += ["Decisions you made before:", *past]
        return [
            say(
                "\n".join(lines),
                run("Your report first", "report"),
                *(run(f"I choose {o.label}"[:75], f"decide {o.label}"[:80]) for o in heard[:3]),
            )
        ]
    if len(chosen) > 120 or len(why) > MAX_WHY:
        raise Problem(
            "Keep it short: the option in a few words, then ; and why in a sentence or two. "
            "For example: /leap decide UX research; the work suits me."
        )
    option = _match(built.options, chosen)
    decision = option.label if option else chosen
    helped = _helpers(ctx)
    record: dict[str, Any] = {
        "goal": ctx.profile.goal,
        "objective": ctx.profile.objective,
        "decision": decision,
        "why": why,
        "decided_at": ctx.now().isoformat(),
        "evidence": _evidence(option),
        "helped": [c.id for c in helped],
    }
    ctx.save_profile(
        replace(ctx.profile, decisions=(*ctx.profile.decisions, record), goal="", objective="")
    )
    evidence = record["evidence"]
    lines = [f"Decided: {decision}" + (f" — {why}" if why else "") + "."]
    if option is None:
        lines.append("None of your interviews was about that option, so no evidence is kept.")
    else:
        lines += ["It rests on:", *(f"  {line}" for line in evidence)]
    if not why:
        lines.append("(Add why next time after a ; — your future self will want to know.)")
    lines.append(
        "Your goal is set aside; /leap goal starts a new one, and /leap decide lists this one."
    )
    buttons: list[Button] = [run("Start a new goal", "goal")]
    if helped:
        lines.append(
            f"{len(helped)} {'person' if len(helped) == 1 else 'people'} helped you decide: "
            "a short update, with thanks, keeps the door open."
        )
        buttons.insert(0, Button("Draft the updates", "decide-updates", "last", "primary"))
    return [Reply(Message("\n".join(lines), title="Your decision", buttons=tuple(buttons)))]


def _update(contact: Contact, decision: str, thanks_for: str, me: str) -> str:
    said = second_person(thanks_for)
    because = f" — {said} made a real difference" if said else ""
    return (
        f"Hi {contact.first_name}, a quick update: I decided on {decision}, thanks to you"
        f"{because}. I am grateful for the time you gave me.\n{me or '[your name]'}"
    )


def _updates(ctx: Ctx, _value: str) -> list[Outbound]:
    if not ctx.profile.decisions:
        raise Problem("There is no decision yet: /leap decide OPTION; why …")
    last = ctx.profile.decisions[-1]
    thanks_for: dict[str, str] = {}
    for interview in sorted(ctx.store.interviews(ctx.user), key=lambda i: i.held_at):
        if interview.thanks_for:
            thanks_for[interview.contact_id] = interview.thanks_for
    people = [c for c in ctx.store.contacts(ctx.user) if c.id in set(last.get("helped", ()))]
    if not people:
        raise Problem("Nobody is left to update: the people who helped were removed.")
    me = ctx.profile.display_name or ctx.actor.display_name
    drafts = [
        f"To {c.name}:\n{_update(c, last['decision'], thanks_for.get(c.id, ''), me)}"
        for c in people[:MAX_UPDATES]
    ]
    more = len(people) - MAX_UPDATES
    tail = [f"… and {more} more in the same words."] if more > 0 else []
    return [
        Reply(
            Message(
                "\n\n".join([*drafts, *tail]),
                title="Updates to send, one each, the way you usually write to them",
                buttons=(run("Start a new goal", "goal"),),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "decide",
            "/leap decide OPTION; why …",
            "record your decision and what it rests on; close the goal",
            decide,
            examples=("/leap decide UX research; the work suits me", "/leap decide"),
            params=(Param("decision", "what you decided; why"),),
        ),
    ),
    actions={"decide-updates": _updates},
)
