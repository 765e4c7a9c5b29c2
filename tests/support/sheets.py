"""The official criteria sheets and eligibility conditions, read once per test process.

Reading the 26 sheets costs a quarter of a second of YAML parsing, and a dozen test modules and
every bot the tests start need them. Sheets and conditions are frozen dataclasses, so one read
serves them all (behind a read-only mapping). Tests of the loader itself call
knowledge.criteria.loader directly.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from knowledge.criteria.eligibility import ELIGIBILITY_FILE, Condition, load_conditions
from knowledge.criteria.loader import load_sheets
from knowledge.criteria.model import Sheet


@functools.cache
def sheets_from(directory: Path | None = None) -> dict[int, Sheet]:
    """`load_sheets(directory)`, read once per folder (the bot's start-up uses this too)."""
    return load_sheets(directory)


@functools.cache
def conditions_from(path: Path = ELIGIBILITY_FILE) -> tuple[Condition, ...]:
    """`load_conditions(path)`, read once per file (the bot's start-up uses this too)."""
    return load_conditions(path)


def official_sheets() -> Mapping[int, Sheet]:
    """The 26 official sheets by number (read-only)."""
    return MappingProxyType(sheets_from())


def official_conditions() -> tuple[Condition, ...]:
    """The official eligibility conditions."""
    return conditions_from()
