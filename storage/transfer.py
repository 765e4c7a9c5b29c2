"""Move an SQLite database into PostgreSQL, once, when a deployment grows to several workers:

    python -m storage.transfer SQLITE_PATH POSTGRES_URL

Stop the bot first. The target is migrated, must be empty, and receives every table in one
transaction: all rows, or none. The SQLite file is only read.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

from storage.db import is_postgres_url
from storage.migrate import SQLITE_MIGRATIONS, discover
from storage.postgres import PostgresDatabase, changed_rows

BATCH = 5000  # rows read from SQLite at a time, streamed into one COPY per table
COPY_TIMEOUT = 3600.0  # seconds per table: the pool's 60 s command timeout is for the bot
SKIPPED = "schema_version"  # each engine keeps its own; the target's was written by migrating
# The only declared types the migrations use, and what the PostgreSQL migrations make of them:
# the values pass unchanged.
POSTGRES_TYPE = {"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text"}


class TransferRefused(Exception):
    """Why the transfer did not start, in one line for the person running it."""


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, PostgreSQL type), in the table's order
    references: frozenset[str]  # the other tables its foreign keys point at

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


async def transfer(sqlite_path: Path, postgres_url: str) -> dict[str, int]:
    """Copy every table of `sqlite_path` into the empty database at `postgres_url`; return
    the rows copied per table, in the order they were copied."""
    if not is_postgres_url(postgres_url):
        raise TransferRefused("The target must be a PostgreSQL URL (postgresql://…)")
    source = await open_source(sqlite_path)
    try:
        tables = await source_tables(source)
        target = await PostgresDatabase.connect(postgres_url)
        try:
            async with target.pool.acquire() as connection, connection.transaction():
                await check_target(connection, tables)
                counts = {t.name: await copy_table(source, connection, t) for t in tables}
                await reset_identities(connection)
        finally:
            await target.close()
    finally:
        await source.close()
    return counts


async def open_source(path: Path) -> aiosqlite.Connection:
    """The SQLite file, opened read-only, once its schema is known to be the latest."""
    if not path.is_file():
        raise TransferRefused(f"No SQLite database at {path}")
    connection = await aiosqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        await check_version(connection, path)
    except BaseException:
        await connection.close()
        raise
    return connection


async def check_version(connection: aiosqlite.Connection, path: Path) -> None:
    """Refuse a file whose migrations differ from this code's: the tables would not match."""
    latest = len(discover(SQLITE_MIGRATIONS))
    try:
        async with connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version"
                                      ) as cursor:
            row = await cursor.fetchone()
    except sqlite3.DatabaseError:
        raise TransferRefused(f"{path} is not a database of this bot") from None
    version = int(row[0]) if row else 0
    if version < latest:
        raise TransferRefused(
            f"{path} has schema version {version}, this code {latest}: start the bot once on"
            " it (DATABASE_PATH) so that it migrates the file, stop it, then transfer again")
    if version > latest:
        raise TransferRefused(
            f"{path} has schema version {version}, newer than this code's {latest}:"
            " run the transfer from the bot's newer version")


async def source_tables(connection: aiosqlite.Connection) -> list[Table]:
    """The SQLite file's tables (its own bookkeeping aside), each after those it refers to."""
    async with connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name <> ? ORDER BY name", (SKIPPED,)) as cursor:
        names = [row[0] for row in await cursor.fetchall()]
    tables = {name: await describe(connection, name) for name in names}
    # A table's references to itself (an outbox edit to its original) are met by row order.
    order = TopologicalSorter({
        name: table.references & tables.keys() - {name} for name, table in tables.items()})
    return [tables[name] for name in order.static_order()]


async def describe(connection: aiosqlite.Connection, name: str) -> Table:
    """One SQLite table's columns, in PostgreSQL's types, and the tables it refers to."""
    async with connection.execute(f"PRAGMA table_info({quoted(name)})") as cursor:
        columns = tuple((row[1], POSTGRES_TYPE.get(row[2].upper(), row[2]))
                        for row in await cursor.fetchall())
    async with connection.execute(f"PRAGMA foreign_key_list({quoted(name)})") as cursor:
        references = frozenset(row[2] for row in await cursor.fetchall())
    return Table(name, columns, references)


