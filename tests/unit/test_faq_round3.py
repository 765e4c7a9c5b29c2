"""FAQ engine, issue 10 round 3: odd digits in questions, weak kinds of user questions."""

from __future__ import annotations

import pytest

from knowledge.faq import FaqEngine
from knowledge.faq.criteria_answers import parse


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


@pytest.mark.parametrize("query", ["phiếu ² gồm những gì", "phieu " + "9" * 5000,
                                   "tieu chi ² la gi", "tiêu chí " + "9" * 5000])
def test_digits_that_int_refuses_name_no_sheet_or_criterion(engine: FaqEngine, query: str) -> None:
    parsed = parse(query)
    assert parsed.sheets == () and parsed.code is None
    assert engine.respond(query).kind in {"answer", "suggestions", "decline", "computed"}


def test_an_ascii_sheet_number_still_names_its_sheet() -> None:
    assert parse("phieu 12 gom nhung gi").sheets == (12,)
    assert parse("tieu chi 3 la gi").code == "3"
