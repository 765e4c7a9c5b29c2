"""The organiser's in-chat list of who answered a training: escaped, and within Telegram's limit."""

from __future__ import annotations

from datetime import UTC, datetime

from core.i18n import I18n
from handlers.trainings.views import MESSAGE_LIMIT, attendees_text
from storage.trainings import Attendee, RsvpAnswer, Training, TrainingStatus

WHEN = datetime(2026, 12, 1, tzinfo=UTC)
TRAINING = Training(id=1, creator_id=None, status=TrainingStatus.PLANNED, step=None,
                    title="Lớp <A>", topics=(1,), starts_at=WHEN, ends_at=WHEN, venue="x",
                    province_code=14, commune_code=None, audience=None, broadcast_id=None,
                    created_at=WHEN.isoformat())


def attendee(n: int, answer: RsvpAnswer = RsvpAnswer.YES, name: str = "Pao") -> Attendee:
    return Attendee(n, name, None, f"user{n}", None, 14, None, "Lớp 1", answer, WHEN)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_every_answer_is_listed_escaped_with_its_class_when_attending() -> None:
    t = I18n().get("en")
    text = attendees_text(t, TRAINING, [attendee(1, name="<b>Pao</b> 😀"),
                                        attendee(2, RsvpAnswer.NO, "Bu")])
    assert text.splitlines() == ["👥 <b>Lớp &lt;A&gt;</b>: who answered",
                                 "✅ &lt;b&gt;Pao&lt;/b&gt; 😀 (@user1) · Lớp 1",
                                 "❌ Bu (@user2)"]
    assert attendees_text(t, TRAINING, []).endswith("Nobody has answered yet.")


def test_a_long_list_is_cut_within_the_limit_and_says_how_many_more() -> None:
    t = I18n().get("vi")
    people = [attendee(n, name="Nguyễn Thị Hoa 🌸" * 3) for n in range(500)]
    text = attendees_text(t, TRAINING, people)
    shown = len(text.splitlines()) - 2  # the head and the last line
    assert utf16(text) <= MESSAGE_LIMIT and 0 < shown < 500
    assert text.splitlines()[-1].startswith(f"… và {500 - shown} người nữa")
    fits = people[:shown]
    assert "người nữa" not in attendees_text(t, TRAINING, fits)
