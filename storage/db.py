"""The SQLite connection: WAL, foreign keys, migrations on open."""

from __future__ import annotations

import logging
from pathlib import Path

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
    """One aiosqlite connection shared by the repositories."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

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
