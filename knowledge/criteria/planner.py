"""Plans that lift an answered sheet to each certified rank, cheapest effort first.

A plan for rank L first meets L's star minima (each criterion below its minimum moves to the
cheapest option that satisfies it), then adds points until the total reaches L's band. Points are
bought by effort class first (days, weeks, months, out of reach), then by the points a step adds;
equal steps go to criteria the plan has not touched yet, then to the group with the most points
missing, so the plan spreads over the sheet instead of maxing its first criteria. Then steps
that turned out unnecessary are dropped, dearest first. Steps never lower an answer.

The search meets the minima first, but every step it keeps is needed, so the plan is shown in the
order its title promises: easiest effort class first (`step_order`); within a class the steps a
minimum forces come first, then the ones that add most points.

For a producer of limited reach (a household, by default when the organisation is unknown) an
"out of reach" step is taken only when no combination of other steps reaches the rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from knowledge.criteria.effort import EFFORT_CLASSES, MONTHS, OUT_OF_REACH, Effort, SheetEfforts
from knowledge.criteria.effort import efforts_for as shipped_efforts
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

FIRST_CERTIFIED = 3
# Organisation types (storage.registrations.Registration.org_type) that cannot take "out of
# reach" steps in their stride; None (unknown or unregistered) is treated the same, cautiously.
LIMITED_REACH_ORG_TYPES = frozenset({"household", "farm", "cooperative_group"})
_GAIN_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Step:
    """Move one criterion up to option `to_index` (0-based), with the result after the move.

    `required` is true when the rank's star minima force the move. `total` and `stars` are the
    score and rank once this step and every step before it are made.
    """

    code: str
    title: str
    from_index: int
    to_index: int
    option: Option
    points: float
    effort: Effort
    required: bool
    total: float
    stars: int

    @property
    def number(self) -> int:
        """The 1-based option number of the target, as in the sheet and on the command line."""
        return self.to_index + 1


@dataclass(frozen=True, slots=True)
class Plan:
    """The steps towards rank `target`, and the total and rank they lead to."""

    target: int
    steps: tuple[Step, ...]
    total: float
    stars: int

    @property
    def reached(self) -> bool:
        return self.stars >= self.target

    @property
    def needs_money(self) -> bool:
        return any(step.effort.money for step in self.steps)

    @property
    def needs_certificate(self) -> bool:
        return any(step.effort.certificate for step in self.steps)

    def apply(self, answers: Mapping[str, int]) -> dict[str, int]:
        """Return `answers` (0-based, by code) with every step made."""
        return {**answers, **{step.code: step.to_index for step in self.steps}}


@dataclass(frozen=True, slots=True)
class Advice:
    """The current score and one plan per target rank, lowest first; `note` says why none."""

    score: Score
    plans: tuple[Plan, ...]
    note: str = ""

    def plan_for(self, target: int) -> Plan | None:
        return next((plan for plan in self.plans if plan.target == target), None)

    @property
    def next_plan(self) -> Plan | None:
        """The plan for the next certified rank: the one the chat shows first."""
        return self.plans[0] if self.plans else None


def limited_reach(org_type: str | None) -> bool:
    """Whether "out of reach" steps must be avoided for this organisation type."""
    return org_type is None or org_type in LIMITED_REACH_ORG_TYPES


def plan_targets(stars: int) -> tuple[int, ...]:
    """The ranks to plan for from rank `stars`: the next certified one, then each up to 5."""
    return tuple(range(max(FIRST_CERTIFIED, stars + 1), MAX_LEVEL + 1))


def plan_ranks(
    sheet: Sheet,
    answers: Mapping[str, int],
    *,
    org_type: str | None = None,
    failed_disqualifiers: Sequence[str] = (),
    targets: Sequence[int] | None = None,
    efforts: SheetEfforts | None = None,
) -> Advice:
    """Score 0-based `answers` and plan each target rank (default: `plan_targets` of the rank)."""
    profile = sheet_profile(sheet)
    indices = validate_answers(profile, answers)
    current = score_indices(profile, indices, failed_disqualifiers)
    if current.disqualified:
        note = "disqualified: no rank can be reached by changing answers"
        return Advice(current, (), note)
    chosen = plan_targets(current.stars) if targets is None else tuple(targets)
    costs = _Costs(efforts if efforts is not None else shipped_efforts(sheet),
                   limited_reach(org_type))
    plans = tuple(_plan(profile, indices, target, costs) for target in chosen)
    note = "" if plans or targets is not None else f"already {current.stars} stars"
    return Advice(current, plans, note)


def plan_rank(
    sheet: Sheet,
    answers: Mapping[str, int],
    target: int,
    *,
    org_type: str | None = None,
    efforts: SheetEfforts | None = None,
) -> Plan:
    """Plan the steps that lift 0-based `answers` to rank `target` (1–5)."""
    if not 1 <= target <= MAX_LEVEL:
        raise ValueError(f"target rank must be 1..{MAX_LEVEL}, got {target}")
    return plan_ranks(sheet, answers, org_type=org_type, targets=(target,),
                      efforts=efforts).plans[0]


# --- the search ---------------------------------------------------------------------------------


class _Costs:
    """Effort lookups and the cost rank each option has for this producer."""

    def __init__(self, efforts: SheetEfforts, limited: bool) -> None:
        self.efforts = efforts
        self.limited = limited

    def effort(self, code: str, index: int) -> Effort:
        return self.efforts[code][index]

    def rank(self, code: str, index: int) -> int:
        level = self.efforts[code][index].level
        if level == OUT_OF_REACH and not self.limited:
            # A company or cooperative can take such a step like any other long one.
            return EFFORT_CLASSES.index(MONTHS)
        return EFFORT_CLASSES.index(level)


@dataclass(slots=True)
class _Move:
    position: int
    start: int
    end: int
    required: bool


def _plan(profile: SheetProfile, indices: Sequence[int], target: int, costs: _Costs) -> Plan:
    """Search, prune and narrate the plan for one target rank."""
    state = list(indices)
    moves = _meet_minima(profile, state, target, costs)
    moves += _add_points(profile, state, BAND_THRESHOLDS[target], costs)
    moves = _prune(profile, indices, moves, target, costs)
    return _narrate(profile, indices, _in_order(profile, _merge(moves), costs), target, costs)


def _meet_minima(
    profile: SheetProfile, state: list[int], target: int, costs: _Costs
) -> list[_Move]:
    """Move each criterion below its `target` minimum to the cheapest option that meets it."""
    moves = []
    for position, p in enumerate(profile.criteria):
        required = p.required[target] if target < len(p.required) else None
        if required is None or p.points[state[position]] >= p.points[required] - EPSILON:
            continue
        code = p.criterion.code
        meeting = [i for i, value in enumerate(p.points) if value >= p.points[required] - EPSILON]
        # The lowest option of the cheapest class: more points are for the next phase to weigh.
        end = min(meeting, key=lambda i: (costs.rank(code, i), p.points[i], i))
        moves.append(_Move(position, state[position], end, True))
        state[position] = end
    moves.sort(key=lambda m: (costs.rank(profile.criteria[m.position].criterion.code, m.end),
                              -_gain(profile, m)))
    return moves


def _add_points(
    profile: SheetProfile, state: list[int], threshold: float, costs: _Costs
) -> list[_Move]:
    """Take the cheapest point-adding steps until the total reaches `threshold`."""
    total = sum(p.points[i] for p, i in zip(profile.criteria, state, strict=True))
    touched = [0] * len(state)
    moves: list[_Move] = []
    while total < threshold - EPSILON:
        best = _cheapest_step(profile, state, costs, touched)
        if best is None:
            break
        position, end = best
        total += profile.criteria[position].points[end] - profile.criteria[position].points[
            state[position]]
        moves.append(_Move(position, state[position], end, False))
        state[position] = end
        touched[position] += 1
    return moves


def _cheapest_step(
    profile: SheetProfile, state: Sequence[int], costs: _Costs, touched: Sequence[int]
) -> tuple[int, int] | None:
    """The (position, option) of the cheapest upward step, or None when every answer is best."""
    missing = _group_shortfall(profile, state)
    best: tuple[tuple[float, ...], int, int] | None = None
    for position, p in enumerate(profile.criteria):
        current = p.points[state[position]]
        code = p.criterion.code
        for index, value in enumerate(p.points):
            if value <= current + EPSILON:
                continue
            key = (costs.rank(code, index), -round(value - current, _GAIN_DIGITS),
                   touched[position], -missing[p.group])
            if best is None or key < best[0]:
                best = (key, position, index)
    return None if best is None else (best[1], best[2])


def _group_shortfall(profile: SheetProfile, state: Sequence[int]) -> dict[str, float]:
    """The share of each group's maximum that the answers in `state` still miss."""
    earned: dict[str, float] = {}
    for p, index in zip(profile.criteria, state, strict=True):
        earned[p.group] = earned.get(p.group, 0.0) + p.points[index]
    maxima = {g.code: g.max_points for part in profile.sheet.parts for g in part.groups}
    return {code: 1 - got / maxima[code] if maxima.get(code) else 0.0
            for code, got in earned.items()}


