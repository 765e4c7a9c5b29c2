"""Storage on a bad day: two processes on a new file, a held lock, erased data, file modes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from storage.migrate import SQLITE_MIGRATIONS, discover
from storage.sqlite import SqliteDatabase
from tests.support.open_race import open_and_close

BUSY_TIMEOUT_MS = 300
HELD = 1.2  # seconds the lock is held: four times the busy_timeout


@pytest.mark.slow
def test_two_processes_migrate_a_new_database_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for attempt in range(3):
        path = str(tmp_path / f"new{attempt}.sqlite3")
        start = context.Barrier(2)
        workers = [context.Process(target=open_and_close, args=(path, start), daemon=True)
                   for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert [w.exitcode for w in workers] == [0, 0]
        with sqlite3.connect(path) as connection:
            versions = [row[0] for row in connection.execute("SELECT version FROM schema_version")]
        assert versions == [m.version for m in discover(SQLITE_MIGRATIONS)]


@pytest.mark.slow
async def test_a_write_waits_out_a_lock_longer_than_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    database = await SqliteDatabase.connect(path)
    # The lock outlives SQLite's own wait: a short busy_timeout here (the bot's is 5 s) keeps
    # the test short; what is checked is the retrying after SQLite gives up.
    await database.connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # as a backup or another process would
    release = threading.Timer(HELD, holder.execute, args=("COMMIT",))
    release.start()
    try:
        await database.write("INSERT INTO users (id, first_name, first_seen, last_seen)"
                             " VALUES (7, 'A', 'a', 'a')")
    finally:
        release.join()
        holder.close()
    assert await database.fetch_one("SELECT id FROM users WHERE id = 7") is not None
    await database.close()


async def test_erased_rows_are_zeroed_and_the_wal_truncated(tmp_path: Path) -> None:
    path = tmp_path / "erase.sqlite3"
    database = await SqliteDatabase.connect(path)
    secret = "0912-SECRET-PHONE-345678"
    await database.write("INSERT INTO users (id, first_seen, last_seen, first_name)"
                         " VALUES (8, 'a', 'a', ?)", (secret,))
    await database.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    await database.write("DELETE FROM users WHERE id = 8")
    await database.forget_erased()
    row = await database.fetch_one("PRAGMA secure_delete")
    assert row is not None and row[0] == 1
    await database.close()
    for name in (path, Path(f"{path}-wal")):
        if name.exists():
            assert secret.encode() not in name.read_bytes(), name


async def test_the_database_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "private" / "ocop.sqlite3"
    database = await SqliteDatabase.connect(path)
    await database.close()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
