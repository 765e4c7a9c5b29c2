"""Mẫu 03 (Phụ lục III, QĐ 26/2026/QĐ-TTg): the commune's report on a dossier, as a Word file.

"Báo cáo đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP" is
issued by UBND cấp xã (Điều 7.2.b), so it is always in Vietnamese and keeps the decree's wording.
Part I is filled from the registration (Mẫu 01). Part II quotes, for each of its four contents,
the option the producer chose on the matching criterion of the attached self-assessment, then
leaves dotted lines for the officer's own assessment; the officer completes, signs and seals it.
Whatever we do not know keeps the form's dotted line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.shared import Pt

from knowledge.criteria.commune_checks import CommuneCheck, commune_criteria
from knowledge.criteria.model import Sheet
from reports.registration_form import (
    DOTS,
    KIND_BOXES,
    RegistrationForm,
    registration_form,
    registration_places,
)
from reports.word import Line, centred, labelled, new_document, side_by_side, to_bytes
from storage.assessments import AssessmentRecord
from storage.registrations import Registration

FULL_LINE = "…" * 30  # a dotted line a little short of the 16 cm text width (13 pt Times)
OFFICER_LINES = 3  # dotted lines left for the commune's assessment of each content
# Registration codes → the decree's names of the producers (Điều 2.3).
ORG_TYPE_NAMES: dict[str, str] = {
    "cooperative": "Hợp tác xã",
    "cooperative_group": "Tổ hợp tác",
    "sme": "Doanh nghiệp nhỏ và vừa",
    "farm": "Trang trại",
    "household": "Hộ sản xuất, hộ gia đình có đăng ký kinh doanh",
}
# Part II of the form: each content's heading and the decree's guidance for it.
PART_II: tuple[tuple[CommuneCheck, str, str], ...] = (
    (CommuneCheck.RAW_MATERIALS, "1. Về sử dụng nguyên liệu địa phương:",
     "(Nội dung thể hiện rõ mô tả của chủ thể và đánh giá về tình hình sử dụng nguyên liệu thực "
     "tế của chủ thể trên địa bàn xã)."),
    (CommuneCheck.LOCAL_LABOUR, "2. Về sử dụng lao động địa phương:",
     "(Nội dung thể hiện rõ mô tả của chủ thể và đánh giá về tình hình sử dụng thực tế về lao "
     "động địa phương của chủ thể trên địa bàn xã)."),
    (CommuneCheck.IDEA_ORIGIN, "3. Nguồn gốc ý tưởng sản phẩm:",
     "(Nhận xét về nguồn gốc sản phẩm (truyền thống, sản phẩm mới) của chủ thể dựa trên thực tế "
     "của địa phương)."),
    # The decree prints this guidance without its opening parenthesis.
    (CommuneCheck.LOCAL_IDENTITY, "4. Bản sắc/trí tuệ địa phương:",
     "(Đánh giá các giá trị văn hóa, tri thức bản địa (giống, nguyên liệu, điều kiện sản xuất), "
     "kinh nghiệm sản xuất của cộng đồng và phương thức sản xuất đặc trưng của địa phương, tạo "
     "nên sự khác biệt của sản phẩm)."),
)
_UNIT_WORDS = ("Xã", "Phường", "Đặc khu", "Thành phố", "Tỉnh")


@dataclass(frozen=True, slots=True)
class ProducerAnswer:
    """The option a producer chose on one criterion of their self-assessment."""

    code: str
    title: str
    chosen: str


@dataclass(frozen=True, slots=True)
class CommuneReport:
    """The values written on Mẫu 03; None (or a missing answer) leaves the dotted line."""

    commune: str | None  # as officially written: "Xã Tà Xùa"
    form: RegistrationForm  # Part I's values, shared with Mẫu 01
    org_type: str | None
    answers: Mapping[CommuneCheck, ProducerAnswer]


def commune_report_docx(registration: Registration, assessment: AssessmentRecord | None, *,
                        answers: Mapping[str, int], sheets: Mapping[int, Sheet]) -> bytes:
    """Mẫu 03 for `registration` as the bytes of a .docx file.

    `assessment` is the self-assessment attached to it (None if none) and `answers` its
    criterion answers (AssessmentsRepo.answers: code → option index).
    """
    return render_commune_report(commune_report(registration, assessment, answers=answers,
                                                sheets=sheets))


def commune_report(registration: Registration, assessment: AssessmentRecord | None, *,
                   answers: Mapping[str, int], sheets: Mapping[int, Sheet]) -> CommuneReport:
    """The values of Mẫu 03 from a registration and its self-assessment's answers."""
    commune, _ = registration_places(registration)
    sheet = sheets.get(registration.sheet) if registration.sheet is not None else None
    assessed = sheets.get(assessment.sheet) if assessment is not None else None
    return CommuneReport(
        commune=commune.name if commune else None,
        form=registration_form(registration, sheet),
        org_type=ORG_TYPE_NAMES.get(registration.org_type or ""),
        answers=producer_answers(assessed, answers) if assessed is not None else {},
    )


