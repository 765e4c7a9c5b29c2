"""An FAQ entry's source, cited the English way for English users (every shipped entry)."""

from __future__ import annotations

import re

import pytest

from core.i18n import I18n
from handlers.faq.ask import entry_text
from knowledge.faq.model import FaqEntry, load_entries
from knowledge.faq.sources import english_source

# Vietnamese words an English citation keeps: the decision's own number, a quoted line of the
# decree, a place name and the decree's point (đ).
KEPT = ("QĐ-TTg", '"Hồ sơ bị loại khi"', "Sơn La", "(đ)")


@pytest.mark.parametrize(("vietnamese", "english"), [
    ("QĐ 26/2026/QĐ-TTg, Điều 6 khoản 1, 2; Điều 7 khoản 1",
     "Decision 26/2026/QĐ-TTg, Article 6(1), (2); Article 7(1)"),
    ("QĐ 26/2026/QĐ-TTg, Điều 7 khoản 3 điểm a, đ, g; Điều 8 khoản 3",
     "Decision 26/2026/QĐ-TTg, Article 7(3)(a), (đ), (g); Article 8(3)"),
    ("QĐ 26/2026/QĐ-TTg, Điều 8 khoản 1 điểm đ; khoản 4",
     "Decision 26/2026/QĐ-TTg, Article 8(1)(đ); Article 8(4)"),
    ("QĐ 26/2026/QĐ-TTg, Điều 10 khoản 3 điểm b, khoản 4 điểm c",
     "Decision 26/2026/QĐ-TTg, Article 10(3)(b), (4)(c)"),
    ("QĐ 26/2026/QĐ-TTg, Điều 7 khoản 1–4", "Decision 26/2026/QĐ-TTg, Article 7(1)–(4)"),
    ("QĐ 26/2026/QĐ-TTg, Điều 7 khoản 6 điểm b–đ", "Decision 26/2026/QĐ-TTg, Article 7(6)(b)–(đ)"),
    ("QĐ 26/2026/QĐ-TTg, Phụ lục III Mẫu 02 Phần III",
     "Decision 26/2026/QĐ-TTg, Appendix III Form 02 Part III"),
    ("QĐ 26/2026/QĐ-TTg, Phụ lục I; Phụ lục II bộ 14–17",
     "Decision 26/2026/QĐ-TTg, Appendix I; Appendix II sheets 14–17"),
    ("nhandan.vn (QĐ 490/QĐ-TTg ngày 7/5/2018)", "nhandan.vn (Decision 490/QĐ-TTg of 7 May 2018)"),
    ("nhandan.vn; ninhbinh.gov.vn", "nhandan.vn; ninhbinh.gov.vn"),
])
def test_a_citation_in_english(vietnamese: str, english: str) -> None:
    assert english_source(vietnamese) == english


def test_every_entry_source_reads_in_english() -> None:
    entries = [e for e in load_entries() if e.source]
    assert len(entries) > 150
    for entry in entries:
        english = english_source(entry.source)
        rest = english
        for kept in KEPT:
            rest = rest.replace(kept, "")
        assert re.fullmatch(r"[\x20-\x7e–]*", rest), (entry.id, english)
        assert _in_order(re.findall(r"\d+", entry.source.replace("/5/", " May ")),
                         re.findall(r"\d+", english)), (entry.id, english)  # no number lost


def _in_order(wanted: list[str], found: list[str]) -> bool:
    """True when `wanted` appears in `found` in order (a carried article number may be added)."""
    rest = iter(found)
    return all(number in rest for number in wanted)


def test_an_english_user_reads_the_english_source() -> None:
    entry = FaqEntry(id="x", topic="procedure", question="Hỏi?", answer_vi="Đáp.",
                     source="QĐ 26/2026/QĐ-TTg, Điều 6 khoản 1, 2; Điều 7 khoản 1")
    english = entry_text(I18n().get("en"), entry, "en")
    assert "Source: Decision 26/2026/QĐ-TTg, Article 6(1), (2); Article 7(1)" in english
    vietnamese = entry_text(I18n().get("vi"), entry, "vi")
    assert "QĐ 26/2026/QĐ-TTg, Điều 6 khoản 1, 2; Điều 7 khoản 1" in vietnamese
