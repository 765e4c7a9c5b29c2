"""What a training's parts must be, whoever types them: the chat's creation form and the desk.

Each check takes what was typed and returns the value to store, or raises `Refused` with the
kind sentence to show (a msgid and its values, translated by the caller).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.i18n import N_, Translator
from core.numbers import parse_number
from core.text import has_letters, one_line
from handlers.trainings.common import looks_like_moment, parse_moment
from knowledge import places

TITLE_LIMIT = 200
VENUE_LIMIT = 300
TOPIC_LIMIT = 120
CLASS_NAME_LIMIT = 100
MAX_TYPED_TOPICS = 5
MAX_CAPACITY = 10_000


class Refused(ValueError):
    """A typed answer that cannot be stored, with what to tell the person."""

    def __init__(self, msgid: str, /, **values: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.values = values

    def text(self, t: Translator) -> str:
        """The refusal in `t`'s language (HTML: its values are escaped)."""
        return t(self.msgid, **self.values)


def clean_line(text: str, limit: int) -> str | None:
    """One line of text within `limit` characters, or None when empty or too long."""
    value = one_line(text)
    return value if 0 < len(value) <= limit else None


def line(text: str, limit: int) -> str:
    """A title, venue or class name: one line of at most `limit` characters."""
    value = clean_line(text, limit)
    if value is None:
        raise Refused(N_("Please type it on one line, at most {n} characters."), n=limit)
    return value


def title(text: str) -> str:
    """A training's title: one line of words (not only emoji), at most TITLE_LIMIT."""
    value = one_line(text)
    if not value:
        raise Refused(N_("Please type a title."))
    if not has_letters(value, digits=True):
        raise Refused(N_("Please type a title with letters or digits, not only emoji or signs."))
    return line(value, TITLE_LIMIT)


def typed_topic(text: str, typed_before: int) -> str:
    """A topic of one's own, when fewer than MAX_TYPED_TOPICS were typed before it."""
    value = clean_line(text, TOPIC_LIMIT)
    if value is None or typed_before >= MAX_TYPED_TOPICS:
        raise Refused(N_(
            "Please type one topic of at most 120 characters (up to 5 of your own)."))
    return value


def moment(text: str) -> datetime:
    """A typed `dd/mm/yyyy hh:mm`, in Vietnam's time."""
    value = parse_moment(text)
    if value is None and looks_like_moment(text):
        raise Refused(N_("{moment} does not exist on the calendar. Please check the day, the "
                         "month and the time."), moment=one_line(text))
    if value is None:
        raise Refused(N_(
            "Please type the date and time as dd/mm/yyyy hh:mm, e.g. 15/12/2026 08:00."))
    return value


def start(text: str, now: datetime) -> datetime:
    """When a training starts: a moment still to come."""
    value = moment(text)
    if value <= now:
        raise Refused(N_("That moment has passed. Please type a date to come."))
    return value


def end(text: str, starts_at: datetime | None) -> datetime:
    """When a training ends: after its start."""
    value = moment(text)
    if starts_at is None or value <= starts_at:
        raise Refused(N_("The end must come after the start. Please type it again."))
    return value


def capacity(text: str) -> int:
    """A class's number of places: a whole number from 1 to MAX_CAPACITY."""
    value = parse_number(text, 1, MAX_CAPACITY)
    if value is None:
        raise Refused(N_("Please type a whole number of places, e.g. 60."))
    return value


def area_communes(province_code: int | None, commune_code: int | None
                  ) -> tuple[places.Place, ...]:
    """The communes a class may gather: the province's, or the creator's own commune."""
    every = places.communes(province_code or 0)
    if commune_code is None:
        return every
    return tuple(p for p in every if p.code == commune_code)
