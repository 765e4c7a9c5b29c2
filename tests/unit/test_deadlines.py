"""The commune's 15 working days (Điều 7.2) and the province rounds (Điều 5.1), hand-checked.

Calendar used below (from the pinned `holidays` release, Vietnam):
- Tết 2027: Giao thừa Fri 5/2, mùng 1 Sat 6/2, mùng 2 Sun 7/2 … mùng 4 Tue 9/2; the Saturday moves
  to Thu 4/2 and the Sunday to Wed 10/2, so Thu 4/2 – Wed 10/2 are all days off.
- Quốc khánh 2027: Thu 2/9 and Fri 3/9. Quốc khánh 2026: Tue 1/9, Wed 2/9, and Mon 31/8 swapped in.
- Giỗ Tổ Hùng Vương 2027: Fri 16/4; 30/4/2027 a Friday; 1/5/2027 a Saturday, off on Mon 3/5.
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from knowledge.deadlines import (
    DeadlineState,
    commune_deadline,
    deadline_state,
    is_working_day,
    working_days_between,
    working_days_left,
)
from knowledge.rounds import Round, next_province_round, province_round


def test_the_library_lists_the_vietnamese_holidays_we_rely_on() -> None:
    days_off = holidays.country_holidays("VN", years=[2026, 2027])
    expected = [date(2027, 1, 1), date(2027, 4, 16), date(2027, 4, 30), date(2027, 5, 1),
                date(2027, 9, 2), date(2027, 9, 3), date(2026, 8, 31), date(2026, 9, 2)]
    expected += [date(2027, 2, day) for day in range(4, 11)]  # Tết 2027 with its moved days
    assert [day for day in expected if day not in days_off] == []
    assert date(2027, 5, 3) in days_off  # observed: 1/5 falls on a Saturday


@pytest.mark.parametrize(("day", "working"), [
    (date(2027, 2, 3), True), (date(2027, 2, 4), False), (date(2027, 2, 10), False),
    (date(2027, 2, 11), True), (date(2027, 3, 6), False), (date(2027, 3, 7), False),
    (date(2027, 9, 3), False), (date(2027, 9, 6), True), (date(2026, 8, 31), False),
    (date(2026, 8, 22), False),  # the make-up Saturday is not in the library: not counted
])
def test_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(("received", "deadline"), [
    # Plain weeks: 15 working days are three weeks after the receipt day.
    (date(2027, 3, 5), date(2027, 3, 26)),  # Friday → Friday three weeks on
    (date(2027, 3, 6), date(2027, 3, 26)),  # Saturday: counting starts on Monday 8/3
    (date(2027, 3, 7), date(2027, 3, 26)),  # Sunday: the same
    (date(2027, 3, 8), date(2027, 3, 29)),  # Monday: the receipt day itself is not counted
    # Mon 1/2/2027: Tue 2, Wed 3, then Tết, then Thu 11/2 is day 3 … Mon 1/3 is day 15.
    (date(2027, 2, 1), date(2027, 3, 1)),
    # Received on a Tết day: counting starts on Thu 11/2; day 15 is Wed 3/3.
    (date(2027, 2, 8), date(2027, 3, 3)),
    # Mon 30/8/2027: Tue 31, Wed 1/9, Quốc khánh Thu–Fri, Mon 6/9 is day 3 … Wed 22/9 day 15.
    (date(2027, 8, 30), date(2027, 9, 22)),
    # Fri 28/8/2026: Mon 31/8, Tue 1/9, Wed 2/9 off; Thu 3/9 is day 1 … Wed 23/9 day 15.
    (date(2026, 8, 28), date(2026, 9, 23)),
    # Thu 15/4/2027: Hùng Kings Fri 16/4, 30/4 and Mon 3/5 off; day 15 is Tue 11/5.
    (date(2027, 4, 15), date(2027, 5, 11)),
])
def test_commune_deadline(received: date, deadline: date) -> None:
    assert commune_deadline(received) == deadline


def test_a_shorter_limit_and_a_new_year_in_between() -> None:
    # Wed 30/12/2026: Thu 31/12 is day 1, Fri 1/1/2027 is a holiday, Mon 4/1 is day 2.
    assert commune_deadline(date(2026, 12, 30), days=2) == date(2027, 1, 4)
    with pytest.raises(ValueError):
        commune_deadline(date(2027, 3, 5), days=0)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(date(2027, 2, 3), date(2027, 3, 1)) == 13
    assert working_days_between(date(2027, 3, 5), date(2027, 3, 8)) == 1
    assert working_days_between(date(2027, 3, 8), date(2027, 3, 5)) == 0


@pytest.mark.parametrize(("today", "left"), [
    (date(2027, 2, 3), 13),  # before Tết: the seven days off are not counted
    (date(2027, 2, 26), 1),
    (date(2027, 2, 27), 1),  # Saturday before a Monday deadline
    (date(2027, 3, 1), 0),  # the deadline day itself
    (date(2027, 3, 2), -1),
    (date(2027, 3, 5), -4),
])
def test_working_days_left(today: date, left: int) -> None:
    assert working_days_left(date(2027, 3, 1), today) == left


def test_the_weekend_after_a_friday_deadline_is_already_late() -> None:
    deadline = date(2027, 3, 26)
    assert [working_days_left(deadline, date(2027, 3, day)) for day in (27, 28, 29, 30)] == [
        -1, -1, -1, -2]
    assert deadline_state(deadline, date(2027, 3, 27)) is DeadlineState.OVERDUE


@pytest.mark.parametrize(("today", "state"), [
    (date(2027, 2, 23), DeadlineState.ON_TIME),  # 4 working days left
    (date(2027, 2, 24), DeadlineState.NEAR),  # 3 left
    (date(2027, 3, 1), DeadlineState.NEAR),  # the last day
    (date(2027, 3, 2), DeadlineState.OVERDUE),
])
def test_deadline_state(today: date, state: DeadlineState) -> None:
    assert deadline_state(date(2027, 3, 1), today) is state


def test_tet_makes_a_deadline_near_a_week_ahead() -> None:
    # Eight calendar days, but Thu 11/2 is the only working day left.
    assert deadline_state(date(2027, 2, 11), date(2027, 2, 3)) is DeadlineState.NEAR


@pytest.mark.parametrize(("forwarded_on", "number", "year"), [
    (date(2026, 1, 2), 1, 2026),
    (date(2026, 4, 29), 1, 2026),  # "trước ngày 30 tháng 4": the 29th still makes round 1
    (date(2026, 4, 30), 2, 2026),  # the 30th itself does not
    (date(2026, 10, 29), 2, 2026),
    (date(2026, 10, 30), 1, 2027),  # too late for round 2: round 1 of the next year
    (date(2026, 12, 31), 1, 2027),
])
def test_next_province_round(forwarded_on: date, number: int, year: int) -> None:
    found = next_province_round(forwarded_on)
    assert (found.number, found.year) == (number, year)
    assert found == province_round(number, year)


def test_round_dates_follow_the_decree() -> None:
    assert province_round(1, 2027) == Round(1, 2027, date(2027, 4, 30), date(2027, 6, 30))
    second = province_round(2, 2026)
    assert second == Round(2, 2026, date(2026, 10, 30), date(2026, 12, 30))
    assert (second.last_proposal_day, second.last_evaluation_day) == (
        date(2026, 10, 29), date(2026, 12, 29))
