"""Convert Phụ lục II of QĐ 26/2026/QĐ-TTg (plain text) into one YAML file per criteria sheet.

    python -m tools.convert_criteria SOURCE OUTDIR

A tool for producing and re-checking the data: the reviewed YAML files in
`knowledge/criteria/sheets/` are the source of truth and the application never runs this module.
Every defect of the print is resolved only through the CORRECTIONS / SHEET_CORRECTIONS tables
below; the converter refuses to write anything while a defect it detects has no recorded
correction, or a correction no longer matches what the decree prints.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.criteria.loader import SHEET_COUNT, YES_NO_TEXTS, sheet_from_data, validate_sheet

Printed = float | None  # a figure as printed; None when the cell is empty or unreadable
DESCRIPTION = "Convert Phụ lục II of QĐ 26/2026/QĐ-TTg into one YAML file per criteria sheet."


class ConversionError(ValueError):
    """The decree text could not be converted; lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problems))


# --- corrections of the printed decree -------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """An explicit resolution of a print defect in one criterion.

    `points` maps an option index (0-based, printed order) to (printed, encoded); `max_points`
    is (printed, encoded). The printed value is checked, so a fix cannot silently drift.
    """

    note: str
    points: dict[int, tuple[Printed, float]] = field(default_factory=dict)
    max_points: tuple[Printed, float] | None = None


@dataclass(frozen=True)
class SheetFix:
    """Resolution of sheet-level defects: notes to record and disqualifiers to supply."""

    notes: tuple[str, ...]
    disqualifiers: tuple[str, ...] = ()
    part_headings: dict[str, int] = field(default_factory=dict)  # letter -> points printed


_NO_POINTS_1_2 = (
    'Bản in để trống điểm của phương án "Không được cấp giấy chứng nhận chất lượng"; '
    "mã hóa là 0 điểm như ở các phiếu khác có cùng tiêu chí 1.2."
)

CORRECTIONS: dict[tuple[int, str], Fix] = {
    (3, "5.1"): Fix(
        'Bản in ghi dấu sao có dấu cách ("* * * *") ở phương án 5 điểm; mã hóa là **** '
        "(4 sao) như ở các phiếu khác."
    ),
    (4, "1.2"): Fix(_NO_POINTS_1_2, points={0: (None, 0)}),
    (4, "7"): Fix(
        'Bản in ghi "13" điểm cho phương án "Có trên 2 chỉ tiêu" trong khi tiêu chí tối đa '
        "3 điểm; mã hóa là 3 điểm.",
        points={2: (13, 3)},
    ),
    (7, "1.2"): Fix(_NO_POINTS_1_2, points={0: (None, 0)}),
    (7, "3.1"): Fix(
        'Bản in ghi "1" điểm cho phương án "Công ty TNHH; hoặc doanh nghiệp tư nhân; …" '
        "(trùng với phương án hộ sản xuất); mã hóa là 2 điểm như ở mọi phiếu khác.",
        points={1: (1, 2)},
    ),
    (7, "7"): Fix(
        'Bản in dùng ký hiệu "o" thay cho ô "□" ở phương án "Rất độc đáo và có tính đặc '
        'trưng"; vẫn là một phương án (5 điểm, *****).'
    ),
    (10, "1.2"): Fix(_NO_POINTS_1_2, points={0: (None, 0)}),
    (11, "1.2"): Fix(_NO_POINTS_1_2, points={0: (None, 0)}),
    (11, "6.1.1"): Fix(
        'Bản in ghi "11" điểm cho phương án "Có rất ít tạp chất, chấp nhận được" trong khi '
        "tiêu chí tối đa 2 điểm; mã hóa là 1 điểm.",
        points={1: (11, 1)},
    ),
    (23, "6.2"): Fix(
        'Bản in cho hai phương án đầu ("Chấp nhận được" và "Phù hợp với đặc tính sản phẩm") '
        "cùng 1 điểm; không xác định được ý định nên giữ nguyên như bản in."
    ),
    (23, "9"): Fix(
        'Bản in ghi điểm tối đa là "4 1"; mã hóa là 4 (phương án cao nhất 4 điểm và Phần C '
        "cộng đủ 35 điểm).",
        max_points=(None, 4),
    ),
}

SHEET_CORRECTIONS: dict[int, SheetFix] = {
    26: SheetFix(
        notes=(
            'Hiệu đính: tiêu đề Phần A in "(35 Điểm)" nhưng cột thang điểm ghi 40 và các nhóm '
            "1–3 cộng đủ 40 điểm; Phần A được mã hóa là 40 điểm.",
            'Hiệu đính: phiếu 26 không in dòng "Hồ sơ bị loại khi"; điều kiện loại hồ sơ được '
            "lấy theo dòng in ở các phiếu 21–25 (giả mạo hồ sơ cũng là căn cứ thu hồi giấy "
            "chứng nhận tại điểm a khoản 1 Điều 8).",
        ),
        disqualifiers=(
            "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không đáp ứng quy định hồ sơ đăng ký theo "
            "quy định",
        ),
        part_headings={"A": 35},
    ),
}

# Sheets printing only "(Sản phẩm: Sinh vật cảnh)" etc.: the group comes from Phụ lục I.
SUBGROUPS_FROM_ANNEX_I: dict[int, str] = {
    23: "Hoa",
    24: "Cây cảnh",
    25: "Động vật cảnh",
    26: "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
}

# Notes printed under a criterion but speaking of the whole group ("các chỉ tiêu trên/khác").
GROUP_NOTES: frozenset[tuple[int, str]] = frozenset(
    {
        (1, "Không xem xét các chỉ tiêu khác"),
        (16, "Nếu được 0 điểm tại một trong các chỉ tiêu trên"),
    }
)

# --- reading the text ----------------------------------------------------------------------

ANNEX_START = "PHỤ LỤC II"
ANNEX_END = "PHỤ LỤC III"
INDEX_ROW = re.compile(r"^(\d{1,2}) \| Bộ sản phẩm: (.+)$")
HEADING = re.compile(r"^(\d{1,2})\.\s+(?:Bộ sản phẩm:\s*)?([^|]+)$")
CLASSIFICATION = re.compile(r"^\(Sản phẩm: (.+?)(?:[.,]\s*Nhóm: (.+))?\)$")
PART = re.compile(r"^Phần\s+([ABC])\s*:?\s*(.+?)\s*\|\s*(.*)$", re.IGNORECASE)
PART_POINTS = re.compile(r"\s*\((\d+)\s*điểm\)$", re.IGNORECASE)
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.+?)\s*\|\s*(.*)$")
OPTION = re.compile(r"^([□o])\s+(.+?)(?:\s*\|\s*(.*))?$")
STARS = re.compile(r"\s*(\*(?:\s*\*)*)\s*$")
CHOICE = "Lựa chọn một trong hai trường hợp sau:"
CASE = re.compile(r"^([a-z])\.\s+(Trường hợp \d+):\s*(.+)$")
DISQUALIFIER = re.compile(r"^(?:Hồ sơ )?bị loại khi:", re.IGNORECASE)
NOTE_PREFIXES = ("Ghi chú:", "Chú ý:")
TOTAL = "TỔNG CỘNG"
FORM_LINES = (
    "Tên sản phẩm", "Mã số sản phẩm", "T: Mã tỉnh", "Tên chủ thể", "Số điện thoại", "Địa chỉ",
    "Các tiêu chí | Thang điểm", "Ý kiến của người đánh giá", "…", "_", "-", "| ...,",
)  # fmt: skip
TITLE_SPLITS = (("Yêu cầu:", "requirement"), ("Ghi chú:", "note"), ("Áp dụng bắt buộc", "note"))


def clean(text: str) -> str:
    """NFC, single spaces, no trailing empty table cell."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s*\|\s*$", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def read_points(cell: str) -> Printed:
    cell = cell.strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", cell):
        value = float(cell.replace(",", "."))
        return int(value) if value.is_integer() else value
    return None


