"""FAQ engine: normalisation, retrieval, the answer/suggest/decline decision, criteria answers,
run-time entries, and a quality gate on the held-out questions."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from knowledge.criteria.loader import SHEETS_DIR
from knowledge.criteria.scoring import required_minimum
from knowledge.faq import (
    Answer,
    CriterionAnswer,
    FaqEngine,
    FaqEntry,
    FaqError,
    NoAnswer,
    Suggestions,
    Thresholds,
)
from knowledge.faq.criteria_answers import CriteriaResponder
from knowledge.faq.evaluate import (
    CRITERIA,
    DEV_PATH,
    USER_HELDOUT_PATH,
    evaluate,
    evaluate_user,
    leaked,
    load_cases,
    load_questions,
)
from knowledge.faq.index import within_one_edit
from knowledge.faq.model import ENTRIES_DIR, load_entries
from knowledge.faq.normalize import fold, tokens
from tests.support.sheets import official_sheets

# --- a small fixture set, independent of the real entries --------------------------------

FIXTURES: list[dict[str, object]] = [
    {"id": "what", "question": "OCOP là gì?", "answer_vi": "Mỗi xã một sản phẩm.",
     "paraphrases": ["chương trình OCOP là gì", "OCOP nghĩa là gì", "định nghĩa OCOP",
                     "OCOP viết tắt của gì", "giải thích OCOP"]},
    {"id": "submit", "question": "Hồ sơ đăng ký OCOP nộp ở đâu?", "answer_vi": "Nộp ở UBND xã.",
     "paraphrases": ["nộp hồ sơ OCOP ở đâu", "hồ sơ gửi cho cơ quan nào", "nơi nộp hồ sơ",
                     "nộp hồ sơ cho xã hay tỉnh", "hồ sơ OCOP nộp cho ai"]},
    {"id": "validity", "question": "Giấy chứng nhận OCOP có hiệu lực bao lâu?",
     "answer_vi": "36 tháng.",
     "paraphrases": ["giấy chứng nhận OCOP có giá trị mấy năm", "hiệu lực giấy chứng nhận",
                     "chứng nhận OCOP hết hạn khi nào", "thời hạn giấy chứng nhận OCOP",
                     "giấy chứng nhận dùng được bao lâu"]},
    {"id": "logo", "question": "Logo OCOP có ý nghĩa gì?", "answer_vi": "Bốn chữ, bốn màu.",
     "paraphrases": ["ý nghĩa logo OCOP", "logo OCOP màu gì", "biểu trưng OCOP",
                     "các chữ trong logo OCOP", "logo OCOP tượng trưng cho gì"]},
    {"id": "dossier-first", "question": "Hồ sơ đăng ký lần đầu gồm những gì?",
     "answer_vi": "Mẫu 01 và Mẫu 02.",
     "paraphrases": ["hồ sơ lần đầu cần gì", "giấy tờ đăng ký lần đầu",
                     "đăng ký lần đầu nộp những gì", "thành phần hồ sơ lần đầu",
                     "lần đầu đăng ký cần hồ sơ gì"]},
    {"id": "dossier-upgrade", "question": "Hồ sơ nâng hạng gồm những gì?",
     "answer_vi": "Mẫu 01, Mẫu 02 và minh chứng thay đổi.",
     "paraphrases": ["hồ sơ nâng hạng cần gì", "giấy tờ nâng hạng",
                     "nâng hạng nộp những gì", "thành phần hồ sơ nâng hạng",
                     "muốn nâng hạng cần hồ sơ gì"]},
    {"id": "dossier-renew", "question": "Hồ sơ đánh giá lại gồm những gì?",
     "answer_vi": "Mẫu 01, Mẫu 02 và nội dung cập nhật.",
     "paraphrases": ["hồ sơ đánh giá lại cần gì", "giấy tờ đánh giá lại",
                     "đánh giá lại nộp những gì", "thành phần hồ sơ đánh giá lại",
                     "muốn đánh giá lại cần hồ sơ gì"]},
]


def _small_engine() -> FaqEngine:
    engine = FaqEngine([], sheets={})
    engine.add_entries(FIXTURES)
    return engine


@pytest.fixture(scope="module")
def small() -> FaqEngine:
    return _small_engine()


def _id(result: object) -> str | None:
    return result.entry.id if isinstance(result, Answer) else None


# --- normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OCOP là gì?", "ocop la gi"),
        ("Đăng ký", "dang ki"),
        ("đăng kí", "dang ki"),
        ("ocop laf gif", "ocop la gi"),
        ("ddieemr", "diem"),
        ("nguwowif", "nguoi"),
        ("khoong", "khong"),
        ("la2 gi2", "la gi"),
        ("d9u7o7c5", "duoc"),
        ("bn diem dc 4 sao", "bao nhieu diem duoc 4 sao"),
        ("bao nhiêu điểm được 4*", "bao nhieu diem duoc 4 sao"),
        ("4sao", "4 sao"),
        ("5★", "5 sao"),
        ("htx dk sp ntn", "hop tac xa dang ki san pham nhu the nao"),
        ("ko bit j", "khong biet gi"),
        ("qd26", "quyet dinh 26"),
        ("phieu1", "phieu 1"),
        ("Tiêu chí 1.5 được mấy điểm", "tieu chi 1.5 duoc may diem"),
        ("1,5 điểm", "1.5 diem"),
        ("O.C.O.P là gì", "ocop la gi"),
        ("cho em hỏi ocop là cái gì ạ", "ocop la gi"),
        ("ad ơi phần A bao nhiêu điểm", "phan a bao nhieu diem"),
        ("hoa hồng", "hoa hong"),
        ("tour du lịch", "tour du lich"),
    ],
)
def test_normalisation(text: str, expected: str) -> None:
    assert " ".join(tokens(text)) == expected


def test_decomposed_unicode_folds_like_composed() -> None:
    text = "Hồ sơ đăng ký nộp ở đâu"
    assert tokens(unicodedata.normalize("NFD", text)) == tokens(text)
    assert fold("ĐỒNG Ý") == "dong y"


def test_edit_distance_one() -> None:
    assert within_one_edit("ocpo", "ocop")
    assert within_one_edit("dnag", "dang")
    assert within_one_edit("hoso", "hosso")
    assert not within_one_edit("ocop", "ocean")


# --- retrieval and decision on the fixture set -------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Giấy chứng nhận OCOP có hiệu lực trong bao lâu?", "validity"),
        ("giay chung nhan ocop co hieu luc trong bao lau", "validity"),
        ("giấy chứng nhân ocop có hiêu lực trong bao lâu", "validity"),
        ("logo ocop co y nghia gi", "logo"),
        ("logo ocop cos y nghiax gif", "logo"),
        ("logo ocpo co y nghia gi", "logo"),
    ],
)
def test_accents_typos_and_telex_find_the_same_entry(
    small: FaqEngine, query: str, expected: str
) -> None:
    assert _id(small.ask(query)) == expected


@pytest.mark.parametrize("query", ["OCOP là gì?", "ocop la gi", "O.C.O.P laf gif"])
def test_an_entry_question_itself_is_answered_outright(small: FaqEngine, query: str) -> None:
    assert small.ask(query) == Answer(small.entry("what"), 1.0)


@pytest.mark.parametrize(
    "query",
    ["thời tiết Hà Nội hôm nay thế nào", "giá vàng hôm nay", "kết quả bóng đá ngoại hạng anh",
     "thủ tục cấp sổ đỏ", "asdfgh", "?"],
)
def test_out_of_scope_gets_no_answer(small: FaqEngine, query: str) -> None:
    assert not isinstance(small.ask(query), Answer)


@pytest.mark.parametrize("query", ["xin chào", "cảm ơn bot nhé", "ok thanks"])
def test_smalltalk_is_declined_as_such(small: FaqEngine, query: str) -> None:
    assert small.ask(query) == NoAnswer("smalltalk")


def test_ambiguous_question_gets_suggestions() -> None:
    # With a margin wide enough to see the three dossier entries as equally good (the tuned
    # margin is narrow: real users' questions were rarely that ambiguous).
    wide = FaqEngine([], sheets={}, thresholds=Thresholds(answer=0.3, margin=0.5, coverage=0.2,
                                                          known=0.4))
    wide.add_entries(FIXTURES)
    result = wide.ask("hồ sơ gồm những gì")
    assert isinstance(result, Suggestions)
    assert 2 <= len(result.entries) <= 3
    assert {e.id for e in result.entries} <= {"dossier-first", "dossier-upgrade", "dossier-renew"}


def test_added_entry_becomes_findable_and_replaceable() -> None:
    engine = _small_engine()
    query = "lop tap huan ocop to chuc o dau"
    assert _id(engine.ask(query)) is None
    added = engine.add_entry({
        "id": "admin-1", "question": "Lớp tập huấn OCOP tổ chức ở đâu?",
        "answer_vi": "Tại hội trường UBND xã.",
        "paraphrases": ["tập huấn OCOP học ở đâu", "địa điểm lớp tập huấn OCOP"],
    })
    assert engine.entry("admin-1") == added
    assert _id(engine.ask(query)) == "admin-1"
    engine.add_entry(FaqEntry("admin-1", "Lớp tập huấn OCOP tổ chức ở đâu?", "Tại nhà văn hóa."))
    assert engine.entry("admin-1").answer_vi == "Tại nhà văn hóa."
    assert len([e for e in engine.entries if e.id == "admin-1"]) == 1
    assert engine.remove_entry("admin-1") and engine.entry("admin-1") is None


def test_invalid_entry_data_is_refused(small: FaqEngine) -> None:
    with pytest.raises(FaqError):
        small.add_entry({"id": "x", "question": "", "answer_vi": "…"})


def test_entry_answer_falls_back_to_vietnamese() -> None:
    entry = FaqEntry("a", "Q?", "Trả lời.", answer_en="Answer.")
    assert entry.answer("en") == "Answer." and entry.answer("vi") == "Trả lời."
    assert FaqEntry("b", "Q?", "Trả lời.").answer("en") == "Trả lời."


def test_load_reads_entry_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "- id: t1\n  question: OCOP là gì?\n  answer_vi: Mỗi xã một sản phẩm.\n"
        "  paraphrases: [ocop la gi]\n", encoding="utf-8")
    engine = FaqEngine.load(entries_dir=tmp_path, sheets={},
                            extra=[{"id": "t2", "question": "Hỏi?", "answer_vi": "Đáp."}])
    assert [e.id for e in engine.entries] == ["t1", "t2"]
    (tmp_path / "b.yaml").write_text("- id: t1\n  question: A?\n  answer_vi: B.\n",
                                     encoding="utf-8")
    with pytest.raises(FaqError, match="twice"):
        load_entries(tmp_path)


# --- criteria answers from the real sheets -----------------------------------------------

needs_sheets = pytest.mark.skipif(not any(SHEETS_DIR.glob("*.yaml")), reason="no sheets yet")


@pytest.fixture(scope="module")
def responder() -> CriteriaResponder:
    return CriteriaResponder(official_sheets())


@needs_sheets
def test_criterion_points_come_from_the_sheet(responder: CriteriaResponder) -> None:
    answer = responder.answer("tiêu chí liên kết sản xuất rau quả được mấy điểm")
    assert isinstance(answer, CriterionAnswer)
    assert (answer.kind, answer.sheets, answer.code, answer.max_points) == (
        "criterion", (1,), "1.5", 3)
    assert "Liên kết sản xuất" in answer.text_vi and "tối đa 3 điểm" in answer.text_vi
    assert "up to 3 points" in answer.text_en


@needs_sheets
def test_star_minimum_is_the_marked_option(responder: CriteriaResponder) -> None:
    answer = responder.answer("bao bi che 4 sao can gi")
    sheet = official_sheets()[11]
    criterion = next(c for c in sheet.criteria if c.code == "2.2")
    needed = required_minimum(criterion, 4)
    assert answer is not None and answer.code == "2.2" and answer.star_level == 4
    assert needed is not None and needed.text in answer.text_vi


@needs_sheets
@pytest.mark.parametrize(
    ("query", "kind", "sheets"),
    [
        ("phiếu chè có bao nhiêu tiêu chí", "sheet", (11,)),
        ("ruou 4 sao can dat nhung gi", "level", (14,)),
        ("mat ong thuoc phieu nao", "choose_sheet", (4, 8)),
        ("ca phe cham theo phieu nao", "which_sheet", (13,)),
        ("cam quan ca phe bao nhieu diem", "group", (13,)),
        ("tieu chi 1.5 phieu so 1 duoc may diem", "criterion", (1,)),
    ],
)
def test_sheet_questions(
    responder: CriteriaResponder, query: str, kind: str, sheets: tuple[int, ...]
) -> None:
    answer = responder.answer(query)
    assert answer is not None and (answer.kind, answer.sheets) == (kind, sheets)


@needs_sheets
def test_criterion_without_product_lists_the_variants(responder: CriteriaResponder) -> None:
    answer = responder.answer("4 sao cần gì về bao bì")
    assert answer is not None and answer.code == "2.2" and not answer.product_named
    assert answer.kind in {"criterion", "need_product", "minimum"} and len(answer.sheets) >= 13


@needs_sheets
@pytest.mark.parametrize(
    "query",
    ["ocop la gi", "san pham 4 sao can bao nhieu diem", "ghi nhãn hàng hóa là gì",
     "hồ sơ công nhận lại 5 sao gửi bộ", "cach nau ruou ngo", "hoa hồng có đẹp không"],
)
def test_not_about_a_criterion(responder: CriteriaResponder, query: str) -> None:
    assert responder.answer(query) is None


# --- the real entries: held-out quality gate ---------------------------------------------

needs_entries = pytest.mark.skipif(
    not any(ENTRIES_DIR.glob("*.yaml")), reason="no FAQ entries yet"
)


@needs_entries
def test_heldout_is_large_varied_and_not_copied_from_entries(engine: FaqEngine) -> None:
    cases = load_cases()
    ids = {e.id for e in engine.entries}
    assert len(cases) >= 250
    assert sum(c.expected is None for c in cases) >= 60
    assert all(c.expected in ids for c in cases if c.expected not in (None, CRITERIA))
    assert leaked(cases, engine.entries) == []


@needs_entries
def test_heldout_quality_gate(engine: FaqEngine) -> None:
    def rank(query: str) -> list[str]:
        return [engine.entries[h.entry].id for h in engine.search(query).hits]

    m = evaluate(load_cases(), rank, engine.ask)
    # Slightly below the measured figures (bench/bench_faq.py), so that a regression fails.
    # The decision now answers far more (issue 10): this older set gates the ranking; the
    # decision is gated on the user-style held-out set below.
    assert m.acc1 >= 0.92
    assert m.recall3 >= 0.97
    assert m.precision >= 0.93
    assert m.coverage >= 0.9
    assert m.criteria_answered >= m.criteria_cases - 1


@needs_entries
def test_user_style_question_sets_are_separate_and_valid(engine: FaqEngine) -> None:
    dev, held = load_questions(DEV_PATH), load_questions(USER_HELDOUT_PATH)
    assert len(dev) >= 300 and len(held) >= 200
    assert not {q.text for q in dev} & {q.text for q in held}
    ids = {e.id for e in engine.entries}
    for q in [*dev, *held]:
        assert q.entry_ids <= ids, q.text
    for questions in (dev, held):
        english = sum(q.language == "en" for q in questions) / len(questions)
        assert 0.07 <= english <= 0.15
        assert sum(q.out_of_scope for q in questions) >= 20


@needs_entries
def test_user_style_heldout_quality_gate(engine: FaqEngine) -> None:
    from bench.bench_faq import without_these_sets

    # The question memory holds heldout.yaml too: measured with a memory that leaves it out.
    engine = without_these_sets(engine, (USER_HELDOUT_PATH,))

    def rank(query: str) -> list[str]:
        english = engine.is_english(query)
        index = engine.english_index if english else engine.index
        return [index.entries[h.entry].id for h in engine.search(query, english).hits]

    m = evaluate_user(load_questions(USER_HELDOUT_PATH), engine.respond, rank)
    # Slightly below the measured figures (bench/bench_faq.py), so that a regression fails.
    assert m.direct_rate >= 0.93
    assert m.precision >= 0.97
    assert m.acc1 >= 0.96 and m.recall3 >= 0.99
    assert m.oos_declined >= 0.92
    assert m.smalltalk_right == m.smalltalk
