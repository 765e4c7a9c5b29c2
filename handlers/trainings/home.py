"""The province a person chooses once to hear of its trainings, before any registration.

Offered in /lophoc (and callable from the first assessment: `offer_home_province`). A typed
name that matches one province exactly is taken at once; otherwise the matches are listed as
numbered lines with numbered buttons. Training announcements then count the person in that
province's audience (storage/announcements.py falls back to `users.home_province_code`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardMarkup, Update

from core.buttons import ButtonData, StaleButton, button
from core.context import OcopContext
from core.drafts import DraftForm
from core.i18n import N_
from core.ui import rows
from knowledge import places

HOME_FLOW = "home_province"
ASK_STEP = "province"


@dataclass(frozen=True)
class ChooseHome(ButtonData, prefix="tr:hp"):
    """📍 Choose (or change) the province I hear of."""


@dataclass(frozen=True)
class PickHome(ButtonData, prefix="tr:hc"):
    """One of the provinces matching the typed name."""

    code: int


async def home_row(context: OcopContext, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    """What /lophoc says about the chosen province, and its button."""
    t = context.t
    chosen = places.province(await context.repo.users.home_province(user_id) or 0)
    if chosen is None:
        return t("📍 Choose your province once to hear of its trainings, even before you "
                 "register a product."), InlineKeyboardMarkup(
                     [[button(t("📍 Choose my province"), ChooseHome())]])
    return t("📍 You hear of trainings in {province}.", province=chosen.name), \
        InlineKeyboardMarkup([[button(t("📍 Change my province"), ChooseHome())]])


async def offer_home_province(update: Update, context: OcopContext) -> bool:
    """For other features (the first assessment): offer the choice once, if none was made.

    Sends one message with the 📍 button; returns whether it did (False when the person
    already chose a province or is located by a registration).
    """
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    if await context.repo.users.home_province(user.id) is not None or \
            await context.repo.registrations.latest_place(user.id) is not None:
        return False
    text, markup = await home_row(context, user.id)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    return True


async def choose_home(update: Update, context: OcopContext, data: ChooseHome) -> None:
    """Ask for the province's name."""
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    await context.repo.dialogs.set(user.id, HOME_FLOW, ASK_STEP)
    await context.bot.send_message(update.effective_chat.id, context.t(
        "Which province should I tell you about? Type its name, e.g. Sơn La (or /huy to "
        "leave)."))


async def _load(context: OcopContext, ref: int, user_id: int) -> int | None:
    return user_id  # the form has no draft: the dialog itself is the question


async def _typed(update: Update, context: OcopContext, user_id: int, text: str) -> None:
    """A typed name: one exact match is taken, several are listed with numbers."""
    assert update.effective_message is not None
    found = places.search(places.provinces(), text)
    exact = places.exact(found, text)
    if exact is not None:
        await _save(update, context, exact.code)
        return
    if not found:
        await update.effective_message.reply_text(context.t(
            "I found no place called “{name}”. Try again.", name=text[:60]))
        return
    lines = [f"{i}. {escape(p.name)}" for i, p in enumerate(found, start=1)]
    buttons = [button(f"{i}. {p.name}", PickHome(p.code)) for i, p in enumerate(found, start=1)]
    await update.effective_message.reply_text(
        "\n".join([context.t("Choose one:"), *lines]),
        reply_markup=InlineKeyboardMarkup(rows(buttons, 1)))


async def pick_home(update: Update, context: OcopContext, data: PickHome) -> None:
    """One of the listed provinces."""
    assert update.effective_user is not None
    dialog = context.repo.dialogs.current(update.effective_user.id)
    if dialog is None or dialog.flow != HOME_FLOW or places.province(data.code) is None:
        raise StaleButton(data)
    await _save(update, context, data.code)


async def _save(update: Update, context: OcopContext, province_code: int) -> None:
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    await context.repo.users.set_home_province(user.id, province_code)
    await context.repo.dialogs.clear(user.id)
    chosen = places.province(province_code)
    await context.bot.send_message(update.effective_chat.id, context.t(
        "📍 Saved: you will hear of trainings in {province}. /lophoc lists them.",
        province=chosen.name if chosen else ""))


FORM: DraftForm[int] = DraftForm(
    flow=HOME_FLOW, load=_load, step_of=lambda _: ASK_STEP, text_steps={ASK_STEP: _typed},
    gone=N_("Type /lophoc to see the trainings."))
