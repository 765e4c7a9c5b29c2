"""Edited messages: the flows take new messages only.

Telegram sends an edit of an earlier message as an update too, and the text handlers would take
it as the answer to whatever step is current. An edit never changes anything here; in a private
chat the person is told, kindly, to send the new answer as a new message.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from core.context import App, OcopContext

EDITS_GROUP = -2


def is_edit(update: Update) -> bool:
    """Whether the update is an edit of an earlier message or post."""
    return bool(update.edited_message or update.edited_channel_post
                or update.edited_business_message)


async def ignore_edits(update: Update, context: OcopContext) -> None:
    """Stop every edit before the flows; explain it in a private chat."""
    if not is_edit(update):
        return
    message, user = update.edited_message, update.effective_user
    if message is not None and user is not None and message.chat.type == ChatType.PRIVATE:
        t = await context.translator_for(user.id, user.language_code)
        await context.bot.send_message(message.chat.id, t(
            "I only read new messages, so your edit changed nothing. To change an answer, "
            "send it again as a new message."))
    raise ApplicationHandlerStop


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, ignore_edits), group=EDITS_GROUP)
