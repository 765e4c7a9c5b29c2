"""Bar charts drawn on the server as inline SVG: geometry here, drawing in
templates/desk/bar_chart.html.j2. Attributes only (x, y, width, fill, class), never a style
attribute: the content security policy allows no inline style.

Sized for a phone: a 360-unit wide picture is drawn about one to one at 360 px, and grows with
the screen on a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.i18n import Translator
from reports.stats_chart import Bar

WIDTH = 360
ROW_HEIGHT = 46  # a label line, then its bar
COUNT_ROOM = 56  # at the right of the bars, for the counts
BAR_ROOM = WIDTH - COUNT_ROOM


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One bar: its label above, its length in SVG units, its count at the right."""

    label: str
    count: str  # formatted in the reader's locale
    colour: str
    y: int  # the row's top
    length: float


@dataclass(frozen=True, slots=True)
class BarChart:
    rows: tuple[ChartRow, ...]
    width: int = WIDTH
    bar_room: int = BAR_ROOM

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * ROW_HEIGHT

    @property
    def count_x(self) -> int:
        return self.bar_room + 8


def bar_chart(bars: Sequence[Bar], t: Translator) -> BarChart:
    """Lay out `bars` one under the other, the longest filling the room."""
    widest = max((bar.count for bar in bars), default=0) or 1
    return BarChart(tuple(
        ChartRow(bar.label, t.number(bar.count), bar.colour, row * ROW_HEIGHT,
                 round(BAR_ROOM * bar.count / widest, 1))
        for row, bar in enumerate(bars)))