def _prune(
    profile: SheetProfile, indices: Sequence[int], moves: list[_Move], target: int,
    costs: _Costs,
) -> list[_Move]:
    """Drop the steps the target does not need, then lower overshooting ones, dearest first."""
    kept = list(moves)
    for move in sorted(kept, key=lambda m: (-costs.rank(_code(profile, m), m.end),
                                            _gain(profile, m))):
        if _is_last(kept, move) and _reaches(profile, indices, [m for m in kept
                                                                 if m is not move], target):
            kept.remove(move)
    for move in sorted(kept, key=lambda m: -costs.rank(_code(profile, m), m.end)):
        if _is_last(kept, move):
            _lower(profile, indices, kept, move, target, costs)
    return kept


def _lower(
    profile: SheetProfile, indices: Sequence[int], kept: list[_Move], move: _Move, target: int,
    costs: _Costs,
) -> None:
    """Move `move` to the lowest option, no dearer and still above its start, that still works."""
    points, code = profile.criteria[move.position].points, _code(profile, move)
    end = move.end
    lower = sorted((i for i, value in enumerate(points)
                    if points[move.start] + EPSILON < value < points[end] - EPSILON
                    and costs.rank(code, i) <= costs.rank(code, end)),
                   key=lambda i: (points[i], i))
    for option in lower:
        move.end = option
        if _reaches(profile, indices, kept, target):
            return
    move.end = end


