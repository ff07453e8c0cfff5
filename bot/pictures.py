"""The pictures port: what the core needs to turn a chart described as data into a PNG.

``adapters/pictures.py`` implements it; the composition root injects it into ``Leap``
like the store. Without one (or when drawing fails) the core sends the text alone: every
picture also has a text fallback and alt text.
"""

from __future__ import annotations

import logging
from typing import Protocol

from bot.charts import DecisionChart, ReferralTree
from bot.replies import File

log = logging.getLogger("leap.pictures")
MAX_ALT = 1000


class Pictures(Protocol):
    def decision_chart(self, chart: DecisionChart) -> bytes:
        """The chart as PNG bytes."""
        ...

    def referral_tree(self, tree: ReferralTree) -> bytes:
        """The tree as PNG bytes."""
        ...


def png(
    pictures: Pictures | None, chart: DecisionChart | ReferralTree, filename: str
) -> tuple[File, ...]:
    """The chart as an attachable PNG with its alt text, or nothing if it cannot be drawn."""
    if pictures is None:
        return ()
    try:
        if isinstance(chart, DecisionChart):
            content = pictures.decision_chart(chart)
        else:
            content = pictures.referral_tree(chart)
    except Exception:  # a picture is a bonus: the text already says it all
        log.exception("drawing %s failed", filename)
        return ()
    return (File(filename, content, "image/png", alt=short_alt(chart.alt)),)


def short_alt(alt: str) -> str:
    """Alt text within what every platform takes (Slack: 1,000 characters, else
    ``alt_txt_too_large``; Discord: 1,024); the message text carries the rest."""
    if len(alt) <= MAX_ALT:
        return alt
    cut = alt[: MAX_ALT - 1]
    return cut[: cut.rfind(";")] + "…" if ";" in cut else cut + "…"
