"""Shared fixtures: `bot` is a running bot on the Bot API emulator; `bot.user()` a person."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import RunningBot, running_bot

ADMIN_ID = 900001

# PTB's future type for retry_after; opting in silences its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path, admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness


@pytest.fixture
async def fast_bot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    """A bot whose flood control lets simulated users answer faster than people do."""
    async with running_bot(tmp_path, flood_limit=10_000,
                           admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness
