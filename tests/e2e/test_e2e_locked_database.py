"""End to end: an answer typed while a backup holds the database is kept, not dropped."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from tests.support.assessment_driver import QUESTION, open_sheet, pass_eligibility
from tests.support.engines import sqlite_only
from tests.support.harness import RunningBot

# The bot waits 5 s for a lock (busy_timeout), then retries; the lock here outlives the wait.
# A shorter busy_timeout on the bot's connection keeps the test short and checks the same thing.
BUSY_TIMEOUT_MS = 300
HELD = 1.2  # seconds: four times the busy_timeout, as a backup may hold it


@sqlite_only
@pytest.mark.slow
async def test_an_answer_typed_during_a_long_lock_is_stored_and_answered(
        fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    first = await pass_eligibility(user, await open_sheet(user, 1))
    assert f"{QUESTION}1/" in first.text
    await fast_bot.services.repo.db.connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    holder = sqlite3.connect(fast_bot.settings.database_path, isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # what a backup or another process does
    release = threading.Timer(HELD, holder.execute, args=("COMMIT",))
    release.start()
    try:
        reply = await user.ask("2", timeout=30.0)
    finally:
        release.join()
        holder.close()
    assert f"{QUESTION}2/" in reply.text
    record = await fast_bot.services.repo.assessments.in_progress_for(user.id)
    assert record is not None
    assert await fast_bot.services.repo.assessments.answers(record.id) == {"1.1": 1}
