"""End to end: the plans after a result, the Mẫu 02 Word and PDF files, and small dead ends."""

from __future__ import annotations

import io
import re
import unicodedata

import docx
import pytest
from pypdf import PdfReader

from core.i18n import I18n
from core.vietnam_time import vietnam_date
from emulator import BotMessage, SimUser
from handlers.assessment.papers import finished_at
from knowledge.criteria.model import Sheet
from knowledge.criteria.scoring import round_points, score
from reports.self_assessment import points_of
from tests.support.assessment_driver import (
    QUESTION,
    answer_all,
    completed_assessment,
    finish,
    finish_all,
    finish_with_papers,
    open_sheet,
    parse_result,
    pass_eligibility,
    random_answers,
)
from tests.support.harness import RunningBot
from tests.support.registration_driver import fill_registration, submit
from tests.support.sheets import official_sheets
from tests.support.texts import vi, vi_start

SHEETS = official_sheets()
HONEY = 4
STEP_RE = re.compile(r"^\d+\) (\S+) .*: «(.+)» \+([\d.]+)(?: [💰📜]+)?$", re.MULTILINE)
ORGANISATION = "HTX Mật ong Bạc Hà Đồng Văn"


def plan_heading(stars: int) -> str:
    return vi("Plan for %(rank)s", rank=f"{stars} sao")


def applied_plan(sheet: Sheet, answers: dict[str, int], text: str) -> dict[str, int]:
    """The answers with every step of the plan in `text` made, read from it."""
    changed = dict(answers)
    steps = STEP_RE.findall(text)
    assert steps, text
    for code, words, gain in steps:
        criterion = next(c for c in sheet.criteria if c.code == code)
        now = criterion.options[answers[code]].points
        prefix = words.removesuffix("…")
        found = [i for i, o in enumerate(criterion.options)
                 if o.text.startswith(prefix) and abs(o.points - now - float(gain)) < 0.01]
        assert len(found) == 1, (code, words, gain)
        assert found[0] >= answers[code]  # a step never lowers an answer
        changed[code] = found[0]
    return changed


async def _assess(user: SimUser, sheet: Sheet, answers: dict[str, int], **names: str | None
                  ) -> tuple[BotMessage, BotMessage, BotMessage]:
    await pass_eligibility(user, await open_sheet(user, sheet.number, **names))
    await answer_all(user, sheet, answers)
    return await finish_with_papers(user)


@pytest.mark.parametrize(("seed", "stars"), [(0, 2), (None, 1)], ids=["2-stars", "1-star"])
async def test_a_result_below_3_stars_gets_a_3_star_plan_first_and_every_plan_works(
    fast_bot: RunningBot, seed: int | None, stars: int,
) -> None:
    sheet = SHEETS[HONEY]
    answers = (random_answers(sheet, seed) if seed is not None
               else {c.code: 0 for c in sheet.criteria})
    assert score(sheet, answers).stars == stars
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, sheet.number))
    await answer_all(user, sheet, answers)
    replies = await finish_all(user)
    texts = [r for r in replies if r.kind == "text" and "/100" in r.text]
    result, last = texts[0], texts[-1]
    assert parse_result(result)[1] == stars
    assert result.text.index(plan_heading(3)) > result.text.index("/100")
    assert all("xem báo cáo" not in r.text for r in texts)
    three = "\n".join(r.text for r in texts)
    assert score(sheet, applied_plan(sheet, answers, three)).stars >= 3
    assert [b.text for b in last.buttons] == [
        *(vi("🎯 Plan for {rank}", rank=f"{n} sao") for n in (4, 5)),
        vi("📝 Register this product")]
    for target in (4, 5):
        await user.press(vi("🎯 Plan for {rank}", rank=f"{target} sao"),
                         message_id=last.message_id)
        plan = [await user.next_reply()]
        while vi("(continued in the next message)") in plan[-1].text:
            plan.append(await user.next_reply())
        assert plan_heading(target) in plan[0].text and all(len(p.text) <= 4096 for p in plan)
        text = "\n".join(p.text for p in plan)
        assert score(sheet, applied_plan(sheet, answers, text)).stars >= target


async def test_the_word_and_pdf_files_hold_the_organisation_total_and_points(
    fast_bot: RunningBot,
) -> None:
    sheet, t = SHEETS[HONEY], I18n().get("vi")
    answers = random_answers(sheet, 0)
    expected = score(sheet, answers)
    user = fast_bot.user()
    _, word, pdf = await _assess(user, sheet, answers, organisation=ORGANISATION,
                                 name="Mật ong bạc hà")
    assert "Mẫu 02" in word.caption and "PDF" in pdf.caption
    total = f"{t.number(round_points(expected.total))}/100"
    rows = [(c.code, points_of(t, c.options[answers[c.code]].points, c.max_points))
            for c in sheet.criteria]

    paper = docx.Document(io.BytesIO(word.document_bytes or b""))
    text = "\n".join(p.text for p in paper.paragraphs)
    assert ORGANISATION in text and total in text
    cells = {(row.cells[0].text, row.cells[3].text) for table in paper.tables
             for row in table.rows if len(row.cells) >= 4}
    assert set(rows) <= cells

    reader = PdfReader(io.BytesIO(pdf.document_bytes or b""))
    read = unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))
    assert ORGANISATION in read and total in read and "Mật ong bạc hà" in read
    position = 0
    for code, points in rows:  # each criterion, then its points, in sheet order
        position = read.index(points, read.index(f"{code} ", position))


