"""FAQ engine, issue 10 round 14: the central dialect's question words, and others found on the
development sets of round 14."""

from __future__ import annotations

import pytest

from knowledge.faq.engine import FaqEngine
from knowledge.faq.normalize import tokens
from tests.support.faq import answered_entry


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


@pytest.mark.parametrize(("dialect", "standard"), [
    ("ocop là cái chi rứa ad", "ocop là cái gì vậy ad"),
    ("chấm theo phiếu mô", "chấm theo phiếu nào"),
    ("hồ sơ nộp ở mô", "hồ sơ nộp ở đâu"),
    ("nâng hạng thì làm răng", "nâng hạng thì làm sao"),
    ("ocop la cai chi rua ad", "ocop la cai gi vay ad"),
    ("nuoc mam thi bo mo chu tri", "nuoc mam thi bo nao chu tri"),
    ("ho so ocop nop o mo", "ho so ocop nop o dau"),
    ("rua hoi dong co cong nhan ko", "vay hoi dong co cong nhan ko"),
])
def test_the_central_dialects_question_words_read_as_the_standard_ones(dialect: str,
                                                                       standard: str) -> None:
    assert tokens(dialect) == tokens(standard)


@pytest.mark.parametrize("text", [
    "chi phí làm hồ sơ", "chi em trong hội phụ nữ", "nhom chi em dong bao thieu so",
    "moi xa chi dc 1 sp", "quy mô sản xuất", "mô hình htx", "mô tả sản phẩm",
    "kem đánh răng thảo dược", "cà phê rang xay", "rua chai truoc khi dong", "nuoc rua chen",
    "thoi gian mo cua", "nấm linh chi",
])
def test_the_same_letters_elsewhere_keep_their_meaning(text: str) -> None:
    assert "gi" not in tokens(text) and "nao" not in tokens(text) and "vay" not in tokens(text)


@pytest.mark.parametrize(("text", "entry"), [
    ("ocop là cái chi rứa ad, ở xã nói hoài mà e chưa hiểu", "concepts-what-is-ocop"),
    ("cam tươi nhà e trồng ở Nghi Lộc thì chấm theo phiếu mô", "criteria-sheets-fresh-raw"),
    ("nuoc mam, mam tom thi bo mo chu tri quan ly", "organisation-group-agencies"),
    ("qd 26 bat dau ap dung tu hom mo rua ad", "objectives-current-decree"),
])
def test_dialect_questions_are_answered(engine: FaqEngine, text: str, entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry
