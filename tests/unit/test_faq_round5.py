"""FAQ engine, issue 10 round 5: general rules found on the fresh set's misses (numbers that are
not scores, longer polite messages, which sheet a product uses, product names in coverage, an
option described by its words)."""

from __future__ import annotations

import pytest

from knowledge.faq import computed as calc
from knowledge.faq.criteria_answers import asks_which_sheet, parse, product_words
from knowledge.faq.decide import smalltalk
from knowledge.faq.engine import FaqEngine
from knowledge.faq.normalize import normalize


def _score(text: str) -> float | None:
    parsed = parse(text)
    return calc.score_asked(parsed.words, parsed.text)


def test_a_score_in_a_short_question_is_ranked() -> None:
    assert _score("38 diem thi sao ad") == 38
    assert _score("em tu cham dc 95 diem la 5 sao roi dung ko") == 95


def test_a_number_inside_a_longer_question_is_not_a_score_to_rank() -> None:
    assert _score("gui len bo ma chi dc 85 diem thi sp do xu ly sao") is None
    assert _score("sp dat 92 diem o tinh thi tiep theo phai lam gi de len 5 sao") is None


def test_la_sao_asks_how_come_not_which_star() -> None:
    assert _score("phieu du lich phan A in 35 diem ma cong lai ra 40 la sao") is None


@pytest.mark.parametrize(("text", "kind"), [
    ("ok e cảm ơn ad đã giải đáp nhé", "thanks"),
    ("da e cam on a, ro roi", "thanks"),
    ("ad oi, em chao ad, chuc ad ngay moi tot lanh", "greeting"),
])
def test_longer_polite_messages_are_small_talk(text: str, kind: str) -> None:
    assert smalltalk(normalize(text).folded) == kind


def test_polite_words_without_a_greeting_or_thanks_are_not_small_talk() -> None:
    assert smalltalk(normalize("giai dap giup e").folded) is None


def test_which_sheet_is_asked_with_sheet_or_set_words() -> None:
    assert asks_which_sheet(parse("gao nha e dung phieu cham nao").words)
    assert asks_which_sheet(parse("banh chung cham theo bo may").words)
    # "bộ nào" alone is a ministry.
    assert not asks_which_sheet(parse("nhom my pham thi bo nao quan ly").words)


@pytest.mark.parametrize(("text", "sheet"), [
    ("gao tam thom nha e thi dung phieu cham nao", 3),
    ("vuon lan ho diep muon dk ocop thi cham bo nao", 23),
])
def test_which_sheet_for_a_named_product(engine: FaqEngine, text: str, sheet: int) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == "which_sheet"
    assert reply.computed is not None and reply.computed.sheets == (sheet,)


def test_product_names_are_found_as_words() -> None:
    assert {"ruou", "ngo"} <= product_words(("ruou", "ngo", "nha", "e"))
    assert not product_words(("lan", "thu", "hai"))


def test_an_option_described_by_its_words_gets_its_common_points(engine: FaqEngine) -> None:
    reply = engine.respond("don dang ky nhan hieu da dc chap nhan thi dc may diem so huu tri tue")
    assert reply.kind == "computed" and reply.computed_kind == "option"