def split_title(cell: str) -> tuple[str, str, str]:
    """Split a title cell that also prints `Yêu cầu:` or a note: (title, requirement, note)."""
    title, found = cell, {"requirement": "", "note": ""}
    for marker, kind in TITLE_SPLITS:
        head, sep, tail = title.partition(" " + marker)
        if sep:
            keep = tail.strip() if marker.endswith(":") else f"{marker}{tail}"
            found[kind] = keep.strip()
            title = head.strip()
    return title, found["requirement"], found["note"]


def note_text(line: str) -> str:
    for prefix in NOTE_PREFIXES:
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    return line


# --- the mutable parse tree ----------------------------------------------------------------


@dataclass
class RawOption:
    text: str
    points: Printed
    stars: int = 0


@dataclass
class RawCriterion:
    code: str
    title: str
    max_points: Printed
    requirement: str = ""
    notes: list[str] = field(default_factory=list)
    options: list[RawOption] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)
    parent: str = ""
    children: int = 0
    case: str = ""
    correction: str = ""
    yes_no: bool = False


@dataclass
class RawGroup:
    code: str
    title: str
    max_points: Printed
    notes: list[str] = field(default_factory=list)
    criteria: list[RawCriterion] = field(default_factory=list)
    max_cell: str = ""


@dataclass
class RawPart:
    letter: str
    title: str
    max_points: Printed
    heading_points: int | None
    groups: list[RawGroup] = field(default_factory=list)


