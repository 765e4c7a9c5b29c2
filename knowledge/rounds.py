"""The province's evaluation rounds a dossier falls into (QĐ 26/2026/QĐ-TTg, Điều 5.1).

"UBND cấp tỉnh tổ chức đánh giá, phân hạng sản phẩm OCOP cấp tỉnh ít nhất 02 đợt trong năm. Đợt 01
trước ngày 30 tháng 6 đối với các hồ sơ được UBND cấp xã đề nghị trước ngày 30 tháng 4; đợt 02
trước ngày 30 tháng 12 đối với các hồ sơ được UBND cấp xã đề nghị trước ngày 30 tháng 10."

These are the two rounds the decree requires. A province may hold more ("có thể tổ chức thêm các
đợt đánh giá trong năm", set in its council's rules), so a dossier may be evaluated sooner: the
desk words the result as "the next round required by QĐ 26/2026", never as the date it will be
evaluated. Both dates are exclusive, as "trước ngày" says: a dossier proposed on 30 April itself
misses round 1 and goes to round 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# Round number → (month, day) of "đề nghị trước ngày …" and of "đánh giá … trước ngày …".
_ROUNDS: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {
    1: ((4, 30), (6, 30)),
    2: ((10, 30), (12, 30)),
}


@dataclass(frozen=True, slots=True)
class Round:
    """A province round required by Điều 5.1; both dates are exclusive ("trước ngày")."""

    number: int  # 1 or 2
    year: int
    proposal_cutoff: date  # the commune must propose the dossier before this day
    evaluated_by: date  # the province evaluates before this day

    @property
    def last_proposal_day(self) -> date:
        """The last day a proposal still makes this round (the day before the cutoff)."""
        return self.proposal_cutoff - timedelta(days=1)

    @property
    def last_evaluation_day(self) -> date:
        """The last day the province may still evaluate within this round."""
        return self.evaluated_by - timedelta(days=1)


def province_round(number: int, year: int) -> Round:
    """Round 1 or 2 of `year` with its dates."""
    (cut_month, cut_day), (by_month, by_day) = _ROUNDS[number]
    return Round(number, year, date(year, cut_month, cut_day), date(year, by_month, by_day))


def next_province_round(forwarded_on: date) -> Round:
    """The required round a dossier the commune proposes on `forwarded_on` falls into.

    Before 30/4: round 1 of that year; from 30/4 to 29/10: round 2; from 30/10: round 1 of the
    next year.
    """
    for number in sorted(_ROUNDS):
        candidate = province_round(number, forwarded_on.year)
        if forwarded_on < candidate.proposal_cutoff:
            return candidate
    return province_round(1, forwarded_on.year + 1)
