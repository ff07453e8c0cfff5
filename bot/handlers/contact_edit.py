"""Adding, editing and removing contacts: ``add``, ``edit``, ``remove`` and their forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot import nudges
from bot.commands import CommandSpec, Feature, Param
from bot.contact_fields import (
    ADD_CLAUSES,
    ADD_EXAMPLE,
    ADD_USAGE,
    ANOTHER,
    EDIT_EXAMPLE,
    EDIT_FIELDS,
    EDIT_USAGE,
    apply_clause,
    apply_clauses,
    describe,
    split_name_org,
)
from bot.context import Ctx, Problem
from bot.handlers.common import contact_by_id, resolve
from bot.models import LEVELS, MET_HOW, Contact
from bot.names import same_person_key, tidy
from bot.parsing import check_name, check_value, fold, ref, split_clauses
from bot.pipeline import next_step, stage_label
from bot.replies import (
    MAX_ACTION_CHARS,
    RUN,
    Button,
    Form,
    FormErrors,
    FormField,
    Message,
    OpenForm,
    Option,
    Outbound,
    Reply,
    Update,
    run,
    say,
)
from bot.wording import cut


def _duplicate(ctx: Ctx, contact: Contact) -> Contact | None:
    for other in ctx.store.contacts(ctx.user):
        if (
            other.id != contact.id
            and fold(other.name) == fold(contact.name)
            and fold(other.org) == fold(contact.org)
        ):
            return other
    return None


def _saved(ctx: Ctx, contact: Contact, headline: str) -> list[Outbound]:
    dup = _duplicate(ctx, contact)
    if dup is not None:
        raise Problem(
            f"You already have {dup.label}. To change their details: "
            f"/leap edit {dup.name}; role NEW ROLE. To add a different person with the same "
            f"name, give their organisation: /leap add {dup.name} at ORG",
            run(f"Show {dup.first_name}", f"show {ref(dup)}"),
        )
    nudges.save_and_replan(ctx, contact)
    step = next_step(contact, ctx.now(), ctx.tz)
    details = describe(contact)
    text = (
        f"{headline}\n{details}\nNext: {step.text}."
        if details
        else f"{headline}\nNext: {step.text}."
    )
    return [say(text, step.button, run("Show all contacts", "contacts"))]


def add(ctx: Ctx, text: str) -> list[Outbound]:
    if not text.strip():
        return [OpenForm(contact_form("add", "Add a contact", None))]
    head, clauses = split_clauses(text)
    another = any(key == ANOTHER for key, _ in clauses)
    clauses = [(k, v) for k, v in clauses if k != ANOTHER]
    name, org = split_name_org(head)
    contact = Contact(
        id=ctx.ids.new("c"),
        name=tidy(check_name(name, ADD_EXAMPLE)),
        created_at=ctx.now(),
        org=check_value("org", org),
    )
    contact = apply_clauses(ctx, contact, clauses, ADD_CLAUSES, ADD_USAGE, ADD_EXAMPLE)
    namesake = None if another else _namesake(ctx, contact)
    if namesake is not None:
        return [_same_or_another(contact, namesake)]
    return _saved(ctx, contact, f"Added {contact.label} — {stage_label(contact.stage)}.")


def _namesake(ctx: Ctx, contact: Contact) -> Contact | None:
    """An existing contact who may be the same person: the same first and last name
    (ignoring case, accents and titles) and no different organisation."""
    key = same_person_key(contact.name)
    for other in ctx.store.contacts(ctx.user):
        if same_person_key(other.name) != key:
            continue
        if not (other.org and contact.org) or fold(other.org) == fold(contact.org):
            return other
    return None


def _add_command(contact: Contact) -> str:
    """The ``add`` command that would create ``contact`` again (for the buttons)."""
    parts = [contact.name + (f" at {contact.org}" if contact.org else "")]
    for key in ("role", "field", "level", "met", "via"):
        if getattr(contact, key):
            value = getattr(contact, key)
            if key == "met" and value == "event" and contact.met_at:
                value = f"at {contact.met_at}"
            parts.append(f"{key} {value}")
    if contact.traditional:
        parts.append("traditional")
    parts += [f"note {n}" for n in contact.notes]
    return "; ".join(parts)


def _same_or_another(contact: Contact, namesake: Contact) -> Reply:
    """Ask before a second contact with the same name is made; the buttons carry the
    command itself (nothing is kept in between), or say what to type when it is too long."""
    again = f"add {_add_command(contact)}; {ANOTHER}"
    details = _add_command(contact).partition("; ")[2]
    update = f"edit {ref(namesake)}; {details}" if details else f"show {ref(namesake)}"
    fits = all(len(RUN) + len(c) + 1 <= MAX_ACTION_CHARS for c in (again, update))
    label = contact.name if len(contact.name) <= 30 else contact.first_name
    text = f"You already have {namesake.label}. Another {contact.name}, or the same person?"
    if not fits:
        text += (
            f"\nFor another person, type the command again ending in “; {ANOTHER}”. For the "
            f"same person, change their details with /leap edit {namesake.first_name}; FIELD VALUE"
        )
        return say(text, run(cut(f"Show {namesake.first_name}", 40), f"show {ref(namesake)}"))
    same = "The same: update" if details else "The same: show"
    return say(text, run(cut(f"Another {label}", 40), again, style="primary"), run(same, update))


def edit(ctx: Ctx, text: str) -> list[Outbound]:
    head, clauses = split_clauses(text)
    contact = resolve(
        ctx,
        head,
        lambda r: f"edit {r}; " + "; ".join(f"{k} {v}".strip() for k, v in clauses),
        EDIT_EXAMPLE,
    )
    if not clauses:
        return [OpenForm(contact_form("edit", cut(f"Edit {contact.first_name}", 24), contact))]
    changed = apply_clauses(ctx, contact, clauses, EDIT_FIELDS, EDIT_USAGE, EDIT_EXAMPLE)
    changes = _changes(contact, changed)
    if not changes:
        return [say(f"Nothing changed for {contact.label}.", run("Show", f"show {ref(contact)}"))]
    changed = replace(changed, updated_at=ctx.now())
    return _saved(ctx, changed, f"Updated {changed.label}: {'; '.join(changes)}.")


def _changes(before: Contact, after: Contact) -> list[str]:
    out = []
    for key in ("name", "org", "role", "field", "level", "met", "met_at", "via", "stage"):
        old, new = getattr(before, key), getattr(after, key)
        if old != new:
            new_shown = stage_label(new) if key == "stage" else new
            label = "event" if key == "met_at" else key
            out.append(f"{label} {old} → {new_shown}" if old else f"{label} → {new_shown}")
    if before.traditional != after.traditional:
        out.append("traditional → " + ("yes" if after.traditional else "no"))
    if len(after.notes) > len(before.notes):
        out.append("note added")
    return out


def remove(ctx: Ctx, text: str) -> list[Outbound]:
    contact = resolve(ctx, text, lambda r: f"remove {r}", "/leap remove Maria")
    return [
        Reply(
            Message(
                f"Remove {contact.label} and everything noted about them? This cannot be undone.",
                buttons=(
                    Button("Yes, remove", "remove", contact.id, "danger"),
                    Button("Keep", "keep", contact.id),
                ),
            )
        )
    ]


def _confirm_remove(ctx: Ctx, contact_id: str) -> list[Outbound]:
    contact = ctx.store.contact(ctx.user, contact_id)
    if contact is None:
        return [Update(Message("That contact was already removed."))]
    ctx.store.delete_contact(ctx.user, contact_id)
    for interview in ctx.store.interviews(ctx.user):
        if interview.contact_id == contact_id:  # "everything noted about them"
            ctx.store.delete_interview(ctx.user, interview.id)
    nudges.forget_contact(ctx, contact_id)
    return [
        Update(Message(f"Removed {contact.label}.", buttons=(run("Show contacts", "contacts"),)))
    ]


def _keep(ctx: Ctx, contact_id: str) -> list[Outbound]:
    contact = ctx.store.contact(ctx.user, contact_id)
    name = contact.label if contact else "the contact"
    return [Update(Message(f"Kept {name}.", buttons=(run("Show contacts", "contacts"),)))]


MORE_ACTION = "contact-more"


def _open_add_form(ctx: Ctx, _value: str) -> list[Outbound]:
    return [OpenForm(contact_form("add", "Add a contact", None))]


def contact_form(form_id: str, title: str, contact: Contact | None) -> Form:
    """The add/edit form, most important fields first (a platform may show only five)."""
    c = contact
    levels = tuple(Option(x, x) for x in LEVELS)
    mets = tuple(Option(x, x) for x in MET_HOW)
    return Form(
        id=form_id,
        title=title,
        context=c.id if c else "",
        fields=(
            FormField("name", "Name", required=True, initial=c.name if c else ""),
            FormField("org", "Organisation", initial=c.org if c else ""),
            FormField("role", "Role", initial=c.role if c else ""),
            FormField(
                "field",
                "Field",
                initial=c.field if c else "",
                hint="e.g. UX research, data science",
            ),
            FormField("level", "Seniority", "choice", choices=levels, initial=c.level if c else ""),
            FormField(
                "met", "How you know them", "choice", choices=mets, initial=c.met if c else ""
            ),
            FormField("via", "Referred by", initial=c.via if c else ""),
            FormField("note", "Note", "long"),
        ),
    )


def _submit(ctx: Ctx, values: Mapping[str, str], context: str) -> list[Outbound]:
    errors: dict[str, str] = {}
    existing = ctx.store.contact(ctx.user, context) if context else None
    if context and existing is None:
        return [say("That contact was removed in the meantime; nothing was saved.")]
    given = values["name"] if "name" in values or existing is None else existing.name
    name = tidy(" ".join(given.split()))  # a form without the name field keeps it
    contact = existing or Contact(id=ctx.ids.new("c"), name=name or "?", created_at=ctx.now())
    if not name:
        errors["name"] = "A name is needed, for example Maria Lopez."
    for key in ("name", "org", "role", "field", "level", "met", "via", "note"):
        if key not in values:
            continue  # a form that could not show a field (Discord: five inputs) keeps it
        value = values[key].strip()
        if key == "name" and not name:
            continue
        if not value and (key in ("note", "name") or existing is None):
            continue
        try:
            cleared: dict[str, Any] = {key: ""}
            contact = (
                apply_clause(ctx, contact, key, value, "") if value else replace(contact, **cleared)
            )
        except Problem as problem:
            errors[key] = problem.text
    if errors:
        return [FormErrors(errors)]
    namesake = _namesake(ctx, contact) if existing is None else None
    if namesake is not None:
        return [_same_or_another(contact, namesake)]
    if existing is None:
        added = _saved(ctx, contact, f"Added {contact.label} — {stage_label(contact.stage)}.")
        return added + _more_details(contact, values)
    changes = _changes(existing, contact)
    headline = (
        f"Updated {contact.label}: {'; '.join(changes)}."
        if changes
        else f"Nothing changed for {contact.label}."
    )
    saved = _saved(ctx, replace(contact, updated_at=ctx.now()), headline)
    return saved + _more_details(contact, values)


def _more_details(contact: Contact, values: Mapping[str, str]) -> list[Outbound]:
    """A platform that showed only part of the form (Discord: five inputs) gets a button
    for the rest, so every field can be filled in by form; it opens a second form."""
    fields = contact_form("edit", "", contact).fields
    rest = [f for f in fields if f.name not in values]
    value = f"{contact.id}|{','.join(f.name for f in rest)}"
    # A form cut short lacks its last fields; other gaps (an unchosen select left out,
    # a shortcut that fills two fields) are no reason to ask for more.
    cut_short = bool(rest) and rest == list(fields[len(fields) - len(rest) :])
    if not cut_short or len(MORE_ACTION) + len(value) + 1 > MAX_ACTION_CHARS:
        return []
    shown = ", ".join(f.label.lower() for f in rest)
    return [
        say(f"You can also add: {shown}.", Button("More details", MORE_ACTION, value, "primary"))
    ]


def _open_more(ctx: Ctx, value: str) -> list[Outbound]:
    """The second form: only the fields the first one could not show."""
    contact_id, _, names = value.partition("|")
    contact = contact_by_id(ctx, contact_id)
    wanted = set(names.split(","))
    full = contact_form("edit", "", contact)
    fields = tuple(f for f in full.fields if f.name in wanted)
    if not fields:
        return [OpenForm(replace(full, title=f"Edit {contact.first_name}"[:24]))]
    title = f"More about {contact.first_name}"[:24]
    return [OpenForm(replace(full, title=title, fields=fields))]


FEATURE = Feature(
    commands=(
        CommandSpec(
            "add",
            ADD_USAGE,
            "add someone to talk to (no details: opens a form)",
            add,
            examples=(
                ADD_EXAMPLE,
                "/leap add Sam Lee; field data science; met friend",
                "/leap add Dr. Ana Ruiz at City Hospital; level executive; traditional",
            ),
            params=(Param("details", "NAME [at ORG]; role …; field …; level …", "rest"),),
            section="contact",
        ),
        CommandSpec(
            "edit",
            EDIT_USAGE,
            "change a contact's details",
            edit,
            examples=(
                EDIT_EXAMPLE,
                "/leap edit Sam; note prefers mornings",
                "/leap edit Maria; stage asked",
            ),
            details="Fields: " + ", ".join(EDIT_FIELDS) + ".",
            params=(
                Param("name", "the contact", "contact", required=True),
                Param("changes", "FIELD VALUE; FIELD VALUE", "rest", sep="; "),
            ),
            section="contact",
        ),
        CommandSpec(
            "remove",
            "/leap remove NAME",
            "remove a contact (asks first)",
            remove,
            examples=("/leap remove Maria",),
            params=(Param("name", "the contact", "contact", required=True),),
            section="contact",
        ),
    ),
    actions={
        "remove": _confirm_remove,
        "keep": _keep,
        "add-form": _open_add_form,
        MORE_ACTION: _open_more,
    },
    forms={"add": _submit, "edit": _submit},
)
