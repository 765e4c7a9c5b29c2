"""Small helpers shared by the Word documents (python-docx): fonts, headings, tables, bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

# Vietnamese administrative documents are set in Times New Roman 13–14 pt (Nghị định 30/2020).
FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(11)


def new_document() -> DocumentObject:
    """An A4 document with the body font and margins of an administrative paper."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    return document


def centred(document: DocumentObject, text: str, *, bold: bool = False, italic: bool = False,
            size: Pt | None = None) -> Paragraph:
    """A centred paragraph of one run."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = size
    return paragraph


def labelled(document: DocumentObject, label: str, value: str) -> Paragraph:
    """'Label: value' with the value in bold, as a filled-in form line."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ")
    paragraph.add_run(value).bold = True
    return paragraph


def grid(document: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[str]],
         widths: Sequence[float]) -> Table:
    """A bordered table with a bold header row; `widths` in centimetres."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _fill(cell.paragraphs[0], text, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _fill(cell.paragraphs[0], text)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


@dataclass(frozen=True, slots=True)
class Line:
    """One centred line of a letterhead or signature block."""

    text: str
    bold: bool = False
    italic: bool = False


def side_by_side(document: DocumentObject, left: Sequence[Line], right: Sequence[Line],
                 widths: tuple[float, float] = (6.5, 9.5)) -> Table:
    """Two borderless columns of centred lines, as an administrative paper's letterhead (agency
    | national motto) or signature (blank | signatory) is laid out; `widths` in centimetres."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, lines, width in zip(table.rows[0].cells, (left, right), widths, strict=True):
        cell.width = Cm(width)
        _centred_lines(cell, lines)
    return table


def _centred_lines(cell: _Cell, lines: Sequence[Line]) -> None:
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line.text)
        run.bold, run.italic = line.bold, line.italic


def _fill(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = TABLE_SIZE


def to_bytes(document: DocumentObject) -> bytes:
    """The document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
