"""Plan the cheapest answer changes that lift an answered sheet to each higher star level.

For a level L the plan first makes the changes L's minima force (each criterion below its
minimum moves to the lowest-scoring option that satisfies it), then adds one-step improvements
(a criterion moves to its next higher-scoring option), the largest gain first and sheet order on
ties, until the total reaches L's band. Steps on one criterion merge into a single change.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from knowledge.criteria.model import Option, Sheet
from knowledge.criteria.scoring import (
    BAND_THRESHOLDS,
    EPSILON,
    MAX_LEVEL,
    Score,
    SheetProfile,
    score_indices,
    sheet_profile,
    validate_answers,
)

# Gains are compared after rounding so that float noise (0.3 - 0.2 vs 0.1) cannot break a tie
# that sheet order must decide.
_GAIN_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Change:
    """Move one criterion from its current option to a target option (0-based indices).

    `forced` is true when the level's minima require at least part of the move.
    """

    code: str
    title: str
    from_index: int
    to_index: int
    from_option: Option
    to_option: Option
    forced: bool

    @property
    def gain(self) -> float:
        """Return the points this change adds."""
        return self.to_option.points - self.from_option.points


@dataclass(frozen=True, slots=True)
class LevelPlan:
    """The changes, in sheet order, that lift the answers to `level` stars."""

    level: int
    changes: tuple[Change, ...]
    total_after: float
    reachable: bool

    def apply(self, answers: Mapping[str, int]) -> dict[str, int]:
        """Return `answers` with this plan's changes made."""
        return {**answers, **{change.code: change.to_index for change in self.changes}}


@dataclass(frozen=True, slots=True)
class GapAnalysis:
    """The current score, one plan per level above its rank, and why there are none, if so."""

    score: Score
    plans: Mapping[int, LevelPlan]
    note: str = ""


def analyse_gaps(
    sheet: Sheet, answers: Mapping[str, int], failed_disqualifiers: Sequence[str] = ()
) -> GapAnalysis:
    """Score `answers` and plan the changes reaching each star level above the current rank."""
    profile = sheet_profile(sheet)
    indices = validate_answers(profile, answers)
    current = score_indices(profile, indices, failed_disqualifiers)
    if current.disqualified:
        note = (
            "disqualified ("
            + "; ".join(current.disqualifiers)
            + "): no rank can be reached by changing answers"
        )
        return GapAnalysis(current, MappingProxyType({}), note)
    if current.stars >= MAX_LEVEL:
        return GapAnalysis(current, MappingProxyType({}), f"already {MAX_LEVEL} stars")
    plans = {
        level: plan_level(profile, indices, level)
        for level in range(current.stars + 1, MAX_LEVEL + 1)
    }
    return GapAnalysis(current, MappingProxyType(plans))


def plan_level(profile: SheetProfile, indices: Sequence[int], level: int) -> LevelPlan:
    """Plan the changes that lift option `indices` (sheet order) to `level` stars."""
    target = list(indices)
    forced = _meet_minima(profile, target, level)
    _raise_to(profile, target, BAND_THRESHOLDS[level])
    total = sum(p.points[i] for p, i in zip(profile.criteria, target, strict=True))
    changes = tuple(
        _change(profile, position, indices[position], target[position], position in forced)
        for position in range(len(target))
        if target[position] != indices[position]
    )
    reachable = total >= BAND_THRESHOLDS[level] - EPSILON
    return LevelPlan(level, changes, total, reachable)


def _meet_minima(profile: SheetProfile, target: list[int], level: int) -> set[int]:
    """Move every criterion below its `level` minimum to its floor; return the moved positions."""
    moved = set()
    for position, p in enumerate(profile.criteria):
        floor = p.floor[level]
        if floor is not None and p.points[target[position]] < p.points[floor] - EPSILON:
            target[position] = floor
            moved.add(position)
    return moved


def _raise_to(profile: SheetProfile, target: list[int], threshold: float) -> None:
    """Take one-step improvements, largest gain first, until the total reaches `threshold`."""
    criteria = profile.criteria
    total = sum(p.points[i] for p, i in zip(criteria, target, strict=True))
    steps = (_step(profile, position, target[position]) for position in range(len(criteria)))
    heap: list[tuple[float, int, int]] = [step for step in steps if step is not None]
    heapq.heapify(heap)
    while heap and total < threshold - EPSILON:
        _, position, index = heapq.heappop(heap)
        total += criteria[position].points[index] - criteria[position].points[target[position]]
        target[position] = index
        step = _step(profile, position, index)
        if step is not None:
            heapq.heappush(heap, step)


def _step(profile: SheetProfile, position: int, index: int) -> tuple[float, int, int] | None:
    """Return the heap entry (-gain, position, next index) of a criterion's next step, if any."""
    p = profile.criteria[position]
    following = p.next_up[index]
    if following is None:
        return None
    gain = round(p.points[following] - p.points[index], _GAIN_DIGITS)
    return (-gain, position, following)


def _change(profile: SheetProfile, position: int, start: int, end: int, forced: bool) -> Change:
    """Build the change of the criterion at `position` from option `start` to `end`."""
    criterion = profile.criteria[position].criterion
    return Change(
        code=criterion.code,
        title=criterion.title,
        from_index=start,
        to_index=end,
        from_option=criterion.options[start],
        to_option=criterion.options[end],
        forced=forced,
    )
