"""Statistics as bars: self-assessments by rank, registrations by status and by commune.

The bars (labels, counts, colours) are shared by /thongke's PNG below and the desk's SVG charts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from core.i18n import N_, Translator
from reports import rank_text
from reports.exports import status_name
from storage.officers import Scope
from storage.stats import RANKS, SUBMITTED_STATUSES, CommuneCount, Statistics

FONT = "DejaVu Sans"  # ships with matplotlib and covers Vietnamese
SIZE_INCHES, DPI = (8.0, 9.0), 100  # 800×900 px
TEXT, MUTED, EMPTY = "#1b1b1b", "#5f6b5f", "#e3e8e3"
RANK_COLOUR, UNRANKED_COLOUR, INELIGIBLE_COLOUR = "#f2a900", "#9e9e9e", "#c62828"
STATUS_COLOURS: dict[str, str] = {
    "submitted": "#1565c0", "info_requested": "#ef6c00", "accepted": "#2e7d32",
    "rejected": "#c62828", "withdrawn": "#9e9e9e",
}
COMMUNE_COLOUR = "#1565c0"
NO_RANK, INELIGIBLE = N_("No rank"), N_("Ineligible")
LISTED_COMMUNES = 10


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    colour: str


def rank_bars(stats: Statistics, t: Translator) -> list[Bar]:
    """Make one bar per rank, then for unranked and ineligible self-assessments."""
    bars = [Bar(rank_text(t, stars), stats.ranks.get(stars, 0), RANK_COLOUR) for stars in RANKS]
    return [*bars, Bar(t(NO_RANK), stats.unranked, UNRANKED_COLOUR),
            Bar(t(INELIGIBLE), stats.rejected, INELIGIBLE_COLOUR)]


def status_bars(stats: Statistics, t: Translator) -> list[Bar]:
    """Make one bar per status of submitted registrations, in the order of their life."""
    return [Bar(status_name(t, s), stats.registrations.get(s, 0), STATUS_COLOURS[s])
            for s in SUBMITTED_STATUSES]


def commune_bars(stats: Statistics, t: Translator, limit: int = LISTED_COMMUNES
                 ) -> tuple[list[Bar], int]:
    """The `limit` communes with the most registrations as bars, and how many others there are."""
    bars = [Bar(commune_label(t, count, stats.scope), count.count, COMMUNE_COLOUR)
            for count in stats.communes[:limit]]
    return bars, max(len(stats.communes) - limit, 0)


def commune_label(t: Translator, count: CommuneCount, scope: Scope | None) -> str:
    """Name the commune, with its province when the list spans provinces."""
    name = count.commune_name or t("(commune not given)")
    if count.province_name and (scope is None or scope.province_code != count.province_code):
        return f"{name}, {count.province_name}"
    return name


def stats_chart_png(stats: Statistics, t: Translator, place: str | None = None) -> bytes:
    """Draw the two panels under the title and, when given, the place they cover."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)  # attaches the Agg canvas to this figure only, not globally
    figure.text(0.04, 0.96, t("OCOP statistics"), fontfamily=FONT, fontsize=22,
                fontweight="bold", color=TEXT, va="center")
    if place:
        figure.text(0.04, 0.925, place[:1].upper() + place[1:], fontfamily=FONT, fontsize=14,
                    color=MUTED, va="center")
    _panel(figure.add_axes((0.34, 0.48, 0.54, 0.36)), t,
           t("Self-assessments: {n}", n=t.number(stats.assessments)), rank_bars(stats, t))
    _panel(figure.add_axes((0.34, 0.04, 0.54, 0.33)), t,
           t("Registrations: {n}", n=t.number(stats.submitted)), status_bars(stats, t))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _panel(axes: Axes, t: Translator, heading: str, bars: Sequence[Bar]) -> None:
    """Horizontal bars, first on top, each labelled on the left and counted on the right."""
    widest = max((bar.count for bar in bars), default=0) or 1
    rows = range(len(bars))
    axes.barh(rows, [widest] * len(bars), height=0.7, color=EMPTY)
    axes.barh(rows, [bar.count for bar in bars], height=0.7, color=[b.colour for b in bars])
    for row, bar in zip(rows, bars, strict=True):
        axes.text(-widest * 0.03, row, bar.label, ha="right", va="center", fontfamily=FONT,
                  fontsize=15, color=TEXT)
        axes.text(widest * 1.03, row, t.number(bar.count), va="center", fontfamily=FONT,
                  fontsize=15, fontweight="bold", color=TEXT)
    axes.set_title(heading, loc="left", x=-0.55, pad=12, fontfamily=FONT, fontsize=17,
                   fontweight="bold", color=MUTED)
    axes.set_xlim(0, widest)
    axes.set_ylim(len(bars) - 0.5, -0.5)
    axes.set_axis_off()
