"""FAQ engine, issue 10 round 7: general rules found on the misses of fresh3.yaml's odd half (a
question naming OCOP needs less evidence, other procedures and platforms, shares and
percentages, English chat words and scores)."""

from __future__ import annotations

import pytest

from knowledge.faq.decide import (
    Signals,
    Thresholds,
    about_a_platform,
    names_ocop,
    obtains_a_food_safety_paper,
    other_programme,
    passes,
)
from knowledge.faq.engine import FaqEngine
from knowledge.faq.english import english_terms, vietnamese_gloss
from knowledge.faq.normalize import tokens
from knowledge.faq.synonyms import concepts


@pytest.mark.parametrize(("text", "named"), [
    ("tỉnh đóng vai trò gì trong toàn bộ việc chấm ocop", True),
    ("sp 4 sao chiem bao nhieu phan tram", True),
    ("phan hang san pham la sao", True),
    ("làm sao mở gian hàng trên shopee ạ", False),
    ("tai sao gia lua giam", False),
])
def test_a_question_names_ocop_by_its_name_stars_or_ranking(text: str, named: bool) -> None:
    assert names_ocop(tokens(text)) is named


def test_a_question_naming_ocop_needs_only_the_lower_evidence_bar() -> None:
    t = Thresholds(answer=0.4, named=0.2, coverage=0.2, known=0.4)
    s = Signals(confidence=0.3, margin=0.1, coverage=0.8, known=1.0, score=0.8)
    assert passes(s, t, 0.3, named=True)
    assert not passes(s, t, 0.3, named=False)
    assert not passes(s, t, 0.15, named=True)


def test_the_named_bar_never_raises_the_answer_bar() -> None:
    t = Thresholds(answer=0.4, named=0.6, coverage=0.2, known=0.4)
    s = Signals(confidence=0.5, margin=0.3, coverage=1.0, known=1.0, score=1.0)
    assert passes(s, t, 0.45, named=True)


def test_the_named_bar_answers_a_chat_question_about_ocop(engine: FaqEngine) -> None:
    reply = engine.respond("tỉnh đóng vai trò gì trong toàn bộ việc chấm ocop")
    assert reply.kind == "answer"
    assert reply.entry is not None and reply.entry.id == "organisation-province-role"


@pytest.mark.parametrize("text", [
    "xin giay chung nhan co so du dk atvstp thi nop o dau, mat bao lau",
    "lam giay chung nhan ve sinh attp mat bao lau",
])
def test_obtaining_a_food_safety_paper_is_another_procedure(engine: FaqEngine, text: str
                                                            ) -> None:
    assert obtains_a_food_safety_paper(tokens(text))
    assert engine.respond(text).kind == "decline"


def test_a_food_safety_paper_asked_about_for_ocop_is_in_scope() -> None:
    words = tokens("cơ sở chưa có giấy ATVSTP thì nộp ocop đc ko")
    assert not other_programme(words)
    assert not obtains_a_food_safety_paper(tokens("giay attp co bat buoc khong"))


@pytest.mark.parametrize(("text", "platform"), [
    ("làm sao mở gian hàng trên shopee ạ", True),
    ("cach dang ky tai khoan zalo", True),
    ("bán hàng trên facebook, tiktok có đc tính điểm ocop ko", False),
    ("ban tren shopee thi tieu chi phan phoi duoc may diem", False),
])
def test_a_selling_platform_is_its_own_business_unless_points_are_asked(
        text: str, platform: bool) -> None:
    assert about_a_platform(tokens(text)) is platform
    assert other_programme(tokens(text)) is platform


def test_atvstp_and_percent_are_read_as_words() -> None:
    assert tokens("giấy ATVSTP") == ("giay", "an", "toan", "ve", "sinh", "thuc", "pham")
    assert tokens("72,1% đạt 3 sao")[:3] == ("72.1", "phan", "tram")
    assert "~share" in concepts(tokens("sp 4 sao chiem bao nhieu phan tram"))
    assert "~when" in concepts(tokens("trien khai tu hoi nao"))


def test_english_chat_words_are_not_topic_words() -> None:
    terms = english_terms("what is this OCOP thing everyone keeps talking about")
    assert terms == ["ocop", "mean"]  # what it is asked, as "what does it mean" asks


@pytest.mark.parametrize(("text", "gloss"), [
    ("If my product scores 93, what star rating is that?", "93 diem sao nao"),
    ("we got a score of 85 how many stars", "85 diem bao nhieu sao"),
    ("my product only got 2 stars", "2 sao"),
])
def test_an_english_score_is_read_before_its_points(text: str, gloss: str) -> None:
    assert vietnamese_gloss(text) == gloss


def test_an_english_score_gets_its_rank(engine: FaqEngine) -> None:
    reply = engine.respond("If my product scores 93, what star rating is that?")
    assert reply.kind == "computed" and reply.computed_kind == "rank"
    assert reply.language == "en"


@pytest.mark.parametrize("text", [
    "tieu chi bao ve moi truong co bat buoc cho 3 sao ko hay tu may sao moi bat buoc",
    "cong bo chat luong san pham bat buoc tu may sao",
])
def test_the_star_minimum_of_more_criteria_is_computed(engine: FaqEngine, text: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == "minimum"


@pytest.mark.parametrize(("text", "office"), [
    ("chu tich tinh son la la ai", True),
    ("ai la bo truong bo nong nghiep", True),
    ("chủ tịch UBND xã có vai trò gì trong OCOP", False),
    ("ai la nguoi cham diem", False),
])
def test_who_holds_an_office_is_not_in_the_entries(text: str, office: bool) -> None:
    from knowledge.faq.decide import asks_who_holds_an_office

    assert asks_who_holds_an_office(tokens(text)) is office


def test_poverty_programmes_are_other_programmes(engine: FaqEngine) -> None:
    assert engine.respond("ho tro nha o cho ho ngheo bao nhieu tien").kind == "decline"
    assert not other_programme(tokens("ocop co ho tro ho ngheo khong"))


def test_the_star_minimum_for_a_named_product_reads_its_own_sheet(engine: FaqEngine) -> None:
    reply = engine.respond("nước mắm nhà e thì công bố chất lượng sản phẩm là bắt buộc từ mấy sao")
    assert reply.kind == "computed" and reply.computed_kind == "minimum"
    assert reply.computed is not None and reply.computed.sheets == (9,)
    assert "(phiếu 9)" in reply.text and "cả 1 phiếu" not in reply.text


@pytest.mark.parametrize(("text", "kind", "sheet", "star"), [
    ("che shan tuyet lam sao de len 4 sao", "level", 11, 4),
    ("ruou ngo muon dat 3 sao thi lam the nao", "level", 14, 3),
    ("ruou co duoc tham gia ocop ko", "which_sheet", 14, None),
])
def test_how_a_named_product_reaches_a_rank_or_whether_it_can_join(
        engine: FaqEngine, text: str, kind: str, sheet: int, star: int | None) -> None:
    """Found by a user trial: both were declined and offered to an officer."""
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == kind
    assert reply.computed is not None and reply.computed.sheets == (sheet,)
    assert f"phiếu {sheet}" in reply.text
    if star is not None:
        assert f"Để đạt {star} sao" in reply.text
