"""In groups and channels, answer only commands addressed to this bot by name."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from core.context import App, OcopContext

GROUPS_GROUP = -4


def is_addressed_command(update: Update, bot_username: str) -> bool:
    """True for a message starting with `/command@bot_username`."""
    message = update.message
    if message is None or not message.text or not message.entities:
        return False
    first = message.entities[0]
    if first.type != MessageEntityType.BOT_COMMAND or first.offset != 0:
        return False
    command = message.text[: first.length]
    return command.lower().endswith("@" + bot_username.lower())


async def guard_groups(update: Update, context: OcopContext) -> None:
    """Ignore everything in a group or channel except commands addressed to us and our buttons."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if update.callback_query is not None or update.my_chat_member is not None:
        return
    if is_addressed_command(update, context.bot.username):
        return
    raise ApplicationHandlerStop


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, guard_groups), group=GROUPS_GROUP)
