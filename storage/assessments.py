"""Self-assessments: the attempt, its eligibility answers and its criterion answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from storage.cluster import mark_applied
from storage.db import Database, Row
from storage.users import utcnow


class AssessmentStatus(StrEnum):
    """Where an assessment is; the flow between them is in handlers/assessment/__init__.py."""

    NAMING = "naming"
    ELIGIBILITY = "eligibility"
    ANSWERING = "answering"
    REVIEW = "review"
    COMPLETED = "completed"
    REJECTED = "rejected"
    ABANDONED = "abandoned"


IN_PROGRESS = (AssessmentStatus.NAMING, AssessmentStatus.ELIGIBILITY, AssessmentStatus.ANSWERING,
               AssessmentStatus.REVIEW)
FINISHED = (AssessmentStatus.COMPLETED, AssessmentStatus.REJECTED)


def _placeholders(values: tuple[AssessmentStatus, ...]) -> str:
    """`?, ?, …`: one SQL placeholder per value, so values travel as parameters."""
    return ", ".join("?" * len(values))


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: int
    user_id: int
    sheet: int
    product_name: str | None
    status: AssessmentStatus
    position: int
    message_id: int | None
    failed_condition: str | None
    total: float | None
    band: int | None
    stars: int | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None

    @classmethod
    def from_row(cls, row: Row) -> AssessmentRecord:
        values = dict(row)
        for key in ("created_at", "updated_at", "completed_at"):
            values[key] = datetime.fromisoformat(values[key]) if values[key] else None
        values["status"] = AssessmentStatus(values["status"])
        return cls(**values)

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def for_reference(self) -> bool:
        """Scored although an eligibility condition was not met (the dossier would be rejected)."""
        return self.status != AssessmentStatus.REJECTED and self.failed_condition is not None


def registrable(record: AssessmentRecord) -> bool:
    """Whether the assessment may start a registration: completed, every condition met."""
    return record.status == AssessmentStatus.COMPLETED and not record.for_reference


class AssessmentsRepo:
    """Reads and writes assessments; every answer is committed when it is given."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(self, user_id: int, sheet: int) -> AssessmentRecord:
        """Start an assessment of `sheet` for the user, asking the product name first."""
        now = utcnow()
        row = await self._db.write(
            "INSERT INTO assessments (user_id, sheet, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING *",
            (user_id, sheet, AssessmentStatus.NAMING, now, now),
        )
        assert row is not None
        return AssessmentRecord.from_row(row)

    async def get(self, assessment_id: int) -> AssessmentRecord | None:
        """The assessment, or None."""
        row = await self._db.fetch_one("SELECT * FROM assessments WHERE id = ?", (assessment_id,))
        return AssessmentRecord.from_row(row) if row else None

    async def in_progress_for(self, user_id: int) -> AssessmentRecord | None:
        """The user's latest unfinished assessment, if any."""
        row = await self._db.fetch_one(
            "SELECT * FROM assessments WHERE user_id = ?"
            f" AND status IN ({_placeholders(IN_PROGRESS)})"
            " ORDER BY updated_at DESC, id DESC LIMIT 1",
            (user_id, *IN_PROGRESS),
        )
        return AssessmentRecord.from_row(row) if row else None

    async def finished_for(self, user_id: int, limit: int = 20) -> list[AssessmentRecord]:
        """The user's completed or rejected assessments, newest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM assessments WHERE user_id = ?"
            f" AND status IN ({_placeholders(FINISHED)})"
            " ORDER BY completed_at DESC, id DESC LIMIT ?",
            (user_id, *FINISHED, limit),
        )
        return [AssessmentRecord.from_row(row) for row in rows]

    async def update(self, assessment_id: int, **fields: object) -> None:
        """Change some columns (status, position, message_id, product_name, failed_condition)."""
        allowed = {"status", "position", "message_id", "product_name", "failed_condition"}
        if not fields or not set(fields) <= allowed:
            raise ValueError(f"Cannot update {sorted(set(fields) - allowed)}")
        assignments = ", ".join(f"{name} = :{name}" for name in fields)
        await self._db.write(
            f"UPDATE assessments SET {assignments}, updated_at = :now WHERE id = :id",
            {**fields, "now": utcnow(), "id": assessment_id},
        )

    async def answer(self, assessment_id: int, code: str, option_index: int,
                     next_position: int, update_id: int | None = None) -> None:
        """Record one criterion answer and move on, atomically (with the update's mark)."""
        now = utcnow()
        async with self._db.transaction() as tx:
            await mark_applied(tx, update_id)
            await tx.execute(
                "INSERT INTO assessment_answers (assessment_id, code, option_index, answered_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (assessment_id, code) DO UPDATE SET"
                " option_index = excluded.option_index, answered_at = excluded.answered_at",
                (assessment_id, code, option_index, now),
            )
            await tx.execute(
                "UPDATE assessments SET position = ?, updated_at = ? WHERE id = ?",
                (next_position, now, assessment_id),
            )

    async def answers(self, assessment_id: int) -> dict[str, int]:
        """Criterion code → chosen option index."""
        rows = await self._db.fetch_all(
            "SELECT code, option_index FROM assessment_answers WHERE assessment_id = ?",
            (assessment_id,),
        )
        return {row["code"]: row["option_index"] for row in rows}

    async def answer_eligibility(self, assessment_id: int, condition_id: str, met: bool,
                                 next_position: int) -> None:
        """Record one eligibility answer and move on, atomically."""
        now = utcnow()
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO assessment_eligibility (assessment_id, condition_id, met,"
                " answered_at) VALUES (?, ?, ?, ?) ON CONFLICT (assessment_id, condition_id)"
                " DO UPDATE SET met = excluded.met, answered_at = excluded.answered_at",
                (assessment_id, condition_id, int(met), now),
            )
            await tx.execute(
                "UPDATE assessments SET position = ?, updated_at = ? WHERE id = ?",
                (next_position, now, assessment_id),
            )

    async def complete(self, assessment_id: int, total: float, band: int, stars: int) -> None:
        """Store the result and close the assessment."""
        now = utcnow()
        await self._db.write(
            "UPDATE assessments SET status = ?, total = ?, band = ?, stars = ?,"
            " completed_at = ?, updated_at = ? WHERE id = ?",
            (AssessmentStatus.COMPLETED, total, band, stars, now, now, assessment_id),
        )

    async def reject(self, assessment_id: int, condition_id: str) -> None:
        """Close the assessment as rejected by an eligibility condition."""
        now = utcnow()
        await self._db.write(
            "UPDATE assessments SET status = ?, failed_condition = ?, stars = 0,"
            " completed_at = ?, updated_at = ? WHERE id = ?",
            (AssessmentStatus.REJECTED, condition_id, now, now, assessment_id),
        )

    async def abandon(self, assessment_id: int) -> None:
        """Set an unfinished assessment aside (the user started over)."""
        await self.update(assessment_id, status=AssessmentStatus.ABANDONED)

    async def previous_of(self, record: AssessmentRecord) -> AssessmentRecord | None:
        """The user's completed assessment of the same sheet and product just before `record`."""
        row = await self._db.fetch_one(
            "SELECT * FROM assessments WHERE user_id = ? AND sheet = ? AND status = ?"
            " AND lower(coalesce(product_name, '')) = lower(coalesce(?, ''))"
            " AND (completed_at, id) < (?, ?) ORDER BY completed_at DESC, id DESC LIMIT 1",
            (record.user_id, record.sheet, AssessmentStatus.COMPLETED, record.product_name,
             record.completed_at.isoformat(timespec="seconds") if record.completed_at else "",
             record.id),
        )
        return AssessmentRecord.from_row(row) if row else None