@dataclass
class RawSheet:
    number: int
    title: str
    product_group: str = ""
    subgroup: str = ""
    disqualifiers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parts: list[RawPart] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add_disqualifier(self, text: str) -> None:
        if text not in self.disqualifiers:
            self.disqualifiers.append(text)


# --- parsing one sheet ---------------------------------------------------------------------


class SheetParser:
    """Line-by-line reader of one sheet; keeps the currently open part, group and criterion."""

    def __init__(self, sheet: RawSheet) -> None:
        self.sheet = sheet
        self.part: RawPart | None = None
        self.group: RawGroup | None = None
        self.criterion: RawCriterion | None = None
        self.last_header: RawGroup | RawCriterion | None = None
        self.after_total = False

    def feed(self, number: int, line: str) -> None:
        handlers = (
            self._skip, self._classification, self._total, self._disqualifier, self._part,
            self._option, self._choice, self._numbered, self._note, self._requirement,
            self._continuation,
        )  # fmt: skip
        if not any(handler(line) for handler in handlers):
            self.sheet.problems.append(f"line {number}: cannot read {line[:80]!r}")

    def _skip(self, line: str) -> bool:
        return not line or line.startswith(FORM_LINES)

    def _classification(self, line: str) -> bool:
        match = CLASSIFICATION.match(line)
        if match:
            self.sheet.product_group = match.group(1).strip()
            self.sheet.subgroup = (match.group(2) or "").strip()
        return bool(match)

    def _total(self, line: str) -> bool:
        if line.startswith(TOTAL):
            self.after_total = True
            self.criterion = self.group = self.last_header = None
        return line.startswith(TOTAL)

    def _disqualifier(self, line: str) -> bool:
        if DISQUALIFIER.match(line):
            self.sheet.add_disqualifier(line)
        return bool(DISQUALIFIER.match(line))

    def _part(self, line: str) -> bool:
        match = PART.match(line)
        if not match:
            return False
        title = match.group(2)
        heading = PART_POINTS.search(title)
        self.part = RawPart(
            letter=match.group(1).upper(),
            title=PART_POINTS.sub("", title).strip(),
            max_points=read_points(match.group(3)),
            heading_points=int(heading.group(1)) if heading else None,
        )
        self.sheet.parts.append(self.part)
        self.group = self.criterion = self.last_header = None
        return True

    def _option(self, line: str) -> bool:
        match = OPTION.match(line)
        if not match:
            return False
        criterion = self._answerable()
        text, _, embedded_note = match.group(2).partition(" Ghi chú:")
        text, stars = self._stars(criterion, text)
        if match.group(1) != "□":
            criterion.anomalies.append(f"option bullet printed as {match.group(1)!r}")
        points = read_points(match.group(3) or "")
        if points is None:
            criterion.anomalies.append(f"option {len(criterion.options) + 1} has no points")
        prefix = f"{criterion.case}: " if criterion.case else ""
        criterion.options.append(RawOption(prefix + text, points, stars))
        if embedded_note:
            self._add_note(embedded_note.strip())
        return True

    def _stars(self, criterion: RawCriterion, text: str) -> tuple[str, int]:
        match = STARS.search(text)
        if not match:
            return text, 0
        count = match.group(1).count("*")
        if " " in match.group(1) or count not in (3, 4, 5):
            criterion.anomalies.append(f"star mark printed as {match.group(1)!r}")
        return text[: match.start()].strip(), count

    def _answerable(self) -> RawCriterion:
        """The criterion options belong to; a group printed with options is its own criterion."""
        if self.criterion is not None:
            return self.criterion
        group = self._need_group()
        self.criterion = RawCriterion(group.code, group.title, group.max_points, notes=group.notes)
        if group.max_points is None:
            self.criterion.anomalies.append(f"unreadable maximum {group.max_cell!r}")
        group.notes = []
        group.criteria.append(self.criterion)
        return self.criterion

    def _need_group(self) -> RawGroup:
        if self.group is None:
            raise ConversionError([f"sheet {self.sheet.number}: text outside any group"])
        return self.group

    def _choice(self, line: str) -> bool:
        if line == CHOICE:
            self._answerable().notes.append(line)
            return True
        match = CASE.match(line)
        if match:
            criterion = self._answerable()
            criterion.notes.append(line)
            criterion.case = f"{match.group(2)} ({match.group(3)})"
        return bool(match)

    def _numbered(self, line: str) -> bool:
        match = NUMBERED.match(line)
        if not match or self.part is None:
            return False
        code, cell, points = match.group(1), match.group(2), match.group(3)
        title, requirement, note = split_title(cell)
        if "." not in code:
            self._open_group(code, title, points, note)
        else:
            self._open_criterion(code, title, points, requirement, note)
        return True

    def _open_group(self, code: str, title: str, points: str, note: str) -> None:
        if self.part is None:
            raise ConversionError([f"sheet {self.sheet.number}: group {code} outside a part"])
        self.group = RawGroup(code, title, read_points(points), notes=[note] if note else [])
        self.part.groups.append(self.group)
        self.criterion = None
        self.last_header = self.group
        self.group.max_cell = points

    def _open_criterion(
        self, code: str, title: str, points: str, requirement: str, note: str
    ) -> None:
        group = self._need_group()
        criterion = RawCriterion(code, title, read_points(points), requirement)
        if note:
            criterion.notes.append(note)
        if criterion.max_points is None:
            criterion.anomalies.append(f"unreadable maximum {points!r}")
        parents = [c for c in group.criteria if code.startswith(c.code + ".")]
        if parents:
            parent = max(parents, key=lambda c: len(c.code))
            parent.children += 1
            criterion.parent = parent.code
        group.criteria.append(criterion)
        self.criterion = self.last_header = criterion

    def _note(self, line: str) -> bool:
        if not line.startswith((*NOTE_PREFIXES, "Chỉ áp dụng")):
            return False
        self._add_note(note_text(line))
        return True

    def _add_note(self, text: str) -> None:
        if re.search(r"\bbị loại\b", text, re.IGNORECASE):
            self.sheet.add_disqualifier(text)
        if self.after_total or self.part is None:
            self.sheet.notes.append(text)
        elif self.criterion is None or self._is_group_note(text):
            self._need_group().notes.append(text)
        else:
            self.criterion.notes.append(text)

    def _is_group_note(self, text: str) -> bool:
        return any(n == self.sheet.number and text.startswith(p) for n, p in GROUP_NOTES)

    def _requirement(self, line: str) -> bool:
        if not line.startswith("Yêu cầu:") or self.criterion is None:
            return False
        self.criterion.requirement = line.removeprefix("Yêu cầu:").strip()
        return True

    def _continuation(self, line: str) -> bool:
        if not line.startswith("(") or self.last_header is None:
            return False
        self.last_header.title = f"{self.last_header.title} {line}"
        return True


