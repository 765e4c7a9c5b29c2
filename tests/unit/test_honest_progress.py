"""The sender's progress shows a rate only once it means something; places match exactly."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from typing import Any

from announcements.progress import Reporter, progress_view
from core.i18n import I18n
from core.render import Renderer
from knowledge import places
from storage.announcements import DeliveryStatus, Status


class StillClock:
    def __init__(self) -> None:
        self.now = 100.0

    def clock(self) -> float:
        return self.now


def reporter(clock: StillClock) -> Reporter:
    announcement: Any = SimpleNamespace(progress_message_id=None, sender_id=1, id=7)
    return Reporter(None, None, clock, announcement)  # type: ignore[arg-type]


def test_the_rate_waits_for_five_seconds_and_ten_messages() -> None:
    clock = StillClock()
    report = reporter(clock)
    report.sent_here = 50
    clock.now += 4.9
    assert report.rate is None  # too soon
    clock.now += 5.1
    report.sent_here = 9
    assert report.rate is None  # too few
    report.sent_here = 30
    assert report.rate == 3.0


def test_the_progress_message_leaves_out_an_unknown_rate() -> None:
    t = I18n("en").get("en")
    counts = Counter({DeliveryStatus.SENT: 3, DeliveryStatus.PENDING: 2})
    without, _ = progress_view(Renderer(), t, 7, counts, Status.SENDING, None)
    with_rate, _ = progress_view(Renderer(), t, 7, counts, Status.SENDING, 27.9)
    assert "per second" not in without and "27.9 messages per second" in with_rate


def test_only_a_single_exact_place_is_taken_without_a_tap() -> None:
    son_la = places.exact(places.search(places.provinces(), "son la"), "son la")
    assert son_la is not None and son_la.name == "Sơn La"
    assert places.exact(places.search(places.provinces(), "ha"), "ha") is None
    tinh = places.search(places.provinces(), "Tỉnh Sơn La")
    assert places.exact(tinh, "Tỉnh Sơn La") == son_la
