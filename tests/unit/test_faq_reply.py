"""FAQ engine, issue 10: the decision rule, computed answers, English, small talk, and the
question test for other flows."""

from __future__ import annotations

import pytest

from knowledge.criteria.loader import SHEETS_DIR
from knowledge.faq import Answer, CriterionAnswer, FaqEngine, NoAnswer, Thresholds
from knowledge.faq.engine import Reply, looks_like_question

needs_sheets = pytest.mark.skipif(not any(SHEETS_DIR.glob("*.yaml")), reason="no sheets yet")


def _computed(reply: Reply) -> CriterionAnswer:
    assert reply.kind == "computed" and reply.computed is not None, reply
    return reply.computed


# --- computed answers --------------------------------------------------------------------


@needs_sheets
@pytest.mark.parametrize(
    ("query", "stars"),
    [("89 diem thi dc hang may vay ad", "4 sao"), ("được 91 điểm thì mấy sao", "5 sao"),
     ("45 diem dc sao nao", "2 sao"), ("65 diem thi xep hang j", "3 sao")],
)
def test_a_score_gets_its_rank(engine: FaqEngine, query: str, stars: str) -> None:
    answer = _computed(engine.respond(query))
    assert answer.kind == "rank" and f"<b>{stars}</b>" in answer.text_vi


@needs_sheets
def test_a_low_score_is_told_it_gets_no_certificate(engine: FaqEngine) -> None:
    assert "không được cấp giấy chứng nhận" in _computed(engine.respond("28 diem may sao")).text_vi


@needs_sheets
@pytest.mark.parametrize("query", ["sp cua em dc 45 diem thi dc may sao", "28 diem may sao"])
def test_a_rank_below_3_stars_mentions_no_minima(engine: FaqEngine, query: str) -> None:
    answer = _computed(engine.respond(query))
    assert "tối thiểu" not in answer.text_vi and "minimum" not in answer.text_en


@needs_sheets
@pytest.mark.parametrize("query", ["65 diem thi xep hang j", "89 diem thi dc hang may vay ad"])
def test_a_rank_of_3_stars_or_more_mentions_its_minima(engine: FaqEngine, query: str) -> None:
    answer = _computed(engine.respond(query))
    assert "mức tối thiểu có dấu sao" in answer.text_vi and "minimum" in answer.text_en


@needs_sheets
@pytest.mark.parametrize(("query", "points"), [("phần C tối đa bao nhiêu điểm", "35 điểm"),
                                               ("phan a toi da may diem", "40 điểm")])
def test_a_part_gets_its_maximum(engine: FaqEngine, query: str, points: str) -> None:
    answer = _computed(engine.respond(query))
    assert answer.kind == "part_max" and f"<b>{points}</b>" in answer.text_vi


@needs_sheets
def test_a_household_scores_one_point_on_criterion_3_1(engine: FaqEngine) -> None:
    answer = _computed(engine.respond("ho gia dinh thi tieu chi loai hinh to chuc dc may diem"))
    assert answer.kind == "option" and answer.code == "3.1"
    assert "<b>1 điểm</b>" in answer.text_vi and "cả 26 phiếu" in answer.text_vi


@needs_sheets
@pytest.mark.parametrize("query", ["đại diện là nữ có được cộng điểm không",
                                   "giam doc la nguoi dan toc thieu so thi dc them diem ko"])
def test_the_representative_point_is_found(engine: FaqEngine, query: str) -> None:
    answer = _computed(engine.respond(query))
    assert answer.kind == "option" and answer.code == "3.2" and "<b>1 điểm</b>" in answer.text_vi


@needs_sheets
def test_packaging_minimum_for_three_stars(engine: FaqEngine) -> None:
    answer = _computed(engine.respond("bao bì thế nào thì đạt 3 sao"))
    assert answer.kind == "minimum" and answer.code == "2.2"
    assert "3 sao: từ 2 điểm" in answer.text_vi and "4 sao" not in answer.text_vi


@needs_sheets
def test_traceability_is_a_four_star_minimum(engine: FaqEngine) -> None:
    answer = _computed(engine.respond("truy xuất nguồn gốc cần cho mấy sao"))
    assert answer.kind == "minimum" and "<b>4 sao</b>" in answer.text_vi
    assert "2.3" in answer.text_vi and "5.1" in answer.text_vi


@needs_sheets
def test_label_never_lands_on_the_tourism_goods_criterion(engine: FaqEngine) -> None:
    answer = engine.criteria.answer("nhãn mác được mấy điểm")
    assert answer is not None and "Hàng hóa dịch vụ" not in answer.text_vi
    assert 26 not in answer.sheets
    assert "Phong cách, ghi nhãn hàng hóa" in answer.text_vi


# --- English -----------------------------------------------------------------------------


def test_an_english_question_is_answered_in_english(engine: FaqEngine) -> None:
    reply = engine.respond("How long is an OCOP certificate valid?")
    assert reply.kind == "answer" and reply.language == "en"
    assert reply.entry is not None and reply.entry.id == "validity-36-months"
    assert reply.text == reply.entry.answer_en


def test_an_english_user_gets_english_for_a_vietnamese_question(engine: FaqEngine) -> None:
    reply = engine.respond("giấy chứng nhận ocop có hiệu lực bao lâu", locale="en")
    assert reply.language == "en" and reply.entry is not None
    assert reply.text == reply.entry.answer_en


