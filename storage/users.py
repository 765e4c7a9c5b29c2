"""Users: who wrote to the bot, their language, role and reachability."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

ROLES: tuple[str, ...] = ("producer", "officer", "admin")


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_language: str | None
    language: str | None
    role: str
    accepts_messages: bool
    first_seen: datetime
    last_seen: datetime

    @classmethod
    def from_row(cls, row: aiosqlite.Row) -> UserRecord:
        return cls(
            id=row["id"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            username=row["username"],
            telegram_language=row["telegram_language"],
            language=row["language"],
            role=row["role"],
            accepts_messages=bool(row["accepts_messages"]),
            first_seen=datetime.fromisoformat(row["first_seen"]),
            last_seen=datetime.fromisoformat(row["last_seen"]),
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


class UsersRepo:
    """Reads and writes the users table."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

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
        params = {
            "id": user_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
            "telegram_language": telegram_language,
            "is_admin": is_admin,
            "now": utcnow(),
        }
        async with self._db.execute(_TOUCH_SQL, params) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return UserRecord.from_row(row)

    async def get(self, user_id: int) -> UserRecord | None:
        """Return the user, or None if they never wrote."""
        async with self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cursor:
            row = await cursor.fetchone()
        return UserRecord.from_row(row) if row else None

    async def set_language(self, user_id: int, language: str) -> None:
        """Remember the user's chosen language."""
        await self._db.execute("UPDATE users SET language = ? WHERE id = ?", (language, user_id))

    async def set_role(self, user_id: int, role: str) -> None:
        """Give the user a role (producer, officer or admin)."""
        if role not in ROLES:
            raise ValueError(f"Unknown role {role!r}")
        await self._db.execute("UPDATE users SET role = ? WHERE id = ?", (role, user_id))

    async def set_accepts_messages(self, user_id: int, accepts: bool) -> None:
        """Mark whether the user still accepts messages (False once they block the bot)."""
        await self._db.execute(
            "UPDATE users SET accepts_messages = ? WHERE id = ?", (int(accepts), user_id)
        )

    async def count(self) -> int:
        """Count every known user."""
        async with self._db.execute("SELECT COUNT(*) FROM users") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0
