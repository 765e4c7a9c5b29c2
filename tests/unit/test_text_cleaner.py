"""core.text: stored user text loses invisible control characters and is NFC."""

import unicodedata

import pytest

from core.text import clean, has_letters, one_line
from handlers.registration.fields import clean_date, clean_email
from handlers.registration.review import meaningful_note, officer_note


def test_a_right_to_left_override_is_stripped() -> None:
    assert one_line("HTX \u202egpj.exe\u202c") == "HTX gpj.exe"


@pytest.mark.parametrize("hidden", [
    *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)),
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\x00", "\x1b",
    "\x7f", "\ud800"])
def test_bidi_zero_width_control_and_surrogate_characters_are_stripped(hidden: str) -> None:
    assert clean(f"Chè{hidden} Shan") == "Chè Shan"


def test_line_breaks_are_kept_as_newlines_and_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tà Xùa")
    assert clean(f"{decomposed}\r\nMường\u2028Bú\tx") == "Tà Xùa\nMường\nBú x"
    assert clean(decomposed) == unicodedata.normalize("NFC", "Tà Xùa") != decomposed


def test_one_line_collapses_white_space() -> None:
    assert one_line("  HTX\u200b  Chè \n Tà\u00a0Xùa  ") == "HTX Chè Tà Xùa"


def test_emails_and_dates_lose_hidden_characters_and_take_ascii_digits_only() -> None:
    assert clean_email("htx\u200b@example.vn\u202c") == "htx@example.vn"
    assert clean_date("31/12/2027\u200b") == "2027-12-31"
    for typed in ("３１/12/2027", "31/12/²０２7", "31/12/" + "9" * 4300):
        assert clean_date(typed) is None


@pytest.mark.parametrize(("text", "letters", "letters_or_digits"), [
    ("Giàng A Dê", True, True), ("🍯🍯 123", False, True), ("0212 3856 789", False, True),
    ("🙂", False, False), (" ?! … ", False, False), ("👍\n👍", False, False), ("", False, False),
])
def test_has_letters_tells_words_from_emoji_and_signs(text: str, letters: bool,
                                                      letters_or_digits: bool) -> None:
    assert has_letters(text) is letters
    assert has_letters(text, digits=True) is letters_or_digits


def test_an_officers_note_needs_a_letter_or_a_digit_after_cleaning() -> None:
    assert not meaningful_note(officer_note(" \u200b\u202e 🙂 "))
    assert meaningful_note(officer_note("Thiếu giấy ATTP"))
