"""FAQ engine, issue 10 round 11: what a run-on message's clause may answer."""

from __future__ import annotations

import pytest

from knowledge.faq.engine import FaqEngine
from tests.support.faq import answered_entry


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


def test_a_clause_that_names_no_topic_answers_nothing(engine: FaqEngine) -> None:
    # "mất bao lâu" alone matched the re-evaluation entry, which the stamp is not about.
    assert engine.respond("đóng dấu giáp lai hồ sơ ở đâu, mất bao lâu").kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("sp em 3 sao năm 2024, hiệu lực bao lâu vậy", "validity-36-months"),
    ("ocop la j vay ad, e moi nghe", "concepts-what-is-ocop"),
    ("chào ad, chủ thể là gì ạ", "concepts-chu-the"),
])
def test_a_clause_that_names_its_topic_still_answers(engine: FaqEngine, text: str,
                                                     entry: str) -> None:
    reply = engine.respond(text)
    assert answered_entry(reply) == entry


@pytest.mark.parametrize(("text", "says"), [
    ("mây tre đan muốn 5 sao thì thiết kế độc đáo phải đạt mức nào", "cần tối thiểu mức 5 điểm"),
    ("sp hoa cắt cành muốn 4 sao thì bao bì ghi nhãn phải đạt mức nào", "Để đạt 4 sao"),
    ("tiêu chí 1.1 nguồn nguyên liệu của nước mắm có dấu sao ko", "mức tối thiểu cho 3 sao"),
])
def test_the_level_a_named_criterion_needs_is_its_star_minimum(engine: FaqEngine, text: str,
                                                               says: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed"
    assert reply.computed is not None and reply.computed.kind == "minimum"
    assert says in reply.text


def test_a_criterion_asked_without_a_level_is_listed(engine: FaqEngine) -> None:
    reply = engine.respond("rượu trắng tiêu chí màu sắc được mấy điểm")
    assert reply.computed is not None and reply.computed.kind == "criterion"


@pytest.mark.parametrize(("text", "points"), [
    # the option's words are the criterion's own ("màu") and generic ones ("không", "trong")
    ("rượu của em trong suốt không màu thì tiêu chí màu sắc được bao nhiêu điểm", "3 điểm"),
    ("ruou trang nha minh trong suot khong mau thi tieu chi mau sac dc may d", "3 điểm"),
    # honey's two sheets number the criterion 10 and 9 but give the option alike
    ("cơ sở mật ong có chứng nhận HACCP theo tiêu chuẩn quốc gia thì đảm bảo chất lượng được "
     "mấy điểm", "3 điểm"),
])
def test_the_option_a_question_quotes_is_given(engine: FaqEngine, text: str,
                                               points: str) -> None:
    reply = engine.respond(text)
    assert reply.computed is not None and reply.computed.kind == "option"
    assert f"<b>{points}</b>" in reply.text


def test_an_option_asking_more_than_the_question_states_is_not_given(engine: FaqEngine) -> None:
    # "có HACCP" fits the national (3 points) and the international (5 points) option; the
    # international one also asks export conditions the question does not state (round 14)
    reply = engine.respond("cơ sở sơ chế rau có HACCP thì tiêu chí đảm bảo chất lượng được mấy "
                           "điểm")
    assert reply.computed is not None and "<b>3 điểm</b>" in reply.computed.text


@pytest.mark.parametrize(("text", "stars"), [
    ("htx em cham o tinh dc 91 diem, vay la 5 sao luon ha", "5 sao"),
    ("hội đồng chấm 49 điểm, vậy là trượt hả ad", "2 sao"),
])
def test_a_score_with_its_rank_to_confirm_is_ranked(engine: FaqEngine, text: str,
                                                    stars: str) -> None:
    reply = engine.respond(text)
    assert reply.computed is not None and reply.computed.kind == "rank"
    assert f"<b>{stars}</b>" in reply.text


@pytest.mark.parametrize("text", [
    "tổng 93 điểm mà có 1 tiêu chí chưa đạt mức 5 sao thì có được 5 sao ko",
    "phiếu du lịch cộng đồng phần A ghi 35 điểm mà cộng lại ra 40, rốt cuộc là bao nhiêu",
])
def test_a_score_beside_another_question_is_not_ranked(engine: FaqEngine, text: str) -> None:
    reply = engine.respond(text)
    assert reply.computed is None or reply.computed.kind != "rank"


def test_a_sentence_with_one_short_topical_word_is_read(engine: FaqEngine) -> None:
    reply = engine.respond("what can this bot do")
    assert answered_entry(reply) == "support-what-bot-does"


@pytest.mark.parametrize("text", ["ờ", "test", "ok ad"])
def test_a_lone_short_word_asks_nothing(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind in ("decline", "thanks", "greeting", "empty")


@pytest.mark.parametrize("text", [
    "livestream bán hàng online cần chuẩn bị gì",
    "bán hàng trên sàn thương mại điện tử thế nào cho hiệu quả",
    "bộ nông nghiệp và môi trường có mấy thứ trưởng",
    "ubnd xã có bao nhiêu cán bộ",
    "làm thương hiệu cho nông sản bắt đầu từ đâu",
    "cả nước có bao nhiêu hợp tác xã",
])
def test_a_wider_subject_asked_for_itself_is_declined(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("sp ocop bán online có được cộng điểm không", "trends-digital"),
    ("bán hàng online có giúp tăng điểm không", "trends-digital"),
    ("xã làm gì trong chương trình ocop", "organisation-commune-role"),
    ("cả nước có bao nhiêu sản phẩm ocop", "figures-national-total"),
    ("nhãn hiệu có cần cho ocop không", "trends-branding-ip"),
    ("nam 2019 son la xep hang dc bao nhieu sp", "figures-son-la-2019"),
])
def test_the_subject_asked_within_the_programme_is_answered(engine: FaqEngine, text: str,
                                                            entry: str) -> None:
    reply = engine.respond(text)
    assert answered_entry(reply) == entry


def test_only_entries_marked_need_the_programme_named() -> None:
    from knowledge.faq.model import load_entries

    marked = {e.id for e in load_entries() if e.asked_with_ocop}
    assert {"trends-digital", "figures-son-la-total", "organisation-commune-role"} <= marked
    assert "registration-where-to-submit" not in marked  # "nộp ở đâu" rarely names OCOP


@pytest.mark.parametrize("text", [
    "chu tich hoi dong ocop tinh son la hien nay la ong nao",  # who holds the office now
    "ruou trang di thi ocop thi nong do con toi da bao nhieu do",  # a measure
    "giay chung nhan ocop bi chay mat roi thi xin cap ban sao o dau",  # a burnt paper's copy
    "tem truy xuat nguon goc nen dung app nao, icheck hay te-food",  # an app
    "hoc phi lop tap huan ocop bn, co ho tro tien an o ko",  # a fee, beside support
    "giay attp co thoi han may nam vay ad, het han thi gia han sao",  # another paper's validity
    "hoi dong cap tinh phai co toi thieu bao nhieu thanh vien moi hop dc",  # a quorum
])
def test_fresh12_and_fresh13_out_of_scope_families(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("chu tich hd danh gia ocop tinh la ai", "organisation-provincial-council"),  # the role
    ("hoi dong cap tinh co bao nhieu thanh vien", "organisation-provincial-council"),
    ("nop hs xong thi tam bao lau moi biet dc may sao, e can tinh de in bao bi",
     "procedure-how-long"),  # a span asked: no computed option
])
def test_their_in_scope_neighbours_are_answered(engine: FaqEngine, text: str,
                                                entry: str) -> None:
    reply = engine.respond(text)
    assert answered_entry(reply) == entry


