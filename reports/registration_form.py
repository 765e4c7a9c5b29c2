"""A filled Mẫu 01 registration form (Phụ lục III, QĐ 26/2026/QĐ-TTg) as a Word file.

The form is filed at the commune, so it is always in Vietnamese and keeps the decree's wording;
what the producer told the bot is filled in, the rest keeps the form's dotted lines to be
completed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.shared import Pt

from core.vietnam_time import vietnam_time
from knowledge import places
from knowledge.criteria.model import Sheet
from knowledge.places import Place
from reports.word import centred, labelled, new_document, to_bytes
from storage.registrations import Registration

DOTS = "……………………………"
KIND_BOXES = (("first", "Lần đầu"), ("upgrade", "Nâng hạng"), ("reevaluation", "Đánh giá lại"))


@dataclass(frozen=True, slots=True)
class RegistrationForm:
    """The values written on Mẫu 01; None leaves the dotted line."""

    province: str | None
    year: int
    organisation: str | None
    representative: str | None
    address: str | None
    phone: str | None
    email: str | None
    product_name: str | None
    product_group: str | None
    kind: str | None
    current_stars: int | None = None
    certificate_expiry: str | None = None


def registration_places(registration: Registration) -> tuple[Place | None, Place | None]:
    """The registration's commune and province, each None while unknown."""
    province_code, commune_code = registration.province_code, registration.commune_code
    province = places.province(province_code) if province_code is not None else None
    commune = places.commune(province_code, commune_code) if (
        province_code is not None and commune_code is not None) else None
    return commune, province


def registration_form(registration: Registration, sheet: Sheet | None) -> RegistrationForm:
    """The form's values from a stored registration and the sheet it was registered under."""
    commune, province = registration_places(registration)
    address = ", ".join(p.name for p in (commune, province) if p is not None) or None
    when = registration.submitted_at or registration.updated_at
    group = (f"{sheet.product_group}; {sheet.subgroup}; {sheet.title}"
             if sheet is not None else None)
    return RegistrationForm(
        province=province.name if province else None, year=vietnam_time(when).year,
        organisation=registration.org_name, representative=registration.representative,
        address=address, phone=registration.phone, email=registration.email,
        product_name=registration.product_name, product_group=group, kind=registration.kind,
        current_stars=registration.current_stars,
        certificate_expiry=registration.certificate_expiry,
    )


def registration_form_docx(form: RegistrationForm) -> bytes:
    """Render Mẫu 01 filled with `form` as the bytes of a .docx file."""
    document = new_document()
    centred(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    centred(document, "Độc lập - Tự do - Hạnh phúc", bold=True)
    centred(document, "---------------")
    centred(document, "PHIẾU ĐĂNG KÝ", bold=True, size=Pt(15))
    centred(document, "Tham gia đánh giá, phân hạng sản phẩm OCOP", bold=True)
    centred(document, f"của tỉnh {form.province or DOTS} năm {form.year}", bold=True)
    _applicant(document, form)
    _product(document, form)
    _closing(document)
    _for_the_authorities(document)
    return to_bytes(document)


def _applicant(document: DocumentObject, form: RegistrationForm) -> None:
    document.add_paragraph("1. Thông tin về đơn vị đăng ký:")
    labelled(document, "- Tên đơn vị", form.organisation or DOTS)
    labelled(document, "- Họ tên người đại diện pháp lý", form.representative or DOTS)
    labelled(document, "- Chức vụ", DOTS)
    labelled(document, "- Địa chỉ liên hệ", form.address or DOTS)
    paragraph = labelled(document, "- Điện thoại", form.phone or DOTS)
    paragraph.add_run("    Email: ")
    paragraph.add_run(form.email or DOTS).bold = True


def _product(document: DocumentObject, form: RegistrationForm) -> None:
    labelled(document, "2. Tên sản phẩm", form.product_name or DOTS)
    labelled(document, "3. Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm)",
             form.product_group or DOTS)
    boxes = "   ".join(f"{label} {'☒' if form.kind == kind else '□'}"
                       for kind, label in KIND_BOXES)
    document.add_paragraph(f"4. Lần đăng ký đánh giá: {boxes}")
    if form.kind in ("upgrade", "reevaluation") and form.current_stars:
        expiry = f", giấy chứng nhận còn hiệu lực đến {form.certificate_expiry}" if (
            form.certificate_expiry) else ""
        document.add_paragraph(f"   (Sản phẩm đã được công nhận {form.current_stars} sao{expiry}.)")
    document.add_paragraph("5. Tài liệu kèm theo:")
    document.add_paragraph("- Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí "
                           "(bản gốc, bản điện tử).")
    document.add_paragraph(f"- Sản phẩm mẫu (số lượng): {DOTS}")


def _closing(document: DocumentObject) -> None:
    document.add_paragraph(
        "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân "
        "thủ các quy định về đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng "
        "và pháp luật về Hồ sơ đăng ký đánh giá, phân hạng sản phẩm.")
    centred(document, "........, ngày........tháng........năm......", italic=True)
    centred(document, "ĐẠI DIỆN", bold=True)
    centred(document, "(Ký, đóng dấu, ghi rõ họ tên)", italic=True)
    for _ in range(3):
        document.add_paragraph()


def _for_the_authorities(document: DocumentObject) -> None:
    centred(document, "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ", bold=True)
    for office in ("DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ", "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH"):
        document.add_paragraph().add_run(office).bold = True
        document.add_paragraph("Phiếu số: ……-……. /PĐK- (Mã tỉnh) - (Mã xã) - (Năm)")
        document.add_paragraph("Ngày nhận: …………………………………………")
        document.add_paragraph("Người tiếp nhận: …………………… Chữ ký: ……………")
        centred(document, "Cơ quan tiếp nhận (Ký, đóng dấu và ghi rõ họ tên)", italic=True)
