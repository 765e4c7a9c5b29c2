"""RSVP buttons: attend (in the class of one's commune, or a chosen one) or not."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

from core.buttons import StaleButton, button
from core.context import OcopContext
from core.ui import rows, shorten
from handlers.trainings import reminders, views
from handlers.trainings.buttons import Attend, Decline
from handlers.trainings.common import period, trainings_of
from storage.trainings import RsvpAnswer, RsvpRefused, Training, TrainingClass, TrainingStatus


async def open_training(context: OcopContext, training_id: int) -> Training:
    """A planned training that has not started yet; else the press is stale."""
    training = await trainings_of(context).get(training_id)
    if training is None or training.status != TrainingStatus.PLANNED or (
            training.starts_at is None or training.starts_at <= datetime.now(UTC)):
        raise StaleButton(training_id)
    return training


async def attend(update: Update, context: OcopContext, data: Attend) -> str | None:
    """Accept: in the chosen class, else the class of one's commune, else ask which."""
    assert update.effective_user is not None
    training = await open_training(context, data.training_id)
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
    training = await open_training(context, data.training_id)
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
               title=training.title or "", period=period(training), venue=training.venue or "")]
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
