"""The one parser for numbers people type or buttons carry: ASCII digits only, length-capped.

`str.isdigit()` accepts "²" and other scripts' digits, which `int()` then rejects, and `int()` of
a 4,300-digit string raises; both used to crash handlers. Everything numeric goes through here.
"""

from __future__ import annotations

import re

MAX_DIGITS = 9
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def parse_number(text: str | None, low: int = 0, high: int = 10**MAX_DIGITS - 1) -> int | None:
    """The whole number in `text` (spaces around allowed) if it lies in [low, high], else None."""
    stripped = (text or "").strip()
    if not _NUMBER.fullmatch(stripped):
        return None
    value = int(stripped)
    return value if low <= value <= high else None
