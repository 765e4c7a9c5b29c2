"""Registration exports: Excel and CSV open, hold the rows, keep Vietnamese, run no formula."""

import csv
import io
from dataclasses import replace
from datetime import datetime

import pytest
from openpyxl import load_workbook

from core.i18n import I18n
from reports.exports import COLUMNS, neutralise, registrations_csv, registrations_xlsx
from storage.registrations import Registration

EN = I18n().get("en")
HEADER = ["Registration ID", "Status", "Submitted at", "Type of organisation",
          "Organisation name", "Legal representative", "Phone", "Email", "Province", "Commune",
          "Product", "Criteria sheet", "Registration kind", "Current rank",
          "Certificate valid until", "Commune's deadline"]
TRA = Registration(
    id=7, user_id=1, status="accepted", step=None, org_type="cooperative",
    org_name="HTX Chè Shan tuyết Tà Xùa", representative="Nguyễn Thị Huệ",
    phone="+84912345678", email="hue@example.vn", province_code=14, commune_code=3646,
    product_name='Chè "Shan tuyết", loại 1', sheet=11, kind="upgrade", current_stars=3,
    certificate_expiry="2027-12-31", assessment_id=None, created_at="2026-05-20T01:00:00+00:00",
    updated_at="2026-05-22T03:00:00+00:00", submitted_at="2026-05-21T18:30:00+00:00",
)
EVIL = replace(TRA, id=8, status="submitted", org_name="=HYPERLINK(\"http://x\",\"y\")",
               representative="@SUM(A1:A2)", product_name="+cmd|' /C calc'!A0",
               email="-2+3@x.vn", phone=None, kind="first", current_stars=None,
               certificate_expiry=None, commune_code=None)


def rows_of(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_workbook_has_a_translated_header_and_one_typed_row_per_registration() -> None:
    rows = rows_of(registrations_xlsx([TRA, EVIL], EN))
    assert rows[0] == HEADER and len(rows) == 3
    assert rows[1] == [
        7, "Accepted", datetime(2026, 5, 22, 1, 30), "Cooperative (hợp tác xã)",
        "HTX Chè Shan tuyết Tà Xùa", "Nguyễn Thị Huệ", "0912345678", "hue@example.vn",
        "Sơn La", "Phường Tô Hiệu", 'Chè "Shan tuyết", loại 1', 11, "Upgrade (nâng hạng)", 3,
        datetime(2027, 12, 31), None]  # decided: no deadline left to keep
    assert rows[2][0] == 8 and rows[2][1] == "Submitted" and rows[2][9] is None
    # Received Friday 22/5/2026 in Vietnam: 15 working days later is Friday 12/6.
    assert rows[2][15] == datetime(2026, 6, 12)


def test_the_workbook_freezes_its_header_shows_dates_and_sizes_columns() -> None:
    sheet = load_workbook(io.BytesIO(registrations_xlsx([TRA], EN))).active
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].number_format == "dd/mm/yyyy hh:mm" and sheet["C2"].is_date
    assert sheet["O2"].number_format == "dd/mm/yyyy" and sheet["O2"].is_date
    assert sheet["P2"].value is None
    assert sheet["A1"].font.b
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNO"]
    assert all(8 <= width <= 45 for width in widths)
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["A"].width


def test_the_workbook_header_follows_the_language() -> None:
    vi = I18n().get("vi")
    header = rows_of(registrations_xlsx([], vi))[0]
    assert header == [vi(c) for c in COLUMNS]
    assert "Tên chủ thể" in header  # already in the Vietnamese catalogue


@pytest.mark.parametrize("make", [registrations_xlsx, registrations_csv])
def test_formula_injection_is_neutralised(make) -> None:
    data = make([EVIL], EN)
    row = rows_of(data)[1] if make is registrations_xlsx else csv_rows(data)[1]
    assert row[4] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert row[5] == "'@SUM(A1:A2)"
    assert row[10] == "'+cmd|' /C calc'!A0"
    assert row[7] == "'-2+3@x.vn"


def test_no_cell_of_the_workbook_is_a_formula() -> None:
    sheet = load_workbook(io.BytesIO(registrations_xlsx([TRA, EVIL], EN))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_has_a_bom_a_translated_header_and_vietnamese_intact() -> None:
    data = registrations_csv([TRA, EVIL], EN)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(data)
    assert rows[0] == HEADER and len(rows) == 3
    assert rows[1] == [
        "7", "Accepted", "2026-05-22 01:30", "Cooperative (hợp tác xã)",
        "HTX Chè Shan tuyết Tà Xùa", "Nguyễn Thị Huệ", "0912345678", "hue@example.vn",
        "Sơn La", "Phường Tô Hiệu", 'Chè "Shan tuyết", loại 1', "11", "Upgrade (nâng hạng)",
        "3", "2027-12-31", ""]
    assert rows[2][9] == "" and rows[2][13] == "" and rows[2][15] == "2026-06-12"


def test_an_empty_export_is_just_the_header() -> None:
    assert csv_rows(registrations_csv([], EN)) == [HEADER]
    assert rows_of(registrations_xlsx([], EN)) == [HEADER]


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Hợp tác xã") == "Hợp tác xã"
    assert neutralise("=1+1") == "'=1+1" and neutralise("\t=1") == "'\t=1"


def test_unparseable_dates_are_kept_as_text() -> None:
    odd = replace(TRA, certificate_expiry="31/12/2027", submitted_at="yesterday")
    row = rows_of(registrations_xlsx([odd], EN))[1]
    assert row[2] == "yesterday" and row[14] == "31/12/2027"
