"""Registrations as an Excel workbook or a CSV file, for officers to file and filter."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.dossier_deadline import deadline_of
from core.i18n import N_, Translator
from core.vietnam_time import vietnam_time
from knowledge import places
from storage.registrations import Registration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS: tuple[str, ...] = (
    N_("Registration ID"), N_("Status"), N_("Submitted at"), N_("Type of organisation"),
    N_("Organisation name"), N_("Legal representative"), N_("Phone"), N_("Email"),
    N_("Province"), N_("Commune"), N_("Product"), N_("Criteria sheet"),
    N_("Registration kind"), N_("Current rank"), N_("Certificate valid until"),
    N_("Commune's deadline"),
)
STATUS_NAMES: dict[str, str] = {
    "draft": N_("Draft"), "submitted": N_("Submitted"), "info_requested": N_("Info requested"),
    "accepted": N_("Accepted"), "rejected": N_("Rejected"), "withdrawn": N_("Withdrawn"),
}
ORG_TYPE_NAMES: dict[str, str] = {
    "cooperative": N_("Cooperative (hợp tác xã)"),
    "cooperative_group": N_("Cooperative group (tổ hợp tác)"),
    "sme": N_("Small or medium enterprise"),
    "farm": N_("Farm (trang trại)"),
    "household": N_("Household with business registration"),
}
KIND_NAMES: dict[str, str] = {
    "first": N_("First registration"),
    "upgrade": N_("Upgrade (nâng hạng)"),
    "reevaluation": N_("Re-evaluation (đánh giá lại)"),
}
MIN_WIDTH, MAX_WIDTH = 8, 45
Cell = int | str | date | datetime | None


def status_name(t: Translator, status: str) -> str:
    """Translate a registration status (the code itself if unknown)."""
    msgid = STATUS_NAMES.get(status)
    return t(msgid) if msgid else status


def neutralise(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def registrations_xlsx(rows: Sequence[Registration], t: Translator) -> bytes:
    """Build an Excel workbook: a frozen, translated header and one row per registration."""
    return table_xlsx(t("OCOP registrations"), [t(c) for c in COLUMNS],
                      [[neutralise(v) if isinstance(v, str) else v for v in _values(r, t)]
                       for r in rows])


def table_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]],
               footer: str = "") -> bytes:
    """A one-sheet workbook: bold frozen header, filters, dates as dates, fitted columns."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    _format(sheet, len(rows))
    sheet.oddFooter.center.text = footer[:200]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """A CSV file in UTF-8 with a byte-order mark: dates as ISO, text never a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def registrations_csv(rows: Sequence[Registration], t: Translator) -> bytes:
    """Build a CSV file in UTF-8 with a byte-order mark, so Excel reads Vietnamese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([t(c) for c in COLUMNS])
    for registration in rows:
        writer.writerow([_text(v) for v in _values(registration, t)])
    return buffer.getvalue().encode("utf-8-sig")


def _values(r: Registration, t: Translator) -> list[Cell]:
    """List one registration's typed cells, in the order of COLUMNS."""
    province = places.province(r.province_code) if r.province_code is not None else None
    commune = places.commune(r.province_code, r.commune_code) if (
        r.province_code is not None and r.commune_code is not None) else None
    return [
        r.id, status_name(t, r.status), _local_time(r.submitted_at),
        t(ORG_TYPE_NAMES[r.org_type]) if r.org_type in ORG_TYPE_NAMES else r.org_type,
        r.org_name, r.representative, _national_phone(r.phone), r.email,
        province.name if province else None, commune.name if commune else None,
        r.product_name, r.sheet,
        t(KIND_NAMES[r.kind]) if r.kind in KIND_NAMES else r.kind,
        r.current_stars, _date(r.certificate_expiry), deadline_of(r),
    ]


def _local_time(value: str | None) -> datetime | str | None:
    """Read an ISO timestamp as Vietnam's wall-clock time (spreadsheets know no zones)."""
    if not value:
        return None
    try:
        moment = vietnam_time(value)
    except ValueError:
        return value
    return moment.replace(tzinfo=None, microsecond=0)


def _date(value: str | None) -> date | str | None:
    """Read an ISO date as a date; keep anything else as it was written."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def _national_phone(phone: str | None) -> str | None:
    """Write +84912345678 as 0912345678, the way Vietnamese officers dial it."""
    if phone and phone.startswith("+84") and phone[3:].isdigit():
        return "0" + phone[3:]
    return phone


def _text(value: Cell) -> str:
    """Write a cell as CSV text: ISO dates, neutralised strings."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value) if isinstance(value, str) else str(value)


def _format(sheet: Worksheet, count: int) -> None:
    """Freeze the header, add filters, show dates as dates and size the columns."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, column in enumerate(sheet.iter_cols(min_row=1, max_row=count + 1), start=1):
        for cell in column[1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
        widest = max(_width(cell.value) for cell in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(widest + 2, MIN_WIDTH), MAX_WIDTH)


def _width(value: object) -> int:
    """Count the characters a cell's value shows as."""
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return len(str(value)) if value is not None else 0
