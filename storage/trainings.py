"""Trainings: drafts saved answer by answer, classes, RSVPs with capacity, and reminders.

Times are stored as ISO 8601 strings in UTC, so that SQL compares them as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from storage.db import Database, Row, Tx
from storage.officers import Scope


class TrainingStatus(StrEnum):
    """A training's life: drafted step by step, then planned (announced), maybe cancelled."""

    DRAFT = "draft"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class Step(StrEnum):
    """The question a draft asks; stored as `edit:STEP` while it is changed from the summary."""

    PROVINCE = "province"  # admins only: officers draft in their own province
    TITLE = "title"
    TOPICS = "topics"
    STARTS = "starts"
    ENDS = "ends"
    VENUE = "venue"
    AUDIENCE = "audience"
    CLASSES = "classes"
    CLASS_NAME = "class_name"
    CLASS_COMMUNES = "class_communes"
    CLASS_CAPACITY = "class_capacity"
    SUMMARY = "summary"


class Audience(StrEnum):
    """Whom a training is announced to (in its area); the order is that of its buttons."""

    EVERYONE = "everyone"
    PRODUCERS = "producers"
    OFFICERS = "officers"


class RsvpAnswer(StrEnum):
    """A person's RSVP."""

    YES = "yes"
    NO = "no"


class ReminderKind(StrEnum):
    """Which of a person's two reminders."""

    DAY_BEFORE = "day_before"
    HOUR_BEFORE = "hour_before"


REMINDERS: dict[ReminderKind, timedelta] = {ReminderKind.DAY_BEFORE: timedelta(days=1),
                                            ReminderKind.HOUR_BEFORE: timedelta(hours=1)}
EDITABLE = frozenset({"step", "title", "topics", "starts_at", "ends_at", "venue",
                      "province_code", "commune_code", "audience"})
Topic = int | str


def iso(moment: datetime) -> str:
    """A moment as stored: UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse(value: str | None) -> datetime | None:
    """A stored moment, or None."""
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class TrainingClass:
    id: int
    training_id: int
    name: str
    capacity: int | None
    communes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Training:
    id: int
    creator_id: int | None
    status: TrainingStatus
    step: str | None  # a Step, or `edit:` and a Step; None once announced
    title: str | None
    topics: tuple[Topic, ...]
    starts_at: datetime | None
    ends_at: datetime | None
    venue: str | None
    province_code: int | None
    commune_code: int | None
    audience: Audience | None
    broadcast_id: int | None
    created_at: str
    classes: tuple[TrainingClass, ...] = ()

    @classmethod
    def from_row(cls, row: Row, classes: tuple[TrainingClass, ...]) -> Training:
        return cls(
            id=row["id"], creator_id=row["creator_id"], status=TrainingStatus(row["status"]),
            step=row["step"],
            title=row["title"], topics=tuple(json.loads(row["topics"])),
            starts_at=parse(row["starts_at"]), ends_at=parse(row["ends_at"]),
            venue=row["venue"], province_code=row["province_code"],
            commune_code=row["commune_code"],
            audience=Audience(row["audience"]) if row["audience"] else None,
            broadcast_id=row["broadcast_id"], created_at=row["created_at"], classes=classes)

    def class_for(self, commune_code: int | None) -> TrainingClass | None:
        """The class that gathers this commune, if any."""
        return next((c for c in self.classes if commune_code in c.communes), None)

    def klass(self, class_id: int) -> TrainingClass | None:
        """One of the training's classes, by id."""
        return next((c for c in self.classes if c.id == class_id), None)


@dataclass(frozen=True, slots=True)
class Rsvp:
    training_id: int
    user_id: int
    class_id: int | None
    answer: RsvpAnswer
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class Counts:
    yes: int = 0
    no: int = 0
    by_class: dict[int, int] = field(default_factory=dict)  # class id -> people attending


@dataclass(frozen=True, slots=True)
class Reminder:
    training_id: int
    user_id: int
    kind: ReminderKind
    due_at: datetime


