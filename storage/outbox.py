"""The outbox: notices the bot owes someone, written in the transaction of the fact they report,
and sent (at least once) by the delivery engine. SQL only: announcements/outbox.py sends them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from storage.claims import claim, later
from storage.db import Database, Row, Tx
from storage.officers import Scope
from storage.users import utcnow

# A step to run inside another repository's transaction (the fact's), with its connection.
LEASE = 120.0  # seconds a claim lasts: longer than any request, with its 429 waits, should take
InTransaction = Callable[[Tx], Awaitable[None]]


class NoticeStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # its request is in flight; sent again after a crash
    SENT = "sent"
    FAILED = "failed"  # Telegram refused it for good (a malformed message)
    BLOCKED = "blocked"  # the recipient blocked the bot or is gone
    HELD = "held"  # nobody handles its area yet: sent when an officer is appointed


class NoticeKind(StrEnum):
    REGISTRATION = "registration"  # to officers: a new registration, or the producer's answer
    DECISION = "decision"  # to the producer: an officer's decision
    DECIDED = "decided"  # edits another officer's copy: who decided what
    QUESTION = "question"  # a hand-off question, to officers
    ANSWER = "answer"  # an officer's answer to a hand-off question
    REMINDER = "reminder"  # a training's reminder or cancellation


@dataclass(frozen=True, slots=True)
class Notice:
    """One message to write to the outbox (or found there, with its id and state)."""

    chat_id: int | None
    kind: NoticeKind
    text: str
    markup: str | None = None  # Bot API JSON of an inline keyboard
    ref: str | None = None
    dedupe_key: str | None = None
    edit_of: int | None = None
    area: tuple[int, int | None] | None = None  # a held notice's province and commune
    id: int = 0
    status: NoticeStatus = NoticeStatus.PENDING
    attempts: int = 0
    message_id: int | None = None

    @classmethod
    def from_row(cls, row: Row) -> Notice:
        area = (row["province_code"], row["commune_code"]) if row["province_code"] else None
        return cls(row["chat_id"], NoticeKind(row["kind"]), row["text"], row["markup"],
                   row["ref"], row["dedupe_key"], row["edit_of"], area, row["id"],
                   NoticeStatus(row["status"]), row["attempts"], row["message_id"])

    def held(self) -> Notice:
        """This notice, kept until someone handles its area."""
        return replace(self, chat_id=None, status=NoticeStatus.HELD)


@dataclass(frozen=True, slots=True)
class Sendable:
    """A notice to send now, with the message it edits (if it is an edit)."""

    notice: Notice
    edit_message_id: int | None = None
    edited_status: NoticeStatus | None = None  # the state of the message an edit edits


_INSERT = (
    "INSERT INTO outbox (chat_id, kind, text, markup, ref, dedupe_key, edit_of,"
    " province_code, commune_code, status, not_before, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)


def _values(notice: Notice, now: str) -> tuple[Any, ...]:
    province, commune = notice.area or (None, None)
    return (notice.chat_id, notice.kind, notice.text, notice.markup, notice.ref,
            notice.dedupe_key, notice.edit_of, province, commune, notice.status, now, now, now)


async def add_notices(tx: Tx, notices: Iterable[Notice]) -> None:
    """Write notices inside the caller's transaction (a key already written is skipped)."""
    now = utcnow()
    await tx.executemany(_INSERT, [_values(n, now) for n in notices])


def adding(notices: Iterable[Notice]) -> InTransaction:
    """A step that writes `notices` in another repository's transaction."""
    frozen = list(notices)

    async def step(tx: Tx) -> None:
        await add_notices(tx, frozen)
    return step


