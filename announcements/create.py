"""Creating and confirming announcements, with the sender's rights checked: what the composer
and the trainings share."""

from __future__ import annotations

from storage import Repository
from storage.announcements import (
    TEXT_LIMIT,
    AnnouncementStateError,
    Audience,
    Status,
    Step,
    audience_columns,
)
from storage.officers import Scope


class AnnouncementDenied(Exception):
    """The sender may not send this announcement (not an officer or admin, or outside scope)."""


async def sender_scope(repo: Repository, user_id: int) -> tuple[bool, Scope | None]:
    """(allowed, scope): admins may target anywhere (None), officers their scope."""
    user = await repo.users.get(user_id)
    if user is not None and user.role == "admin":
        return True, None
    officer = await repo.officers.get(user_id) if user and user.role == "officer" else None
    return officer is not None, officer.scope if officer else None


async def allowed_audience(repo: Repository, sender_id: int, audience: Audience) -> Audience:
    """The audience bounded by the sender's scope; AnnouncementDenied if they may not use it."""
    allowed, scope = await sender_scope(repo, sender_id)
    bounded = audience.bounded_by(scope)
    if not allowed or not bounded.within(scope):
        raise AnnouncementDenied(f"User {sender_id} may not address {audience}")
    return bounded


def check_content(text: str, photo: str | None) -> None:
    """Raise ValueError unless there is a text (≤ 3500 characters) or a photo."""
    if len(text) > TEXT_LIMIT:
        raise ValueError(f"The text has {len(text)} characters; at most {TEXT_LIMIT}")
    if not text.strip() and photo is None:
        raise ValueError("An announcement needs a text or a photo")


async def create_announcement(repo: Repository, sender_id: int, text: str, audience: Audience,
                              *, photo: str | None = None, training_id: int | None = None
                              ) -> int:
    """Store a ready-to-confirm announcement (text escaped at send); return its id."""
    check_content(text, photo)
    bounded = await allowed_audience(repo, sender_id, audience)
    announcement = await repo.announcements.create(
        sender_id, text, photo=photo, audience=bounded, training_id=training_id, step=Step.PREVIEW)
    return announcement.id


async def revise_announcement(repo: Repository, announcement_id: int, sender_id: int, text: str,
                              audience: Audience, *, photo: str | None = None) -> None:
    """Change the text, photo and audience of the sender's own draft, with the same checks
    as creating it; AnnouncementStateError if it is not their draft any more."""
    check_content(text, photo)
    bounded = await allowed_audience(repo, sender_id, audience)
    draft = await repo.announcements.get(announcement_id)
    if draft is None or draft.sender_id != sender_id or draft.status != Status.DRAFT:
        raise AnnouncementStateError(f"Announcement {announcement_id} is not {sender_id}'s draft")
    await repo.announcements.update(announcement_id, text=text, photo=photo, step=Step.PREVIEW,
                                    **audience_columns(bounded))


async def confirm(repo: Repository, announcement_id: int, *,
                  progress_message_id: int | None = None) -> int:
    """Snapshot the recipients and mark the announcement sending; return how many."""
    announcement = await repo.announcements.get(announcement_id)
    if (announcement is None or announcement.audience is None
            or announcement.sender_id is None):
        raise AnnouncementStateError(f"Announcement {announcement_id} is not a complete draft")
    check_content(announcement.text, announcement.photo)
    await allowed_audience(repo, announcement.sender_id, announcement.audience)
    return await repo.announcements.start(announcement_id, progress_message_id)

