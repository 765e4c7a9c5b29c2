"""The commune's time limit on a dossier, in working days (QĐ 26/2026/QĐ-TTg, Điều 7.2).

"Trong thời hạn 15 ngày làm việc kể từ ngày tiếp nhận hồ sơ sản phẩm, UBND cấp xã: …" checks the
dossier, issues Mẫu 03 and forwards it to the province.

Working days are Monday to Friday except Vietnam's public holidays as listed by the `holidays`
package (`country_holidays("VN")`, pinned exactly in pyproject.toml because it decides every
deadline). For Vietnam it lists Tết Dương lịch (1/1), Tết Nguyên Đán (Giao thừa and mùng 1–4),
Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5, Quốc khánh (2/9 and the day before or after it) and,
from 2026, Ngày Văn hóa Việt Nam (24/11). We keep its observed days (`observed=True`, its
default): a holiday falling on a weekend gives a day off on a working day (a Tết day on a Saturday
moves to the working day before, one on a Sunday to the one after, so Tết 2027 runs from Thursday
4/2 to Wednesday 10/2). The days off the Government swaps in are listed too (Monday 31/8/2026),
but not the Saturday worked in exchange (22/8/2026), so that Saturday is not counted as a working
day: a deadline across a swap may fall one day later than the commune's own calendar puts it.
Swaps announced after the pinned release appear only when we update the package.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import holidays

COMMUNE_WORKING_DAYS = 15  # Điều 7.2: "Trong thời hạn 15 ngày làm việc kể từ ngày tiếp nhận"
NEAR_WORKING_DAYS = 3  # at most this many working days left: the desk flags the dossier
_ONE_DAY = timedelta(days=1)


class DeadlineState(StrEnum):
    """How a dossier stands against its deadline on a given day."""

    ON_TIME = "on_time"
    NEAR = "near"  # NEAR_WORKING_DAYS or fewer working days left, the deadline day included
    OVERDUE = "overdue"  # the deadline day has passed


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Vietnamese public holiday (nor a day off in its place)."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def commune_deadline(received: date, days: int = COMMUNE_WORKING_DAYS) -> date:
    """The last day on which the commune may act on a dossier received on `received`.

    Rule: "kể từ ngày tiếp nhận" leaves out the receipt day; counting starts the day after it.
    (QĐ 26 does not say; Bộ luật Dân sự 2015, Điều 147, counts any limit in days that way.)
    So the deadline is the `days`-th working day after `received`; a dossier received on a
    weekend or holiday starts counting on the next working day.
    """
    if days < 1:
        raise ValueError(f"A time limit needs at least one working day, not {days}")
    day = received
    while days:
        day += _ONE_DAY
        days -= is_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """The working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        count += is_working_day(day)
    return count


def working_days_left(deadline: date, today: date) -> int:
    """Working days left after `today` up to the deadline; 0 on the deadline day itself.

    Negative once past: minus the working days since the deadline, and at least -1, so the
    weekend just after a Friday deadline already reads as late.
    """
    if today <= deadline:
        return working_days_between(today, deadline)
    return -max(1, working_days_between(deadline, today))


def deadline_state(deadline: date, today: date) -> DeadlineState:
    """OVERDUE after the deadline day, NEAR with at most three working days left, else ON_TIME."""
    if today > deadline:
        return DeadlineState.OVERDUE
    if working_days_left(deadline, today) <= NEAR_WORKING_DAYS:
        return DeadlineState.NEAR
    return DeadlineState.ON_TIME
