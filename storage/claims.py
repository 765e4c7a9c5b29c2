"""Claiming a row of work (a notice, a delivery) before sending it, when several workers may
reach for it: the claim lasts a lease, after which a dead worker's claim is anyone's again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Database
from storage.users import utcnow


def skip_locked(db: Database) -> str:
    """The claim's row lock, on PostgreSQL: a row another worker is claiming is skipped, not
    waited for (SQLite has one writer at a time and no row locks)."""
    return " FOR UPDATE SKIP LOCKED" if db.dialect == "postgres" else ""


def later(seconds: float) -> str:
    """A stored UTC time `seconds` from now."""
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


async def claim(db: Database, table: str, row_id: int, lease: float) -> bool:
    """Mark a pending row of `table` (or one whose claim has lapsed) 'sending' for `lease`
    seconds, counting the attempt; False if another worker has it or it is not pending."""
    row = await db.write(
        f"UPDATE {table} SET status = 'sending', attempts = attempts + 1, lease_until = :lease,"
        f" updated_at = :now WHERE id = (SELECT id FROM {table} WHERE id = :id"
        " AND (status = 'pending' OR (status = 'sending' AND lease_until < :now))"
        f"{skip_locked(db)}) RETURNING id",
        {"now": utcnow(), "lease": later(lease), "id": row_id})
    return row is not None
