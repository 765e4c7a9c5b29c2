"""What a recipient receives: the announcement (its text escaped), its photo and buttons."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.i18n import Translator
from storage.announcements import Broadcast

PREFIX = "bc"
UNSUBSCRIBE = f"{PREFIX}:u"
RESUBSCRIBE = f"{PREFIX}:s"
CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Part:
    """One message of a delivery: a text, or a photo with an optional caption."""

    text: str  # HTML
    photo: str | None = None
    markup: InlineKeyboardMarkup | None = None


def body(t: Translator, text: str) -> str:
    """The announcement as HTML: a header, then the sender's text escaped."""
    header = t("📢 <b>OCOP announcement</b>")
    return f"{header}\n\n{html.escape(text, quote=False)}" if text else header


def visible_length(markup: str) -> int:
    """Length of HTML as Telegram counts it: visible characters, in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", markup))
    return len(plain.encode("utf-16-le")) // 2


def parts(t: Translator, broadcast: Broadcast, markup: InlineKeyboardMarkup | None
          ) -> list[Part]:
    """The messages one recipient gets; the buttons go on the last."""
    text = body(t, broadcast.text)
    if broadcast.photo is None:
        return [Part(text, None, markup)]
    if visible_length(text) <= CAPTION_LIMIT:
        return [Part(text, broadcast.photo, markup)]
    return [Part("", broadcast.photo), Part(text, None, markup)]


def subscription_button(t: Translator, *, subscribed: bool) -> InlineKeyboardButton:
    """The button under every announcement: stop them, or (once stopped) receive them again."""
    if subscribed:
        return InlineKeyboardButton(t("🔕 Stop announcements"), callback_data=UNSUBSCRIBE)
    return InlineKeyboardButton(t("🔔 Receive announcements again"), callback_data=RESUBSCRIBE)


def recipient_markup(t: Translator, extra: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup:
    """The extra buttons (a training's RSVP), then the unsubscribe button."""
    rows = [list(row) for row in extra.inline_keyboard] if extra is not None else []
    return InlineKeyboardMarkup([*rows, [subscription_button(t, subscribed=True)]])


def with_subscription(markup: InlineKeyboardMarkup | None, button: InlineKeyboardButton
                      ) -> InlineKeyboardMarkup:
    """`markup` with its (un)subscribe button replaced by `button`; other buttons are kept."""
    ours = (UNSUBSCRIBE, RESUBSCRIBE)
    rows = [[b for b in row if b.callback_data not in ours]
            for row in (markup.inline_keyboard if markup is not None else ())]
    return InlineKeyboardMarkup([*[row for row in rows if row], [button]])
