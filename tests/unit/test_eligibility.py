"""Eligibility questions cover every disqualifying condition of every sheet."""

import pytest

from knowledge.criteria.eligibility import conditions_for, disqualifier_for
from knowledge.criteria.products import PRODUCT_GROUPS, find_sheets, group_of
from tests.support.sheets import official_conditions, official_sheets

SHEETS = official_sheets()
CONDITIONS = official_conditions()


@pytest.mark.parametrize("number", sorted(SHEETS))
def test_every_disqualifier_is_asked_about(number: int) -> None:
    sheet = SHEETS[number]
    asked = conditions_for(sheet, CONDITIONS)
    assert asked and asked[0].id == "honest-dossier"
    for disqualifier in sheet.disqualifiers:
        assert any(c.applies_to(disqualifier) for c in asked), disqualifier
    for condition in asked:
        assert disqualifier_for(sheet, condition) in sheet.disqualifiers


def test_questions_are_bilingual_and_kind() -> None:
    for condition in CONDITIONS:
        assert condition.question["vi"].endswith("?") and condition.question["en"].endswith("?")
        assert condition.advice["vi"] and condition.advice["en"]


def test_food_sheets_ask_about_the_food_safety_certificate_and_crafts_do_not() -> None:
    ids = {n: {c.id for c in conditions_for(SHEETS[n], CONDITIONS)} for n in SHEETS}
    assert "food-safety-certificate" in ids[1] and "traceable-materials" in ids[11]
    assert "food-safety-certificate" not in ids[21] and "intellectual-property" in ids[21]


def test_groups_cover_every_sheet_once() -> None:
    covered = [n for group in PRODUCT_GROUPS for n in group.sheets]
    assert sorted(covered) == sorted(SHEETS)
    assert group_of(26).name.startswith("Dịch vụ du lịch")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("chè", [11]), ("mat ong", [4, 8]), ("Rượu", [14, 15]), ("Nước mắm Cát Hải", [9]),
     ("du lịch cộng đồng", [26]), ("xyz", []), ("", [])],
)
def test_typed_products_find_their_sheets(query: str, expected: list[int]) -> None:
    titles = {n: s.title for n, s in SHEETS.items()}
    assert find_sheets(query, titles) == expected
