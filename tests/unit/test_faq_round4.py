"""FAQ engine, issue 10 round 4: the evidence for answering, run-on messages, chat words,
concept synonyms in coverage, English wordings and computed answers that misread words."""

from __future__ import annotations

import pytest

from knowledge.faq import FaqEngine, Thresholds
from knowledge.faq.calibrate import _Judge, fit_weights, observations, worth
from knowledge.faq.computed import names
from knowledge.faq.decide import Signals, choose, evidence
from knowledge.faq.engine import clauses
from knowledge.faq.english import english_terms
from knowledge.faq.evaluate import Question
from knowledge.faq.normalize import tokens

# --- the evidence for answering -------------------------------------------------------------

WEIGHTS = (-4.0, 2.0, 3.0, 4.0, 3.0)


def test_without_weights_the_evidence_is_the_confidence() -> None:
    s = Signals(confidence=0.37, margin=0.5, coverage=1.0, score=2.0)
    assert evidence(s, Thresholds()) == 0.37


def test_an_entry_far_ahead_that_explains_the_question_has_more_evidence() -> None:
    t = Thresholds(weights=WEIGHTS)
    weak = Signals(confidence=0.3, margin=0.05, coverage=0.4, score=0.8)
    ahead = Signals(confidence=0.3, margin=0.5, coverage=1.0, score=1.8)
    assert 0.0 < evidence(weak, t) < 0.5 < evidence(ahead, t) < 1.0


def test_a_zero_score_has_evidence_too() -> None:
    assert 0.0 <= evidence(Signals(0.0, 0.0, 0.0, score=0.0), Thresholds(weights=WEIGHTS)) < 0.5


def test_an_unseen_wording_of_one_entry_is_answered(engine: FaqEngine) -> None:
    # Few of its words are in any one paraphrase, but only this entry explains them all.
    reply = engine.respond("ocop hoc tu phong trao cua nhat ban a")
    assert reply.kind == "answer" and reply.entry is not None
    assert reply.entry.id == "concepts-origin-ovop"


def _small() -> FaqEngine:
    small = FaqEngine([], sheets={}, thresholds=Thresholds(answer=0.2, margin=0.05,
                                                           coverage=0.2, known=0.4))
    small.add_entries([
        {"id": "where", "question": "Hồ sơ nộp ở đâu?", "answer_vi": "Nộp ở xã.",
         "paraphrases": ["nop ho so o dau"]},
        {"id": "logo", "question": "Logo có ý nghĩa gì?", "answer_vi": "Bốn màu.",
         "paraphrases": ["y nghia logo"]},
        {"id": "fund", "question": "Nhà nước hỗ trợ gì?", "answer_vi": "Đào tạo, tư vấn.",
         "paraphrases": ["ho tro gi"]},
    ])
    return small


def test_the_calibration_judge_decides_as_the_engine_does() -> None:
    small = _small()
    questions = [Question("nop ho so o dau vay", frozenset({"where"})),
                 Question("logo la gi", frozenset({"logo"})),
                 Question("gia vang hom nay", frozenset({"oos"}))]
    found = observations(small, questions)
    t = small.thresholds
    judge = _Judge(small.index, found, t.weights)
    for i, o in enumerate(found):
        assert judge.decision(i, t).kind == choose(small.index, o.result, t).kind
    assert worth(small.index, found, t, english=False) == judge.worth(t)
    weights = fit_weights(small.index, found)
    assert len(weights) == 5 and all(isinstance(w, float) for w in weights)


# --- run-on messages and chat words ---------------------------------------------------------


def test_a_message_is_cut_into_clauses_at_punctuation() -> None:
    assert clauses("chao ad, htx em dc 3 sao, hieu luc bao lau vay") == [
        "htx em dc 3 sao", "hieu luc bao lau vay"]
    assert clauses("hieu luc bao lau") == []
    assert clauses("diem 1.5 la gi. ok") == ["diem 1.5 la gi"]


@pytest.mark.parametrize(("message", "entry_id"), [
    ("chao ad, htx em dc 3 sao nam 2023 gio het han chua, hieu luc bao lau vay",
     "validity-36-months"),
    ("ad oi cho e hoi xiu, sp nhà e la mat ong rung, muon lam ocop thi nop ho so o dau a",
     "registration-where-to-submit"),
])
def test_a_run_on_message_is_answered_by_its_question(engine: FaqEngine, message: str,
                                                     entry_id: str) -> None:
    reply = engine.respond(message)
    assert reply.kind == "answer" and reply.entry is not None and reply.entry.id == entry_id


def test_chat_words_and_asking_pairs_are_not_topic_words() -> None:
    small = _small()
    plain = small.index.search("nop ho so o dau")
    chatty = small.index.search("gio muon biet nop ho so o dau roi, dung khong")
    assert small.index.coverage(chatty) == small.index.coverage(plain) == 1.0


