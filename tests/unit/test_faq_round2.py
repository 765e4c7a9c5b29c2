"""FAQ engine, issue 10 round 2: general rules that raise the held-out figures (loose rank
questions, parts named by title, criterion points, other programmes, English synonyms and the
English reading of criteria questions, near ties settled by the best text, array scoring)."""

from __future__ import annotations

import pytest

from knowledge.criteria.loader import SHEETS_DIR
from knowledge.faq import FaqEngine, Thresholds
from knowledge.faq.decide import other_programme
from knowledge.faq.english import english_terms, vietnamese_gloss
from knowledge.faq.model import entry_from_data, load_entries
from knowledge.faq.normalize import tokens

needs_sheets = pytest.mark.skipif(not any(SHEETS_DIR.glob("*.yaml")), reason="no sheets yet")


def _kind(engine: FaqEngine, text: str, locale: str = "vi") -> str | None:
    reply = engine.respond(text, locale)
    return reply.computed_kind if reply.kind == "computed" else reply.kind


@needs_sheets
@pytest.mark.parametrize(("query", "stars"), [("82 diem la 4 sao dung ko", "4 sao"),
                                              ("sp em 33 diem thi sao ad", "2 sao")])
def test_a_score_beside_any_rank_word_gets_its_rank(engine: FaqEngine, query: str,
                                                    stars: str) -> None:
    reply = engine.respond(query)
    assert reply.computed_kind == "rank" and f"<b>{stars}</b>" in reply.text


@needs_sheets
def test_missing_a_threshold_is_not_a_score_to_rank(engine: FaqEngine) -> None:
    assert _kind(engine, "ko du 90 diem thi sao") != "rank"


@needs_sheets
def test_a_part_named_by_its_title_gets_its_maximum(engine: FaqEngine) -> None:
    reply = engine.respond("phan chat luong toi da may diem")
    assert reply.computed_kind == "part_max" and "35 điểm" in reply.text


@needs_sheets
@pytest.mark.parametrize("query", ["bao bi toi da bao nhieu diem",
                                   "tieu chi lien ket toi da may diem"])
def test_the_points_of_a_named_criterion_come_from_the_sheets(engine: FaqEngine,
                                                              query: str) -> None:
    assert engine.respond(query).kind == "computed"


@needs_sheets
def test_the_mark_on_packaging_is_not_a_packaging_minimum(engine: FaqEngine) -> None:
    assert _kind(engine, "sp 3 sao co dc in logo ocop len bao bi ko") != "minimum"


@pytest.mark.parametrize("query", ["xa nong thon moi nang cao can tieu chi gi",
                                   "thu tuc xin giay attp cho co so", "mai troi mua ko",
                                   "xin giay phep kinh doanh ruou"])
def test_other_programmes_and_topics_are_declined(engine: FaqEngine, query: str) -> None:
    assert engine.respond(query).kind == "decline"


def test_naming_ocop_keeps_a_question_about_its_link_to_another_programme() -> None:
    assert not other_programme(tokens("ocop lien quan gi nong thon moi"))
    assert other_programme(tokens("nong thon moi can tieu chi gi"))


def test_cn_reads_as_chung_nhan() -> None:
    assert tokens("giay cn") == ("giay", "chung", "nhan")


def test_english_synonyms_meet_the_entries_words() -> None:
    assert english_terms("can it be taken away") == english_terms("can it be revoked")
    assert english_terms("papers") == english_terms("dossier")
    assert english_terms("apply") == english_terms("register")


@needs_sheets
@pytest.mark.parametrize(("query", "kind"), [("how many points is part C worth", "part_max"),
                                             ("is traceability required for 4 stars",
                                              "minimum"),
                                             ("which sheet is used for coffee", "which_sheet")])
def test_english_criteria_questions_are_computed_in_english(engine: FaqEngine, query: str,
                                                            kind: str) -> None:
    reply = engine.respond(query)
    assert reply.computed_kind == kind and reply.language == "en"


def test_the_gloss_keeps_numbers_and_part_letters() -> None:
    assert vietnamese_gloss("how many points is part C worth") == "bao nhieu diem phan c toi da"


