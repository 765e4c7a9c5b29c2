"""FAQ engine, issue 10 round 3: odd digits in questions, weak kinds of user questions."""

from __future__ import annotations

import pytest

from knowledge.faq import FaqEngine
from knowledge.faq.criteria_answers import parse
from knowledge.faq.decide import other_programme
from knowledge.faq.english import english_terms
from knowledge.faq.index import star_levels
from knowledge.faq.normalize import tokens


@pytest.mark.parametrize("query", ["phiếu ² gồm những gì", "phieu " + "9" * 5000,
                                   "tieu chi ² la gi", "tiêu chí " + "9" * 5000])
def test_digits_that_int_refuses_name_no_sheet_or_criterion(engine: FaqEngine, query: str) -> None:
    parsed = parse(query)
    assert parsed.sheets == () and parsed.code is None
    assert engine.respond(query).kind in {"answer", "suggestions", "decline", "computed"}


def test_an_ascii_sheet_number_still_names_its_sheet() -> None:
    assert parse("phieu 12 gom nhung gi").sheets == (12,)
    assert parse("tieu chi 3 la gi").code == "3"


@pytest.mark.parametrize("query", ["sp duoi 50 diem thi sao", "chua toi 50 diem thi sao",
                                   "it hon 50 diem thi sao",
                                   "what happens if my product gets less than 50 points"])
def test_a_score_under_a_bound_is_not_ranked_as_that_score(engine: FaqEngine, query: str) -> None:
    reply = engine.respond(query)
    assert reply.computed_kind != "rank"
    assert reply.entry is not None and reply.entry.id == "criteria-one-two-star"


def test_a_score_above_a_bound_is_still_ranked(engine: FaqEngine) -> None:
    reply = engine.respond("tren 90 diem la may sao")
    assert reply.computed_kind == "rank" and "<b>5 sao</b>" in reply.text


@pytest.mark.parametrize(("query", "repaired"), [
    ("gai han giay chung nhan", ("gia", "han")), ("tham gai ocop", ("tham", "gia")),
    ("san phan ocop", ("san", "pham")), ("giay chung nhanh", ("chung", "nhan"))])
def test_real_syllable_typos_are_repaired_by_their_neighbour(query: str,
                                                             repaired: tuple[str, str]) -> None:
    words = tokens(query)
    assert any(words[i:i + 2] == repaired for i in range(len(words)))


def test_a_real_syllable_alone_is_left_as_typed() -> None:
    assert tokens("cay co gai khong") == ("cay", "co", "gai", "khong")


@pytest.mark.parametrize("query", ["how do I get from 4 stars to 5 stars",
                                   "can I move my product from 3 stars up to 4"])
def test_an_english_move_between_star_levels_reads_as_an_upgrade(query: str) -> None:
    assert "upgrade" in english_terms(query)
    assert "upgrade" not in english_terms("what is the difference between 3 and 4 stars")


def test_star_levels_named_in_a_text() -> None:
    assert star_levels("Sản phẩm đạt 3 sao") == {3}
    assert star_levels("What is a 5-star product") == {5}
    assert star_levels("13 sao hay 4 stars") == {4}


def test_an_entry_about_another_star_level_ranks_below_the_level_asked(engine: FaqEngine) -> None:
    hits = engine.index.search("sp dat chuan 3 sao can nhung j").hits
    ranked = [engine.index.entries[h.entry].id for h in hits]
    assert ranked.index("criteria-three-star") < ranked.index("criteria-five-star")


@pytest.mark.parametrize("query", ["lich nghi tet nam nay the nao", "mua ban dat nen o dau re",
                                   "nang cap dien thoai mat bao lau", "cach nau ruou ngon"])
def test_everyday_topics_without_ocop_are_other_matters(engine: FaqEngine, query: str) -> None:
    assert other_programme(tokens(query))
    assert engine.respond(query).kind == "decline"


def test_an_everyday_word_beside_ocop_is_still_an_ocop_question() -> None:
    assert not other_programme(tokens("cach nau ruou de dat ocop 3 sao"))


@pytest.mark.parametrize("message", ["ờ", "test", "ừm"])
def test_a_lone_short_syllable_is_declined(engine: FaqEngine, message: str) -> None:
    assert engine.respond(message).kind == "decline"


def test_a_lone_topic_word_is_still_answered(engine: FaqEngine) -> None:
    reply = engine.respond("logo")
    assert reply.kind == "answer" and reply.entry is not None
    assert reply.entry.id == "mark-logo-meaning"


def test_one_entry_far_ahead_that_explains_every_word_is_answered(engine: FaqEngine) -> None:
    reply = engine.respond("logo ocop mau nau la gi")
    assert reply.kind == "answer" and reply.entry is not None
    assert reply.entry.id == "mark-logo-meaning"
