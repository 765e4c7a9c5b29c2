"""Creating and confirming broadcasts, with the sender's rights checked: the API that the
compose flow and the trainings module share."""

from __future__ import annotations

from storage import Repository
from storage.announcements import TEXT_LIMIT, Audience, Broadcast, BroadcastStateError
from storage.officers import Scope


class BroadcastDenied(Exception):
    """The sender may not send this broadcast (not an officer or admin, or outside scope)."""


async def sender_scope(repo: Repository, user_id: int) -> tuple[bool, Scope | None]:
    """(allowed, scope): admins may target anywhere (None), officers their scope."""
    user = await repo.users.get(user_id)
    if user is not None and user.role == "admin":
        return True, None
    officer = await repo.officers.get(user_id) if user and user.role == "officer" else None
    return officer is not None, officer.scope if officer else None


async def allowed_audience(repo: Repository, sender_id: int, audience: Audience) -> Audience:
    """The audience bounded by the sender's scope; BroadcastDenied if they may not use it."""
    allowed, scope = await sender_scope(repo, sender_id)
    bounded = audience.bounded_by(scope)
    if not allowed or not bounded.within(scope):
        raise BroadcastDenied(f"User {sender_id} may not address {audience}")
    return bounded


def check_content(text: str, photo: str | None) -> None:
    """Raise ValueError unless there is a text (≤ 3500 characters) or a photo."""
    if len(text) > TEXT_LIMIT:
        raise ValueError(f"The text has {len(text)} characters; at most {TEXT_LIMIT}")
    if not text.strip() and photo is None:
        raise ValueError("A broadcast needs a text or a photo")


async def create_broadcast(repo: Repository, sender_id: int, text: str, audience: Audience, *,
                           photo: str | None = None, training_id: int | None = None) -> int:
    """Store a ready-to-confirm broadcast (text escaped at send); return its id."""
    check_content(text, photo)
    bounded = await allowed_audience(repo, sender_id, audience)
    broadcast = await repo.broadcasts.create(sender_id, text, photo=photo, audience=bounded,
                                             training_id=training_id, step="preview")
    return broadcast.id


async def confirm(repo: Repository, broadcast_id: int, *,
                  progress_message_id: int | None = None) -> int:
    """Snapshot the recipients and hand the broadcast to the engine; return how many."""
    broadcast = await repo.broadcasts.get(broadcast_id)
    if broadcast is None or broadcast.audience is None or broadcast.sender_id is None:
        raise BroadcastStateError(f"Broadcast {broadcast_id} is not a complete draft")
    check_content(broadcast.text, broadcast.photo)
    await allowed_audience(repo, broadcast.sender_id, broadcast.audience)
    return await repo.broadcasts.start(broadcast_id, progress_message_id)


def is_sender(broadcast: Broadcast | None, user_id: int) -> bool:
    return broadcast is not None and broadcast.sender_id == user_id
