"""Charts described as data: what to draw, never how.

The core builds a ``DecisionChart`` (options × the four questions) or a ``ReferralTree``
(who led to whom) with its alt text; a ``Pictures`` port (``bot/pictures.py``, implemented
in ``adapters/pictures.py``) turns it into a PNG. Every word on the picture is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.models import Contact
from bot.pipeline import stage_label
from bot.report import DECISIONS, QUESTION_LABELS, Report

MAX_OPTIONS = 8  # rows on the decision chart; the text lists every option


@dataclass(frozen=True, slots=True)
class Cell:
    score: float  # the average, 1..5
    count: int  # how many interviews answered


@dataclass(frozen=True, slots=True)
class DecisionChart:
    title: str
    rows: tuple[str, ...]  # option labels
    columns: tuple[str, ...]  # the four questions
    cells: tuple[tuple[Cell | None, ...], ...]  # rows × columns; None: nobody answered
    alt: str


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    stage: str  # a stage key (models.STAGES), which the drawing colours
    stage_label: str
    depth: int  # 0 for people the user found, 1 for their referrals, ...


@dataclass(frozen=True, slots=True)
class Edge:
    parent: str
    child: str


@dataclass(frozen=True, slots=True)
class ReferralTree:
    title: str
    nodes: tuple[Node, ...]  # in reading order: each root, then its referrals, depth first
    edges: tuple[Edge, ...]
    legend: tuple[tuple[str, str], ...]  # (stage key, label) for the stages present
    alt: str


def decision_chart(report: Report, goal: str = "") -> DecisionChart:
    options = report.options[:MAX_OPTIONS]
    rows = tuple(o.label for o in options)
    columns = tuple(QUESTION_LABELS[q] for q, _ in DECISIONS)
    cells = tuple(
        tuple(
            Cell(o.answers[q].average, len(o.answers[q].voices)) if q in o.answers else None
            for q, _ in DECISIONS
        )
        for o in options
    )
    parts = []
    for label, row in zip(rows, cells, strict=True):
        said = [
            f"{col} {cell.score:.1f} from {cell.count}" if cell else f"{col} unknown"
            for col, cell in zip(columns, row, strict=True)
        ]
        parts.append(f"{label}: " + ", ".join(said))
    more = len(report.options) - len(options)
    tail = f" ({more} more options in the text)" if more > 0 else ""
    title = "Your options on the four questions" + (f" — {goal}" if goal else "")
    alt = (
        "Decision chart, scores 1 to 5 with the number of interviews behind each. "
        + "; ".join(parts)
        + "."
        + tail
    )
    return DecisionChart(title[:120], rows, columns, cells, alt)


def referral_tree(contacts: list[Contact]) -> ReferralTree:
    ids = {c.id for c in contacts}
    children: dict[str, list[Contact]] = {}
    for c in contacts:
        if c.referred_by in ids and c.referred_by != c.id:
            children.setdefault(c.referred_by, []).append(c)
    nodes: list[Node] = []
    edges: list[Edge] = []
    placed: set[str] = set()

    def walk(contact: Contact, depth: int) -> None:
        placed.add(contact.id)
        nodes.append(
            Node(contact.id, contact.label, contact.stage, stage_label(contact.stage), depth)
        )
        for child in children.get(contact.id, []):
            if child.id not in placed:
                edges.append(Edge(contact.id, child.id))
                walk(child, depth + 1)

    for root in (c for c in contacts if c.referred_by not in ids):
        walk(root, 0)
    for rest in contacts:  # a referral loop has no root: start it anywhere
        if rest.id not in placed:
            walk(rest, 0)
    by_id = {n.id: n for n in nodes}
    stages = []
    for n in nodes:
        if (n.stage, n.stage_label) not in stages:
            stages.append((n.stage, n.stage_label))
    led = [
        f"{by_id[e.parent].label} led to {by_id[e.child].label}"
        for e in edges
        if e.parent in by_id and e.child in by_id
    ]
    alt = (
        f"Referral tree of {len(nodes)} people. "
        + "; ".join(f"{n.label}: {n.stage_label}" for n in nodes)
        + ". "
        + ("; ".join(led) + "." if led else "Nobody has referred anyone yet.")
    )
    return ReferralTree("Who led to whom", tuple(nodes), tuple(edges), tuple(stages), alt)
