"""The database engine tests run on: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set.

With `TEST_DATABASE_URL=postgresql://…/postgres` (a throwaway cluster's maintenance database),
every test that asks for a database gets a new one, copied from a template migrated once per
set of migration files, and dropped afterwards.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from storage import Database, Repository
from storage.migrate import POSTGRES_MIGRATIONS

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip() or None
ON_POSTGRES = TEST_DATABASE_URL is not None
_TEMPLATE_LOCK = 0x0C0B_7E57

sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="checks SQLite's own files or locks")


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` instead."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _template_name() -> str:
    digest = hashlib.sha256()
    for path in sorted(POSTGRES_MIGRATIONS.glob("*.sql")):
        digest.update(path.read_bytes())
    return "ocop_template_" + digest.hexdigest()[:12]


async def _ensure_template(admin: object, url: str) -> str:
    """Create and migrate the template database once (xdist workers take turns)."""
    import asyncpg

    from storage.postgres import PostgresDatabase

    assert isinstance(admin, asyncpg.Connection)
    name = _template_name()
    await admin.execute("SELECT pg_advisory_lock($1)", _TEMPLATE_LOCK)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
            database = await PostgresDatabase.connect(with_database(url, name))
            await database.close()
    finally:
        await admin.execute("SELECT pg_advisory_unlock($1)", _TEMPLATE_LOCK)
    return name


@asynccontextmanager
async def fresh_database(tmp_path: Path, name: str = "test") -> AsyncIterator[str | Path]:
    """Where a test's new, migrated database lives: an SQLite file in `tmp_path`, or a new
    PostgreSQL database (dropped afterwards)."""
    if TEST_DATABASE_URL is None:
        yield tmp_path / f"{name}.sqlite3"
        return
    import asyncpg

    admin = await asyncpg.connect(TEST_DATABASE_URL)
    database = f"test_{uuid.uuid4().hex[:20]}"
    try:
        template = await _ensure_template(admin, TEST_DATABASE_URL)
        await admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        yield with_database(TEST_DATABASE_URL, database)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()


@asynccontextmanager
async def two_workers(tmp_path: Path) -> AsyncIterator[tuple[Repository, Repository]]:
    """Two workers' repositories on one new database (of the run's engine)."""
    async with fresh_database(tmp_path) as target:
        one, two = await Database.open(target), await Database.open(target)
        try:
            yield Repository(one), Repository(two)
        finally:
            await one.close()
            await two.close()
