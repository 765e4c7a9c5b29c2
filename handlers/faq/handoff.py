"""Hand-off: a question the bot cannot answer goes to the officers, and their answer comes back."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update

import announcements
from core.buttons import StaleButton, button
from core.context import OcopContext
from core.drafts import DraftForm
from core.i18n import N_, Translator
from core.text import clean
from handlers.faq.ask import engine
from handlers.faq.buttons import AddToFaq, Forward, Reply
from storage.faq import Handoff, HandoffStatus
from storage.outbox import InTransaction, Notice, NoticeKind, adding
from storage.users import Role

log = logging.getLogger(__name__)

FLOW = "faq_reply"
ANSWER_STEP = "answer"
MAX_ANSWER = 2000


def is_staff(context: OcopContext) -> bool:
    """Whether the user of this update is an officer or an admin (checked on the server)."""
    return Role.of(context.user_record) in (Role.OFFICER, Role.ADMIN)


def is_admin(context: OcopContext) -> bool:
    """Whether the user of this update is an admin (checked on the server)."""
    return Role.of(context.user_record) == Role.ADMIN


async def handlers_of(context: OcopContext, asker_id: int) -> list[int]:
    """Who answers this person: the officers of the commune of their latest registration,
    else the admins."""
    place = await context.repo.registrations.latest_place(asker_id)
    officers = await context.repo.officers.covering(*place) if place else []
    return officers or sorted(context.services.settings.admin_ids)


async def may_answer(context: OcopContext, officer_id: int, handoff: Handoff) -> bool:
    """Admins answer any question; officers those routed to them."""
    if is_admin(context):
        return True
    return is_staff(context) and officer_id in await handlers_of(context, handoff.user_id)


async def forward(update: Update, context: OcopContext, data: Forward) -> None:
    """Send the user's logged question to the officers, once, if it is theirs: their notices
    go to the outbox in the hand-off's own commit."""
    query = update.callback_query
    assert query is not None
    officers = await handlers_of(context, query.from_user.id)
    translators = {officer: await context.translator_for(officer) for officer in officers}
    asker = query.from_user.full_name

    def notices(handoff: Handoff) -> InTransaction:
        return adding(question_notice(t, officer, handoff, asker)
                      for officer, t in translators.items())

    handoff = await context.repo.faq.hand_off(data.log_id, query.from_user.id, then=notices)
    if handoff is None:
        raise StaleButton(data)
    announcements.post_notices(context.application)
    await query.edit_message_text(context.t(
        "📨 Your question was sent to the OCOP officers. Their answer will come here."))


def question_notice(t: Translator, officer_id: int, handoff: Handoff, asker: str) -> Notice:
    """The question as one officer receives it, with its Reply button."""
    text = t("❓ Question #{id} from {name}:\n«{text}»", id=handoff.id, name=asker,
             text=handoff.text)
    markup = InlineKeyboardMarkup([[button(t("✍️ Reply"), Reply(handoff.id))]])
    return announcements.notice(officer_id, NoticeKind.QUESTION, text, markup,
                                ref=f"handoff:{handoff.id}")


async def start_reply(update: Update, context: OcopContext, data: Reply) -> None:
    """Ask the officer for the answer to a question routed to them."""
    assert update.effective_user is not None and update.effective_chat is not None
    handoff = await _answerable(context, data.handoff_id, update.effective_user.id)
    if handoff is None:
        raise StaleButton(data)
    await context.repo.dialogs.set(update.effective_user.id, FLOW, ANSWER_STEP, handoff.id)
    await context.bot.send_message(update.effective_chat.id, context.t(
        "Type your answer to question #{id} («{text}»), or /huy to stop.",
        id=handoff.id, text=handoff.text))


async def _answerable(context: OcopContext, handoff_id: int, officer_id: int) -> Handoff | None:
    """The question if it still waits and this officer may answer it."""
    handoff = await context.repo.faq.handoff(handoff_id)
    if handoff is None or handoff.status != HandoffStatus.OPEN or not await may_answer(
            context, officer_id, handoff):
        return None
    return handoff


async def _take_answer(update: Update, context: OcopContext, handoff: Handoff,
                       text: str) -> None:
    """Store the officer's typed answer and deliver it to the person who asked."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    answer = clean(text).strip()
    if len(answer) > MAX_ANSWER:
        await message.reply_text(context.t("That answer is too long: at most {n} characters.",
                                           n=MAX_ANSWER))
        return
    await context.repo.dialogs.clear(user.id)
    answered = adding([await answer_notice(context, handoff, answer)])
    if not await context.repo.faq.answer_handoff(handoff.id, user.id, answer, then=answered):
        await message.reply_text(context.t("This question was already answered."))
        return
    announcements.post_notices(context.application)
    asker = await context.repo.users.get(handoff.user_id)
    await message.reply_text(_confirmation(context, asker is None or asker.accepts_messages),
                             reply_markup=_add_keyboard(context, handoff))


# An officer's answer to a question: the dialog's ref is the hand-off.
REPLY_FORM: DraftForm[Handoff] = DraftForm(
    flow=FLOW, load=_answerable, step_of=lambda _: ANSWER_STEP,
    text_steps={ANSWER_STEP: _take_answer}, gone=N_("This question was already answered."))


async def answer_notice(context: OcopContext, handoff: Handoff, answer: str) -> Notice:
    """The officer's answer as the person who asked receives it."""
    t = await context.translator_for(handoff.user_id)
    text = t("📬 An OCOP officer answered your question «{question}»:\n\n{answer}",
             question=handoff.text, answer=answer)
    return announcements.notice(handoff.user_id, NoticeKind.ANSWER, text,
                                ref=f"handoff:{handoff.id}")


def _confirmation(context: OcopContext, reachable: bool) -> str:
    if reachable:
        return context.t("✅ Your answer was sent.")
    return context.t("Your answer is saved, but the person has blocked the bot and did not get it.")


def _add_keyboard(context: OcopContext, handoff: Handoff) -> InlineKeyboardMarkup | None:
    if not is_admin(context):
        return None
    return InlineKeyboardMarkup([[button(context.t("➕ Add to the FAQ"), AddToFaq(handoff.id))]])


async def add_to_faq(update: Update, context: OcopContext, data: AddToFaq) -> None:
    """Turn an answered question into a FAQ entry (admins only), searchable at once."""
    query = update.callback_query
    assert query is not None
    handoff = await context.repo.faq.handoff(data.handoff_id)
    if not is_admin(context) or handoff is None or handoff.answer is None or \
            handoff.faq_entry_id:
        raise StaleButton(data)
    entry = {
        "id": f"officer-{handoff.id}", "question": handoff.text,
        "answer_vi": html.escape(handoff.answer), "answer_en": "",
        "source": context.t("Answer of an OCOP officer, {date}",
                            date=context.t.date(datetime.now(UTC))),
    }
    await context.repo.faq.add_entry(handoff, entry, query.from_user.id)
    engine(context).add_entry(entry)
    await query.edit_message_text(context.t("✅ Added to the FAQ: the bot now answers it."))