def producer_answers(sheet: Sheet, answers: Mapping[str, int]
                     ) -> dict[CommuneCheck, ProducerAnswer]:
    """The producer's chosen option on each criterion the commune checks, where answered."""
    found: dict[CommuneCheck, ProducerAnswer] = {}
    for check, criterion in commune_criteria(sheet).items():
        index = answers.get(criterion.code)
        if index is not None and 0 <= index < len(criterion.options):
            found[check] = ProducerAnswer(criterion.code, criterion.title,
                                          criterion.options[index].text)
    return found


def render_commune_report(report: CommuneReport) -> bytes:
    """Render Mẫu 03 filled with `report` as the bytes of a .docx file."""
    document = new_document()
    _letterhead(document, report)
    centred(document, "BÁO CÁO", bold=True, size=Pt(15))
    centred(document, "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng "
                      "sản phẩm OCOP", bold=True)
    _general_information(document, report)
    _assessment(document, report)
    _closing(document, report)
    return to_bytes(document)


def _letterhead(document: DocumentObject, report: CommuneReport) -> None:
    commune = report.commune.upper() if report.commune else "XÃ/PHƯỜNG…"
    side_by_side(
        document,
        [Line("ỦY BAN NHÂN DÂN", bold=True), Line(commune, bold=True), Line("-------")],
        [Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True),
         Line("Độc lập - Tự do - Hạnh phúc", bold=True), Line("---------------")])


def _general_information(document: DocumentObject, report: CommuneReport) -> None:
    form = report.form
    document.add_paragraph().add_run("I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM").bold = True
    labelled(document, "1. Tên chủ thể", form.organisation or DOTS)
    labelled(document, "2. Loại hình tổ chức", report.org_type or DOTS)
    labelled(document, "3. Địa chỉ", form.address or DOTS)
    document.add_paragraph("4. Tên người đại diện pháp luật:")
    labelled(document, "- Họ tên", form.representative or DOTS)
    document.add_paragraph(f"- Giới tính: {DOTS} (Nam/nữ); Dân tộc: {DOTS}")
    document.add_paragraph(f"- Địa chỉ thường trú: {DOTS}")
    labelled(document, "5. Sản phẩm đăng ký đánh giá", form.product_name or DOTS)
    labelled(document, "- Nhóm sản phẩm (Ngành, Nhóm, Phân nhóm)", form.product_group or DOTS)
    labelled(document, "- Lần đăng ký đánh giá", _kind_text(form))


def _kind_text(form: RegistrationForm) -> str:
    """'Lần đầu', or 'Nâng hạng (sản phẩm đã được công nhận 3 sao)'."""
    kind = dict(KIND_BOXES).get(form.kind or "")
    if kind is None:
        return DOTS
    if form.kind != "first" and form.current_stars:
        return f"{kind} (sản phẩm đã được công nhận {form.current_stars} sao)"
    return kind


def _assessment(document: DocumentObject, report: CommuneReport) -> None:
    document.add_paragraph().add_run("II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM").bold = True
    for check, heading, guidance in PART_II:
        paragraph = document.add_paragraph()
        paragraph.add_run(heading).bold = True
        paragraph.add_run(f" {guidance}").italic = True
        _producer_line(document, report.answers.get(check))
        document.add_paragraph(f"- Nhận xét, đánh giá của UBND xã: {DOTS}")
        for _ in range(OFFICER_LINES):
            document.add_paragraph(FULL_LINE)


def _producer_line(document: DocumentObject, answer: ProducerAnswer | None) -> None:
    if answer is None:
        document.add_paragraph(f"- Chủ thể tự đánh giá: {DOTS}")
        return
    labelled(document, f"- Chủ thể tự đánh giá (tiêu chí {answer.code} “{answer.title}”)",
             answer.chosen)


def _closing(document: DocumentObject, report: CommuneReport) -> None:
    form = report.form
    document.add_paragraph(
        f"Ủy ban nhân dân {_in_sentence(report.commune, 'xã')} đề nghị Ủy ban nhân dân "
        f"{_in_sentence(form.province, 'tỉnh')} đánh giá, phân hạng sản phẩm OCOP cho sản phẩm "
        f"{form.product_name or DOTS} của {form.organisation or DOTS}.")
    commune = report.commune.upper() if report.commune else f"XÃ{DOTS}"
    side_by_side(document, [], [Line(f"T.M ỦY BAN NHÂN DÂN {commune}", bold=True),
                                Line("(Ký tên và đóng dấu)", italic=True)])


def _in_sentence(name: str | None, unit: str) -> str:
    """A place as a sentence names it: 'Xã Tà Xùa' → 'xã Tà Xùa', 'Sơn La' → 'tỉnh Sơn La'."""
    if name is None:
        return f"{unit}{DOTS}"
    word = next((w for w in _UNIT_WORDS if name.startswith(f"{w} ")), None)
    return word.lower() + name[len(word):] if word else f"{unit} {name}"
