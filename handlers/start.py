"""/start: a two-line welcome and the main menu in the user's language."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from core.context import OcopContext
from handlers.menu import menu_keyboard


async def start(update: Update, context: OcopContext) -> None:
    """Greet the user and show the main menu."""
    assert update.effective_message is not None and update.effective_user is not None
    text = context.render("welcome.j2", name=update.effective_user.first_name)
    await update.effective_message.reply_text(text, reply_markup=menu_keyboard(context))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(CommandHandler("start", start))
