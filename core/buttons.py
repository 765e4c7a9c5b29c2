"""One codec for inline-button data, and one way to route and answer a press.

A kind of button is a frozen dataclass deriving from `ButtonData` with a prefix naming its feature
and verb (`prefix="as:q"`) and typed fields (`int`, `bool` or a short `str` token). `pack()` gives
the callback data (`as:q:12:3:1`, checked against Telegram's 64 bytes); `pattern()` gives PTB the
regular expression that routes exactly that kind; `unpack()` reads it back or raises `StaleButton`.

`on_press(kind, callback)` builds the `CallbackQueryHandler` for one kind. The callback receives the
unpacked data and returns `None`, or a short notice to show on the press. It raises `StaleButton`
when the press no longer applies (an old message, a finished flow, a forged or foreign id); the
press is then answered with one notice, here, and nothing changes. Button data lives in the
message itself, never in memory, so a press after a restart or a kill -9 is read like any other
(which PTB's `arbitrary_callback_data` could not promise).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Self, TypeVar

from telegram import CallbackQuery, InlineKeyboardButton, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler

from core.context import OcopContext
from core.i18n import Translator

MAX_BYTES = 64  # Telegram's limit on callback data
# Longer than a typed number may be: Telegram user ids reach 2^52 and Unix times have 10 digits.
INT_DIGITS = 16
TOKEN = r"[A-Za-z0-9_.-]{1,40}"  # what a str field may hold: ids and codes, never user text
_FIELD_PATTERNS = {"int": rf"[0-9]{{1,{INT_DIGITS}}}", "bool": "[01]", "str": TOKEN}

D = TypeVar("D", bound="ButtonData")


class StaleButton(Exception):
    """The press no longer applies: answer it with a short notice and change nothing."""


@dataclasses.dataclass(frozen=True)
class ButtonData:
    """Base of every kind of button data; subclasses are frozen dataclasses with a prefix."""

    prefix: ClassVar[str] = ""

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if prefix:
            cls.prefix = prefix

    @classmethod
    def _field_kinds(cls) -> list[tuple[str, str]]:
        kinds = []
        for field in dataclasses.fields(cls):
            kind = field.type if isinstance(field.type, str) else field.type.__name__
            if kind not in _FIELD_PATTERNS:
                raise TypeError(f"{cls.__name__}.{field.name}: unsupported type {kind}")
            kinds.append((field.name, kind))
        return kinds

    @classmethod
    def pattern(cls) -> str:
        """The regular expression matching exactly this kind's data (for PTB's routing)."""
        parts = [re.escape(cls.prefix)] + [_FIELD_PATTERNS[k] for _, k in cls._field_kinds()]
        return "^" + ":".join(parts) + "$"

    def pack(self) -> str:
        """The callback data; raises ValueError past Telegram's 64 bytes or on a bad token."""
        values = [_pack_value(getattr(self, name)) for name, _ in self._field_kinds()]
        data = ":".join([self.prefix, *values])
        if len(data.encode()) > MAX_BYTES or not re.fullmatch(self.pattern(), data):
            raise ValueError(f"bad button data: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str | None) -> Self:
        """The data read back; StaleButton for anything that is not exactly this kind."""
        if data is None or not re.fullmatch(cls.pattern(), data):
            raise StaleButton(data)
        raw = data.split(":")[cls.prefix.count(":") + 1 :]
        return cls(**{name: _unpack_value(kind, value)
                      for (name, kind), value in zip(cls._field_kinds(), raw, strict=True)})


def _pack_value(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _unpack_value(kind: str, raw: str) -> object:
    if kind == "int":
        return int(raw)
    if kind == "bool":
        return raw == "1"
    return raw


def button(text: str, data: ButtonData) -> InlineKeyboardButton:
    """An inline button carrying `data`."""
    return InlineKeyboardButton(text, callback_data=data.pack())


def page_moves(t: Translator, page: int, pages: int, to: Callable[[int], ButtonData]
               ) -> list[list[InlineKeyboardButton]]:
    """The row of ⬅️ / ➡️ buttons between pages of a list, when there is more than one page."""
    moves = [button(t("⬅️ Previous"), to(page - 1))] if page > 0 else []
    if page + 1 < pages:
        moves.append(button(t("Next ➡️"), to(page + 1)))
    return [moves] if moves else []


PressCallback = Callable[[Update, OcopContext, D], Awaitable[str | None]]


def on_press(kind: type[D], callback: PressCallback[D]) -> CallbackQueryHandler[Any, Any]:
    """The handler for one kind of button: unpack, run, answer (with the stale notice if due)."""

    async def handle(update: Update, context: OcopContext) -> None:
        query = update.callback_query
        assert query is not None
        try:
            notice = await callback(update, context, kind.unpack(query.data))
        except StaleButton:
            notice = stale_notice(context)
        await answer_quietly(query, notice)

    handle.__doc__ = callback.__doc__
    return CallbackQueryHandler(handle, pattern=kind.pattern())


def stale_notice(context: OcopContext) -> str:
    """The one notice for a press that no longer applies."""
    return context.t("This button is no longer valid.")


async def answer_quietly(query: CallbackQuery, notice: str | None = None) -> None:
    """Answer a press; the step itself is done, so a failed answer must not become an error."""
    try:
        await query.answer(notice or None)
    except TelegramError:
        return
