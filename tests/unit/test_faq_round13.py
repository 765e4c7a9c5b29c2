"""FAQ engine, issue 10 round 13: English questions asking what OCOP is, and others found
on the blind sets of round 13."""

from __future__ import annotations

import pytest

from knowledge.faq.engine import FaqEngine
from tests.support.faq import answered_entry


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


@pytest.mark.parametrize(("text", "entry"), [
    ("What is OCOP?", "concepts-what-is-ocop"),
    ("whats OCOP exactly?", "concepts-what-is-ocop"),
    ("Hi, what exactly is this OCOP thing my village keeps talking about?",
     "concepts-what-is-ocop"),
    ("What is an OCOP product?", "concepts-ocop-product"),
    ("what is OCOP for", "objectives-goals"),  # its purpose, not what it is
    ("What is OCOP registration?", "registration-first-step"),
])
def test_asking_what_a_thing_is_in_english(engine: FaqEngine, text: str, entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry


@pytest.mark.parametrize(("text", "entry"), [
    ("I just moved back from Hanoi to help with my family's rice wine. Where do I start with"
     " OCOP?", "registration-first-step"),
    ("We make fish sauce. Our certificate expired in May - can we still sell with the logo?",
     "mark-after-expiry"),
    ("I keep seeing an OCOP sticker on fish sauce bottles at the market here. What is the"
     " scheme about?", "concepts-what-is-ocop"),
])
def test_the_one_english_sentence_that_asks_answers_alone(engine: FaqEngine, text: str,
                                                          entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry


def test_an_english_question_beside_a_story_is_still_declined_out_of_scope(
        engine: FaqEngine) -> None:
    reply = engine.respond("I run a homestay in Sapa. What is the best time to visit?")
    assert reply.kind == "decline"


@pytest.mark.parametrize("text", [
    "làm sao để đăng ký ocop vậy ad", "dang ky ocop nhu the nao", "cach dang ky sp ocop",
    "htx minh muon tham gia ocop thi lam sao", "How do I sign up for OCOP?",
    "how do I register?",
])
def test_how_to_register_is_the_first_step(engine: FaqEngine, text: str) -> None:
    assert answered_entry(engine.respond(text)) == "registration-first-step"


@pytest.mark.parametrize("text", [
    "dang ky ocop co mat tien ko", "tham gia ocop có phí không ad",
    "đánh giá ocop có thu tiền không", "co phai nop tien de duoc cham diem ko",
])
def test_a_fee_the_sources_do_not_state_is_declined(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "english"), [
    ("can I use the OCOP logo", True),
    ("can I change the language", True),
    ("is there a fee", True),
    ("can a homestay join OCOP?", True),  # a loanword the Vietnamese entries also write
    ("can i dang ky ocop ko", False),
    ("do dang ky ocop o dau", False),
    ("the ocop het han thi sao", False),
])
def test_an_english_opening_tells_a_short_english_question(engine: FaqEngine, text: str,
                                                           english: bool) -> None:
    assert engine.is_english(text) is english


@pytest.mark.parametrize("text", [
    "phieu du lich cong dong bo 26 khac cac phieu kia cho nao",
    "phiếu số 26 dành cho du lịch có khác mấy phiếu kia ko",
    "How is the tourism sheet different from the others?",
])
def test_how_the_tourism_sheet_differs_is_its_entry(engine: FaqEngine, text: str) -> None:
    assert answered_entry(engine.respond(text)) == "criteria-tourism-sheet"


@pytest.mark.parametrize("text", [
    "chu ho la nguoi dao dung ten dai dien thi tieu chi 3.2 dc may diem",
    "giám đốc htx là người Khmer thì đc cộng mấy điểm",
    "chủ cơ sở là người M'nông, tiêu chí đại diện pháp luật được mấy điểm",
])
def test_an_ethnic_minority_named_by_its_people_picks_the_representative_option(
        engine: FaqEngine, text: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == "option"


def test_a_scorer_is_not_the_cham_people(engine: FaqEngine) -> None:
    reply = engine.respond("ai là người chấm điểm sp ocop vậy")
    assert answered_entry(reply) == "criteria-scoring-council"


def test_an_english_question_naming_nothing_asks_about_the_story(engine: FaqEngine) -> None:
    reply = engine.respond("A roaster we buy from has an expired OCOP certificate but still"
                           " prints the logo. Is that allowed?")
    assert answered_entry(reply) == "mark-after-expiry"


@pytest.mark.parametrize("text", [
    "tu cham dc 69.5 diem, co len 4 sao dc ko hay con thieu",
    "bên mình self-check được 89.5 điểm, còn thiếu 0.5 là lên 5 sao hả, hay vẫn 4",
    "htx dang 4 sao, lan nay tu cham chi dc 68 thoi thi tut xuong may sao vay ad",
    "co so moi bat dau lam, A 15 B 8 C 4, vay dc xep the nao ad",
    "brand cafe ben e tu score A 38 B 24 C 33, vay xep tier nao",
])
def test_a_score_asked_in_more_ways_is_ranked(engine: FaqEngine, text: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == "rank"


def test_a_score_short_of_a_criterion_still_asks_about_the_minima(engine: FaqEngine) -> None:
    assert answered_entry(engine.respond("93 diem ma thieu 1 tieu chi thi co dc 5 sao ko")) == \
        "criteria-star-marks"


def test_the_points_of_a_rank_aimed_at_are_its_band(engine: FaqEngine) -> None:
    reply = engine.respond("htx minh nham 3 sao truoc da, vay phai duoc tu bao nhieu diem tro"
                           " len a")
    assert answered_entry(reply) in ("criteria-star-bands", "criteria-three-star")


def test_a_clause_is_not_answered_by_a_sibling_about_another_star_level(
        engine: FaqEngine) -> None:
    reply = engine.respond("htx e dang nham len 4 sao cho dot toi, vay phai dat tu bn diem tro"
                           " len a")
    assert answered_entry(reply) != "criteria-five-star"


@pytest.mark.parametrize(("text", "kind"), [
    ("Chào buổi sáng bot, Đà Lạt sáng nay lạnh run luôn á", "greeting"),
    ("xin chao, minh la can bo van hoa xa Ia Grai, lan dau xai bot nay", "greeting"),
    ("hi bot, e la ben marketing cty may tre dan Phu Vinh nhe", "greeting"),
    ("Xin chào trợ lý, bác năm nay 68 tuổi, gõ chữ chậm, mong trợ lý thông cảm nhé", "greeting"),
    ("hi there, just joined, I source green beans out of Buon Ma Thuot", "greeting"),
    ("dạ em cảm ơn anh, chúc anh ngày mới vui vẻ nhé, mùa này bơ đang rộ", "thanks"),
    ("Thanks, that clears it up for our sourcing team!", "thanks"),
])
def test_small_talk_with_a_remark_or_a_well_wish(engine: FaqEngine, text: str,
                                                 kind: str) -> None:
    assert engine.respond(text).kind == kind


@pytest.mark.parametrize("text", [
    "chào ad, em muốn đăng ký ocop", "xin chao, ho so ocop gom gi", "chao ad, sp cua e 75 diem",
    "chao ad, lan dau e dang ky thi can gi", "chào bot, hôm nay tỉnh có họp hội đồng ocop ko",
])
def test_a_greeting_before_a_question_or_a_wish_is_not_small_talk(engine: FaqEngine,
                                                                  text: str) -> None:
    assert engine.respond(text).kind not in ("greeting", "thanks")


@pytest.mark.parametrize(("text", "sheet"), [
    ("e lam xa bong thao duoc handmade ban online, thi thuoc bo nao ad", "19"),
    ("nha bac trong dao canh ban tet, neu dang ky thi vao phieu so may a", "24"),
    ("vang dau tam Da Lat thi cham bo may", "15"),
    ("gốm Bát Tràng thì chấm phiếu nào", "21"),
    ("Which OCOP sheet applies to hand-painted ceramic vases?", "21"),
    ("Rattan baskets and bamboo trays, which evaluation sheet number?", "21"),
])
def test_more_products_find_their_sheet(engine: FaqEngine, text: str, sheet: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == "which_sheet"
    assert reply.computed is not None and int(sheet) in reply.computed.sheets


def test_gom_alone_is_what_a_thing_includes(engine: FaqEngine) -> None:
    reply = engine.respond("phan c chat luong sp gom nhung tieu chi nao")
    assert answered_entry(reply) == "criteria-part-c"


@pytest.mark.parametrize("text", [
    "bac ninh nam 2025 co tong bao nhieu sp ocop vay",
    "ad cho hỏi Đắk Lắk mình tới giờ có tổng cộng bn sp OCOP rồi, e cần số để làm báo cáo",
])
def test_another_provinces_count_with_words_between_is_declined(engine: FaqEngine,
                                                               text: str) -> None:
    assert engine.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("Under what circumstances would a supplier lose its OCOP certificate?",
     "revocation-grounds"),
    ("In which situations would the authorities take back an OCOP certificate?",
     "revocation-grounds"),
    ("I got stuck halfway through a step, how do I back out?", "support-cancel"),
    ("how to get out of the step im in, i pressed the wrong thing", "support-cancel"),
    ("is it worth joining OCOP, what do producers actually get out of it",
     "objectives-benefits"),
    ("Which legal text governs OCOP ranking right now?", "objectives-current-decree"),
    ("Which legal document is in force right now for scoring OCOP products?",
     "objectives-current-decree"),
])
def test_english_phrases_read_as_the_entries_word_them(engine: FaqEngine, text: str,
                                                       entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry


@pytest.mark.parametrize("text", [
    "chao ad, thu tuc nang hang", "chao ad, giay het han roi", "chào ad, hồ sơ bị trả về",
    "chào bot, mây tre đan?", "hi bot, my certificate expired",
    "thanks, have a nice day. also the logo rules after expiry",
    "thank you, makes sense, but my certificate expired",
])
def test_small_talk_does_not_swallow_a_question(engine: FaqEngine, text: str) -> None:
    assert engine.respond(text).kind not in ("greeting", "thanks")


@pytest.mark.parametrize(("text", "kind"), [
    ("htx Đồng Tiến làm miến dong, chấm phiếu nào", "computed"),  # a name, not a payment
    ("tong 92 diem ma thieu 1 muc 5 sao thi co dc 5 sao ko", "decline"),  # a minimum missed
    ("e la nguoi thai binh, lam giam doc cty, co dc cong diem gi ko", "answer"),  # a province
    ("xuong e thue 20 cong nhan nguoi hmong thi co dc cong diem ko", "decline"),  # workers
    ("nguoi nuoc ngoai mua sp ocop co dc giam gia ko", "decline"),  # buyers, not ingredients
    # The rules decline (it names only OCOP); the question memory answers it since round 15,
    # with criteria-imported-ingredients, the entry its nearest labelled questions carry.
    ("We use 100% imported cocoa. Can it be OCOP?", "answer"),
    ("how long?", "decline"), ("when is it", "decline"),  # question words alone
])
def test_the_new_rules_leave_these_alone(engine: FaqEngine, text: str, kind: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == kind
    assert reply.computed_kind in (None, "which_sheet")


@pytest.mark.parametrize(("text", "entry"), [
    ("o phan A nguoi ta xem xet nhung mat nao cua htx", "criteria-part-a"),
    ("khuc B tiep thi thi ho xem nhung gi vay ad", "criteria-part-b"),
])
def test_what_a_named_part_looks_at_is_its_entry(engine: FaqEngine, text: str,
                                                 entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry


def test_a_parts_points_are_still_its_maximum(engine: FaqEngine) -> None:
    reply = engine.respond("phan c toi da bao nhieu diem")
    assert reply.computed_kind == "part_max"


@pytest.mark.parametrize("text", [
    "sp may tre dan thi bo nao chu tri quan ly",
    "ca phe voi ca cao thi nganh nao o trung uong chiu trach nhiem",
])
def test_which_ministry_manages_a_named_product(engine: FaqEngine, text: str) -> None:
    assert answered_entry(engine.respond(text)) == "organisation-group-agencies"


def test_which_set_a_product_is_in_is_not_a_ministry(engine: FaqEngine) -> None:
    reply = engine.respond("nha e lam nhieu thu qua, ko biet moi mon nam trong bo nao thi hoi ai,"
                           " tra o dau")
    assert answered_entry(reply) == "criteria-find-sheet"


@pytest.mark.parametrize(("text", "entry"), [
    ("che nha e dong goi 200g, phai gui may goi mau len xa a", "registration-samples"),
    ("lan dau nop thi can may mau bieu, ngoai ra gui kem gi", "registration-dossier"),
])
def test_how_many_samples_is_not_how_many_forms(engine: FaqEngine, text: str,
                                                entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry
