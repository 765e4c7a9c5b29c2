"""/ngonngu (/language): switch between Vietnamese and English, remembered in the database."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from core.config import SUPPORTED_LOCALES
from core.context import App, OcopContext
from core.i18n import N_
from handlers.main_menu import main_menu, menu_keyboard

CALLBACK_PREFIX = "lang:"
LANGUAGE_NAMES = {"vi": "🇻🇳 Tiếng Việt", "en": "🇬🇧 English"}


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per supported language, each named in its own language."""
    buttons = [InlineKeyboardButton(LANGUAGE_NAMES[code], callback_data=CALLBACK_PREFIX + code)
               for code in SUPPORTED_LOCALES]
    return InlineKeyboardMarkup([buttons])


async def ask_language(update: Update, context: OcopContext) -> None:
    """Offer the languages."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t("Choose your language:"), reply_markup=language_keyboard()
    )


async def choose_language(update: Update, context: OcopContext) -> None:
    """Store the chosen language and answer in it, with the menu in that language."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    code = query.data.removeprefix(CALLBACK_PREFIX)
    if code not in SUPPORTED_LOCALES:
        await query.answer(context.t("This button is no longer valid."))
        return
    await context.repo.users.set_language(query.from_user.id, code)
    context.locale = code
    await query.answer()
    await query.edit_message_text(context.t("Language: {name}", name=LANGUAGE_NAMES[code]))
    await context.bot.send_message(
        update.effective_chat.id,
        context.t("Done! I will talk to you in English."),
        reply_markup=menu_keyboard(context),
    )


def register(app: App) -> None:
    app.add_handler(CommandHandler(["ngonngu", "language"], ask_language))
    app.add_handler(CallbackQueryHandler(choose_language, pattern=f"^{CALLBACK_PREFIX}"))
    main_menu(app).add(N_("🌐 Language"), ask_language)