async def test_typing_bo_qua_gives_an_unnamed_product_and_the_organisation_is_asked_once(
    fast_bot: RunningBot,
) -> None:
    sheet = SHEETS[HONEY]
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, HONEY, name="Bỏ qua",
                                                  organisation="Bỏ qua"))
    record = await fast_bot.services.repo.assessments.in_progress_for(user.id)
    assert record is not None and record.product_name is None
    assert (await fast_bot.services.repo.users.get(user.id)).org_name == ""
    await answer_all(user, sheet, {c.code: 0 for c in sheet.criteria})
    await finish(user)
    await user.ask("/danhgia")
    await user.press("1. ")
    await user.next_reply()
    await user.press("1. ")
    name_question = await user.next_reply()
    assert vi("What is your product called? Type its name (up to 120 characters), or skip."
              ) in name_question.text


async def test_eligibility_back_and_scoring_anyway_for_reference(fast_bot: RunningBot) -> None:
    sheet = SHEETS[11]
    user = fast_bot.user()
    first = await open_sheet(user, 11)
    condition = vi_start("Before the criteria: condition %(i)s of %(n)s")
    await user.press(vi("Yes"))
    second = await user.next_reply()
    assert condition in second.text and second.text != first.text
    await user.press(vi("⬅️ Back"))
    assert (await user.next_reply()).text == first.text
    await user.press(vi("No"))
    rejected = await user.next_reply()
    assert vi("The dossier would be rejected") in rejected.text
    await user.press(vi("📊 Score anyway, for reference"))
    message = await user.next_reply()
    assert condition in message.text
    answers = {c.code: 0 for c in sheet.criteria}
    await pass_eligibility(user, message)
    await answer_all(user, sheet, answers)
    result = await finish(user)
    assert parse_result(result) == (round_points(score(sheet, answers).total), 1)
    assert vi("For reference only.") in result.text
    record = (await fast_bot.services.repo.assessments.finished_for(user.id))[0]
    assert record.status == "completed" and record.failed_condition is not None
    assert vi("for reference") in (await user.ask("/ketqua")).text


async def test_a_sticker_mid_questionnaire_gets_the_current_step_again(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, 1))
    await user.press("2. ")
    await user.next_reply()
    await user.send_sticker()
    reminder, step = await user.next_reply(), await user.next_reply()
    assert vi("I can only read text and buttons here. You are in the middle of a "
              "self-assessment: here is where you are.") in reminder.text
    assert f"{QUESTION}2/" in step.text and step.buttons[0].text.startswith("1. ")


async def test_results_tell_two_assessments_apart_and_resend_the_files(
    fast_bot: RunningBot,
) -> None:
    sheet = SHEETS[HONEY]
    user = fast_bot.user()
    for seed in (0, 1):
        await _assess(user, sheet, random_answers(sheet, seed), name="Mật ong bạc hà")
    records = await fast_bot.services.repo.assessments.finished_for(user.id)
    listing = await user.ask("/ketqua")
    assert all(f"#{r.id}" in listing.text for r in records)
    assert f"#{records[0].id}" in listing.buttons[0].text
    await user.press("1. ")
    reopened = await user.next_reply()
    await user.press(vi("⚖️ Compare with the previous one"), message_id=reopened.message_id)
    comparison = await user.next_reply()
    assert "→" in comparison.text and "điểm" in comparison.text
    await user.press(vi("📎 Send the chart and files again"), message_id=reopened.message_id)
    files = [await user.next_reply(timeout=15.0) for _ in range(3)]
    assert [f.kind for f in files] == ["photo", "document", "document"]
    assert all(f.caption for f in files)


async def test_the_organisation_comes_from_a_registration_without_asking(
    fast_bot: RunningBot,
) -> None:
    sheet = SHEETS[HONEY]
    user = fast_bot.user(first_name="Páo")
    await fill_registration(user)
    await submit(user)
    answers = {c.code: 0 for c in sheet.criteria}
    _, word, _ = await _assess(user, sheet, answers, organisation="never asked")
    paper = docx.Document(io.BytesIO(word.document_bytes or b""))
    text = "\n".join(p.text for p in paper.paragraphs)
    assert "HTX Chè <Tà Xùa>" in text and "Lò Văn Páo" in text and "never asked" not in text
    assert (await fast_bot.services.repo.users.get(user.id)).org_name is None


async def test_an_english_reader_gets_english_names_but_the_filed_word_form_stays_vietnamese(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user(language_code="en")
    await user.ask("/start")
    record = await completed_assessment(fast_bot.services.repo, SHEETS[HONEY], user.id,
                                        product="Mật ong bạc hà")
    await user.ask("/results")
    await user.press("1. ")
    reopened = await user.next_reply()
    await user.press("📎 Send the chart and files again", message_id=reopened.message_id)
    photo, word, pdf = [await user.next_reply(timeout=15.0) for _ in range(3)]
    assert (photo.kind, word.kind, pdf.kind) == ("photo", "document", "document")
    day = vietnam_date(finished_at(record)).isoformat()
    assert word.document_name == f"danh-gia-ocop-phieu-4-mat-ong-bac-ha-{day}.docx"
    assert pdf.document_name == f"ocop-self-assessment-sheet-4-mat-ong-bac-ha-{day}.pdf"
    upload = str(fast_bot.emu.calls_of("sendPhoto")[-1].params["photo"])
    assert f"<upload ocop-self-assessment-sheet-4-mat-ong-bac-ha-{day}.png," in upload
