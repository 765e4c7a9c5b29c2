"""What a recipient receives: the announcement (its text escaped), its photo and buttons."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

from core.buttons import ButtonData, button
from core.i18n import Translator
from core.trainings import rsvp_markup
from storage.announcements import Announcement

CAPTION_LIMIT = 1024
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Unsubscribe(ButtonData, prefix="bc:u"):
    """🔕 under an announcement: receive no more."""


@dataclass(frozen=True)
class Resubscribe(ButtonData, prefix="bc:s"):
    """🔔 under an announcement, once stopped: receive them again."""


@dataclass(frozen=True, slots=True)
class Part:
    """One message of a delivery: a text, or a photo with an optional caption."""

    text: str  # HTML
    photo: str | None = None
    markup: InlineKeyboardMarkup | None = None
    edit_message_id: int | None = None  # edit this message instead of sending a new one
    paid: bool = False  # a paid broadcast (allow_paid_broadcast: beyond 30/s, in Stars)


def body(t: Translator, text: str) -> str:
    """The announcement as HTML: a header, then the sender's text escaped."""
    header = t("📢 <b>OCOP announcement</b>")
    return f"{header}\n\n{html.escape(text, quote=False)}" if text else header


def visible_length(markup: str) -> int:
    """Length of HTML as Telegram counts it: visible characters, in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", markup))
    return len(plain.encode("utf-16-le")) // 2


def parts(t: Translator, announcement: Announcement, markup: InlineKeyboardMarkup | None
          ) -> list[Part]:
    """The messages one recipient gets; the buttons go on the last."""
    text = body(t, announcement.text)
    if announcement.photo is None:
        return [Part(text, None, markup)]
    if visible_length(text) <= CAPTION_LIMIT:
        return [Part(text, announcement.photo, markup)]
    return [Part("", announcement.photo), Part(text, None, markup)]


def recipient_parts(t: Translator, announcement: Announcement) -> list[Part]:
    """The messages one recipient gets in `t`'s language, with the buttons the engine adds."""
    return parts(t, announcement, recipient_markup(t, training_buttons(t, announcement)))


async def send_part(bot: Bot, chat_id: int, part: Part) -> int:
    """Send (or edit) one message of a delivery; return its message id."""
    if part.edit_message_id is not None:
        await bot.edit_message_text(part.text, chat_id, part.edit_message_id,
                                    parse_mode=ParseMode.HTML, reply_markup=part.markup)
        return part.edit_message_id
    paid = True if part.paid else None
    if part.photo is not None:
        message = await bot.send_photo(chat_id, part.photo, caption=part.text or None,
                                       parse_mode=ParseMode.HTML, reply_markup=part.markup,
                                       allow_paid_broadcast=paid)
    else:
        message = await bot.send_message(chat_id, part.text, parse_mode=ParseMode.HTML,
                                         reply_markup=part.markup, allow_paid_broadcast=paid)
    return message.message_id


async def send_preview(bot: Bot, chat_id: int, t: Translator, announcement: Announcement,
                       stop: InlineKeyboardButton) -> None:
    """Show the sender the announcement exactly as recipients will see it, buttons included.

    `stop` stands for the 🔕 button: it does the same, but is told apart from a recipient's.
    """
    extra = training_buttons(t, announcement)
    rows = [list(row) for row in extra.inline_keyboard] if extra is not None else []
    for part in parts(t, announcement, InlineKeyboardMarkup([*rows, [stop]])):
        await send_part(bot, chat_id, part)


def subscription_button(t: Translator, *, subscribed: bool) -> InlineKeyboardButton:
    """The button under every announcement: stop them, or (once stopped) receive them again."""
    if subscribed:
        return button(t("🔕 Stop announcements"), Unsubscribe())
    return button(t("🔔 Receive announcements again"), Resubscribe())


def training_buttons(t: Translator, announcement: Announcement) -> InlineKeyboardMarkup | None:
    """A training's announcement carries the buttons that answer its invitation."""
    if announcement.training_id is None:
        return None
    return rsvp_markup(t, announcement.training_id)


def recipient_markup(t: Translator, extra: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup:
    """The extra buttons (a training's RSVP), then the unsubscribe button."""
    rows = [list(row) for row in extra.inline_keyboard] if extra is not None else []
    return InlineKeyboardMarkup([*rows, [subscription_button(t, subscribed=True)]])


def with_subscription(markup: InlineKeyboardMarkup | None, button: InlineKeyboardButton
                      ) -> InlineKeyboardMarkup:
    """`markup` with its (un)subscribe button replaced by `button`; other buttons are kept."""
    ours = (Unsubscribe().pack(), Resubscribe().pack())
    rows = [[b for b in row if b.callback_data not in ours]
            for row in (markup.inline_keyboard if markup is not None else ())]
    return InlineKeyboardMarkup([*[row for row in rows if row], [button]])