@dataclass(frozen=True, slots=True)
class Attendee:
    user_id: int
    first_name: str
    last_name: str | None
    username: str | None
    phone: str | None
    province_code: int | None
    commune_code: int | None
    class_name: str | None
    answer: RsvpAnswer
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class ClassPlan:
    """A class as an officer sets it at once (the desk): `id` of an existing class, or None."""

    id: int | None
    name: str
    communes: tuple[int, ...]
    capacity: int


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    """Every part of a training, checked, as the desk's form gives them at once."""

    title: str
    topics: tuple[Topic, ...]
    starts_at: datetime
    ends_at: datetime
    venue: str
    audience: Audience
    classes: tuple[ClassPlan, ...] = ()


@dataclass(frozen=True, slots=True)
class Listed:
    """A training in a list, with its answers counted and its places summed."""

    training: Training
    yes: int
    no: int
    places: int | None  # None: no class limits the places


class RsvpRefused(Exception):
    """An answer that cannot be stored: `reason` is 'closed', 'class' or 'full'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_ATTENDEES_SQL = """
SELECT r.user_id, r.answer, r.answered_at, u.first_name, u.last_name, u.username,
       c.name AS class_name,
       (SELECT g.phone FROM registrations g WHERE g.user_id = r.user_id
          AND g.status != 'draft' AND g.phone IS NOT NULL
          AND (:province IS NULL OR g.province_code = :province)
          AND (:commune IS NULL OR g.commune_code = :commune)
        ORDER BY g.id DESC LIMIT 1) AS phone,
       COALESCE((SELECT g.province_code FROM registrations g WHERE g.user_id = r.user_id
                   AND g.commune_code IS NOT NULL ORDER BY g.status = 'draft', g.id DESC
                 LIMIT 1),
                (SELECT o.province_code FROM officers o WHERE o.user_id = r.user_id))
         AS home_province,
       COALESCE((SELECT g.commune_code FROM registrations g WHERE g.user_id = r.user_id
                   AND g.commune_code IS NOT NULL ORDER BY g.status = 'draft', g.id DESC
                 LIMIT 1),
                (SELECT o.commune_code FROM officers o WHERE o.user_id = r.user_id))
         AS home_commune
