"""Announcements and their deliveries (one per recipient): drafts, who is in an audience, the
recipient snapshot, and the users' choice to receive them. SQL only: the announcements package
decides when to call it. (The tables keep their first names, `broadcasts` and `deliveries`.)"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage.claims import claim, later, skip_locked
from storage.db import Database, Row
from storage.officers import Scope
from storage.training_audience import accepted_filter
from storage.users import utcnow


class AudienceKind(StrEnum):
    EVERYONE = "everyone"
    PRODUCERS = "producers"
    OFFICERS = "officers"
    TRAINING = "training"  # those who accepted a training's invitation


class Status(StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class Step(StrEnum):
    """Where the sender of a draft is in the composer."""

    TEXT = "text"
    AUDIENCE = "audience"
    TRAINING = "training"
    AREA = "area"
    PROVINCE = "province"
    COMMUNE = "commune"
    PREVIEW = "preview"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # its request is in flight
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"  # the recipient blocked the bot or is gone
    UNKNOWN = "unknown"  # timed out after it left, again and again: maybe delivered


TEXT_LIMIT = 3500
DRAFT_FIELDS = frozenset({"text", "photo", "audience", "province_code", "commune_code",
                          "audience_training_id", "training_id", "step", "progress_message_id"})
INTERRUPTED = "in flight when the bot stopped: sent again"

# Producers are located by their latest registration that names a place, else by the
# province they chose to hear of (users.home_province_code: a province, never a commune).
_LATEST_PLACE = (
    "SELECT user_id, province_code, commune_code FROM registrations WHERE id IN ("
    " SELECT MAX(id) FROM registrations WHERE user_id IS NOT NULL"
    " AND province_code IS NOT NULL GROUP BY user_id)"
)
# Officers are located by their scope: in an area when their scope overlaps it.
_IN_AREA = (
    "((u.role = 'producer' AND COALESCE(r.province_code, u.home_province_code) = :province"
    "  AND (:commune IS NULL OR r.commune_code = :commune))"
    " OR (u.role = 'officer' AND o.province_code = :province"
    "  AND (:commune IS NULL OR o.commune_code IS NULL OR o.commune_code = :commune)))"
)
_KIND_FILTERS = {
    AudienceKind.EVERYONE: "TRUE",
    AudienceKind.PRODUCERS: "u.role = 'producer'",
    AudienceKind.OFFICERS: "u.role = 'officer' AND o.user_id IS NOT NULL",
}


class AnnouncementStateError(Exception):
    """The announcement is not in the state the operation needs (e.g. confirmed twice)."""


@dataclass(frozen=True, slots=True)
class Audience:
    """Who receives an announcement: a kind of user, optionally in a province or one commune."""

    kind: str = AudienceKind.EVERYONE
    province_code: int | None = None
    commune_code: int | None = None
    training_id: int | None = None  # kind "training": those who accepted its invitation

    def __post_init__(self) -> None:
        if self.kind not in set(AudienceKind):
            raise ValueError(f"Unknown audience kind {self.kind!r}")
        if self.commune_code is not None and self.province_code is None:
            raise ValueError("A commune needs its province")
        if (self.kind == AudienceKind.TRAINING) != (self.training_id is not None):
            raise ValueError("A training audience, and only it, names a training")

    @property
    def area(self) -> Scope | None:
        """The province or commune it is restricted to, or None for everywhere."""
        if self.province_code is None:
            return None
        return Scope(self.province_code, self.commune_code)

    def within(self, scope: Scope | None) -> bool:
        """Whether the area lies inside `scope` (None: the sender may target anywhere)."""
        area = self.area
        if scope is None:
            return True
        return area is not None and scope.covers(area.province_code, area.commune_code)

    def bounded_by(self, scope: Scope | None) -> Audience:
        """This audience, its area defaulting to `scope` (an officer's "everyone")."""
        if scope is None or self.province_code is not None:
            return self
        return Audience(self.kind, scope.province_code, scope.commune_code, self.training_id)

    def in_area(self, province_code: int | None, commune_code: int | None) -> Audience:
        """The same kind of audience in another area."""
        return Audience(self.kind, province_code, commune_code, self.training_id)


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    sender_id: int | None
    text: str
    photo: str | None
    audience: Audience | None
    training_id: int | None  # a training's announcement: carries its RSVP buttons
    status: str
    step: str | None
    recipients: int
    progress_message_id: int | None
    created_at: str
    started_at: str | None
    finished_at: str | None

    @classmethod
    def from_row(cls, row: Row) -> Announcement:
        audience = None
        if row["audience"] is not None:
            audience = Audience(row["audience"], row["province_code"], row["commune_code"],
                                row["audience_training_id"])
        return cls(row["id"], row["sender_id"], row["text"], row["photo"], audience,
                   row["training_id"], row["status"], row["step"], row["recipients"],
                   row["progress_message_id"], row["created_at"], row["started_at"],
                   row["finished_at"])


@dataclass(frozen=True, slots=True)
class Listed:
    """An announcement in a list, with its sender's name and its deliveries so far."""

    announcement: Announcement
    sender_name: str | None
    sent: int
    failed: int  # failed, blocked or unknown
    remaining: int  # pending or in flight


@dataclass(frozen=True, slots=True)
class Delivery:
    """A pending delivery (one recipient's copy), with what picks the recipient's language."""

    id: int
    announcement_id: int
    chat_id: int
    attempts: int
    language: str | None
    telegram_language: str | None


def audience_columns(audience: Audience | None) -> dict[str, Any]:
    """The broadcasts columns that store an audience."""
    if audience is None:
        return {"audience": None, "province_code": None, "commune_code": None,
                "audience_training_id": None}
    return {"audience": audience.kind, "province_code": audience.province_code,
            "commune_code": audience.commune_code, "audience_training_id": audience.training_id}


def recipients_query(audience: Audience) -> tuple[str, dict[str, Any]]:
    """SQL selecting the ids of the audience's users who accept announcements."""
    where = ["u.accepts_messages = 1", "u.announcements = 1"]
    params: dict[str, Any] = {}
    if audience.training_id is not None:
        condition, params = accepted_filter(audience.training_id)
        where.append(condition)
    else:
        where.append(_KIND_FILTERS[AudienceKind(audience.kind)])
    if audience.province_code is not None:
        where.append(_IN_AREA)
        params.update(province=audience.province_code, commune=audience.commune_code)
    sql = ("SELECT u.id AS id FROM users u LEFT JOIN officers o ON o.user_id = u.id"
           f" LEFT JOIN ({_LATEST_PLACE}) r ON r.user_id = u.id WHERE {' AND '.join(where)}")
    return sql, params


_DELIVERY_COUNTS = ", ".join(
    f"(SELECT COUNT(*) FROM deliveries d WHERE d.broadcast_id = b.id AND d.status IN"
    f" ({statuses})) AS {name}" for name, statuses in (
        ("sent", "'sent'"), ("failed", "'failed', 'blocked', 'unknown'"),
        ("remaining", "'pending', 'sending'")))


def _listed_filter(sender_id: int | None, scope: Scope | None) -> tuple[str, dict[str, Any]]:
    """WHERE for `listed`: a sender's announcements, their area within `scope` (drafts without
    an audience yet included); nothing for everyone's."""
    if sender_id is None:
        return "TRUE", {}
    where = "b.sender_id = :sender"
    if scope is not None:
        where += (" AND (b.audience IS NULL OR (b.province_code = :province"
                  " AND (:commune IS NULL OR b.commune_code = :commune)))")
    return where, {"sender": sender_id, "province": scope.province_code if scope else None,
                   "commune": scope.commune_code if scope else None}


RUNNER_LEASE = 30.0  # seconds; the runner renews it with every batch it claims
LEASE = 30.0  # seconds a delivery's claim lasts: far longer than its request


class AnnouncementsRepo:
    """Reads and writes announcements, deliveries and the users' announcements setting."""

    def __init__(self, db: Database, forget: Callable[[int], None] = lambda _: None) -> None:
        self._db = db
        self._forget = forget

    # --- drafts -----------------------------------------------------------------------------

    async def create(self, sender_id: int, text: str = "", *, photo: str | None = None,
                     audience: Audience | None = None, training_id: int | None = None,
                     step: str | None = None) -> Announcement:
        """Store a new draft."""
        values = {"sender_id": sender_id, "text": text, "photo": photo,
                  "training_id": training_id, "step": step, "created_at": utcnow(),
                  **audience_columns(audience)}
        columns = ", ".join(values)
        marks = ", ".join(f":{name}" for name in values)
        row = await self._db.write(
            f"INSERT INTO broadcasts ({columns}) VALUES ({marks}) RETURNING *", values)
        assert row is not None
        return Announcement.from_row(row)

    async def get(self, announcement_id: int) -> Announcement | None:
        row = await self._db.fetch_one("SELECT * FROM broadcasts WHERE id = ?",
                                       (announcement_id,))
        return Announcement.from_row(row) if row else None

    async def draft_for(self, sender_id: int) -> Announcement | None:
        """The sender's latest draft, if any."""
        row = await self._db.fetch_one(
            "SELECT * FROM broadcasts WHERE sender_id = ? AND status = 'draft'"
            " ORDER BY id DESC LIMIT 1", (sender_id,))
        return Announcement.from_row(row) if row else None

    async def update(self, announcement_id: int, **fields: Any) -> Announcement:
        """Change fields of a draft (text, photo, audience columns, step …)."""
        unknown = set(fields) - DRAFT_FIELDS
        if unknown:
            raise ValueError(f"Not draft fields: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = :{name}" for name in fields)
        row = await self._db.write(
            f"UPDATE broadcasts SET {assignments} WHERE id = :id AND status = 'draft'"
            " RETURNING *", {**fields, "id": announcement_id})
        if row is None:
            raise AnnouncementStateError(f"Announcement {announcement_id} is no longer a draft")
        return Announcement.from_row(row)

    async def discard(self, announcement_id: int) -> bool:
        """Delete a draft; False if it was not one."""
        row = await self._db.write(
            "DELETE FROM broadcasts WHERE id = ? AND status = 'draft' RETURNING id",
            (announcement_id,))
        return row is not None

    async def listed(self, sender_id: int | None, scope: Scope | None, limit: int,
                     offset: int = 0) -> tuple[list[Listed], int]:
        """A page of announcements, newest first, and how many there are in all: every one
        (`sender_id` None), or the sender's own whose area lies within `scope`."""
        where, params = _listed_filter(sender_id, scope)
        rows = await self._db.fetch_all(
            f"SELECT b.*, u.first_name AS sender_name, {_DELIVERY_COUNTS}"
            f" FROM broadcasts b LEFT JOIN users u ON u.id = b.sender_id WHERE {where}"
            f" ORDER BY b.id DESC LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset})
        total = await self._db.fetch_one(f"SELECT COUNT(*) FROM broadcasts b WHERE {where}",
                                         params)
        return ([Listed(Announcement.from_row(row), row["sender_name"], row["sent"],
                        row["failed"], row["remaining"]) for row in rows],
                int(total[0]) if total else 0)

    # --- audience and snapshot --------------------------------------------------------------

    async def count_recipients(self, audience: Audience) -> int:
        """How many users the audience reaches now."""
        sql, params = recipients_query(audience)
        row = await self._db.fetch_one(f"SELECT COUNT(*) FROM ({sql}) AS recipients", params)
        return int(row[0]) if row else 0

    async def start(self, announcement_id: int, progress_message_id: int | None = None) -> int:
        """Snapshot the recipients into deliveries and mark the draft sending; return them."""
        draft = await self.get(announcement_id)
        if draft is None or draft.status != Status.DRAFT or draft.audience is None:
            raise AnnouncementStateError(f"Announcement {announcement_id} is not a complete draft")
        sql, params = recipients_query(draft.audience)
        now = utcnow()
        async with self._db.transaction() as tx:
            started = await tx.fetch_one(
                "UPDATE broadcasts SET status = 'sending', started_at = ?, step = NULL,"
                " progress_message_id = COALESCE(?, progress_message_id)"
                " WHERE id = ? AND status = 'draft' RETURNING id",
                (now, progress_message_id, announcement_id))
            if started is None:
                raise AnnouncementStateError(
                    f"Announcement {announcement_id} was already confirmed")
            count = await tx.execute(
                f"INSERT INTO deliveries (broadcast_id, chat_id, updated_at)"
                f" SELECT :announcement, id, :now FROM ({sql}) AS recipients ORDER BY id",
                {**params, "announcement": announcement_id, "now": now})
            await tx.execute("UPDATE broadcasts SET recipients = ? WHERE id = ?",
                             (count, announcement_id))
        return count

    # --- the engine's side ------------------------------------------------------------------

    async def next_sending(self, runner: str) -> Announcement | None:
        """Take the oldest announcement being sent that no other worker is running (or whose
        runner stopped renewing its claim), for `RUNNER_LEASE`; None if there is none."""
        now = utcnow()
        row = await self._db.write(
            "UPDATE broadcasts SET runner = :runner, runner_until = :until"
            " WHERE id = (SELECT id FROM broadcasts WHERE status = 'sending'"
            " AND (runner IS NULL OR runner = :runner OR runner_until < :now)"
            f" ORDER BY started_at, id LIMIT 1{skip_locked(self._db)}) RETURNING *",
            {"runner": runner, "until": later(RUNNER_LEASE), "now": now})
        return Announcement.from_row(row) if row else None

    async def renew(self, announcement_id: int, runner: str) -> bool:
        """Keep running an announcement; False if another worker has taken it over."""
        row = await self._db.write(
            "UPDATE broadcasts SET runner_until = ? WHERE id = ? AND runner = ? RETURNING id",
            (later(RUNNER_LEASE), announcement_id, runner))
        return row is not None

    async def sending_ids(self) -> list[int]:
        """Every announcement being sent, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT id FROM broadcasts WHERE status = 'sending' ORDER BY started_at, id")
        return [row[0] for row in rows]

    async def pending(self, announcement_id: int, limit: int) -> list[Delivery]:
        """The next deliveries still to send, with their recipient's language."""
        rows = await self._db.fetch_all(
            "SELECT d.id, d.broadcast_id, d.chat_id, d.attempts, u.language,"
            " u.telegram_language FROM deliveries d JOIN users u ON u.id = d.chat_id"
            " WHERE d.broadcast_id = :announcement AND (d.status = 'pending'"
            " OR (d.status = 'sending' AND d.lease_until < :now)) ORDER BY d.id LIMIT :n",
            {"announcement": announcement_id, "now": utcnow(), "n": limit})
        return [Delivery(*row) for row in rows]

    async def unsettled(self, announcement_id: int) -> int:
        """Deliveries of an announcement still pending or being sent."""
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?"
            " AND status IN ('pending', 'sending')", (announcement_id,))
        return int(row[0]) if row else 0

    async def mark_sending(self, delivery_id: int) -> bool:
        """Claim a delivery just before its request, for `LEASE`; False if it is not pending
        (or another worker has it)."""
        return await claim(self._db, "deliveries", delivery_id, LEASE)

    async def record(self, delivery: Delivery, status: str, *, message_id: int | None = None,
                     error: str | None = None, retries: int = 0) -> None:
        """Store a delivery's outcome; a blocked recipient stops accepting messages."""
        if status not in set(DeliveryStatus):
            raise ValueError(f"Unknown delivery status {status!r}")
        params = (status, message_id, error, retries, utcnow(), delivery.id)
        sql = ("UPDATE deliveries SET status = ?, message_id = ?, error = ?,"
               " attempts = attempts + ?, updated_at = ? WHERE id = ?")
        if status != DeliveryStatus.BLOCKED:
            await self._db.write(sql, params)
            return
        async with self._db.transaction() as tx:
            await tx.execute(sql, params)
            await tx.execute("UPDATE users SET accepts_messages = 0 WHERE id = ?",
                             (delivery.chat_id,))
        self._forget(delivery.chat_id)

    async def requeue(self, delivery: Delivery, error: str | None, *, retries: int = 0) -> None:
        """Put a delivery whose copy may not have arrived back in the queue."""
        await self._db.write(
            "UPDATE deliveries SET status = 'pending', error = ?, attempts = attempts + ?,"
            " updated_at = ? WHERE id = ? AND status = 'sending'",
            (error, retries, utcnow(), delivery.id))

    async def interrupt(self) -> int:
        """After a restart: requests that were in flight are sent again (at least once). Only
        on SQLite: on PostgreSQL a dead worker's claims are taken up when their lease ends."""
        if self._db.dialect != "sqlite":
            return 0
        async with self._db.transaction() as tx:
            return await tx.execute(
                "UPDATE deliveries SET status = 'pending', error = ?, updated_at = ?"
                " WHERE status = 'sending'", (INTERRUPTED, utcnow()))

    async def counts(self, announcement_id: int) -> Counter[str]:
        """Deliveries of an announcement by status."""
        rows = await self._db.fetch_all(
            "SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = ? GROUP BY status",
            (announcement_id,))
        return Counter({row[0]: row[1] for row in rows})

    async def set_progress_message(self, announcement_id: int, message_id: int) -> None:
        await self._db.write("UPDATE broadcasts SET progress_message_id = ? WHERE id = ?",
                             (message_id, announcement_id))

    async def finish(self, announcement_id: int) -> bool:
        """Mark an announcement done; False if it is no longer sending (cancelled meanwhile)."""
        row = await self._db.write(
            "UPDATE broadcasts SET status = 'done', finished_at = ? WHERE id = ?"
            " AND status = 'sending' RETURNING id", (utcnow(), announcement_id))
        return row is not None

    async def cancel(self, announcement_id: int) -> bool:
        """Stop an announcement being sent; what is still pending stays unsent."""
        row = await self._db.write(
            "UPDATE broadcasts SET status = 'cancelled', finished_at = ? WHERE id = ?"
            " AND status = 'sending' RETURNING id", (utcnow(), announcement_id))
        return row is not None

    # --- the users' setting -----------------------------------------------------------------

    async def receives(self, user_id: int) -> bool:
        """Whether the user receives announcements."""
        row = await self._db.fetch_one("SELECT announcements FROM users WHERE id = ?",
                                       (user_id,))
        return bool(row[0]) if row else True

    async def set_receives(self, user_id: int, on: bool) -> None:
        """Turn the user's announcements on or off."""
        await self._db.write("UPDATE users SET announcements = ? WHERE id = ?",
                             (int(on), user_id))
        self._forget(user_id)
