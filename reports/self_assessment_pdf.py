"""The Mẫu 02 self-assessment report as a narrow PDF for reading on a phone (fpdf2).

The font is matplotlib's DejaVu Sans (a dependency already), embedded so that every
Vietnamese letter shows on any reader.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from core.i18n import Translator
from reports.document import PartRows
from reports.self_assessment import (
    AssessmentReport,
    info_lines,
    plain,
    plan_heading,
    plans_intro,
    points_of,
    rank_line,
    step_lines,
    total_text,
)

FAMILY = "DejaVuSans"
PAGE_MM = (100.0, 170.0)  # about a phone screen's shape, so a page fits without zooming
MARGIN_MM = 6.0
BODY_PT, SMALL_PT, HEADING_PT, TITLE_PT = 10.5, 9.0, 12.0, 13.0
LINE_MM = 5.0
ACCENT = (46, 125, 50)


@cache
def font_files() -> dict[str, Path]:
    """The regular and bold DejaVu Sans files that matplotlib ships."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


class _Pdf(FPDF):
    """A phone-sized page with the embedded font and a page number in the footer."""

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        self.set_font(FAMILY, "", SMALL_PT - 1)
        self.set_text_color(120, 120, 120)
        self.cell(0, 3, f"{self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def self_assessment_pdf(t: Translator, report: AssessmentReport) -> bytes:
    """Render the report as the bytes of a PDF file."""
    # A fresh font per document: fpdf2 subsets it in place, so it cannot be shared or copied.
    pdf = _Pdf(unit="mm", format=PAGE_MM)
    for style, path in font_files().items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, MARGIN_MM + 4)
    pdf.set_title(t("Self-assessment report"))
    pdf.set_creator("OCOP assistant")
    pdf.add_page()
    _header(t, pdf, report)
    for part in report.parts:
        _part(t, pdf, part)
    _minima(t, pdf, report)
    _plans(t, pdf, report)
    _text(pdf, t("This is a self-assessment made with the OCOP assistant, not an official "
                 "result: the rank of a product is decided by the OCOP evaluation and ranking "
                 "council."), size=SMALL_PT)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, bold: bool = False, size: float = BODY_PT,
          colour: tuple[int, int, int] | None = None, align: str = "L") -> None:
    """A paragraph that wraps to the page width."""
    pdf.set_font(FAMILY, "B" if bold else "", size)
    if colour:
        pdf.set_text_color(*colour)
    pdf.multi_cell(0, LINE_MM * size / BODY_PT, unicodedata.normalize("NFC", text),
                   align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)


def _header(t: Translator, pdf: FPDF, report: AssessmentReport) -> None:
    _text(pdf, t("Form 02, Appendix III, Decision 26/2026/QĐ-TTg"), size=SMALL_PT,
          align="C")
    _text(pdf, t("SELF-ASSESSMENT REPORT ON THE PRODUCT"), bold=True, size=TITLE_PT,
          colour=ACCENT, align="C")
    pdf.ln(2)
    for label, value in info_lines(t, report):
        _text(pdf, f"{label}: {value}", size=SMALL_PT)
    pdf.ln(2)
    _text(pdf, t("Total") + f": {total_text(t, report)}", bold=True, size=HEADING_PT)
    parts = " · ".join(f"{p.letter}: {points_of(t, p.points, p.max_points)}"
                       for p in report.parts)
    _text(pdf, parts)
    _text(pdf, t("Self-assessed rank") + f": {rank_line(t, report)}", bold=True)


def _part(t: Translator, pdf: FPDF, part: PartRows) -> None:
    pdf.ln(3)
    _text(pdf, f"{part.name}: {points_of(t, part.points, part.max_points)}", bold=True,
          size=HEADING_PT, colour=ACCENT)
    for group in part.groups:
        for row in group.rows:
            mark = f" · {row.stars}★" if row.stars else ""
            _text(pdf, f"{row.code} {row.title}", bold=True, size=SMALL_PT)
            _text(pdf, f"{row.chosen} — {points_of(t, row.points, row.max_points)}{mark}",
                  size=SMALL_PT)
            pdf.ln(1)


def _minima(t: Translator, pdf: FPDF, report: AssessmentReport) -> None:
    if not report.unmet:
        return
    pdf.ln(2)
    _text(pdf, t("Minimum requirements not met"), bold=True, size=HEADING_PT)
    for level, items in report.unmet:
        _text(pdf, plain(t("Needed for {level}★:", level=level)), bold=True)
        for item in items:
            _text(pdf, "• " + plain(t("{code} {title}: {chosen} points, at least {needed} needed",
                                      code=item.code, title=item.title,
                                      chosen=t.number(item.chosen.points),
                                      needed=t.number(item.required_points))), size=SMALL_PT)


def _plans(t: Translator, pdf: FPDF, report: AssessmentReport) -> None:
    pdf.ln(3)
    _text(pdf, t("Plans to reach the next ranks"), bold=True, size=HEADING_PT, colour=ACCENT)
    _text(pdf, plans_intro(t, report), size=SMALL_PT)
    for plan in report.advice.plans:
        pdf.ln(2)
        _text(pdf, plan_heading(t, plan), bold=True)
        for number, step in enumerate(plan.steps, 1):
            what, effort, after = step_lines(t, number, step)
            _text(pdf, what, bold=True, size=SMALL_PT)
            _text(pdf, effort, size=SMALL_PT)
            _text(pdf, after, size=SMALL_PT, colour=(90, 90, 90))
            pdf.ln(1)
