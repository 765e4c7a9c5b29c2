"""/ngonngu (/language): switch between Vietnamese and English, remembered in the database."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from core.buttons import ButtonData, StaleButton, button, on_press
from core.config import SUPPORTED_LOCALES
from core.context import App, OcopContext
from core.i18n import N_
from handlers.main_menu import main_menu, menu_keyboard

LANGUAGE_NAMES = {"vi": "🇻🇳 Tiếng Việt", "en": "🇬🇧 English"}


@dataclass(frozen=True)
class Language(ButtonData, prefix="lang"):
    code: str  # a supported locale


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per supported language, each named in its own language."""
    return InlineKeyboardMarkup([[button(LANGUAGE_NAMES[code], Language(code))
                                  for code in SUPPORTED_LOCALES]])


async def ask_language(update: Update, context: OcopContext) -> None:
    """Offer the languages."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t("Choose your language:"), reply_markup=language_keyboard()
    )


async def choose_language(update: Update, context: OcopContext, data: Language) -> None:
    """Store the chosen language and answer in it, with the menu in that language."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    if data.code not in SUPPORTED_LOCALES:
        raise StaleButton(data)
    await context.repo.users.set_language(query.from_user.id, data.code)
    context.locale = data.code
    await query.edit_message_text(context.t("Language: {name}", name=LANGUAGE_NAMES[data.code]))
    await context.bot.send_message(
        update.effective_chat.id,
        context.t("Done! I will talk to you in English."),
        reply_markup=menu_keyboard(context),
    )


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["ngonngu", "language"], ask_language))
    app.add_handler(on_press(Language, choose_language))
    main_menu(app).add(N_("🌐 Language"), ask_language)
