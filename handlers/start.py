"""/start: a two-line welcome and the main menu; `/start CODE` redeems an officer invitation."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler

from core.context import App, OcopContext
from handlers.invitations import OFFICER_WORK, redeem_invitation
from handlers.main_menu import menu_keyboard
from storage.users import Role


async def start(update: Update, context: OcopContext) -> None:
    """Redeem an invitation code if one came along, then greet the user and show the menu."""
    assert update.effective_message is not None and update.effective_user is not None
    if context.args and await redeem_invitation(update, context, context.args[0],
                                                menu_keyboard(context)):
        return  # the new officer's welcome says where their work is, not the producer's
    text = context.render("welcome.j2", name=update.effective_user.first_name)
    if _staff_in_private(update, context):
        text = "\n\n".join([text, context.t(OFFICER_WORK)])
    await update.effective_message.reply_text(text, reply_markup=menu_keyboard(context))


def _staff_in_private(update: Update, context: OcopContext) -> bool:
    """An officer or admin in a private chat: a group is not told who is staff."""
    private = update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE
    return private and Role.of(context.user_record) in (Role.OFFICER, Role.ADMIN)


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler("start", start))
