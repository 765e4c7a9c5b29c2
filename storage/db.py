"""The database both engines offer the repositories: SQLite (embedded, the default) or
PostgreSQL (`DATABASE_URL=postgresql://…`, shared by several workers).

Repositories write their SQL once, with `?` or `:name` placeholders, in the dialect both engines
share; where the dialects differ, the query asks `db.dialect` and says why next to it.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgres"]
Params = Sequence[Any] | Mapping[str, Any]
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class Row(Protocol):
    """A result row (sqlite3.Row or asyncpg.Record): by column name or position."""

    def __getitem__(self, key: str | int, /) -> Any: ...

    def keys(self) -> Iterable[str]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Tx(ABC):
    """The statements of one transaction: committed together when its block ends, or none."""

    dialect: Dialect

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return how many rows it changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement once for each parameter set."""

    @abstractmethod
    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a statement and return its first row."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a statement and return all its rows."""


class Database(ABC):
    """One engine's connection(s), shared by the repositories."""

    dialect: Dialect

    @abstractmethod
    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and return all its rows."""

    @abstractmethod
    async def write(self, sql: str, params: Params = ()) -> Row | None:
        """Run one writing statement (committed at once); return its first row, if any."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """Run several statements atomically: all committed, or none."""

    def locking(self) -> AbstractAsyncContextManager[Any]:
        """A connection for advisory locks, apart from the one queries use (PostgreSQL only)."""
        raise NotImplementedError(f"{self.dialect} has no advisory locks")

    @abstractmethod
    async def forget_erased(self) -> None:
        """Make sure erased personal data leaves no copy in the engine's own files."""

    @abstractmethod
    async def close(self) -> None:
        """Close every connection."""

    @staticmethod
    async def open(target: str | Path) -> Database:
        """Open and migrate the database at `target`: a PostgreSQL URL or an SQLite path."""
        if is_postgres_url(str(target)):
            from storage.postgres import PostgresDatabase  # asyncpg only where it is used

            return await PostgresDatabase.connect(str(target))
        from storage.sqlite import SqliteDatabase

        return await SqliteDatabase.connect(target)


def is_engine_error(error: BaseException) -> bool:
    """Whether `error` was raised by either engine's driver (a write may not have been saved):
    sqlite3's, or asyncpg's (checked by module, so that SQLite alone never imports asyncpg)."""
    return isinstance(error, sqlite3.Error) or type(error).__module__.startswith("asyncpg")


def is_postgres_url(target: str) -> bool:
    """Whether `target` names a PostgreSQL database rather than an SQLite file."""
    return target.startswith(POSTGRES_SCHEMES)


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
