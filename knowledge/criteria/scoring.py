"""Score an answered criteria sheet and rank it by the star rules of QĐ 26/2026/QĐ-TTg Điều 3.

The decree ranks on points (1★ <30, 2★ 30–<50, 3★ 50–<70, 4★ 70–<90, 5★ ≥90) and adds that
the star marks on options are minimum requirements per level ("Dấu sao là yêu cầu tối thiểu
phải đạt theo các cấp độ sao"): level L requires, on every criterion, at least the points of the
best-scoring option marked with L or fewer stars. A disqualified product has no rank (0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from knowledge.criteria.model import Criterion, Option, Sheet

EPSILON = 1e-9
NOT_RANKED = 0
STAR_LEVELS: tuple[int, ...] = (3, 4, 5)
MAX_LEVEL = 5
BAND_THRESHOLDS: Mapping[int, float] = MappingProxyType(
    {1: 0.0, 2: 30.0, 3: 50.0, 4: 70.0, 5: 90.0}
)

_PROFILE_CACHE_SIZE = 128


@dataclass(frozen=True, slots=True)
class UnmetMinimum:
    """A criterion whose chosen option is below the minimum of a star level."""

    code: str
    title: str
    chosen_index: int
    chosen: Option
    required_points: float
    required_index: int
    required: Option


@dataclass(frozen=True, slots=True)
class Score:
    """The result of scoring one answered sheet.

    `stars` is the rank: 1–5, or NOT_RANKED (0) when an eligibility condition failed. `band` is
    the level the points alone reach. `unmet` maps every level in 3..5 above the rank to the
    minima that block it (possibly none, when only points are short).
    """

    sheet: int
    total: float
    parts: Mapping[str, float]
    groups: Mapping[str, float]
    band: int
    stars: int
    unmet: Mapping[int, tuple[UnmetMinimum, ...]]
    disqualified: bool = False
    disqualifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CriterionProfile:
    """Precomputed facts about one answerable criterion, indexed by option or by level (0..5)."""

    criterion: Criterion
    part: str
    group: str
    points: tuple[float, ...]
    required: tuple[int | None, ...]
    floor: tuple[int | None, ...]
    next_up: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class SheetProfile:
    """Precomputed view of a sheet shared by scoring and gap analysis."""

    sheet: Sheet
    criteria: tuple[CriterionProfile, ...]
    positions: Mapping[str, int]


def band_of(total: float) -> int:
    """Return the star band (1–5) that a total reaches on points alone."""
    for level in range(MAX_LEVEL, 1, -1):
        if total >= BAND_THRESHOLDS[level] - EPSILON:
            return level
    return 1


def round_points(value: float) -> float:
    """Round points down to one decimal for display."""
    # Down, with the band epsilon, so a shown total never reaches a band the product missed
    # (69.95 shows 69.9 at 3★, not 70.0) and float noise (69.99999999999999) still shows 70.0.
    return math.floor((value + EPSILON) * 10) / 10


@lru_cache(maxsize=8192)
def required_minimum(criterion: Criterion, level: int) -> Option | None:
    """Return the option whose points `criterion` must reach for `level` stars, or None."""
    marked = [option for option in criterion.options if 1 <= option.stars <= level]
    return max(marked, key=lambda option: option.points, default=None)


def answerable(sheet: Sheet) -> tuple[Criterion, ...]:
    """Return the criteria of `sheet` that carry options, in sheet order."""
    return tuple(criterion for criterion in sheet.criteria if criterion.options)


_profiles: dict[int, tuple[Sheet, SheetProfile]] = {}


def sheet_profile(sheet: Sheet) -> SheetProfile:
    """Return the cached precomputed view of `sheet`."""
    # Keyed by identity: hashing a whole frozen sheet costs more than scoring it. The cache holds
    # the sheet itself, so an id cannot be reused while its entry lives.
    hit = _profiles.get(id(sheet))
    if hit is not None and hit[0] is sheet:
        return hit[1]
    profile = _build_profile(sheet)
    if len(_profiles) >= _PROFILE_CACHE_SIZE:
        _profiles.clear()
    _profiles[id(sheet)] = (sheet, profile)
    return profile


def _build_profile(sheet: Sheet) -> SheetProfile:
    """Precompute points, minima and improvement steps of every answerable criterion."""
    profiles = tuple(
        _profile_criterion(criterion, part.letter, group.code)
        for part in sheet.parts
        for group in part.groups
        for criterion in group.criteria
        if criterion.options
    )
    positions = {p.criterion.code: i for i, p in enumerate(profiles)}
    if len(positions) != len(profiles):
        raise ValueError(f"sheet {sheet.number} repeats a criterion code")
    return SheetProfile(sheet, profiles, MappingProxyType(positions))


def _profile_criterion(criterion: Criterion, part: str, group: str) -> CriterionProfile:
    """Precompute the per-option and per-level facts of one criterion."""
    points = tuple(option.points for option in criterion.options)
    required: list[int | None] = []
    floor: list[int | None] = []
    for level in range(MAX_LEVEL + 1):
        option = required_minimum(criterion, level)
        required.append(None if option is None else criterion.options.index(option))
        floor.append(None if option is None else _lowest_at_least(points, option.points))
    next_up = tuple(_next_higher(points, points[i]) for i in range(len(points)))
    return CriterionProfile(criterion, part, group, points, tuple(required), tuple(floor), next_up)


def _lowest_at_least(points: Sequence[float], minimum: float) -> int:
    """Return the index of the lowest-scoring option worth at least `minimum` (first on ties)."""
    eligible = [i for i, value in enumerate(points) if value >= minimum - EPSILON]
    return min(eligible, key=lambda i: points[i])


def _next_higher(points: Sequence[float], current: float) -> int | None:
    """Return the index of the cheapest option worth more than `current` (first on ties)."""
    higher = [i for i, value in enumerate(points) if value > current + EPSILON]
    return min(higher, key=lambda i: points[i], default=None)


def validate_answers(profile: SheetProfile, answers: Mapping[str, int]) -> tuple[int, ...]:
    """Return the chosen option indices in sheet order, or raise ValueError naming the fault."""
    unknown = sorted(code for code in answers if code not in profile.positions)
    if unknown:
        raise ValueError(
            f"unknown criterion code(s) for sheet {profile.sheet.number}: " + ", ".join(unknown)
        )
    missing = [p.criterion.code for p in profile.criteria if p.criterion.code not in answers]
    if missing:
        raise ValueError("unanswered criterion code(s): " + ", ".join(missing))
    indices = []
    for p in profile.criteria:
        index = answers[p.criterion.code]
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(p.points):
            raise ValueError(
                f"option index {index!r} out of range for criterion "
                f"{p.criterion.code} (0..{len(p.points) - 1})"
            )
        indices.append(index)
    return tuple(indices)


def score(
    sheet: Sheet, answers: Mapping[str, int], failed_disqualifiers: Sequence[str] = ()
) -> Score:
    """Score `sheet` answered with 0-based option `answers` keyed by criterion code."""
    profile = sheet_profile(sheet)
    return score_indices(profile, validate_answers(profile, answers), failed_disqualifiers)


def score_indices(
    profile: SheetProfile, indices: Sequence[int], failed_disqualifiers: Sequence[str] = ()
) -> Score:
    """Score already validated option indices given in sheet order."""
    parts = {part.letter: 0.0 for part in profile.sheet.parts}
    groups = {group.code: 0.0 for part in profile.sheet.parts for group in part.groups}
    for p, index in zip(profile.criteria, indices, strict=True):
        parts[p.part] += p.points[index]
        groups[p.group] += p.points[index]
    total = sum(parts.values())
    band = band_of(total)
    unmet = {level: unmet_minima(profile, indices, level) for level in STAR_LEVELS}
    disqualifiers = tuple(failed_disqualifiers)
    stars = NOT_RANKED if disqualifiers else rank_of(band, unmet)
    return Score(
        sheet=profile.sheet.number,
        total=total,
        parts=MappingProxyType(parts),
        groups=MappingProxyType(groups),
        band=band,
        stars=stars,
        unmet=MappingProxyType({lvl: found for lvl, found in unmet.items() if lvl > stars}),
        disqualified=bool(disqualifiers),
        disqualifiers=disqualifiers,
    )


def rank_of(band: int, unmet: Mapping[int, Sequence[UnmetMinimum]]) -> int:
    """Return the highest level up to `band` whose minima are all met (1★, 2★ need none)."""
    for level in range(band, 2, -1):
        if not unmet[level]:
            return level
    return min(band, 2)


def capping_minima(result: Score) -> tuple[UnmetMinimum, ...]:
    """The minima of the next rank that hold the rank below what the points alone give (none
    when the points are what is short)."""
    if result.band <= result.stars:
        return ()
    return tuple(result.unmet.get(result.stars + 1, ()))


def unmet_minima(
    profile: SheetProfile, indices: Sequence[int], level: int
) -> tuple[UnmetMinimum, ...]:
    """Return the criteria whose chosen option is below the minimum of `level`, in sheet order."""
    found = []
    for p, index in zip(profile.criteria, indices, strict=True):
        required = p.required[level]
        if required is not None and p.points[index] < p.points[required] - EPSILON:
            options = p.criterion.options
            found.append(
                UnmetMinimum(
                    code=p.criterion.code,
                    title=p.criterion.title,
                    chosen_index=index,
                    chosen=options[index],
                    required_points=p.points[required],
                    required_index=required,
                    required=options[required],
                )
            )
    return tuple(found)
