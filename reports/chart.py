"""A bar chart of a score's parts, as a PNG sized for a phone screen."""

from __future__ import annotations

import io
import textwrap

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.i18n import Translator
from knowledge.criteria.model import PART_MAXIMA
from knowledge.criteria.scoring import Score, capping_minima
from reports import part_name, rank_text, score_line, shown

FONT = "DejaVu Sans"  # ships with matplotlib and covers Vietnamese
SIZE_INCHES, DPI = (8.0, 5.0), 100  # 800×500 px
FILLED, EMPTY, TEXT, MUTED = "#2e7d32", "#e3e8e3", "#1b1b1b", "#5f6b5f"
DISQUALIFIED, GOLD, CAPPED = "#b0b0b0", "#f2a900", "#b54708"
PRODUCT_WIDTH = 48  # characters of the product name that fit beside the sheet number


def score_chart_png(score: Score, t: Translator, product: str | None = None) -> bytes:
    """Draw points against the maximum of parts A, B and C, the total and rank above.

    `product`, when given, names the product above the bars (plain text, not escaped).
    """
    buffer = io.BytesIO()
    score_chart(score, t, product).savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def score_chart(score: Score, t: Translator, product: str | None = None) -> Figure:
    """The chart's figure: the total and rank, the product and sheet, why the rank is capped
    when minima cap it, and the parts' bars."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)  # attaches the Agg canvas to this figure only, not globally
    note = _capped_note(t, score)
    axes = figure.add_axes((0.04, 0.04, 0.92, 0.66) if note else (0.04, 0.06, 0.92, 0.72))
    _draw_bars(axes, score, t)
    if note:
        figure.text(0.04, 0.765, note, fontfamily=FONT, fontsize=15, fontweight="bold",
                    color=CAPPED)
    figure.text(0.04, 0.91, score_line(t, score.total, score.stars, score.disqualified),
                fontfamily=FONT, fontsize=24, fontweight="bold", color=TEXT)
    if not score.disqualified:
        figure.text(0.96, 0.91, "★" * score.stars + "☆" * (5 - score.stars), ha="right",
                    fontfamily=FONT, fontsize=26, color=GOLD)
    subtitle = t("OCOP self-assessment · sheet {number}", number=score.sheet)
    if product:
        subtitle = textwrap.shorten(product, PRODUCT_WIDTH, placeholder="…") + " · " + subtitle
    figure.text(0.04, 0.845, subtitle, fontfamily=FONT, fontsize=13, color=MUTED)
    return figure


def _capped_note(t: Translator, score: Score) -> str | None:
    """Why the rank is below what the points give, as the result message's rank line says it;
    None when it is not (a chart shared alone then does not look wrong)."""
    capping = len(capping_minima(score))
    if not capping:
        return None
    # The band is named first: Babel does not extract a plural whose arguments pass `t` on.
    band = rank_text(t, score.band)
    return t.plural("⚠ Points enough for {band}; {n} minimum requirement not met",
                    "⚠ Points enough for {band}; {n} minimum requirements not met",
                    capping, band=band)


def _draw_bars(axes: Axes, score: Score, t: Translator) -> None:
    """One row per part: the maximum as a pale bar, the points over it, the name above."""
    letters = [letter for letter in PART_MAXIMA if letter in score.parts] or list(PART_MAXIMA)
    widest = max(PART_MAXIMA.values())
    colour = DISQUALIFIED if score.disqualified else FILLED
    for row, letter in enumerate(letters):
        maximum, points = PART_MAXIMA[letter], score.parts.get(letter, 0.0)
        axes.barh(row, maximum, height=0.42, color=EMPTY)
        axes.barh(row, points, height=0.42, color=colour)
        name = textwrap.shorten(part_name(t, letter), width=48, placeholder="…")
        axes.text(0, row - 0.3, name, fontfamily=FONT, fontsize=15, color=TEXT, va="bottom")
        axes.text(maximum + widest * 0.015, row,
                  f"{t.number(shown(points))}/{maximum}",
                  fontfamily=FONT, fontsize=16, fontweight="bold", color=TEXT, va="center")
    axes.set_xlim(0, widest * 1.2)
    axes.set_ylim(len(letters) - 0.5, -0.85)  # first part on top, room for its name
    axes.set_axis_off()
