"""The FAQ's English answers write counts the English way ("five samples", not the decree's
"05 mẫu"); a form keeps its number ("Form 02", "Forms 01 and 02")."""

from __future__ import annotations

import re

from knowledge.faq.model import load_entries

FORM_NUMBERS = re.compile(r"\bForms? 0\d(?:(?:,| and) 0\d)*")
LEADING_ZERO = re.compile(r"(?<![\d/.,:])\b0\d\b(?![/\d])")


def test_english_answers_have_no_leading_zero_counts() -> None:
    entries = load_entries()
    wrong = [(e.id, match) for e in entries
             for match in LEADING_ZERO.findall(FORM_NUMBERS.sub("Form", e.answer_en))]
    assert not wrong, wrong[:5]


def test_the_dossier_answer_counts_in_words() -> None:
    dossier = next(e for e in load_entries() if e.id == "registration-dossier")
    assert "File one paper and one electronic set" in " ".join(dossier.answer_en.split())
    assert "plus five product samples" in dossier.answer_en