class OutboxRepo:
    """The engine's side of the outbox, and what handlers read back from it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, notices: Iterable[Notice], *also: tuple[str, tuple[Any, ...]]) -> None:
        """Write notices (and `also`, statements of the fact they report) in one transaction."""
        async with self._db.transaction() as tx:
            await add_notices(tx, notices)
            for sql, params in also:
                await tx.execute(sql, params)

    async def add_reminder(self, notice: Notice | None, training_id: int, user_id: int,
                           kind: str, at: str) -> None:
        """Hand a training's reminder to the outbox and mark it sent, in one transaction (no
        notice: it cannot be sent, and is only marked)."""
        await self.add([notice] if notice else [], (
            "UPDATE training_reminders SET sent_at = ? WHERE training_id = ? AND user_id = ?"
            " AND kind = ?", (at, training_id, user_id, kind)))

    async def due(self, limit: int) -> list[Sendable]:
        """Pending notices whose time has come, oldest first, with the message an edit edits."""
        rows = await self._db.fetch_all(
            "SELECT o.*, e.message_id AS edited, e.status AS edited_status FROM outbox o"
            " LEFT JOIN outbox e ON e.id = o.edit_of"
            " WHERE (o.status = 'pending' AND o.not_before <= :now)"
            " OR (o.status = 'sending' AND o.lease_until < :now) ORDER BY o.id LIMIT :n",
            {"now": utcnow(), "n": limit})
        return [Sendable(Notice.from_row(r), r["edited"],
                         NoticeStatus(r["edited_status"]) if r["edited_status"] else None)
                for r in rows]

    async def next_due_in(self) -> float | None:
        """Seconds until the next pending notice is due (0 if one is), None if none waits."""
        row = await self._db.fetch_one(
            "SELECT MIN(not_before) FROM outbox WHERE status = 'pending'")
        if row is None or row[0] is None:
            return None
        due = datetime.fromisoformat(row[0]) - datetime.now(UTC)
        return max(0.0, due.total_seconds())

    async def claim(self, notice_id: int) -> bool:
        """Mark a due notice sending just before its request, for `LEASE`; False if another
        worker has it (or it is not due any more)."""
        return await claim(self._db, "outbox", notice_id, LEASE)
    async def record(self, notice: Notice, status: NoticeStatus, *,
                     message_id: int | None = None, error: str | None = None) -> None:
        """Store the outcome; a blocked recipient stops accepting messages."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = ?, message_id = COALESCE(?, message_id), error = ?,"
                " updated_at = ? WHERE id = ?",
                (status, message_id, error, utcnow(), notice.id))
            if status == NoticeStatus.BLOCKED and notice.chat_id is not None:
                await tx.execute("UPDATE users SET accepts_messages = 0 WHERE id = ?",
                                 (notice.chat_id,))

    async def retry_later(self, notice: Notice, seconds: float, error: str) -> None:
        """Put a notice back in the queue, due in `seconds`."""
        await self._db.write(
            "UPDATE outbox SET status = 'pending', not_before = ?, error = ?, updated_at = ?"
            " WHERE id = ?", (later(seconds), error[:200], utcnow(), notice.id))

    async def resume(self) -> int:
        """After a restart: notices that were in flight are sent again (at least once). Only
        on SQLite, the one process's database: on PostgreSQL another worker may be sending
        them, and a claim whose worker died is taken up when its lease ends."""
        if self._db.dialect != "sqlite":
            return 0
        async with self._db.transaction() as tx:
            return await tx.execute(
                "UPDATE outbox SET status = 'pending', updated_at = ? WHERE status = 'sending'",
                (utcnow(),))

    async def copies(self, ref: str, kind: NoticeKind) -> list[Notice]:
        """The notices of kind `kind` about `ref` (not held), oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM outbox WHERE ref = ? AND kind = ? AND chat_id IS NOT NULL"
            " ORDER BY id", (ref, kind))
        return [Notice.from_row(r) for r in rows]

    async def release_held(self, officer_id: int, scope: Scope) -> int:
        """Hand the held notices of `scope`'s area to a newly appointed officer; how many."""
        now = utcnow()
        async with self._db.transaction() as tx:
            return await tx.execute(
                "UPDATE outbox SET chat_id = ?, status = 'pending', not_before = ?,"
                " updated_at = ? WHERE status = 'held' AND province_code = ?"
                " AND (? IS NULL OR commune_code = ?)",
                (officer_id, now, now, scope.province_code, scope.commune_code,
                 scope.commune_code))

    async def counts(self, kind: NoticeKind | None = None) -> Counter[str]:
        """Notices by status (of one kind, if given)."""
        rows = await self._db.fetch_all(
            "SELECT status, COUNT(*) FROM outbox WHERE ? IS NULL OR kind = ? GROUP BY status",
            (kind, kind))
        return Counter({row[0]: row[1] for row in rows})
