"""How a sheet's printed lines are quoted on their own: without the heading the decree prints
before its disqualifying conditions, and the star-mark note recognised as such."""

from __future__ import annotations

import re

# "Hồ sơ bị loại khi: Giả mạo hồ sơ…" (sheet 19 prints "Bị loại khi:"): the heading is the
# screen's own, so quoting it again says it twice.
_CONDITIONS_HEADING = re.compile(r"^\s*(?:hồ sơ\s+)?bị loại khi\s*:\s*", re.IGNORECASE)


def condition_without_heading(condition: str) -> str:
    """A disqualifying condition as printed, without a leading 'Hồ sơ bị loại khi:'."""
    rest = _CONDITIONS_HEADING.sub("", condition, count=1)
    return rest[:1].upper() + rest[1:] if rest else condition


def is_star_note(note: str) -> bool:
    """True for the sheets' printed note on what the star marks mean."""
    return note.startswith("Dấu sao là yêu cầu tối thiểu")
