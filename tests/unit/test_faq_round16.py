"""Round 16: what fresh26-35 showed the word rules miss (a province's round date, someone's
phone number, small talk around a greeting or a thank-you)."""

from __future__ import annotations

import pytest

from knowledge.faq.decide import asks_a_places_date, asks_someones_contact, smalltalk
from knowledge.faq.engine import FaqEngine
from knowledge.faq.model import load_entries
from knowledge.faq.normalize import tokens
from tests.support.sheets import official_sheets


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


@pytest.fixture(scope="module")
def rules() -> FaqEngine:
    return FaqEngine(load_entries(), official_sheets())


@pytest.mark.parametrize("text", [
    "hội đồng ocop tỉnh Gia Lai đợt 1 năm sau họp ngày nào vậy ad",
    "lich cham ocop dot nay cua tinh ben tre la ngay may",
    "What date does the Lam Dong provincial council meet for the next OCOP round?",
])
def test_the_day_a_province_holds_its_round_is_declined(
        engine: FaqEngine, rules: FaqEngine, text: str) -> None:
    assert asks_a_places_date(tokens(text))
    assert engine.respond(text).kind == rules.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    # A day, a province, but no round: the certificate's validity.
    ("giấy ocop cấp ngày 1/3/2023 ở tỉnh Hà Tĩnh thì đến ngày nào hết hạn", "validity-36-months"),
    # A round, but no place and no day: how many rounds a province holds.
    ("mỗi năm tỉnh chấm ocop mấy đợt vậy ad", "procedure-provincial-rounds"),
])
def test_a_question_with_a_day_or_a_round_alone_is_answered(
        engine: FaqEngine, text: str, entry: str) -> None:
    assert not asks_a_places_date(tokens(text))
    assert engine.respond(text).entry.id == entry  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [
    "cho em xin sđt giám đốc htx chè Tân Cương với",
    "can you give me the phone number of a 5-star honey producer?",
    "số hotline sở nông nghiệp tỉnh mình là bao nhiêu ạ",
])
def test_anyones_phone_number_but_an_officers_is_declined(
        engine: FaqEngine, rules: FaqEngine, text: str) -> None:
    assert asks_someones_contact(tokens(text))
    assert engine.respond(text).kind == rules.respond(text).kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("cho em xin sđt cán bộ phụ trách ocop xã em", "support-find-officer"),
    # "xin hỏi" is no request for a number: the form's fields.
    ("xin hỏi mẫu 01 có phải ghi email không", "registration-form-01"),
])
def test_an_officers_number_or_the_forms_fields_are_answered(
        engine: FaqEngine, text: str, entry: str) -> None:
    assert not asks_someones_contact(tokens(text))
    assert engine.respond(text).entry.id == entry  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "kind"), [
    ("chào bác, cháu hỏi chút ạ", "greeting"),  # the question is still to come
    ("alo có ai ở đó không", "greeting"),
    ("cảm ơn ban quản trị đã giải đáp", "thanks"),
    ("em cảm ơn, mẹ em cũng cảm ơn ạ", "thanks"),
])
def test_small_talk_around_a_greeting_or_a_thank_you(
        engine: FaqEngine, text: str, kind: str) -> None:
    assert smalltalk(tokens(text)) == kind
    assert engine.respond(text).kind == kind


@pytest.mark.parametrize("text", [
    "chào ad, cho e hỏi chút về hồ sơ ocop",  # the question is said: not small talk
    "chào chị, hỏi chút: giấy ocop bao lâu hết hạn",
])
def test_a_greeting_with_its_question_is_not_small_talk(text: str) -> None:
    assert smalltalk(tokens(text)) is None


@pytest.mark.parametrize(("text", "entry"), [
    ("nhóm đồ uống có mấy phiếu chấm vậy ad, rượu với nước đóng chai có tách riêng không",
     "criteria-sheets-drinks"),
    ("gia vị với chè thì có những bộ phiếu nào", "criteria-sheets-spices-tea-coffee"),
])
def test_the_sheets_of_a_group_are_its_entrys(rules: FaqEngine, text: str, entry: str) -> None:
    reply = rules.respond(text)
    assert (reply.kind, reply.entry and reply.entry.id) == ("answer", entry)


@pytest.mark.parametrize("text", ["thịt trâu gác bếp chấm phiếu nào ạ",
                                  "nước mắm thì chấm theo phiếu nào"])
def test_one_products_sheet_is_still_computed(rules: FaqEngine, text: str) -> None:
    reply = rules.respond(text)
    assert reply.kind == "computed" and reply.computed_kind in ("which_sheet", "choose_sheet")


# Found by a review of this round's rules: each was answered right before them.
@pytest.mark.parametrize(("text", "entry"), [
    # "htx" reads "hợp tác xã": its "hợp" is no council meeting.
    ("giay chung nhan ocop cua htx em o Nghe An cap ngay 12/5/2022 thi den ngay nao het han vay ad",
     "validity-36-months"),
    ("htx em o Ben Tre nop ho so ngay 10/3 thi ngay nao xa phai gui len tinh",
     "procedure-commune-deadline"),
    # A greeting, then the question itself, however short.
    ("chao ad, hoi chut mau 01", "registration-form-01"),
    ("chao chi, hoi chut gia han", "validity-after-expiry"),
    # Thanks, then a follow-up question.
    ("cảm ơn ad đã giải đáp, vậy hồ sơ nộp ở xã hay tỉnh ạ", "registration-where-to-submit"),
    # A form's fields, the commune's number.
    ("cho em xin mau phieu dang ky ocop, trong do co muc ghi email voi sdt khong a",
     "registration-form-01"),
    ("cho em xin sdt ubnd xa de lien he lam ho so ocop", "support-find-officer"),
])
def test_what_the_new_rules_must_leave_alone(engine: FaqEngine, text: str, entry: str) -> None:
    reply = engine.respond(text)
    assert (reply.kind, reply.entry and reply.entry.id) == ("answer", entry)


def test_a_named_products_sheet_is_looked_up_not_voted_on(engine: FaqEngine) -> None:
    text = ("sp xuc xich heo moi cua htx e thi thuoc bo tieu chi nao vay ad, khong biet la thit "
            "che bien hay gi")
    reply = engine.respond(text)
    assert (reply.kind, reply.computed_kind) == ("computed", "which_sheet")


def test_a_long_word_is_cut_without_being_kept() -> None:
    from knowledge.faq.memory import _word_grams, letter_grams

    before = _word_grams.cache_info().currsize
    long_word = "a" * 4000
    assert letter_grams((long_word,))["aaaa"] == 3997
    assert _word_grams.cache_info().currsize == before