FROM training_rsvps r
JOIN users u ON u.id = r.user_id
LEFT JOIN training_classes c ON c.id = r.class_id
WHERE r.training_id = :training
ORDER BY r.answer DESC, c.id, u.first_name, r.user_id
"""


class TrainingsRepo:
    """Reads and writes trainings, their classes, answers and reminders."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # Drafts and their classes ------------------------------------------------------------

    async def create_draft(self, creator_id: int, scope: Scope | None, step: Step) -> Training:
        """Start a training in the creator's scope (None: an admin picks the province)."""
        now = iso(datetime.now(UTC))
        row = await self._db.write(
            "INSERT INTO trainings (creator_id, step, province_code, commune_code, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (creator_id, step, scope.province_code if scope else None,
             scope.commune_code if scope else None, now, now))
        assert row is not None
        return await self._must_get(row["id"])

    async def draft_for(self, creator_id: int) -> Training | None:
        """The training this person is setting up, if any."""
        row = await self._db.fetch_one(
            "SELECT id FROM trainings WHERE creator_id = ? AND status = ?"
            " ORDER BY id DESC LIMIT 1", (creator_id, TrainingStatus.DRAFT))
        return await self.get(row["id"]) if row else None

    async def get(self, training_id: int) -> Training | None:
        """One training with its classes, or None."""
        row = await self._db.fetch_one("SELECT * FROM trainings WHERE id = ?", (training_id,))
        return Training.from_row(row, await self._classes(training_id)) if row else None

    async def _must_get(self, training_id: int) -> Training:
        training = await self.get(training_id)
        assert training is not None
        return training

    async def _classes(self, training_id: int) -> tuple[TrainingClass, ...]:
        return (await self._classes_of([training_id])).get(training_id, ())

    async def _classes_of(self, training_ids: list[int]
                          ) -> dict[int, tuple[TrainingClass, ...]]:
        # SQLite's group_concat is PostgreSQL's string_agg, which takes text only.
        communes = ("group_concat(w.commune_code)" if self._db.dialect == "sqlite"
                    else "string_agg(w.commune_code::text, ',')")
        rows = await self._db.fetch_all(
            f"SELECT c.*, {communes} AS communes FROM training_classes c"
            " LEFT JOIN training_class_communes w ON w.class_id = c.id"
            f" WHERE c.training_id IN ({_marks(training_ids)}) GROUP BY c.id ORDER BY c.id",
            training_ids)
        found: dict[int, list[TrainingClass]] = {}
        for r in rows:
            found.setdefault(r["training_id"], []).append(TrainingClass(
                r["id"], r["training_id"], r["name"], r["capacity"],
                tuple(sorted(int(x) for x in (r["communes"] or "").split(",") if x))))
        return {training_id: tuple(classes) for training_id, classes in found.items()}

    async def _many(self, training_ids: list[int]) -> list[Training]:
        """Several trainings with their classes, in the order of `training_ids`."""
        rows = {r["id"]: r for r in await self._db.fetch_all(
            f"SELECT * FROM trainings WHERE id IN ({_marks(training_ids)})", training_ids)}
        classes = await self._classes_of(training_ids)
        return [Training.from_row(rows[i], classes.get(i, ())) for i in training_ids
                if i in rows]

    async def update(self, training_id: int, **values: Any) -> Training:
        """Save some fields of a draft as soon as they are given."""
        if not values or not set(values) <= EDITABLE:
            raise ValueError(f"Cannot update {sorted(set(values) - EDITABLE)}")
        values = {name: _stored(value) for name, value in values.items()}
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        await self._db.write(
            f"UPDATE trainings SET {assignments}, updated_at = :now WHERE id = :id",
            {**values, "now": iso(datetime.now(UTC)), "id": training_id})
        return await self._must_get(training_id)

    async def add_class(self, training_id: int, name: str) -> TrainingClass:
        """Open a class (its communes and capacity come next)."""
        row = await self._db.write(
            "INSERT INTO training_classes (training_id, name, created_at) VALUES (?, ?, ?)"
            " RETURNING id", (training_id, name, iso(datetime.now(UTC))))
        assert row is not None
        return TrainingClass(row["id"], training_id, name, None)

    async def add_commune(self, class_id: int, commune_code: int) -> None:
        """Add a commune to a class (again is harmless)."""
        await self._db.write(
            "INSERT INTO training_class_communes (class_id, commune_code) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING", (class_id, commune_code))

    async def set_capacity(self, class_id: int, capacity: int) -> None:
        """Give a class its number of places."""
        await self._db.write("UPDATE training_classes SET capacity = ? WHERE id = ?",
                             (capacity, class_id))

    async def remove_class(self, class_id: int) -> None:
        """Delete a class (and its communes) from a draft."""
        await self._db.write("DELETE FROM training_classes WHERE id = ?", (class_id,))

    async def discard(self, training_id: int) -> None:
        """Delete a draft that was never announced."""
        await self._db.write("DELETE FROM trainings WHERE id = ? AND status = ?",
                             (training_id, TrainingStatus.DRAFT))

    async def publish(self, training_id: int) -> bool:
        """Make a draft a planned training; False if it was not a draft any more."""
        row = await self._db.write(
            "UPDATE trainings SET status = ?, step = NULL, updated_at = ?"
            " WHERE id = ? AND status = ? RETURNING id",
            (TrainingStatus.PLANNED, iso(datetime.now(UTC)), training_id, TrainingStatus.DRAFT))
        return row is not None

    async def set_broadcast(self, training_id: int, broadcast_id: int) -> None:
        """Remember the announcement of a training."""
        await self._db.write("UPDATE trainings SET broadcast_id = ? WHERE id = ?",
                             (broadcast_id, training_id))

    async def cancel(self, training_id: int) -> bool:
        """Cancel a planned training; False if it was not planned."""
        row = await self._db.write(
            "UPDATE trainings SET status = ?, updated_at = ? WHERE id = ? AND status = ?"
            " RETURNING id", (TrainingStatus.CANCELLED, iso(datetime.now(UTC)), training_id,
                              TrainingStatus.PLANNED))
        return row is not None

    async def create_planned(self, creator_id: int, province_code: int,
                             commune_code: int | None, plan: TrainingPlan) -> Training:
        """Store a whole training, classes included, as planned, in one transaction."""
        now = iso(datetime.now(UTC))
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "INSERT INTO trainings (creator_id, status, province_code, commune_code,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (creator_id, TrainingStatus.PLANNED, province_code, commune_code, now, now))
            assert row is not None
            await _write_plan(tx, row["id"], plan, now)
        return await self._must_get(row["id"])

    async def revise(self, training_id: int, plan: TrainingPlan) -> Training | None:
        """Change a planned training and its classes in one transaction (None: not planned).

        Classes missing from the plan are deleted: the caller keeps those people attend."""
        now = iso(datetime.now(UTC))
        async with self._db.transaction() as tx:
            row = await tx.fetch_one("SELECT 1 FROM trainings WHERE id = ? AND status = ?",
                             (training_id, TrainingStatus.PLANNED))
            if row is None:
                return None
            await _write_plan(tx, training_id, plan, now)
        return await self._must_get(training_id)

    async def replan_reminders(self, training_id: int, now: datetime) -> None:
        """After a new start: each attendee's reminders still ahead, due at the new times
        (sent ones ahead go again, for the new date); the unsent ones now past are dropped."""
        async with self._db.transaction() as tx:
            row = await tx.fetch_one("SELECT starts_at FROM trainings WHERE id = ?", (training_id,))
            await tx.execute("DELETE FROM training_reminders WHERE training_id = ?"
                             " AND sent_at IS NULL", (training_id,))
            if row is None or row["starts_at"] is None:
                return
            starts_at = datetime.fromisoformat(row["starts_at"])
            rows = await tx.fetch_all("SELECT user_id FROM training_rsvps WHERE training_id = ?"
                                      " AND answer = ?", (training_id, RsvpAnswer.YES))
            attending = [r["user_id"] for r in rows]
            for user_id in attending:
                await _plan_reminders(tx, training_id, user_id, True, starts_at, now)

    # Listing -------------------------------------------------------------------------------

    async def managed_by(self, user_id: int, scope: Scope | None, now: datetime, *,
                         offset: int = 0, limit: int = 50) -> list[Listed]:
        """Trainings (not drafts) this officer manages: created, or addressed in their scope
        (handlers.trainings.common.may_manage); upcoming first and soonest, then the others
        latest first, each with its answers counted."""
        rows = await self._db.fetch_all(
            f"SELECT t.id FROM trainings t WHERE {_MANAGED}"
            " ORDER BY (t.status = :planned AND t.ends_at > :now) DESC,"
            " CASE WHEN t.status = :planned AND t.ends_at > :now THEN t.starts_at END,"
            " t.starts_at DESC, t.id DESC LIMIT :limit OFFSET :offset",
            {**_managed_params(user_id, scope), "now": iso(now), "limit": limit,
             "offset": offset, "planned": TrainingStatus.PLANNED})
        ids = [r["id"] for r in rows]
        counts = {r["id"]: r for r in await self._db.fetch_all(
            f"SELECT t.id, {_COUNTS} FROM trainings t WHERE t.id IN ({_marks(ids)})", ids)}
        return [Listed(t, counts[t.id]["yes"], counts[t.id]["no"], counts[t.id]["places"])
                for t in await self._many(ids)]

    async def count_managed_by(self, user_id: int, scope: Scope | None) -> int:
        """How many trainings (not drafts) `managed_by` lists in all."""
        row = await self._db.fetch_one(f"SELECT COUNT(*) AS n FROM trainings t WHERE {_MANAGED}",
                                       _managed_params(user_id, scope))
        return int(row["n"]) if row else 0


    async def upcoming(self, now: datetime, province_code: int | None = None,
                       limit: int = 10) -> list[Training]:
        """Planned trainings not yet over, soonest first (in one province, if given)."""
        rows = await self._db.fetch_all(
            "SELECT id FROM trainings WHERE status = ? AND ends_at > ?"
            " AND (? IS NULL OR province_code = ?) ORDER BY starts_at, id LIMIT ?",
            (TrainingStatus.PLANNED, iso(now), province_code, province_code, limit))
        return [await self._must_get(r["id"]) for r in rows]

    async def answered_by(self, user_id: int, now: datetime) -> list[int]:
        """Ids of upcoming trainings this person answered."""
        rows = await self._db.fetch_all(
            "SELECT r.training_id FROM training_rsvps r JOIN trainings t ON t.id = r.training_id"
            " WHERE r.user_id = ? AND t.status = ? AND t.ends_at > ?",
            (user_id, TrainingStatus.PLANNED, iso(now)))
        return [r["training_id"] for r in rows]

    async def home_place(self, user_id: int) -> Scope | None:
        """Where a person lives or works: their latest registration's commune, or their scope."""
        row = await self._db.fetch_one(
            "SELECT province_code, commune_code FROM registrations WHERE user_id = ?"
            " AND commune_code IS NOT NULL ORDER BY status = 'draft', id DESC LIMIT 1",
            (user_id,))
        if row is None:
            row = await self._db.fetch_one(
                "SELECT province_code, commune_code FROM officers WHERE user_id = ?", (user_id,))
        return Scope(row["province_code"], row["commune_code"]) if row else None

    # Answers -------------------------------------------------------------------------------

    async def answer(self, training_id: int, user_id: int, answer: RsvpAnswer,
                     class_id: int | None, now: datetime) -> Rsvp:
        """Store (or change) an answer and its reminders at once; raise RsvpRefused if not."""
        async with self._db.transaction() as tx:
            training = await tx.fetch_one("SELECT status, starts_at FROM trainings WHERE id = ?",
                                  (training_id,))
            if training is None or training["status"] != TrainingStatus.PLANNED or (
                    training["starts_at"] <= iso(now)):
                raise RsvpRefused("closed")
            if answer == RsvpAnswer.YES:
                await _check_place(tx, training_id, user_id, class_id)
            else:
                class_id = None
            await tx.execute(
                "INSERT INTO training_rsvps (training_id, user_id, class_id, answer, answered_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (training_id, user_id) DO UPDATE SET"
                " class_id = excluded.class_id, answer = excluded.answer,"
                " answered_at = excluded.answered_at",
                (training_id, user_id, class_id, answer, iso(now)))
            await _plan_reminders(tx, training_id, user_id, answer == RsvpAnswer.YES,
                                  datetime.fromisoformat(training["starts_at"]), now)
        return Rsvp(training_id, user_id, class_id, RsvpAnswer(answer), now)

    async def rsvp(self, training_id: int, user_id: int) -> Rsvp | None:
        """This person's answer to a training, if any."""
        row = await self._db.fetch_one(
            "SELECT * FROM training_rsvps WHERE training_id = ? AND user_id = ?",
            (training_id, user_id))
        if row is None:
            return None
        return Rsvp(row["training_id"], row["user_id"], row["class_id"],
                    RsvpAnswer(row["answer"]),
                    datetime.fromisoformat(row["answered_at"]))

    async def counts(self, training_id: int) -> Counts:
        """How many said yes and no, and how many attend each class."""
        rows = await self._db.fetch_all(
            "SELECT answer, class_id, COUNT(*) AS n FROM training_rsvps WHERE training_id = ?"
            " GROUP BY answer, class_id", (training_id,))
        yes = sum(r["n"] for r in rows if r["answer"] == RsvpAnswer.YES)
        no = sum(r["n"] for r in rows if r["answer"] == RsvpAnswer.NO)
        by_class = {r["class_id"]: r["n"] for r in rows
                    if r["answer"] == RsvpAnswer.YES and r["class_id"] is not None}
        return Counts(yes, no, by_class)

    async def attendees(self, training_id: int, scope: Scope | None) -> list[Attendee]:
        """Everyone who answered, those attending first; phones only from registrations in scope."""
        rows = await self._db.fetch_all(_ATTENDEES_SQL, {
            "training": training_id, "province": scope.province_code if scope else None,
            "commune": scope.commune_code if scope else None})
        return [Attendee(r["user_id"], r["first_name"], r["last_name"], r["username"],
                         r["phone"], r["home_province"], r["home_commune"], r["class_name"],
                         RsvpAnswer(r["answer"]), datetime.fromisoformat(r["answered_at"]))
                for r in rows]

    async def attending(self, training_id: int) -> list[int]:
        """Ids of the people who said yes."""
        rows = await self._db.fetch_all(
            "SELECT user_id FROM training_rsvps WHERE training_id = ? AND answer = ?"
            " ORDER BY user_id", (training_id, RsvpAnswer.YES))
        return [r["user_id"] for r in rows]

    # Reminders -----------------------------------------------------------------------------

    async def due_reminders(self, now: datetime, limit: int = 500) -> list[Reminder]:
        """Unsent reminders due by `now`, of attendees of planned trainings not yet started."""
        rows = await self._db.fetch_all(
            "SELECT m.* FROM training_reminders m JOIN trainings t ON t.id = m.training_id"
            " JOIN training_rsvps r ON r.training_id = m.training_id AND r.user_id = m.user_id"
            " WHERE m.sent_at IS NULL AND m.due_at <= :now AND t.status = :planned"
            " AND t.starts_at > :now AND r.answer = :yes ORDER BY m.due_at, m.user_id LIMIT :n",
            {"now": iso(now), "n": limit, "planned": TrainingStatus.PLANNED,
             "yes": RsvpAnswer.YES})
        return [_reminder(r) for r in rows]

    async def pending_times(self, now: datetime) -> list[Reminder]:
        """Each due time of unsent reminders (per training and kind) of trainings not started."""
        rows = await self._db.fetch_all(
            "SELECT DISTINCT m.training_id, m.kind, m.due_at, 0 AS user_id"
            " FROM training_reminders m JOIN trainings t ON t.id = m.training_id"
            " WHERE m.sent_at IS NULL AND t.status = ? AND t.starts_at > ?"
            " ORDER BY m.due_at, m.training_id", (TrainingStatus.PLANNED, iso(now)))
        return [_reminder(r) for r in rows]

    async def mark_sent(self, reminder: Reminder, now: datetime) -> None:
        """Record that a reminder went out, so that it never goes again."""
        await self._db.write(
            "UPDATE training_reminders SET sent_at = ? WHERE training_id = ? AND user_id = ?"
            " AND kind = ?", (iso(now), reminder.training_id, reminder.user_id, reminder.kind))


