"""The Mẫu 02 report (Word and PDF) and the Mẫu 01 form, read back as a producer's app would."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from core.i18n import I18n, Translator
from knowledge.criteria.model import Criterion, Sheet
from knowledge.criteria.planner import plan_ranks
from knowledge.criteria.scoring import answerable
from reports.document import document_filename, report_filename
from reports.mau02 import EVIDENCE_ROWS, form_labels
from reports.registration_form import (
    RegistrationForm,
    registration_form,
    registration_form_docx,
)
from reports.self_assessment import AssessmentReport, Producer, assessment_report
from reports.self_assessment_docx import self_assessment_docx
from reports.self_assessment_pdf import self_assessment_pdf
from storage.registrations import Registration
from tests.support.sheets import official_sheets

ORGANISATION = "HTX Chè Suối Giàng & Cộng sự"
REPRESENTATIVE = "Lò Thị Mỷ"
PRODUCT = "Chè Shan tuyết cổ thụ"
WHEN = datetime(2026, 11, 29, 9, 30)


@pytest.fixture(scope="module")
def tea() -> Sheet:
    return official_sheets()[11]


@pytest.fixture(scope="module")
def vi() -> Translator:
    return I18n().get("vi")


def middle(sheet: Sheet) -> dict[str, int]:
    return {c.code: len(c.options) // 2 for c in answerable(sheet)}


def make_report(t: Translator, sheet: Sheet, answers: dict[str, int]) -> AssessmentReport:
    producer = Producer(ORGANISATION, "Hợp tác xã", REPRESENTATIVE, "Xã Suối Giàng, Lào Cai",
                        "0912 345 678", None)
    return assessment_report(t, sheet=sheet, answers=answers, advice=plan_ranks(sheet, answers),
                             producer=producer, product_name=PRODUCT, assessed_at=WHEN)


def points_key(criterion: Criterion) -> Callable[[int], float]:
    """A sort key: the points of option `i` of `criterion`."""
    return lambda i: criterion.options[i].points


def points(t: Translator, value: float, maximum: float) -> str:
    return f"{t.number(value)}/{t.number(maximum)}"


@pytest.fixture(scope="module")
def report(vi: Translator, tea: Sheet) -> AssessmentReport:
    return make_report(vi, tea, middle(tea))


DocxText = tuple[str, list[list[str]]]  # a Word file's text and its tables' rows


@pytest.fixture(scope="module")
def report_docx(vi: Translator, report: AssessmentReport) -> DocxText:
    """The text and table rows of `report` as a Word file (rendered once for the tests that
    only read it)."""
    return docx_text(self_assessment_docx(vi, report))


@pytest.fixture(scope="module")
def report_pdf(vi: Translator, report: AssessmentReport) -> bytes:
    return self_assessment_pdf(vi, report)


def docx_text(data: bytes) -> tuple[str, list[list[str]]]:
    """The paragraphs' text and every table row's cells of a .docx."""
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return text, rows


def pdf_text(data: bytes) -> str:
    """The PDF's text with line breaks folded into spaces, as NFC."""
    reader = PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    # Each page ends with its footer "n/N"; without it a paragraph runs on across pages.
    pages = [(page.extract_text() or "").rstrip().removesuffix(f"{n}/{count}")
             for n, page in enumerate(reader.pages, 1)]
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", " ".join(pages)))


def test_word_report_holds_the_producer_total_and_every_criterions_points(
    vi: Translator, tea: Sheet, report: AssessmentReport, report_docx: DocxText
) -> None:
    text, rows = report_docx
    assert ORGANISATION in text and REPRESENTATIVE in text and PRODUCT in text
    assert "&amp;" not in text
    total = report.advice.score.total
    assert f"{vi.number(total)}/100" in text
    by_code = {row[0]: row for row in rows if row[0]}
    for criterion in answerable(tea):
        option = criterion.options[middle(tea)[criterion.code]]
        row = by_code[criterion.code]
        assert row[2] == option.text
        assert row[3] == points(vi, option.points, criterion.max_points)
        assert row[4] == (f"{option.stars}★" if option.stars else "")


