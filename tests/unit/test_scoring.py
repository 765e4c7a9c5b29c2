"""Scoring, star ranking and gap analysis on synthetic sheets, and properties on real ones."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.criteria.gaps import analyse_gaps
from knowledge.criteria.model import Criterion, Group, Option, Part, Sheet
from knowledge.criteria.scoring import (
    NOT_RANKED,
    answerable,
    band_of,
    required_minimum,
    round_points,
    score,
)
from tests.support.examples import examples

SHEETS_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "criteria" / "sheets"
HAVE_REAL_SHEETS = (
    SHEETS_DIR.is_dir() and importlib.util.find_spec("knowledge.criteria.loader") is not None
)
needs_real_sheets = pytest.mark.skipif(
    not HAVE_REAL_SHEETS, reason="knowledge/criteria/sheets or the loader is not there yet"
)

# {part: {group: [(code, [(points, stars), ...]), ...]}}
Spec = Mapping[str, Mapping[str, Sequence[tuple[str, Sequence[tuple[float, int]]]]]]


def make_sheet(spec: Spec, number: int = 99, disqualifiers: Sequence[str] = ("Giả mạo",)) -> Sheet:
    """Build a synthetic sheet from a compact spec."""
    parts = []
    for letter, groups in spec.items():
        built = []
        for group_code, criteria in groups.items():
            built.append(
                Group(
                    group_code,
                    f"Nhóm {group_code}",
                    0.0,
                    tuple(
                        _criterion(code, letter, group_code, options) for code, options in criteria
                    ),
                )
            )
        total = sum(c.max_points for g in built for c in g.criteria)
        parts.append(Part(letter, f"Phần {letter}", total, tuple(built)))
    return Sheet(number, f"Bộ {number}", "Thực phẩm", "", tuple(parts), tuple(disqualifiers))


def _criterion(code: str, part: str, group: str, options: Sequence[tuple[float, int]]) -> Criterion:
    """Build one synthetic criterion."""
    built = tuple(
        Option(f"{code} lựa chọn {i + 1}", pts, stars) for i, (pts, stars) in enumerate(options)
    )
    return Criterion(code, part, group, f"Tiêu chí {code}", max(p for p, _ in options), built)


# Minima: 3★ 1.1≥5, 2.1≥15; 4★ also 1.2≥10; 5★ 1.1≥20. Criterion 3.1 has no mark.
MINI = make_sheet(
    {
        "A": {
            "1": [("1.1", [(0, 0), (5, 3), (10, 0), (20, 5)]), ("1.2", [(0, 0), (10, 4), (20, 0)])]
        },
        "B": {"2": [("2.1", [(0, 0), (5, 0), (15, 3), (25, 0)])]},
        "C": {"3": [("3.1", [(0, 0), (10, 0), (20, 0), (35, 0)])]},
    }
)


def answers_of(**by_code: int) -> dict[str, int]:
    """Map `c1_2=3` style keyword arguments to {"1.2": 3}."""
    return {key[1:].replace("_", "."): value for key, value in by_code.items()}


# --- points and bands -------------------------------------------------------------------------


def test_total_parts_and_groups_sum_chosen_points() -> None:
    result = score(MINI, answers_of(c1_1=1, c1_2=2, c2_1=3, c3_1=2))
    assert result.total == 5 + 20 + 25 + 20
    assert dict(result.parts) == {"A": 25, "B": 25, "C": 20}
    assert dict(result.groups) == {"1": 25, "2": 25, "3": 20}
    assert result.sheet == 99


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, 1),
        (29.9, 1),
        (30, 2),
        (49.9, 2),
        (50, 3),
        (69.99, 3),
        (70, 4),
        (89.9, 4),
        (90, 5),
        (100, 5),
        (30 - 1e-12, 2),
    ],
)
def test_band_boundaries(total: float, band: int) -> None:
    assert band_of(total) == band


def test_all_best_is_five_stars() -> None:
    result = score(MINI, answers_of(c1_1=3, c1_2=2, c2_1=3, c3_1=3))
    assert (result.total, result.band, result.stars) == (100, 5, 5)
    assert dict(result.unmet) == {}
    assert not result.disqualified


# --- star minima ------------------------------------------------------------------------------


def test_required_minimum_takes_best_option_marked_with_level_or_fewer_stars() -> None:
    c11, c12, _, c31 = answerable(MINI)
    assert required_minimum(c11, 3) == c11.options[1]
    assert required_minimum(c11, 4) == c11.options[1]  # the 3★ mark also binds 4★
    assert required_minimum(c11, 5) == c11.options[3]
    assert required_minimum(c12, 3) is None
    assert required_minimum(c12, 5) == c12.options[1]
    for level in (1, 2, 3, 4, 5):
        assert required_minimum(c31, level) is None


def test_required_minimum_of_several_marks_is_the_best_scoring() -> None:
    sheet = make_sheet({"A": {"1": [("1.1", [(3, 4), (1, 3), (2, 3)])]}})
    criterion = answerable(sheet)[0]
    assert required_minimum(criterion, 3) == criterion.options[2]
    assert required_minimum(criterion, 4) == criterion.options[0]


def test_band_five_with_a_five_star_minimum_missing_ranks_four() -> None:
    result = score(MINI, answers_of(c1_1=2, c1_2=2, c2_1=3, c3_1=3))
    assert (result.total, result.band, result.stars) == (90, 5, 4)
    assert list(result.unmet) == [5]
    (item,) = result.unmet[5]
    assert (item.code, item.chosen_index, item.required_points, item.required_index) == (
        "1.1",
        2,
        20,
        3,
    )
    assert item.title == "Tiêu chí 1.1"
    assert item.chosen.points == 10 and item.required.stars == 5


def test_band_four_missing_a_three_star_minimum_ranks_two() -> None:
    result = score(MINI, answers_of(c1_1=0, c1_2=2, c2_1=3, c3_1=3))
    assert (result.total, result.band, result.stars) == (80, 4, 2)
    assert sorted(result.unmet) == [3, 4, 5]
    assert [u.code for u in result.unmet[3]] == ["1.1"]


def test_minimum_counts_at_its_level_only() -> None:
    # 1.2 at 0 misses only the 4★ minimum: band 4 → rank 3.
    result = score(MINI, answers_of(c1_1=2, c1_2=0, c2_1=3, c3_1=3))
    assert (result.band, result.stars) == (4, 3)
    assert [u.code for u in result.unmet[4]] == ["1.2"]
    assert [u.code for u in result.unmet[5]] == ["1.1", "1.2"]


def test_low_band_ranks_on_points_alone() -> None:
    one = score(MINI, answers_of(c1_1=1, c1_2=0, c2_1=2, c3_1=0))
    assert (one.total, one.stars) == (20, 1)
    two = score(MINI, answers_of(c1_1=0, c1_2=0, c2_1=0, c3_1=3))
    assert (two.total, two.stars) == (35, 2)
    assert sorted(two.unmet) == [3, 4, 5]


def test_unmet_lists_only_levels_above_rank_and_may_be_empty() -> None:
    result = score(MINI, answers_of(c1_1=1, c1_2=1, c2_1=2, c3_1=0))
    assert (result.total, result.stars) == (30, 2)
    assert result.unmet[3] == () and result.unmet[4] == ()
    assert [u.code for u in result.unmet[5]] == ["1.1"]


def test_unmarked_criterion_imposes_nothing() -> None:
    sheet = make_sheet({"A": {"1": [("1.1", [(0, 0), (95, 0)]), ("1.2", [(0, 0), (5, 0)])]}})
    result = score(sheet, {"1.1": 1, "1.2": 0})
    assert (result.band, result.stars) == (5, 5)


def test_equal_points_unmarked_option_satisfies_minimum() -> None:
    sheet = make_sheet(
        {"A": {"1": [("1.1", [(2, 0), (2, 3), (0, 0)]), ("1.2", [(0, 0), (98, 0)])]}}
    )
    assert score(sheet, {"1.1": 0, "1.2": 1}).stars == 5


# --- fractional points --------------------------------------------------------------------------

FRACTIONAL = make_sheet(
    {
        "A": {
            "1": [("1.1", [(0, 0), (69.7, 0)])]
            + [(f"1.{i}", [(0, 0), (0.1, 0)]) for i in range(2, 5)]
        },
        "B": {"2": [("2.1", [(0, 0), (0.25, 3), (0.5, 4)])]},
        "C": {"3": [("3.1", [(0, 0), (0.05, 0)])]},
    }
)


def test_fractional_total_uses_epsilon_for_bands() -> None:
    result = score(FRACTIONAL, {"1.1": 1, "1.2": 1, "1.3": 1, "1.4": 1, "2.1": 0, "3.1": 0})
    assert result.total < 70  # 69.7 + 0.1 + 0.1 + 0.1 in floats
    assert result.band == 4
    assert round_points(result.total) == 70.0
    assert result.stars == 2  # 2.1 misses its 0.25 minimum for 3★


def test_fractional_minimum_compared_and_total_shown_without_reaching_next_band() -> None:
    result = score(FRACTIONAL, {"1.1": 1, "1.2": 0, "1.3": 0, "1.4": 0, "2.1": 1, "3.1": 0})
    assert result.total == pytest.approx(69.95)
    assert (result.band, result.stars) == (3, 3)
    assert round_points(result.total) == 69.9
    (item,) = result.unmet[4]
    assert (item.code, item.required_points) == ("2.1", 0.5)


@pytest.mark.parametrize(("value", "shown"), [(0, 0.0), (49.99, 49.9), (50.75, 50.7), (100, 100)])
def test_round_points_rounds_down_to_one_decimal(value: float, shown: float) -> None:
    assert round_points(value) == shown


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (answers_of(c1_1=0, c1_2=0, c2_1=0), "3.1"),
        (answers_of(c1_1=0, c1_2=0, c2_1=0, c3_1=0, c9_9=0), "9.9"),
        (answers_of(c1_1=4, c1_2=0, c2_1=0, c3_1=0), "1.1"),
        (answers_of(c1_1=0, c1_2=-1, c2_1=0, c3_1=0), "1.2"),
        (answers_of(c1_1=0, c1_2=0, c2_1=True, c3_1=0), "2.1"),
    ],
)
def test_bad_answers_raise_value_error_naming_the_code(
    answers: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        score(MINI, answers)


# --- disqualification ---------------------------------------------------------------------------


def test_disqualified_product_has_no_rank() -> None:
    result = score(MINI, answers_of(c1_1=3, c1_2=2, c2_1=3, c3_1=3), ["Giả mạo"])
    assert result.disqualified and result.disqualifiers == ("Giả mạo",)
    assert result.stars == NOT_RANKED == 0
    assert (result.total, result.band) == (100, 5)
    assert dict(result.unmet) == {3: (), 4: (), 5: ()}


# --- gap analysis -------------------------------------------------------------------------------


def _moves(plan_changes) -> list[tuple[str, int, int, float, bool]]:
    return [(c.code, c.from_index, c.to_index, c.gain, c.forced) for c in plan_changes]


def test_gaps_already_five_stars_is_empty() -> None:
    analysis = analyse_gaps(MINI, answers_of(c1_1=3, c1_2=2, c2_1=3, c3_1=3))
    assert dict(analysis.plans) == {}
    assert analysis.score.stars == 5
    assert "already 5" in analysis.note


def test_gaps_disqualified_is_empty_and_explained() -> None:
    analysis = analyse_gaps(MINI, answers_of(c1_1=0, c1_2=0, c2_1=0, c3_1=0), ["Giả mạo"])
    assert dict(analysis.plans) == {}
    assert "disqualified" in analysis.note and "Giả mạo" in analysis.note


def test_gaps_band_met_but_minima_missing_only_forces_minima() -> None:
    answers = answers_of(c1_1=0, c1_2=2, c2_1=3, c3_1=3)
    analysis = analyse_gaps(MINI, answers)
    assert analysis.score.stars == 2 and analysis.note == ""
    plans = analysis.plans
    assert sorted(plans) == [3, 4, 5]
    assert _moves(plans[3].changes) == [("1.1", 0, 1, 5, True)]
    assert _moves(plans[4].changes) == [("1.1", 0, 1, 5, True)]
    assert _moves(plans[5].changes) == [("1.1", 0, 3, 20, True)]
    assert (plans[3].total_after, plans[5].total_after) == (85, 100)
    assert all(plan.reachable for plan in plans.values())


def test_gaps_minima_met_but_band_short_takes_biggest_steps_in_sheet_order() -> None:
    answers = answers_of(c1_1=1, c1_2=1, c2_1=2, c3_1=0)
    plans = analyse_gaps(MINI, answers).plans
    # Three steps of +10 tie (1.2, 2.1, 3.1): sheet order decides.
    assert _moves(plans[3].changes) == [("1.2", 1, 2, 10, False), ("2.1", 2, 3, 10, False)]
    assert plans[3].total_after == 50
    # 3.1 is stepped twice (0→10→20): one merged change.
    assert _moves(plans[4].changes) == [
        ("1.2", 1, 2, 10, False),
        ("2.1", 2, 3, 10, False),
        ("3.1", 0, 2, 20, False),
    ]
    assert plans[4].total_after == 70
    assert _moves(plans[5].changes)[0] == ("1.1", 1, 3, 15, True)
    assert plans[5].total_after >= 90


def test_gap_plan_from_one_star_includes_level_two() -> None:
    answers = answers_of(c1_1=0, c1_2=0, c2_1=0, c3_1=1)
    plans = analyse_gaps(MINI, answers).plans
    assert sorted(plans) == [2, 3, 4, 5]
    # +10 ties (1.2 and 3.1) go to 1.2 by sheet order, twice.
    assert _moves(plans[2].changes) == [("1.2", 0, 2, 20, False)]


def test_gap_steps_move_to_next_higher_option_not_next_listed() -> None:
    sheet = make_sheet(
        {"A": {"1": [("1.1", [(0, 0), (40, 0), (20, 0), (60, 0)]), ("1.2", [(0, 0), (40, 0)])]}}
    )
    plan = analyse_gaps(sheet, {"1.1": 0, "1.2": 0}).plans[3]
    # 1.2's +40 goes first; 1.1's next step is 0→20 (option 3), not the listed-next 40.
    assert _moves(plan.changes) == [("1.1", 0, 2, 20, False), ("1.2", 0, 1, 40, False)]


FRACTIONAL_GAP = make_sheet(
    {
        "A": {"1": [(f"1.{i}", [(0, 0), (0.1, 0)]) for i in range(1, 11)]},
        "B": {"2": [("2.1", [(0, 0), (29, 0)])]},
        "C": {"3": [("3.1", [(0, 0), (0.25, 0), (0.5, 0)])]},
    }
)


def test_gaps_with_fractional_points_reach_band_exactly() -> None:
    answers = {f"1.{i}": 0 for i in range(1, 11)} | {"2.1": 1, "3.1": 0}
    plan = analyse_gaps(FRACTIONAL_GAP, answers).plans[2]
    # Two +0.25 steps on 3.1 first, then five +0.1 steps in sheet order: 29 + 0.5 + 0.5 = 30.
    assert plan.reachable
    assert _moves(plan.changes) == [
        *((f"1.{i}", 0, 1, 0.1, False) for i in range(1, 6)),
        ("3.1", 0, 2, 0.5, False),
    ]
    assert plan.total_after == pytest.approx(30)
    assert score(FRACTIONAL_GAP, plan.apply(answers)).stars == 2


def test_unreachable_level_on_a_short_sheet_is_flagged() -> None:
    sheet = make_sheet({"A": {"1": [("1.1", [(0, 0), (60, 3)])]}})
    plans = analyse_gaps(sheet, {"1.1": 0}).plans
    assert plans[3].reachable and not plans[4].reachable and not plans[5].reachable
    assert plans[5].total_after == 60


def test_plan_apply_keeps_unchanged_answers() -> None:
    answers = answers_of(c1_1=0, c1_2=2, c2_1=3, c3_1=3)
    plan = analyse_gaps(MINI, answers).plans[3]
    assert plan.apply(answers) == answers | {"1.1": 1}


def test_gaps_are_deterministic() -> None:
    answers = answers_of(c1_1=0, c1_2=0, c2_1=0, c3_1=0)
    assert analyse_gaps(MINI, answers) == analyse_gaps(MINI, answers)


# --- properties ---------------------------------------------------------------------------------

POINTS = st.one_of(
    st.integers(0, 12).map(float),
    st.integers(0, 40).map(lambda tenths: tenths / 10),
)
OPTION = st.tuples(POINTS, st.sampled_from([0, 0, 0, 3, 4, 5]))


@st.composite
def synthetic_sheets(draw: st.DrawFn) -> Sheet:
    """Draw a small sheet with random options and star marks."""
    count = draw(st.integers(1, 14))
    spec: dict[str, dict[str, list[tuple[str, list[tuple[float, int]]]]]] = {}
    for i in range(count):
        part = "ABC"[i % 3]
        group = f"{i % 3 + 1}"
        options = draw(st.lists(OPTION, min_size=1, max_size=5))
        spec.setdefault(part, {}).setdefault(group, []).append((f"{i % 3 + 1}.{i}", options))
    return make_sheet(spec)


@st.composite
def answered(draw: st.DrawFn, sheets: st.SearchStrategy[Sheet]) -> tuple[Sheet, dict[str, int]]:
    """Draw a sheet and a valid answer for each of its criteria."""
    sheet = draw(sheets)
    answers = {c.code: draw(st.integers(0, len(c.options) - 1)) for c in answerable(sheet)}
    return sheet, answers


def check_score_properties(sheet: Sheet, answers: dict[str, int]) -> None:
    """Check the scoring invariants on one answered sheet."""
    result = score(sheet, answers)
    chosen = [c.options[answers[c.code]].points for c in answerable(sheet)]
    assert result.total == pytest.approx(sum(chosen))
    assert sum(result.parts.values()) == pytest.approx(result.total)
    assert sum(result.groups.values()) == pytest.approx(result.total)
    assert 1 <= result.stars <= result.band == band_of(result.total)
    assert set(result.unmet) == {level for level in (3, 4, 5) if level > result.stars}
    for criterion in answerable(sheet):
        for index, option in enumerate(criterion.options):
            if option.points > criterion.options[answers[criterion.code]].points:
                raised = score(sheet, answers | {criterion.code: index})
                assert raised.stars >= result.stars, (criterion.code, index)


def check_gap_properties(sheet: Sheet, answers: dict[str, int]) -> None:
    """Check that every reachable plan, applied, really reaches its level."""
    analysis = analyse_gaps(sheet, answers)
    stars = analysis.score.stars
    assert sorted(analysis.plans) == list(range(stars + 1, 6))
    for level, plan in analysis.plans.items():
        after = score(sheet, plan.apply(answers))
        assert after.total == pytest.approx(plan.total_after)
        assert all(change.gain > 0 for change in plan.changes)
        codes = [change.code for change in plan.changes]
        assert len(set(codes)) == len(codes)
        if plan.reachable:
            assert after.stars >= level
        else:
            assert after.band < level


@settings(max_examples=examples(100, thorough_run=1000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(answered(synthetic_sheets()))
def test_property_scoring_on_synthetic_sheets(case: tuple[Sheet, dict[str, int]]) -> None:
    check_score_properties(*case)


@settings(max_examples=examples(100, thorough_run=1000), deadline=None)
@given(answered(synthetic_sheets()))
def test_property_gaps_on_synthetic_sheets(case: tuple[Sheet, dict[str, int]]) -> None:
    check_gap_properties(*case)


@functools.cache
def real_sheets() -> tuple[Sheet, ...]:
    """Load the real sheets once, sorted by number."""
    from tests.support.sheets import official_sheets

    return tuple(sheet for _, sheet in sorted(official_sheets().items()))


@needs_real_sheets
@settings(max_examples=examples(60, thorough_run=600), deadline=None)
@given(data=st.data())
def test_property_scoring_and_gaps_on_real_sheets(data: st.DataObject) -> None:
    sheet, answers = data.draw(answered(st.sampled_from(real_sheets())))
    check_score_properties(sheet, answers)
    check_gap_properties(sheet, answers)


@needs_real_sheets
def test_every_real_sheet_all_best_is_100_and_five_stars() -> None:
    for sheet in real_sheets():
        best = {
            c.code: max(range(len(c.options)), key=[o.points for o in c.options].__getitem__)
            for c in answerable(sheet)
        }
        result = score(sheet, best)
        assert result.total == pytest.approx(100), sheet.number
        assert result.stars == 5, sheet.number
