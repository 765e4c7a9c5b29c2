"""FAQ engine, issue 10 round 8: general rules found on the misses of fresh4.yaml's odd half
(small talk that praises or checks someone is there, what no entry says even of OCOP)."""

from __future__ import annotations

import pytest

from knowledge.faq.computed import Share, asks_points, option_share, stated_share
from knowledge.faq.decide import (
    NEVER_ANSWERED,
    names_ocop,
    never_answered,
    other_programme,
    smalltalk,
)
from knowledge.faq.engine import FaqEngine
from knowledge.faq.english import english_terms, vietnamese_gloss
from knowledge.faq.evaluate import (
    FRESH4_PATH,
    QUESTIONS_DIR,
    load_questions,
    load_tuning_questions,
)
from knowledge.faq.normalize import normalize, tokens
from knowledge.faq.synonyms import concepts


@pytest.mark.parametrize(("text", "kind"), [
    ("ad oi co ai ko", "greeting"),
    ("có ai ở đây không ạ", "greeting"),
    ("hay quá, em cảm ơn nhé", "thanks"),
    ("tuyệt vời, cảm ơn ad", "thanks"),
    ("Thanks, that was really helpful", "thanks"),
])
def test_praise_and_a_presence_check_are_small_talk(text: str, kind: str) -> None:
    assert smalltalk(normalize(text).folded) == kind


@pytest.mark.parametrize("text", [
    "có ai hỗ trợ làm hồ sơ ocop không",
    "co ai biet ocop la gi khong",
    "hay quá",  # praise alone thanks no one
])
def test_a_question_or_bare_praise_is_not_small_talk(text: str) -> None:
    assert smalltalk(normalize(text).folded) is None


@pytest.mark.parametrize("text", [
    "bo phan mot cua ubnd xa lam viec may gio",
    "hội chợ ocop thứ 7 có mở không",
    "thành viên hội đồng chấm ocop được trả thù lao bao nhiêu",
    "tem truy xuất nguồn gốc mua ở đâu",
])
def test_office_hours_pay_and_shopping_are_declined(engine: FaqEngine, text: str) -> None:
    assert other_programme(tokens(text))
    assert engine.respond(text).kind == "decline"


def test_the_never_answered_phrases_leave_ocop_questions_alone() -> None:
    assert not never_answered(tokens("hồ sơ ocop nộp ở đâu"))
    assert not never_answered(tokens("tiêu chí thứ 7 của phần B là gì"))
    assert not other_programme(tokens("sản phẩm ocop bán ở đâu"))


def test_every_never_answered_phrase_is_spelled_as_questions_are_read() -> None:
    assert [p for p in NEVER_ANSWERED if tokens(" ".join(p)) != p] == []


def test_every_set_evaluated_once_is_tuned_on() -> None:
    tuning = {q.text for q in load_tuning_questions()}
    assert {q.text for q in load_questions(FRESH4_PATH)} <= tuning
    assert {q.text for q in load_questions(QUESTIONS_DIR / "fresh6.yaml")} <= tuning


def test_a_clause_answers_a_run_on_message_when_the_whole_agrees(engine: FaqEngine) -> None:
    # The clause's entry is a sibling of the whole message's best entry.
    reply = engine.respond("chao ad, htx em dc 3 sao nam 2023 gio het han chua, hieu luc bao lau "
                           "vay")
    assert reply.entry is not None and reply.entry.id == "validity-36-months"


@pytest.mark.parametrize(("text", "clause_entry"), [
    ("What's Son La's OCOP tally, and how many of those are 4-star?", "criteria-four-star"),
    ("lo chi dc 2 sao thi cong suc co coi nhu bo ko, co giay to gi ko", "concepts-certificate"),
])
def test_a_clause_whose_entry_the_whole_ranks_lower_does_not_answer(
        engine: FaqEngine, text: str, clause_entry: str) -> None:
    best_whole = engine.search(text, engine.is_english(text)).hits[0]
    assert engine.entries[best_whole.entry].id != clause_entry
    reply = engine.respond(text)
    assert reply.entry is None or reply.entry.id != clause_entry


@pytest.mark.parametrize(("text", "asks"), [
    (" htx duoc cong may diem ", True),
    (" co website thi duoc cong them ", True),
    (" cty chua duoc cong nhan ma dan tem thi sao ", False),
    (" san pham duoc cong bo chat luong roi ", False),
])
def test_recognised_or_declared_is_not_points_added(text: str, asks: bool) -> None:
    assert asks_points(text) is asks


def test_a_company_not_yet_recognised_gets_no_option_points(engine: FaqEngine) -> None:
    reply = engine.respond("cty e dan tem ocop len ca lo hang chua dc cong nhan, bi phat hien "
                           "thi hau qua ra sao")
    assert reply.computed_kind != "option"