@pytest.mark.parametrize(("text", "total"), [
    ("phan a dc 15, phan b 8, phan c 10 thi sao ad, co dc cong nhan ko", "= 33 điểm"),
    ("phan A dc 35, B 22, C 33 vay len 5 sao dc chua", "= 90 điểm"),
])
def test_part_scores_with_a_verb_between_letter_and_score(engine: FaqEngine, text: str,
                                                          total: str) -> None:
    reply = engine.respond(text)
    assert reply.computed is not None and reply.computed.kind == "rank"
    assert total in reply.text


@pytest.mark.parametrize(("text", "kind"), [
    ("xin chao, e la can bo nong nghiep xa moi vao, nho ad chi giao them nhe", "greeting"),
    ("xin chào, e mới vô nhóm ocop của xã, nhờ ad chỉ giáo thêm nha", "greeting"),
    ("alo bot oi, co ai truc ko z", "greeting"),
    ("Hello! My family runs a small honey farm back home in Vietnam, nice to meet you",
     "greeting"),
    ("ok tks bot, de e bao lai anh em trong htx", "thanks"),
    ("dc r cam on nhe, mai e hoi tiep", "thanks"),
    ("hay qua, cam on nhieu nhe, de e chup man hinh gui ba xa", "thanks"),
])
def test_small_talk_with_an_aside(engine: FaqEngine, text: str, kind: str) -> None:
    assert engine.respond(text).kind == kind


