"""``home``: where the user stands at a glance (the Slack App Home shows it)."""

from __future__ import annotations

from bot.commands import CommandSpec, Feature
from bot.context import Ctx
from bot.nudge_kinds import label
from bot.pipeline import most_urgent, short_date, stage_counts
from bot.replies import Message, Outbound, Reply, run


def home(ctx: Ctx, _text: str) -> list[Outbound]:
    contacts = ctx.store.contacts(ctx.user)
    now, tz = ctx.now(), ctx.tz
    lines = [
        f"Goal: {ctx.profile.goal}"
        if ctx.profile.goal
        else "Goal: not set yet — /leap goal TEXT says what you are deciding."
    ]
    if not contacts:
        lines.append("No contacts yet. Start with someone you already know.")
        return [
            Reply(
                Message(
                    "\n".join(lines),
                    title="Leap",
                    buttons=(
                        run("Add a contact", "add", style="primary"),
                        run("How it works", "help"),
                    ),
                )
            )
        ]
    lines.append("Pipeline — " + " · ".join(f"{s}: {n}" for s, n in stage_counts(contacts)))
    top, step = most_urgent(contacts, now, tz)
    lines.append(f"Next: {top.first_name} — {step.text}.")
    upcoming = sorted(
        (n for n in ctx.store.nudges(ctx.user) if n.state == "planned"), key=lambda n: n.due_at
    )[:3]
    if upcoming:
        lines.append(
            "Coming up: "
            + "; ".join(f"{label(n.kind)} {short_date(n.due_at, tz)}" for n in upcoming)
        )
    return [
        Reply(
            Message(
                "\n".join(lines),
                title="Leap",
                buttons=(
                    step.button,
                    run("Your contacts", "contacts"),
                    run("Add a contact", "add"),
                ),
            )
        )
    ]


FEATURE = Feature(
    commands=(CommandSpec("home", "/leap home", "where you stand at a glance", home, hidden=True),)
)
