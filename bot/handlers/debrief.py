"""``debrief NAME``: a short stored conversation that keeps what the meeting taught.

What they learned, then the four decision questions (words and a 1–5 score each), then
"who else should I talk to?" — each name becomes a new contact referred by this one. The
conversation lives in the store, so it survives a restart; "cancel" stops it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import nudges
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers.common import contact_by_id, resolve
from bot.models import Contact, Conversation, Interview
from bot.parsing import MAX_NAME, fold, ref
from bot.pipeline import next_step, short_date
from bot.replies import Button, Message, Outbound, Reply, run, say
from bot.report import DECISIONS

STEPS = ("learned", *(k for k, _ in DECISIONS), "thanks", "referrals")
SKIP_WORDS = ("skip", "-", "pass", "nothing", "none")
SCORE = re.compile(
    r"^\s*([1-5])(?:\s*/\s*5)?\b\s*[—–:,.-]?\s*|\s*[—–:,(-]?\s*\b([1-5])(?:\s*/\s*5)?"
    r"\)?\s*$"
)
OUT_OF = re.compile(r"\b([1-5])\s*(?:/|out of)\s*5\b", re.IGNORECASE)
NONE_WORDS = ("none", "no one", "nobody", "no", "-", "nothing")


def _question(step: str, name: str) -> Reply:
    if step == "learned":
        return say(
            f"Debrief of your talk with {name}. First: what did you learn? A few lines "
            "in your own words. (Say cancel to stop.)"
        )
    if step == "thanks":
        return Reply(
            Message(
                f"What will you thank {name} for? One short line, said to them — e.g. "
                "“the honest picture of the first year”. It goes into your thank-you; "
                "your notes stay private.",
                buttons=(Button("Skip", "debrief-skip", "thanks"),),
            )
        )
    if step == "referrals":
        return say(
            f"Who else should you talk to, as {name} suggested? Names separated by ; — "
            "add “at ORG” when you know it, e.g. Priya Shah at Globex; Tom Reed. "
            "Or say none."
        )
    question = dict(DECISIONS)[step]
    return Reply(
        Message(
            f"{question} Answer in a few words with a score from 1 (not at all) to 5 (very), "
            "e.g. “4 — my skills fit, I would need more statistics”.",
            buttons=_scores(step),
        )
    )


def has_met(contact: Contact, now: datetime) -> bool:
    """Whether the conversation has happened: a meeting in the past, or a debrief/thanks."""
    if contact.stage in ("met", "thanked"):
        return True
    return contact.meeting_at is not None and contact.meeting_at <= now


def not_met_yet(ctx: Ctx, contact: Contact, then: str) -> list[Outbound]:
    """Steps out of order: ask before debriefing or thanking someone not met yet.
    ``then`` is the command to carry on with ("debrief" or "thanks")."""
    first, r = contact.first_name, ref(contact)
    if contact.meeting_at is not None:
        when = short_date(contact.meeting_at, ctx.tz)
        text = (
            f"Your meeting with {first} is planned for {when}, still ahead. Did you talk already?"
        )
        later = run(f"Not yet — prepare for {first}", f"prep {r}")
    else:
        text = f"You have not met {first} yet — did you talk already?"
        later = next_step(contact, ctx.now(), ctx.tz).button
        later = replace(later, label=f"Not yet — {later.label[0].lower()}{later.label[1:]}"[:75])
    return [
        say(
            text,
            Button("Yes, we talked today", "talked", f"{contact.id}|{then}", "primary"),
            later,
        )
    ]


def _talked(ctx: Ctx, value: str) -> list[Outbound]:
    """“Yes, we talked today”: the meeting is recorded as held now, then the step goes on."""
    contact_id, _, then = value.partition("|")
    contact = contact_by_id(ctx, contact_id)
    now = ctx.now()
    if not has_met(contact, now):
        contact = contact.with_changes(now, stage="met", meeting_at=now)
        nudges.save_and_replan(ctx, contact)
    command = ctx.registry.commands["thanks" if then == "thanks" else "debrief"]
    return command.handler(ctx, ref(contact))


def debrief(ctx: Ctx, text: str) -> list[Outbound]:
    contact = resolve(ctx, text, lambda r: f"debrief {r}", "/leap debrief Maria")
    if not has_met(contact, ctx.now()):
        return not_met_yet(ctx, contact, "debrief")
    running = ctx.store.conversation(ctx.user)
    note: list[Outbound] = []
    if running is not None and running.kind == "debrief":
        if running.data.get("contact") == contact.id:  # resume where it stopped
            return [
                say("Picking up your debrief where you left it."),
                _question(running.step, contact.first_name),
            ]
        other = ctx.store.contact(ctx.user, str(running.data.get("contact", "")))
        if other is not None:
            note = [
                say(
                    f"Your unfinished debrief of {other.first_name} was discarded; "
                    f"run /leap debrief {other.first_name} to start it again."
                )
            ]
    conversation = Conversation("debrief", "learned", ctx.now(), {"contact": contact.id})
    ctx.store.save_conversation(ctx.user, conversation)
    return [*note, _question("learned", contact.first_name)]


def split_score(text: str) -> tuple[str, int | None]:
    """``"4 — great team"`` -> ``("great team", 4)``; no score -> ``(text, None)``.
    "3 out of 5" and "3/5" are read first, anywhere in the text."""
    explicit = OUT_OF.search(text)
    if explicit:
        words = (text[: explicit.start()] + " " + text[explicit.end() :]).strip(" —–-:,")
        return " ".join(words.split()), int(explicit.group(1))
    match = SCORE.search(text)
    if not match:
        return text.strip(), None
    score = int(match.group(1) or match.group(2))
    words = (text[: match.start()] + " " + text[match.end() :]).strip(" —–-:,")
    return words, score


def answer(ctx: Ctx, conversation: Conversation, text: str) -> list[Outbound]:
    data: dict[str, Any] = dict(conversation.data)
    contact = ctx.store.contact(ctx.user, str(data.get("contact", "")))
    if contact is None:
        ctx.store.save_conversation(ctx.user, None)
        return [say("That contact was removed, so the debrief stopped.")]
    step, text = conversation.step, text.strip()
    if not text:
        return [_question(step, contact.first_name)]
    if step == "learned":
        data["learned"] = text[:2000]
    elif step == "thanks":
        data["thanks_for"] = "" if fold(text) in SKIP_WORDS else text[:300]
    elif step == "referrals":
        return _finish(ctx, contact, data, text)
    else:
        words, score = split_score(text)
        if score is None and text.isdigit():
            raise Problem("Scores go from 1 to 5. Try again, e.g. 4 — my skills fit.")
        pending = data.pop("pending", "")
        if score is None:
            data["pending"] = words
            ctx.store.save_conversation(ctx.user, replace(conversation, data=data))
            return [
                Reply(
                    Message(
                        "And a score from 1 (not at all) to 5 (very)?",
                        buttons=_scores(step),
                    )
                )
            ]
        data.setdefault("answers", {})[step] = words or pending
        data.setdefault("scores", {})[step] = score
    following = STEPS[STEPS.index(step) + 1]
    ctx.store.save_conversation(ctx.user, replace(conversation, step=following, data=data))
    if step in dict(DECISIONS):
        return [say(f"Noted: {data['scores'][step]}/5."), _question(following, contact.first_name)]
    return [_question(following, contact.first_name)]


def _scores(step: str) -> tuple[Button, ...]:
    return tuple(Button(str(n), "debrief-score", f"{step}|{n}") for n in range(1, 6))


def _score_clicked(ctx: Ctx, value: str) -> list[Outbound]:
    step, _, value = value.partition("|")
    conversation = ctx.store.conversation(ctx.user)
    if conversation is None or conversation.kind != "debrief" or not value.isdigit():
        raise Problem("That debrief is finished. Start one with /leap debrief NAME.")
    if conversation.step != step:
        raise Problem("That score belongs to an earlier question; answer the current one.")
    data = conversation.data
    return answer(ctx, conversation, f"{value} {data.get('pending', '')}".strip())


def _skip_clicked(ctx: Ctx, value: str) -> list[Outbound]:
    conversation = ctx.store.conversation(ctx.user)
    if conversation is None or conversation.kind != "debrief" or conversation.step != value:
        raise Problem("That question is already answered; answer the current one.")
    return answer(ctx, conversation, "skip")


def _referrals(text: str) -> list[tuple[str, str]]:
    if fold(text) in NONE_WORDS:
        return []
    found = []
    for part in re.split(r"[;\n]|,\s+(?=[A-Z])", text):
        name, sep, org = part.strip().partition(" at ")
        name = " ".join(name.split())
        if name:
            if len(name) > MAX_NAME:
                raise Problem(f"“{name[:30]}…” is too long for a name; separate names with ;")
            found.append((name, org.strip() if sep else ""))
    return found


def _interview_id(contact: Contact, now: datetime) -> str:
    """One interview per meeting: debriefing the same meeting again replaces it."""
    held = contact.meeting_at or now
    return f"i_{contact.id}_{int(held.timestamp() // 60)}"


def _finish(ctx: Ctx, contact: Contact, data: dict[str, Any], text: str) -> list[Outbound]:
    now = ctx.now()
    names = _referrals(text)
    new_ids = []
    known = ctx.store.contacts(ctx.user)
    for name, org in names:
        same = [
            c for c in known if fold(c.name) == fold(name) and (not org or fold(c.org) == fold(org))
        ]
        if same:  # already in the list: link it, don't add a second one
            new_ids.append(same[0].id)
            continue
        referral = Contact(
            id=ctx.ids.new("c"),
            name=name,
            created_at=now,
            org=org,
            field=contact.field,
            via=contact.name,
            referred_by=contact.id,
        )
        ctx.store.save_contact(ctx.user, referral)
        new_ids.append(referral.id)
    interview = Interview(
        id=_interview_id(contact, now),
        contact_id=contact.id,
        held_at=contact.meeting_at or now,
        learned=str(data.get("learned", "")),
        thanks_for=str(data.get("thanks_for", "")),
        answers=dict(data.get("answers", {})),
        scores={k: int(v) for k, v in data.get("scores", {}).items()},
        referrals=tuple(new_ids),
        field=contact.field,
        org=contact.org,
        level=contact.level,
    )
    ctx.store.save_interview(ctx.user, interview)
    stage = "thanked" if contact.stage == "thanked" else "met"
    met = contact.with_changes(now, stage=stage)
    ctx.store.save_conversation(ctx.user, None)
    nudges.save_and_replan(ctx, met)
    scores = " · ".join(
        f"{k} {interview.scores[k]}/5" for k, _ in DECISIONS if k in interview.scores
    )
    added = (
        f"\nThey suggested: {', '.join(n for n, _ in names)} — in your list to ask."
        if names
        else ""
    )
    return [
        say(
            f"Debrief saved for {contact.name}. {scores}.{added}\nNow the thank-you — "
            "today, while it is fresh.",
            run(f"Thank {contact.first_name}", f"thanks {ref(contact)}", style="primary"),
            run("Your report", "report"),
        )
    ]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "debrief",
            "/leap debrief NAME",
            "record what you learned, the four decision questions and who else to talk to",
            debrief,
            examples=("/leap debrief Maria",),
            params=(Param("name", "the contact", "contact", required=True),),
            section="interview",
        ),
    ),
    actions={"debrief-score": _score_clicked, "debrief-skip": _skip_clicked, "talked": _talked},
    conversations={"debrief": answer},
)
