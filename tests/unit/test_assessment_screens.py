"""Screens of the self-assessment that must fit a phone: review pages and answer buttons."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from core.i18n import I18n
from core.render import Renderer
from core.ui import criterion_name
from handlers.assessment.papers import is_skip
from handlers.assessment.render import (
    EFFORT_HEADINGS,
    answer_label,
    distinct_words,
    history_screen,
    plan_context,
    rank_line,
    review_pages,
)
from knowledge.criteria.effort import EFFORT_CLASSES
from knowledge.criteria.planner import plan_ranks
from knowledge.criteria.scoring import answerable
from storage.assessments import AssessmentRecord, AssessmentStatus
from tests.support.sheets import official_sheets

SHEETS = official_sheets()


@pytest.mark.parametrize("number", sorted(SHEETS))
def test_review_pages_hold_every_answer_once_in_about_1000_characters(number: int) -> None:
    sheet, renderer, t = SHEETS[number], Renderer(), I18n().get("vi")
    longest = {c.code: max(range(len(c.options)), key=lambda i: len(c.options[i].text))
               for c in sheet.criteria}
    pages = review_pages(sheet, longest)
    codes = [entry["code"] for page in pages for entry in page if "code" in entry]
    assert codes == [c.code for c in sheet.criteria]
    for index, page in enumerate(pages, start=1):
        text = renderer.render("assessment/review.j2", t, sheet=sheet, entries=page,
                               page=index, pages=len(pages))
        assert len(text) <= 1000, (number, index, len(text))
        assert "phương án" not in text


def test_an_answer_button_begins_with_its_number_and_is_not_escaped() -> None:
    t = I18n().get("vi")
    label = answer_label(t, 3, "Có nhãn & mã truy xuất nguồn gốc điện tử", 2.5)
    assert label.startswith("3. Có nhãn & mã") and label.endswith("2.5 điểm")
    assert len(label) <= 40


@pytest.mark.parametrize(("text", "skipped"), [
    ("Bỏ qua", True), ("bỏ  qua", True), ("BO QUA", True), ("Skip", True),
    ("Bỏ qua mật ong", False), ("HTX Bỏ", False),
])
def test_typed_skip_words(text: str, skipped: bool) -> None:
    assert is_skip(text) is skipped


def test_a_criterions_requirement_is_labelled_above_its_options() -> None:
    """Found by a user trial: the bare requirement line read as a stray answer."""
    from core.i18n import I18n
    from core.render import Renderer
    from handlers.assessment.render import question_context
    from knowledge.criteria.loader import load_sheets

    sheet = load_sheets()[4]
    assert sheet.criteria[0].requirement
    text = Renderer().render("assessment/question.j2", I18n().get("vi"),
                             **question_context(sheet, 0, None))
    requirement = f"<i>Yêu cầu: {sheet.criteria[0].requirement}</i>"
    assert requirement in text
    assert text.index(requirement) < text.index("1. " + sheet.criteria[0].options[0].text)


@pytest.mark.parametrize(("title", "name"), [
    # Found by a user trial: "8 TÍNH ĐỘC ĐÁO (Chất lượng: Có nét riêng, khác…" on the plan.
    ("TÍNH ĐỘC ĐÁO (Chất lượng: Có nét riêng, khác biệt, có dấu hiệu nhận biết rõ ràng)",
     "TÍNH ĐỘC ĐÁO"),
    ("TÍNH ĐỘC ĐÁO Chất lượng: (mùi thơm, màu sắc...): Có nét riêng", "TÍNH ĐỘC ĐÁO Chất lượng"),
    ("Phong cách, ghi nhãn sản phẩm (tem, nhãn gắn trên sản phẩm)",
     "Phong cách, ghi nhãn sản phẩm"),
    ("Sản phẩm «Mật ong bạc hà» của vùng", "Sản phẩm"),
    ("Sử dụng công nghệ theo hướng bền vững", "Sử dụng công nghệ theo hướng bền vững"),
    ("Đại diện pháp luật của chủ thể là nữ; hoặc đồng bào dân tộc thiểu số",
     "Đại diện pháp luật của chủ thể là nữ; hoặc đồng…"),
    ("(Ghi chú) «riêng»", "Ghi chú riêng"),
])
def test_a_criterion_label_ends_at_its_name(title: str, name: str) -> None:
    assert criterion_name(title, 50) == name


def test_no_criterion_label_of_a_real_sheet_ends_inside_a_bracket_or_quote() -> None:
    titles = {c.title for sheet in SHEETS.values() for c in sheet.criteria}
    for title in titles:
        for limit in (40, 50):
            label = criterion_name(title, limit)
            assert len(label) <= limit and label.rstrip("…")
            assert not any(mark in label for mark in "([{«“\":"), (title, label)


@pytest.mark.parametrize("number", sorted(SHEETS))
def test_a_plan_shows_one_line_per_step_under_easiest_effort_first(number: int) -> None:
    """Found by a user trial: a 12-step plan ran to about 40 lines on a phone."""
    sheet, renderer, t = SHEETS[number], Renderer(), I18n().get("vi")
    answers = {c.code: 0 for c in answerable(sheet)}
    headings = [t(EFFORT_HEADINGS[level]) for level in EFFORT_CLASSES]
    for plan in plan_ranks(sheet, answers).plans:
        text = renderer.render("assessment/plan.j2", t, plan=plan_context(t, plan))
        lines = text.strip().splitlines()
        steps = [line for line in lines if re.match(r"\d+\) ", line)]
        shown = [h for line in lines for h in headings if line == f"<i>{h}</i>"]
        assert len(steps) == len(plan.steps)
        assert len(shown) == len({s.effort.level for s in plan.steps})
        assert shown == sorted(shown, key=headings.index)  # the easiest class first
        assert len(lines) <= len(plan.steps) + len(shown) + 4, text
        assert all(len(line) <= 110 for line in steps), text


@pytest.mark.parametrize(("locale", "when"), [("vi", "01/12/2026 06:30"),
                                              ("en", "Dec 1, 2026 06:30")])
def test_the_results_list_dates_each_assessment_in_vietnam_the_readers_way(
        locale: str, when: str) -> None:
    """23:30 UTC on 30 November is 06:30 on 1 December in Vietnam."""
    t = I18n().get(locale)
    context = SimpleNamespace(
        t=t, services=SimpleNamespace(sheets=SHEETS),
        render=lambda name, **values: Renderer().render(name, t, **values))
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    record = AssessmentRecord(
        id=7, user_id=1, sheet=1, product_name="Mắm tép", status=AssessmentStatus.COMPLETED,
        position=0, message_id=None, failed_condition=None, total=72.0, band=3, stars=3,
        created_at=moment, updated_at=moment, completed_at=moment)
    text, _ = history_screen(context, [record])  # type: ignore[arg-type]
    assert f"{when} · " in text


def test_a_one_step_plan_says_step_in_the_singular() -> None:
    """Found by a user trial: "Plan for 4 stars · 1 steps, cheapest first"."""
    en, renderer = I18n().get("en"), Renderer()
    plans = []
    for sheet in SHEETS.values():
        best = {c.code: len(c.options) - 1 for c in answerable(sheet)}
        for code in best:  # the best answers but one
            plans += [p for p in plan_ranks(sheet, {**best, code: 0}).plans
                      if len(p.steps) == 1]
    assert plans
    text = renderer.render("assessment/plan.j2", en, plan=plan_context(en, plans[0]))
    assert "1 step, cheapest first" in text and "1 steps" not in text


def test_minima_that_cap_the_rank_are_said_on_the_rank_line() -> None:
    capped = SimpleNamespace(stars=2, band=4)
    en, vi = I18n().get("en"), I18n().get("vi")
    assert rank_line(en, capped, 2) == (  # type: ignore[arg-type]
        "Rank: 2 stars (points enough for 4 stars; 2 minimum requirements not met)")
    assert rank_line(en, capped, 1).endswith("1 minimum requirement not met)")  # type: ignore[arg-type]
    assert rank_line(vi, capped, 2).startswith("Xếp hạng: 2 sao (đủ điểm cho 4 sao")  # type: ignore[arg-type]
    assert rank_line(en, SimpleNamespace(stars=3, band=3), 0) == "Rank: 3 stars"  # type: ignore[arg-type]


def test_an_english_question_names_its_part_in_english() -> None:
    from handlers.assessment.render import question_context

    sheet, renderer = SHEETS[4], Renderer()
    english = renderer.render("assessment/question.j2", I18n().get("en"),
                              **question_context(sheet, 0, None))
    vietnamese = renderer.render("assessment/question.j2", I18n().get("vi"),
                                 **question_context(sheet, 0, None))
    heading = english.splitlines()[0]
    assert heading.endswith("· A. Product and community strength") and "SẢN PHẨM" not in heading
    assert vietnamese.splitlines()[0].endswith(f"Phần A: {sheet.part('A').title}")


def test_answer_buttons_start_at_the_words_that_tell_options_apart() -> None:
    """Found by a user trial: [1. Có năng lực, quy mô… · 1 pt] three times."""
    t = I18n().get("vi")
    options = next(c for c in SHEETS[1].criteria if c.code == "1.4").options
    words = distinct_words([o.text for o in options])
    labels = [answer_label(t, i, w, o.points) for i, (w, o) in
              enumerate(zip(words, options, strict=True), start=1)]
    assert labels == ["1. …mức độ nhỏ · 1 điểm", "2. …xuất trung bình · 2 điểm",
                      "3. …sản xuất lớn · 3 điểm"]
    assert distinct_words(["Có", "Không"]) == ["Có", "Không"]
    told_apart = told_apart_before = 0
    for sheet in SHEETS.values():
        for criterion in sheet.criteria:
            texts = [o.text for o in criterion.options]
            shown = [answer_label(t, 1, w, 0) for w in distinct_words(texts)]
            assert all(len(label) <= 40 for label in shown)
            told_apart += len(set(shown)) == len(shown)
            told_apart_before += len({answer_label(t, 1, w, 0) for w in texts}) == len(texts)
    assert told_apart > told_apart_before


def test_the_results_list_shows_an_id_only_where_two_names_clash() -> None:
    t = I18n().get("en")
    context = SimpleNamespace(
        t=t, services=SimpleNamespace(sheets=SHEETS),
        render=lambda name, **values: Renderer().render(name, t, **values))
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    records = [AssessmentRecord(
        id=number, user_id=1, sheet=4, product_name=name, status=AssessmentStatus.COMPLETED,
        position=0, message_id=None, failed_condition=None, total=72.0, band=3, stars=3,
        created_at=moment, updated_at=moment, completed_at=moment)
        for number, name in ((1, "Mountain honey"), (2, "Tea"), (3, "Tea"))]
    text, markup = history_screen(context, records)  # type: ignore[arg-type]
    assert "1. <b>Mountain honey</b>\n" in text and "#1" not in text
    assert "#2" in text and "#3" in text
    labels = [row[0].text for row in markup.inline_keyboard]
    assert labels == ["1. Mountain honey", "2. Tea #2", "3. Tea #3"]
