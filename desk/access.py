"""Who is at the desk: looked up in the database at every request, never remembered.

An officer whose role is taken away, or whose scope changes, is out (or moved) at their next
request, whatever their session says.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.config import Settings
from storage.desk import DeskSession
from storage.officers import Scope
from storage.repository import Repository
from storage.users import Role, UserRecord


@dataclass(frozen=True, slots=True)
class Staff:
    """A signed-in officer or admin, as the database says at this request."""

    user_id: int
    name: str
    is_admin: bool
    scope: Scope | None  # None: everywhere (admins)
    locale: str
    session: DeskSession
    token: str
    record: UserRecord | None  # as read for this request (None: never wrote to the bot)

    @property
    def csrf(self) -> str:
        return self.session.csrf

    def covers(self, province_code: int | None, commune_code: int | None) -> bool:
        """Whether a place lies within this person's scope."""
        return self.scope is None or self.scope.covers(province_code, commune_code)


async def staff_role(repo: Repository, settings: Settings, user_id: int,
                     user: UserRecord | None) -> tuple[bool, Scope | None] | None:
    """(is_admin, scope) of an officer or admin now, given their stored record; None for
    anyone else."""
    if user_id in settings.admin_ids:  # ADMIN_IDS decides, as it does in the chat
        return True, None
    officer = await repo.officers.get(user_id)
    if officer is None or user is None or user.role != Role.OFFICER:
        return None
    return False, officer.scope
