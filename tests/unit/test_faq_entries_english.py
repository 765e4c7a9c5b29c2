"""The FAQ's English answers write counts the English way ("five samples", not the decree's
"05 mẫu") and dates in words ("30 June", not "30/6", which an English reader may take for
a month and day); a form keeps its number ("Form 02", "Forms 01 and 02")."""

from __future__ import annotations

import re

from knowledge.faq.model import load_entries

FORM_NUMBERS = re.compile(r"\bForms? 0\d(?:(?:,| and) 0\d)*")
LEADING_ZERO = re.compile(r"(?<![\d/.,:])\b0\d\b(?![/\d])")
DAY_MONTH = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])")  # not 26/2026/QĐ-TTg


def test_english_answers_have_no_leading_zero_counts() -> None:
    entries = load_entries()
    wrong = [(e.id, match) for e in entries
             for match in LEADING_ZERO.findall(FORM_NUMBERS.sub("Form", e.answer_en))]
    assert not wrong, wrong[:5]


def test_the_dossier_answer_counts_in_words() -> None:
    dossier = next(e for e in load_entries() if e.id == "registration-dossier")
    assert "File one paper and one electronic set" in " ".join(dossier.answer_en.split())
    assert "plus five product samples" in dossier.answer_en


def test_english_answers_write_dates_in_words() -> None:
    wrong = [(e.id, match) for e in load_entries() for match in DAY_MONTH.findall(e.answer_en)]
    assert not wrong, wrong[:5]
    rounds = next(e for e in load_entries() if e.id == "procedure-provincial-rounds")
    assert "round 1 before <b>30 June</b>" in rounds.answer_en
