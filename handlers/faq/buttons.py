"""The FAQ's buttons: an entry, feedback on an answer, and the hand-off to the officers.

Their data (`fq:VERB:VALUE`) is what messages already sent carry: keep it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton

from core.buttons import ButtonData, button


@dataclass(frozen=True)
class Entry(ButtonData, prefix="fq:e"):
    entry: str  # a knowledge-base entry id


@dataclass(frozen=True)
class Helpful(ButtonData, prefix="fq:h"):
    log_id: int
    helpful: bool


@dataclass(frozen=True)
class Forward(ButtonData, prefix="fq:f"):
    log_id: int  # the logged question to send to the officers


@dataclass(frozen=True)
class Reply(ButtonData, prefix="fq:r"):
    handoff_id: int


@dataclass(frozen=True)
class AddToFaq(ButtonData, prefix="fq:a"):
    handoff_id: int


def entry_button(text: str, entry_id: str) -> InlineKeyboardButton | None:
    """A button opening an entry, or None when its id cannot travel in button data."""
    try:
        return button(text, Entry(entry_id))
    except ValueError:
        return None
