"""Announcing a training: an announcement with the RSVP buttons under it; and which trainings
the composer (/thongbao) may address."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from telegram import Update

import announcements
from core.context import OcopContext
from core.trainings import announcement, moment
from handlers.trainings import views
from handlers.trainings.common import may_address
from storage import Repository
from storage.officers import Scope
from storage.trainings import Training

log = logging.getLogger(__name__)

RECENT = timedelta(days=30)  # participants may still be written to after the training
CHOICES = 20
REQUIRED = ("province_code", "title", "topics", "starts_at", "ends_at", "venue", "audience")


def missing(training: Training) -> str | None:
    """The first part a training still lacks before it can be announced."""
    return next((name for name in REQUIRED if not getattr(training, name)), None)


async def announce_training(update: Update, context: OcopContext, training: Training
                            ) -> str | None:
    """Publish the draft and have its announcement sent."""
    assert update.effective_user is not None and update.callback_query is not None
    t = context.t
    if missing(training) is not None or views.building(training) is not None:
        return t("Some parts are missing: press ✏️ to complete them.")
    assert training.starts_at is not None
    if training.starts_at <= datetime.now(UTC):
        return t("The start has passed: press ✏️ Dates to change it.")
    if not await context.repo.trainings.publish(training.id):
        return None
    await context.repo.dialogs.clear(update.effective_user.id)
    count = await announce_published(context, update.effective_user.id, training)
    if count is None:
        await update.callback_query.edit_message_text(t(
            "The training is saved and listed in /lophoc, but its announcement could not be "
            "sent. Please tell an admin."))
        return ""
    await update.callback_query.edit_message_text(t(
        "📣 “{title}” is announced to {n} people; the sending progress follows. Answers "
        "arrive in /lophoc.", title=training.title or "", n=count))
    return ""


async def announce_published(context: OcopContext, sender_id: int, training: Training
                             ) -> int | None:
    """Announce a training just published, in the sender's language, with its RSVP buttons:
    how many people it goes to, or None when it could not be sent (logged; the training stays
    listed in /lophoc). The chat and the desk both announce through here."""
    text = announcement(context.services.renderer, context.t, training,
                        announcements.TEXT_LIMIT)
    try:
        return await announce(context, sender_id, training, text)
    except (announcements.AnnouncementDenied, announcements.AnnouncementStateError, ValueError):
        log.exception("Training %s could not be announced", training.id)
        return None


async def announce(context: OcopContext, sender_id: int, training: Training, text: str) -> int:
    """Create the training's announcement and queue it; return how many it goes to."""
    assert training.audience is not None
    audience = announcements.Audience(training.audience, training.province_code,
                                      training.commune_code)
    announcement_id = await announcements.create_announcement(
        context.repo, sender_id, text, audience, training_id=training.id)
    await context.repo.trainings.set_broadcast(training.id, announcement_id)
    return await announcements.queue(context.application, announcement_id)


async def training_choices(repo: Repository, scope: Scope | None) -> list[tuple[int, str]]:
    """The trainings (recent or to come) whose participants `scope` may address, titled."""
    since = datetime.now(UTC) - RECENT
    return [(t.id, training_label(t))
            for t in await repo.trainings.upcoming(since, limit=50)
            if t.starts_at is not None and may_address(scope, t)][:CHOICES]


def training_label(training: Training) -> str:
    """`Lớp A · 03/12/2026`: a training as the composer names it."""
    day = moment(training.starts_at)[:10] if training.starts_at is not None else "–"
    return f"{training.title or '–'} · {day}"


async def training_label_of(repo: Repository, training_id: int) -> str:
    """A training's label by its id (`#id` once it is gone)."""
    training = await repo.trainings.get(training_id)
    return training_label(training) if training is not None else f"#{training_id}"