# --- from the decree text to checked sheets -------------------------------------------------


def annex_lines(text: str) -> list[tuple[int, str]]:
    """(line number, cleaned line) for every line of Phụ lục II."""
    lines = text.splitlines()
    cleaned = [clean(line) for line in lines]
    try:
        start = cleaned.index(ANNEX_START)
        end = cleaned.index(ANNEX_END, start)
    except ValueError as exc:
        raise ConversionError([f"cannot find {ANNEX_START} … {ANNEX_END} in the source"]) from exc
    return [(number + 1, cleaned[number]) for number in range(start, end)]


def _is_heading(lines: list[tuple[int, str]], index: int) -> bool:
    following = next((line for _, line in lines[index + 1 :] if line), "")
    return bool(HEADING.match(lines[index][1])) and following.startswith("(Sản phẩm:")


def split_sheets(lines: list[tuple[int, str]]) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    """(heading line, body lines) of each sheet, in printed order."""
    starts = [k for k in range(len(lines)) if _is_heading(lines, k)]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        yield lines[start][1], lines[start + 1 : end]


def parse_sheet(heading: str, body: list[tuple[int, str]], index: dict[int, str]) -> RawSheet:
    match = HEADING.match(heading)
    if match is None:
        raise ConversionError([f"not a sheet heading: {heading!r}"])
    number = int(match.group(1))
    # Sheets 12 and 13 print no "Bộ sản phẩm:" in their heading; the index table does.
    title = match.group(2).strip() if "Bộ sản phẩm:" in heading else index.get(number, "")
    sheet = RawSheet(number, title)
    parser = SheetParser(sheet)
    for line_number, line in body:
        parser.feed(line_number, line)
    sheet.subgroup = sheet.subgroup or SUBGROUPS_FROM_ANNEX_I.get(number, "")
    finish(sheet)
    return sheet


