"""End to end: /trangthai dates a registration's events on Vietnam's calendar, not UTC's."""

from __future__ import annotations

from tests.support.harness import RunningBot
from tests.support.registration_driver import fill_registration, submit

LATE = "2026-11-30T21:45:00+00:00"  # 04:45 on 01/12/2026 in Vietnam


async def test_status_shows_the_day_of_vietnam_for_a_late_utc_submission(
    fast_bot: RunningBot,
) -> None:
    producer = fast_bot.user()
    await fill_registration(producer)
    await submit(producer)
    registration = (await fast_bot.services.repo.registrations.for_user(producer.id))[0]
    await fast_bot.services.repo.db.write(
        "UPDATE registration_events SET created_at = ? WHERE registration_id = ?",
        (LATE, registration.id))
    timeline = await producer.ask("/trangthai")
    assert "01/12/2026" in timeline.text and "30/11/2026" not in timeline.text
