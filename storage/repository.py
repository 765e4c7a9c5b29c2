"""The thin repository handlers use: `repo.users.…`, one attribute per aggregate."""

from __future__ import annotations

from storage.db import Database
from storage.users import UsersRepo


class Repository:
    """Groups the per-aggregate repositories over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = UsersRepo(db.connection)