async def check_target(connection: Any, tables: Sequence[Table]) -> None:
    """Refuse unless the target has the same tables, column for column, and no rows."""
    target = await target_columns(connection)
    for table in tables:
        if target.get(table.name) != table.columns:
            raise TransferRefused(
                f"Table {table.name} differs between the SQLite file and PostgreSQL:"
                " both must be at the same schema version of this code")
    if extra := sorted(target.keys() - {t.name for t in tables}):
        raise TransferRefused(f"PostgreSQL has tables the SQLite file lacks: {', '.join(extra)}")
    filled = [t.name for t in tables
              if await connection.fetchval(f"SELECT EXISTS (SELECT 1 FROM {quoted(t.name)})")]
    if filled:
        raise TransferRefused(
            f"The PostgreSQL database already holds data ({', '.join(filled)}):"
            " transfer only into a new, empty database")


async def target_columns(connection: Any) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every table of the target's schema (its schema_version aside) → its columns."""
    rows = await connection.fetch(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
        " JOIN information_schema.tables t USING (table_schema, table_name)"
        " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
        " AND c.table_name <> $1 ORDER BY c.table_name, c.ordinal_position", SKIPPED)
    tables: dict[str, tuple[tuple[str, str], ...]] = {}
    for row in rows:
        tables[row["table_name"]] = (*tables.get(row["table_name"], ()),
                                     (row["column_name"], row["data_type"]))
    return tables


async def copy_table(source: aiosqlite.Connection, connection: Any, table: Table) -> int:
    """Stream one table's rows, in insertion order, into PostgreSQL; return how many."""
    status = await connection.copy_records_to_table(
        table.name, records=rows_of(source, table), columns=table.column_names,
        timeout=COPY_TIMEOUT)
    return changed_rows(status)


async def rows_of(source: aiosqlite.Connection, table: Table) -> AsyncIterator[tuple[Any, ...]]:
    """A table's rows as tuples, read in batches (rowid order: a row an earlier one refers
    to in the same table comes first)."""
    columns = ", ".join(quoted(name) for name in table.column_names)
    async with source.execute(f"SELECT {columns} FROM {quoted(table.name)} ORDER BY rowid"
                              ) as cursor:
        while batch := await cursor.fetchmany(BATCH):
            for row in batch:
                yield tuple(row)


async def reset_identities(connection: Any) -> None:
    """Move every identity column's sequence past the ids copied, so new rows do not collide
    (setval ignores a NULL maximum: an empty table's sequence stays at its start)."""
    identities = await connection.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'")
    for row in identities:
        table, column = quoted(row["table_name"]), quoted(row["column_name"])
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence($1, $2), MAX({column})) FROM {table}",
            table, row["column_name"])


def quoted(identifier: str) -> str:
    """An identifier as SQL names it, whatever characters it holds."""
    return '"' + identifier.replace('"', '""') + '"'


def report(counts: dict[str, int]) -> str:
    """One line per table with its row count, then the total."""
    width = max(map(len, counts), default=0)
    lines = [f"{name:<{width}}  {count:>9}" for name, count in counts.items()]
    lines.append(f"{sum(counts.values())} rows in {len(counts)} tables copied into PostgreSQL;"
                 " identity sequences reset")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m storage.transfer",
        description="Copy the bot's SQLite database into a new, empty PostgreSQL database.")
    parser.add_argument("sqlite_path", type=Path, help="the SQLite file (DATABASE_PATH)")
    parser.add_argument("postgres_url", help="postgresql://user:password@host:5432/ocop")
    args = parser.parse_args(argv)
    try:
        counts = asyncio.run(transfer(args.sqlite_path, args.postgres_url))
    except TransferRefused as refused:
        print(f"transfer refused: {refused}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        print(f"transfer failed, no row was copied: {error}", file=sys.stderr)
        return 1
    print(report(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
