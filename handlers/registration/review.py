"""Submitting a registration, the officers' decisions, and the producer's answers to them.

Every notice these owe someone (the officers' notices, the producer's, the edits of the other
officers' copies) is written to the outbox in the transaction of the change it reports, and
sent by the delivery engine behind the press.

Two small text flows follow a press: the officer's note that goes with a request for more
information or a rejection (`NOTE_FORM`, its step is the decision), and the producer's answer
to such a request (`REPLY_FORM`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from enum import StrEnum
from html import escape

from telegram import InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest, Forbidden, TelegramError

import announcements
from core.buttons import StaleButton, button
from core.context import OcopContext
from core.drafts import DraftForm
from core.i18n import N_, Translator
from core.text import clean, has_letters
from handlers.registration import buttons, views
from handlers.registration.fields import first_missing
from handlers.registration.paper import send_registration_form
from storage.outbox import Notice, NoticeKind, NoticeStatus, adding
from storage.registrations import (
    FORWARDED_EVENT,
    OPEN_STATUSES,
    Registration,
    RegistrationStatus,
)
from storage.users import Role

log = logging.getLogger(__name__)

NOTE_FLOW = "registration_note"
REPLY_FLOW = "registration_reply"
REPLY_STEP = "answer"
MAX_NOTE = 1000
MAX_CAPTION = 800  # of the producer's caption: with the header, within Telegram's 1,024
STATUS_LABELS = {
    RegistrationStatus.SUBMITTED: N_("submitted, waiting for the commune"),
    RegistrationStatus.INFO_REQUESTED: N_("more information requested"),
    RegistrationStatus.ACCEPTED: N_("accepted"),
    RegistrationStatus.REJECTED: N_("not accepted"),
    RegistrationStatus.WITHDRAWN: N_("withdrawn"),
    "note": N_("message"),
    FORWARDED_EVENT: N_("forwarded to the province"),
}


class Handlers(StrEnum):
    """Who handles a registration: its commune's officers, the admins, or (yet) nobody."""

    OFFICERS = "officers"
    ADMINS = "admins"
    NOBODY = "nobody"


SUBMITTED_TEXTS = {
    Handlers.OFFICERS: N_(
        "📨 Registration #{id} was sent to the OCOP officers of your commune. I will tell you "
        "here whenever its status changes; /trangthai shows its timeline."),
    Handlers.ADMINS: N_(
        "📨 Registration #{id} was sent to the OCOP admins: no officer covers your commune yet, "
        "so they will handle it. I will tell you here whenever its status changes; /trangthai "
        "shows its timeline."),
    Handlers.NOBODY: N_(
        "📨 Registration #{id} is saved. No OCOP officer covers your commune yet: it is kept "
        "and will be sent to the first officer appointed there. I will tell you here whenever "
        "its status changes; /trangthai shows its timeline."),
}
NOTE_IN_WORDS = N_(
    "Please write your message in words: emoji or signs alone do not tell the producer "
    "anything. Type it again (or /huy to leave it for now).")
REPLY_HINT = N_(
    "To answer the officer, press “✍️ Reply” below, then send your text, photos or files. "
    "Until then, what you type goes to me as usual.")
DECIDED_LINES = {
    RegistrationStatus.ACCEPTED: N_("✅ {name} accepted this registration."),
    RegistrationStatus.INFO_REQUESTED: N_("❓ {name} asked the producer for more information."),
    RegistrationStatus.REJECTED: N_("❌ {name} did not accept this registration."),
}


def registration_ref(registration_id: int) -> str:
    """How the outbox names a registration's notices."""
    return f"registration:{registration_id}"


async def submit(update: Update, context: OcopContext, registration: Registration) -> None:
    """Submit a complete draft; its officers' notices go to the outbox in the same commit."""
    query = update.callback_query
    assert query is not None
    if first_missing(registration) is not None:
        raise StaleButton(registration.id)
    who, notices = await officer_notices(context, registration,
                                         N_("📥 New OCOP registration #{id}"))
    submitted = await context.repo.registrations.change_status(
        registration.id, registration.user_id, RegistrationStatus.SUBMITTED,
        expected=(RegistrationStatus.DRAFT,), then=adding(notices))
    if submitted is None:
        raise StaleButton(registration.id)
    announcements.post_notices(context.application)
    await context.repo.dialogs.clear(registration.user_id or 0)
    await query.edit_message_text(context.t(SUBMITTED_TEXTS[who], id=submitted.id))
    await send_registration_form(context, submitted)


