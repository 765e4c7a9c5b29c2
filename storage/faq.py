"""Questions asked, feedback, hand-offs to officers, and FAQ entries added at run time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage.db import Database, Row
from storage.officers import Scope
from storage.outbox import InTransaction
from storage.users import utcnow

# The asker's place is that of their latest registration naming a province (as hand-offs are
# routed: storage.registrations.latest_place); an officer sees the questions of their scope.
_OPEN_IN_SCOPE = """
SELECT h.* FROM handoffs h
JOIN registrations r ON r.id = (
    SELECT g.id FROM registrations g WHERE g.user_id = h.user_id
    AND g.province_code IS NOT NULL ORDER BY g.id DESC LIMIT 1)
WHERE h.status = :open AND r.province_code = :province
  AND (:commune IS NULL OR r.commune_code = :commune)
ORDER BY h.id LIMIT :limit
"""


class Outcome(StrEnum):
    """What the bot did with a question."""

    ANSWER = "answer"
    CRITERION = "criterion"
    SUGGESTIONS = "suggestions"
    NONE = "none"


class HandoffStatus(StrEnum):
    """A question handed to the officers: waiting, or answered."""

    OPEN = "open"
    ANSWERED = "answered"


@dataclass(frozen=True, slots=True)
class Handoff:
    id: int
    user_id: int
    text: str
    status: str
    answer: str | None
    answered_by: int | None
    answered_at: str | None
    faq_entry_id: str | None
    created_at: str

    @classmethod
    def from_row(cls, row: Row) -> Handoff:
        return cls(**dict(row))


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    id: int
    text: str
    outcome: str
    entry_id: str | None
    helpful: bool | None
    created_at: str


class FaqRepo:
    """Reads and writes the question log, hand-offs and run-time FAQ entries."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def log(self, user_id: int, text: str, outcome: Outcome, entry_id: str | None) -> int:
        """Record a question and what the bot did; return the log id."""
        row = await self._db.write(
            "INSERT INTO faq_log (user_id, text, outcome, entry_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            (user_id, text[:1000], outcome, entry_id, utcnow()),
        )
        assert row is not None
        return int(row[0])

    async def set_helpful(self, log_id: int, user_id: int, helpful: bool) -> bool | None:
        """Store the asker's feedback: True if it changed, False if it was already so, None if
        the log line is not theirs."""
        changed = await self._db.write(
            "UPDATE faq_log SET helpful = ? WHERE id = ? AND user_id = ?"
            " AND (helpful IS NULL OR helpful <> ?) RETURNING id",
            (int(helpful), log_id, user_id, int(helpful)),
        )
        if changed is not None:
            return True
        theirs = await self._db.fetch_one(
            "SELECT 1 FROM faq_log WHERE id = ? AND user_id = ?", (log_id, user_id))
        return None if theirs is None else False

    async def needing_attention(self, limit: int = 20) -> list[LoggedQuestion]:
        """Recent questions the bot could not answer or whose answer was unhelpful."""
        rows = await self._db.fetch_all(
            "SELECT id, text, outcome, entry_id, helpful, created_at FROM faq_log"
            " WHERE outcome = ? OR helpful = 0 ORDER BY id DESC LIMIT ?",
            (Outcome.NONE, limit),
        )
        return [LoggedQuestion(r["id"], r["text"], r["outcome"], r["entry_id"],
                               None if r["helpful"] is None else bool(r["helpful"]),
                               r["created_at"]) for r in rows]

    async def hand_off(self, log_id: int, user_id: int,
                       then: Callable[[Handoff], InTransaction] | None = None
                       ) -> Handoff | None:
        """Forward the user's logged question to the officers, once; None if not theirs/done.
        `then(handoff)` runs in the same transaction (the outbox's notices of it)."""
        async with self._db.transaction() as tx:
            logged = await tx.fetch_one(
                "SELECT text FROM faq_log WHERE id = ? AND user_id = ? AND handoff_id IS NULL",
                (log_id, user_id),
            )
            if logged is None:
                return None
            row = await tx.fetch_one(
                "INSERT INTO handoffs (user_id, text, created_at) VALUES (?, ?, ?) RETURNING *",
                (user_id, logged["text"], utcnow()),
            )
            assert row is not None
            await tx.execute("UPDATE faq_log SET handoff_id = ? WHERE id = ?", (row["id"], log_id))
            if then is not None:
                await then(Handoff.from_row(row))(tx)
        return Handoff.from_row(row)

    async def handoff(self, handoff_id: int) -> Handoff | None:
        """One hand-off, or None."""
        row = await self._db.fetch_one("SELECT * FROM handoffs WHERE id = ?", (handoff_id,))
        return Handoff.from_row(row) if row else None

    async def open_handoffs(self, limit: int = 20) -> list[Handoff]:
        """Questions still waiting for an officer, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM handoffs WHERE status = ? ORDER BY id LIMIT ?",
            (HandoffStatus.OPEN, limit))
        return [Handoff.from_row(r) for r in rows]

    async def open_handoffs_in(self, scope: Scope | None, limit: int = 20) -> list[Handoff]:
        """Questions waiting for the officers of `scope` (None: all), oldest first.

        The scope is applied before the limit, so no question of the area is crowded out.
        """
        if scope is None:
            return await self.open_handoffs(limit)
        rows = await self._db.fetch_all(_OPEN_IN_SCOPE, {
            "open": HandoffStatus.OPEN, "province": scope.province_code,
            "commune": scope.commune_code, "limit": limit})
        return [Handoff.from_row(r) for r in rows]

    async def answer_handoff(self, handoff_id: int, officer_id: int, answer: str,
                             then: InTransaction | None = None) -> bool:
        """Store an officer's answer; False if it was already answered. `then` runs in the
        same transaction (the outbox's notice of the answer)."""
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "UPDATE handoffs SET status = ?, answer = ?, answered_by = ?,"
                " answered_at = ? WHERE id = ? AND status = ? RETURNING id",
                (HandoffStatus.ANSWERED, answer, officer_id, utcnow(), handoff_id,
             HandoffStatus.OPEN),
            )
            if row is not None and then is not None:
                await then(tx)
        return row is not None

    async def add_entry(self, handoff: Handoff, entry: dict[str, Any], admin_id: int) -> None:
        """Store a run-time FAQ entry made from an answered hand-off."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO faq_entries (id, question, answer_vi, answer_en, source,"
                " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry["id"], entry["question"], entry["answer_vi"], entry["answer_en"],
                 entry["source"], admin_id, utcnow()),
            )
            await tx.execute("UPDATE handoffs SET faq_entry_id = ? WHERE id = ?",
                             (entry["id"], handoff.id))

    async def entries(self) -> list[dict[str, Any]]:
        """Every run-time FAQ entry, as plain data for the search engine."""
        rows = await self._db.fetch_all(
            "SELECT id, question, answer_vi, answer_en, source FROM faq_entries"
            " ORDER BY created_at")
        return [dict(r) for r in rows]
