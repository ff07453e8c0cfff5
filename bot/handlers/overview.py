"""Seeing the whole journey: ``next``, ``report [FIELD|ORG]`` and ``tree``."""

from __future__ import annotations

from collections.abc import Iterable

from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx
from bot.handlers.debrief import DECISIONS
from bot.models import Contact, Interview
from bot.parsing import fold
from bot.pipeline import most_urgent, stage_label
from bot.replies import Message, Outbound, Reply, run, say


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
        say(f"Next: {top.first_name} — {step.text}.", step.button, run("All contacts", "contacts"))
    ]


def _avg(values: Iterable[int]) -> str:
    vals = list(values)
    return f"{sum(vals) / len(vals):.1f}" if vals else "–"


def _signals(interviews: list[Interview], names: dict[str, str]) -> list[str]:
    quotes = [
        (i.scores[k], k, i.answers.get(k, ""), names.get(i.contact_id, "?"))
        for i in interviews
        for k, _ in DECISIONS
        if k in i.scores and i.answers.get(k)
    ]
    if not quotes:
        return []
    best, worst = max(quotes), min(quotes)
    out = [f"Strongest: “{best[2]}” ({best[1]} {best[0]}/5, {best[3]})"]
    if worst != best:
        out.append(f"Weakest: “{worst[2]}” ({worst[1]} {worst[0]}/5, {worst[3]})")
    return out


def _unknowns(interviews: list[Interview]) -> list[str]:
    levels = {i.level for i in interviews}
    gaps = []
    if not levels & {"senior", "executive"}:
        gaps.append("no one senior interviewed yet")
    if not levels & {"junior", "mid"}:
        gaps.append("no one junior or mid-level interviewed yet")
    if len({fold(i.org) for i in interviews if i.org}) < 2:
        gaps.append("only one organisation heard from")
    return gaps


def _section(title: str, interviews: list[Interview], contacts: list[Contact]) -> list[str]:
    names = {c.id: c.name for c in contacts}
    lines = [f"{title} — {len(interviews)} conversation{'s' if len(interviews) != 1 else ''}"]
    lines.append(
        "  "
        + " · ".join(
            f"{key} {_avg(i.scores[key] for i in interviews if key in i.scores)}"
            for key, _ in DECISIONS
        )
    )
    lines += [f"  {s}" for s in _signals(interviews, names)]
    referred = {r for i in interviews for r in i.referrals}
    open_leads = [c.name for c in contacts if c.id in referred and c.stage == "to-ask"]
    if open_leads:
        lines.append("  Open referrals: " + ", ".join(open_leads))
    gaps = _unknowns(interviews)
    if gaps:
        lines.append("  Still unknown: " + "; ".join(gaps))
    return lines


def report(ctx: Ctx, text: str) -> list[Outbound]:
    interviews = ctx.store.interviews(ctx.user)
    contacts = ctx.store.contacts(ctx.user)
    wanted = fold(text)
    if wanted:
        interviews = [
            i
            for i in interviews
            if wanted in (fold(i.field), fold(i.org))
            or (i.field and wanted in fold(i.field))
            or (i.org and wanted in fold(i.org))
        ]
    scope = f" on {text.strip()}" if wanted else ""
    if len(interviews) < 2:
        more = 2 - len(interviews)
        held = f"{len(interviews)} debriefed conversation{'s' if len(interviews) != 1 else ''}"
        return [
            say(
                f"You have {held}{scope}. {more} more would make a comparison meaningful; "
                "three or more, with someone senior and someone newer, is better.",
                run("Your next step", "next"),
            )
        ]
    groups: dict[str, list[Interview]] = {}
    for interview in interviews:
        groups.setdefault(interview.field or "Field not set", []).append(interview)
    lines: list[str] = []
    for field, members in sorted(groups.items()):
        lines += _section(field, members, contacts)
    orgs: dict[str, list[Interview]] = {}
    for interview in interviews:
        if interview.org:
            orgs.setdefault(interview.org, []).append(interview)
    if len(orgs) > 1:
        lines.append(
            "By organisation: "
            + "; ".join(
                f"{org} ({len(m)}): want {_avg(i.scores['want'] for i in m if 'want' in i.scores)}"
                for org, m in sorted(orgs.items())
            )
        )
    goal = f" — {ctx.profile.goal}" if ctx.profile.goal else ""
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=f"What your interviews say{scope}{goal}"[:150],
                buttons=(run("Your network", "tree"), run("Your next step", "next")),
            )
        )
    ]


def tree(ctx: Ctx, _text: str) -> list[Outbound]:
    contacts = ctx.store.contacts(ctx.user)
    if not contacts:
        return [say("No one yet. Start with people you know.", run("Add a contact", "add"))]
    ids = {c.id for c in contacts}
    children: dict[str, list[Contact]] = {}
    for c in contacts:
        if c.referred_by in ids:
            children.setdefault(c.referred_by, []).append(c)
    lines: list[str] = []

    def walk(contact: Contact, depth: int, seen: frozenset[str]) -> None:
        mark = "└ " if depth else "• "
        lines.append("  " * depth + f"{mark}{contact.label} — {stage_label(contact.stage)}")
        for child in children.get(contact.id, []):
            if child.id not in seen:
                walk(child, depth + 1, seen | {child.id})

    for root in (c for c in contacts if c.referred_by not in ids):
        walk(root, 0, frozenset({root.id}))
    return [
        Reply(
            Message(
                "\n".join(lines[:60]),
                title="Who led to whom",
                buttons=(run("Your next step", "next"),),
            )
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec("next", "/leap next", "the single most useful thing to do now", next_command),
        CommandSpec(
            "report",
            "/leap report [FIELD|ORG]",
            "compare what your interviews said",
            report,
            examples=("/leap report", "/leap report UX research"),
            params=(Param("scope", "a field or an organisation"),),
            pages=True,
        ),
        CommandSpec("tree", "/leap tree", "who led to whom in your network", tree, pages=True),
    )
)
