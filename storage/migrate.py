"""Versioned migrations: numbered SQL files applied once each, recorded in schema_version.

Each engine has its own folder (`migrations/sqlite`, `migrations/postgres`) with the same
versions: version N creates the same tables and columns on both, in each dialect's types.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.busy import retry_locked

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_MIGRATIONS = MIGRATIONS_DIR / "sqlite"
POSTGRES_MIGRATIONS = MIGRATIONS_DIR / "postgres"
_NAME_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def discover(directory: Path) -> list[Migration]:
    """List the migration files in version order, rejecting gaps and duplicates."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME_RE.match(path.name)
        if not match:
            raise ValueError(f"Badly named migration file: {path.name}")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"Migration versions must run 1..N without gaps, got {versions}")
    return found


async def current_version(connection: aiosqlite.Connection) -> int:
    """Return the highest applied version (0 for an empty database)."""
    await _ensure_version_table(connection)
    async with connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _ensure_version_table(connection: aiosqlite.Connection) -> None:
    await connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))"
    )


async def apply_sqlite_migrations(
    connection: aiosqlite.Connection, directory: Path = SQLITE_MIGRATIONS
) -> list[int]:
    """Apply every pending migration, each in its own transaction; return the versions applied.

    The version is read inside each migration's write transaction, so that two processes
    opening a new database at once apply each migration exactly once between them.
    """
    applied = []
    for migration in discover(directory):
        if await _apply(connection, migration):
            applied.append(migration.version)
    return applied


async def _apply(connection: aiosqlite.Connection, migration: Migration) -> bool:
    # executescript would COMMIT on its own; run statements one by one inside our transaction.
    await retry_locked(lambda: connection.execute("BEGIN IMMEDIATE"))
    try:
        if await current_version(connection) >= migration.version:
            await connection.execute("ROLLBACK")
            return False
        for statement in _statements(migration.sql):
            await connection.execute(statement)
        await connection.execute(
            "INSERT INTO schema_version (version, name) VALUES (?, ?)",
            (migration.version, migration.name),
        )
    except BaseException:
        await connection.execute("ROLLBACK")
        raise
    await connection.execute("COMMIT")
    return True


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers included)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"Incomplete SQL statement at the end of a migration: {buffer[:60]!r}")
    return statements