@pytest.mark.parametrize("text", ["ocop la gi", "to chuc san xuat co may diem", "do an nhanh"])
def test_accentless_vietnamese_is_not_taken_for_english(engine: FaqEngine, text: str) -> None:
    assert not engine.is_english(text)


@needs_sheets
def test_an_english_score_question_is_computed_in_english(engine: FaqEngine) -> None:
    reply = engine.respond("78 points how many stars")
    assert reply.language == "en" and "<b>4 stars</b>" in reply.text


# --- small talk and the decision rule ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [("chào ad", "greeting"), ("hello there", "greeting"), ("cảm ơn bot nhé", "thanks"),
     ("thanks a lot", "thanks")],
)
def test_greeting_and_thanks_are_distinct(engine: FaqEngine, text: str, kind: str) -> None:
    assert engine.respond(text).kind == kind
    assert engine.ask(text) == NoAnswer("smalltalk")  # the original API is unchanged


@pytest.mark.parametrize("text", ["🙏", "👍", "❤️", "🥰", "🙏🏻🙏🏻", " 👍 ! "])
def test_a_thank_you_emoji_alone_is_thanks(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "thanks"


@pytest.mark.parametrize(("text", "kind"), [("😀", "empty"), ("chào ad 🙏", "greeting")])
def test_other_emoji_and_words_beside_an_emoji_keep_their_kind(engine: FaqEngine, text: str,
                                                                kind: str) -> None:
    assert engine.respond(text).kind == kind


def test_an_out_of_scope_question_is_declined(engine: FaqEngine) -> None:
    assert engine.respond("giá sầu riêng hôm nay bao nhiêu").kind == "decline"


def test_numbers_and_place_names_are_not_unknown_words(engine: FaqEngine) -> None:
    plain = engine.index.search("hồ sơ ocop nộp ở đâu")
    placed = engine.index.search("hồ sơ ocop Tà Xùa 1234 nộp ở đâu")
    assert engine.index.coverage(placed) == pytest.approx(engine.index.coverage(plain))
    assert engine.index.known_share(placed.terms) == 1.0
    unknown = engine.index.search("hồ sơ ocop bóng đá nộp ở đâu")  # not a place
    assert engine.index.known_share(unknown.terms) < 1.0


def test_words_of_an_answer_count_toward_coverage() -> None:
    small = FaqEngine([], sheets={})
    small.add_entries([
        {"id": "story", "question": "Câu chuyện sản phẩm là gì?",
         "answer_vi": "Câu chuyện được in trên tờ rơi và website.",
         "paraphrases": ["cau chuyen sp"]},
        {"id": "other", "question": "Logo OCOP có ý nghĩa gì?", "answer_vi": "Bốn màu.",
         "paraphrases": ["y nghia logo"]},
    ])
    result = small.index.search("câu chuyện in tờ rơi")
    assert small.index.coverage(result) == 1.0


def test_a_sibling_that_also_holds_the_fact_is_offered_as_related() -> None:
    small = FaqEngine([], sheets={}, thresholds=Thresholds(answer=0.2, margin=0.5,
                                                           coverage=0.2, known=0.4))
    small.add_entries([
        {"id": "three", "question": "Bao nhiêu điểm thì được 3 sao?", "answer_vi": "50 đến 70.",
         "paraphrases": ["3 sao can may diem"], "related": ["four"]},
        {"id": "four", "question": "Bao nhiêu điểm thì được 4 sao?", "answer_vi": "70 đến 90.",
         "paraphrases": ["4 sao can may diem"], "related": ["three"]},
        {"id": "logo", "question": "Logo OCOP có ý nghĩa gì?", "answer_vi": "Bốn màu.",
         "paraphrases": ["y nghia logo"]},
    ])
    reply = small.respond("bao nhiêu điểm thì được sao")
    assert reply.kind == "answer" and reply.entry is not None
    assert [e.id for e in reply.related] == [({"three", "four"} - {reply.entry.id}).pop()]
    assert isinstance(small.ask("bao nhiêu điểm thì được sao"), Answer)


def test_non_siblings_that_tie_are_suggested() -> None:
    small = FaqEngine([], sheets={}, thresholds=Thresholds(answer=0.2, margin=0.5,
                                                           coverage=0.2, known=0.4))
    small.add_entries([
        {"id": "first", "question": "Hồ sơ lần đầu gồm những gì?", "answer_vi": "Mẫu 01.",
         "paraphrases": ["ho so lan dau"]},
        {"id": "renew", "question": "Hồ sơ đánh giá lại gồm những gì?", "answer_vi": "Mẫu 02.",
         "paraphrases": ["ho so danh gia lai"]},
    ])
    reply = small.respond("hồ sơ gồm những gì")
    assert reply.kind == "suggestions" and {e.id for e in reply.suggestions} == {"first", "renew"}


# --- a question typed inside another flow ---------------------------------------------------


@pytest.mark.parametrize("text", ["hồ sơ nộp ở đâu?", "cho hoi ocop la gi",
                                  "giay chung nhan hieu luc bao lau", "how long is it valid"])
def test_questions_look_like_questions(text: str) -> None:
    assert looks_like_question(text)


@pytest.mark.parametrize("text", ["3", "12,5", "Có", "hợp tác xã", "Sơn La", "chè shan tuyết"])
def test_step_answers_do_not_look_like_questions(text: str) -> None:
    assert not looks_like_question(text)
