"""The embedded engine: one SQLite file in WAL mode, opened by one process."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import aiosqlite

from storage.busy import retry_locked
from storage.db import Database, Params, Row, Tx, has_words
from storage.migrate import apply_sqlite_migrations

log = logging.getLogger(__name__)

_PRAGMAS = (
    # First: switching to WAL takes a lock, and a second process opening a new database at the
    # same moment must wait for it rather than fail.
    "PRAGMA busy_timeout=5000",
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    # NORMAL in WAL mode survives a process crash (kill -9); only power loss may drop the tail.
    "PRAGMA synchronous=NORMAL",
    # Erased personal data is overwritten with zeros, not left in free pages (python.org builds
    # do not enable this by default).
    "PRAGMA secure_delete=ON",
)


class SqliteTx(Tx):
    """Statements on the shared connection while the write lock is held."""

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._connection.execute(sql, params) as cursor:
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._connection.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._connection.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


class SqliteDatabase(Database):
    """One aiosqlite connection shared by the repositories.

    Every write takes `_write_lock`: on a shared connection, a statement issued by one
    coroutine while another holds an open transaction would silently join (and could be
    rolled back with) that transaction.
    """

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._write_lock = asyncio.Lock()
        self._tx = SqliteTx(connection)

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        return await self._tx.fetch_one(sql, params)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return await self._tx.fetch_all(sql, params)

    async def write(self, sql: str, params: Params = ()) -> Row | None:
        async with self._write_lock:
            return await retry_locked(lambda: self._tx.fetch_one(sql, params))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._write_lock:
            await retry_locked(lambda: self.connection.execute("BEGIN IMMEDIATE"))
            try:
                yield self._tx
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    @classmethod
    async def connect(cls, path: Path | str) -> SqliteDatabase:
        """Open (creating its folder), configure and migrate the database at `path`."""
        path = Path(path)
        if str(path) != ":memory:":
            _create_private(path)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        try:
            for pragma in _PRAGMAS:
                await retry_locked(partial(connection.execute, pragma))
            applied = await apply_sqlite_migrations(connection)
            await connection.create_function("has_words", 2, has_words, deterministic=True)
        except BaseException:
            await connection.close()  # its thread would otherwise keep the process alive
            raise
        if applied:
            log.info("Applied migrations %s to %s", applied, path)
        return cls(connection, path)

    async def forget_erased(self) -> None:
        """Move the WAL into the file and truncate it, so erased data leaves no copy there."""
        async with self._write_lock:
            await self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        """Checkpoint and close the connection."""
        await self.connection.execute("PRAGMA optimize")
        await self.connection.close()


def _create_private(path: Path) -> None:
    """Create the database's folder (0700) and file (0600): they hold personal data."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
