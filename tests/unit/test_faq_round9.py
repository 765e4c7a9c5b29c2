"""FAQ engine, issue 10 round 9: out-of-scope topic families no entry holds (decide.py), stated
as word lists; each is checked here against the entries so that none declines what an entry
answers."""

from __future__ import annotations

import pytest

from knowledge.faq.computed import reports_a_score
from knowledge.faq.decide import (
    OTHER_FAMILIES,
    UNHELD_TOPICS,
    _agency_entry,
    asks_a_price,
    never_answered,
    opens_a_business,
    other_programme,
    ranks_places,
    smalltalk,
)
from knowledge.faq.engine import FaqEngine, asks_why
from knowledge.faq.model import FaqEntry, load_entries
from knowledge.faq.normalize import tokens


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_entries()


def _texts(entry: FaqEntry) -> list[tuple[str, ...]]:
    return [tokens(t) for t in (entry.question, entry.answer_vi, entry.question_en,
                                entry.answer_en, *entry.paraphrases, *entry.paraphrases_en) if t]


def _holds(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(words[i:i + len(phrase)] == phrase for i in range(len(words)))


# Where a family's words do appear in an entry, and why the family still holds no answer.
KNOWN_MENTIONS: dict[tuple[str, ...], set[str]] = {
    # "làm ocop có được vay vốn ưu đãi ko", a paraphrase that names OCOP: credit is OCOP support
    ("vay", "von"): {"support-state-support"},
}


@pytest.mark.parametrize("phrase", [*OTHER_FAMILIES, *UNHELD_TOPICS])
def test_no_entry_holds_a_declined_family(entries: list[FaqEntry],
                                          phrase: tuple[str, ...]) -> None:
    holding = {e.id for e in entries if any(_holds(w, phrase) for w in _texts(e))}
    assert holding <= KNOWN_MENTIONS.get(phrase, set()), phrase


def test_no_entry_question_is_declined_by_the_word_rules(entries: list[FaqEntry]) -> None:
    # "which certifications like VietGAP or ISO count" was declined before round 9 (a quality
    # standard asked without points); round 9 adds none.
    declined = [t for e in entries for t in (e.question, *e.paraphrases, *e.paraphrases_en)
                if other_programme(tokens(t))]
    assert declined == ["which certifications like VietGAP or ISO count"]


@pytest.mark.parametrize("text", [
    "muốn vay vốn mua máy đóng gói thì làm hồ sơ gì",
    "xin cấp mã vạch cho gói trà mất mấy ngày",
    "xuat khau mien dong sang han quoc can giay to gi",
    "bón phân gì cho cây mận ra nhiều quả",
    "gửi hàng ra Hà Nội thì vận chuyển bên nào rẻ",
    "làm website bán hàng cho htx hết bao nhiêu",
    "bhyt cho xã viên đóng ở đâu",
    "cho e công thức làm mứt gừng",
    "mua chai thủy tinh ở đâu rẻ",
    "hội chợ nông sản năm nay ở đâu",
    "thủ tục thành lập hợp tác xá mất bao lâu",
    "cho xin số điện thoại phó chủ tịch huyện",
    "how can I borrow money to buy a dryer",
    "where can I get packaging shipped cheapest",
])
def test_a_family_no_entry_holds_is_declined(engine: FaqEngine, text: str) -> None:
    assert other_programme(tokens(text))
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize("text", [
    "sản phẩm OCOP phải nộp thuế thu nhập không",
    "htx có sp ocop vay ngân hàng lãi suất bao nhiêu",
    "chương trình OTOP khác OCOP thế nào",
    "sản phẩm OCOP nào bán chạy",
    "tỉnh nào có nhiều sản phẩm ocop 4 sao nhất",
])
def test_taxes_rates_otop_best_sellers_and_province_rankings_even_of_ocop(
        engine: FaqEngine, text: str) -> None:
    assert never_answered(tokens(text))
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize("text", [
    "OCOP có hỗ trợ vay vốn không",  # credit access is OCOP support (support-state-support)
    "mã vạch có được cộng điểm không",  # a question on points is OCOP's
    "hồ sơ có cần phiếu kiểm nghiệm, còn mã vạch thì sao",  # evidence in a dossier
    "tỉnh nào làm ocop đầu tiên",  # objectives-history
    "hộ kinh doanh chưa đăng ký kinh doanh có tham gia được không",
    "sản phẩm ocop có hướng tới xuất khẩu không",
    "số điện thoại cán bộ ocop xã",  # support-find-officer
])
def test_what_an_entry_answers_is_not_declined(text: str) -> None:
    assert not other_programme(tokens(text))


def test_which_place_has_most_is_a_ranking_only_with_a_superlative() -> None:
    assert ranks_places(tokens("xã nào nhiều sản phẩm nhất"))
    assert not ranks_places(tokens("xã nào được làm OCOP"))


def test_opening_a_business_needs_a_procedure_cue_and_not_joining() -> None:
    assert opens_a_business(tokens("đăng ký hộ kinh doanh mất mấy ngày"))
    assert not opens_a_business(tokens("đăng ký hộ kinh doanh"))
    assert not opens_a_business(tokens("chưa đăng ký hộ kinh doanh ở đâu cũng tham gia được"))


@pytest.mark.parametrize(("text", "priced"), [
    ("máy hút chân không giá bao nhiêu", True),
    ("what is the price of dried bamboo shoots", True),
    ("hội đồng đánh giá bao nhiêu lần", False),  # "đánh giá" evaluates
    ("tham gia bao nhiêu sản phẩm", False),
])
def test_a_price_asked_plainly(text: str, priced: bool) -> None:
    assert asks_a_price(tokens(text)) is priced


@pytest.mark.parametrize(("text", "kind"), [
    ("Chào trợ lý OCOP ạ", "greeting"),
    ("cảm ơn bot OCOP nhé", "thanks"),
    ("ocop", None),  # the name alone greets no one
    ("chào ad, ocop là gì", None),
])
def test_the_bot_greeted_by_its_name_is_small_talk(text: str, kind: str | None) -> None:
    assert smalltalk(tokens(text)) == kind


@pytest.mark.parametrize(("text", "why"), [
    ("được 72 điểm mà vẫn không được 4 sao vì sao", True),
    ("why did 72 points not give me 4 stars", True),
    ("được 72 điểm thì mấy sao", False),
])
def test_a_score_that_missed_its_rank_asks_why(text: str, why: bool) -> None:
    assert asks_why(f" {' '.join(tokens(text))} ") is why


def test_why_a_score_missed_its_rank_gets_the_entry_not_the_rank(engine: FaqEngine) -> None:
    reply = engine.respond("sp e 78 điểm mà vẫn chưa được 4 sao ạ")
    assert (reply.kind, reply.entry and reply.entry.id) == ("answer", "criteria-star-marks")
    assert engine.respond("sp e 78 điểm thì được mấy sao ạ").computed_kind == "rank"


def test_which_body_is_in_charge_gets_an_entry_on_the_bodies(engine: FaqEngine) -> None:
    text = "đồ thủ công mỹ nghệ thì bộ nào quản lý ạ"
    # the crafts sheet's entry matches the product better; the question asks the ministry
    assert engine.index.entries[engine.search(text).hits[0].entry].id == "criteria-sheets-crafts"
    reply = engine.respond(text)
    assert reply.entry is not None and reply.entry.id == "organisation-group-agencies"


def test_which_set_is_not_which_body() -> None:
    assert _agency_entry(tokens("sản phẩm này chấm theo bộ nào"), []) is None


@pytest.mark.parametrize(("text", "kind"), [
    ("bánh pía nhà e chấm 79đ", "rank"),  # a total reported without a word of rank
    ("88d", "rank"),
])
def test_a_reported_total_gets_its_rank(engine: FaqEngine, text: str, kind: str) -> None:
    assert engine.respond(text).computed_kind == kind


@pytest.mark.parametrize("text", [
    "tổng điểm OCOP là 100 điểm hả",  # asks about the structure
    "phần B được 30 điểm",  # a part, not the total
    "công ty e được cộng 5 điểm",  # points added
    "htx e được 70 điểm, có cần bổ sung gì không",  # asks something else
    "45 điểm",  # what "my product only got 45 points, what now" glosses to
])
def test_what_is_not_a_reported_total(text: str) -> None:
    assert not reports_a_score(tokens(text))


@pytest.mark.parametrize("question", [
    "sản phẩm OCOP có được miễn thuế GTGT không",  # UNHELD_TOPICS
    "mua chai thủy tinh đựng mật ong ở đâu rẻ",  # OTHER_FAMILIES
])
def test_an_officers_added_entry_answers_a_declined_family(question: str) -> None:
    engine = FaqEngine.load()
    assert engine.respond(question).kind == "decline"
    engine.add_entry({"id": "officer-9", "question": question,
                      "answer_vi": "Câu trả lời của cán bộ."})
    reply = engine.respond(question)
    assert reply.kind == "answer" and reply.entry is not None and reply.entry.id == "officer-9"
