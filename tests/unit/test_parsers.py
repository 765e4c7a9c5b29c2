"""What people type and what buttons carry, parsed where the handlers parse them: Mẫu 01's
validators, typed moments, and which question comes next."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from handlers.assessment.decide import next_unanswered
from handlers.registration.fields import (
    STEP_NAMES,
    applies,
    clean_date,
    clean_email,
    clean_phone,
    clean_text,
    first_missing,
    next_step,
)
from handlers.trainings.common import VIETNAM, parse_moment
from storage.registrations import Registration
from storage.trainings import iso
from storage.trainings import parse as parse_stored

# --- Mẫu 01: typed values ---------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("0912345678", "+84912345678"),
    ("+84 912 345 678", "+84912345678"),
    (" 091.234.5678 ", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("024 3825 1234", "+842438251234"),  # a Hà Nội landline
])
def test_vietnamese_phone_numbers_are_stored_in_e164(typed: str, expected: str) -> None:
    assert clean_phone(typed) == expected


@pytest.mark.parametrize("typed", ["", "abc", "12345", "091234567890123", "+33 6 12 34 56 78",
                                   "+1 202 555 0143"])
def test_phone_numbers_that_are_not_vietnamese_or_not_numbers_are_refused(typed: str) -> None:
    assert clean_phone(typed) is None


@pytest.mark.parametrize(("typed", "expected"), [
    ("htx@example.vn", "htx@example.vn"),
    ("  Lan.Nguyen+ocop@mail.com.vn ", "Lan.Nguyen+ocop@mail.com.vn"),
])
def test_plausible_emails_are_kept_trimmed(typed: str, expected: str) -> None:
    assert clean_email(typed) == expected


@pytest.mark.parametrize("typed", ["", "htx", "htx@", "@example.vn", "htx@example", "a b@c.vn",
                                   "htx@@example.vn", "x@example.v", "a" * 250 + "@example.vn"])
def test_implausible_emails_are_refused(typed: str) -> None:
    assert clean_email(typed) is None


@pytest.mark.parametrize(("typed", "expected"), [
    ("31/12/2027", "2027-12-31"),
    ("1/2/2026", "2026-02-01"),
    (" 05-06-2030 ", "2030-06-05"),
    ("05.06.2030", "2030-06-05"),
])
def test_dates_are_read_day_first_with_any_separator(typed: str, expected: str) -> None:
    assert clean_date(typed) == expected


@pytest.mark.parametrize("typed", ["", "2027-12-31", "31/02/2027", "13/13/2027", "1/1/2018",
                                   "1/1/2100", "mai", "12/2027"])
def test_impossible_or_implausible_dates_are_refused(typed: str) -> None:
    assert clean_date(typed) is None


def test_text_is_collapsed_to_one_line_within_its_limit() -> None:
    assert clean_text("  HTX   Chè\nTà Xùa ", 20) == "HTX Chè Tà Xùa"
    assert clean_text("x" * 20, 20) == "x" * 20
    assert clean_text("x" * 21, 20) is None
    assert clean_text(" \n\t ", 20) is None


# --- Mẫu 01: which step comes next -----------------------------------------------------------


def registration(**values: Any) -> Registration:
    empty = {name: None for name in Registration.__dataclass_fields__}
    return Registration(**{**empty, "id": 1, "user_id": 7, "status": "draft",
                           "created_at": "2026-11-30T00:00:00+00:00",
                           "updated_at": "2026-11-30T00:00:00+00:00", **values})


def test_rank_and_expiry_are_asked_only_when_a_product_is_re_ranked() -> None:
    first = registration(kind="first")
    assert not applies("current_stars", first) and not applies("certificate_expiry", first)
    assert next_step(first, "kind") == "assessment"
    for kind in ("upgrade", "reevaluation"):
        again = registration(kind=kind)
        assert applies("current_stars", again) and applies("certificate_expiry", again)
        assert next_step(again, "kind") == "current_stars"
    assert next_step(first, STEP_NAMES[-1]) == "summary"


def test_first_missing_is_the_earliest_required_step_without_a_value() -> None:
    assert first_missing(registration()) == "org_type"
    done = registration(org_type="cooperative", org_name="HTX", representative="Páo",
                        phone="+84912345678", province_code=14, commune_code=3868,
                        product_name="Chè", sheet=11, kind="first")
    assert first_missing(done) is None  # email and the attachment are optional
    assert first_missing(replace(done, kind="upgrade")) == "current_stars"
    assert first_missing(replace(done, phone=None, product_name=None)) == "phone"


# --- trainings: typed moments, stored moments ------------------------------------------------


@pytest.mark.parametrize("typed", ["15/12/2026 08:00", "15.12.2026 8h00", " 15-12-2026  8 : 00 ",
                                   "15/12/2026 8g00"])
def test_a_typed_moment_is_in_vietnam_time(typed: str) -> None:
    moment = parse_moment(typed)
    assert moment == datetime(2026, 12, 15, 8, 0, tzinfo=VIETNAM)
    assert moment is not None and moment.astimezone(UTC).hour == 1


@pytest.mark.parametrize("typed", ["", "15/12/2026", "08:00", "31/02/2026 08:00",
                                   "15/12/2026 25:00", "15/12/26 08:00", "mai 8 giờ"])
def test_a_moment_that_cannot_be_read_is_refused(typed: str) -> None:
    assert parse_moment(typed) is None


def test_stored_moments_round_trip_in_utc_to_the_second() -> None:
    moment = datetime(2026, 12, 15, 8, 0, 30, 999, tzinfo=VIETNAM)
    stored = iso(moment)
    assert stored == "2026-12-15T01:00:30+00:00"
    assert parse_stored(stored) == moment.replace(microsecond=0)
    assert parse_stored(None) is None and parse_stored("") is None


# --- the self-assessment: which question comes next -----------------------------------------


def sheet(codes: list[str]) -> Any:
    """A stand-in sheet with just the criteria codes next_unanswered reads."""
    return SimpleNamespace(criteria=[SimpleNamespace(code=code) for code in codes])


CODES = ["1.1", "1.2", "2.1", "2.2", "3"]


def test_the_next_question_is_the_first_unanswered_after_the_current_one() -> None:
    assert next_unanswered(sheet(CODES), {}, -1) == 0
    assert next_unanswered(sheet(CODES), {"1.1": 0}, 0) == 1
    assert next_unanswered(sheet(CODES), {"1.1": 0, "1.2": 1, "2.1": 0}, 0) == 3


def test_after_the_last_question_the_skipped_ones_come_back_from_the_start() -> None:
    answers = {"1.1": 0, "2.1": 1, "2.2": 0, "3": 2}
    assert next_unanswered(sheet(CODES), answers, 4) == 1
    assert next_unanswered(sheet(CODES), answers, 2) == 1  # wraps past the end


def test_when_everything_is_answered_there_is_no_next_question() -> None:
    answers = dict.fromkeys(CODES, 0)
    assert next_unanswered(sheet(CODES), answers, 2) is None
    assert next_unanswered(sheet([]), {}, -1) is None
