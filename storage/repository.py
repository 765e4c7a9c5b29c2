"""The thin repository handlers use: `repo.users.…`, one attribute per aggregate."""

from __future__ import annotations

from storage.announcements import AnnouncementsRepo
from storage.assessments import AssessmentsRepo
from storage.cluster import ClusterRepo
from storage.db import Database
from storage.desk import DeskRepo
from storage.dialogs import DialogsRepo
from storage.faq import FaqRepo
from storage.officers import OfficersRepo
from storage.outbox import OutboxRepo
from storage.privacy import PrivacyRepo
from storage.registrations import RegistrationsRepo
from storage.stats import StatsRepo
from storage.trainings import TrainingsRepo
from storage.users import UsersRepo


class Repository:
    """Groups the per-aggregate repositories over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = UsersRepo(db)
        self.assessments = AssessmentsRepo(db)
        self.dialogs = DialogsRepo(db)
        self.faq = FaqRepo(db)
        self.officers = OfficersRepo(db, role_changed=self.users.forget)
        self.registrations = RegistrationsRepo(db)
        self.stats = StatsRepo(db)
        self.privacy = PrivacyRepo(db)
        self.announcements = AnnouncementsRepo(db, forget=self.users.forget)
        self.trainings = TrainingsRepo(db)
        self.outbox = OutboxRepo(db)
        self.desk = DeskRepo(db)
        self.cluster = ClusterRepo(db)

    async def load(self) -> None:
        """Warm what the repositories mirror in memory."""
        await self.dialogs.load()

    async def refresh(self, user_id: int) -> None:
        """Read again what this worker mirrors of one user (their dialog, their row), at the
        start of their turn: on PostgreSQL other workers share the database, and the user's
        previous update may have changed it on one of them. On SQLite there is one process,
        whose mirrors are exact."""
        if self.db.dialect == "sqlite":
            return
        await self.dialogs.reload(user_id)
        await self.users.reload(user_id)
