"""Dialogs: which flow owns a user's free text now, kept in the database and mirrored in memory.

Handler filters run synchronously, so they read the mirror; every change writes the table
first, and the mirror is rebuilt from it when the database opens. Several workers on one
database each keep a mirror: a worker reads the user's row again at the start of their turn
(`reload`), since the user's previous update may have been handled by another.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Database
from storage.users import utcnow


@dataclass(frozen=True, slots=True)
class Dialog:
    flow: str
    step: str
    ref: int | None = None


class DialogsRepo:
    """Reads and writes the dialogs table."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._mirror: dict[int, Dialog] = {}

    async def load(self) -> None:
        """Rebuild the in-memory mirror from the table."""
        rows = await self._db.fetch_all("SELECT user_id, flow, step, ref FROM dialogs")
        self._mirror = {
            row["user_id"]: Dialog(row["flow"], row["step"], row["ref"]) for row in rows
        }

    async def reload(self, user_id: int) -> None:
        """Read one user's dialog again from the table (another worker may have changed it)."""
        row = await self._db.fetch_one("SELECT flow, step, ref FROM dialogs WHERE user_id = ?",
                                       (user_id,))
        if row is None:
            self._mirror.pop(user_id, None)
        else:
            self._mirror[user_id] = Dialog(row["flow"], row["step"], row["ref"])

    def current(self, user_id: int) -> Dialog | None:
        """The user's dialog, without touching the database."""
        return self._mirror.get(user_id)

    async def set(self, user_id: int, flow: str, step: str, ref: int | None = None) -> None:
        """Give the user's free text to `flow` at `step`."""
        if self._mirror.get(user_id) == Dialog(flow, step, ref):
            return
        await self._db.write(
            "INSERT INTO dialogs (user_id, flow, step, ref, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,"
            " ref = excluded.ref, updated_at = excluded.updated_at",
            (user_id, flow, step, ref, utcnow()),
        )
        self._mirror[user_id] = Dialog(flow, step, ref)

    async def clear(self, user_id: int) -> None:
        """End whatever dialog the user is in."""
        await self._db.write("DELETE FROM dialogs WHERE user_id = ?", (user_id,))
        self._mirror.pop(user_id, None)
