"""Waiting out another connection's lock: a backup, a second process, a long write.

SQLite's busy_timeout covers most waits, but not every statement calls the busy handler
(switching the journal mode, for one) and a backup may hold the lock for longer. Retrying with
backoff, about 30 s in all, keeps what a user typed instead of dropping it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)

RETRIES = 6
BACKOFF = 0.25  # seconds, doubled on each retry
T = TypeVar("T")


def is_locked(exc: BaseException) -> bool:
    """Whether `exc` is SQLite saying another connection holds the lock."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


async def retry_locked(operation: Callable[[], Awaitable[T]]) -> T:
    """Run `operation`, again after a pause each time the database was locked."""
    for attempt in range(RETRIES):
        try:
            return await operation()
        except sqlite3.OperationalError as exc:
            if not is_locked(exc):
                raise
            log.warning("Database locked; retry %d", attempt + 1)
            await asyncio.sleep(BACKOFF * 2**attempt)
    return await operation()