async def recipients(context: OcopContext, registration: Registration
                     ) -> tuple[Handlers, list[int]]:
    """The officers covering the registration's commune, else the admins, else nobody."""
    officers = await context.repo.officers.covering(registration.province_code or 0,
                                                    registration.commune_code)
    if officers:
        return Handlers.OFFICERS, officers
    admins = sorted(context.services.settings.admin_ids)
    return (Handlers.ADMINS, admins) if admins else (Handlers.NOBODY, [])


async def officer_notices(context: OcopContext, registration: Registration, title: str,
                          note: str | None = None) -> tuple[Handlers, list[Notice]]:
    """The registration with its decision buttons for everyone who handles it, each in their
    language; with nobody, one notice held for the first officer of its area."""
    who, chats = await recipients(context, registration)
    ref = registration_ref(registration.id)
    if not chats:
        t = context.services.i18n.get(None)
        text = await notice_text(context, t, registration, t(title, id=registration.id), note)
        area = (registration.province_code or 0, registration.commune_code)
        held = announcements.notice(None, NoticeKind.REGISTRATION, text,
                                    views.decision_markup(t, registration.id), ref=ref, area=area)
        return who, [held.held()]
    notices = []
    for chat_id in chats:
        t = await context.translator_for(chat_id)
        text = await notice_text(context, t, registration, t(title, id=registration.id), note)
        notices.append(announcements.notice(chat_id, NoticeKind.REGISTRATION, text,
                                            views.decision_markup(t, registration.id), ref=ref))
    return who, notices


async def notice_text(context: OcopContext, t: Translator, registration: Registration,
                      title: str, note: str | None) -> str:
    """The registration as officers see it, in their language (phone included: in scope)."""
    attached = await context.repo.assessments.get(registration.assessment_id) if (
        registration.assessment_id) else None
    return context.services.renderer.render(
        "registration/notice.j2", t, title=title, note=note, note_label=t("Message:"),
        fields=views.summary_values(context, t, registration, attached))


async def decided_notices(context: OcopContext, registration_id: int, officer_id: int,
                          decision: RegistrationStatus, name: str, *,
                          own_copy: bool = False) -> list[Notice]:
    """Edits of the other officers' copies of the registration's notices: who decided what.
    With `own_copy`, the deciding officer's too, so that every copy of a notice reads the same
    (the desk, and the decisions whose note is typed after the press)."""
    copies = await context.repo.outbox.copies(registration_ref(registration_id),
                                              NoticeKind.REGISTRATION)
    edits = []
    for copy in copies:
        mine = copy.chat_id == officer_id and not own_copy
        if copy.chat_id is None or mine or copy.status not in (
                NoticeStatus.PENDING, NoticeStatus.SENDING, NoticeStatus.SENT):
            continue
        t = await context.translator_for(copy.chat_id)
        line = t(DECIDED_LINES[decision], name=name)
        edits.append(announcements.notice(copy.chat_id, NoticeKind.DECIDED,
                                          f"{copy.text}\n\n<b>{line}</b>", edit_of=copy.id,
                                          ref=copy.ref))
    return edits


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
    role = Role.of(context.user_record)
    if role == Role.ADMIN:
        return True
    officer = await context.repo.officers.get(user_id) if role == Role.OFFICER else None
    return officer is not None and officer.scope.covers(registration.province_code,
                                                        registration.commune_code)


async def decidable(context: OcopContext, user_id: int, registration_id: int) -> Registration:
    """The registration if this user may decide on it; StaleButton otherwise."""
    registration = await context.repo.registrations.get(registration_id)
    if registration is None or not await may_handle(context, user_id, registration):
        raise StaleButton(registration_id)
    return registration


async def decide(context: OcopContext, registration: Registration, officer: User,
                 decision: RegistrationStatus, note: str | None = None, *,
                 own_copy: bool = False) -> Registration | None:
    """Apply an officer's decision; in the same commit, the producer's notice and the edits
    of the other officers' copies (and of the officer's own with `own_copy`, for a decision
    taken at the desk). None if the registration can no longer be changed."""
    notices = [*await producer_notices(context, replace(registration, status=decision), note),
               *await decided_notices(context, registration.id, officer.id, decision,
                                      officer.full_name, own_copy=own_copy)]
    changed = await context.repo.registrations.change_status(
        registration.id, officer.id, decision, note, expected=OPEN_STATUSES,
        then=adding(notices))
    if changed is not None:
        await update_thread(context, changed)  # before the producer reads the news
        announcements.post_notices(context.application)
        await context.repo.officers.audit(officer.id, f"registration_{decision}",
                                          registration.id)
    return changed


