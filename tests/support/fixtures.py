"""The fixtures every test may ask for by name (registered in tests/conftest.py).

- `db`: an open, migrated database: SQLite in the test's temporary folder, or a new PostgreSQL
  database when TEST_DATABASE_URL is set.
- `repo`: the repositories over `db`.
- `telegram_clock`: the clock of Telegram's limits and of the bot's pacing, a hundred times
  faster than real time (a person's chat is not held up by the one-message-a-second rule).
- `emulator`: a running Bot API emulator (Telegram's 30 messages/s limit on, in
  `telegram_clock`'s seconds).
- `bot`: the real Application polling `emulator`, pacing its messages on `telegram_clock`;
  `bot.user()` is a person chatting with it.
- `fast_bot`: the same, with flood control loose enough for users who answer at machine speed.
- `fast_clock`, `paced_bot`: a `fast_bot` whose delivery engine and emulator's 30/s limit run on
  a clock 10 times faster than real time (announcements to many, checked at Telegram's pace).

Start-up work that never changes (sheets, FAQ index, TLS context) is done once per run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from storage import Database, Repository
from tests.support.clock import FastClock
from tests.support.engines import fresh_database
from tests.support.harness import ADMIN_ID, RunningBot, new_emulator, running_bot
from tests.support.startup import start_up_once

TELEGRAM_SPEED = 100  # virtual seconds per real second, for Telegram's limits and the bot's pace


@pytest.fixture(scope="session", autouse=True)
def _start_up_once() -> Iterator[None]:
    """Every bot of the run shares the parsed sheets, the FAQ index and the TLS context."""
    with start_up_once():
        yield


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """An open, migrated database on the engine of the run (see tests/support/engines.py)."""
    async with fresh_database(tmp_path) as target:
        database = await Database.open(target)
        try:
            yield database
        finally:
            await database.close()


@pytest.fixture
def repo(db: Database) -> Repository:
    return Repository(db)


@pytest.fixture
def telegram_clock() -> FastClock:
    """Telegram's limits and the bot's pacing in seconds a hundred times shorter than real ones:
    a notice still waits its second after the last message to the same chat, in a hundredth."""
    return FastClock(TELEGRAM_SPEED)


@pytest.fixture
async def emulator(telegram_clock: FastClock) -> AsyncIterator[BotApiEmulator]:
    async with new_emulator(clock=telegram_clock.now) as emu:
        yield emu


@pytest.fixture
async def bot(tmp_path: Path, emulator: BotApiEmulator,
              telegram_clock: FastClock) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path, emu=emulator, clock=telegram_clock.clock,
                           admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness


@pytest.fixture
async def fast_bot(tmp_path: Path, emulator: BotApiEmulator,
                   telegram_clock: FastClock) -> AsyncIterator[RunningBot]:
    """A bot whose flood control lets simulated users answer faster than people do."""
    async with running_bot(tmp_path, emu=emulator, clock=telegram_clock.clock,
                           flood_limit=10_000, admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness


@pytest.fixture
def fast_clock() -> FastClock:
    return FastClock(10)


@pytest.fixture
async def paced_bot(tmp_path: Path, fast_clock: FastClock) -> AsyncIterator[RunningBot]:
    """A bot whose delivery engine and emulator's 30/s limit both run on `fast_clock`."""
    async with new_emulator(clock=fast_clock.now) as emu, running_bot(
            tmp_path, emu=emu, clock=fast_clock.clock, flood_limit=10_000,
            admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness
