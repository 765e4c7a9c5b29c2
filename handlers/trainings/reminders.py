"""Reminders for those who accepted: the day before and one hour before, each sent once.

Reminders are rows of `training_reminders`; a job-queue job per training and kind hands
whatever is due to the outbox when it fires (marking it sent in the same transaction), and
`reschedule_reminders` recreates the jobs after a restart. The delivery engine sends the
outbox: any failure (a 429, the network) means "try again later", never a lost reminder.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup
from telegram.ext import CallbackContext

import announcements
from core.context import App
from core.i18n import Translator
from core.trainings import details, period
from handlers.trainings.common import services_of
from storage.outbox import Notice, NoticeKind
from storage.trainings import REMINDERS, Reminder, Training, TrainingsRepo, iso

log = logging.getLogger(__name__)

JOB_PREFIX = "training-reminder"
LOCK_KEY = "training_reminders_lock"
BATCH = 200
SWEEP = 30.0  # seconds, with several workers


async def reschedule_reminders(app: App) -> int:
    """Schedule every unsent reminder of trainings not yet started (overdue ones at once).
    With several workers, each also sweeps every half minute: a reminder whose job was on a
    worker that died is sent by another (one worker at a time sends; the outbox's key keeps
    a reminder from going twice)."""
    repo = services_of(app).repo.trainings
    if app.job_queue is not None and services_of(app).repo.db.dialect == "postgres":
        app.job_queue.run_repeating(_job, interval=SWEEP, first=SWEEP, name=f"{JOB_PREFIX}-sweep")
    pending = await repo.pending_times(datetime.now(UTC))
    for reminder in pending:
        schedule(app, reminder.training_id, reminder.kind, reminder.due_at)
    return len(pending)


async def schedule_training(app: App, training: Training) -> None:
    """Make sure a job will send the training's reminders that are still ahead."""
    if training.starts_at is None:
        return
    now = datetime.now(UTC)
    for kind, before in REMINDERS.items():
        if training.starts_at - before > now:
            schedule(app, training.id, kind, training.starts_at - before)


def schedule(app: App, training_id: int, kind: str, due: datetime, suffix: str = "") -> None:
    """Run the reminder job at `due` (at once if it is past), unless it is already planned."""
    if app.job_queue is None:
        return
    name = f"{JOB_PREFIX}:{training_id}:{kind}:{iso(due)}{suffix}"
    if app.job_queue.get_jobs_by_name(name):
        return
    delay = max(0.0, (due - datetime.now(UTC)).total_seconds())
    # Scheduled before the job queue starts (post_init), an overdue job must still run.
    app.job_queue.run_once(_job, when=delay, data=due, name=name,
                           job_kwargs={"misfire_grace_time": None})


