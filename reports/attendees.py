"""A training's attendee list as an Excel workbook: who answered, where from, which class."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.commands import N_
from core.i18n import Translator
from knowledge import places
from reports.exports import VIETNAM, neutralise
from storage.trainings import Attendee, Training

COLUMNS: tuple[str, ...] = (
    N_("Name"), N_("Username"), N_("Phone"), N_("Commune"), N_("Class"), N_("Answer"),
    N_("Answered at"),
)
ANSWERS = {"yes": N_("Attending"), "no": N_("Not attending")}
MIN_WIDTH, MAX_WIDTH = 8, 45
Cell = str | datetime | None


def attendees_xlsx(training: Training, rows: Sequence[Attendee], t: Translator) -> bytes:
    """One row per answer (those attending first) under a frozen, translated header."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = t("Attendees")[:31]
    sheet.append([t(c) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for attendee in rows:
        sheet.append(values(attendee, t))
    _format(sheet)
    sheet.oddFooter.center.text = (training.title or "")[:200]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


def _format(sheet: Worksheet) -> None:
    """Freeze the header, add filters, show times as times and size the columns."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(min_row=1), start=1):
        for cell in column[1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
        widest = max(16 if isinstance(c.value, datetime) else len(str(c.value or ""))
                     for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(widest + 2, MIN_WIDTH), MAX_WIDTH)
