"""The SQLite connection: WAL, foreign keys, migrations on open."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrate import apply_migrations

log = logging.getLogger(__name__)

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    # NORMAL in WAL mode survives a process crash (kill -9); only power loss may drop the tail.
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)


class Database:
    """One aiosqlite connection shared by the repositories.

    Every write takes `_write_lock`: on a shared connection, a statement issued by one
    coroutine while another holds an open transaction would silently join (and could be
    rolled back with) that transaction.
    """

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    async def fetch_one(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
                        ) -> aiosqlite.Row | None:
        """Run a query and return its first row."""
        async with self.connection.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetch_all(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
                        ) -> list[aiosqlite.Row]:
        """Run a query and return all its rows."""
        async with self.connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def write(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
                    ) -> aiosqlite.Row | None:
        """Run one writing statement (committed at once); return its first row, if any."""
        async with self._write_lock, self.connection.execute(sql, params) as cursor:
            return await cursor.fetchone()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run several statements atomically: all committed, or none."""
        async with self._write_lock:
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating its folder), configure and migrate the database at `path`."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        for pragma in _PRAGMAS:
            await connection.execute(pragma)
        applied = await apply_migrations(connection)
        if applied:
            log.info("Applied migrations %s to %s", applied, path)
        return cls(connection, path)

    async def close(self) -> None:
        """Checkpoint and close the connection."""
        await self.connection.execute("PRAGMA optimize")
        await self.connection.close()