async def accept(update: Update, context: OcopContext, registration: Registration) -> None:
    """Accept the registration and tell the producer."""
    officer = update.effective_user
    assert officer is not None
    # own_copy: the pressed notice (and the officer's other copies) loses its buttons with
    # the same edit as the others', in the outbox.
    if await decide(context, registration, officer, RegistrationStatus.ACCEPTED,
                    own_copy=True) is None:
        raise StaleButton(registration.id)
    await _send(context, officer.id, context.t("✅ Registration #{id} accepted; the producer "
                                               "was told.", id=registration.id))


async def ask_note(update: Update, context: OcopContext, registration: Registration,
                   decision: RegistrationStatus) -> None:
    """Ask the officer for the note that goes with a request for information or a rejection."""
    officer = update.effective_user
    assert officer is not None
    if registration.status not in OPEN_STATUSES:
        raise StaleButton(registration.id)
    await context.repo.dialogs.set(officer.id, NOTE_FLOW, decision, registration.id)
    prompt = (context.t("What information is missing? Type your message to the producer "
                        "(or /huy to leave it for now).")
              if decision == RegistrationStatus.INFO_REQUESTED else
              context.t("Why is it not accepted? Type the reason for the producer "
                        "(or /huy to leave it for now)."))
    await _send(context, officer.id, prompt)


@dataclass(frozen=True, slots=True)
class PendingDecision:
    """A decision waiting for the officer's note: the registration and what was decided."""

    registration: Registration
    decision: RegistrationStatus


async def _pending_decision(context: OcopContext, registration_id: int, officer_id: int
                            ) -> PendingDecision | None:
    dialog = context.repo.dialogs.current(officer_id)
    registration = await context.repo.registrations.get(registration_id)
    if dialog is None or registration is None or dialog.step not in NOTE_DECISIONS or \
            not await may_handle(context, officer_id, registration):
        return None
    return PendingDecision(registration, RegistrationStatus(dialog.step))


async def _take_note(update: Update, context: OcopContext, pending: PendingDecision,
                     text: str) -> None:
    """Apply the officer's decision with their note, and relay it to the producer."""
    message, officer = _message(update), update.effective_user
    assert officer is not None
    note = officer_note(text)
    if not meaningful_note(note):
        await message.reply_text(context.t(NOTE_IN_WORDS))
        return  # the dialog stays: the next text is the note
    await context.repo.dialogs.clear(officer.id)
    if await decide(context, pending.registration, officer, pending.decision, note,
                    own_copy=True) is None:
        await message.reply_text(context.t("This registration can no longer be changed."))
        return
    await message.reply_text(context.t("✅ Done; the producer was told."))


def officer_note(text: str) -> str:
    """The note as the producer gets it: cleaned, trimmed, within MAX_NOTE characters."""
    return clean(text).strip()[:MAX_NOTE]


def meaningful_note(note: str) -> bool:
    """Whether a note says something: a letter or a digit, not only emoji, signs or spaces."""
    return has_letters(note, digits=True)


async def update_thread(context: OcopContext, registration: Registration) -> None:
    """Once the registration is decided, end a reply the producer had started to it.

    A request for more information does not open the reply by itself: the producer's next
    text may well be a question for the bot, so only "✍️ Reply" makes text an answer.
    """
    producer = registration.user_id
    if producer is None or registration.status == RegistrationStatus.INFO_REQUESTED:
        return
    dialog = context.repo.dialogs.current(producer)
    if dialog is not None and dialog.flow == REPLY_FLOW and dialog.ref == registration.id:
        await context.repo.dialogs.clear(producer)  # decided meanwhile: the thread is over


# The decisions that go with a note for the producer (a request for more, or a reason).
NOTE_DECISIONS = (RegistrationStatus.INFO_REQUESTED, RegistrationStatus.REJECTED)
NOTE_FORM: DraftForm[PendingDecision] = DraftForm(
    flow=NOTE_FLOW, load=_pending_decision, step_of=lambda pending: pending.decision,
    text_steps=dict.fromkeys(NOTE_DECISIONS, _take_note),
    gone=N_("This registration can no longer be changed."))


async def producer_notices(context: OcopContext, registration: Registration,
                           note: str | None) -> list[Notice]:
    """The producer's notice of the new status (the officer's note, with a reply button)."""
    if registration.user_id is None:
        return []
    t = await context.translator_for(registration.user_id)
    status = t(STATUS_LABELS[registration.status])
    lines = [t("🔔 Registration #{id} ({product}): {status}.", id=registration.id,
               product=registration.product_name or "", status=status)]
    if note:
        lines.append(t("Message from the officer: {note}", note=note))
    markup = None
    if registration.status == RegistrationStatus.INFO_REQUESTED:
        lines.append(t(REPLY_HINT))
        markup = InlineKeyboardMarkup([[button(t("✍️ Reply"), buttons.Reply(registration.id))]])
    return [announcements.notice(registration.user_id, NoticeKind.DECISION, "\n".join(lines),
                                 markup, ref=registration_ref(registration.id))]


