"""The button codec: typed fields, exact patterns, the 64-byte limit, stale data refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from core.buttons import ButtonData, StaleButton
from core.numbers import parse_number


@dataclass(frozen=True)
class Answer(ButtonData, prefix="as:q"):
    aid: int
    option: int
    again: bool


@dataclass(frozen=True)
class Entry(ButtonData, prefix="fq:e"):
    entry: str


def test_round_trip_keeps_types() -> None:
    data = Answer(12, 3, True).pack()
    assert data == "as:q:12:3:1"
    assert Answer.unpack(data) == Answer(12, 3, True)
    assert Entry.unpack(Entry("cost.fee-2").pack()) == Entry("cost.fee-2")


def test_int_fields_carry_telegram_ids_and_unix_times() -> None:
    for value in (7_123_456_789, 2**52, 1_764_500_000):
        assert Answer.unpack(Answer(value, 0, False).pack()).aid == value


def test_pattern_matches_only_its_own_kind() -> None:
    pattern = re.compile(Answer.pattern())
    assert pattern.match("as:q:1:2:0")
    for other in ("as:q:1:2", "as:q:1:2:0:9", "as:qq:1:2:0", "as:q:1:x:0", "as:q:1:2:2",
                  "as:q:1:²:0", "as:q:1:12345678901234567:0", "fq:e:1"):
        assert not pattern.match(other), other


@pytest.mark.parametrize("data", [None, "", "as:q:1:2", "as:q:-1:2:0", "as:q:1:2:0 ",
                                  "as:q:" + "9" * 4300 + ":1:0"])
def test_malformed_data_is_stale(data: str | None) -> None:
    with pytest.raises(StaleButton):
        Answer.unpack(data)


def test_pack_refuses_what_telegram_or_the_pattern_would_not_take() -> None:
    with pytest.raises(ValueError):
        Entry("x" * 70).pack()
    with pytest.raises(ValueError):
        Entry("has space").pack()
    with pytest.raises(ValueError):
        Answer(-1, 0, False).pack()


@pytest.mark.parametrize(("text", "expected"), [
    ("3", 3), (" 12 ", 12), ("0", 0), ("²", None), ("٣", None), ("3.5", None), ("-2", None),
    ("", None), (None, None), ("9" * 4300, None), ("1 2", None),
])
def test_parse_number_takes_ascii_digits_only(text: str | None, expected: int | None) -> None:
    assert parse_number(text) == expected


def test_parse_number_checks_the_range() -> None:
    assert parse_number("5", 1, 5) == 5
    assert parse_number("6", 1, 5) is None
    assert parse_number("0", 1, 5) is None
