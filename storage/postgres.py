"""The shared engine: PostgreSQL through an asyncpg pool, for several workers on one database.

Repositories write `?` and `:name` placeholders; they are rewritten here to PostgreSQL's `$n`
once per distinct statement. Each transaction takes its own pooled connection, so no
process-wide lock is needed: PostgreSQL isolates concurrent transactions itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import asyncpg

from storage.db import Database, Params, Row, Tx
from storage.migrate import POSTGRES_MIGRATIONS, discover

log = logging.getLogger(__name__)

# Connections per worker: queries, and advisory locks (one per update being handled). With
# PostgreSQL's default max_connections (100), three workers fit; raise it for more.
POOL_SIZE = 10
LOCK_POOL_SIZE = 20
# Any fixed number: every worker starting at once waits on it, so one applies each migration.
MIGRATION_LOCK = 0x0C0B_0001
_TOKEN = re.compile(
    r"'(?:[^']|'')*'|\"[^\"]*\"|--[^\n]*|::"
    r"|(?:\?|:(?P<name>[A-Za-z_]\w*))(?P<null>\s+IS\s+(?:NOT\s+)?NULL\b)?",
    re.IGNORECASE)
# How a `$n` gets its value: ("value" | "is null" | "is not null", a position or a name).
ArgSpec = tuple[str, int | str]


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, tuple[ArgSpec, ...]]:
    """`sql` with `$n` placeholders, and where each `$n` takes its value from.

    PostgreSQL cannot type a parameter that is only tested for NULL (`? IS NULL`), so such a
    test becomes a boolean parameter computed here: the value's NULL-ness, known in Python.
    """
    specs: list[ArgSpec] = []
    positional = named = 0

    def number(match: re.Match[str]) -> str:
        nonlocal positional, named
        token = match[0]
        if not token.startswith(("?", ":")) or token == "::":
            return token  # a string, an identifier, a comment or a cast: kept as written
        key: int | str
        if match["name"]:
            key, named = match["name"], named + 1
        else:
            key, positional = positional, positional + 1
        if match["null"]:
            kind = "is not null" if "NOT" in match["null"].upper() else "is null"
            specs.append((kind, key))
            return f"${len(specs)}"
        if ("value", key) not in specs:
            specs.append(("value", key))
        return f"${specs.index(('value', key)) + 1}"

    rewritten = _TOKEN.sub(number, sql)
    if named and positional:
        raise ValueError("A statement mixes ? and :name placeholders")
    return rewritten, tuple(specs)


def arguments(specs: tuple[ArgSpec, ...], params: Params) -> list[Any]:
    """The parameters in `$n` order."""
    if specs and isinstance(specs[0][1], str) and not isinstance(params, Mapping):
        raise TypeError("A statement with :name placeholders needs a mapping of parameters")
    values: Any = params if isinstance(params, Mapping) else list(params)
    out = []
    for kind, key in specs:
        value = values[key]
        out.append(value if kind == "value" else (value is None) == (kind == "is null"))
    return out


def changed_rows(status: str) -> int:
    """The row count in a command status such as 'UPDATE 3' or 'INSERT 0 1'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class PostgresTx(Tx):
    """Statements on one pooled connection inside one transaction."""

    dialect = "postgres"

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Params = ()) -> int:
        statement, specs = translate(sql)
        return changed_rows(await self._connection.execute(statement, *arguments(specs, params)))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        statement, specs = translate(sql)
        await self._connection.executemany(statement, [arguments(specs, row) for row in rows])

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        statement, specs = translate(sql)
        row: Row | None = await self._connection.fetchrow(statement, *arguments(specs, params))
        return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        statement, specs = translate(sql)
        return list(await self._connection.fetch(statement, *arguments(specs, params)))


class PostgresDatabase(Database):
    """A pool of connections to one PostgreSQL database, shared by every worker."""

    dialect = "postgres"

    def __init__(self, pool: asyncpg.Pool, locks: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.locks = locks  # waiting for a turn must not take the connections handlers need
        self.url = url

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self.pool.acquire() as connection:
            return await PostgresTx(connection).fetch_one(sql, params)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self.pool.acquire() as connection:
            return await PostgresTx(connection).fetch_all(sql, params)

    async def write(self, sql: str, params: Params = ()) -> Row | None:
        return await self.fetch_one(sql, params)  # one statement outside a block commits at once

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self.pool.acquire() as connection, connection.transaction():
            yield PostgresTx(connection)

    @asynccontextmanager
    async def locking(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.locks.acquire() as connection:
            yield connection

    @classmethod
    async def connect(cls, url: str) -> PostgresDatabase:
        """Open a pool on `url` and apply pending migrations (once, whoever starts first)."""
        pool = await asyncpg.create_pool(url, min_size=1, max_size=POOL_SIZE,
                                         command_timeout=60)
        try:
            applied = await apply_postgres_migrations(pool)
        except BaseException:
            await pool.close()
            raise
        if applied:
            log.info("Applied migrations %s to PostgreSQL", applied)
        locks = await asyncpg.create_pool(url, min_size=1, max_size=LOCK_POOL_SIZE)
        return cls(pool, locks, url)

    async def forget_erased(self) -> None:
        """Nothing to do at once: autovacuum reclaims erased rows' dead copies in the files."""

    async def close(self) -> None:
        await self.locks.close()
        await self.pool.close()


async def apply_postgres_migrations(pool: asyncpg.Pool) -> list[int]:
    """Apply every pending migration in one transaction, under an advisory lock: workers
    starting together wait for the first, then find nothing left to do."""
    applied = []
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY,"
            " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        current = await connection.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        for migration in discover(POSTGRES_MIGRATIONS):
            if migration.version > current:
                await connection.execute(migration.sql)
                await connection.execute(
                    "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                    migration.version, migration.name)
                applied.append(migration.version)
    return applied