# Copied from the decree's Mẫu số 02 (Phụ lục III, QĐ 26/2026/QĐ-TTg), each part's two lines.
DECREE_PARTS = (
    "Phần I\nTHÔNG TIN CHUNG",
    "Phần II\nKẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH",
    "Phần III\nĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP",
    "Phần IV\nKẾ HOẠCH SẢN XUẤT, KINH DOANH",
)
# Numbered fields and boxes of Part I as the decree prints them, with their blanks.
DECREE_FIELDS = (
    "- Giới tính: …",
    "(Nam/nữ); Dân tộc: …",
    "- Địa chỉ thường trú: …",
    "6. Ngày thành lập/đăng ký kinh doanh: …",
    "Số giấy đăng ký (nếu có): …",
    "7. Tên sản phẩm/dịch vụ, mô tả về quy cách sản phẩm, tiêu chuẩn: ",
    "a) Giấy đăng ký kinh doanh: □",
    "b) Đã công bố chất lượng sản phẩm theo quy định: □",
    "d) Đã có đăng ký sở hữu trí tuệ: □",
    "+ Khác (ghi rõ):□",
    "8. Lịch sử hình thành của chủ thể (nêu các giai đoạn hình thành và phát triển):\n…",
    "9. Cơ cấu tổ chức của chủ thể:\n…",
    "Lưu ý: trình bày rõ một số nội dung sau:",
    "Trình bày những định hướng, kế hoạch của chủ sở hữu trong thời gian tới về phát triển sản "
    "phẩm, tổ chức sản xuất, thị trường.",
)


def in_order(text: str, pieces: list[str]) -> list[str]:
    """The pieces not found in `text` after the previous one."""
    missing, position = [], 0
    for piece in pieces:
        found = text.find(piece, position)
        if found < 0:
            missing.append(piece)
        else:
            position = found + len(piece)
    return missing


def test_word_report_holds_every_part_and_field_of_mau_02_in_order(
    vi: Translator, report_docx: DocxText
) -> None:
    text, _ = report_docx
    assert in_order(text, [vi(label) for label in form_labels()]) == []
    assert in_order(text, list(DECREE_PARTS)) == []
    assert in_order(text, list(DECREE_FIELDS)) == []


def test_word_report_fills_what_is_known_and_leaves_dotted_lines_for_the_rest(
    vi: Translator, report: AssessmentReport, tea: Sheet, report_docx: DocxText
) -> None:
    text, _ = report_docx
    for line in (f"1. Tên chủ thể: {ORGANISATION}", "2. Loại hình tổ chức: Hợp tác xã",
                 "3. Địa chỉ: Xã Suối Giàng, Lào Cai", "4. Điện thoại: 0912 345 678   Email: …",
                 f"5. Tên người đại diện pháp luật: {REPRESENTATIVE}",
                 f"- Họ tên: {REPRESENTATIVE}",
                 f"7. Tên sản phẩm/dịch vụ, mô tả về quy cách sản phẩm, tiêu chuẩn: {PRODUCT}\n…"):
        assert line in text
    unknown = make_report(vi, tea, middle(tea))
    empty = AssessmentReport(unknown.sheet, unknown.advice, unknown.parts, Producer(), None,
                             WHEN)
    blank, _ = docx_text(self_assessment_docx(vi, empty))
    assert "1. Tên chủ thể: …" in blank and "- Họ tên: …" in blank


def test_word_report_has_the_evidence_table_of_part_iii(report_docx: DocxText) -> None:
    _, rows = report_docx
    start = rows.index(["TT", "Nội dung", "Yêu cầu"])
    evidence = rows[start + 1:start + 1 + len(EVIDENCE_ROWS)]
    assert len(EVIDENCE_ROWS) == 15 and all(row[0] == "-" for row in evidence)
    assert ["-", "Sử dụng lao động địa phương", "Danh sách lao động đóng bảo hiểm có xác nhận "
            "của chủ thể, bao gồm cả nơi thường trú."] in evidence
    assert evidence[-1][1] == ("Giải thưởng của sản phẩm, bình chọn của các tổ chức uy tín trong "
                               "nước và quốc tế...")


def test_word_report_holds_the_rank_and_every_plan(
    report: AssessmentReport, report_docx: DocxText
) -> None:
    text, _ = report_docx
    assert f"Hạng tự đánh giá: {report.advice.score.stars} sao" in text
    assert [p.target for p in report.advice.plans] == [4, 5]
    for plan in report.advice.plans:
        assert f"Kế hoạch lên {plan.target} sao: {len(plan.steps)} bước" in text
        for step in plan.steps:
            assert f"{step.code} {step.title}: đạt mức “{step.option.text}”" in text


def test_word_report_lists_unmet_minima(vi: Translator, tea: Sheet) -> None:
    lowest = {c.code: min(range(len(c.options)), key=points_key(c)) for c in answerable(tea)}
    low = make_report(vi, tea, lowest)
    text, _ = docx_text(self_assessment_docx(vi, low))
    assert low.unmet
    for level, items in low.unmet:
        assert f"Cần đạt để được {level}★:" in text
        for item in items:
            assert f"{item.code} {item.title}:" in text


