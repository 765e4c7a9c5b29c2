"""Mẫu 03, the commune's report on a dossier, read back with python-docx; and the criteria behind
its Part II, found by their wording on every sheet."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import pytest
from docx import Document

from handlers.registration.fields import ORG_TYPES
from knowledge.criteria.commune_checks import CommuneCheck, check_of, commune_criteria
from knowledge.criteria.loader import load_sheets
from knowledge.criteria.model import Sheet
from reports.commune_report import ORG_TYPE_NAMES, commune_report, commune_report_docx
from storage.assessments import AssessmentRecord, AssessmentStatus
from storage.registrations import Registration

ORGANISATION = "HTX Chè Tà Xùa"
REPRESENTATIVE = "Sùng A Của"
PRODUCT = "Chè Shan tuyết Tà Xùa"
SON_LA, TA_XUA = 14, 3868
WHEN = datetime(2026, 11, 29, 9, 30)


@pytest.fixture(scope="module")
def sheets() -> dict[int, Sheet]:
    return load_sheets()


def registration(**changes: object) -> Registration:
    base = Registration(
        id=7, user_id=1, status="submitted", step=None, org_type="cooperative",
        org_name=ORGANISATION, representative=REPRESENTATIVE, phone="0912 345 678", email=None,
        province_code=SON_LA, commune_code=TA_XUA, product_name=PRODUCT, sheet=11,
        kind="upgrade", current_stars=3, certificate_expiry="31/12/2027", assessment_id=5,
        created_at="2026-11-28T08:00:00+00:00", updated_at="2026-11-29T08:00:00+00:00",
        submitted_at="2026-11-29T08:00:00+00:00")
    return replace(base, **changes)  # type: ignore[arg-type]


def assessment(sheet: int) -> AssessmentRecord:
    return AssessmentRecord(
        id=5, user_id=1, sheet=sheet, product_name=PRODUCT, status=AssessmentStatus.COMPLETED,
        position=0, message_id=None, failed_condition=None, total=62.0, band=3, stars=3,
        created_at=WHEN, updated_at=WHEN, completed_at=WHEN)


def docx_text(data: bytes) -> tuple[list[str], list[str]]:
    """The paragraphs' text, and each table cell's text."""
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs], cells


def part_ii(paragraphs: list[str]) -> list[str]:
    start = paragraphs.index("II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM")
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("Ủy ban nhân dân xã"))
    return paragraphs[start:end]


def second_best(sheet: Sheet) -> dict[str, int]:
    """Every criterion answered with its next-to-last option (or its only one)."""
    return {c.code: max(len(c.options) - 2, 0) for c in sheet.criteria}


# --- the criteria of Part II, by wording ---------------------------------------------------


@pytest.mark.parametrize(("number", "raw_title"), [
    (1, "Nguồn gốc sản phẩm"), (5, "Nguồn nguyên liệu"), (11, "Nguồn nguyên liệu"),
    (21, "Nguồn nguyên liệu"), (23, "Nguồn gốc sản phẩm"), (25, "Nguồn gốc sản phẩm"),
])
def test_each_product_sheet_has_the_four_contents(sheets: dict[int, Sheet], number: int,
                                                  raw_title: str) -> None:
    found = commune_criteria(sheets[number])
    assert list(found) == [CommuneCheck.RAW_MATERIALS, CommuneCheck.IDEA_ORIGIN,
                           CommuneCheck.LOCAL_LABOUR, CommuneCheck.LOCAL_IDENTITY]
    assert found[CommuneCheck.RAW_MATERIALS].title == raw_title
    assert found[CommuneCheck.LOCAL_IDENTITY].title == "Trí tuệ/bản sắc địa phương"
    assert found[CommuneCheck.LOCAL_LABOUR].title == "Sử dụng lao động địa phương"


def test_every_sheet_matches_each_content_at_most_once(sheets: dict[int, Sheet]) -> None:
    for number, sheet in sheets.items():
        checks = [check_of(c) for c in sheet.criteria if check_of(c) is not None]
        assert len(checks) == len(set(checks)), number
        expected = 2 if number == 26 else 4
        assert len(commune_criteria(sheet)) == expected, number


def test_a_certified_raw_material_zone_is_not_the_raw_material_source(
        sheets: dict[int, Sheet]) -> None:
    zone = next(c for c in sheets[1].criteria if c.title.startswith("Vùng nguyên liệu"))
    assert check_of(zone) is None


def test_tourism_has_its_idea_and_labour_criteria_only(sheets: dict[int, Sheet]) -> None:
    found = commune_criteria(sheets[26])
    assert found[CommuneCheck.IDEA_ORIGIN].title == "Nguồn gốc ý tưởng sản phẩm dịch vụ du lịch"
    assert set(found) == {CommuneCheck.IDEA_ORIGIN, CommuneCheck.LOCAL_LABOUR}


# --- the document ---------------------------------------------------------------------------


def test_part_i_is_filled_from_the_registration(sheets: dict[int, Sheet]) -> None:
    data = commune_report_docx(registration(), assessment(11), answers=second_best(sheets[11]),
                               sheets=sheets)
    paragraphs, cells = docx_text(data)
    assert "ỦY BAN NHÂN DÂN\nXÃ TÀ XÙA\n-------" in cells
    assert any(c.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for c in cells)
    for line in (f"1. Tên chủ thể: {ORGANISATION}", "2. Loại hình tổ chức: Hợp tác xã",
                 "3. Địa chỉ: Xã Tà Xùa, Sơn La", f"- Họ tên: {REPRESENTATIVE}",
                 f"5. Sản phẩm đăng ký đánh giá: {PRODUCT}",
                 "- Nhóm sản phẩm (Ngành, Nhóm, Phân nhóm): Thực phẩm; Chè; "
                 "Chè tươi, chè chế biến",
                 "- Lần đăng ký đánh giá: Nâng hạng (sản phẩm đã được công nhận 3 sao)"):
        assert line in paragraphs
    assert "- Giới tính: …………………………… (Nam/nữ); Dân tộc: ……………………………" in paragraphs
    assert (f"Ủy ban nhân dân xã Tà Xùa đề nghị Ủy ban nhân dân tỉnh Sơn La đánh giá, phân hạng "
            f"sản phẩm OCOP cho sản phẩm {PRODUCT} của {ORGANISATION}.") in paragraphs
    assert "T.M ỦY BAN NHÂN DÂN XÃ TÀ XÙA\n(Ký tên và đóng dấu)" in cells


@pytest.mark.parametrize("number", [1, 11, 21, 23])
def test_part_ii_quotes_the_producers_chosen_options(sheets: dict[int, Sheet],
                                                     number: int) -> None:
    sheet = sheets[number]
    answers = second_best(sheet)
    data = commune_report_docx(registration(sheet=number), assessment(number), answers=answers,
                               sheets=sheets)
    section = part_ii(docx_text(data)[0])
    found = commune_criteria(sheet)
    for check, heading in ((CommuneCheck.RAW_MATERIALS, "1. Về sử dụng nguyên liệu địa phương"),
                           (CommuneCheck.LOCAL_LABOUR, "2. Về sử dụng lao động địa phương"),
                           (CommuneCheck.IDEA_ORIGIN, "3. Nguồn gốc ý tưởng sản phẩm"),
                           (CommuneCheck.LOCAL_IDENTITY, "4. Bản sắc/trí tuệ địa phương")):
        criterion = found[check]
        chosen = criterion.options[answers[criterion.code]].text
        line = f"- Chủ thể tự đánh giá (tiêu chí {criterion.code} “{criterion.title}”): {chosen}"
        start = next(i for i, p in enumerate(section) if p.startswith(heading))
        assert section[start + 1] == line
        assert section[start + 2].startswith("- Nhận xét, đánh giá của UBND xã: …")


def test_the_options_quoted_are_the_ones_chosen(sheets: dict[int, Sheet]) -> None:
    sheet = sheets[5]
    lowest = {c.code: 0 for c in sheet.criteria}
    section = part_ii(docx_text(commune_report_docx(
        registration(sheet=5), assessment(5), answers=lowest, sheets=sheets))[0])
    text = "\n".join(section)
    assert "Có sử dụng nguyên liệu có nguồn gốc trong tỉnh, nhưng có tỷ lệ dưới 50%" in text
    assert "Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75% đến 100%" not in text
    assert "Giống với câu chuyện sản phẩm của chủ thể khác" in text


def test_tourism_leaves_blank_what_its_sheet_does_not_ask(sheets: dict[int, Sheet]) -> None:
    sheet = sheets[26]
    data = commune_report_docx(registration(sheet=26), assessment(26),
                               answers=second_best(sheet), sheets=sheets)
    section = part_ii(docx_text(data)[0])
    producer = [p for p in section if p.startswith("- Chủ thể tự đánh giá")]
    assert producer[0] == "- Chủ thể tự đánh giá: ……………………………"  # raw materials
    assert "tiêu chí 3.3 “Sử dụng lao động địa phương”" in producer[1]
    assert "tiêu chí 2.1 “Nguồn gốc ý tưởng sản phẩm dịch vụ du lịch”" in producer[2]
    assert producer[3] == "- Chủ thể tự đánh giá: ……………………………"  # local identity


def test_without_an_assessment_or_a_place_the_dotted_lines_stay(
        sheets: dict[int, Sheet]) -> None:
    bare = registration(org_type=None, province_code=None, commune_code=None, sheet=None,
                        kind=None, assessment_id=None)
    paragraphs, cells = docx_text(commune_report_docx(bare, None, answers={}, sheets=sheets))
    assert "ỦY BAN NHÂN DÂN\nXÃ/PHƯỜNG…\n-------" in cells
    assert "2. Loại hình tổ chức: ……………………………" in paragraphs
    assert "3. Địa chỉ: ……………………………" in paragraphs
    assert "- Lần đăng ký đánh giá: ……………………………" in paragraphs
    assert sum(p == "- Chủ thể tự đánh giá: ……………………………" for p in paragraphs) == 4
    assert any(p.startswith("Ủy ban nhân dân xã…………………………… đề nghị Ủy ban nhân dân "
                            "tỉnh……………………………") for p in paragraphs)


def test_a_city_and_a_ward_are_named_as_such(sheets: dict[int, Sheet]) -> None:
    in_hanoi = registration(province_code=1, commune_code=70, kind="first", current_stars=None)
    report = commune_report(in_hanoi, None, answers={}, sheets=sheets)
    assert report.commune == "Phường Hoàn Kiếm"
    paragraphs, cells = docx_text(commune_report_docx(in_hanoi, None, answers={},
                                                      sheets=sheets))
    assert any(p.startswith("Ủy ban nhân dân phường Hoàn Kiếm đề nghị Ủy ban nhân dân thành phố "
                            "Hà Nội đánh giá") for p in paragraphs)
    assert "- Lần đăng ký đánh giá: Lần đầu" in paragraphs
    assert "T.M ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM\n(Ký tên và đóng dấu)" in cells


def test_an_answer_out_of_range_is_left_blank(sheets: dict[int, Sheet]) -> None:
    report = commune_report(registration(), assessment(11), answers={"1.1": 9, "3.3": 0},
                            sheets=sheets)
    assert set(report.answers) == {CommuneCheck.LOCAL_LABOUR}


def test_every_organisation_type_has_its_name_in_the_decree() -> None:
    assert {code for code, _ in ORG_TYPES} == set(ORG_TYPE_NAMES)
