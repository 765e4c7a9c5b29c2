"""Groups and channels: answer only commands addressed to this bot, and nothing personal.

Everything a group sees is seen by every member. Staff features (the officer's desk, statistics,
announcements, invitations, the officers' side of trainings) and a person's own data (their
assessments, registrations, exports) therefore work only in a private chat; in a group the bot
answers briefly where to go instead. The check is here, once, before any feature runs: a
feature added later is covered by the command table's roles and by the button allowlist.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from core.commands import COMMANDS, EVERYONE
from core.context import App, OcopContext

GROUPS_GROUP = -4

# Commands for everyone that still show or produce a person's own data (documents included).
PERSONAL_COMMANDS: frozenset[str] = frozenset({"danhgia", "ketqua", "dulieu"})

# Staff commands (roles narrower than everyone's) and the personal ones, both names.
PRIVATE_ONLY_COMMANDS: frozenset[str] = frozenset(
    name
    for command in COMMANDS
    if command.roles != EVERYONE or command.name in PERSONAL_COMMANDS
    for name in command.names
)

# Buttons that may work in a group: browsing the criteria, the FAQ, the language, RSVP.
# Every other button (the desk, exports, decisions, composers, privacy) is private-only.
GROUP_SAFE_BUTTONS: tuple[str, ...] = ("tc", "lang", "fq:e", "fq:h", "tr:y", "tr:n")


def addressed_command(update: Update, bot_username: str) -> str | None:
    """The command name of a message starting with `/command@bot_username`, else None."""
    message = update.message
    if message is None or not message.text or not message.entities:
        return None
    first = message.entities[0]
    if first.type != MessageEntityType.BOT_COMMAND or first.offset != 0:
        return None
    command, _, addressee = message.text[1 : first.length].partition("@")
    return command.lower() if addressee.lower() == bot_username.lower() else None


def is_addressed_command(update: Update, bot_username: str) -> bool:
    """True for a message starting with `/command@bot_username`."""
    return addressed_command(update, bot_username) is not None


def is_group_safe_button(data: str | None) -> bool:
    """Whether a button with this callback data may be pressed in a group."""
    return data is not None and any(
        data == prefix or data.startswith(prefix + ":") for prefix in GROUP_SAFE_BUTTONS
    )


async def guard_groups(update: Update, context: OcopContext) -> None:
    """Outside private chats: pass only our safe buttons and commands addressed to us."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE or update.my_chat_member is not None:
        return
    query = update.callback_query
    if query is not None:
        if not is_group_safe_button(query.data):
            await query.answer(await _private_only_text(update, context, None), show_alert=True)
            raise ApplicationHandlerStop
        return
    command = addressed_command(update, context.bot.username)
    if command is None:
        raise ApplicationHandlerStop
    if command in PRIVATE_ONLY_COMMANDS:
        await context.bot.send_message(
            chat.id, await _private_only_text(update, context, command)
        )
        raise ApplicationHandlerStop


async def _private_only_text(update: Update, context: OcopContext, command: str | None) -> str:
    user = update.effective_user
    t = await context.translator_for(user.id if user else None,
                                     user.language_code if user else None)
    if command is None:
        return t("For your privacy, this works only in a private chat with me (@{bot}).",
                 bot=context.bot.username)
    return t("For your privacy, /{command} works only in a private chat with me: "
             "open @{bot} and send it there.", command=command, bot=context.bot.username)


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, guard_groups), group=GROUPS_GROUP)
