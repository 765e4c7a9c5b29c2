"""FAQ engine, issue 10: the computed kinds as users type them (part scores to a rank, a total
asked with other words, which sheet, an option's points, a criterion's star minimum), and the
questions with numbers that are none of them."""

from __future__ import annotations

import pytest

from knowledge.faq import computed as calc
from knowledge.faq.criteria_answers import parse, sheet_choice
from knowledge.faq.engine import FaqEngine
from knowledge.faq.english import vietnamese_gloss


def _computed(engine: FaqEngine, text: str) -> tuple[str | None, str]:
    reply = engine.respond(text)
    return (reply.computed_kind if reply.kind == "computed" else None), reply.text


# --- part scores to a rank ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "total", "stars"), [
    ("A 30 B 20 C 22 thi dat may sao", "72 điểm", "4 sao"),
    ("A 28 B 15 C 20 vay la hang gi ad", "63 điểm", "3 sao"),
    ("nuoc mam cua htx minh A 35 B 22 C 34 thi dat hang gi", "91 điểm", "5 sao"),
    ("A 20 B 10 C 15 thì được mấy sao", "45 điểm", "2 sao"),
    ("tu cham A 32 B 18 C 27 thi co len 4 sao k", "77 điểm", "4 sao"),
    ("phần A 30,5đ, B 20, C 22 thì mấy sao", "72,5 điểm", "4 sao"),
])
def test_part_scores_are_summed_and_ranked(engine: FaqEngine, text: str, total: str,
                                           stars: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "rank"
    assert f"= {total} " in answer and f"<b>{stars}</b>" in answer


def test_part_scores_in_english_are_summed_and_ranked(engine: FaqEngine) -> None:
    kind, answer = _computed(engine, "A 35 B 20 C 30, what rank do we get?")
    assert kind == "rank"
    assert "A 35 + B 20 + C 30 = 85 points" in answer and "<b>4 stars</b>" in answer


def test_a_low_sum_of_parts_says_there_is_no_certificate(engine: FaqEngine) -> None:
    kind, answer = _computed(engine, "A 15 B 5 C 8 hang may")
    assert kind == "rank" and "28 điểm" in answer and "không được cấp giấy chứng nhận" in answer


@pytest.mark.parametrize(("text", "part"), [
    ("A 45 B 20 C 30 thi dat may sao", "Phần A tối đa 40 điểm"),
    ("A 30 B 26 C 30 thi dc may sao", "Phần B tối đa 25 điểm"),
    ("A 30 B 20 C 40 hang gi ad", "Phần C tối đa 35 điểm"),
])
def test_a_part_score_above_its_maximum_is_not_ranked(engine: FaqEngine, text: str,
                                                      part: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "part_max"
    assert answer.startswith(part) and "sao</b>" not in answer


@pytest.mark.parametrize("text", [
    "phan A toi da 40, B 25, C 35 dung ko",  # the parts' maxima, not a product's scores
    "A 30 B 20 thi dat may sao",  # two parts only: no total
    "A 30 B 20 C 22 thi nop ho so o dau",  # asks where, not the rank
])
def test_part_scores_that_are_not_a_rank_question(text: str) -> None:
    parsed = parse(text)
    assert calc.part_scores(parsed.words, parsed.text) is None


def test_the_gloss_keeps_part_letters_only_before_a_number() -> None:
    assert vietnamese_gloss("A 35 B 20 C 30, what rank do we get?").startswith(
        "a 35 b 20 c 30")
    assert "a" not in vietnamese_gloss("a product got 80 points").split()


# --- a total asked with other words ------------------------------------------------------


@pytest.mark.parametrize(("text", "stars"), [
    ("mật ong nhà e tự chấm được 47đ, có đc công nhận k", "2 sao"),
    ("tong 48 diem co dc cong nhan ko ad", "2 sao"),
    ("mat ong nha e cham thu dc 48 diem, co dc cong nhan ko", "2 sao"),
    ("diem trung binh hoi dong la 49,8 thi sao ad", "2 sao"),
    ("htx e đc 70 điểm chẵn, là 4 sao hay vẫn 3 sao", "4 sao"),
    ("we only got 44 pts, will we get a certificate?", "2 stars"),
])
def test_a_total_asked_with_other_words_is_ranked(engine: FaqEngine, text: str,
                                                  stars: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "rank" and f"<b>{stars}</b>" in answer


def test_a_decimal_total_is_written_with_a_comma_in_vietnamese(engine: FaqEngine) -> None:
    _, answer = _computed(engine, "diem trung binh hoi dong la 49,8 thi sao ad")
    assert answer.startswith("49,8 điểm")


@pytest.mark.parametrize("text", [
    "If we reach 90 points, who gives the final 5-star approval?",
    "dat 90 diem thi ai cong nhan 5 sao",
    "san pham 85 diem thi hieu luc bao lau",
    "thang diem ocop tong la 100 a, chia ra sao",
    "tieu chi 3.3 la 3 diem thi phan A con bao nhieu",
])
def test_a_question_with_a_score_that_is_not_a_rank_question(engine: FaqEngine,
                                                             text: str) -> None:
    kind, _ = _computed(engine, text)
    assert kind != "rank"


# --- which sheet -------------------------------------------------------------------------


def test_a_choice_of_two_sheets_is_read() -> None:
    assert sheet_choice(parse("tra hoa vang thi la phieu 11 hay 12").words) == (11, 12)
    assert sheet_choice(parse("muoi ot thi phieu 9 hay phieu 10").words) == (9, 10)
    assert sheet_choice(parse("phieu 11 co bao nhieu tieu chi").words) == ()


@pytest.mark.parametrize(("text", "sheet"), [
    ("tra hoa vang thi la phieu 11 hay 12", "phiếu 12"),
    ("ca koi canh thi cham phieu nao ad", "phiếu 25"),
    ("tho cam det tay cua ba con thuoc bo may", "phiếu 22"),
    ("Which criteria sheet applies to dried mango?", "sheet 7"),
    ("Which criteria sheet applies to koi fish?", "sheet 25"),
])
def test_which_sheet_a_product_uses(engine: FaqEngine, text: str, sheet: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "which_sheet" and f"{sheet} –" in answer


def test_a_choice_of_sheets_without_a_product_lists_both(engine: FaqEngine) -> None:
    kind, answer = _computed(engine, "san pham cua e la phieu 11 hay 12")
    assert kind == "choose_sheet" and "Phiếu 11" in answer and "Phiếu 12" in answer


def test_a_ministry_question_is_not_which_sheet(engine: FaqEngine) -> None:
    kind, _ = _computed(engine, "ca phe thuoc bo nao quan ly")
    assert kind != "which_sheet"


# --- an option's points --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code", "points"), [
    ("cty tnhh thi tieu chi 3.1 duoc may d", "3.1", "2 điểm"),
    ("nguoi dai dien phap luat bi khuyet tat chan thi tieu chi 3.2 dc bao nhieu", "3.2",
     "1 điểm"),
    ("homestay co bo phan dieu phoi va co ke hoach thi tieu chi 1.1 phieu 26 dc may d", "1.1",
     "3 điểm"),
    ("xuong e 80% lao dong la nguoi trong xa thi dc may diem", "3.3", "3 điểm"),
    ("bon e lam tinh dau que o Van Yen, 90% cong nhan la nguoi trong xa, vay tieu chi lao "
     "dong dia phuong dc bn", "3.3", "3 điểm"),
    ("nhan co ca tieng anh thi dc them bn diem", "2.4", "1 điểm"),
])
def test_the_points_of_an_option_asked(engine: FaqEngine, text: str, code: str,
                                       points: str) -> None:
    reply = engine.respond(text)
    assert reply.computed_kind == "option" and reply.computed is not None
    assert reply.computed.code == code
    assert f"<b>{points}</b>" in reply.text.split("\n")[1]


def test_a_criterion_numbered_otherwise_on_some_sheets_says_so(engine: FaqEngine) -> None:
    _, answer = _computed(engine, "nhan co ca tieng anh thi dc them bn diem")
    assert answer.startswith("Tiêu chí 2.4 “Ghi nhãn hàng hóa có sử dụng song ngữ” (2.3 ở "
                             "phiếu 21, 22)")


def test_a_person_named_is_not_the_organisation_type(engine: FaqEngine) -> None:
    # The cooperative only says who asks: its 3 points of criterion 3.1 are not the answer.
    reply = engine.respond("htx e do 1 chi nguoi Thai lam giam doc, nghe noi dc uu tien diem "
                           "dung ko")
    assert reply.computed is None or reply.computed.code != "3.1"
    assert calc.option_subject(" nguoi dung ten hop tac xa la nguoi khuyet tat thi co duoc "
                               "cong diem ") == "khuyet tat"


def test_how_much_is_points_only_for_a_named_criterion() -> None:
    assert "diem" in parse("tieu chi 3.2 dc bao nhieu").words
    assert "diem" in parse("phần C max bao nhiêu đ ạ").words
    assert "diem" not in parse("ho tro duoc bao nhieu tien").words


# --- a criterion's star minimum ----------------------------------------------------------


@pytest.mark.parametrize(("text", "line"), [
    ("chung nhan HACCP ISO co bat buoc cho 4 sao khong", "• 4 sao: từ 3 điểm"),
    ("nuoc mam muon len 4 sao thi co so co phai co iso haccp khong", "(ISO, HACCP"),
    ("tinh doc dao phai dat muc nao de len 4 sao", "“Độc đáo, mang tính đặc trưng”"),
    ("ban ra thi truong quoc te co phai dieu kien 5 sao ko", "Thị trường quốc tế"),
    ("loi nhuan tang 2 nam lien la yeu cau toi thieu cua may sao", "• 4 sao: từ 2 điểm"),
    ("do may tre dan muon 5 sao thi muc tinh xao phai dat the nao", "“Tinh xảo"),
    ("nhan hang hoa day du dung quy dinh bat buoc tu hang may", "• 3 sao: từ 1 điểm"),
    ("gạo nếp cái hoa vàng nhà em, HTX mới chỉ bán trong xã thôi, như vậy có đạt được 3 sao "
     "ko", "Thị trường ngoài địa bàn cấp xã"),
])
def test_the_star_minimum_of_a_criterion(engine: FaqEngine, text: str, line: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "minimum" and line in answer


def test_a_star_minimum_for_a_product_named_in_english(engine: FaqEngine) -> None:
    reply = engine.respond("We make dried jackfruit chips. From which star level is an ISO or "
                           "HACCP certificate required?")
    assert reply.computed_kind == "minimum" and reply.computed is not None
    assert reply.computed.sheets == (7,) and "• 4 stars: at least 3 points" in reply.text


def test_quality_assurance_is_found_by_its_title_phrase(engine: FaqEngine) -> None:
    # "Hướng dẫn sử dụng để đảm bảo sản phẩm có chất lượng…" holds the same words.
    found = calc.criteria_phrased(engine.criteria.sheets, "dam bao chat luong")
    assert found and all(calc.folded_text(f.criterion.title).startswith("dam bao chat luong")
                         for f in found)


@pytest.mark.parametrize("text", [
    "ocop 5 sao la sp nhu the nao, co phai xuat khau dc ko",
    "san pham 4 sao ban o sieu thi nao",
])
def test_a_market_named_without_a_requirement_asked_is_no_minimum(text: str) -> None:
    parsed = parse(text)
    assert calc.minimum_topic(parsed.text, parsed.star) is None


# --- a part's maximum and a criterion's, asked with "max" --------------------------------


def test_max_is_read_as_the_maximum() -> None:
    assert parse("phần C max bao nhiêu đ ạ").words[:4] == ("phan", "c", "toi", "da")


@pytest.mark.parametrize(("text", "points"), [
    ("kha nang tiep thi toi da may diem vay", "25 điểm"),
    ("max diem phan tiep thi la bn", "25 điểm"),
    ("phần C max bao nhiêu đ ạ", "35 điểm"),
])
def test_a_part_named_by_its_title_or_asked_with_max(engine: FaqEngine, text: str,
                                                     points: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "part_max" and f"<b>{points}</b>" in answer


def test_the_group_named_marketing_is_not_part_b(engine: FaqEngine) -> None:
    kind, _ = _computed(engine, "tieu chi tiep thi toi da may diem")
    assert kind != "part_max"


def test_a_criterion_of_a_named_sheet_asked_with_max(engine: FaqEngine) -> None:
    reply = engine.respond("tieu chi bao ve moi truong cua phieu thu cong my nghe max bao nhieu")
    assert reply.computed_kind == "criterion" and reply.computed is not None
    assert reply.computed.sheets == (21,) and "Bảo vệ môi trường" in reply.text


# --- having or lacking what a criterion asks -----------------------------------------------


@pytest.mark.parametrize(("text", "points", "option"), [
    ("chưa có câu chuyện sp thì mục câu chuyện được mấy điểm", "0 điểm",
     "Không có câu chuyện sản phẩm"),
    ("nhan khong co tieng anh thi tieu chi song ngu dc may diem", "0 điểm", "Không"),
    ("nhan khong co tieng anh thi dc may diem", "0 điểm", "Không"),
    ("ghi nhan song ngu viet anh dc cong may diem", "1 điểm", "Có"),
])
def test_having_or_lacking_what_a_criterion_asks(engine: FaqEngine, text: str, points: str,
                                                 option: str) -> None:
    kind, answer = _computed(engine, text)
    assert kind == "option"
    assert f"<b>{points}</b> (“{option}”)" in answer.split("\n")[1]


def test_lacking_is_said_by_a_pair_of_words_not_by_a_final_question_particle() -> None:
    assert calc.lacks(("chua", "co", "cau", "chuyen"))
    assert not calc.lacks(("song", "ngu", "co", "duoc", "cong", "diem", "khong"))


def test_lettered_items_with_numbers_are_not_part_scores() -> None:
    parsed = parse("muc A 1 B 2 C 3 la gi")
    assert calc.part_scores(parsed.words, parsed.text) is None
    parsed = parse("A 30 B 20 C 22")
    assert calc.part_scores(parsed.words, parsed.text) is not None


@pytest.mark.parametrize("text", ["diem phan A la 30 thi sao",
                                  "diem tieu chi quang ba la 4 thi sao"])
def test_a_part_or_criterion_score_said_is_not_a_total(text: str) -> None:
    parsed = parse(text)
    assert calc.score_asked(parsed.words, parsed.text) is None
