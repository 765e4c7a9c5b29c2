"""Small building blocks of messages: buttons in rows, points, shortened text, edit-or-send."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackContext

from core.i18n import Translator


def button(text: str, data: str) -> InlineKeyboardButton:
    """An inline button with callback data (kept under Telegram's 64 bytes by its callers)."""
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Buttons laid out `width` per row."""
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def points(value: float) -> str:
    """Points as printed in the decree: integers bare, else one decimal with a point."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def stars_text(t: Translator, stars: int) -> str:
    """`N sao` / `N stars`."""
    return t.plural("{n} star", "{n} stars", stars)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


# Where a criterion's name ends and its explanation begins: an opening bracket or quote, a colon.
_EXPLANATION_STARTS = "([{«“\":"
_TRAILING = " ,;.-–—"


def criterion_name(title: str, limit: int) -> str:
    """`title` cut where its name ends, before any bracket, quote or colon, then to `limit`.

    Sheet titles run on into explanations ("TÍNH ĐỘC ĐÁO (Chất lượng: Có nét riêng…"); cut
    blindly, a label ends inside a bracket that never closes.
    """
    cut = next((i for i, ch in enumerate(title) if ch in _EXPLANATION_STARTS), len(title))
    name = title[:cut].rstrip(_TRAILING)
    if not name:  # no name before the explanation: show its words, without the marks
        name = " ".join("".join(" " if ch in _EXPLANATION_STARTS + ")]}»”" else ch
                                for ch in title).split())
    return shorten(name, limit)


async def show(update: Update, context: CallbackContext[Any, Any, Any, Any], text: str,
               markup: InlineKeyboardMarkup | None, *, edit: bool) -> Message | None:
    """Edit the pressed message in place, or send a new one (after typed text)."""
    query = update.callback_query
    if edit and query is not None and query.message is not None:
        try:
            result = await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
            return None
        return result if isinstance(result, Message) else None
    assert update.effective_chat is not None
    return await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
