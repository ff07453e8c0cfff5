"""Preparing for the meeting: ``prep`` — a checklist with the guide's conduct advice, the
questions that fit the situation and the contact's level, and the user's own questions
(added, removed, reordered)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from bot.coach.meetings import venue_advice
from bot.coach.questions import pick_questions
from bot.commands import CommandSpec, Feature, Param
from bot.context import Ctx, Problem
from bot.handlers.asking import OBJECTIVES
from bot.handlers.common import contact_by_id, resolve
from bot.models import Contact
from bot.parsing import ref, split_clauses
from bot.replies import (
    Button,
    Form,
    FormErrors,
    FormField,
    Message,
    OpenForm,
    Outbound,
    Reply,
    run,
    say,
)
from bot.wording import cut

PREP_USAGE = "/leap prep NAME [; add QUESTION | ; remove N | ; first N | ; move N to M]"
NO_GOAL = "decide whether this path suits you"


CONDUCT = (
    "If they cannot or will not answer a question, apologise briefly and move on.",
    "If you hear something you did not want to hear, stay positive and thank them: it is "
    "information too.",
    "Be polite and professional throughout, and thank them for their time at the end.",
)
PREP_EDIT_EXAMPLE = "/leap prep Maria; remove 2 (or: first 2, move 3 to 1)"


def prep(ctx: Ctx, text: str) -> list[Outbound]:
    head, clauses = split_clauses(text)
    contact = resolve(ctx, head, lambda r: f"prep {r}", "/leap prep Maria")
    for key, value in clauses:
        if key == "add" and value.strip():
            return _add_question(ctx, contact.id, value.strip())
        if key in ("remove", "first", "move"):
            return _edit_questions(ctx, contact, key, value)
        raise Problem(
            f"To add your own question: {PREP_USAGE}, e.g. /leap prep Maria; "
            f"add What surprised you most in your first year? To remove or reorder: "
            f"{PREP_EDIT_EXAMPLE}"
        )
    objective = ctx.profile.goal or NO_GOAL
    situation = OBJECTIVES.get(ctx.profile.objective, "")
    questions = pick_questions(
        ctx.profile.objective or None, contact.level or None, contact.field or None
    )
    who = contact.role or contact.field or "their work"
    org = f" and {contact.org}" if contact.org else ""
    venue = venue_advice(contact.medium)
    checklist = [
        f"Your objective, in one line: {objective}" + (f" ({situation})." if situation else "."),
        f"Research {contact.first_name} ({who}){org}: profile, recent work, news.",
        (
            f"Bring the resume {contact.first_name} asked for, but no job ask: you are there "
            "for advice."
            if contact.wants_resume
            else "No resume and no job ask: you are there for advice."
        ),
        f"Keep to {contact.meeting_minutes} minutes; offer to stop on time.",
        *([venue] if venue else []),
        *CONDUCT,
        "End with: who else should I talk to?",
    ]
    lines = ["Checklist:"] + [f"☐ {c}" for c in checklist] + ["", "Questions:"]
    lines += [f"{i}. {q.text}" for i, q in enumerate(questions, 1)]
    if contact.my_questions:
        lines += ["", "Your own (the one-hour reminder starts with these):"]
        lines += [f"{i}. {q}" for i, q in enumerate(contact.my_questions, 1)]
        example = PREP_EDIT_EXAMPLE.replace("Maria", contact.first_name)
        lines.append(f"To remove or reorder them: {example}")
    r = ref(contact)
    return [
        Reply(
            Message(
                "\n".join(lines),
                title=f"Prepare for {contact.name}",
                buttons=(
                    run("Debrief afterwards", f"debrief {r}"),
                    Button("Add my question", "question-form", contact.id),
                ),
            )
        )
    ]


def _edit_questions(ctx: Ctx, contact: Contact, key: str, value: str) -> list[Outbound]:
    """``remove N``, ``first N``, ``move N to M`` on the user's own questions."""
    own = list(contact.my_questions)
    if not own:
        raise Problem(
            f"You have no questions of your own for {contact.first_name} yet. Add one: "
            f"/leap prep {contact.first_name}; add What surprised you in your first year?"
        )
    numbers = [int(n) for n in re.findall(r"\d+", value)]
    wanted = 2 if key == "move" else 1
    if len(numbers) != wanted or not all(1 <= n <= len(own) for n in numbers):
        raise Problem(
            f"Give {'two numbers' if wanted == 2 else 'a number'} from 1 to {len(own)} "
            f"(your own questions, as the prep lists them). For example: {PREP_EDIT_EXAMPLE}"
        )
    moved = own.pop(numbers[0] - 1)
    if key == "remove":
        done = f"Removed: “{moved}”"
    else:
        at = 0 if key == "first" else numbers[1] - 1
        own.insert(at, moved)
        done = f"Moved to number {at + 1}: “{moved}”"
    ctx.store.save_contact(ctx.user, contact.with_changes(ctx.now(), my_questions=tuple(own)))
    listed = "\n".join(f"{i}. {q}" for i, q in enumerate(own, 1)) or "(none left)"
    return [
        say(
            f"{done}\nYour own questions for {contact.first_name}:\n{listed}",
            run("See the prep", f"prep {ref(contact)}"),
        )
    ]


def _add_question(ctx: Ctx, contact_id: str, question: str) -> list[Outbound]:
    contact = contact_by_id(ctx, contact_id)
    if len(question) > 300:
        raise Problem("Keep a question under 300 characters — one clear question.")
    from bot.coach.check import check_text  # ~260 patterns: compiled when first needed

    findings = check_text(question, level=contact.level or None, kind="question")
    updated = replace(contact, my_questions=(*contact.my_questions, question))
    ctx.store.save_contact(ctx.user, updated)
    r = ref(contact)
    if not findings:
        return [
            Reply(
                Message(
                    f"Added to your questions for {contact.first_name}. It reads well.",
                    buttons=(run("See the prep", f"prep {r}"),),
                )
            )
        ]
    advice = "\n".join(f"• {f.problem} Try: {f.better}" for f in findings)
    return [
        Reply(
            Message(
                f"Added, but consider rewording it:\n{advice}",
                buttons=(run("See the prep", f"prep {r}"),),
            )
        )
    ]


def question_form(ctx: Ctx, contact_id: str) -> list[Outbound]:
    contact = contact_by_id(ctx, contact_id)
    return [
        OpenForm(
            Form(
                "prep-add",
                cut(f"A question for {contact.first_name}", 24),
                (
                    FormField(
                        "question",
                        "Your question",
                        "long",
                        required=True,
                        hint="What surprised you most in your first year?",
                    ),
                ),
                submit_label="Add",
                context=contact.id,
            )
        )
    ]


def _question_submitted(ctx: Ctx, values: Mapping[str, str], context: str) -> list[Outbound]:
    question = values.get("question", "").strip()
    if not question:
        return [FormErrors({"question": "Write the question you want to ask."})]
    return _add_question(ctx, context, question)


FEATURE = Feature(
    commands=(
        CommandSpec(
            "prep",
            PREP_USAGE,
            "a checklist and questions that fit the person",
            prep,
            examples=(
                "/leap prep Maria",
                "/leap prep Maria; add What surprised you in your first year?",
                "/leap prep Maria; remove 2",
                "/leap prep Maria; first 3",
            ),
            params=(
                Param("name", "the contact", "contact", required=True),
                Param("add", "your own question to add", sep="; add "),
            ),
            section="interview",
        ),
    ),
    actions={"question-form": question_form},
    forms={"prep-add": _question_submitted},
)
