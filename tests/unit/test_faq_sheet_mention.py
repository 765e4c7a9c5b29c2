"""A computed FAQ answer names its sheets in its head line, before the colon, never after it
("… tiêu chí 2.2 “…” (phiếu 11):", not "… “…”: (phiếu 11)")."""

from __future__ import annotations

import re

from knowledge.criteria.loader import load_sheets
from knowledge.faq import computed as calc


def test_the_sheets_come_before_the_colon_of_the_head_line() -> None:
    sheets = load_sheets()
    tea = {11: sheets[11]}
    answer = calc.minimum_answer(tea, "bao bi", 4)
    assert answer is not None
    for text in (answer.text_vi, answer.text_en):
        head = text.splitlines()[0]
        assert re.search(r"” \((phiếu|sheet) 11\):$", head), head
        assert ": (" not in head


def test_several_sheets_are_named_the_same_way() -> None:
    answer = calc.minimum_answer(load_sheets(), "bao bi", None)
    assert answer is not None
    head = answer.text_vi.splitlines()[0]
    assert head.endswith("):") and ": (" not in head
