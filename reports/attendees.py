"""A training's attendee list as an Excel workbook: who answered, where from, which class."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from core.i18n import N_, Translator
from knowledge import places
from reports.exports import VIETNAM, neutralise, table_xlsx
from storage.trainings import Attendee, Training

COLUMNS: tuple[str, ...] = (
    N_("Name"), N_("Username"), N_("Phone"), N_("Commune"), N_("Class"), N_("Answer"),
    N_("Answered at"),
)
ANSWERS = {"yes": N_("Attending"), "no": N_("Not attending")}
Cell = str | datetime | None


def attendees_xlsx(training: Training, rows: Sequence[Attendee], t: Translator) -> bytes:
    """One row per answer (those attending first) under a frozen, translated header."""
    return table_xlsx(t("Attendees"), [t(c) for c in COLUMNS],
                      [values(attendee, t) for attendee in rows], footer=training.title or "")


def values(attendee: Attendee, t: Translator) -> list[Cell]:
    """One attendee's cells, in the order of COLUMNS; typed text cannot become a formula."""
    name = " ".join(p for p in (attendee.first_name, attendee.last_name) if p)
    return [
        neutralise(name), f"@{attendee.username}" if attendee.username else None,
        national_phone(attendee.phone), _commune(attendee),
        neutralise(attendee.class_name) if attendee.class_name else None,
        t(ANSWERS[attendee.answer]),
        attendee.answered_at.astimezone(VIETNAM).replace(tzinfo=None, microsecond=0),
    ]


def national_phone(phone: str | None) -> str | None:
    """+84912345678 as 0912345678, the way Vietnamese officers dial it."""
    if phone and phone.startswith("+84") and phone[3:].isdigit():
        return "0" + phone[3:]
    return phone


def _commune(attendee: Attendee) -> str | None:
    if attendee.province_code is None or attendee.commune_code is None:
        return None
    found = places.commune(attendee.province_code, attendee.commune_code)
    return found.name if found else None

