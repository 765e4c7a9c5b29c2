"""English texts cite forms and the decree one way: "Form 01 (Mẫu 01)" or "Form 01", and
"Decision 26/2026/QĐ-TTg, Article 6(1)" (never "Mẫu 01" alone, "QĐ 26", "Điều 6 khoản 1")."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from core.i18n import LOCALES_DIR

VIETNAMESE_CITATION = re.compile(r"\bQĐ \d|\bĐiều \d|\bkhoản \d|\bForm No\b")


def _english_texts() -> list[tuple[str, str]]:
    with (LOCALES_DIR / "messages.pot").open("rb") as f:
        catalogue = read_po(f)
    texts = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        texts += [(message.locations[0][0], str(i)) for i in ids if i]
    return texts


def test_english_texts_cite_the_decree_the_english_way() -> None:
    wrong = [(where, text) for where, text in _english_texts()
             if VIETNAMESE_CITATION.search(text)]
    assert not wrong, wrong[:3]


def test_a_form_named_in_vietnamese_is_named_in_english_first() -> None:
    wrong = [(where, text) for where, text in _english_texts()
             for number in re.findall(r"Mẫu (\d+)", text)
             if f"Form {number} (Mẫu {number}" not in text]
    assert not wrong, wrong[:3]
