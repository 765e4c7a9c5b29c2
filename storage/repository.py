"""The thin repository handlers use: `repo.users.…`, one attribute per aggregate."""

from __future__ import annotations

from storage.assessments import AssessmentsRepo
from storage.db import Database
from storage.dialogs import DialogsRepo
from storage.users import UsersRepo


class Repository:
    """Groups the per-aggregate repositories over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = UsersRepo(db)
        self.assessments = AssessmentsRepo(db)
        self.dialogs = DialogsRepo(db)

    async def load(self) -> None:
        """Warm what the repositories mirror in memory."""
        await self.dialogs.load()
