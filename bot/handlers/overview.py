"""Seeing the whole journey: ``next``, ``report [FIELD|ORG]`` and ``tree``."""

from __future__ import annotations

from datetime import datetime

from bot import charts, report
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx
from bot.models import Contact
from bot.pictures import png
from bot.pipeline import KNOWN, most_urgent, next_step, short_day
from bot.replies import Button, Message, Outbound, Reply, run, say
from bot.wording import plural

MAX_OPTIONS_SHOWN = 4
MAX_VOICES = 2
MAX_WORDS = 90


def _stranger_note(contact: Contact) -> str:
    """Why Leap suggests someone the user does not know yet (start with people you know)."""
    if contact.stage != "to-ask" or contact.met in KNOWN:
        return ""
    if contact.via:
        return (
            f" Everyone you know is already asked; {contact.first_name} comes through "
            f"{contact.via}, so mention them in your first line."
        )
    return (
        " Everyone you know is already asked, so this is someone new to you: say how you "
        "found them and keep the request short."
    )


def next_command(ctx: Ctx, _text: str) -> list[Outbound]:
    contacts = ctx.store.contacts(ctx.user)
    if not contacts:
        return [
            say(
                "First step: list someone you already know who does work you are curious "
                "about — a relative, a friend, a former colleague.",
                run("Add a contact", "add", style="primary"),
            )
        ]
    now, tz = ctx.now(), ctx.tz
    top, step = most_urgent(contacts, now, tz)
    if step.urgency <= 1:
        return [
            say(
                "Nothing is waiting on you. Widen the circle: add someone new, or ask the "
                "people you met who else to talk to.",
                run("Add a contact", "add"),
                run("Your network", "tree"),
            )
        ]
    return [
        say(
            f"Next: {top.first_name} — {step.text}.{_stranger_note(top)}",
            step.button,
            run("All contacts", "contacts"),
        )
    ]


def _ago(then: datetime, now: datetime) -> str:
    days = (now - then).days
    if days < 1:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def _day(at: datetime, ctx: Ctx) -> str:
    local = at.astimezone(ctx.tz)
    return f"{local.day} {local:%b}"


