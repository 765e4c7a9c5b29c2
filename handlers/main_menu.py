"""The main menu: a reply keyboard in the user's language, and routing of its buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Message, ReplyKeyboardMarkup, Update
from telegram.ext import MessageHandler, filters

from core.context import SERVICES_KEY, App, OcopContext
from core.i18n import I18n, Translator

MENU_KEY = "main_menu"

Callback = Callable[[Update, OcopContext], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class MenuItem:
    label: str  # msgid
    callback: Callback
    former: tuple[str, ...] = ()  # labels of keyboards sent before a rename, still on phones


class MainMenu:
    """The ordered menu items that feature modules contribute."""

    def __init__(self) -> None:
        self.items: list[MenuItem] = []
        self._by_label: dict[str, MenuItem] | None = None  # every label in every language

    def add(self, label: str, callback: Callback, *, former: tuple[str, ...] = ()) -> None:
        """Append a button; `label` is a msgid marked with N_."""
        self.items.append(MenuItem(label, callback, former))
        self._by_label = None

    def keyboard(self, t: Translator) -> ReplyKeyboardMarkup:
        """The menu as a two-column keyboard in `t`'s language."""
        labels = [t(item.label) for item in self.items]
        rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)

    def find(self, text: str, i18n: I18n) -> MenuItem | None:
        """The item whose label, in any language, is `text`."""
        if self._by_label is None:
            # Every text message is checked against the menu: translate the labels once.
            self._by_label = {t(item.label): item for item in reversed(self.items)
                              for t in i18n.translators.values()}
            self._by_label |= {old: item for item in self.items for old in item.former}
        return self._by_label.get(text)


class MenuButtonFilter(filters.MessageFilter):
    """Matches a private text message that is one of the menu's labels in any language."""

    def __init__(self, menu: MainMenu, i18n: I18n) -> None:
        super().__init__(name="MenuButtonFilter")
        self.menu, self.i18n = menu, i18n

    def filter(self, message: Message) -> bool:
        return bool(message.text) and self.menu.find(message.text or "", self.i18n) is not None


def main_menu(app: App) -> MainMenu:
    """The application's menu, created on first use."""
    return app.bot_data.setdefault(MENU_KEY, MainMenu())


def menu_keyboard(context: OcopContext) -> ReplyKeyboardMarkup:
    """The main menu keyboard for the current user."""
    return main_menu(context.application).keyboard(context.t)


async def route_menu_button(update: Update, context: OcopContext) -> None:
    """Run the feature behind a pressed menu button."""
    assert update.effective_message is not None
    item = main_menu(context.application).find(
        update.effective_message.text or "", context.services.i18n
    )
    if item is not None:
        await item.callback(update, context)


def register(app: App) -> None:
    """Route menu labels; call after every feature has added its items."""
    is_menu_label = MenuButtonFilter(main_menu(app), app.bot_data[SERVICES_KEY].i18n)
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & is_menu_label, route_menu_button))
