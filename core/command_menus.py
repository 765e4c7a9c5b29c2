"""The command menus (setMyCommands): per language for everyone, per chat for staff."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from core.commands import COMMANDS
from core.config import SUPPORTED_LOCALES
from core.context import SERVICES_KEY, App, Services
from core.i18n import Translator

log = logging.getLogger(__name__)


def menu_commands(t: Translator, role: str = "producer") -> list[BotCommand]:
    """The commands a role may use: Vietnamese names, or the English aliases in English."""
    english = t.locale == "en"
    return [BotCommand(cmd.alias if english and cmd.alias else cmd.name, t(cmd.description))
            for cmd in COMMANDS if role in cmd.roles]


async def set_command_menus(app: App) -> None:
    """Publish the menu per language, the default language's for everyone else, and staff's."""
    services: Services = app.bot_data[SERVICES_KEY]
    i18n = services.i18n
    for locale in SUPPORTED_LOCALES:
        await app.bot.set_my_commands(menu_commands(i18n.get(locale)), language_code=locale)
    await app.bot.set_my_commands(menu_commands(i18n.get(i18n.default_locale)))
    staff: dict[int, str] = {o.user_id: "officer" for o in await services.repo.officers.all()}
    staff.update({admin: "admin" for admin in services.settings.admin_ids})
    for user_id, role in staff.items():
        stored = await services.repo.users.get(user_id)
        theirs = i18n.resolve(stored.language, stored.telegram_language) if stored else None
        await set_staff_menu(app.bot, i18n.get(theirs), user_id, role)


async def set_staff_menu(bot: Bot, t: Translator, user_id: int, role: str) -> None:
    """Give one officer or admin the menu of their role; a producer gets the default back."""
    scope = BotCommandScopeChat(user_id)
    try:
        if role == "producer":
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(menu_commands(t, role), scope=scope)
    except TelegramError as exc:  # e.g. an admin who never started the bot
        log.info("No command menu for %s: %s", user_id, exc)
