"""Product registrations (Mẫu 01): drafts saved field by field, submissions and their timeline."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from storage.db import Database, Row, Tx, search_key
from storage.officers import Scope
from storage.outbox import InTransaction
from storage.users import utcnow

EDITABLE = frozenset({
    "step", "org_type", "org_name", "representative", "phone", "email", "province_code",
    "commune_code", "product_name", "sheet", "kind", "current_stars", "certificate_expiry",
    "assessment_id",
})


class RegistrationStatus(StrEnum):
    """Where a registration stands: a draft until submitted, then in the officers' hands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    INFO_REQUESTED = "info_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


NOTE_EVENT = "note"  # a timeline event that is a message, not a change of status
FORWARDED_EVENT = "forwarded"  # a timeline event: the commune sent the dossier to the province
# Waiting for an officer's decision.
OPEN_STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.INFO_REQUESTED)


class RegistrationStep(StrEnum):
    """The question a draft asks now, in Mẫu 01's order; `edit:STEP` while changing one."""

    ORG_TYPE = "org_type"
    ORG_NAME = "org_name"
    REPRESENTATIVE = "representative"
    PHONE = "phone"
    EMAIL = "email"
    PROVINCE = "province"
    COMMUNE = "commune"
    PRODUCT_NAME = "product_name"
    SHEET = "sheet"
    KIND = "kind"
    CURRENT_STARS = "current_stars"
    CERTIFICATE_EXPIRY = "certificate_expiry"
    ASSESSMENT = "assessment"
    SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    user_id: int | None
    status: str
    step: str | None
    org_type: str | None
    org_name: str | None
    representative: str | None
    phone: str | None
    email: str | None
    province_code: int | None
    commune_code: int | None
    product_name: str | None
    sheet: int | None
    kind: str | None
    current_stars: int | None
    certificate_expiry: str | None
    assessment_id: int | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    forwarded_at: str | None = None  # when the commune sent the accepted dossier on
    forwarded_by: int | None = None  # the officer who recorded it

    @classmethod
    def from_row(cls, row: Row) -> Registration:
        return cls(**{f.name: row[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Event:
    actor_id: int | None
    status: str
    note: str | None
    created_at: str


class RegistrationSort(StrEnum):
    """Orders of the desk's list."""

    NEWEST = "newest"
    OLDEST = "oldest"
    # Open dossiers first, the nearest deadline first; then the others, newest first.
    DEADLINE = "deadline"


@dataclass(frozen=True, slots=True)
class RegistrationQuery:
    """Which submitted registrations a list shows (never drafts), and in which order."""

    scope: Scope | None = None  # None: everywhere (admins)
    status: RegistrationStatus | None = None
    commune_code: int | None = None
    sheet: int | None = None
    kind: str | None = None
    submitted_from: str | None = None  # an ISO instant in UTC, included
    submitted_before: str | None = None  # an ISO instant in UTC, excluded
    search: str = ""  # in the product's or the organisation's name
    sort: RegistrationSort = RegistrationSort.NEWEST


@dataclass(frozen=True, slots=True)
class RegistrationPage:
    """One page of a list, and how many registrations the whole list holds."""

    total: int
    number: int  # from 1
    rows: list[Registration]


_OPEN = f"status IN ('{RegistrationStatus.SUBMITTED}', '{RegistrationStatus.INFO_REQUESTED}')"
# The commune's deadline is 15 working days after receipt, so it grows with the day received:
# the earliest submitted open dossier has the nearest deadline, and SQL can sort on it.
_ORDERS = {
    RegistrationSort.NEWEST: "submitted_at DESC, id DESC",
    RegistrationSort.OLDEST: "submitted_at ASC, id ASC",
    RegistrationSort.DEADLINE: f"{_OPEN} DESC, CASE WHEN {_OPEN} THEN submitted_at END ASC,"
                               " submitted_at DESC, id DESC",
}


def _scope_clauses(scope: Scope | None) -> tuple[list[str], list[object]]:
    """`status != draft` and the scope's place, as SQL clauses and their parameters."""
    clauses: list[str] = ["status != ?"]
    params: list[object] = [RegistrationStatus.DRAFT]
    if scope is not None:
        clauses.append("province_code = ?")
        params.append(scope.province_code)
        if scope.commune_code is not None:
            clauses.append("commune_code = ?")
            params.append(scope.commune_code)
    return clauses, params


def _search_clause(text: str) -> tuple[str, list[object]]:
    """Names holding every word of `text`, marks and case aside (as typed if it has no Latin
    letters)."""
    words = " ".join((search_key(text) or "").split())
    if not words:
        return "(instr(product_name, ?) > 0 OR instr(org_name, ?) > 0)", [text, text]
    # The product's and the organisation's names as one text: a word (no line break in it)
    # cannot match across the line break between them.
    return ("has_words(coalesce(product_name, '') || '\n' || coalesce(org_name, ''), ?)",
            [words])


def _where(query: RegistrationQuery) -> tuple[str, list[object]]:
    """The WHERE clause of a query and its parameters (values never go into the SQL text)."""
    clauses, params = _scope_clauses(query.scope)
    for column, value in (("status", query.status), ("commune_code", query.commune_code),
                          ("sheet", query.sheet), ("kind", query.kind)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if query.submitted_from is not None:
        clauses.append("submitted_at >= ?")
        params.append(query.submitted_from)
    if query.submitted_before is not None:
        clauses.append("submitted_at < ?")
        params.append(query.submitted_before)
    if query.search.strip():
        clause, values = _search_clause(query.search)
        clauses.append(clause)
        params.extend(values)
    return " AND ".join(clauses), params


def _within(number: int, total: int, size: int) -> int:
    """A page number between 1 and the last page."""
    return min(max(1, number), max(1, -(-total // size)))


def _placeholders(values: tuple[object, ...]) -> str:
    """`?, ?, ?` for an IN list: values go as parameters, never into the SQL text."""
    return ", ".join("?" * len(values))


async def _add_event(tx: Tx, registration_id: int, actor_id: int | None,
                     status: str, note: str | None, now: str) -> None:
    """Append to a registration's timeline, inside the caller's transaction."""
    await tx.execute(
        "INSERT INTO registration_events (registration_id, actor_id, status, note, created_at)"
        " VALUES (?, ?, ?, ?, ?)", (registration_id, actor_id, status, note, now))


# A LIMIT both engines read as "no limit" (SQLite's -1 is an error in PostgreSQL).
ALL_ROWS = 2**62


class RegistrationsRepo:
    """Reads and writes registrations and their events."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def draft_for(self, user_id: int) -> Registration | None:
        """The user's registration being filled in, if any."""
        row = await self._db.fetch_one(
            "SELECT * FROM registrations WHERE user_id = ? AND status = ?"
            " ORDER BY id DESC LIMIT 1", (user_id, RegistrationStatus.DRAFT))
        return Registration.from_row(row) if row else None

    async def create_draft(self, user_id: int) -> Registration:
        """Start a new registration."""
        now = utcnow()
        row = await self._db.write(
            "INSERT INTO registrations (user_id, status, step, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING *",
            (user_id, RegistrationStatus.DRAFT, RegistrationStep.ORG_TYPE, now, now))
        assert row is not None
        return Registration.from_row(row)

    async def get(self, registration_id: int) -> Registration | None:
        """One registration, or None."""
        row = await self._db.fetch_one("SELECT * FROM registrations WHERE id = ?",
                                       (registration_id,))
        return Registration.from_row(row) if row else None

    async def update(self, registration_id: int, **values: object) -> Registration:
        """Save some fields of a draft as soon as they are given."""
        if not values or not set(values) <= EDITABLE:
            raise ValueError(f"Cannot update {sorted(set(values) - EDITABLE)}")
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        row = await self._db.write(
            f"UPDATE registrations SET {assignments}, updated_at = :now WHERE id = :id"
            " RETURNING *", {**values, "now": utcnow(), "id": registration_id})
        assert row is not None
        return Registration.from_row(row)

    async def change_status(self, registration_id: int, actor_id: int | None,
                            status: RegistrationStatus, note: str | None = None, *,
                            expected: tuple[RegistrationStatus, ...] = (),
                            then: InTransaction | None = None) -> Registration | None:
        """Move to `status` and record the event, atomically; None if not in `expected`.
        `then` runs in the same transaction (the outbox's notices of the change)."""
        now = utcnow()
        allowed = expected or (RegistrationStatus.DRAFT, *OPEN_STATUSES)
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                f"UPDATE registrations SET status = ?, updated_at = ?,"
                f" submitted_at = CASE WHEN ? = ? AND submitted_at IS NULL"
                f" THEN ? ELSE submitted_at END"
                f" WHERE id = ? AND status IN ({_placeholders(allowed)}) RETURNING *",
                (status, now, status, RegistrationStatus.SUBMITTED, now, registration_id,
             *allowed),
            )
            if row is None:
                return None
            await _add_event(tx, registration_id, actor_id, status, note, now)
            if then is not None:
                await then(tx)
        return Registration.from_row(row)

    async def add_note(self, registration_id: int, actor_id: int, note: str) -> None:
        """Record a message in the timeline without changing the status."""
        await self._db.write(
            "INSERT INTO registration_events (registration_id, actor_id, status, note,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (registration_id, actor_id, NOTE_EVENT, note, utcnow()))

    async def mark_forwarded(self, registration_id: int, officer_id: int
                             ) -> Registration | None:
        """Record that an accepted dossier went to the province, with its timeline event,
        atomically; None if it is not accepted or was already forwarded."""
        now = utcnow()
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "UPDATE registrations SET forwarded_at = ?, forwarded_by = ?, updated_at = ?"
                " WHERE id = ? AND status = ? AND forwarded_at IS NULL RETURNING *",
                (now, officer_id, now, registration_id, RegistrationStatus.ACCEPTED),
            )
            if row is None:
                return None
            await _add_event(tx, registration_id, officer_id, FORWARDED_EVENT, None, now)
        return Registration.from_row(row)

    async def requester(self, registration_id: int) -> int | None:
        """Who last asked the producer for more information on this registration."""
        row = await self._db.fetch_one(
            "SELECT actor_id FROM registration_events WHERE registration_id = ? AND status = ?"
            " ORDER BY id DESC LIMIT 1", (registration_id, RegistrationStatus.INFO_REQUESTED))
        return row["actor_id"] if row else None

    async def events(self, registration_id: int) -> list[Event]:
        """The timeline of a registration, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT actor_id, status, note, created_at FROM registration_events"
            " WHERE registration_id = ? ORDER BY id", (registration_id,))
        return [Event(r["actor_id"], r["status"], r["note"], r["created_at"]) for r in rows]

    async def for_user(self, user_id: int) -> list[Registration]:
        """The user's submitted registrations, newest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM registrations WHERE user_id = ? AND status != ?"
            " ORDER BY id DESC", (user_id, RegistrationStatus.DRAFT))
        return [Registration.from_row(r) for r in rows]

    async def in_scope(self, scope: Scope | None, statuses: tuple[RegistrationStatus, ...] = ()
                       ) -> list[Registration]:
        """Submitted registrations in a scope (None: everywhere, for admins), newest first."""
        clauses, params = _scope_clauses(scope)
        if statuses:
            clauses.append(f"status IN ({_placeholders(statuses)})")
            params.extend(statuses)
        rows = await self._db.fetch_all(
            f"SELECT * FROM registrations WHERE {' AND '.join(clauses)} ORDER BY id DESC",
            params)
        return [Registration.from_row(r) for r in rows]

    async def find(self, query: RegistrationQuery) -> list[Registration]:
        """Every registration a query matches, in its order (for exports)."""
        where, params = _where(query)
        rows = await self._db.fetch_all(
            f"SELECT * FROM registrations WHERE {where} ORDER BY {_ORDERS[query.sort]}", params)
        return [Registration.from_row(r) for r in rows]

    async def page(self, query: RegistrationQuery, size: int, number: int) -> RegistrationPage:
        """Page `number` (from 1) of a query's registrations, or its last page if there are
        fewer, with how many the query matches in all."""
        if query.search.strip():  # one pass of the search function over the rows, not two
            ids = await self._ids(query)
            total = len(ids)
            number = _within(number, total, size)
            ids = ids[(number - 1) * size:number * size]
        else:
            total = await self.count(query)
            number = _within(number, total, size)
            ids = await self._ids(query, size, (number - 1) * size)
        return RegistrationPage(total, number, await self._by_ids(ids))

    async def _ids(self, query: RegistrationQuery, limit: int = ALL_ROWS, offset: int = 0
                   ) -> list[int]:
        """The ids a query matches, in its order: sorted and skipped over narrow index
        entries, since sorting whole rows to skip thousands of them would be slow."""
        where, params = _where(query)
        rows = await self._db.fetch_all(
            f"SELECT id FROM registrations WHERE {where} ORDER BY {_ORDERS[query.sort]}"
            " LIMIT ? OFFSET ?", [*params, limit, offset])
        return [int(row[0]) for row in rows]

    async def _by_ids(self, ids: list[int]) -> list[Registration]:
        """These registrations whole, in this order."""
        if not ids:
            return []  # PostgreSQL refuses an empty IN ()
        rows = await self._db.fetch_all(
            f"SELECT * FROM registrations WHERE id IN ({_placeholders(tuple(ids))})", ids)
        found = {row["id"]: Registration.from_row(row) for row in rows}
        return [found[i] for i in ids if i in found]

    async def count(self, query: RegistrationQuery) -> int:
        """How many registrations a query matches."""
        where, params = _where(query)
        row = await self._db.fetch_one(f"SELECT COUNT(*) FROM registrations WHERE {where}",
                                       params)
        return int(row[0]) if row else 0

    async def count_by_status(self, scope: Scope | None) -> dict[str, int]:
        """Submitted registrations in a scope, counted by status (absent statuses: none)."""
        clauses, params = _scope_clauses(scope)
        rows = await self._db.fetch_all(
            f"SELECT status, COUNT(*) FROM registrations WHERE {' AND '.join(clauses)}"
            " GROUP BY status", params)
        return {row[0]: int(row[1]) for row in rows}

    async def communes_with_registrations(self, scope: Scope | None
                                          ) -> list[tuple[int, int]]:
        """(province, commune) codes that have submitted registrations in a scope."""
        clauses, params = _scope_clauses(scope)
        rows = await self._db.fetch_all(
            f"SELECT DISTINCT province_code, commune_code FROM registrations"
            f" WHERE {' AND '.join(clauses)} AND commune_code IS NOT NULL"
            " ORDER BY province_code, commune_code", params)
        return [(int(row[0]), int(row[1])) for row in rows]

    async def latest_place(self, user_id: int) -> tuple[int, int | None] | None:
        """Province and commune of the user's latest registration that names one."""
        row = await self._db.fetch_one(
            "SELECT province_code, commune_code FROM registrations WHERE user_id = ?"
            " AND province_code IS NOT NULL ORDER BY id DESC LIMIT 1", (user_id,))
        return (row["province_code"], row["commune_code"]) if row else None
