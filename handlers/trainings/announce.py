"""Announcing a training through the broadcast engine, with RSVP buttons under it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from telegram import InlineKeyboardMarkup, Update

from announcements import engine as delivery
from core.context import App, OcopContext
from core.i18n import Translator
from handlers.trainings import views
from handlers.trainings.common import (
    may_address,
    moment,
    services_of,
    trainings_of,
    trainings_repo,
)
from storage.announcements import TEXT_LIMIT, Broadcast, BroadcastStateError, TrainingChoices
from storage.officers import Scope
from storage.trainings import Training, TrainingsRepo

log = logging.getLogger(__name__)

RECENT = timedelta(days=30)  # participants may still be written to after the training
CHOICES = 20
REQUIRED = ("province_code", "title", "topics", "starts_at", "ends_at", "venue", "audience")


def missing(training: Training) -> str | None:
    """The first part a training still lacks before it can be announced."""
    return next((name for name in REQUIRED if not getattr(training, name)), None)


async def announce_training(update: Update, context: OcopContext, training: Training
                            ) -> str | None:
    """Publish the draft and hand its announcement to the broadcast engine."""
    assert update.effective_user is not None and update.callback_query is not None
    t = context.t
    if missing(training) is not None or views.building(training) is not None:
        return t("Some parts are missing: press ✏️ to complete them.")
    assert training.starts_at is not None
    if training.starts_at <= datetime.now(UTC):
        return t("The start has passed: press ✏️ Dates to change it.")
    if not await trainings_of(context).publish(training.id):
        return None
    await context.repo.dialogs.clear(update.effective_user.id)
    text = views.announcement(context.services.renderer, t, training, TEXT_LIMIT)
    try:
        count = await broadcast(context, update.effective_user.id, training, text)
    except (delivery.BroadcastDenied, BroadcastStateError, ValueError):
        log.exception("Training %s could not be announced", training.id)
        await update.callback_query.edit_message_text(t(
            "The training is saved and listed in /lophoc, but its announcement could not be "
            "sent. Please tell an admin."))
        return ""
    await update.callback_query.edit_message_text(t(
        "📣 “{title}” is announced to {n} people; the sending progress follows. Answers "
        "arrive in /lophoc.", title=training.title or "", n=count))
    return ""


async def broadcast(context: OcopContext, sender_id: int, training: Training, text: str) -> int:
    """The one place that talks to the broadcast API: create, confirm; return the recipients."""
    assert training.audience is not None
    audience = delivery.Audience(training.audience, training.province_code,
                                 training.commune_code)
    broadcast_id = await delivery.create_broadcast(context.repo, sender_id, text, audience,
                                                   training_id=training.id)
    await trainings_of(context).set_broadcast(training.id, broadcast_id)
    return await delivery.confirm(context.repo, broadcast_id)


def rsvp_markup(broadcast: Broadcast, t: Translator) -> InlineKeyboardMarkup | None:
    """The engine's `localized_markup_for`: RSVP buttons in each recipient's language."""
    if broadcast.training_id is None:
        return None
    return InlineKeyboardMarkup([views.rsvp_buttons(t, broadcast.training_id)])


def training_choices(trainings: TrainingsRepo) -> TrainingChoices:
    """For /thongbao: the trainings (recent or to come) whose participants a scope may address."""

    async def choose(scope: Scope | None) -> list[tuple[int, str]]:
        since = datetime.now(UTC) - RECENT
        return [(t.id, f"{t.title} · {moment(t.starts_at)[:10]}")
                for t in await trainings.upcoming(since, limit=50)
                if t.starts_at is not None and may_address(scope, t)][:CHOICES]

    return choose


def install_broadcast_hooks(app: App) -> None:
    """Give the delivery engine the RSVP buttons, and /thongbao the list of trainings."""
    delivery.engine_of(app).localized_markup_for = rsvp_markup
    repo = services_of(app).repo
    broadcasts = getattr(repo, "broadcasts", None)
    if broadcasts is not None:
        broadcasts.training_choices = training_choices(trainings_repo(repo))
