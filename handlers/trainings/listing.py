"""/lophoc (/trainings): upcoming trainings with RSVP; counts, export and cancel for officers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from markupsafe import Markup
from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatType

from core.buttons import StaleButton, button
from core.context import OcopContext
from core.i18n import N_
from core.roles import staff_scope
from core.trainings import details, rsvp_buttons, where
from core.vietnam_time import vietnam_today
from handlers.trainings import views
from handlers.trainings.buttons import (
    AskCancel,
    ConfirmCancel,
    Export,
    KeepTraining,
    NewTraining,
    ShowAttendees,
)
from handlers.trainings.common import may_manage, trainings_of
from handlers.trainings.home import home_row
from handlers.trainings.reminders import cancel_training
from handlers.trainings.rsvp import Viewer, home_class, sees, viewer_of
from reports.attendees import attendees_xlsx
from storage.officers import Scope
from storage.trainings import Training, TrainingStatus

LISTED = 5
NONE_PLANNED = N_("No training is planned at the moment. Announcements of new ones come here.")
# Announcements go to each person's private chat, never to a group.
NONE_PLANNED_IN_GROUP = N_("No training is planned at the moment. Announcements of new ones "
                           "come in a private chat with me.")


async def show_trainings(update: Update, context: OcopContext) -> None:
    """A header (with ➕ for officers), then one card per upcoming training; in a group,
    what every member may see, without staff buttons."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    private = chat.type == ChatType.PRIVATE
    viewer = await viewer_of(context, user.id)
    if not private:
        viewer = public(viewer)
    allowed, scope = viewer.allowed, viewer.scope
    found = await visible(context, viewer)
    t = context.t
    head = t("<b>Upcoming trainings</b>") if found else t(NONE_PLANNED if private
                                                          else NONE_PLANNED_IN_GROUP)
    markup = InlineKeyboardMarkup([[button(t("➕ Create a training"), NewTraining())]]) \
        if allowed else None
    if private and not allowed and await trainings_of(context).home_place(user.id) is None:
        # Someone no registration locates chooses the province they hear of.
        place_line, markup = await home_row(context, user.id)
        head = f"{head}\n\n{place_line}"
    await context.bot.send_message(chat.id, head, reply_markup=markup)
    for training in found:
        manages = may_manage(allowed, scope, training, user.id)
        text, buttons = await card(context, training, user.id, manages)
        await context.bot.send_message(chat.id, text, reply_markup=buttons)


def public(viewer: Viewer) -> Viewer:
    """What every member of a group may see: the trainings open to producers, no staff
    buttons or counts (staff features work only in a private chat)."""
    return replace(viewer, allowed=False, scope=None, role="producer")


async def visible(context: OcopContext, viewer: Viewer) -> list[Training]:
    """Trainings this person answered, manages, or is in the audience of (by role and place)."""
    now = datetime.now(UTC)
    repo = trainings_of(context)
    answered = set(await repo.answered_by(viewer.user_id, now))
    return [t for t in await repo.upcoming(now, limit=50)
            if sees(viewer, t, t.id in answered)][:LISTED]


async def card(context: OcopContext, training: Training, user_id: int, manages: bool
               ) -> tuple[str, InlineKeyboardMarkup | None]:
    """The training as one person sees it, with RSVP (and officers') buttons."""
    t, repo = context.t, trainings_of(context)
    rsvp = await repo.rsvp(training.id, user_id)
    klass = training.klass(rsvp.class_id) if rsvp and rsvp.class_id else (
        await home_class(context, training, user_id))
    counts = views.counts_text(t, training, await repo.counts(training.id)) if manages else ""
    # Translated texts are HTML already (their values escaped): Markup keeps them as they are.
    text = context.render(
        "trainings/card.j2", **details(t, training), counts=Markup(counts),
        answer=Markup(views.answer_text(t, training, rsvp)) if rsvp or not manages else "",
        my_class=Markup(t("Your class: {name}", name=klass.name)) if klass else "")
    started = training.starts_at is not None and training.starts_at <= datetime.now(UTC)
    rows = [] if started or manages else [rsvp_buttons(t, training.id)]
    if manages:  # the organiser sees who answered, rather than answering like a producer
        rows.append([button(t("👥 Attendees"), ShowAttendees(training.id)),
                     button(t("📤 Excel"), Export(training.id))])
        rows.append([button(t("🚫 Cancel the training"), AskCancel(training.id))])
    return text, InlineKeyboardMarkup(rows) if rows else None


async def managed(update: Update, context: OcopContext, training_id: int
                  ) -> tuple[Training, Scope | None]:
    """The planned training and the officer's scope, if this user manages it; else stale."""
    assert update.effective_user is not None
    user_id = update.effective_user.id
    allowed, scope = await staff_scope(context, user_id)
    training = await trainings_of(context).get(training_id)
    if training is None or training.status != TrainingStatus.PLANNED or not may_manage(
            allowed, scope, training, user_id):
        raise StaleButton(training_id)
    return training, scope


async def export(update: Update, context: OcopContext, data: Export) -> None:
    """Send the attendee list as an Excel workbook."""
    assert update.effective_chat is not None
    training, scope = await managed(update, context, data.training_id)
    rows = await trainings_of(context).attendees(training.id, scope)
    workbook = attendees_xlsx(training, rows, context.t)
    name = f"hoc-vien-lop-{training.id}-{vietnam_today().isoformat()}.xlsx"
    await context.bot.send_document(update.effective_chat.id, InputFile(workbook, filename=name))


async def show_attendees(update: Update, context: OcopContext, data: ShowAttendees) -> None:
    """Who answered, in the chat: a short list (the whole one is in 📤 Excel)."""
    assert update.effective_chat is not None
    training, scope = await managed(update, context, data.training_id)
    rows = await trainings_of(context).attendees(training.id, scope)
    await context.bot.send_message(update.effective_chat.id,
                                   views.attendees_text(context.t, training, rows))


async def ask_cancel(update: Update, context: OcopContext, data: AskCancel) -> None:
    """Ask the officer to confirm the cancellation."""
    assert update.effective_chat is not None
    training, _ = await managed(update, context, data.training_id)
    t = context.t
    markup = InlineKeyboardMarkup([[button(t("🚫 Yes, cancel it"), ConfirmCancel(training.id)),
                                     button(t("⬅️ Don't cancel"), KeepTraining(training.id))]])
    await context.bot.send_message(update.effective_chat.id, t(
        "Cancel “{title}” ({place})? Those who accepted will be told.",
        title=training.title or "", place=where(training)), reply_markup=markup)


async def cancel(update: Update, context: OcopContext, data: ConfirmCancel) -> None:
    """Cancel the training and tell those who accepted (in the background)."""
    assert update.callback_query is not None
    training, _ = await managed(update, context, data.training_id)
    if not await cancel_training(context.application, training):
        raise StaleButton(data)
    await update.callback_query.edit_message_text(context.t(
        "🚫 “{title}” is cancelled; those who accepted are being told.",
        title=training.title or ""))


async def keep(update: Update, context: OcopContext, data: KeepTraining) -> None:
    """Leave the training as it was, and say so in place of the question."""
    assert update.callback_query is not None
    training, _ = await managed(update, context, data.training_id)
    await update.callback_query.edit_message_text(context.t(
        "Nothing changed: “{title}” goes ahead as planned.", title=training.title or ""))