async def _job(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Send what is due; a job firing a little early still counts its own due time."""
    due = context.job.data if context.job is not None else None
    now = datetime.now(UTC)
    await send_due_reminders(context.application,
                             max(now, due) if isinstance(due, datetime) else now)


async def send_due_reminders(app: App, now: datetime | None = None) -> int:
    """Hand every reminder due by `now` to the outbox; return how many will be sent."""
    now = now or datetime.now(UTC)
    lock: asyncio.Lock = app.bot_data.setdefault(LOCK_KEY, asyncio.Lock())
    repo = services_of(app).repo.trainings
    queued = 0
    async with lock, services_of(app).repo.cluster.exclusive("training-reminders") as mine:
        while mine:
            batch = await repo.due_reminders(now, BATCH)
            queued += await _queue_batch(app, repo, batch)
            announcements.post_notices(app)
            if len(batch) < BATCH:
                break
    return queued


async def _queue_batch(app: App, repo: TrainingsRepo, batch: list[Reminder]) -> int:
    """Write a batch of reminders to the outbox; return how many have a message."""
    trainings: dict[int, Training | None] = {}
    outbox, queued = services_of(app).repo.outbox, 0
    for reminder in batch:
        if reminder.training_id not in trainings:
            trainings[reminder.training_id] = await repo.get(reminder.training_id)
        notice = await _notice(app, repo, trainings[reminder.training_id], reminder)
        await outbox.add_reminder(notice, reminder.training_id, reminder.user_id,
                                  reminder.kind, iso(datetime.now(UTC)))
        queued += notice is not None
    return queued


async def _notice(app: App, repo: TrainingsRepo, training: Training | None,
                  reminder: Reminder) -> Notice | None:
    """One reminder's message, or None if its training no longer has a start."""
    if training is None or training.starts_at is None:
        return None
    t = await translator_for(app, reminder.user_id)
    rsvp = await repo.rsvp(training.id, reminder.user_id)
    klass = training.klass(rsvp.class_id) if rsvp and rsvp.class_id else None
    text = services_of(app).renderer.render(
        "trainings/reminder.j2", t, **details(t, training), class_name=klass.name if klass else "",
        when=Markup(_when(t, reminder.kind, training)))
    return announcements.notice(
        reminder.user_id, NoticeKind.REMINDER, text, ref=f"training:{training.id}",
        dedupe_key=f"reminder:{training.id}:{reminder.kind}:{reminder.user_id}"
                   f":{iso(reminder.due_at)}")  # a new start reminds again


async def cancel_training(app: App, training: Training) -> bool:
    """Cancel a planned training and have those who accepted told, in the background (the chat
    and the desk both cancel through here); False if it was not planned any more."""
    if not await services_of(app).repo.trainings.cancel(training.id):
        return False
    app.create_task(tell_cancelled(app, training))
    return True


async def tell_cancelled(app: App, training: Training) -> None:
    """Tell everyone who accepted that the training is cancelled, each in their language."""
    notices = []
    for user_id in await services_of(app).repo.trainings.attending(training.id):
        t = await translator_for(app, user_id)
        text = t("🚫 The training “{title}” ({period}) is cancelled. We are sorry; the next ones "
                 "will be announced here.", title=training.title or "", period=period(training, t))
        notices.append(announcements.notice(
            user_id, NoticeKind.REMINDER, text, ref=f"training:{training.id}",
            dedupe_key=f"cancelled:{training.id}:{user_id}"))
    await services_of(app).repo.outbox.add(notices)
    announcements.post_notices(app)


async def after_revision(app: App, before: Training, after: Training) -> None:
    """What follows an officer's change of a planned training: reminders at a new start, and
    those who accepted told of a new time or venue (each in their language)."""
    if after.starts_at != before.starts_at:
        await services_of(app).repo.trainings.replan_reminders(after.id, datetime.now(UTC))
        await schedule_training(app, after)
    if (period(after), after.venue) != (period(before), before.venue):
        await tell_changed(app, after)


async def tell_changed(app: App, training: Training) -> None:
    """Tell everyone who accepted the training's new time and venue."""
    notices, changed_at = [], datetime.now(UTC).isoformat()
    for user_id in await services_of(app).repo.trainings.attending(training.id):
        t = await translator_for(app, user_id)
        text = t("✏️ The training “{title}” has changed. It now takes place {period} at "
                 "{venue}. Your answer still holds; to change it, use /lophoc.",
                 title=training.title or "", period=period(training, t),
                 venue=training.venue or "")
        notices.append(announcements.notice(
            user_id, NoticeKind.REMINDER, text, ref=f"training:{training.id}",
            dedupe_key=f"changed:{training.id}:{user_id}:{changed_at}"))
    await services_of(app).repo.outbox.add(notices)
    announcements.post_notices(app)


def _when(t: Translator, kind: str, training: Training) -> str:
    assert training.starts_at is not None
    start = t.datetime(training.starts_at)
    if kind == "day_before":
        return t("It starts tomorrow: {start}.", start=start)
    return t("It starts in one hour: {start}.", start=start)


async def translator_for(app: App, user_id: int) -> Translator:
    """The language the person chose, or their Telegram language."""
    services = services_of(app)
    user = await services.repo.users.get(user_id)
    i18n = services.i18n
    return i18n.get(i18n.resolve(user.language if user else None,
                                 user.telegram_language if user else None))
