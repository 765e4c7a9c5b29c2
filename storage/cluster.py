"""What several workers on one database agree through it: a user's turn, updates already
handled, work only one of them may run at a time, and who is alive.

On SQLite there is one process: turns are kept by the process itself (core/updates.py), and
every exclusive job is its own. On PostgreSQL, advisory locks do it. They are held on
connections of a pool of their own, so that a worker waiting for a turn never holds a
connection its handlers need (that could starve the main pool).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from storage.db import Database, Tx
from storage.users import utcnow


class Turn(StrEnum):
    """What became of an update before its turn came (again)."""

    NEW = "new"
    APPLIED = "applied"  # a worker stored its effect, then died before it finished: reply only
    DONE = "done"


# A worker not seen for this long is gone. Long beside the 1 s heartbeat: a busy worker's late
# heartbeat must not get it counted out while it still sends at its share.
ALIVE = timedelta(seconds=10)
KEEP_HANDLED = timedelta(days=2)  # Telegram keeps an update for at most 24 h


def stamp(moment: datetime) -> str:
    """A stored UTC time, to the millisecond (heartbeats come every second)."""
    return moment.isoformat(timespec="milliseconds")


class ClusterRepo:
    """This worker's view of the others."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.worker = uuid.uuid4().hex[:12]
        self._turns: dict[int | None, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def turn(self, update_id: int, key: int | None) -> AsyncIterator[Turn]:
        """Hold `key`'s turn (a user or chat) while an update is handled; yield what became of
        the update before. It is recorded as done when the block ends without an error."""
        if self._db.dialect == "sqlite":
            async with self._local_turn(key):
                row = await self._db.fetch_one(_STATE, (update_id,))
                yield Turn(row["state"]) if row else Turn.NEW
                await self._db.write(_DONE, (update_id, utcnow()))
            return
        from storage.postgres import PostgresTx  # asyncpg only where it is used

        async with self._db.locking() as connection, connection.transaction():
            tx = PostgresTx(connection)
            if key is not None:
                # Held until this transaction ends: at commit, or when the worker dies.
                await tx.execute("SELECT pg_advisory_xact_lock(hashtextextended('turn:' || ?, 0))",
                                 (str(key),))
            row = await tx.fetch_one(_STATE, (update_id,))
            yield Turn(row["state"]) if row else Turn.NEW
            await tx.execute(_DONE, (update_id, utcnow()))

    @asynccontextmanager
    async def _local_turn(self, key: int | None) -> AsyncIterator[None]:
        """The one process's own turns (SQLite): a retried delivery waits for the first."""
        lock, waiting = self._turns.get(key, (asyncio.Lock(), 0))
        self._turns[key] = (lock, waiting + 1)
        try:
            async with lock:
                yield
        finally:
            lock, waiting = self._turns[key]
            if waiting == 1:
                del self._turns[key]
            else:
                self._turns[key] = (lock, waiting - 1)

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[bool]:
        """Yield True to the one worker that may run job `name` now, False to the others."""
        if self._db.dialect == "sqlite":
            yield True
            return
        async with self._db.locking() as connection:
            key = "SELECT hashtextextended('job:' || $1, 0)"
            got = await connection.fetchval(f"SELECT pg_try_advisory_lock(({key}))", name)
            try:
                yield bool(got)
            finally:
                if got:
                    await connection.execute(f"SELECT pg_advisory_unlock(({key}))", name)

    async def heartbeat(self, shares: int, now: datetime | None = None) -> int:
        """Say this worker is alive and divides its budget by `shares`; return how many
        workers are alive (itself included)."""
        now = now or datetime.now(UTC)
        await self._db.write(
            "INSERT INTO workers (id, started_at, seen_at, shares) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, shares = excluded.shares",
            (self.worker, stamp(now), stamp(now), shares))
        row = await self._db.fetch_one("SELECT COUNT(*) FROM workers WHERE seen_at > ?",
                                       (stamp(now - ALIVE),))
        return max(1, int(row[0])) if row else 1

    async def others_share_by(self, workers: int, now: datetime | None = None) -> bool:
        """Whether every other worker alive already divides its budget by `workers` or more:
        then this one may take its part without the parts adding up past the whole."""
        now = now or datetime.now(UTC)
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM workers WHERE seen_at > ? AND id != ? AND shares < ?",
            (stamp(now - ALIVE), self.worker, workers))
        return row is not None and int(row[0]) == 0

    async def leave(self) -> None:
        """This worker stops: the others may take its share at once."""
        await self._db.write("DELETE FROM workers WHERE id = ?", (self.worker,))

    async def forget_old(self, now: datetime | None = None) -> None:
        """Drop handled updates Telegram can no longer retry, and workers long gone."""
        now = now or datetime.now(UTC)
        await self._db.write("DELETE FROM handled_updates WHERE handled_at < ?",
                             (utcnow_minus(now, KEEP_HANDLED),))
        await self._db.write("DELETE FROM workers WHERE seen_at < ?",
                             (stamp(now - KEEP_HANDLED),))


_STATE = "SELECT state FROM handled_updates WHERE update_id = ?"
_DONE = ("INSERT INTO handled_updates (update_id, handled_at, state) VALUES (?, ?, 'done')"
         " ON CONFLICT (update_id) DO UPDATE SET state = 'done', handled_at = excluded.handled_at")


async def mark_applied(tx: Tx, update_id: int | None) -> None:
    """In a flow's transaction: the update's effect is stored with it, so that if the worker dies
    before the update is done, its resend shows the flow's next step instead of applying the
    effect twice (a typed "3" stored against the next question). None: not a webhook update."""
    if update_id is not None:
        await tx.execute("INSERT INTO handled_updates (update_id, handled_at, state)"
                         " VALUES (?, ?, 'applied') ON CONFLICT DO NOTHING", (update_id, utcnow()))


def utcnow_minus(now: datetime, delta: timedelta) -> str:
    """A stored UTC time (to the second, as utcnow writes) `delta` before `now`."""
    return (now - delta).isoformat(timespec="seconds")
