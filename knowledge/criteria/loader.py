"""Load and validate the 26 criteria sheets kept as YAML files in `sheets/`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from knowledge.criteria.model import (
    PART_MAXIMA,
    STAR_MARKS,
    Criterion,
    Group,
    Option,
    Part,
    Sheet,
)

SHEETS_DIR = Path(__file__).resolve().parent / "sheets"
SHEET_COUNT = 26
TOTAL_POINTS = 100
YES_NO_TEXTS = ("Không", "Có")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CriteriaError(ValueError):
    """Raised when criteria data cannot be loaded or breaks a rule; lists every problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


# --- building dataclasses from plain YAML data -------------------------------------------


def _require(data: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(data, Mapping):
        raise CriteriaError([f"{where}: expected a mapping, got {type(data).__name__}"])
    if key not in data:
        raise CriteriaError([f"{where}: missing key '{key}'"])
    return data[key]


def _items(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = _require(data, key, where)
    if not isinstance(value, list):
        raise CriteriaError([f"{where}: '{key}' must be a list"])
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CriteriaError([f"{where}: expected a number, got {value!r}"])
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise CriteriaError([f"{where}: expected text, got {value!r}"])
    return value


def option_from_data(data: Mapping[str, Any], where: str) -> Option:
    stars = data.get("stars", 0) if isinstance(data, Mapping) else 0
    if isinstance(stars, bool) or not isinstance(stars, int):
        raise CriteriaError([f"{where}: 'stars' must be an integer, got {stars!r}"])
    return Option(
        text=_text(_require(data, "text", where), where),
        points=_number(_require(data, "points", where), where),
        stars=stars,
    )


def criterion_from_data(data: Mapping[str, Any], part: str, group: str, where: str) -> Criterion:
    code = _text(_require(data, "code", where), where)
    where = f"{where} criterion {code}"
    options = [
        option_from_data(o, f"{where} option {i + 1}")
        for i, o in enumerate(_items(data, "options", where))
    ]
    return Criterion(
        code=code,
        part=part,
        group=group,
        title=_text(_require(data, "title", where), where),
        max_points=_number(_require(data, "max_points", where), where),
        options=tuple(options),
        requirement=_text(data.get("requirement", ""), where),
        note=_text(data.get("note", ""), where),
        correction=_text(data.get("correction", ""), where),
        yes_no=bool(data.get("yes_no", False)),
        parent=_text(data.get("parent", ""), where),
    )


def group_from_data(data: Mapping[str, Any], part: str, where: str) -> Group:
    code = _text(_require(data, "code", where), where)
    where = f"{where} group {code}"
    criteria = _items(data, "criteria", where)
    return Group(
        code=code,
        title=_text(_require(data, "title", where), where),
        max_points=_number(_require(data, "max_points", where), where),
        criteria=tuple(criterion_from_data(c, part, code, where) for c in criteria),
        note=_text(data.get("note", ""), where),
    )


def part_from_data(data: Mapping[str, Any], where: str) -> Part:
    letter = _text(_require(data, "letter", where), where)
    where = f"{where} part {letter}"
    groups = _items(data, "groups", where)
    return Part(
        letter=letter,
        title=_text(_require(data, "title", where), where),
        max_points=_number(_require(data, "max_points", where), where),
        groups=tuple(group_from_data(g, letter, where) for g in groups),
    )


def sheet_from_data(data: Mapping[str, Any], where: str = "sheet") -> Sheet:
    """Build a Sheet from plain data (as read from YAML); raises CriteriaError if malformed."""
    number = _require(data, "number", where)
    if isinstance(number, bool) or not isinstance(number, int):
        raise CriteriaError([f"{where}: 'number' must be an integer, got {number!r}"])
    where = f"sheet {number:02d}"
    return Sheet(
        number=number,
        title=_text(_require(data, "title", where), where),
        product_group=_text(_require(data, "product_group", where), where),
        subgroup=_text(_require(data, "subgroup", where), where),
        parts=tuple(part_from_data(p, where) for p in _items(data, "parts", where)),
        disqualifiers=tuple(_text(d, where) for d in _items(data, "disqualifiers", where)),
        notes=tuple(_text(n, where) for n in data.get("notes", None) or ()),
    )


def load_sheet(path: Path) -> Sheet:
    """Read one sheet file; structural problems raise CriteriaError (rules are not checked)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise CriteriaError([f"{path.name}: invalid YAML: {exc}"]) from exc
    try:
        return sheet_from_data(data, path.name)
    except CriteriaError as exc:
        raise CriteriaError(f"{path.name}: {p}" for p in exc.problems) from None


def load_sheets(directory: Path | None = None) -> dict[int, Sheet]:
    """Load and validate every `*.yaml` sheet, keyed and ordered by sheet number.

    The default folder must hold exactly the sheets 1..26; any other folder may hold a subset.
    """
    folder = SHEETS_DIR if directory is None else directory
    sheets: dict[int, Sheet] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        problems.extend(_load_into(path, sheets))
    if directory is None and sorted(sheets) != list(range(1, SHEET_COUNT + 1)):
        missing = sorted(set(range(1, SHEET_COUNT + 1)) - set(sheets))
        problems.append(f"{folder}: sheets {missing} are missing")
    if not sheets and not problems:
        problems.append(f"{folder}: no sheet files found")
    if problems:
        raise CriteriaError(problems)
    return dict(sorted(sheets.items()))


def _load_into(path: Path, sheets: dict[int, Sheet]) -> list[str]:
    """Load `path` into `sheets`; return its problems, each prefixed with the file name."""
    try:
        sheet = load_sheet(path)
    except CriteriaError as exc:
        return list(exc.problems)
    problems = [f"{path.name}: {p}" for p in validate_sheet(sheet)]
    if path.stem != f"{sheet.number:02d}":
        problems.append(
            f"{path.name}: holds sheet {sheet.number}, expected in {sheet.number:02d}.yaml"
        )
    if sheet.number in sheets:
        problems.append(f"{path.name}: sheet number {sheet.number} appears twice")
    sheets[sheet.number] = sheet
    return problems


# --- validation ------------------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def validate_sheet(sheet: Sheet) -> list[str]:
    """Every rule broken by `sheet`, as human-readable sentences (empty list = valid)."""
    problems = _check_header(sheet) + _check_parts(sheet) + _check_codes(sheet)
    for part in sheet.parts:
        for group in part.groups:
            problems += _check_group(group)
            for criterion in group.criteria:
                problems += _check_criterion(part, group, criterion)
    return problems


def _check_header(sheet: Sheet) -> list[str]:
    problems = []
    if not 1 <= sheet.number <= SHEET_COUNT:
        problems.append(f"sheet number {sheet.number} is outside 1..{SHEET_COUNT}")
    for name in ("title", "product_group", "subgroup"):
        if not getattr(sheet, name).strip():
            problems.append(f"sheet {name} is empty")
    if not sheet.disqualifiers:
        problems.append("sheet has no disqualifying condition")
    if any(not d.strip() for d in sheet.disqualifiers):
        problems.append("sheet has an empty disqualifying condition")
    if len(set(sheet.disqualifiers)) != len(sheet.disqualifiers):
        problems.append("sheet repeats a disqualifying condition")
    if any(not n.strip() for n in sheet.notes):
        problems.append("sheet has an empty note")
    return problems


def _check_parts(sheet: Sheet) -> list[str]:
    letters = [p.letter for p in sheet.parts]
    problems = []
    if letters != list(PART_MAXIMA):
        problems.append(f"parts are {letters}, expected {list(PART_MAXIMA)} in that order")
    for part in sheet.parts:
        expected = PART_MAXIMA.get(part.letter)
        if expected is not None and not _close(part.max_points, expected):
            problems.append(
                f"part {part.letter} is worth {_fmt(part.max_points)}, expected {expected}"
            )
        total = sum(g.max_points for g in part.groups)
        if not _close(total, part.max_points):
            problems.append(
                f"part {part.letter} groups add up to {_fmt(total)}, not {_fmt(part.max_points)}"
            )
        if not part.title.strip():
            problems.append(f"part {part.letter} has an empty title")
        if not part.groups:
            problems.append(f"part {part.letter} has no group")
    if not _close(sheet.max_points, TOTAL_POINTS):
        problems.append(f"sheet is worth {_fmt(sheet.max_points)} points, expected {TOTAL_POINTS}")
    return problems


def _duplicates(codes: list[str]) -> list[str]:
    return sorted({c for c in codes if codes.count(c) > 1})


def _check_codes(sheet: Sheet) -> list[str]:
    groups = [g.code for p in sheet.parts for g in p.groups]
    criteria = [c.code for c in sheet.criteria]
    return [f"group code {c} is used more than once" for c in _duplicates(groups)] + [
        f"criterion code {c} is used more than once" for c in _duplicates(criteria)
    ]


def _check_group(group: Group) -> list[str]:
    where = f"group {group.code}"
    problems = []
    if not group.code.strip() or not group.title.strip():
        problems.append(f"{where} has an empty code or title")
    if not group.criteria:
        problems.append(f"{where} has no criterion")
    total = sum(c.max_points for c in group.criteria)
    if not _close(total, group.max_points):
        problems.append(
            f"{where} is worth {_fmt(group.max_points)} but its criteria add up to {_fmt(total)}"
        )
    return problems


def _check_criterion(part: Part, group: Group, criterion: Criterion) -> list[str]:
    where = f"criterion {criterion.code}"
    problems = [f"{where}: {p}" for check in _CRITERION_CHECKS for p in check(criterion)]
    if criterion.part != part.letter or criterion.group != group.code:
        problems.append(
            f"{where}: belongs to part {part.letter} group {group.code}, "
            f"but says part '{criterion.part}' group '{criterion.group}'"
        )
    if criterion.code != group.code and not criterion.code.startswith(group.code + "."):
        problems.append(f"{where}: code does not belong to group {group.code}")
    return problems


def _check_texts(criterion: Criterion) -> list[str]:
    problems = []
    if not criterion.code.strip() or not criterion.title.strip():
        problems.append("empty code or title")
    if any(not o.text.strip() for o in criterion.options):
        problems.append("an option has no text")
    if criterion.parent and not criterion.code.startswith(criterion.parent + "."):
        problems.append(f"parent {criterion.parent} is not a prefix of the code")
    return problems


def _check_points(criterion: Criterion) -> list[str]:
    options = criterion.options
    if len(options) < 2:
        return [f"has {len(options)} option(s), needs at least 2"]
    problems = []
    if criterion.max_points <= 0:
        problems.append(f"maximum {_fmt(criterion.max_points)} is not positive")
    best = max(o.points for o in options)
    if not _close(best, criterion.max_points):
        problems.append(
            f"best option gives {_fmt(best)} points, but the maximum is "
            f"{_fmt(criterion.max_points)}"
        )
    if any(o.points < 0 for o in options):
        problems.append("an option has negative points")
    if any(o.stars not in STAR_MARKS for o in options):
        problems.append(f"star marks {[o.stars for o in options]} are not all in {{0, 3, 4, 5}}")
    return problems


def _check_yes_no(criterion: Criterion) -> list[str]:
    if not criterion.yes_no:
        return []
    shape = [(o.text, o.points) for o in criterion.options]
    expected = [(YES_NO_TEXTS[0], 0), (YES_NO_TEXTS[1], criterion.max_points)]
    if shape != expected:
        return [f"yes/no options must be {expected}, got {shape}"]
    return []


_CRITERION_CHECKS: tuple[Callable[[Criterion], list[str]], ...] = (
    _check_texts,
    _check_points,
    _check_yes_no,
)
