"""FAQ engine, issue 10 round 10: a thank-you with an aside, salaries, an office holder's name,
"khuyến công", and a computed answer to a question that names another procedure."""

from __future__ import annotations

import pytest

from knowledge.faq.decide import asks_a_salary, other_programme, smalltalk
from knowledge.faq.engine import FaqEngine
from knowledge.faq.model import FaqEntry, load_entries
from knowledge.faq.normalize import tokens


@pytest.mark.parametrize("text", [
    "cam on ad nhieu nhe, e hieu r", "oke tks bn nha", "thanks bro got it",
    "dạ em cảm ơn, em hiểu rồi ạ",
])
def test_a_thank_you_with_an_aside_is_thanks(text: str) -> None:
    assert smalltalk(tokens(text)) == "thanks"


@pytest.mark.parametrize("text", [
    "cam on, ocop la gi", "cam on ad, sp e dc 70 diem", "tks, con 4 sao thi sao",
    "cam on a, cho e hoi ho so nop o dau", "cam ket chat luong", "thank you, what is OCOP",
    "cảm ơn, hồ sơ nộp ở đâu",
])
def test_a_thank_you_that_asks_is_not_small_talk(text: str) -> None:
    assert smalltalk(tokens(text)) is None


@pytest.mark.parametrize("text", [
    "luong can bo phu trach ocop o xa bao nhieu 1 thang", "lương cán bộ OCOP được trả bao nhiêu",
    "what is the salary of an OCOP officer",
])
def test_a_salary_is_never_answered(text: str) -> None:
    assert asks_a_salary(tokens(text)) and other_programme(tokens(text))


@pytest.mark.parametrize("text", [
    "chat luong san pham 4 sao can gi", "so luong san pham ocop ca nuoc bao nhieu",
    "san luong bao nhieu thi dat 3 sao", "dinh luong tren nhan co bat buoc khong",
])
def test_lượng_is_not_a_salary(text: str) -> None:
    assert not asks_a_salary(tokens(text))


def test_no_entry_mentions_a_salary_or_khuyến_công() -> None:
    entries: list[FaqEntry] = load_entries()
    for entry in entries:
        text = " ".join(tokens(" ".join([entry.answer_vi, *entry.paraphrases, entry.question])))
        assert " khuyen cong " not in f" {text} ", entry.id
        assert not asks_a_salary(tokens(entry.answer_vi)), entry.id


@pytest.mark.parametrize("text", [
    "chu tich ubnd tinh son la ten gi",
    "chuong trinh khuyen cong ho tro may moc thi nop ho so o dau",
    "thu tuc hai quan xuat khau chuoi sang trung quoc can gi",
    "luong can bo phu trach ocop o xa bao nhieu 1 thang",
])
def test_other_procedures_are_declined(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "decline"


def test_another_procedure_that_asks_points_is_still_computed(engine: FaqEngine) -> None:
    assert engine.respond("vùng nguyên liệu có VietGAP thì được cộng mấy điểm").kind == "computed"
