"""/trogiup (/help): the guide to what the bot can do, from the command table."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import CommandHandler

from core.commands import COMMANDS, Command
from core.context import App, OcopContext
from core.i18n import N_
from handlers.main_menu import main_menu, menu_keyboard
from storage.users import Role


@dataclass(frozen=True, slots=True)
class CommandLine:
    """One line of the guide: the command's names and what it does."""

    usage: str
    description: str


def usage(cmd: Command, locale: str) -> str:
    """How the guide names a command: '/danhgia /assess' in Vietnamese, '/assess' in English.

    Both names work in either language; an English reader needs only the English one, as the
    English command menu shows it.
    """
    if locale == "en" and cmd.alias:
        return f"/{cmd.alias}"
    return " ".join(f"/{name}" for name in cmd.names)


def command_lines(context: OcopContext, role: str) -> list[CommandLine]:
    """The commands this role may use, with their descriptions in the user's language."""
    t = context.t
    return [CommandLine(usage(cmd, t.locale), t(cmd.description))
            for cmd in COMMANDS if role in cmd.roles]


async def show_help(update: Update, context: OcopContext) -> None:
    """Send the help text and the main menu."""
    assert update.effective_message is not None
    text = context.render("help.j2",
                          commands=command_lines(context, Role.of(context.user_record)))
    await update.effective_message.reply_text(text, reply_markup=menu_keyboard(context))


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["trogiup", "help"], show_help))
    main_menu(app).add(N_("❓ Help"), show_help)
