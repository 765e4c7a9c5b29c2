"""A training's period in chat is dated the reader's way; the officers' typed form stays for the
desk (B7: an English reader took 04/12 for 12 April)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.i18n import I18n
from core.trainings import period
from storage.trainings import Training, TrainingStatus

START = datetime(2026, 12, 4, 0, 18, tzinfo=UTC)  # 07:18 in Vietnam


def training(hours: float) -> Training:
    end = START.replace(hour=int(hours)) if hours < 24 else START.replace(day=6, hour=10)
    return Training(id=1, creator_id=None, status=TrainingStatus.PLANNED, step=None,
                    title="Lớp A", topics=(), starts_at=START, ends_at=end, venue=None,
                    province_code=None, commune_code=None, audience=None, broadcast_id=None,
                    created_at="2026-12-01T00:00:00+00:00")


def test_english_readers_see_the_month_by_name() -> None:
    english = I18n().get("en")
    assert period(training(8), english) == "Dec 4, 2026 07:18–15:18"
    assert period(training(48), english) == "Dec 4, 2026 07:18 – Dec 6, 2026 17:18"


def test_vietnamese_readers_and_the_desk_keep_day_month_year() -> None:
    assert period(training(8), I18n().get("vi")) == "04/12/2026 07:18–15:18"
    assert period(training(8)) == "04/12/2026 07:18–15:18"
