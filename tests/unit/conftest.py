"""Fixtures of the unit tests (beside those of tests/support/fixtures.py)."""

from __future__ import annotations

import pytest

from knowledge.faq.engine import FaqEngine
from tests.support.sheets import official_sheets


@pytest.fixture(scope="session")
def engine() -> FaqEngine:
    """The FAQ engine over the shipped entries and the official sheets, built once per test
    process for the FAQ tests that only ask it (a test that adds entries builds its own)."""
    return FaqEngine.load(sheets=official_sheets())
