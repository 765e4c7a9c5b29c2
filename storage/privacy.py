"""A user's own data: everything held about them as plain data, and its erasure on request.

Erasure keeps submitted registrations, which the OCOP procedure requires the commune to keep:
they stay as filed but lose their link to the Telegram account.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.db import Database, Row, Tx
from storage.users import utcnow

log = logging.getLogger(__name__)

ANONYMISED_STATUS = "anonymised"
ANONYMISED_NOTE = "personal link removed at the producer's request"
KEPT = "status != 'draft'"  # submitted registrations, whatever became of them


@dataclass(frozen=True, slots=True)
class DeletionReport:
    """What one erasure removed, and how many submitted registrations it kept unlinked."""

    assessments: int = 0
    drafts: int = 0
    anonymised: int = 0
    questions: int = 0
    handoffs: int = 0
    officer: bool = False
    user: bool = False


def _plain(row: Row | None) -> dict[str, Any] | None:
    return dict(row) if row is not None else None


class PrivacyRepo:
    """Exports and erases everything the bot holds about one user."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def _one(self, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
        return _plain(await self._db.fetch_one(sql, params))

    async def _all(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        return [dict(row) for row in await self._db.fetch_all(sql, params)]

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything held about the user, as JSON-ready data."""
        uid = (user_id,)
        return {
            "exported_at": utcnow(),
            "user": await self._one("SELECT * FROM users WHERE id = ?", uid),
            "consent": await self._one(
                "SELECT version, given_at FROM consents WHERE user_id = ?", uid),
            "assessments": await self._assessments(user_id),
            "registrations": await self._registrations(user_id),
            "faq_questions": await self._all(
                "SELECT id, text, outcome, entry_id, helpful, handoff_id, created_at"
                " FROM faq_log WHERE user_id = ? ORDER BY id", uid),
            # Who answered is the officer's own data: the producer gets the answer only.
            "handoffs": await self._all(
                "SELECT id, text, status, answer, answered_at, created_at FROM handoffs"
                " WHERE user_id = ? ORDER BY id", uid),
            "officer": await self._one(
                "SELECT province_code, commune_code, created_at FROM officers"
                " WHERE user_id = ?", uid),
            "dialog": await self._one(
                "SELECT flow, step, ref, updated_at FROM dialogs WHERE user_id = ?", uid),
            "audit_log": await self._audit(user_id),
        }

    async def _assessments(self, user_id: int) -> list[dict[str, Any]]:
        """The user's assessments, each with its answers and eligibility answers."""
        items = await self._all("SELECT * FROM assessments WHERE user_id = ? ORDER BY id",
                                (user_id,))
        by_id = {item["id"]: {**item, "answers": {}, "eligibility": {}} for item in items}
        for row in await self._db.fetch_all(
                "SELECT a.assessment_id, a.code, a.option_index FROM assessment_answers a"
                " JOIN assessments s ON s.id = a.assessment_id WHERE s.user_id = ?",
                (user_id,)):
            by_id[row["assessment_id"]]["answers"][row["code"]] = row["option_index"]
        for row in await self._db.fetch_all(
                "SELECT e.assessment_id, e.condition_id, e.met FROM assessment_eligibility e"
                " JOIN assessments s ON s.id = e.assessment_id WHERE s.user_id = ?",
                (user_id,)):
            by_id[row["assessment_id"]]["eligibility"][row["condition_id"]] = bool(row["met"])
        return list(by_id.values())

    async def _registrations(self, user_id: int) -> list[dict[str, Any]]:
        """The user's registrations, drafts included, each with its timeline."""
        items = await self._all("SELECT * FROM registrations WHERE user_id = ? ORDER BY id",
                                (user_id,))
        by_id = {item["id"]: {**item, "events": []} for item in items}
        # Officers' ids stay out of the producer's copy; whether an event was theirs is kept.
        for row in await self._db.fetch_all(
                "SELECT e.registration_id, e.actor_id, e.status, e.note, e.created_at"
                " FROM registration_events e JOIN registrations r ON r.id = e.registration_id"
                " WHERE r.user_id = ? ORDER BY e.id", (user_id,)):
            by_id[row["registration_id"]]["events"].append({
                "status": row["status"], "note": row["note"], "created_at": row["created_at"],
                "by_you": row["actor_id"] == user_id})
        return list(by_id.values())

    async def _audit(self, user_id: int) -> list[dict[str, Any]]:
        """Audit entries the user made, and the changes of their own officer role."""
        return await self._all(
            "SELECT action, subject_id, details, created_at FROM audit_log WHERE actor_id = ?"
            " OR (subject_id = ? AND action LIKE 'officer%') ORDER BY id", (user_id, user_id))

    async def delete(self, user_id: int) -> DeletionReport:
        """Erase the user in one transaction; submitted registrations stay, unlinked."""
        now = utcnow()
        async with self._db.transaction() as tx:
            anonymised = await _unlink_submitted(tx, user_id, now)
            # Notices to the user, and their questions as sent to officers, go with them.
            await tx.execute(
                "DELETE FROM outbox WHERE chat_id = ? OR ref IN"
                " (SELECT 'handoff:' || id FROM handoffs WHERE user_id = ?)", (user_id, user_id))
            counts = {
                name: await _rowcount(tx, f"DELETE FROM {table} WHERE {column} = ?", user_id)
                for name, table, column in _ERASED
            }
            await tx.execute(
                "INSERT INTO audit_log (actor_id, action, subject_id, details, created_at)"
                " VALUES (?, 'personal_data_deleted', ?, ?, ?)",
                (user_id, user_id, json.dumps({**counts, "anonymised": anonymised}), now))
        await self._forget_erased()
        return DeletionReport(
            assessments=counts["assessments"], drafts=counts["drafts"], anonymised=anonymised,
            questions=counts["questions"], handoffs=counts["handoffs"],
            officer=bool(counts["officer"]), user=bool(counts["user"]))

    async def _forget_erased(self) -> None:
        """Checkpoint the WAL, whose old pages still hold the erased rows until then."""
        try:
            await self._db.forget_erased()
        except sqlite3.Error as exc:  # the erasure is committed; the next checkpoint will do
            log.warning("Checkpoint after an erasure failed: %s", exc)


# Deleted in this order; the users row last (consents, dialogs, answers cascade anyway).
_ERASED: tuple[tuple[str, str, str], ...] = (
    ("drafts", "registrations", "status = 'draft' AND user_id"),
    ("questions", "faq_log", "user_id"),
    ("handoffs", "handoffs", "user_id"),
    ("assessments", "assessments", "user_id"),
    ("consent", "consents", "user_id"),
    ("officer", "officers", "user_id"),
    ("dialog", "dialogs", "user_id"),
    ("desk_logins", "desk_logins", "user_id"),
    ("desk_sessions", "desk_sessions", "user_id"),
    ("user", "users", "id"),
)


async def _rowcount(tx: Tx, sql: str, user_id: int) -> int:
    """Run a change keyed by the user id; return how many rows it changed."""
    return await tx.execute(sql, (user_id,))


async def _unlink_submitted(tx: Tx, user_id: int, now: str) -> int:
    """Unlink the user's submitted registrations and note it in their timelines."""
    mine = f"SELECT id FROM registrations WHERE user_id = ? AND {KEPT}"
    await tx.execute(
        f"UPDATE registration_events SET actor_id = NULL WHERE actor_id = ?"
        f" AND registration_id IN ({mine})", (user_id, user_id))
    await tx.execute(
        f"INSERT INTO registration_events (registration_id, actor_id, status, note, created_at)"
        f" SELECT id, NULL, ?, ?, ? FROM registrations WHERE user_id = ? AND {KEPT}",
        (ANONYMISED_STATUS, ANONYMISED_NOTE, now, user_id))
    return await _rowcount(tx, f"UPDATE registrations SET user_id = NULL WHERE user_id = ?"
                             f" AND {KEPT}", user_id)
