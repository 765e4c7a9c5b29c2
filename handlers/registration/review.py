"""Submitting a registration, the officers' decisions, and the producer's answers to them."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden

from core.context import OcopContext
from core.i18n import N_, Translator
from core.ui import button
from handlers.registration import views
from handlers.registration.fields import first_missing
from handlers.registration.views import PREFIX
from storage.registrations import OPEN_STATUSES, Registration

log = logging.getLogger(__name__)

NOTE_FLOW = "registration_note"
MAX_NOTE = 1000
STATUS_LABELS = {
    "submitted": N_("submitted, waiting for the commune"),
    "info_requested": N_("more information requested"),
    "accepted": N_("accepted by the commune"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
    "note": N_("message"),
}


async def submit(update: Update, context: OcopContext, registration: Registration) -> bool:
    """Submit a complete draft and notify the officers of its commune."""
    if first_missing(registration) is not None:
        return False
    submitted = await context.repo.registrations.change_status(
        registration.id, registration.user_id, "submitted", expected=("draft",))
    if submitted is None:
        return False
    await context.repo.dialogs.clear(registration.user_id or 0)
    await update.callback_query.edit_message_text(context.t(  # type: ignore[union-attr]
        "📨 Registration #{id} was sent to the OCOP officers of your commune. I will tell you "
        "here whenever its status changes; /trangthai shows its timeline.", id=submitted.id))
    await notify_officers(context, submitted, N_("📥 New OCOP registration #{id}"))
    return True


async def recipients(context: OcopContext, registration: Registration) -> list[int]:
    """The officers covering the registration's commune, or the admins when there are none."""
    officers = await context.repo.officers.covering(registration.province_code or 0,
                                                    registration.commune_code)
    return officers or sorted(context.services.settings.admin_ids)


async def notify_officers(context: OcopContext, registration: Registration, title: str,
                          note: str | None = None) -> None:
    """Send the registration, with the decision buttons, to everyone who handles it."""
    for officer_id in await recipients(context, registration):
        t = await context.translator_for(officer_id)
        text = await notice_text(context, t, registration, t(title, id=registration.id), note)
        markup = InlineKeyboardMarkup([[
            button(t("✅ Accept"), f"{PREFIX}:ok:{registration.id}"),
            button(t("❓ Ask for more"), f"{PREFIX}:in:{registration.id}"),
            button(t("❌ Reject"), f"{PREFIX}:no:{registration.id}"),
        ]])
        await _send(context, officer_id, text, markup)


async def notice_text(context: OcopContext, t: Translator, registration: Registration,
                      title: str, note: str | None) -> str:
    """The registration as officers see it, in their language (phone included: in scope)."""
    attached = await context.repo.assessments.get(registration.assessment_id) if (
        registration.assessment_id) else None
    return context.services.renderer.render(
        "registration/notice.j2", t, title=title, note=note, note_label=t("Message:"),
        fields=views.summary_values(context, t, registration, attached))


async def _send(context: OcopContext, chat_id: int, text: str,
                markup: InlineKeyboardMarkup | None = None) -> bool:
    try:
        await context.bot.send_message(chat_id, text, reply_markup=markup)
    except Forbidden:
        await context.repo.users.set_accepts_messages(chat_id, False)
        return False
    except BadRequest:
        log.warning("Cannot reach %s (never started the bot?)", chat_id)
        return False
    return True


async def may_handle(context: OcopContext, user_id: int, registration: Registration) -> bool:
    """Whether this user may decide on the registration: admins anywhere, officers in scope."""
    role = context.user_record.role if context.user_record else "producer"
    if role == "admin":
        return True
    officer = await context.repo.officers.get(user_id) if role == "officer" else None
    return officer is not None and officer.scope.covers(registration.province_code,
                                                        registration.commune_code)


