"""The contacts CSV of ``/leap export``: one row per contact, with what their debriefs said.

A spreadsheet is where many users will compare interviews, so the CSV carries the debrief
columns as well: what was learned, the four scores each with the user's words, what to
thank them for, whom they suggested and who suggested them. A contact debriefed more than
once has each column's values joined with `` | ``, oldest first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from bot.models import Contact, Interview
from bot.report import DECISIONS

CONTACT_FIELDS = (
    "name",
    "org",
    "role",
    "field",
    "level",
    "met",
    "via",
    "stage",
    "notes",
    "meeting_at",
    "created_at",
)
DEBRIEF_FIELDS = (
    "debriefed_at",
    "learned",
    *(f for key, _ in DECISIONS for f in (key, f"{key}_words")),
    "thank_for",
    "suggested",
    "referred_by",
)
CSV_FIELDS = (*CONTACT_FIELDS, *DEBRIEF_FIELDS)
JOIN = " | "


def _joined(values: Iterable[str]) -> str:
    return JOIN.join(v for v in values if v)


def contacts_csv(contacts: list[Contact], interviews: list[Interview]) -> str:
    by_contact: dict[str, list[Interview]] = {}
    for interview in sorted(interviews, key=lambda i: i.held_at):
        by_contact.setdefault(interview.contact_id, []).append(interview)
    names = {c.id: c.name for c in contacts}
    rows = io.StringIO()
    writer = csv.DictWriter(rows, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for contact in contacts:
        data = contact.to_dict()
        row = {k: data.get(k) or "" for k in CONTACT_FIELDS}
        row["notes"] = _joined(contact.notes)
        mine = by_contact.get(contact.id, [])
        row["debriefed_at"] = _joined(i.held_at.isoformat() for i in mine)
        row["learned"] = _joined(i.learned for i in mine)
        for key, _ in DECISIONS:
            row[key] = _joined(str(i.scores[key]) for i in mine if key in i.scores)
            row[f"{key}_words"] = _joined(i.answers.get(key, "") for i in mine)
        row["thank_for"] = _joined(i.thanks_for for i in mine)
        suggested = [c.name for c in contacts if c.referred_by == contact.id]
        row["suggested"] = "; ".join(suggested)
        row["referred_by"] = names.get(contact.referred_by, contact.via)
        writer.writerow(row)
    return rows.getvalue()