def test_pdf_report_has_the_same_facts_with_vietnamese_letters_intact(
    vi: Translator, tea: Sheet, report: AssessmentReport, report_pdf: bytes
) -> None:
    data = report_pdf
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for fact in (ORGANISATION, REPRESENTATIVE, PRODUCT, "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM",
                 f"Tổng điểm: {vi.number(report.advice.score.total)}/100"):
        assert fact in text
    position = 0
    for criterion in answerable(tea):
        option = criterion.options[middle(tea)[criterion.code]]
        found = text.find(f"{criterion.code} {criterion.title}", position)
        assert found >= 0, criterion.code
        position = found
        expected = f"{option.text} — {points(vi, option.points, criterion.max_points)}"
        assert text.find(expected, position) >= 0, criterion.code


def test_pdf_embeds_its_font(report_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(report_pdf))
    fonts: Any = reader.pages[0]["/Resources"]
    for font in fonts["/Font"].values():
        font = font.get_object()
        assert "DejaVuSans" in str(font["/BaseFont"])
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


def test_english_documents_render_too(tea: Sheet) -> None:
    en = I18n().get("en")
    english = make_report(en, tea, middle(tea))
    text, _ = docx_text(self_assessment_docx(en, english))
    assert "SELF-ASSESSMENT REPORT ON THE PRODUCT" in text and ORGANISATION in text
    assert in_order(text, [en(label) for label in form_labels()]) == []
    assert "Part II\nRESULTS OF IMPLEMENTING THE PRODUCTION AND BUSINESS PLAN" in text
    assert PRODUCT in pdf_text(self_assessment_pdf(en, english))


def test_a_five_star_report_says_no_plan_is_needed(vi: Translator, tea: Sheet) -> None:
    best = {c.code: max(range(len(c.options)), key=points_key(c)) for c in answerable(tea)}
    text, _ = docx_text(self_assessment_docx(vi, make_report(vi, tea, best)))
    assert "Sản phẩm đã đạt 5 sao: không cần kế hoạch nâng hạng." in text


def test_registration_form_is_filled_in_vietnamese() -> None:
    form = RegistrationForm(
        province="Lào Cai", year=2026, organisation=ORGANISATION, representative=REPRESENTATIVE,
        address="Xã Suối Giàng, Lào Cai", phone="0912 345 678", email="htx@example.vn",
        product_name=PRODUCT, product_group="Thực phẩm; Chè; Chè tươi, chè chế biến",
        kind="upgrade", current_stars=3, certificate_expiry="31/12/2027")
    text, _ = docx_text(registration_form_docx(form))
    assert "PHIẾU ĐĂNG KÝ" in text and "của tỉnh Lào Cai năm 2026" in text
    for value in (ORGANISATION, REPRESENTATIVE, "0912 345 678", "htx@example.vn", PRODUCT,
                  "Thực phẩm; Chè; Chè tươi, chè chế biến"):
        assert value in text
    assert "Lần đầu □   Nâng hạng ☒   Đánh giá lại □" in text
    assert "đã được công nhận 3 sao, giấy chứng nhận còn hiệu lực đến 31/12/2027" in text


def test_an_empty_registration_keeps_the_dotted_lines() -> None:
    form = RegistrationForm(None, 2026, None, None, None, None, None, None, None, None)
    text, _ = docx_text(registration_form_docx(form))
    assert "Tên đơn vị: ……" in text and "của tỉnh …" in text
    assert "Lần đầu □   Nâng hạng □   Đánh giá lại □" in text


def test_file_names_are_ascii() -> None:
    assert report_filename(11, PRODUCT, WHEN, "docx") == (
        "danh-gia-ocop-phieu-11-che-shan-tuyet-co-thu-2026-11-29.docx")
    assert report_filename(11, None, WHEN) == "danh-gia-ocop-phieu-11-2026-11-29.html"
    assert document_filename("phieu-dang-ky-ocop", None, "Mật ong", WHEN, "docx") == (
        "phieu-dang-ky-ocop-mat-ong-2026-11-29.docx")


def test_a_stored_registration_fills_the_form(tea: Sheet) -> None:
    registration = Registration(
        id=7, user_id=1, status="submitted", step=None, org_type="cooperative",
        org_name=ORGANISATION, representative=REPRESENTATIVE, phone="0912 345 678", email=None,
        province_code=1, commune_code=70, product_name=PRODUCT, sheet=11, kind="first",
        current_stars=None, certificate_expiry=None, assessment_id=None,
        created_at="2026-11-28T08:00:00+00:00", updated_at="2026-11-29T08:00:00+00:00",
        submitted_at="2026-11-29T08:00:00+00:00")
    form = registration_form(registration, tea)
    assert (form.province, form.year, form.address) == (
        "Thành phố Hà Nội", 2026, "Phường Hoàn Kiếm, Thành phố Hà Nội")
    assert form.product_group == "Thực phẩm; Chè; Chè tươi, chè chế biến"
    text, _ = docx_text(registration_form_docx(form))
    assert "Lần đầu ☒" in text and "Địa chỉ liên hệ: Phường Hoàn Kiếm" in text
