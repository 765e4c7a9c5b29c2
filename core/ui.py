"""Small building blocks of messages: inline buttons in rows, points and shortened text."""

from __future__ import annotations

from telegram import InlineKeyboardButton


def button(text: str, data: str) -> InlineKeyboardButton:
    """An inline button with callback data (kept under Telegram's 64 bytes by its callers)."""
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `width` per row."""
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def points(value: float) -> str:
    """Points as printed in the decree: integers bare, else one decimal with a point."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
