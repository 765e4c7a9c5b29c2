"""RSVP buttons: attend (in the class of one's commune, or a chosen one) or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from core.buttons import StaleButton, button
from core.context import OcopContext
from core.roles import staff_scope
from core.trainings import Attend, Decline, period
from core.ui import rows, shorten
from handlers.trainings import reminders, views
from handlers.trainings.common import may_manage, trainings_of
from storage.officers import Scope
from storage.trainings import (
    Audience,
    RsvpAnswer,
    RsvpRefused,
    Training,
    TrainingClass,
    TrainingStatus,
)

AUDIENCE_ROLES: dict[Audience, tuple[str, ...]] = {
    Audience.EVERYONE: ("producer", "officer", "admin"), Audience.PRODUCERS: ("producer",),
    Audience.OFFICERS: ("officer",)}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks to see or answer trainings: their rights, role and place (if known)."""

    user_id: int
    allowed: bool  # officer or admin
    scope: Scope | None  # an officer's area; None for admins (and people)
    role: str
    home: Scope | None  # an officer's scope, else the commune of their latest registration


async def viewer_of(context: OcopContext, user_id: int) -> Viewer:
    """The person behind this update, as /lophoc and the RSVP buttons judge them."""
    allowed, scope = await staff_scope(context, user_id)
    role = context.user_record.role if context.user_record else "producer"
    home = scope if allowed else await trainings_of(context).home_place(user_id) or (
        await _chosen_province(context, user_id))
    return Viewer(user_id, allowed, scope, role, home)


async def _chosen_province(context: OcopContext, user_id: int) -> Scope | None:
    """The province the person chose to hear of (/lophoc), as a place."""
    code = await context.repo.users.home_province(user_id)
    return Scope(code, None) if code is not None else None


def sees(viewer: Viewer, training: Training, answered: bool) -> bool:
    """Whether /lophoc shows this training to `viewer` (and so whether they may answer it):
    they answered it already, they manage it, or they are in its audience and its area."""
    return answered or may_manage(viewer.allowed, viewer.scope, training, viewer.user_id) or (
        addressed(training, viewer.role, viewer.home))


def addressed(training: Training, role: str, home: Scope | None) -> bool:
    """Whether the training's audience includes this role, where the person is (if known)."""
    if training.audience is None or role not in AUDIENCE_ROLES[training.audience]:
        return False
    if home is None or training.province_code is None:
        return True
    if home.province_code != training.province_code:
        return False
    return training.commune_code is None or home.commune_code in (None, training.commune_code)


async def open_training(context: OcopContext, training_id: int, user_id: int) -> Training:
    """A planned training not yet started that /lophoc shows this person; else stale.

    Button data can be forged: without this check anyone could answer any training (even an
    officers-only one of another province) and appear in its attendee list.
    """
    repo = trainings_of(context)
    training = await repo.get(training_id)
    if training is None or training.status != TrainingStatus.PLANNED or (
            training.starts_at is None or training.starts_at <= datetime.now(UTC)):
        raise StaleButton(training_id)
    answered = await repo.rsvp(training_id, user_id) is not None
    if not sees(await viewer_of(context, user_id), training, answered):
        raise StaleButton(training_id)
    return training


async def attend(update: Update, context: OcopContext, data: Attend) -> str | None:
    """Accept: in the chosen class, else the class of one's commune, else ask which."""
    assert update.effective_user is not None
    training = await open_training(context, data.training_id, update.effective_user.id)
    class_id = data.class_id
    if class_id and training.klass(class_id) is None:
        raise StaleButton(data)
    if class_id == 0 and training.classes:
        klass = await home_class(context, training, update.effective_user.id)
        if klass is None:
            await offer_classes(update, context, training, None)
            return None
        class_id = klass.id
    return await store(update, context, training, RsvpAnswer.YES, class_id or None)


async def decline(update: Update, context: OcopContext, data: Decline) -> str | None:
    """Decline (or withdraw an acceptance)."""
    assert update.effective_user is not None
    training = await open_training(context, data.training_id, update.effective_user.id)
    return await store(update, context, training, RsvpAnswer.NO, None)


async def home_class(context: OcopContext, training: Training, user_id: int
                     ) -> TrainingClass | None:
    """The class that gathers the person's commune, if it is in the training's province."""
    home = await trainings_of(context).home_place(user_id)
    if home is None or home.province_code != training.province_code:
        return None
    return training.class_for(home.commune_code)


async def store(update: Update, context: OcopContext, training: Training, answer: RsvpAnswer,
                class_id: int | None) -> str:
    """Save the answer and its reminders, and confirm it; a full class offers the others."""
    assert update.effective_user is not None and update.effective_chat is not None
    try:
        await trainings_of(context).answer(training.id, update.effective_user.id, answer,
                                           class_id, datetime.now(UTC))
    except RsvpRefused as refused:
        if refused.reason != "full" or class_id is None:
            raise StaleButton(training.id) from refused
        await offer_classes(update, context, training, training.klass(class_id))
        return context.t("This class is full.")
    if answer == RsvpAnswer.YES:
        await reminders.schedule_training(context.application, training)
    await context.bot.send_message(update.effective_chat.id,
                                   confirmation(context, training, answer, class_id))
    return context.t("Your answer is saved.")


def confirmation(context: OcopContext, training: Training, answer: RsvpAnswer,
                 class_id: int | None) -> str:
    """What the person reads once their answer is stored."""
    t = context.t
    if answer == RsvpAnswer.NO:
        return t("Noted: you will not attend “{title}”. If you change your mind, answer again "
                 "with /lophoc.", title=training.title or "")
    klass = training.klass(class_id) if class_id else None
    lines = [t("✅ Thank you! You are registered for “{title}” ({period}, {venue}).",
               title=training.title or "", period=period(training, t),
               venue=training.venue or "")]
    if klass is not None:
        lines.append(t("Your class: {name}.", name=klass.name))
    lines.append(t("I will remind you the day before and one hour before. To change your "
                   "answer, use /lophoc."))
    return "\n".join(lines)


async def offer_classes(update: Update, context: OcopContext, training: Training,
                        full: TrainingClass | None) -> None:
    """List the classes with places left as numbered choices (kindly, when one is full)."""
    assert update.effective_chat is not None
    t = context.t
    counts = await trainings_of(context).counts(training.id)
    free = [k for k in training.classes
            if k.capacity is None or counts.by_class.get(k.id, 0) < k.capacity]
    head = t("Sorry, “{name}” is full: all its {n} places are taken.", name=full.name,
             n=full.capacity or 0) if full else t("Which class will you attend?")
    if not free:
        text = "\n".join([head, t("Every class of this training is full. Thank you for your "
                                  "interest; watch for the next one!")])
        await context.bot.send_message(update.effective_chat.id, text)
        return
    lines = [head] if full is None else [head, t("You can choose another class:")]
    lines += [views.class_line(t, training, k, counts.by_class.get(k.id, 0), f"{i}. ")
              for i, k in enumerate(free, start=1)]
    buttons = [button(f"{i}. {shorten(k.name, 40)}", Attend(training.id, k.id))
               for i, k in enumerate(free, start=1)]
    await context.bot.send_message(update.effective_chat.id, "\n".join(lines),
                                   reply_markup=InlineKeyboardMarkup(rows(buttons, 1)))
