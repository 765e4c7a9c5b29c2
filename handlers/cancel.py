"""/huy (/cancel): leave the current flow; whatever was answered stays saved."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from core.context import App, OcopContext
from handlers.main_menu import menu_keyboard


async def cancel(update: Update, context: OcopContext) -> None:
    """Leave the current flow, if any, and show the menu."""
    assert update.effective_message is not None and update.effective_user is not None
    dialogs = context.repo.dialogs
    if dialogs.current(update.effective_user.id) is None:
        text = context.t("There is nothing to cancel. What would you like to do?")
    else:
        await dialogs.clear(update.effective_user.id)
        text = context.t("Stopped. Everything you answered is saved: "
                         "use the same command again to continue.")
    await update.effective_message.reply_text(text, reply_markup=menu_keyboard(context))


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["huy", "cancel"], cancel))
