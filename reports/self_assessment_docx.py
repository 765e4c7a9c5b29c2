"""The Mẫu 02 self-assessment report as an editable Word file, laid out like the decree's form."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt

from core.i18n import Translator
from reports import mau02
from reports.document import PartRows
from reports.mau02 import Field
from reports.self_assessment import (
    BLANK,
    AssessmentReport,
    known_values,
    plain,
    plan_heading,
    plans_intro,
    points_of,
    rank_line,
    result_lines,
    step_lines,
    total_text,
)
from reports.word import centred, grid, labelled, new_document, to_bytes

CRITERIA_WIDTHS = (1.4, 4.6, 6.4, 1.6, 1.4)
EVIDENCE_WIDTHS = (1.0, 5.5, 9.5)
# A whole line of dots, short enough not to wrap on an A4 page in 13 pt Times New Roman.
DOTTED_LINE = "…" * 34


def self_assessment_docx(t: Translator, report: AssessmentReport) -> bytes:
    """Render the report as the bytes of a .docx file: every part and field of Mẫu 02, in order,
    with what the bot knows filled in and dotted lines for the producer to complete by hand."""
    document = new_document()
    _header(t, document)
    _part_i(t, document, report)
    _part_ii(t, document)
    _part_iii(t, document, report)
    _part_iv(t, document, report)
    _signature(t, document, report)
    return to_bytes(document)


def _header(t: Translator, document: DocumentObject) -> None:
    centred(document, t("Form 02, Appendix III, Decision 26/2026/QĐ-TTg"), italic=True,
            size=Pt(11))
    centred(document, t("SELF-ASSESSMENT REPORT ON THE PRODUCT"), bold=True, size=Pt(15))
    centred(document, t("(For the producer whose product is registered)"), italic=True)


def _part_heading(t: Translator, document: DocumentObject, heading: tuple[str, str]) -> None:
    number, title = heading
    centred(document, t(number), bold=True)
    centred(document, t(title), bold=True)


def _part_i(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    _part_heading(t, document, mau02.PART_I)
    values = known_values(report)
    for line in mau02.PART_I_FIELDS:
        _fields(t, document, line, values)
    _fields(t, document, (mau02.PRODUCT_ITEM,), values)
    _dotted(document, mau02.PRODUCT_BLANK_LINES)
    document.add_paragraph(t(mau02.CHECKLIST_INTRO))
    for item in mau02.CHECKLIST:
        document.add_paragraph(t(item))
    for narrative in mau02.PART_I_NARRATIVES:
        document.add_paragraph(t(narrative.label))
        _dotted(document, narrative.lines)


def _fields(t: Translator, document: DocumentObject, line: tuple[Field, ...],
            values: dict[str, str | None]) -> None:
    """One printed line of fields: each label, then its known value in bold or a dotted blank."""
    paragraph = document.add_paragraph()
    for index, (label, key) in enumerate(line):
        paragraph.add_run(("   " if index else "") + t(label) + ": ")
        value = values.get(key) if key is not None else None
        if value:
            paragraph.add_run(value).bold = True
        else:
            paragraph.add_run(BLANK)


def _dotted(document: DocumentObject, count: int) -> None:
    for _ in range(count):
        document.add_paragraph(DOTTED_LINE)


def _part_ii(t: Translator, document: DocumentObject) -> None:
    _part_heading(t, document, mau02.PART_II)
    for line in mau02.PART_II_LINES:
        document.add_paragraph(t(line))
    _dotted(document, mau02.PART_II_BLANK_LINES)


def _part_iii(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    _part_heading(t, document, mau02.PART_III)
    for line in mau02.PART_III_LINES:
        document.add_paragraph(t(line))
    rows = [["-", t(content), t(requirement)] for content, requirement in mau02.EVIDENCE_ROWS]
    grid(document, [t(label) for label in mau02.EVIDENCE_HEADER], rows, EVIDENCE_WIDTHS)
    document.add_paragraph(t(mau02.REEVALUATION_NOTE))
    for label, value in result_lines(t, report):
        labelled(document, label, value)
    _summary(t, document, report)
    for part in report.parts:
        _part(t, document, part)
    _minima(t, document, report)


def _part_iv(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    _part_heading(t, document, mau02.PART_IV)
    document.add_paragraph(t(mau02.PART_IV_LINE))
    _plans(t, document, report)
    _dotted(document, mau02.PART_IV_BLANK_LINES)


def _summary(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    parts = " · ".join(f"{p.letter}: {points_of(t, p.points, p.max_points)}"
                       for p in report.parts)
    labelled(document, t("Total"), f"{total_text(t, report)} ({parts})")
    labelled(document, t("Self-assessed rank"), rank_line(t, report))


def _part(t: Translator, document: DocumentObject, part: PartRows) -> None:
    document.add_heading(plain(t("{name} (maximum {points} points)", name=part.name,
                                 points=t.number(part.max_points))), level=3)
    rows = []
    for group in part.groups:
        if not (len(group.rows) == 1 and group.rows[0].code == group.code):
            rows.append([group.code, group.title, "", points_of(t, group.points,
                                                                group.max_points), ""])
        rows += [[row.code, row.title, row.chosen, points_of(t, row.points, row.max_points),
                  f"{row.stars}★" if row.stars else ""] for row in group.rows]
    rows.append(["", plain(t("Subtotal of part {letter}", letter=part.letter)), "",
                 points_of(t, part.points, part.max_points), ""])
    header = [t("No."), t("Criterion"), t("Level reached"), t("Points"), t("Star mark")]
    grid(document, header, rows, CRITERIA_WIDTHS)


def _minima(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    if not report.unmet:
        return
    document.add_heading(t("Minimum requirements not met"), level=3)
    for level, items in report.unmet:
        document.add_paragraph(plain(t("Needed for {level}★:", level=level)))
        for item in items:
            document.add_paragraph(
                plain(t("{code} {title}: {chosen} points, at least {needed} needed",
                        code=item.code, title=item.title, chosen=t.number(item.chosen.points),
                        needed=t.number(item.required_points))),
                style="List Bullet")


def _plans(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    document.add_heading(t("Plans to reach the next ranks"), level=3)
    document.add_paragraph(plans_intro(t, report))
    for plan in report.advice.plans:
        document.add_heading(plan_heading(t, plan), level=4)
        for number, step in enumerate(plan.steps, 1):
            what, effort, after = step_lines(t, number, step)
            document.add_paragraph().add_run(what).bold = True
            document.add_paragraph(effort)
            document.add_paragraph().add_run(after).italic = True


def _signature(t: Translator, document: DocumentObject, report: AssessmentReport) -> None:
    document.add_paragraph(t("This is a self-assessment made with the OCOP assistant, not an "
                             "official result: the rank of a product is decided by the OCOP "
                             "evaluation and ranking council."))
    centred(document, t("Place and date: ……"))
    centred(document, t("LEGAL REPRESENTATIVE OF THE PRODUCER"), bold=True)
    centred(document, t("(Signature, full name, seal)"), italic=True)
    document.add_paragraph()
    centred(document, report.producer.representative or report.producer.organisation or "")
