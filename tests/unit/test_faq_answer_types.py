"""FAQ engine, issue 10 round 11: a question that asks for an amount, a span of time, a share,
a legal text's number, a contact or a size is answered only by an entry whose answer holds
one; otherwise it is declined, whatever its topic words match."""

from __future__ import annotations

import pytest

from knowledge.faq.answer_types import asked_types, lacks_asked_fact
from knowledge.faq.engine import FaqEngine
from knowledge.faq.model import FaqEntry, entry_from_data
from tests.support.faq import answered_entry


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


def _entry(answer_vi: str, answer_en: str = "An answer.") -> FaqEntry:
    return entry_from_data({
        "id": "probe", "topic": "concepts", "question": "Câu hỏi?", "question_en": "Question?",
        "answer_vi": answer_vi, "answer_en": answer_en,
    })


@pytest.mark.parametrize(("text", "kinds"), [
    ("in tem het bao nhieu tien", {"cost"}),
    ("chi phi thiet ke bao bi bn", {"cost"}),
    ("How much does the label cost?", {"cost"}),
    ("nop ho so mat bao lau", {"duration"}),
    ("mất mấy ngày thì có kết quả", {"duration"}),
    ("How long does it take?", {"duration"}),
    ("ghi nhãn theo nghị định số mấy", {"legal number"}),
    ("which decree rules labels", {"legal number"}),
    ("logo in kích thước bao nhiêu", {"size"}),
    ("nguyen lieu dia phuong bao nhieu phan tram", {"share"}),
    ("sdt phong nong nghiep xa", {"contact"}),
    ("chi phi bao nhieu, mat bao lau", {"cost", "duration"}),
    ("hạn chót nộp hồ sơ là ngày nào", {"date"}),
    ("sp ocop 5 sao dau tien duoc cong nhan nam nao", {"year"}),
    ("cap thang 3/2024 thi thang may nam nao het han", {"expiry"}),
])
def test_what_a_question_asks_for(text: str, kinds: set[str]) -> None:
    assert {kind.name for kind in asked_types(text)} == kinds


@pytest.mark.parametrize("text", [
    "đạt 3 sao được hỗ trợ bao nhiêu tiền",  # the support entries say who decides the amount
    "tỉnh thưởng bao nhiêu tiền cho sp 4 sao",
    "Who is in charge of OCOP at the provincial level?",  # "charge" is not a price
    "phần C tối đa bao nhiêu điểm",
    "in logo lên mấy sp khác được không",  # "mấy" here is "a few", not a count asked
    "ocop la gi",
    "bộ chấm 5 sao mỗi năm mấy đợt",  # "năm mấy" here counts rounds in a year
])
def test_questions_that_ask_no_such_kind(text: str) -> None:
    assert asked_types(text) == ()


@pytest.mark.parametrize(("answer", "holds"), [
    ("Lệ phí là 200.000 đồng.", True),
    ("Không thu phí.", True),
    ("Hồ sơ nộp tại Ủy ban nhân dân xã.", False),
])
def test_a_cost_is_held_by_an_amount_or_a_fee_named(answer: str, holds: bool) -> None:
    assert lacks_asked_fact("het bao nhieu tien", _entry(answer)) is not holds


@pytest.mark.parametrize(("answer", "holds"), [
    ("Kết quả có trong 30 ngày làm việc.", True),
    ("Giấy chứng nhận có hiệu lực ba năm.", True),
    ("Hội đồng cấp tỉnh chấm điểm.", False),
])
def test_a_span_is_held_by_a_number_of_days_or_a_validity(answer: str, holds: bool) -> None:
    assert lacks_asked_fact("mat bao lau", _entry(answer)) is not holds


def test_a_year_is_held_by_a_year_written_out() -> None:
    assert lacks_asked_fact("từ năm nào", _entry("Chương trình bắt đầu từ lâu."))
    assert not lacks_asked_fact("từ năm nào", _entry("Chương trình bắt đầu năm 2018."))


def test_the_english_answer_counts_too() -> None:
    entry = _entry("Hội đồng chấm điểm.", "Results come within 30 days.")
    assert not lacks_asked_fact("How long does it take?", entry)


def test_a_legal_number_needs_a_text_and_its_number() -> None:
    assert lacks_asked_fact("theo nghị định nào", _entry("Theo quy định về nhãn hàng hóa."))
    assert not lacks_asked_fact("theo nghị định nào", _entry("Theo Nghị định 43/2017/NĐ-CP."))


@pytest.mark.parametrize("text", [
    "làm hộp quà tết cho sp ocop tốn bao nhiêu tiền",
    "thiet ke bao bi cho sp ocop het bao nhieu tien",
    "chụp ảnh sản phẩm để làm hồ sơ ocop tốn bn tiền",
    "logo ocop in cỡ bao nhiêu cm",
    "nhãn sản phẩm ghi theo nghị định nào",
    "How much does it cost to print the OCOP logo on a label?",
])
def test_an_entry_without_the_fact_is_not_answered(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("giấy chứng nhận ocop có hiệu lực bao lâu", "validity-36-months"),
    ("nop ho so bao lau thi co ket qua", "procedure-how-long"),
    ("danh gia lai truoc bao nhieu ngay", "validity-reeval-window"),
    ("đạt 3 sao được hỗ trợ bao nhiêu tiền", "support-state-support"),
    ("How long is an OCOP certificate valid?", "validity-36-months"),
])
def test_an_entry_with_the_fact_is_still_answered(engine: FaqEngine, text: str,
                                                  entry: str) -> None:
    reply = engine.respond(text)
    assert answered_entry(reply) == entry