def finish(sheet: RawSheet) -> None:
    """Keep the answerable leaves, turn option-less criteria into yes/no, flag odd figures."""
    for part in sheet.parts:
        for group in part.groups:
            sheet.problems.extend(_parent_problems(group))
            group.criteria = [c for c in group.criteria if not c.children]
            for criterion in group.criteria:
                if not criterion.options:
                    criterion.yes_no = True
                    criterion.options = [
                        RawOption(YES_NO_TEXTS[0], 0),
                        RawOption(YES_NO_TEXTS[1], criterion.max_points),
                    ]
                criterion.anomalies.extend(_oddities(criterion))


def _parent_problems(group: RawGroup) -> list[str]:
    problems = []
    for parent in (c for c in group.criteria if c.children):
        leaves = [c.max_points or 0 for c in group.criteria if c.parent == parent.code]
        if parent.options or sum(leaves) != parent.max_points:
            problems.append(f"sub-criteria of {parent.code} do not add up to its maximum")
    return problems


def _oddities(criterion: RawCriterion) -> list[str]:
    points = [o.points for o in criterion.options]
    if None in points or criterion.max_points is None:
        return []
    found = []
    if max(o.points or 0 for o in criterion.options) != criterion.max_points:
        found.append(f"best option {points} differs from maximum {criterion.max_points}")
    if not criterion.case and len(set(points)) != len(points):
        found.append(f"options share points {points}")
    return found


def apply_fixes(sheet: RawSheet, used: set[tuple[int, str]]) -> None:
    for part in sheet.parts:
        for group in part.groups:
            for criterion in group.criteria:
                key = (sheet.number, criterion.code)
                fix = CORRECTIONS.get(key)
                if fix is None:
                    sheet.problems.extend(
                        f"criterion {criterion.code}: {a} (no correction recorded)"
                        for a in criterion.anomalies
                    )
                    continue
                used.add(key)
                _apply_fix(sheet, group, criterion, fix)
    _apply_sheet_fix(sheet, SHEET_CORRECTIONS.get(sheet.number))


def _apply_fix(sheet: RawSheet, group: RawGroup, criterion: RawCriterion, fix: Fix) -> None:
    where = f"criterion {criterion.code}: correction"
    for index, (printed, encoded) in fix.points.items():
        option = criterion.options[index] if index < len(criterion.options) else None
        if option is None or option.points != printed:
            sheet.problems.append(f"{where} expects option {index + 1} printed {printed}")
            continue
        option.points = encoded
    if fix.max_points is not None:
        printed, encoded = fix.max_points
        if criterion.max_points != printed:
            sheet.problems.append(f"{where} expects maximum printed {printed}")
        criterion.max_points = encoded
        if group.code == criterion.code:
            group.max_points = encoded
    criterion.correction = fix.note


def _apply_sheet_fix(sheet: RawSheet, fix: SheetFix | None) -> None:
    headings = fix.part_headings if fix else {}
    for part in sheet.parts:
        printed = part.heading_points
        if printed not in (None, part.max_points) and headings.get(part.letter) != printed:
            sheet.problems.append(
                f"part {part.letter} heading prints {printed} points (uncorrected)"
            )
    if not sheet.disqualifiers and not (fix and fix.disqualifiers):
        sheet.problems.append("no disqualifying condition printed (no correction)")
    if fix is None:
        return
    printed_headings = {part.letter: part.heading_points for part in sheet.parts}
    if any(printed_headings.get(letter) != points for letter, points in headings.items()):
        sheet.problems.append("sheet correction expects a part heading the sheet does not print")
    if sheet.disqualifiers and fix.disqualifiers:
        sheet.problems.append("sheet correction supplies disqualifiers the sheet already prints")
    for text in fix.disqualifiers:
        sheet.add_disqualifier(text)
    sheet.notes.extend(fix.notes)


