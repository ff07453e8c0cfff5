"""Drawing the core's charts as PNGs with Pillow (the ``bot.pictures.Pictures`` port).

Pillow rather than matplotlib: the charts are a grid of coloured cells and an indented
tree, which need rectangles, lines and text, not plotting. Pillow's wheels bundle FreeType,
so no system binaries are needed. The text is set in Source Sans Pro, shipped as a Python
package (``font-source-sans-pro``, SIL OFL), because Pillow's built-in font has no accented
letters ("José" would lose its é); names in scripts it lacks (CJK) show as boxes, and the
alt text and the message text carry every name. Figures in ARCHITECTURE.md and README
(``bench/charts.py``). Every word drawn comes from the chart data; this module adds none.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, TypeAlias

from bot.charts import Cell, DecisionChart, ReferralTree

if TYPE_CHECKING:  # Pillow loads with the first picture drawn, not with the process
    from PIL import Image, ImageDraw, ImageFont

    Font: TypeAlias = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
INK: RGB = (33, 37, 41)
MUTED: RGB = (108, 117, 125)
RULE: RGB = (222, 226, 230)
EMPTY: RGB = (241, 243, 245)
# 1 (not at all) .. 5 (very): red through amber to green, readable with dark text
SCORE_COLOURS: tuple[RGB, ...] = (
    (248, 183, 177),
    (252, 213, 163),
    (255, 236, 153),
    (196, 231, 170),
    (140, 209, 150),
)
STAGE_COLOURS: dict[str, RGB] = {
    "to-ask": (206, 212, 218),
    "asked": (165, 216, 255),
    "scheduled": (208, 191, 255),
    "met": (255, 216, 168),
    "thanked": (140, 209, 150),
    "declined": (248, 183, 177),
}

PAD = 20
LABEL_WIDTH = 280
CELL_WIDTH = 150
ROW_HEIGHT = 58
TREE_ROW = 28
INDENT = 26


class PillowPictures:
    """Implements ``bot.pictures.Pictures``."""

    def __init__(self) -> None:
        self._fonts: dict[int, Font] = {}

    def font(self, size: int) -> Font:
        if size not in self._fonts:
            self._fonts[size] = _load_font(size)
        return self._fonts[size]

    # -- decision chart ----------------------------------------------------------------
    def decision_chart(self, chart: DecisionChart) -> bytes:
        from PIL import Image, ImageDraw

        width = PAD * 2 + LABEL_WIDTH + CELL_WIDTH * len(chart.columns)
        top = PAD + 34 + 30  # title, then the column heads
        height = top + ROW_HEIGHT * max(1, len(chart.rows)) + 44
        image = Image.new("RGB", (width, height), WHITE)
        draw = ImageDraw.Draw(image)
        draw.text(
            (PAD, PAD), fit(draw, chart.title, self.font(20), width - 2 * PAD), INK, self.font(20)
        )
        for c, column in enumerate(chart.columns):
            x = PAD + LABEL_WIDTH + c * CELL_WIDTH
            head = fit(draw, column, self.font(15), CELL_WIDTH - 8)
            draw.text((x + CELL_WIDTH // 2, top - 12), head, MUTED, self.font(15), anchor="ms")
        for r, (label, row) in enumerate(zip(chart.rows, chart.cells, strict=True)):
            y = top + r * ROW_HEIGHT
            draw.line((PAD, y, width - PAD, y), RULE)
            name = fit(draw, label, self.font(16), LABEL_WIDTH - 12)
            draw.text((PAD, y + ROW_HEIGHT // 2), name, INK, self.font(16), anchor="lm")
            for c, cell in enumerate(row):
                x = PAD + LABEL_WIDTH + c * CELL_WIDTH
                self._cell(draw, (x + 4, y + 4, x + CELL_WIDTH - 4, y + ROW_HEIGHT - 4), cell)
        legend = "Average score 1 (not at all) to 5 (very); under it, how many interviews answered."
        draw.text(
            (PAD, height - 26),
            fit(draw, legend, self.font(13), width - 2 * PAD),
            MUTED,
            self.font(13),
        )
        return png(image)

    def _cell(
        self, draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], cell: Cell | None
    ) -> None:
        x0, y0, x1, y1 = box
        middle = (x0 + x1) // 2
        if cell is None:
            draw.rounded_rectangle(box, 6, fill=EMPTY)
            draw.text((middle, (y0 + y1) // 2), "?", MUTED, self.font(18), anchor="mm")
            return
        shade = SCORE_COLOURS[min(4, max(0, int(cell.score + 0.5) - 1))]  # 4.5 rounds up
        draw.rounded_rectangle(box, 6, fill=shade)
        draw.text((middle, y0 + 20), f"{cell.score:.1f}", INK, self.font(20), anchor="mm")
        count = f"{cell.count} interview" + ("s" if cell.count != 1 else "")
        draw.text((middle, y1 - 10), count, INK, self.font(12), anchor="mm")

    # -- referral tree -----------------------------------------------------------------
    def referral_tree(self, tree: ReferralTree) -> bytes:
        from PIL import Image, ImageDraw

        label_font, stage_font = self.font(15), self.font(12)
        deepest = max((n.depth for n in tree.nodes), default=0)
        probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
        longest = 1400 // MIN_GLYPH  # no label can show more characters than this
        lengths = {n.id: probe.textlength(n.label[:longest], label_font) for n in tree.nodes}
        pills = {label: probe.textlength(label, stage_font) for _s, label in tree.legend}
        widest = max(lengths.values(), default=100)
        width = int(min(1400, max(520, PAD * 2 + deepest * INDENT + widest + 130)))
        top = PAD + 40
        height = top + TREE_ROW * max(1, len(tree.nodes)) + 46
        image = Image.new("RGB", (width, height), WHITE)
        draw = ImageDraw.Draw(image)
        draw.text((PAD, PAD), tree.title, INK, self.font(20))
        row_of = {n.id: i for i, n in enumerate(tree.nodes)}
        depth_of = {n.id: n.depth for n in tree.nodes}
        for edge in tree.edges:  # elbow from the parent's dot down and across to the child
            if edge.parent in row_of and edge.child in row_of:
                px = PAD + depth_of[edge.parent] * INDENT + 6
                py = top + row_of[edge.parent] * TREE_ROW + TREE_ROW // 2
                cy = top + row_of[edge.child] * TREE_ROW + TREE_ROW // 2
                cx = PAD + depth_of[edge.child] * INDENT
                draw.line((px, py, px, cy, cx, cy), MUTED, 2, joint="curve")
        for i, node in enumerate(tree.nodes):
            x = PAD + node.depth * INDENT
            y = top + i * TREE_ROW + TREE_ROW // 2
            colour = STAGE_COLOURS.get(node.stage, EMPTY)
            draw.ellipse((x, y - 6, x + 12, y + 6), fill=colour, outline=MUTED)
            room = width - PAD - x - 130
            label, length = node.label[:longest], lengths[node.id]
            if length > room:
                label = fit(draw, label, label_font, room)
                length = draw.textlength(label, label_font)
            draw.text((x + 20, y), label, INK, label_font, anchor="lm")
            end = x + 28 + length
            pill_width = pills.get(node.stage_label) or draw.textlength(
                node.stage_label, stage_font
            )
            pill = (end, y - 9, end + pill_width + 14, y + 9)
            draw.rounded_rectangle(pill, 9, fill=colour)
            draw.text((pill[0] + 7, y), node.stage_label, INK, stage_font, anchor="lm")
        x = PAD
        for stage, label in tree.legend:
            draw.ellipse(
                (x, height - 30, x + 12, height - 18), fill=STAGE_COLOURS.get(stage, EMPTY)
            )
            draw.text((x + 18, height - 24), label, MUTED, stage_font, anchor="lm")
            x += int(pills[label]) + 40
        return png(image)


def _load_font(size: int) -> Font:
    from PIL import ImageFont

    try:
        import font_source_sans_pro

        folder = font_source_sans_pro.font_directory
        path = os.path.join(folder, "SourceSansPro-Regular.ttf")
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    except (ImportError, OSError):  # the font package is missing: Pillow's own font
        return ImageFont.load_default(size=size)


MIN_GLYPH = 2  # pixels: narrower than any glyph of the fonts and sizes used here


def fit(draw: ImageDraw.ImageDraw, text: str, font: Font, room: float) -> str:
    """``text`` cut with an ellipsis so it fits in ``room`` pixels."""
    text = text[: int(room // MIN_GLYPH) + 1]  # no glyph is narrower: the rest cannot show
    if draw.textlength(text, font) <= room:
        return text
    # The longest prefix that fits, by bisection: a few measurements, whatever the length
    # (cutting one character at a time took minutes for a label of a thousand characters).
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle] + "…", font) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def png(image: Image.Image) -> bytes:
    """PNG with a 64-colour palette: the pictures are flat colour and antialiased text, so a
    fast octree palette keeps them sharp at about a seventh of the RGB size, for no more time
    than encoding the RGB image would take."""
    from PIL import Image

    out = io.BytesIO()
    image.quantize(64, method=Image.Quantize.FASTOCTREE).save(out, "PNG", compress_level=6)
    return out.getvalue()