# may_manage in SQL: created by the officer, or in their province and (their commune being the
# training's or in one of its classes, or their scope the whole province). No scope: admins.
_MANAGED = """t.status != 'draft' AND (:everywhere OR t.creator_id = :user OR (
    t.province_code = :province AND (:commune IS NULL OR t.commune_code = :commune OR EXISTS (
        SELECT 1 FROM training_classes c JOIN training_class_communes w ON w.class_id = c.id
        WHERE c.training_id = t.id AND w.commune_code = :commune))))"""
_COUNTS = """
    (SELECT COUNT(*) FROM training_rsvps r WHERE r.training_id = t.id AND r.answer = 'yes')
        AS yes,
    (SELECT COUNT(*) FROM training_rsvps r WHERE r.training_id = t.id AND r.answer = 'no')
        AS no,
    (SELECT SUM(c.capacity) FROM training_classes c WHERE c.training_id = t.id) AS places"""


def _marks(values: list[int]) -> str:
    """Placeholders for `IN (…)`; `NULL` for none, which matches nothing."""
    return ", ".join("?" * len(values)) or "NULL"


def _managed_params(user_id: int, scope: Scope | None) -> dict[str, Any]:
    return {"everywhere": scope is None, "user": user_id,
            "province": scope.province_code if scope else None,
            "commune": scope.commune_code if scope else None}