def _quote(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= MAX_WORDS else words[: MAX_WORDS - 1].rstrip() + "…"


def _answer_line(question: str, answer: report.Answer | None, ctx: Ctx) -> str:
    label = report.QUESTION_LABELS[question]
    if answer is None:
        return f"  {label}: nobody has answered yet"
    n = len(answer.voices)
    voices = sorted(answer.voices, key=lambda v: v.held_at, reverse=True)[:MAX_VOICES]
    said = "; ".join(
        (f"“{_quote(v.words)}” — " if v.words else "")
        + f"{v.name}, {report.level_label(v.level)}, "
        + _day(v.held_at, ctx)
        for v in voices
    )
    more = f" (+{n - MAX_VOICES} more)" if n > MAX_VOICES else ""
    return f"  {label} {answer.average:.1f} from {n}: {said}{more}"


def _trust(option: report.Option, now: datetime) -> str:
    n = len(option.interviews)
    if not n:
        waiting = len(option.contacts)
        return f"no one interviewed yet; {waiting} in your list"
    levels: dict[str, int] = {}
    for i in option.interviews:
        levels[report.level_label(i.level)] = levels.get(report.level_label(i.level), 0) + 1
    mix = ", ".join(f"{count} {level}" for level, count in levels.items())
    latest = max(i.held_at for i in option.interviews)
    people = f"{n} {'person' if n == 1 else 'people'}"
    return f"{people} ({mix}) · latest {_ago(latest, now)}"


def _option_lines(option: report.Option, ctx: Ctx) -> list[str]:
    lines = [f"{option.label} — {_trust(option, ctx.now())}"]
    if option.interviews:
        lines += [_answer_line(q, option.answers.get(q), ctx) for q, _ in report.DECISIONS]
    for q, answer in option.answers.items():
        pair = answer.spread
        if pair:
            high, low = pair
            lines.append(
                f"  They disagree on {report.QUESTION_LABELS[q]}: "
                f"{high.name} {high.score}, {low.name} {low.score}"
            )
    return lines


def report_command(ctx: Ctx, text: str) -> list[Outbound]:
    contacts = ctx.store.contacts(ctx.user)
    everything = ctx.store.interviews(ctx.user)
    interviews, decided = report.in_hand(everything, ctx.profile.decisions)
    earlier = len(everything) - len(interviews)
    before = (
        f"{plural(earlier, 'conversation')} before your decision of "
        f"{short_day(decided, ctx.tz)} answered that goal (/leap decide lists it)."
        if earlier and decided
        else ""
    )
    scope = " ".join(text.split())
    built = report.build(
        contacts,
        interviews,
        goal=ctx.profile.goal,
        objective=ctx.profile.objective,
        scope=scope,
    )
    on = f" on {scope}" if scope else ""
    if not any(o.interviews for o in built.options):
        since = " since your last decision" if before else ""
        return [
            say(
                f"No debriefed conversation{on}{since} yet. The report starts with your first "
                "debrief: after a meeting, /leap debrief NAME keeps what you learned."
                + (f"\n{before}" if before else ""),
                run("Your next step", "next"),
            )
        ]
    shown = built.options[:MAX_OPTIONS_SHOWN]
    lines: list[str] = []
    for option in shown:
        lines += _option_lines(option, ctx)
    hidden = built.options[MAX_OPTIONS_SHOWN:]
    if hidden:
        lines.append("Also: " + ", ".join(o.label for o in hidden) + " — /leap report NAME.")
    if built.gaps:
        lines.append("Gaps: " + "; ".join(g.text for g in built.gaps[:3]) + ".")
    if before:
        lines.append(before[0].upper() + before[1:])
    buttons: list[Button] = []
    if built.suggestion is not None:
        lines.append("Next conversation: " + built.suggestion.why + ".")
        buttons.append(next_step(built.suggestion.contact, ctx.now(), ctx.tz).button)
    elif built.gaps:
        lines.append(
            "No one in your list can close these gaps: ask the people you met who else to "
            "talk to, or add someone."
        )
        buttons.append(run("Add a contact", "add"))
    buttons += [run("Decide", "decide"), run("Your network", "tree")]
    chart = charts.decision_chart(built, ctx.profile.goal)
    goal = f" — {ctx.profile.goal}" if ctx.profile.goal else ""
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=f"What your interviews say{on}{goal}"[:150],
                buttons=tuple(buttons),
                files=png(ctx.pictures, chart, "decision-chart.png"),
            )
        )
    ]


def tree(ctx: Ctx, _text: str) -> list[Outbound]:
    contacts = ctx.store.contacts(ctx.user)
    if not contacts:
        return [say("No one yet. Start with people you know.", run("Add a contact", "add"))]
    drawn = charts.referral_tree(contacts)
    lines = [
        "  " * n.depth + ("└ " if n.depth else "• ") + f"{n.label} — {n.stage_label}"
        for n in drawn.nodes
    ]
    if len(lines) > 60:
        lines = [*lines[:60], f"… and {len(lines) - 60} more (the picture shows everyone)"]
    return [
        Reply(
            Message(
                "\n".join(lines),
                title="Who led to whom",
                buttons=(run("Your next step", "next"),),
                files=png(ctx.pictures, drawn, "referral-tree.png"),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec("next", "/leap next", "the single most useful thing to do now", next_command),
        CommandSpec(
            "report",
            "/leap report [FIELD|ORG]",
            "compare your options on the four questions, with a chart",
            report_command,
            examples=("/leap report", "/leap report UX research"),
            params=(Param("scope", "a field or an organisation"),),
            pages=True,
        ),
        CommandSpec(
            "tree",
            "/leap tree",
            "who led to whom in your network, with a picture",
            tree,
            pages=True,
        ),
    )
)