@pytest.mark.parametrize("text", ["hậu quả ra sao", "bị xử lý thế nào", "có bị phạt không",
                                  "bị xử phạt ra sao"])
def test_consequences_name_the_penalty_concept(text: str) -> None:
    assert "~penalty" in concepts(tokens(text))


@pytest.mark.parametrize(("text", "share"), [
    ("Có sử dụng từ 25% đến dưới 50% lao động", Share(25, True, 50, False)),
    ("Có sử dụng từ 50% đến 75% lao động", Share(50, True, 75, True)),
    ("Có từ 50 - 75% lao động tham gia quản lý", Share(50, True, 75, True)),
    ("Có sử dụng ≥ 75% lao động là người trên địa bàn", Share(75, True, 100, True)),
    ("Có hợp đồng liên kết trên 75% sản lượng tiêu thụ", Share(75, False, 100, True)),
    ("nhưng có tỷ lệ dưới 50%", Share(0, True, 50, False)),
    ("Có website bán hàng", None),
])
def test_an_options_stated_share_is_read(text: str, share: Share | None) -> None:
    assert option_share(text) == share


@pytest.mark.parametrize(("text", "share"), [
    ("dung 60% lao dong trong xa", 60.0),
    ("dung tren 80% lao dong", 80.5),
    ("duoi 50% nguyen lieu", 49.5),
    ("3 sao dung 60% lao dong", 60.0),
    ("60% lao dong va 80% nguyen lieu", None),  # two shares: which one is asked is unclear
    ("lao dong dia phuong may diem", None),
])
def test_the_share_a_question_states_is_read(text: str, share: float | None) -> None:
    assert stated_share(tokens(text)) == share


@pytest.mark.parametrize(("text", "points"), [
    ("homestay e dung tren 80% lao dong trong xa thi tieu chi lao dong dia phuong dc may diem",
     "≥ 75%"),
    ("xuong mien dung 60% lao dong trong xa, muc lao dong dia phuong dc may diem",
     "từ 50% đến 75%"),
    ("dùng 30% lao động địa phương thì tiêu chí lao động được mấy điểm", "từ 25% đến dưới 50%"),
])
def test_a_stated_share_picks_the_option_that_holds_it(engine: FaqEngine, text: str,
                                                       points: str) -> None:
    reply = engine.respond(text)
    assert reply.computed_kind == "option"
    assert points in reply.text


@pytest.mark.parametrize("text", [
    "hop tac xa lam nuoc mam thi loai hinh to chuc duoc bao nhieu diem",
    "If our cooperative makes fish sauce, how many points do we get for organisation type?",
])
def test_a_participant_asking_its_points_for_a_named_product_gets_that_sheets_option(
        engine: FaqEngine, text: str) -> None:
    reply = engine.respond(text)
    assert reply.computed_kind == "option"
    assert reply.computed is not None and reply.computed.code == "3.1"


def test_whether_a_participant_earns_points_is_not_how_many(engine: FaqEngine) -> None:
    # "tiêu" also names pepper's sheet: only a plain "bao nhiêu điểm" reads an option there.
    reply = engine.respond("hop dong bao tieu voi cong ty co giup tang diem ko")
    assert reply.computed_kind != "option"


@pytest.mark.parametrize(("text", "other"), [
    ("tieu chuan vietgap cho rau la gi", True),
    ("chứng nhận GlobalGAP do ai cấp", True),
    ("co chung nhan vietgap cho vuon cam thi co loi gi khi cham", False),
    ("có VietGAP thì tiêu chí vùng nguyên liệu được mấy điểm", False),
    ("Would a GlobalGAP certificate raise our points?", False),
])
def test_a_quality_standard_is_ocops_when_scoring_is_asked(text: str, other: bool) -> None:
    assert other_programme(tokens(text)) is other


def test_a_standard_asked_about_with_scoring_is_answered(engine: FaqEngine) -> None:
    reply = engine.respond("co chung nhan vietgap cho vuon cam thi co loi gi khi cham")
    assert reply.entry is not None and reply.entry.id == "trends-quality-standards"


def test_an_option_described_for_a_named_product_gets_its_points(engine: FaqEngine) -> None:
    reply = engine.respond("rau nhà e có chứng nhận VietGAP thì tiêu chí vùng nguyên liệu đc "
                           "mấy điểm")
    assert reply.computed_kind == "option"
    assert "VietGAP" in reply.text


def test_what_a_standard_requires_is_not_an_options_points(engine: FaqEngine) -> None:
    assert engine.respond("tieu chuan vietgap cho rau gom nhung yeu cau cu the gi").kind == (
        "decline")