async def _write_plan(tx: Tx, training_id: int, plan: TrainingPlan,
                      now: str) -> None:
    """Write a plan's parts and classes over the training's (step cleared: not a draft)."""
    await tx.execute(
        "UPDATE trainings SET step = NULL, title = ?, topics = ?, starts_at = ?, ends_at = ?,"
        " venue = ?, audience = ?, updated_at = ? WHERE id = ?",
        (plan.title, _stored(plan.topics), iso(plan.starts_at), iso(plan.ends_at), plan.venue,
         plan.audience, now, training_id))
    rows = await tx.fetch_all("SELECT id FROM training_classes WHERE training_id = ?",
                              (training_id,))
    existing = {r["id"] for r in rows}
    kept = {k.id for k in plan.classes if k.id in existing}
    for klass in plan.classes:
        await _write_class(tx, training_id, klass, klass.id if klass.id in kept else None, now)
    # Deleted last, so that a new class never takes a removed one's id (old buttons carry it).
    for class_id in existing - kept:
        await tx.execute("DELETE FROM training_classes WHERE id = ?", (class_id,))


async def _write_class(tx: Tx, training_id: int, klass: ClassPlan,
                       class_id: int | None, now: str) -> None:
    """Update a kept class (`class_id`) or insert a new one, with exactly its communes."""
    if class_id is not None:
        await tx.execute("UPDATE training_classes SET name = ?, capacity = ? WHERE id = ?",
                         (klass.name, klass.capacity, class_id))
        await tx.execute("DELETE FROM training_class_communes WHERE class_id = ?", (class_id,))
    else:
        row = await tx.fetch_one("INSERT INTO training_classes (training_id, name, capacity,"
                         " created_at) VALUES (?, ?, ?, ?) RETURNING id",
                         (training_id, klass.name, klass.capacity, now))
        assert row is not None
        class_id = row["id"]
    await tx.executemany(
        "INSERT INTO training_class_communes (class_id, commune_code) VALUES (?, ?)"
        " ON CONFLICT DO NOTHING", [(class_id, code) for code in klass.communes])


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, tuple | list):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def _reminder(row: Row) -> Reminder:
    return Reminder(row["training_id"], row["user_id"], ReminderKind(row["kind"]),
                    datetime.fromisoformat(row["due_at"]))


