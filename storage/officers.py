"""Officers and their scope, one-time invitations (stored hashed), and the audit log."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.db import Database, Row
from storage.users import Role, utcnow

INVITATION_DAYS = 7


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Scope:
    """A whole province (commune_code None) or one commune of it."""

    province_code: int
    commune_code: int | None = None

    def covers(self, province_code: int | None, commune_code: int | None) -> bool:
        if province_code != self.province_code:
            return False
        return self.commune_code is None or self.commune_code == commune_code


@dataclass(frozen=True, slots=True)
class Officer:
    user_id: int
    scope: Scope
    created_at: str


@dataclass(frozen=True, slots=True)
class Invitation:
    """An invitation not yet redeemed, withdrawn or expired (its code is not kept)."""

    id: int
    scope: Scope
    created_by: int
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit log, with the stored names of the users its ids may name."""

    id: int
    actor_id: int | None
    action: str
    subject_id: int | None  # a user, or a registration (registration_* actions)
    details: dict[str, object]
    created_at: datetime
    actor_name: str | None
    subject_name: str | None  # only meaningful when subject_id names a user

    @classmethod
    def from_row(cls, row: Row) -> AuditEntry:
        return cls(row["id"], row["actor_id"], row["action"], row["subject_id"],
                   _details(row["details"]), datetime.fromisoformat(row["created_at"]),
                   row["actor_name"], row["subject_name"])


def _details(stored: str) -> dict[str, object]:
    try:
        details = json.loads(stored) if stored else {}
    except json.JSONDecodeError:
        return {"text": stored}
    return details if isinstance(details, dict) else {"value": details}


def _user_name(alias: str) -> str:
    """SQL for a user's name as admins know it: first and last name, then @username."""
    return (f"TRIM({alias}.first_name || COALESCE(' ' || {alias}.last_name, '')"
            f" || COALESCE(' @' || {alias}.username, ''))")


class OfficersRepo:
    """Reads and writes officers, invitations and the audit log."""

    def __init__(self, db: Database, role_changed: Callable[[int], None]) -> None:
        self._db = db
        self._role_changed = role_changed

    async def audit(self, actor_id: int | None, action: str, subject_id: int | None,
                    **details: object) -> None:
        """Append to the audit log."""
        await self._db.write(
            "INSERT INTO audit_log (actor_id, action, subject_id, details, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (actor_id, action, subject_id, json.dumps(details, ensure_ascii=False), utcnow()),
        )

    async def audit_page(self, offset: int, limit: int) -> list[AuditEntry]:
        """`limit` entries of the audit log, newest first, after skipping `offset` of them."""
        rows = await self._db.fetch_all(
            f"SELECT l.*, {_user_name('a')} AS actor_name, {_user_name('s')} AS subject_name"
            " FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id"
            " LEFT JOIN users s ON s.id = l.subject_id"
            " ORDER BY l.id DESC LIMIT ? OFFSET ?", (limit, offset))
        return [AuditEntry.from_row(row) for row in rows]

    async def audit_count(self) -> int:
        """How many entries the audit log holds."""
        row = await self._db.fetch_one("SELECT COUNT(*) FROM audit_log")
        return int(row[0]) if row else 0

    async def invite(self, admin_id: int, scope: Scope) -> str:
        """Create a one-time invitation valid 7 days; return the code (only its hash is kept)."""
        code = secrets.token_urlsafe(12)
        now = datetime.now(UTC)
        await self._db.write(
            "INSERT INTO invitations (code_hash, province_code, commune_code, created_by,"
            " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (hash_code(code), scope.province_code, scope.commune_code, admin_id,
             now.isoformat(timespec="seconds"),
             (now + timedelta(days=INVITATION_DAYS)).isoformat(timespec="seconds")),
        )
        await self.audit(admin_id, "invitation_created", None, province=scope.province_code,
                         commune=scope.commune_code)
        return code

    async def redeem(self, code: str, user_id: int) -> Scope | None:
        """Make the user an officer if `code` is a valid, unused, unexpired invitation."""
        now = utcnow()
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "UPDATE invitations SET used_by = ?, used_at = ? WHERE code_hash = ?"
                " AND used_by IS NULL AND revoked_at IS NULL AND expires_at > ?"
                " RETURNING province_code, commune_code",
                (user_id, now, hash_code(code), now),
            )
            if row is None:
                return None
            scope = Scope(row["province_code"], row["commune_code"])
            await tx.execute(
                "INSERT INTO officers (user_id, province_code, commune_code, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " province_code = excluded.province_code, commune_code = excluded.commune_code",
                (user_id, scope.province_code, scope.commune_code, now),
            )
            await tx.execute("UPDATE users SET role = ? WHERE id = ? AND role != ?",
                             (Role.OFFICER, user_id, Role.ADMIN))
        self._role_changed(user_id)
        await self.audit(user_id, "officer_joined", user_id, province=scope.province_code,
                         commune=scope.commune_code)
        return scope

    async def pending_invitations(self) -> list[Invitation]:
        """Invitations that could still be redeemed, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM invitations WHERE used_by IS NULL AND revoked_at IS NULL"
            " AND expires_at > ? ORDER BY id", (utcnow(),))
        return [Invitation(r["id"], Scope(r["province_code"], r["commune_code"]),
                           r["created_by"], datetime.fromisoformat(r["created_at"]),
                           datetime.fromisoformat(r["expires_at"])) for r in rows]

    async def withdraw_invitation(self, admin_id: int, invitation_id: int) -> bool:
        """Withdraw a pending invitation so that its code no longer works; False if not pending."""
        row = await self._db.write(
            "UPDATE invitations SET revoked_at = :now WHERE id = :id AND used_by IS NULL"
            " AND revoked_at IS NULL AND expires_at > :now RETURNING province_code, commune_code",
            {"now": utcnow(), "id": invitation_id})
        if row is None:
            return False
        await self.audit(admin_id, "invitation_withdrawn", None, invitation=invitation_id,
                         province=row["province_code"], commune=row["commune_code"])
        return True

    async def get(self, user_id: int) -> Officer | None:
        """The officer record of a user, or None."""
        row = await self._db.fetch_one("SELECT * FROM officers WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return Officer(row["user_id"], Scope(row["province_code"], row["commune_code"]),
                       row["created_at"])

    async def all(self) -> list[Officer]:
        """Every officer, by province then commune."""
        rows = await self._db.fetch_all(
            "SELECT * FROM officers ORDER BY province_code, commune_code, user_id")
        return [Officer(r["user_id"], Scope(r["province_code"], r["commune_code"]),
                        r["created_at"]) for r in rows]

    async def covering(self, province_code: int, commune_code: int | None) -> list[int]:
        """Officers whose scope covers this commune: its own officers and the province's."""
        rows = await self._db.fetch_all(
            "SELECT user_id FROM officers WHERE province_code = ?"
            " AND (commune_code IS NULL OR commune_code = ?) ORDER BY user_id",
            (province_code, commune_code),
        )
        return [r["user_id"] for r in rows]

    async def revoke(self, admin_id: int, user_id: int) -> bool:
        """Take the officer role away; False if the user was not an officer."""
        async with self._db.transaction() as tx:
            removed = await tx.fetch_one(
                "DELETE FROM officers WHERE user_id = ? RETURNING user_id",
                (user_id,))
            if removed is None:
                return False
            await tx.execute(
                "UPDATE users SET role = ? WHERE id = ? AND role = ?",
                (Role.PRODUCER, user_id, Role.OFFICER))
        self._role_changed(user_id)
        await self.audit(admin_id, "officer_revoked", user_id)
        return True
