"""The officers' desk on the web: one-time login links and browser sessions.

Both are stored as SHA-256 hashes of their tokens, so a copy of the database lets nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.db import Database

LOGIN_LINK_MINUTES = 10
SESSION_HOURS = 12


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class DeskSession:
    """A signed-in browser: whose it is and its CSRF token."""

    user_id: int
    csrf: str


class DeskRepo:
    """Reads and writes login links and sessions."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def create_login(self, user_id: int, now: datetime | None = None) -> str:
        """A login token valid 10 minutes, for one use; only its hash is kept."""
        token, now = secrets.token_urlsafe(24), now or datetime.now(UTC)
        await self._db.write(
            "INSERT INTO desk_logins (token_hash, user_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (_hash(token), user_id, _iso(now),
             _iso(now + timedelta(minutes=LOGIN_LINK_MINUTES))))
        return token

    async def redeem_login(self, token: str, now: datetime | None = None) -> int | None:
        """Use a login token once: the user's id, or None if unknown, used or expired."""
        moment = _iso(now or datetime.now(UTC))
        row = await self._db.write(
            "UPDATE desk_logins SET used_at = :now WHERE token_hash = :hash"
            " AND used_at IS NULL AND expires_at > :now RETURNING user_id",
            {"now": moment, "hash": _hash(token)})
        return None if row is None else int(row["user_id"])

    async def login_usable(self, token: str, now: datetime | None = None) -> bool:
        """Whether a login token could still be used (the confirmation page asks first)."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM desk_logins WHERE token_hash = ? AND used_at IS NULL"
            " AND expires_at > ?", (_hash(token), _iso(now or datetime.now(UTC))))
        return row is not None

    async def create_session(self, user_id: int) -> str:
        """A new browser session of 12 hours; returns its token (only its hash is kept)."""
        await self.sweep()
        token, now = secrets.token_urlsafe(32), datetime.now(UTC)
        await self._db.write(
            "INSERT INTO desk_sessions (token_hash, user_id, csrf, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (_hash(token), user_id, secrets.token_urlsafe(24), _iso(now),
             _iso(now + timedelta(hours=SESSION_HOURS))))
        return token

    async def session(self, token: str) -> DeskSession | None:
        """The live session of a cookie's token, or None."""
        row = await self._db.fetch_one(
            "SELECT user_id, csrf FROM desk_sessions WHERE token_hash = ?"
            " AND expires_at > ?", (_hash(token), _iso(datetime.now(UTC))))
        return None if row is None else DeskSession(row["user_id"], row["csrf"])

    async def end_session(self, token: str) -> None:
        await self._db.write("DELETE FROM desk_sessions WHERE token_hash = ?", (_hash(token),))

    async def end_sessions_of(self, user_id: int) -> None:
        """Sign a user out everywhere (their role was taken away)."""
        await self._db.write("DELETE FROM desk_sessions WHERE user_id = ?", (user_id,))

    async def sweep(self) -> None:
        """Delete expired sessions and login links."""
        now = _iso(datetime.now(UTC))
        await self._db.write("DELETE FROM desk_sessions WHERE expires_at <= ?", (now,))
        await self._db.write("DELETE FROM desk_logins WHERE expires_at <= ?", (now,))
