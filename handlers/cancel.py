"""/huy (/cancel) outside any flow: nothing to leave, so show the menu."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from core.context import OcopContext
from handlers.menu import menu_keyboard


async def cancel(update: Update, context: OcopContext) -> None:
    """Say there is nothing to cancel and show the menu."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.t("There is nothing to cancel. What would you like to do?"),
        reply_markup=menu_keyboard(context),
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CommandHandler(["huy", "cancel"], cancel))
