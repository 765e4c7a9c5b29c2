"""A training's attendee list as an Excel workbook or a CSV file: who answered, where from,
which class. The desk shows the same lines (`attendee_line`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.i18n import N_, Translator
from core.vietnam_time import vietnam_time
from knowledge import places
from reports.exports import neutralise, table_csv, table_xlsx
from storage.trainings import Attendee, Training

COLUMNS: tuple[str, ...] = (
    N_("Name"), N_("Username"), N_("Phone"), N_("Commune"), N_("Class"), N_("Answer"),
    N_("Answered at"),
)
ANSWERS = {"yes": N_("Attending"), "no": N_("Not attending")}
Cell = str | datetime | None


@dataclass(frozen=True, slots=True)
class AttendeeLine:
    """One answer as officers read it, in the order of COLUMNS."""

    name: str
    username: str | None
    phone: str | None
    commune: str | None
    class_name: str | None
    answer: str
    answered_at: datetime  # Vietnam's wall-clock time, to the second


def attendee_line(attendee: Attendee, t: Translator) -> AttendeeLine:
    """What the export writes of one answer (the desk shows the same)."""
    return AttendeeLine(
        name=" ".join(p for p in (attendee.first_name, attendee.last_name) if p),
        username=f"@{attendee.username}" if attendee.username else None,
        phone=national_phone(attendee.phone), commune=_commune(attendee),
        class_name=attendee.class_name, answer=t(ANSWERS[attendee.answer]),
        answered_at=vietnam_time(attendee.answered_at).replace(tzinfo=None, microsecond=0))


def attendees_xlsx(training: Training, rows: Sequence[Attendee], t: Translator) -> bytes:
    """One row per answer (those attending first) under a frozen, translated header."""
    return table_xlsx(t("Attendees"), [t(c) for c in COLUMNS],
                      [values(attendee, t) for attendee in rows], footer=training.title or "")


def attendees_csv(rows: Sequence[Attendee], t: Translator) -> bytes:
    """The same rows as CSV in UTF-8 with a byte-order mark (Excel reads Vietnamese right)."""
    return table_csv([t(c) for c in COLUMNS], [values(attendee, t) for attendee in rows])


def values(attendee: Attendee, t: Translator) -> list[Cell]:
    """One attendee's cells, in the order of COLUMNS; typed text cannot become a formula."""
    line = attendee_line(attendee, t)
    return [
        neutralise(line.name), line.username, line.phone, line.commune,
        neutralise(line.class_name) if line.class_name else None, line.answer,
        line.answered_at,
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

