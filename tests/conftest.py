"""Test layout: tests/unit (fast, no bot), tests/e2e (the real bot on the Bot API emulator, and
`python bot.py` as a process), tests/support (the harness, drivers, fixtures, `vi()`)."""

import os

import pytest
from hypothesis import settings

# PTB's future type for retry_after; opting in silences its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# HYPOTHESIS_PROFILE=thorough: many more examples per property (tests/support/examples.py).
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytest_plugins = ["tests.support.fixtures"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`make test`), start the longest tests first: the real processes
    (`slow`), then the end-to-end ones, then the unit tests, so that no worker is left running a
    long test alone at the end. A plain `pytest` keeps the usual order."""
    if hasattr(config, "workerinput"):
        items.sort(key=_length_class)  # stable: the usual order within each class


def _length_class(item: pytest.Item) -> int:
    if item.get_closest_marker("slow"):
        return 0
    return 1 if "e2e" in item.path.parts else 2
