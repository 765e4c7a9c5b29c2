"""The SQLite connection: WAL, foreign keys, secure deletion, migrations on open."""

from __future__ import annotations

import asyncio
import logging
import os
import unicodedata
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite

from storage.busy import retry_locked
from storage.migrate import apply_migrations

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


def search_key(text: str | None) -> str | None:
    """Text as a search compares it: lower case, without Vietnamese marks (đ → d), so that
    "che shan" finds "Chè Shan"."""
    if text is None:
        return None
    text = text.lower()
    if text.isascii():
        return text
    # Decomposed, the marks are separate characters that the ASCII encoding drops (in C: this
    # runs once per row searched). Other scripts are dropped too: callers search such text as
    # it was typed.
    return unicodedata.normalize("NFD", text.replace("đ", "d")).encode("ascii", "ignore").decode()


def has_words(text: str | None, words: str) -> bool:
    """Whether `text` holds every one of `words` (search keys separated by spaces), marks and
    case aside. The SQL function `has_words(text, words)` on every connection: one call a row,
    however many words."""
    key = search_key(text) or ""
    return all(word in key for word in words.split())


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
        async with self._write_lock:
            return await retry_locked(lambda: self._fetch_first(sql, params))

    async def _fetch_first(self, sql: str, params: Sequence[Any] | Mapping[str, Any]
                           ) -> aiosqlite.Row | None:
        async with self.connection.execute(sql, params) as cursor:
            return await cursor.fetchone()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run several statements atomically: all committed, or none."""
        async with self._write_lock:
            await retry_locked(lambda: self.connection.execute("BEGIN IMMEDIATE"))
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
            _create_private(path)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        try:
            for pragma in _PRAGMAS:
                await retry_locked(partial(connection.execute, pragma))
            applied = await apply_migrations(connection)
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
