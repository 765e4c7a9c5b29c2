"""A moment late in the UTC day is already the next day in Vietnam, wherever a user sees it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

import core.vietnam_time
from core.i18n import I18n, Translator
from core.vietnam_time import vietnam_time, vietnam_today
from knowledge.criteria.model import Sheet
from knowledge.criteria.planner import plan_ranks
from reports.attendees import attendee_line
from reports.document import document_filename, report_filename
from reports.exports import registrations_csv, registrations_xlsx
from reports.registration_form import registration_form
from reports.self_assessment import Producer, assessment_report, info_lines
from reports.self_assessment_docx import self_assessment_docx
from reports.self_assessment_pdf import self_assessment_pdf
from storage.trainings import Attendee, RsvpAnswer
from tests.unit.test_documents import docx_text, middle, pdf_text
from tests.unit.test_exports import TRA, csv_rows, rows_of

LATE = datetime(2026, 11, 30, 21, 45, tzinfo=UTC)  # 01/12/2026 04:45 in Vietnam
LATE_NAIVE = "2026-11-30T21:45:00"  # as a SQLite row may hold it: UTC without its offset


@pytest.fixture(scope="module")
def vi() -> Translator:
    return I18n().get("vi")


@pytest.fixture(scope="module")
def tea() -> Sheet:
    from tests.support.sheets import official_sheets
    return official_sheets()[11]


def test_a_stored_moment_becomes_vietnam_time_and_a_naive_one_is_read_as_utc() -> None:
    assert vietnam_time(LATE).replace(tzinfo=None) == datetime(2026, 12, 1, 4, 45)
    assert vietnam_time(LATE_NAIVE) == vietnam_time(LATE)
    assert vietnam_time("2026-11-30T21:45:00+00:00") == vietnam_time(LATE)
    with pytest.raises(ValueError):
        vietnam_time("not a time")


def test_today_is_vietnams_today_on_a_utc_server(monkeypatch: pytest.MonkeyPatch) -> None:
    class LateEvening(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            assert tz is UTC
            return LATE

    monkeypatch.setattr(core.vietnam_time, "datetime", LateEvening)
    assert vietnam_today() == date(2026, 12, 1)


def test_the_translator_shows_a_moment_on_vietnams_calendar(vi: Translator) -> None:
    # /trangthai, /dulieu, the desk and FAQ sources format stored moments through t.date.
    assert vi.date(LATE) == "01/12/2026"
    assert vi.date(datetime.fromisoformat(LATE_NAIVE)) == "01/12/2026"
    assert vi.date(date(2026, 11, 30)) == "30/11/2026"  # a calendar day stays as it is
    assert vi.datetime(LATE) == "01/12/2026 04:45"


def test_file_names_carry_vietnams_date() -> None:
    assert report_filename(11, "Chè", LATE, "docx") == "danh-gia-ocop-phieu-11-che-2026-12-01.docx"
    assert document_filename("phieu-dang-ky-ocop", None, None, LATE, "docx") == (
        "phieu-dang-ky-ocop-2026-12-01.docx")
    assert report_filename(3, None, date(2026, 11, 30)) == "danh-gia-ocop-phieu-3-2026-11-30.html"


def test_the_word_and_pdf_reports_date_the_assessment_in_vietnam(
    vi: Translator, tea: Sheet,
) -> None:
    answers = middle(tea)
    report = assessment_report(vi, sheet=tea, answers=answers, advice=plan_ranks(tea, answers),
                               producer=Producer(), product_name="Chè", assessed_at=LATE)
    assert dict(info_lines(vi, report))[vi("Date of the self-assessment")] == "01/12/2026"
    text, rows = docx_text(self_assessment_docx(vi, report))
    shown = text + "\n".join("|".join(row) for row in rows)
    assert "01/12/2026" in shown and "30/11/2026" not in shown
    assert "01/12/2026" in pdf_text(self_assessment_pdf(vi, report))


def test_the_registration_form_takes_the_year_of_vietnam() -> None:
    new_year = replace(TRA, submitted_at="2026-12-31T20:00:00+00:00")  # 03:00 on 1/1/2027
    assert registration_form(new_year, None).year == 2027


def test_exports_read_a_naive_stored_moment_as_utc() -> None:
    late = replace(TRA, submitted_at=LATE_NAIVE)
    en = I18n().get("en")
    assert rows_of(registrations_xlsx([late], en))[1][2] == datetime(2026, 12, 1, 4, 45)
    assert csv_rows(registrations_csv([late], en))[1][2] == "2026-12-01 04:45"


@pytest.fixture
def server_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local zone is not UTC: a naive moment must still be read as UTC."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("server_in_tokyo")
def test_an_attendees_answer_time_is_vietnams_whatever_the_servers_zone(vi: Translator) -> None:
    attendee = Attendee(user_id=1, first_name="Páo", last_name=None, username=None, phone=None,
                        province_code=None, commune_code=None, class_name=None,
                        answer=RsvpAnswer.YES,
                        answered_at=datetime.fromisoformat(LATE_NAIVE))
    assert attendee_line(attendee, vi).answered_at == datetime(2026, 12, 1, 4, 45)