async def start_reply(update: Update, context: OcopContext, registration_id: int) -> None:
    """Let the producer answer an officer's request for information."""
    user = update.effective_user
    assert user is not None
    if await _awaiting_answer(context, registration_id, user.id) is None:
        raise StaleButton(registration_id)
    await context.repo.dialogs.set(user.id, REPLY_FLOW, REPLY_STEP, registration_id)
    await _send(context, user.id, context.t("Type your answer for the officer:"))


async def _awaiting_answer(context: OcopContext, registration_id: int, user_id: int
                           ) -> Registration | None:
    registration = await context.repo.registrations.get(registration_id)
    if registration is None or registration.user_id != user_id or (
            registration.status != RegistrationStatus.INFO_REQUESTED):
        return None
    return registration


async def _take_reply(update: Update, context: OcopContext, registration: Registration,
                      text: str) -> None:
    """Send the producer's answer to the officers and put the registration back in their queue."""
    message, user = _message(update), update.effective_user
    assert user is not None
    await context.repo.dialogs.clear(user.id)
    answer = clean(text).strip()[:MAX_NOTE]
    _, notices = await officer_notices(
        context, registration, N_("💬 The producer answered about registration #{id}"),
        note=answer)
    changed = await context.repo.registrations.change_status(
        registration.id, user.id, RegistrationStatus.SUBMITTED, answer,
        expected=(RegistrationStatus.INFO_REQUESTED,), then=adding(notices))
    if changed is None:
        await message.reply_text(context.t("This registration is not waiting for an answer."))
        return
    announcements.post_notices(context.application)
    await message.reply_text(context.t("✅ Your answer was sent to the officers."))


async def on_reply_media(update: Update, context: OcopContext) -> None:
    """A photo or document while an officer waits for more: it goes to that officer."""
    message, user = _message(update), update.effective_user
    assert user is not None
    registration = await REPLY_FORM.current(context, user.id)
    if registration is None:
        await context.repo.dialogs.clear(user.id)
        await message.reply_text(context.t(REPLY_FORM.gone))
        return
    caption = (message.caption or "").strip()[:MAX_CAPTION]
    passed = 0
    for officer_id in await _waiting_officers(context, registration):
        t = await context.translator_for(officer_id)
        head = t("📎 The producer sent a file about registration #{id}:", id=registration.id)
        passed += await _pass_file(context, officer_id, message,
                                   f"{head}\n{escape(caption)}".strip())
    if not passed:
        await message.reply_text(context.t(
            "Sorry, I could not pass the file on just now. Please send it again a little later."))
        return
    note = context.t("📎 A file: {caption}", caption=caption) if caption else context.t(
        "📎 A file")
    await context.repo.registrations.add_note(registration.id, user.id, note)
    await message.reply_text(context.t(
        "📎 Sent to the officer. Send more, or type your answer to finish."))


async def _waiting_officers(context: OcopContext, registration: Registration) -> list[int]:
    """The officer who asked for more, if they still handle it; else all who handle it."""
    asked = await context.repo.registrations.requester(registration.id)
    _, handlers = await recipients(context, registration)
    if asked is not None and (asked in handlers or asked in context.services.settings.admin_ids):
        return [asked]
    return handlers


async def _pass_file(context: OcopContext, chat_id: int, message: Message, caption: str
                     ) -> bool:
    """Send the producer's photo or document on by its file id, under `caption`; whether it
    went."""
    try:
        if message.photo:
            await context.bot.send_photo(chat_id, message.photo[-1].file_id, caption=caption)
        elif message.document is not None:
            await context.bot.send_document(chat_id, message.document.file_id,
                                            caption=caption)
    except Forbidden:
        await context.repo.users.set_accepts_messages(chat_id, False)
        return False
    except TelegramError:
        log.warning("Cannot pass a file on to %s", chat_id, exc_info=True)
        return False
    return True


REPLY_FORM: DraftForm[Registration] = DraftForm(
    flow=REPLY_FLOW, load=_awaiting_answer, step_of=lambda _: REPLY_STEP,
    text_steps={REPLY_STEP: _take_reply},
    gone=N_("This registration is not waiting for an answer."))


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message
