"""FAQ engine, issue 10 round 6: general rules found on the misses of fresh.yaml and fresh2.yaml
(an option described without its criterion, parts named by their title, criterion codes, chat
words around a question, other procedures, English contractions)."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.faq import computed as calc
from knowledge.faq.criteria_answers import parse
from knowledge.faq.decide import OTHER_PROGRAMMES, other_programme, smalltalk
from knowledge.faq.engine import FaqEngine
from knowledge.faq.english import english_terms
from knowledge.faq.index import FaqIndex
from knowledge.faq.model import FaqEntry, entry_from_data
from knowledge.faq.normalize import normalize, tokens
from knowledge.faq.synonyms import CONCEPTS, concepts


def _option(engine: FaqEngine, text: str) -> calc.Computed | None:
    parsed = parse(text)
    return calc.option_described(engine.criteria.options, frozenset(parsed.words),
                                 len(engine.criteria.sheets))


@pytest.mark.parametrize(("text", "code", "points"), [
    ("dung tren 75% lao dong trong xa thi dc may diem", "3.3", "3 điểm"),
    ("co website voi di hoi cho ngoai tinh thi tieu chi quang ba dc may diem", "4.3", "3 điểm"),
    ("vung nguyen lieu co vietgap thi dc cong may diem", "1.2", "1 điểm"),
    ("ghi nhan song ngu viet anh dc cong may diem", "2.4", "1 điểm"),
])
def test_an_option_described_without_its_criterion_gets_its_points(
        engine: FaqEngine, text: str, code: str, points: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "computed" and reply.computed_kind == "option"
    assert reply.computed is not None and reply.computed.code == code
    assert f"<b>{points}</b>" in reply.text.split("\n")[1]


@pytest.mark.parametrize("text", [
    # Options that differ in what the question does not say (the share of the contracts).
    "hop dong lien ket tieu thu co dc tinh diem ko",
    # Items of a criterion, not one option of it.
    "tieu chi so huu tri tue gom nhung muc nao, moi muc bao nhieu diem",
    # Few and common words name no criterion.
    "chung nhan ocop xai duoc may nam",
])
def test_no_option_is_picked_when_the_question_does_not_describe_one(
        engine: FaqEngine, text: str) -> None:
    assert _option(engine, text) is None


def test_the_least_option_holding_what_is_asked_is_picked(engine: FaqEngine) -> None:
    found = _option(engine, "dùng trên 75% lao động trong xã thì đc bn điểm")
    assert found is not None
    assert "≥ 75%" in found.text_vi and "50%" not in found.text_vi.split("\n")[1]


def test_a_part_named_by_its_title_and_share_is_its_maximum(engine: FaqEngine) -> None:
    reply = engine.respond("chat luong san pham chiem may diem tren tong 100 diem")
    assert reply.computed_kind == "part_max" and "35" in reply.text


def test_english_most_asks_a_maximum(engine: FaqEngine) -> None:
    reply = engine.respond("What is the most a product can score in Part C?")
    assert reply.language == "en" and reply.computed_kind == "part_max"


def test_an_option_subject_with_its_criterion_code_gets_the_option(engine: FaqEngine) -> None:
    reply = engine.respond("ho kinh doanh co giay phep thi tieu chi 3.1 duoc may diem")
    assert reply.computed_kind == "option" and reply.computed is not None
    assert reply.computed.code == "3.1"


def test_a_criterion_named_by_its_code_is_answered_from_the_sheets(engine: FaqEngine) -> None:
    reply = engine.respond("tieu chi 4.3 quang ba san pham cham nhu the nao")
    assert reply.kind == "computed" and reply.computed is not None
    assert reply.computed.code == "4.3"


def test_mục_nào_without_a_star_is_not_a_star_minimum() -> None:
    assert calc.minimum_topic(" tieu chi so huu tri tue gom nhung muc nao ", None) is None
    assert calc.minimum_topic(" bao bi can dat muc nao de duoc 3 sao ", 3) == "bao bi"


def test_addressing_the_assistant_is_not_the_topic(engine: FaqEngine) -> None:
    assert "tro" not in normalize("trợ lý ơi ocop là gì").folded
    reply = engine.respond("trợ lý ơi ocop là gì")
    assert reply.entry is not None and reply.entry.id == "concepts-what-is-ocop"


@pytest.mark.parametrize(("text", "kind"), [
    ("xin chào trợ lý nhé", "greeting"),
    ("chao buoi sang ad, em moi vao nhom", "greeting"),
    ("da em hieu roi, cam on ad da giai dap tan tinh", "thanks"),
])
def test_more_small_talk(text: str, kind: str) -> None:
    assert smalltalk(normalize(text).folded) == kind


@pytest.mark.parametrize(("text", "other"), [
    ("dang ky xe may moi can giay to gi", True),
    ("vay von ngan hang chinh sach de lam nha the nao", True),
    ("ho tro vay von lam ocop the nao", False),
    ("lam the nao de dang ky nhan hieu o cuc so huu tri tue", True),
    ("dang ky chi dan dia ly cho sp can thu tuc gi", True),
    ("dang ky nhan hieu o cuc shtt co giup dat ocop khong", False),
])
def test_vehicles_and_house_loans_are_other_procedures(text: str, other: bool) -> None:
    assert other_programme(tokens(text)) is other


def test_an_empty_message_is_no_other_programme() -> None:
    assert other_programme(()) is False


def test_english_contractions_are_not_content_words() -> None:
    assert "don" not in english_terms("I don't know which sheet my product belongs to")


@pytest.mark.parametrize(("abbreviation", "words"), [
    ("khcn", ("khoa", "hoc", "cong", "nghe")), ("vn", ("viet", "nam")), ("ttg", ("thu", "tuong")),
])
def test_more_abbreviations(abbreviation: str, words: tuple[str, ...]) -> None:
    assert normalize(abbreviation).folded == words


@pytest.mark.parametrize("text", [
    " lam the nao de dang ky nhan hieu o cuc so huu tri tue ",
    " muon len 4 sao thi nop ho so nang hang o dau ",
])
def test_a_procedure_question_is_not_a_star_minimum(text: str) -> None:
    assert calc.minimum_topic(text, parse(text).star) is None


def test_a_star_minimum_is_still_read_with_a_star_ask() -> None:
    assert calc.minimum_topic(" truy xuat nguon goc can cho may sao ", None) == calc.TRACE_TOPIC
    assert calc.minimum_topic(" bao bi the nao thi dat 3 sao ", 3) == "bao bi"


def test_tieu_chi_and_title_words_describe_no_option(engine: FaqEngine) -> None:
    # Folded, "tiêu chí" holds "chi" (as "chỉ dẫn" of an option) and "sở hữu" holds "hữu".
    reply = engine.respond("tieu chi so huu tri tue gom nhung muc nao, moi muc bao nhieu diem")
    assert reply.kind == "computed" and reply.computed_kind != "option"


def test_a_part_of_an_earlier_set_of_criteria_is_for_the_entries(engine: FaqEngine) -> None:
    reply = engine.respond("bo tieu chi ocop nam 2019 cham phan A may diem")
    assert reply.computed_kind != "part_max"
    current = engine.respond("rau cu qua tuoi phan A toi da bao nhieu diem")
    assert current.computed_kind == "part_max"


def test_entries_with_figures_for_other_years_than_the_one_asked_drop() -> None:
    def entry(entry_id: str, answer: str) -> FaqEntry:
        return entry_from_data({"id": entry_id, "question": "Cả nước có bao nhiêu sản phẩm?",
                                "answer_vi": answer, "answer_en": answer})

    index = FaqIndex([entry("latest", "Cuối năm 2025 có 18.243 sản phẩm."),
                      entry("by-year", "Năm 2023 có 10.322; năm 2024 có 15.590 sản phẩm."),
                      entry("no-year", "Sản phẩm được xếp từ 1 đến 5 sao.")])
    assert index.years[0] == {"2025"} and index.years[1] == {"2023", "2024"}
    found = index._prefer_year_asked(np.ones(3), frozenset({"2024"}))
    assert list(found) == [pytest.approx(0.8), 1.0, 1.0]
    hits = index.search("năm 2024 cả nước có bao nhiêu sản phẩm").hits
    alike = index.search("cả nước có bao nhiêu sản phẩm").hits
    assert [h.score for h in hits if h.entry == 0] < [h.score for h in alike if h.entry == 0]


def test_other_programmes_are_written_as_questions_read() -> None:
    # Phrases are matched against normalised words ("ký" reads "ki"): one spelled otherwise
    # would never match. "nhà" at the very end reads as the particle "nha" and drops.
    unread = [p for p in OTHER_PROGRAMMES if tokens(" ".join(p)) != p
              and p[-1] != "nha" and p != ("visa",)]
    assert not unread


def test_every_concept_phrase_is_found_as_questions_are_read() -> None:
    missing = [p for phrases in CONCEPTS.values() for p in phrases
               if not concepts(list(normalize(p).folded))]
    assert not missing