@pytest.mark.parametrize(("text", "concept"), [
    ("định nghĩa sản phẩm ocop", "~define"),
    ("khái niệm chủ thể", "~define"),
    ("thế nào là sản phẩm ocop", "~define"),
    ("sp phải có những đặc điểm gì", "~define"),
    ("co ai bao cho ko", "~notify"),
    ("kết quả được thông báo thế nào", "~notify"),
    ("khi nao nhan ket qua", "~notify"),
])
def test_definitions_and_notifications_name_their_concepts(text: str, concept: str) -> None:
    assert concept in concepts(tokens(text))


def test_who_tells_a_producer_its_stars_is_the_notification(engine: FaqEngine) -> None:
    reply = engine.respond("lam sao biet minh đc may sao, co ai bao cho ko")
    assert reply.entry is not None and reply.entry.id == "procedure-results-notification"


@pytest.mark.parametrize(("text", "terms"), [
    ("products at the top rank", ["product", "5", "star"]),
    ("what is the highest rating", ["5", "star"]),
    ("top tier products", ["5", "star", "product"]),
    ("switch to english pls", ["switch", "english"]),
])
def test_the_top_rank_is_five_stars_and_pls_is_a_chat_word(text: str, terms: list[str]) -> None:
    assert english_terms(text) == terms


def test_the_top_rank_nationwide_is_the_star_breakdown(engine: FaqEngine) -> None:
    reply = engine.respond("Roughly how many products nationwide have made it to the top rank?")
    assert reply.entry is not None and reply.entry.id == "figures-star-breakdown"


def test_an_english_question_naming_stars_names_ocop(engine: FaqEngine) -> None:
    result = engine.search("how many products reached the top rank", english=True)
    assert names_ocop(result.words)
    assert not names_ocop(engine.search("how many products are sold", english=True).words)


def test_a_named_products_criterion_yields_to_an_entry_when_points_are_not_asked(
        engine: FaqEngine) -> None:
    text = "diem du lich cong dong co quay ban sp ocop cua ban thi co dc cong diem ko"
    assert engine.criteria.answer(text) is not None  # the tourism sheet's criterion
    reply = engine.respond(text)
    assert reply.kind == "answer"
    assert reply.entry is not None and reply.entry.id == "trends-community-tourism"


def test_a_named_products_criterion_answers_when_its_points_are_asked(engine: FaqEngine) -> None:
    reply = engine.respond("tieu chi lien ket san xuat rau qua dc may diem")
    assert reply.computed_kind == "criterion"


@pytest.mark.parametrize("text", ["ca phe ca cao thuoc bo nao chu tri quan ly vay",
                                  "chè do bộ nào quản lý"])
def test_a_ministry_in_charge_is_not_a_set_of_criteria(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).computed_kind != "which_sheet"


def test_which_set_a_product_belongs_to_is_still_its_sheet(engine: FaqEngine) -> None:
    assert engine.respond("ca phe thuoc bo nao").computed_kind == "which_sheet"


def test_an_english_share_of_local_labour_is_glossed() -> None:
    gloss = vietnamese_gloss("We employ 80% local workers, how many points for local labour?")
    assert "80 phan tram lao dong dia phuong" in gloss
    assert "bao nhieu diem" in gloss


def test_an_english_share_picks_its_option(engine: FaqEngine) -> None:
    reply = engine.respond("Our co-op employs about 60% local workers, how many points is that "
                           "for local labour?")
    assert reply.computed_kind == "option"
    assert "50%" in reply.text


@pytest.mark.parametrize("text", ["what time is it", "what are your opening hours"])
def test_the_clock_and_opening_hours_are_declined_in_english(engine: FaqEngine,
                                                             text: str) -> None:
    assert engine.respond(text).kind == "decline"


def test_a_stated_share_outweighs_the_participant_who_asks(engine: FaqEngine) -> None:
    reply = engine.respond("htx e dung 60% lao dong dia phuong thi dc may diem")
    assert reply.computed is not None and reply.computed.code == "3.3"
    assert "từ 50% đến 75%" in reply.text


def test_an_officers_added_entry_answers_what_the_shipped_entries_never_hold() -> None:
    """Office hours are declined as no shipped entry holds them; an officer's answer made an
    entry holds them, and the question it came from is answered."""
    engine = FaqEngine.load()
    question = "cán bộ OCOP xã Tà Xùa làm việc mấy giờ"
    assert engine.respond(question).kind == "decline"
    engine.add_entry({"id": "officer-1", "question": question,
                      "answer_vi": "Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu."})
    reply = engine.respond(question)
    assert reply.kind == "answer" and reply.entry is not None and reply.entry.id == "officer-1"
