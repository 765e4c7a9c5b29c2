"""Whatever no feature handled: unknown commands, stickers, photos, stale buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from core.buttons import answer_quietly, stale_notice
from core.context import App, OcopContext
from core.drafts import form_of
from handlers.main_menu import menu_keyboard


async def unknown_command(update: Update, context: OcopContext) -> None:
    """Point to /trogiup."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t("I don't know that command. Type /trogiup to see what I can do."),
        reply_markup=menu_keyboard(context),
    )


async def not_text(update: Update, context: OcopContext) -> None:
    """Explain that only text and buttons are understood (by the step, inside a form)."""
    assert update.effective_message is not None
    dialog = (context.repo.dialogs.current(update.effective_user.id)
              if update.effective_user is not None else None)
    form = form_of(dialog.flow) if dialog is not None else None
    if form is not None:
        await form.on_other(update, context)
        return
    await update.effective_message.reply_text(
        context.t("Sorry, I can only read text messages and buttons. Please type your question."),
        reply_markup=menu_keyboard(context),
    )


async def stale_button(update: Update, context: OcopContext) -> None:
    """Answer a button nobody handles (old or forged) with a short notice."""
    assert update.callback_query is not None
    await answer_quietly(update.callback_query, stale_notice(context))


def register(app: App) -> None:
    """Register last in group 0: these catch only what every feature before them let through."""
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text))
    app.add_handler(CallbackQueryHandler(stale_button))
