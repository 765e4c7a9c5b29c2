"""Users: who wrote to the bot, their language, role and reachability."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from storage.db import Database, Row


class Role(StrEnum):
    """What a user may do: producers use the bot, officers handle an area, admins everything."""

    PRODUCER = "producer"
    OFFICER = "officer"
    ADMIN = "admin"

    @classmethod
    def of(cls, user: UserRecord | None) -> Role:
        """The role of a known user; an unknown one is a producer."""
        return user.role if user is not None else cls.PRODUCER


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_language: str | None
    language: str | None
    role: Role
    accepts_messages: bool
    first_seen: datetime
    last_seen: datetime
    org_name: str | None = None  # None: never asked; "": the user skipped the question

    @classmethod
    def from_row(cls, row: Row) -> UserRecord:
        return cls(
            id=row["id"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            username=row["username"],
            telegram_language=row["telegram_language"],
            language=row["language"],
            role=Role(row["role"]),
            accepts_messages=bool(row["accepts_messages"]),
            first_seen=datetime.fromisoformat(row["first_seen"]),
            last_seen=datetime.fromisoformat(row["last_seen"]),
            org_name=row["org_name"],
        )


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_TOUCH_SQL = """
INSERT INTO users (id, first_name, last_name, username, telegram_language, role,
                   accepts_messages, first_seen, last_seen)
VALUES (:id, :first_name, :last_name, :username, :telegram_language,
        CASE WHEN :is_admin THEN 'admin' ELSE 'producer' END, 1, :now, :now)
ON CONFLICT (id) DO UPDATE SET
    first_name = excluded.first_name,
    last_name = excluded.last_name,
    username = excluded.username,
    telegram_language = excluded.telegram_language,
    role = CASE WHEN :is_admin THEN 'admin'
                WHEN users.role = 'admin' THEN 'producer'
                ELSE users.role END,
    accepts_messages = 1,
    last_seen = excluded.last_seen
RETURNING *
"""


TOUCH_INTERVAL = 60.0  # seconds: last_seen is kept to the minute, sparing a write per update


class UsersRepo:
    """Reads and writes the users table.

    It remembers the rows it last wrote, so a user chatting away costs one write a minute,
    not one per update. Every change of a user goes through here and refreshes that memory.
    With several workers, `reload` reads the row again at the start of the user's turn.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._recent: dict[int, tuple[float, tuple[Any, ...], UserRecord]] = {}


    async def touch(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        telegram_language: str | None = None,
        *,
        is_admin: bool = False,
    ) -> UserRecord:
        """Record that the user wrote now (creating them on first contact); return the row."""
        identity = (first_name, last_name, username, telegram_language, is_admin)
        cached = self._recent.get(user_id)
        now = time.monotonic()
        if cached and cached[1] == identity and now - cached[0] < TOUCH_INTERVAL:
            return cached[2]
        params = {
            "id": user_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "telegram_language": telegram_language,
            "is_admin": is_admin,
            "now": utcnow(),
        }
        row = await self._db.write(_TOUCH_SQL, params)
        assert row is not None
        record = UserRecord.from_row(row)
        self._recent[user_id] = (now, identity, record)
        return record

    async def reload(self, user_id: int) -> None:
        """Read a remembered user's row again (another worker may have changed it), keeping
        the time of the last write: `touch` still spares its write for the minute."""
        cached = self._recent.get(user_id)
        if cached is None:
            return
        row = await self._db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        if row is None:
            self._recent.pop(user_id, None)
        else:
            self._recent[user_id] = (cached[0], cached[1], UserRecord.from_row(row))

    def forget(self, user_id: int) -> None:
        """Drop the remembered row after another repository changed the user."""
        self._recent.pop(user_id, None)

    async def get(self, user_id: int) -> UserRecord | None:
        """Return the user, or None if they never wrote."""
        row = await self._db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return UserRecord.from_row(row) if row else None

    async def set_language(self, user_id: int, language: str) -> None:
        """Remember the user's chosen language."""
        await self._db.write("UPDATE users SET language = ? WHERE id = ?", (language, user_id))
        self._recent.pop(user_id, None)

    async def set_org_name(self, user_id: int, name: str) -> None:
        """Remember the user's organisation; an empty name records that they skipped it."""
        await self._db.write("UPDATE users SET org_name = ? WHERE id = ?", (name, user_id))
        self._recent.pop(user_id, None)

    async def set_role(self, user_id: int, role: str) -> None:
        """Give the user a role (producer, officer or admin); ValueError for anything else."""
        await self._db.write("UPDATE users SET role = ? WHERE id = ?", (Role(role), user_id))
        self._recent.pop(user_id, None)

    async def set_accepts_messages(self, user_id: int, accepts: bool) -> None:
        """Mark whether the user still accepts messages (False once they block the bot)."""
        await self._db.write(
            "UPDATE users SET accepts_messages = ? WHERE id = ?", (int(accepts), user_id)
        )
        self._recent.pop(user_id, None)

    async def home_province(self, user_id: int) -> int | None:
        """The province the user chose to hear of, if any."""
        row = await self._db.fetch_one("SELECT home_province_code FROM users WHERE id = ?",
                                       (user_id,))
        return row["home_province_code"] if row else None

    async def set_home_province(self, user_id: int, province_code: int | None) -> None:
        """Remember the province the user chose (None: forget it)."""
        await self._db.write("UPDATE users SET home_province_code = ? WHERE id = ?",
                             (province_code, user_id))

    async def consent(self, user_id: int) -> str | None:
        """When the user agreed to the processing of their personal data, if they did."""
        row = await self._db.fetch_one("SELECT given_at FROM consents WHERE user_id = ?",
                                       (user_id,))
        return row["given_at"] if row else None

    async def give_consent(self, user_id: int, version: str) -> None:
        """Record the user's consent (and its time) to the processing of personal data."""
        await self._db.write(
            "INSERT INTO consents (user_id, version, given_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET version = excluded.version,"
            " given_at = excluded.given_at", (user_id, version, utcnow()))

    async def count(self) -> int:
        """Count every known user."""
        row = await self._db.fetch_one("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0
