"""The self-assessment report as a printable HTML page, after Part III of Mẫu số 02."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup

from core.i18n import Translator
from core.render import Renderer
from core.vietnam_time import vietnam_date
from knowledge.criteria.model import Criterion, Group, Part, Sheet
from knowledge.criteria.scoring import Score, UnmetMinimum
from reports import part_name, rank_text, shown

TEMPLATE = "report.html.j2"
FILENAME_SLUG_LENGTH = 40


@dataclass(frozen=True, slots=True)
class Row:
    """One criterion with the option chosen for it."""

    code: str
    title: str
    chosen: str
    points: float
    max_points: float
    stars: int


@dataclass(frozen=True, slots=True)
class GroupRows:
    code: str
    title: str
    points: float
    max_points: float
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class PartRows:
    letter: str
    name: str
    title: str
    points: float
    max_points: float
    groups: tuple[GroupRows, ...]


def assessment_report_html(
    renderer: Renderer, t: Translator, *, sheet: Sheet, answers: Mapping[str, int],
    score: Score, product_name: str | None, producer_name: str, assessed_at: datetime,
) -> bytes:
    """Render the report of one answered sheet as a standalone UTF-8 HTML document."""
    parts = part_rows(t, sheet, answers, score)
    html = renderer.render(
        TEMPLATE, t, sheet=sheet, score=score, parts=parts,
        total=shown(score.total), rank=Markup(rank_text(t, score.stars)),
        product_name=product_name, producer_name=producer_name,
        assessed_on=t.date(assessed_at), unmet=unmet_by_level(score),
    )
    return (html + "\n").encode("utf-8")


def part_rows(t: Translator, sheet: Sheet, answers: Mapping[str, int],
              score: Score) -> tuple[PartRows, ...]:
    """Every part of `sheet`, its groups and criteria with the chosen option and points."""
    return tuple(_part_rows(t, part, answers, score) for part in sheet.parts)


def _part_rows(t: Translator, part: Part, answers: Mapping[str, int], score: Score) -> PartRows:
    groups = tuple(_group_rows(group, answers, score) for group in part.groups)
    return PartRows(part.letter, part_name(t, part.letter), part.title,
                    shown(score.parts.get(part.letter, 0.0)), part.max_points, groups)


def _group_rows(group: Group, answers: Mapping[str, int], score: Score) -> GroupRows:
    rows = tuple(_row(criterion, answers[criterion.code]) for criterion in group.criteria)
    return GroupRows(group.code, group.title, shown(score.groups.get(group.code, 0.0)),
                     group.max_points, rows)


def _row(criterion: Criterion, index: int) -> Row:
    option = criterion.options[index]
    return Row(criterion.code, criterion.title, option.text, option.points,
               criterion.max_points, option.stars)


def unmet_by_level(score: Score) -> list[tuple[int, list[UnmetMinimum]]]:
    """The levels above the rank that some minimum blocks, with those minima."""
    return [(level, list(found)) for level, found in sorted(score.unmet.items()) if found]


# The words of a self-assessment's file name in the language it is read in: the prefix and the
# word before the sheet's number. Any other language (and the filed Word form) takes Vietnamese.
REPORT_NAME_WORDS: dict[str, tuple[str, str]] = {
    "vi": ("danh-gia-ocop", "phieu"),
    "en": ("ocop-self-assessment", "sheet"),
}


def report_filename(sheet_number: int, product_name: str | None, when: date | datetime,
                    extension: str = "html", locale: str = "vi") -> str:
    """An ASCII file name in `locale`'s words:
    danh-gia-ocop-phieu-11-che-shan-tuyet-2026-11-29.html, in English
    ocop-self-assessment-sheet-11-che-shan-tuyet-2026-11-29.pdf."""
    prefix, sheet_word = REPORT_NAME_WORDS.get(locale, REPORT_NAME_WORDS["vi"])
    return document_filename(prefix, sheet_number, product_name, when, extension, sheet_word)


def document_filename(prefix: str, sheet_number: int | None, product_name: str | None,
                      when: date | datetime, extension: str, sheet_word: str = "phieu") -> str:
    """An ASCII file name from a prefix, the sheet, the product and the date (in Vietnam)."""
    day = vietnam_date(when)
    slug = ascii_slug(product_name or "")[:FILENAME_SLUG_LENGTH].strip("-")
    sheet = f"{sheet_word}-{sheet_number}" if sheet_number else ""
    parts = [prefix, sheet, slug, day.isoformat()]
    return "-".join(part for part in parts if part) + "." + extension


def ascii_slug(text: str) -> str:
    """Fold Vietnamese (and other Latin) letters to ASCII, lower-case, words joined by '-'."""
    # đ/Đ are letters of their own, not d with a combining mark, so NFKD leaves them.
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