@pytest.mark.parametrize("text", [
    "thanks, and how long is the certificate valid",
    "cảm ơn, em muốn đăng ký sản phẩm mật ong",
    "xin chào, em là htx chè muốn đăng ký ocop",
    "cam on, de e hoi ho so gom nhung gi",
])
def test_small_talk_that_asks_is_answered(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind not in ("greeting", "thanks")


def test_a_labour_list_with_insurance_is_the_dossiers(engine: FaqEngine) -> None:
    reply = engine.respond("minh chung lao dong thi can giay to gi, co can danh sach dong bao "
                           "hiem ko")
    assert answered_entry(reply) == "registration-evidence-legal"
    assert engine.respond("bảo hiểm y tế cho nông dân").kind == "decline"


def test_a_score_between_two_ranks_is_ranked(engine: FaqEngine) -> None:
    reply = engine.respond("sp e dc 90 diem tron thi la 4 hay 5 sao")
    assert reply.computed is not None and reply.computed.kind == "rank"


@pytest.mark.parametrize(("text", "entries"), [
    ("cham ocop chia ra phan A B C dung ko, cong lai toi da bn", {"criteria-structure"}),
    ("sp e cham dc 78 diem ma can bo noi chua du 4 sao, la sao vay ad",
     {"criteria-four-star", "criteria-star-marks"}),
])
def test_the_parts_listed_or_a_rank_questioned_is_an_entrys(engine: FaqEngine, text: str,
                                                            entries: set[str]) -> None:
    reply = engine.respond(text)
    assert answered_entry(reply) in entries


def test_one_part_named_is_still_its_maximum(engine: FaqEngine) -> None:
    reply = engine.respond("phần C tối đa bao nhiêu điểm")
    assert reply.computed is not None and reply.computed.kind == "part_max"


def test_a_place_is_neutral_though_its_syllables_are_words(engine: FaqEngine) -> None:
    # "người ta" makes "ta" a word the entries use; "Tà Xùa" is still a place, "Sơn La" a
    # phrase the entries write.
    index = engine.index
    placed = index.search("hồ sơ ocop Tà Xùa 1234 nộp ở đâu")
    assert {"ta", "xua"} <= index.neutral_unknown(placed.terms)
    assert not {"son", "la"} & index.neutral_unknown(index.search("ocop Sơn La").terms)


@pytest.mark.parametrize("text", [
    "chu tich hoi dong ocop tinh lao cai nam nay la ong nao vay",
    "qd 26/2026 do pho thu tuong nao ky vay",
    "giay chung nhan ocop ban goc bi chuot can mat roi thi xin cap lai o dau",
])
def test_fresh14_out_of_scope_families(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("sp 4 sao thi ai ky quyet dinh cong nhan", "organisation-who-recognises"),  # a level
    ("giấy 5 sao bị thu hồi thì ai ký quyết định", "revocation-who"),
])
def test_which_level_signs_is_answered(engine: FaqEngine, text: str, entry: str) -> None:
    reply = engine.respond(text)
    assert answered_entry(reply) == entry


def test_a_greeting_from_someone_who_says_where_they_are(engine: FaqEngine) -> None:
    text = "e chao anh chi, e o ban Pa Co moi vao nhom nay, mong dc giup do a"
    assert engine.respond(text).kind == "greeting"
    assert engine.respond("em chào ad, em ở xã Chiềng Hặc, hồ sơ nộp ở đâu").kind == "answer"


@pytest.mark.parametrize("text", [
    "cà phê rang xay đóng gói thuộc bộ tiêu chí nào ạ",
    "chả cá thu đóng gói hút chân không thì thuộc phiếu nào",
])
def test_a_products_sheet_asked_with_tieu_chi(engine: FaqEngine, text: str) -> None:
    reply = engine.respond(text)
    assert reply.computed is not None and reply.computed.kind == "which_sheet"


def test_when_a_certificate_expires_is_answered_by_its_validity(engine: FaqEngine) -> None:
    reply = engine.respond("gcn 3 sao cua co so e cap thang 3/2024, vay toi thang may nam nao "
                           "thi het han a")
    assert answered_entry(reply) == "validity-36-months"


def test_a_decrees_number_and_year_are_not_held_by_a_span(engine: FaqEngine) -> None:
    text = "nghi dinh xu phat ve ghi nhan hang hoa la nghi dinh so may nam nao"
    assert engine.respond(text).kind == "decline"


def test_a_platform_asked_as_a_criterions_channel_is_answered(engine: FaqEngine) -> None:
    reply = engine.respond("ban hang qua shopee co duoc tinh la kenh hien dai khong")
    assert answered_entry(reply) == "trends-digital"
    assert engine.respond("mo gian hang tren shopee the nao").kind == "decline"
