"""Record every user who writes, and settle the language of each update."""

from __future__ import annotations

from telegram import ChatMember, ChatMemberUpdated, Update
from telegram.ext import ChatMemberHandler, TypeHandler

from core.context import App, OcopContext
from core.text import one_line

TRACKING_GROUP = -1


async def track_user(update: Update, context: OcopContext) -> None:
    """Upsert the sender and pick the language their answer will use."""
    user = update.effective_user
    if user is None or user.is_bot:
        context.locale = context.services.i18n.default_locale
        return
    record = await context.repo.users.touch(
        user.id,
        one_line(user.first_name),
        one_line(user.last_name) if user.last_name else None,
        user.username,
        user.language_code,
        is_admin=context.is_admin(user.id),
    )
    context.user_record = record
    context.locale = context.services.i18n.resolve(record.language, user.language_code)


async def track_block(update: Update, context: OcopContext) -> None:
    """Remember when a user blocks or unblocks the bot in their private chat."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    blocked = change.new_chat_member.status == ChatMember.BANNED
    await context.repo.users.set_accepts_messages(change.from_user.id, not blocked)


def register(app: App) -> None:
    # One handler per group runs: block/unblock notices first, every other update after.
    app.add_handler(
        ChatMemberHandler(track_block, ChatMemberHandler.MY_CHAT_MEMBER), group=TRACKING_GROUP
    )
    app.add_handler(TypeHandler(Update, track_user), group=TRACKING_GROUP)