def _is_last(moves: Sequence[_Move], move: _Move) -> bool:
    later = moves[moves.index(move) + 1:]
    return all(other.position != move.position for other in later)


def _reaches(
    profile: SheetProfile, indices: Sequence[int], moves: Sequence[_Move], target: int
) -> bool:
    return score_indices(profile, _applied(indices, moves)).stars >= target


def _merge(moves: Sequence[_Move]) -> list[_Move]:
    """One move per criterion, where it first moved, from its first start to its last end."""
    merged: dict[int, _Move] = {}
    for move in moves:
        first = merged.get(move.position)
        if first is None:
            merged[move.position] = _Move(move.position, move.start, move.end, move.required)
        else:
            first.end, first.required = move.end, first.required or move.required
    return list(merged.values())


def step_order(step: Step) -> tuple[int, bool, float]:
    """The key a plan's steps are sorted by: effort class, then required first, then most points."""
    return _order_key(step.effort.rank, step.required, step.points)


def _order_key(effort_rank: int, required: bool, points: float) -> tuple[int, bool, float]:
    return (effort_rank, not required, -round(points, _GAIN_DIGITS))


def _in_order(profile: SheetProfile, moves: Sequence[_Move], costs: _Costs) -> list[_Move]:
    """`moves` in `step_order`; ties keep the order the search found them in."""
    return sorted(moves, key=lambda m: _order_key(costs.effort(_code(profile, m), m.end).rank,
                                                  m.required, _gain(profile, m)))


def _narrate(
    profile: SheetProfile, indices: Sequence[int], moves: Sequence[_Move], target: int,
    costs: _Costs,
) -> Plan:
    """Turn moves into steps carrying the total and rank after each of them."""
    state = list(indices)
    steps = []
    for move in moves:
        state[move.position] = move.end
        after = score_indices(profile, state)
        criterion = profile.criteria[move.position].criterion
        steps.append(Step(
            code=criterion.code, title=criterion.title, from_index=move.start,
            to_index=move.end, option=criterion.options[move.end], points=_gain(profile, move),
            effort=costs.effort(criterion.code, move.end), required=move.required,
            total=after.total, stars=after.stars,
        ))
    final = score_indices(profile, state)
    return Plan(target, tuple(steps), final.total, final.stars)


def _applied(indices: Sequence[int], moves: Sequence[_Move]) -> list[int]:
    state = list(indices)
    for move in moves:
        state[move.position] = move.end
    return state


def _gain(profile: SheetProfile, move: _Move) -> float:
    points = profile.criteria[move.position].points
    return points[move.end] - points[move.start]


def _code(profile: SheetProfile, move: _Move) -> str:
    return profile.criteria[move.position].criterion.code
