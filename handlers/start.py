"""/start: a two-line welcome and the main menu; `/start CODE` redeems an officer invitation."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from core.context import App, OcopContext
from handlers.invitations import redeem_invitation
from handlers.main_menu import menu_keyboard


async def start(update: Update, context: OcopContext) -> None:
    """Redeem an invitation code if one came along, then greet the user and show the menu."""
    assert update.effective_message is not None and update.effective_user is not None
    if context.args:
        await redeem_invitation(update, context, context.args[0])
    text = context.render("welcome.j2", name=update.effective_user.first_name)
    await update.effective_message.reply_text(text, reply_markup=menu_keyboard(context))


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler("start", start))
