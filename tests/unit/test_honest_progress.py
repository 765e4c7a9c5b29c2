"""The sender's progress and report show counts, not a sending speed nor a duration; places
match exactly."""

from __future__ import annotations

from collections import Counter

import pytest

from announcements.progress import progress_view, report_text
from core.i18n import I18n
from core.render import Renderer
from knowledge import places
from storage.announcements import DeliveryStatus, Status


@pytest.mark.parametrize(("locale", "speed"), [("en", "per second"), ("vi", "mỗi giây")])
def test_the_progress_and_the_report_leave_out_the_sending_speed(locale: str, speed: str) -> None:
    t = I18n(locale).get(locale)
    counts: Counter[str] = Counter({DeliveryStatus.SENT: 300, DeliveryStatus.PENDING: 2})
    progress, _ = progress_view(Renderer(), t, 7, counts, Status.SENDING)
    report = report_text(Renderer(), t, 7, Status.DONE, counts)
    sent = t("Sent: %(sent)s · failed: %(failed)s · remaining: %(remaining)s")
    assert sent % {"sent": "300", "failed": "0", "remaining": "2"} in progress
    assert t("Delivered: %(n)s") % {"n": "300"} in report
    assert "⏱" not in report  # the duration is noise for officers
    assert speed not in progress and speed not in report


def test_only_a_single_exact_place_is_taken_without_a_tap() -> None:
    son_la = places.exact(places.search(places.provinces(), "son la"), "son la")
    assert son_la is not None and son_la.name == "Sơn La"
    assert places.exact(places.search(places.provinces(), "ha"), "ha") is None
    tinh = places.search(places.provinces(), "Tỉnh Sơn La")
    assert places.exact(tinh, "Tỉnh Sơn La") == son_la
