"""Typed, immutable model of one OCOP criteria sheet (Phụ lục II, QĐ 26/2026/QĐ-TTg)."""

from __future__ import annotations

from dataclasses import dataclass, field

PART_MAXIMA: dict[str, int] = {"A": 40, "B": 25, "C": 35}
STAR_MARKS: frozenset[int] = frozenset({0, 3, 4, 5})


@dataclass(frozen=True, slots=True)
class Option:
    """One printed answer (`□ text | points`), with its star mark (0 when unmarked)."""

    text: str
    points: float
    stars: int = 0


@dataclass(frozen=True, slots=True)
class Criterion:
    """An answerable criterion: exactly one option is chosen for it.

    `yes_no` marks a criterion printed without options, encoded as "Không" (0) then "Có" (max).
    `correction` records how a defect of the printed decree was resolved.
    """

    code: str
    part: str
    group: str
    title: str
    max_points: float
    options: tuple[Option, ...]
    requirement: str = ""
    note: str = ""
    correction: str = ""
    yes_no: bool = False
    parent: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """A numbered group (`1. TỔ CHỨC SẢN XUẤT | 18`) and its criteria in sheet order."""

    code: str
    title: str
    max_points: float
    criteria: tuple[Criterion, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    """Part A, B or C of a sheet."""

    letter: str
    title: str
    max_points: float
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    """One of the 26 criteria sheets."""

    number: int
    title: str
    product_group: str
    subgroup: str
    parts: tuple[Part, ...]
    disqualifiers: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every answerable criterion, in sheet order."""
        return tuple(c for part in self.parts for group in part.groups for c in group.criteria)

    @property
    def max_points(self) -> float:
        return sum(part.max_points for part in self.parts)

    def part(self, letter: str) -> Part:
        return next(p for p in self.parts if p.letter == letter)