async def accept(update: Update, context: OcopContext, registration: Registration) -> bool:
    """Accept the registration and tell the producer."""
    officer = update.effective_user
    assert officer is not None
    changed = await context.repo.registrations.change_status(
        registration.id, officer.id, "accepted", expected=OPEN_STATUSES)
    if changed is None:
        return False
    await context.repo.officers.audit(officer.id, "registration_accepted", registration.id)
    await update.callback_query.edit_message_reply_markup(None)  # type: ignore[union-attr]
    await tell_producer(context, changed, None)
    await _send(context, officer.id, context.t("✅ Registration #{id} accepted; the producer "
                                               "was told.", id=registration.id))
    return True


async def ask_note(update: Update, context: OcopContext, registration: Registration,
                   decision: str) -> bool:
    """Ask the officer for the note that goes with a request for information or a rejection."""
    officer = update.effective_user
    assert officer is not None
    if registration.status not in OPEN_STATUSES:
        return False
    await context.repo.dialogs.set(officer.id, NOTE_FLOW, decision, registration.id)
    prompt = (context.t("What information is missing? Type your message to the producer.")
              if decision == "info_requested" else
              context.t("Why is it rejected? Type the reason for the producer."))
    await _send(context, officer.id, prompt)
    return True


async def receive_note(update: Update, context: OcopContext) -> None:
    """Apply the officer's decision with their note, and relay it to the producer."""
    message, officer = update.effective_message, update.effective_user
    assert message is not None and officer is not None and message.text is not None
    dialog = context.repo.dialogs.current(officer.id)
    await context.repo.dialogs.clear(officer.id)
    registration = await context.repo.registrations.get(dialog.ref or 0) if dialog else None
    note = message.text.strip()[:MAX_NOTE]
    if dialog is None or registration is None or not await may_handle(
            context, officer.id, registration):
        await message.reply_text(context.t("This registration can no longer be changed."))
        return
    changed = await context.repo.registrations.change_status(
        registration.id, officer.id, dialog.step, note, expected=OPEN_STATUSES)
    if changed is None:
        await message.reply_text(context.t("This registration can no longer be changed."))
        return
    await context.repo.officers.audit(officer.id, f"registration_{dialog.step}", registration.id)
    await tell_producer(context, changed, note)
    await message.reply_text(context.t("✅ Done; the producer was told."))


async def tell_producer(context: OcopContext, registration: Registration,
                        note: str | None) -> None:
    """Tell the producer the new status (and the officer's note, with a reply button)."""
    if registration.user_id is None:
        return
    t = await context.translator_for(registration.user_id)
    status = t(STATUS_LABELS[registration.status])
    lines = [t("🔔 Registration #{id} ({product}): {status}.", id=registration.id,
               product=registration.product_name or "", status=status)]
    if note:
        lines.append(t("Message from the officer: {note}", note=note))
    markup = InlineKeyboardMarkup([[button(t("✍️ Reply"), f"{PREFIX}:rp:{registration.id}")]]) \
        if registration.status == "info_requested" else None
    await _send(context, registration.user_id, "\n".join(lines), markup)


REPLY_FLOW = "registration_reply"


async def start_reply(update: Update, context: OcopContext, registration: Registration) -> bool:
    """Let the producer answer an officer's request for information."""
    user = update.effective_user
    assert user is not None
    if registration.user_id != user.id or registration.status != "info_requested":
        return False
    await context.repo.dialogs.set(user.id, REPLY_FLOW, "answer", registration.id)
    await _send(context, user.id, context.t("Type your answer for the officer:"))
    return True


async def receive_reply(update: Update, context: OcopContext) -> None:
    """Send the producer's answer to the officers and put the registration back in their queue."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    dialog = context.repo.dialogs.current(user.id)
    await context.repo.dialogs.clear(user.id)
    answer = message.text.strip()[:MAX_NOTE]
    registration = await context.repo.registrations.get(dialog.ref or 0) if dialog else None
    changed = None
    if registration is not None and registration.user_id == user.id:
        changed = await context.repo.registrations.change_status(
            registration.id, user.id, "submitted", answer, expected=("info_requested",))
    if changed is None:
        await message.reply_text(context.t("This registration is not waiting for an answer."))
        return
    await message.reply_text(context.t("✅ Your answer was sent to the officers."))
    await notify_officers(context, changed, N_("💬 The producer answered about registration "
                                               "#{id}"), note=answer)