# --- YAML output -----------------------------------------------------------------------------


def _number_value(value: Printed) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def criterion_data(criterion: RawCriterion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": criterion.code,
        "title": criterion.title,
        "max_points": _number_value(criterion.max_points),
    }
    optional = {
        "requirement": criterion.requirement,
        "note": "\n".join(criterion.notes),
        "correction": criterion.correction,
        "yes_no": criterion.yes_no,
        "parent": criterion.parent,
    }
    data.update({key: value for key, value in optional.items() if value})
    data["options"] = [option_data(option) for option in criterion.options]
    return data


def option_data(option: RawOption) -> dict[str, Any]:
    data: dict[str, Any] = {"text": option.text, "points": _number_value(option.points)}
    if option.stars:
        data["stars"] = option.stars
    return data


def group_data(group: RawGroup) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": group.code,
        "title": group.title,
        "max_points": _number_value(group.max_points),
    }
    if group.notes:
        data["note"] = "\n".join(group.notes)
    data["criteria"] = [criterion_data(c) for c in group.criteria]
    return data


def sheet_data(sheet: RawSheet) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": sheet.number,
        "title": sheet.title,
        "product_group": sheet.product_group,
        "subgroup": sheet.subgroup,
        "disqualifiers": list(sheet.disqualifiers),
    }
    if sheet.notes:
        data["notes"] = list(sheet.notes)
    data["parts"] = [
        {
            "letter": part.letter,
            "title": part.title,
            "max_points": _number_value(part.max_points),
            "groups": [group_data(g) for g in part.groups],
        }
        for part in sheet.parts
    ]
    return data


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists; multi-line texts as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_sheet(data: dict[str, Any]) -> str:
    header = (
        f"# QĐ 26/2026/QĐ-TTg, Phụ lục II, phiếu {data['number']}: {data['title']}\n"
        "# Produced by `python -m knowledge.criteria.convert`, then reviewed against the decree.\n"
        "# Print defects are resolved only where a `correction` (or a sheet note) says so.\n"
    )
    body = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, indent=2
    )
    return header + body


# --- entry points ----------------------------------------------------------------------------


def convert_text(text: str) -> dict[int, str]:
    """YAML text of every sheet, keyed by number; raises ConversionError listing all problems."""
    lines = annex_lines(text)
    rows = (INDEX_ROW.match(line) for _, line in lines)
    index = {int(m.group(1)): m.group(2).strip() for m in rows if m}
    used: set[tuple[int, str]] = set()
    problems: list[str] = []
    converted: dict[int, dict[str, Any]] = {}
    for heading, body in split_sheets(lines):
        sheet = parse_sheet(heading, body, index)
        apply_fixes(sheet, used)
        data = sheet_data(sheet)
        checked = sheet.problems or validate_sheet(sheet_from_data(data))
        problems.extend(f"sheet {sheet.number:02d}: {p}" for p in checked)
        converted[sheet.number] = data
    unused = sorted(CORRECTIONS.keys() - used)
    problems.extend(f"correction {key} matched no criterion" for key in unused)
    if sorted(converted) != list(range(1, SHEET_COUNT + 1)):
        problems.append(f"found sheets {sorted(converted)}, expected 1..{SHEET_COUNT}")
    if problems:
        raise ConversionError(problems)
    # Dumped only once all is well: writing the YAML is most of the work.
    return {number: dump_sheet(data) for number, data in converted.items()}


def convert_file(source: Path) -> dict[int, str]:
    return convert_text(source.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.convert_criteria",
                                     description=DESCRIPTION)
    parser.add_argument("source", type=Path, help="text of QĐ 26/2026/QĐ-TTg")
    parser.add_argument("outdir", type=Path, help="directory receiving 01.yaml … 26.yaml")
    args = parser.parse_args(argv)
    try:
        sheets = convert_file(args.source)
    except ConversionError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    args.outdir.mkdir(parents=True, exist_ok=True)
    for number, text in sheets.items():
        (args.outdir / f"{number:02d}.yaml").write_text(text, encoding="utf-8")
    print(f"wrote {len(sheets)} sheets to {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