async def _check_place(tx: Tx, training_id: int, user_id: int,
                       class_id: int | None) -> None:
    """Refuse a class of another training, a missing class, or a full one."""
    has_classes = await tx.fetch_one("SELECT 1 FROM training_classes WHERE training_id = ?",
                             (training_id,))
    if class_id is None:
        if has_classes:
            raise RsvpRefused("class")
        return
    klass = await tx.fetch_one("SELECT capacity FROM training_classes WHERE id = ?"
                       " AND training_id = ?", (class_id, training_id))
    if klass is None:
        raise RsvpRefused("class")
    taken = await tx.fetch_one("SELECT COUNT(*) AS n FROM training_rsvps WHERE class_id = ?"
                       " AND answer = ? AND user_id != ?", (class_id, RsvpAnswer.YES, user_id))
    if klass["capacity"] is not None and taken is not None and taken["n"] >= klass["capacity"]:
        raise RsvpRefused("full")


async def _plan_reminders(tx: Tx, training_id: int, user_id: int,
                          attending: bool, starts_at: datetime, now: datetime) -> None:
    """Keep the reminders still ahead of those who attend; drop the unsent ones otherwise."""
    if not attending:
        await tx.execute("DELETE FROM training_reminders WHERE training_id = ? AND user_id = ?"
                         " AND sent_at IS NULL", (training_id, user_id))
        return
    for kind, before in REMINDERS.items():
        due = starts_at - before
        if due > now:
            await tx.execute(
                "INSERT INTO training_reminders (training_id, user_id, kind, due_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (training_id, user_id, kind)"
                " DO UPDATE SET due_at = excluded.due_at,"  # a new start: remind again
                " sent_at = CASE WHEN training_reminders.due_at = excluded.due_at"
                " THEN training_reminders.sent_at END",
                (training_id, user_id, kind, iso(due)))