def test_a_word_of_a_concept_counts_as_explained_by_an_entry_naming_it() -> None:
    small = _small()
    # "kinh phí" is never written in the entry, which says "hỗ trợ": both mean support.
    result = small.index.search("kinh phi nha nuoc")
    assert small.index.entries[result.hits[0].entry].id == "fund"
    assert small.index.coverage(result) == 1.0 and small.index.known_share(result.terms) == 1.0


def test_a_two_word_bound_before_a_number_is_read_as_one() -> None:
    assert tokens("it hon 50 diem") == ("duoi", "50", "diem")
    assert tokens("cao hon 90 diem") == ("tren", "90", "diem")
    assert tokens("chua toi luot") == ("chua", "toi", "luot")


@pytest.mark.parametrize("message", ["aaaaa", "hmmm"])
def test_a_letter_typed_thrice_is_not_corrected_into_words(engine: FaqEngine,
                                                         message: str) -> None:
    assert engine.index.search(message).terms == (message,)
    assert engine.respond(message).kind == "decline"


@pytest.mark.parametrize(("text", "expanded"), [("kq", "ket qua"), ("dt", "dien thoai"),
                                               ("vb", "van ban")])
def test_chat_abbreviations(text: str, expanded: str) -> None:
    assert tokens(text) == tuple(expanded.split())


def test_thank_u_is_thanks(engine: FaqEngine) -> None:
    assert engine.respond("thank u").kind == "thanks"


# --- English -------------------------------------------------------------------------------


def test_english_keeps_the_words_that_tell_who_from_when() -> None:
    assert "who" in english_terms("who revokes the certificate")
    assert "when" in english_terms("when is the certificate revoked")


def test_english_reads_re_evaluation_as_one_word_and_its_synonyms_alike() -> None:
    assert english_terms("re-evaluation") == english_terms("reevaluation")
    assert english_terms("re-evaluation") == english_terms("renew")
    assert english_terms("another product") == english_terms("other product")
    assert english_terms("join") == english_terms("register")
    assert english_terms("take part") == english_terms("participate")


@pytest.mark.parametrize(("question", "entry_id"), [
    ("who can revoke the certificate", "revocation-who"),
    ("can I print the OCOP logo on another product", "mark-other-products"),
])
def test_english_questions_reach_their_entry(engine: FaqEngine, question: str,
                                             entry_id: str) -> None:
    reply = engine.respond(question)
    assert reply.language == "en" and reply.entry is not None and reply.entry.id == entry_id


def test_every_entry_has_an_english_wording_besides_its_question(engine: FaqEngine) -> None:
    assert all(e.paraphrases_en for e in engine.entries if e.question_en)


# --- computed answers that misread words ----------------------------------------------------


def test_a_company_gets_the_points_of_its_option(engine: FaqEngine) -> None:
    reply = engine.respond("cong ty tnhh thi tieu chi loai hinh to chuc dc may diem")
    assert reply.computed_kind == "option"
    assert "<b>2 điểm</b>" in reply.text and "Công ty TNHH" in reply.text


def test_a_company_that_asks_to_join_is_not_asking_for_points(engine: FaqEngine) -> None:
    reply = engine.respond("cty lon co tham gia ocop duoc khong")
    assert reply.computed_kind is None and reply.entry is not None
    assert reply.entry.id == "registration-large-enterprise"


def test_a_total_after_the_word_for_points_is_ranked(engine: FaqEngine) -> None:
    reply = engine.respond("tong diem 92 thi hang gi ad")
    assert reply.computed_kind == "rank" and "<b>5 sao</b>" in reply.text
    assert engine.respond("bn diem 4 sao").computed_kind != "rank"


def test_recognising_a_product_is_not_its_label() -> None:
    assert not names(" ai co tham quyen cong nhan san pham ocop 4 sao ", "nhan san pham")
    assert names(" nhan san pham can gi de dat 4 sao ", "nhan san pham")


def test_who_recognises_a_four_star_product_is_a_faq_question(engine: FaqEngine) -> None:
    reply = engine.respond("ai co tham quyen cong nhan sp ocop 4 sao")
    assert reply.entry is not None and reply.entry.id == "organisation-who-recognises"


def test_a_sheet_asked_as_a_set_is_named(engine: FaqEngine) -> None:
    assert engine.respond("tinh dau que thi theo bo nao").computed_kind == "which_sheet"


def test_a_product_of_two_sheets_asked_for_a_star_level_names_both(engine: FaqEngine) -> None:
    reply = engine.respond("mat ong 4 sao can dat nhung gi")
    assert reply.computed_kind == "choose_sheet"
    assert "4" in reply.text and "8" in reply.text


def test_a_dossier_question_is_not_a_sheets_star_minima(engine: FaqEngine) -> None:
    reply = engine.respond("htx lam mien dong muon nang len 4 sao thi can chuan bi ho so gi")
    assert reply.computed_kind != "level"


def test_a_bilingual_label_is_not_taken_for_the_label_criterion(engine: FaqEngine) -> None:
    reply = engine.respond("is a bilingual label required")
    assert reply.computed_kind == "minimum" and "2.4" in reply.text
    assert "no minimum of its own" in reply.text
