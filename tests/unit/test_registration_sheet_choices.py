"""Registration's sheet step speaks the reader's language as /danhgia does (B9): English examples,
and the sheets glossed in English with short English buttons."""

from __future__ import annotations

from core.i18n import I18n
from handlers.registration.views import sheet_choices
from knowledge.criteria.products import find_sheets
from tests.support.sheets import official_sheets

SHEETS = official_sheets()
PROMPT = "What kind of product is it? Type a word such as tea, honey, rice wine."


def test_english_readers_get_english_examples_and_glossed_sheets() -> None:
    english = I18n().get("en")
    assert "tea, honey, rice wine" in english(PROMPT)
    found = find_sheets("honey", {n: s.title for n, s in SHEETS.items()})
    text, markup = sheet_choices(english, [SHEETS[n] for n in found])
    first = text.splitlines()[1]
    assert first.startswith(f"1. {SHEETS[4].title} (honey and other farm foods) · sheet 4")
    assert markup.inline_keyboard[0][0].text == "1. Honey and other farm foods"


def test_vietnamese_readers_keep_the_official_titles() -> None:
    vietnamese = I18n().get("vi")
    assert "chè, mật ong, rượu" in vietnamese(PROMPT)
    text, markup = sheet_choices(vietnamese, [SHEETS[14]])
    assert text.splitlines()[1] == "1. Rượu trắng (phiếu 14)"
    assert markup.inline_keyboard[0][0].text == "1. Rượu trắng"