def test_english_paraphrases_are_loaded_and_indexed() -> None:
    entries = {e.id: e for e in load_entries()}
    assert entries["registration-first-step"].paraphrases_en
    entry = entry_from_data({"id": "x", "question": "Q?", "answer_vi": "A.",
                             "paraphrases_en": ["how do I begin"]})
    assert entry.paraphrases_en == ("how do I begin",)
    assert entry.to_data()["paraphrases_en"] == ["how do I begin"]
    small = FaqEngine([], sheets={})
    small.add_entries([{"id": "start", "question": "Bắt đầu từ đâu?", "answer_vi": "Ở xã.",
                        "question_en": "Where to start?", "answer_en": "At the commune.",
                        "paraphrases_en": ["first step to take part"]},
                       {"id": "logo", "question": "Logo là gì?", "answer_vi": "Bốn màu.",
                        "question_en": "What is the logo?", "answer_en": "Four colours."}])
    hits = small.search("what is the first step to take part", english=True).hits
    assert small.english_index.entries[hits[0].entry].id == "start"


def test_a_near_tie_goes_to_the_entry_whose_own_text_says_it() -> None:
    small = FaqEngine([], sheets={}, thresholds=Thresholds(answer=0.2, margin=0.5,
                                                           coverage=0.2, known=0.4))
    small.add_entries([
        {"id": "when", "question": "Khi nào giấy chứng nhận bị thu hồi?",
         "answer_vi": "Khi gian dối hồ sơ.", "paraphrases": ["khi nao bi thu hoi"]},
        {"id": "after", "question": "Bị thu hồi rồi thì nhãn thế nào?",
         "answer_vi": "Không được dùng nhãn chứng nhận sau khi thu hồi giấy chứng nhận.",
         "paraphrases": ["sau khi bi thu hoi giay chung nhan"]},
    ])
    reply = small.respond("khi nao giay chung nhan bi thu hoi")
    assert reply.kind == "answer" and reply.entry is not None and reply.entry.id == "when"


def test_a_question_of_known_chat_words_only_is_still_covered() -> None:
    small = FaqEngine([], sheets={})
    small.add_entries([{"id": "bot", "question": "Bot này giúp được gì?", "answer_vi": "Nhiều.",
                        "paraphrases": ["bot lam duoc gi"]}])
    result = small.index.search("bot giup duoc gi")
    assert small.index.coverage(result) > 0


def test_array_scoring_ranks_as_before() -> None:
    small = FaqEngine([], sheets={})
    small.add_entries([{"id": "a", "question": "Hồ sơ nộp ở đâu?", "answer_vi": "Ở xã.",
                        "paraphrases": ["nop ho so o dau"]},
                       {"id": "b", "question": "Logo có ý nghĩa gì?", "answer_vi": "Bốn màu.",
                        "paraphrases": ["y nghia logo"]}])
    hits = small.index.search("nop ho so").hits
    assert [small.index.entries[h.entry].id for h in hits] == ["a"]
    assert small.index.search("zzz qqq").hits == ()


def test_calibration_judges_a_point_with_its_grid_neighbours() -> None:
    from knowledge.faq.calibrate import _neighbours

    inner = Thresholds(answer=0.4, margin=0.1, coverage=0.5, known=0.6)
    assert {(n.coverage, n.known) for n in _neighbours(inner)} == {
        (0.5, 0.6), (0.4, 0.6), (0.6, 0.6), (0.5, 0.5), (0.5, 0.7)}
    edge = Thresholds(answer=0.4, margin=0.1, coverage=0.1, known=0.3)
    assert len(list(_neighbours(edge))) == 3


@pytest.mark.parametrize("query", ["gia dat o son la hien nay", "gia sau rieng bao nhieu 1 kg",
                                   "dang ky ket hon can giay to gi"])
def test_prices_and_civil_procedures_are_declined(engine: FaqEngine, query: str) -> None:
    assert engine.respond(query).kind == "decline"


@pytest.mark.parametrize("query", ["giay chung nhan con gia tri hien nay ko",
                                   "89 diem thi dc hang may"])
def test_value_validity_and_scores_are_not_prices(query: str) -> None:
    assert not other_programme(tokens(query))
