"""A self-assessment's points per part and per criteria group against their maxima, laid out
for an inline SVG (the chat's chart draws the parts; the desk adds the groups under each).

Only geometry and labels here: the template draws the shapes with attributes, no styles.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import Translator
from core.ui import shorten
from knowledge.criteria.model import Sheet
from knowledge.criteria.scoring import Score
from reports import part_name, shown

WIDTH = 360  # viewBox units: about a CSS pixel on a 360 px phone, scaled up on a desktop
BAR_WIDTH = 296
LABEL_HEIGHT = 17
PART_BAR, GROUP_BAR = 14, 10
ROW_GAP = 9
GROUP_TITLE = 40  # characters of a group's title that fit above its bar


@dataclass(frozen=True, slots=True)
class Bar:
    """One row: its label above, the maximum as a pale bar, the points over it."""

    label: str
    value: str
    label_y: int
    y: int
    height: int
    filled: float
    part: bool


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bar_width: int
    bars: tuple[Bar, ...]


def score_bars(t: Translator, sheet: Sheet, score: Score) -> BarChart:
    """A row per part (A, B, C) followed by a row per group of that part."""
    rows: list[tuple[str, float, float, bool]] = []
    for part in sheet.parts:
        rows.append((part_name(t, part.letter), score.parts.get(part.letter, 0.0),
                     part.max_points, True))
        rows.extend((f"{group.code}. {shorten(group.title, GROUP_TITLE)}",
                     score.groups.get(group.code, 0.0), group.max_points, False)
                    for group in part.groups)
    bars, y = [], 0
    for label, points, maximum, is_part in rows:
        bar = _bar(t, label, points, maximum, is_part, y)
        bars.append(bar)
        y = bar.y + bar.height + ROW_GAP
    return BarChart(WIDTH, y, BAR_WIDTH, tuple(bars))


def _bar(t: Translator, label: str, points: float, maximum: float, is_part: bool,
         top: int) -> Bar:
    height = PART_BAR if is_part else GROUP_BAR
    share = min(max(points / maximum, 0.0), 1.0) if maximum else 0.0
    value = f"{t.number(shown(points))}/{t.number(maximum)}"
    return Bar(label, value, label_y=top + LABEL_HEIGHT - 4, y=top + LABEL_HEIGHT,
               height=height, filled=round(share * BAR_WIDTH, 1), part=is_part)
