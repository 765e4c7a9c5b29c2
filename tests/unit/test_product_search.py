"""The typed-product search finds sheets from English words too; the Vietnamese search is as it
was, and English users see a short English name beside each official title."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.i18n import I18n
from handlers.assessment.render import groups_screen, sheet_button_label, sheet_line
from knowledge.criteria.products import (
    ENGLISH_FILE,
    SHEET_WORDS,
    english_matches,
    english_sheets,
    find_sheets,
    fold,
    load_english,
    vietnamese_matches,
)
from tests.support.sheets import official_sheets

SHEETS = official_sheets()
TITLES = {n: s.title for n, s in SHEETS.items()}


@pytest.mark.parametrize(("query", "sheet"), [
    ("coffee", 13), ("honey", 4), ("tea", 11), ("rice wine", 14), ("fish sauce", 9),
    ("noodles", 6), ("mushrooms", 1), ("fruit", 1), ("vegetables", 1), ("herbs", 20),
    ("handicrafts", 21), ("bamboo", 21), ("rattan", 21), ("textiles", 22), ("tourism", 26),
    ("essential oil", 20), ("orchids", 23), ("bonsai", 24), ("wine", 15), ("juice", 17),
    ("mineral water", 16), ("soap", 19), ("pepper", 10), ("rice", 3), ("sausage", 8),
    ("instant noodles", 5), ("herbal tea", 12), ("koi", 25), ("homestay", 26),
])
def test_an_english_word_finds_its_sheet_first(query: str, sheet: int) -> None:
    assert find_sheets(query, TITLES)[0] == sheet


@pytest.mark.parametrize(("query", "expected"), [
    ("honey", [4, 8]), ("Honey", [4, 8]), ("HONEYS", [4, 8]), ("Coffee beans", [13, 3]),
    ("noodle", [6]), ("Noodles", [6]), ("berries", []), ("dried fruits", [7, 1]),
    ("sauces", [9]), ("Tourism services", [26]), ("liquor", [14, 15]),
])
def test_case_and_plural_do_not_matter(query: str, expected: list[int]) -> None:
    assert find_sheets(query, TITLES) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("chè", [11]), ("mật ong", [4, 8]), ("Rượu", [14, 15]), ("gạo", [3]),
    ("Nước mắm Cát Hải", [9]), ("du lịch cộng đồng", [26]),
])
def test_vietnamese_words_still_work(query: str, expected: list[int]) -> None:
    assert find_sheets(query, TITLES) == expected


def _vietnamese_texts() -> set[str]:
    texts = {phrase for phrases in SHEET_WORDS.values() for phrase in phrases}
    texts |= set(TITLES.values())
    for sheet in SHEETS.values():
        texts |= {c.title for c in sheet.criteria}
        texts |= {o.text for c in sheet.criteria for o in c.options}
    return texts


def test_english_words_change_no_vietnamese_search() -> None:
    # Every Vietnamese word of the search and every text of the sheets ranks as without English.
    for text in _vietnamese_texts():
        alone = vietnamese_matches(text, TITLES)
        assert find_sheets(text, TITLES) == sorted(alone, key=lambda s: (-alone[s], s))[:6], text


def _plural(phrase: str) -> str:
    """The regular English plural of a phrase's last word (one already ending in s is kept)."""
    if phrase.endswith("s"):
        return phrase
    if phrase.endswith(("ch", "sh", "x", "o")):
        return phrase + "es"
    if phrase.endswith("y") and phrase[-2] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


@pytest.mark.parametrize("query", ["spaceship", "xyz", "", "   ", "!!!"])
def test_an_unknown_word_finds_nothing(query: str) -> None:
    assert find_sheets(query, TITLES) == [] and english_matches(query) == {}


def test_english_data_covers_every_sheet_and_each_word_finds_it() -> None:
    assert sorted(english_sheets()) == sorted(SHEETS)
    for number, english in english_sheets().items():
        assert 0 < len(english.name) <= 32 and english.name == english.name.strip()
        for word in (*english.words, english.name):
            assert number in find_sheets(word, TITLES, limit=len(TITLES)), (number, word)
            assert number in find_sheets(_plural(word), TITLES, limit=len(TITLES)), (number, word)
        assert all(fold(word) == word for word in english.words)


def test_a_sheet_missing_from_the_english_data_is_an_error(tmp_path: Path) -> None:
    text = ENGLISH_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "products_en.yaml"
    broken.write_text(text.split("\n26:")[0] + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="exactly the sheets 1–26"):
        load_english(broken)


def test_english_users_see_the_name_beside_the_official_title() -> None:
    vi, en = I18n().get("vi"), I18n().get("en")
    assert sheet_line(vi, SHEETS[14]) == "Rượu trắng (phiếu 14)"
    assert sheet_line(en, SHEETS[14]) == "Rượu trắng (white liquor) · sheet 14"
    assert len(sheet_line(en, SHEETS[14])) <= 40
    assert sheet_button_label(vi, SHEETS[14]) == "Rượu trắng"
    assert sheet_button_label(en, SHEETS[14]) == "White liquor"
    assert sheet_line(en, SHEETS[19]).startswith("Mỹ phẩm có thành phần từ dược liệu (herbal")


def test_the_prompt_gives_examples_in_the_users_language_and_they_are_found() -> None:
    vi_text, _ = groups_screen(I18n().get("vi"))
    en_text, _ = groups_screen(I18n().get("en"))
    assert "chè, mật ong, rượu" in vi_text
    examples = en_text.rsplit(":", 1)[1].strip(" .").split(", ")
    assert examples == ["tea", "honey", "rice wine"]
    assert all(find_sheets(word, TITLES) for word in examples)
