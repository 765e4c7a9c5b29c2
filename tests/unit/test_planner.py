"""Plans to certified ranks: targets, minima met, cheapest effort first, spread, and properties."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.criteria.effort import OUT_OF_REACH, Effort, SheetEfforts, efforts_for
from knowledge.criteria.model import Criterion, Group, Option, Part, Sheet
from knowledge.criteria.planner import (
    Plan,
    limited_reach,
    plan_rank,
    plan_ranks,
    plan_targets,
    step_order,
)
from knowledge.criteria.scoring import answerable, score
from tests.support.examples import examples
from tests.support.sheets import official_sheets

# (code, [(points, stars, effort), ...]) per group; parts A, B, C get one group each.
Spec = Sequence[Sequence[tuple[str, Sequence[tuple[float, int, str]]]]]


def build(spec: Spec) -> tuple[Sheet, SheetEfforts]:
    """A synthetic sheet with one group per part, and the efforts of its options."""
    parts, efforts = [], {}
    for letter, criteria in zip("ABC", spec, strict=False):
        built = []
        for code, options in criteria:
            built.append(Criterion(
                code, letter, letter, f"Tiêu chí {code}", max(p for p, _, _ in options),
                tuple(Option(f"{code}/{i + 1}", p, s) for i, (p, s, _) in enumerate(options))))
            efforts[code] = tuple(Effort(e, {"vi": e, "en": e}) for _, _, e in options)
        total = sum(c.max_points for c in built)
        parts.append(Part(letter, letter, total, (Group(letter, letter, total, tuple(built)),)))
    return Sheet(99, "Thử", "Thử", "", tuple(parts), ("Giả mạo",)), efforts


def steps_of(plan: Plan) -> list[tuple[str, int, float, str]]:
    return [(s.code, s.to_index, s.points, s.effort.level) for s in plan.steps]


# Equal days steps in groups A (two criteria) and B; a dear one in B; a 3★ minimum in C.
SPREAD, SPREAD_EFFORTS = build([
    [("1.1", [(0, 0, "days"), (10, 0, "days")]), ("1.2", [(0, 0, "days"), (10, 0, "days")])],
    [("2.1", [(0, 0, "days"), (10, 0, "days")]), ("2.2", [(0, 0, "days"), (30, 0, "months")])],
    [("3.1", [(30, 0, "days"), (35, 3, "weeks"), (40, 0, "weeks")])],
])
LOWEST = {"1.1": 0, "1.2": 0, "2.1": 0, "2.2": 0, "3.1": 0}


def test_targets_start_at_the_first_certified_rank() -> None:
    assert plan_targets(1) == (3, 4, 5)
    assert plan_targets(2) == (3, 4, 5)
    assert plan_targets(3) == (4, 5)
    assert plan_targets(4) == (5,)
    assert plan_targets(5) == ()


def test_household_kinds_and_unknown_are_of_limited_reach() -> None:
    assert limited_reach(None) and limited_reach("household") and limited_reach("farm")
    assert not limited_reach("sme") and not limited_reach("cooperative")


def test_minima_met_then_cheapest_class_spread_over_groups_shown_easiest_first() -> None:
    plan = plan_rank(SPREAD, LOWEST, 3, efforts=SPREAD_EFFORTS)
    # 3.1's minimum (its lowest option that meets it); then 10 more points from days steps,
    # taken in two groups rather than twice in A (sheet order); never the months step. Shown as
    # the title says, easiest first: the weeks step of the minimum comes after the days steps.
    assert steps_of(plan) == [("1.1", 1, 10, "days"), ("2.1", 1, 10, "days"),
                              ("3.1", 1, 5, "weeks")]
    assert [s.required for s in plan.steps] == [False, False, True]
    assert (plan.total, plan.stars) == (55, 3)


def test_an_overshooting_step_is_lowered_to_what_the_target_needs() -> None:
    sheet, efforts = build([
        [("1.1", [(0, 0, "days"), (10, 0, "weeks"), (40, 0, "weeks")])],
        [("2.1", [(25, 0, "days")]), ("2.2", [(0, 0, "days"), (1, 0, "days")])],
        [("3.1", [(35, 0, "days")])],
    ])
    plan = plan_rank(sheet, {"1.1": 0, "2.1": 0, "2.2": 0, "3.1": 0}, 4, efforts=efforts)
    # The greedy jump to 40 would give 101; 10 points are all that 4★ (70) needs.
    assert steps_of(plan) == [("1.1", 1, 10, "weeks")]


def test_each_step_carries_the_total_and_rank_after_it() -> None:
    plan = plan_rank(SPREAD, LOWEST, 4, efforts=SPREAD_EFFORTS)
    answers = dict(LOWEST)
    for step in plan.steps:
        answers[step.code] = step.to_index
        after = score(SPREAD, answers)
        assert (step.total, step.stars) == (after.total, after.stars)
    assert plan.stars >= 4


# A household can reach 3★ without the export step; a company takes it as a long step.
EXPORT, EXPORT_EFFORTS = build([
    [("1.1", [(0, 0, "days"), (30, 0, "out_of_reach")])],
    [("2.1", [(0, 0, "days"), (15, 0, "months"), (40, 0, "months")])],
    [("3.1", [(0, 0, "days"), (20, 0, "months"), (30, 0, "months")])],
])


def test_a_household_gets_no_out_of_reach_step_when_it_can_do_without() -> None:
    answers = {"1.1": 0, "2.1": 0, "3.1": 0}
    for_three = plan_rank(EXPORT, answers, 3, org_type="household", efforts=EXPORT_EFFORTS)
    assert {s.code for s in for_three.steps} <= {"2.1", "3.1"} and for_three.stars >= 3
    # 5★ needs 90 points and only 70 are within reach: the export step is unavoidable.
    for_five = plan_rank(EXPORT, answers, 5, org_type="household", efforts=EXPORT_EFFORTS)
    assert "1.1" in {s.code for s in for_five.steps} and for_five.stars == 5


def test_a_company_may_take_the_out_of_reach_step_like_a_months_one() -> None:
    answers = {"1.1": 0, "2.1": 0, "3.1": 0}
    company = plan_rank(EXPORT, answers, 3, org_type="sme", efforts=EXPORT_EFFORTS)
    household = plan_rank(EXPORT, answers, 3, org_type="household", efforts=EXPORT_EFFORTS)
    assert company.stars >= 3 and household.stars >= 3
    assert "1.1" not in {s.code for s in household.steps}
    assert steps_of(company)[0] == ("2.1", 2, 40, "months")


def test_an_out_of_reach_minimum_is_taken_when_unavoidable() -> None:
    sheet, efforts = build([
        [("1.1", [(0, 0, "days"), (40, 3, "out_of_reach")])],
        [("2.1", [(0, 0, "days"), (25, 0, "days")])],
        [("3.1", [(0, 0, "days"), (35, 0, "days")])],
    ])
    plan = plan_rank(sheet, {"1.1": 0, "2.1": 1, "3.1": 1}, 3, efforts=efforts)
    assert steps_of(plan) == [("1.1", 1, 40, "out_of_reach")]
    assert plan.steps[0].required and plan.reached


def test_a_disqualified_product_gets_no_plan() -> None:
    advice = plan_ranks(SPREAD, LOWEST, failed_disqualifiers=["Giả mạo"], efforts=SPREAD_EFFORTS)
    assert advice.plans == () and advice.next_plan is None and "disqualified" in advice.note


def test_an_explicit_target_at_or_below_the_rank_needs_no_step() -> None:
    best = {"1.1": 1, "1.2": 1, "2.1": 1, "2.2": 1, "3.1": 2}
    plan = plan_rank(SPREAD, best, 3, efforts=SPREAD_EFFORTS)
    assert plan.steps == () and plan.reached
    assert plan_ranks(SPREAD, best, efforts=SPREAD_EFFORTS).plans == ()
    with pytest.raises(ValueError, match="target rank"):
        plan_rank(SPREAD, best, 6, efforts=SPREAD_EFFORTS)


# --- the cases on the real sheets -------------------------------------------------------


@functools.cache
def real_sheets() -> Mapping[int, Sheet]:
    return official_sheets()


def lowest(sheet: Sheet) -> dict[str, int]:
    return {c.code: min(range(len(c.options)), key=points_of(c)) for c in answerable(sheet)}


def points_of(criterion: Criterion) -> Callable[[int], float]:
    """A sort key: the points of option `i` of `criterion`."""
    return lambda i: criterion.options[i].points


def test_a_one_star_honey_product_gets_a_three_star_plan_first() -> None:
    honey = real_sheets()[4]
    advice = plan_ranks(honey, lowest(honey), org_type="household")
    assert advice.score.stars == 1 and advice.score.total == 15
    assert [plan.target for plan in advice.plans] == [3, 4, 5]
    first = advice.next_plan
    assert first is not None and first.target == 3 and first.stars >= 3
    # The complaint: no international certification or advanced technology for 3★.
    assert all(step.effort.level in ("days", "weeks") for step in first.steps)


def test_a_two_star_product_sees_three_four_and_five_star_plans() -> None:
    tea = real_sheets()[11]
    answers = lowest(tea)
    by_points = sorted(answerable(tea), key=lambda c: -c.max_points)
    for criterion in by_points:
        if score(tea, answers).total >= 50:
            break
        answers[criterion.code] = max(range(len(criterion.options)), key=points_of(criterion))
    current = score(tea, answers)
    assert current.stars == 2, (current.total, current.stars)
    advice = plan_ranks(tea, answers)
    assert [plan.target for plan in advice.plans] == [3, 4, 5]
    for plan in advice.plans:
        assert score(tea, plan.apply(answers)).stars >= plan.target


def assert_easiest_first(plan: Plan) -> None:
    """For every pair of steps, the earlier one is of an easier or equal effort class; within a
    class, a step a minimum forces comes first, then the one that adds more points."""
    for i, earlier in enumerate(plan.steps):
        for later in plan.steps[i + 1:]:
            assert earlier.effort.rank <= later.effort.rank, (earlier, later)
            if earlier.effort.rank == later.effort.rank:
                assert earlier.required or not later.required, (earlier, later)
            assert step_order(earlier) <= step_order(later)


def test_every_plan_on_every_real_sheet_puts_the_easiest_steps_first() -> None:
    for sheet in real_sheets().values():
        starts = [lowest(sheet), {c.code: len(c.options) // 2 for c in answerable(sheet)}]
        for answers in starts:
            for org_type in (None, "sme"):
                for plan in plan_ranks(sheet, answers, org_type=org_type).plans:
                    assert_easiest_first(plan)


def test_a_hard_minimum_comes_after_an_easy_step_that_adds_points() -> None:
    sheet, efforts = build([
        [("1.1", [(0, 0, "days"), (10, 3, "out_of_reach")])],
        [("2.1", [(0, 0, "days"), (25, 0, "days")])],
        [("3.1", [(0, 0, "days"), (20, 0, "days")])],
    ])
    plan = plan_rank(sheet, {"1.1": 0, "2.1": 1, "3.1": 0}, 3, efforts=efforts)
    # The search takes the out-of-reach minimum first; the plan shows the days step first, and
    # the rank arrives with the last step.
    assert [(s.code, s.required) for s in plan.steps] == [("3.1", False), ("1.1", True)]
    assert [(s.total, s.stars) for s in plan.steps] == [(45, 2), (55, 3)]


# --- properties ----------------------------------------------------------------------------------


def best_without_out_of_reach(sheet: Sheet, answers: Mapping[str, int]) -> dict[str, int]:
    """Each criterion at its best option that is not out of reach, never below the answer."""
    efforts = efforts_for(sheet)
    best = dict(answers)
    for criterion in answerable(sheet):
        allowed = [i for i, e in enumerate(efforts[criterion.code]) if e.level != OUT_OF_REACH]
        top = max([*allowed, answers[criterion.code]], key=points_of(criterion))
        if points_of(criterion)(top) > points_of(criterion)(answers[criterion.code]):
            best[criterion.code] = top
    return best


@settings(max_examples=examples(60, thorough_run=500), deadline=None)
@given(data=st.data())
def test_property_plans_on_real_sheets_reach_their_target_and_never_lower(
    data: st.DataObject,
) -> None:
    sheet = data.draw(st.sampled_from(sorted(real_sheets().values(), key=lambda s: s.number)))
    answers = {c.code: data.draw(st.integers(0, len(c.options) - 1)) for c in answerable(sheet)}
    org_type = data.draw(st.sampled_from([None, "household", "sme", "cooperative"]))
    advice = plan_ranks(sheet, answers, org_type=org_type)
    assert [p.target for p in advice.plans] == list(plan_targets(advice.score.stars))
    for plan in advice.plans:
        after = score(sheet, plan.apply(answers))
        assert after.stars >= plan.target
        assert (after.total, after.stars) == (plan.total, plan.stars)
        codes = [step.code for step in plan.steps]
        assert len(codes) == len(set(codes))
        options = {c.code: c.options for c in answerable(sheet)}
        for step in plan.steps:
            chosen = options[step.code]
            assert chosen[step.to_index].points > chosen[answers[step.code]].points
            assert step.from_index == answers[step.code]
        assert_easiest_first(plan)
        uses_out_of_reach = any(s.effort.level == OUT_OF_REACH for s in plan.steps)
        if uses_out_of_reach and limited_reach(org_type):
            assert score(sheet, best_without_out_of_reach(sheet, answers)).stars < plan.target
