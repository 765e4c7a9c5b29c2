"""End to end: self-assessment in chat, checked against the scoring engine."""

import pytest

from knowledge.criteria.scoring import round_points, score
from tests.support.assessment_driver import (
    ORGANISATION_QUESTION,
    answer_all,
    finish,
    open_sheet,
    parse_result,
    pass_eligibility,
    random_answers,
)
from tests.support.harness import RunningBot
from tests.support.sheets import official_sheets
from tests.support.texts import vi, vi_start

STALE = vi("This button is no longer valid.")
UNFINISHED = vi_start("You have an unfinished self-assessment: <b>{product}</b> (sheet {number} "
                      "– {title}).\nContinue where you stopped, or start over?").removesuffix("<b>")
QUESTION = vi_start("Question %(i)s/%(n)s")  # "Câu "
PAUSED = vi("⏸ Paused. Your answers are saved: type /danhgia whenever you want to continue.")
NOTHING_TO_CANCEL = vi("There is nothing to cancel. What would you like to do?")
TYPE_A_NUMBER = vi_start("Please press a button, or type the number of your answer (1–{n}).")
NAME_TOO_LONG = vi_start("That name is too long: please use at most {n} characters.")

SHEETS = official_sheets()


@pytest.mark.parametrize(("sheet", "seed"), [(1, 1), (11, 2), (26, 3), (18, 4)])
async def test_a_complete_assessment_matches_the_engine(fast_bot: RunningBot, sheet: int,
                                                        seed: int) -> None:
    user = fast_bot.user()
    answers = random_answers(SHEETS[sheet], seed)
    first = await open_sheet(user, sheet, name="Chè <Shan> & tuyết")
    await pass_eligibility(user, first)
    review = await answer_all(user, SHEETS[sheet], answers)
    assert vi("Part %(letter)s", letter="A") in review.text
    result = await finish(user)
    expected = score(SHEETS[sheet], answers)
    assert parse_result(result) == (round_points(expected.total), expected.stars)
    assert f"A: {expected.parts['A']:g}/40" in result.text
    assert "Chè &lt;Shan&gt; &amp; tuyết" in result.html
    record = (await fast_bot.services.repo.assessments.finished_for(user.id))[0]
    assert (record.status, record.stars) == ("completed", expected.stars)


async def test_a_restart_midway_loses_nothing(fast_bot: RunningBot) -> None:
    sheet = SHEETS[7]
    answers = random_answers(sheet, 9)
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, 7))
    half = sheet.criteria[: len(sheet.criteria) // 2]
    for criterion in half:
        await user.press(f"{answers[criterion.code] + 1}. ")
        await user.next_reply()
    await fast_bot.restart()
    prompt = await user.ask("/danhgia")
    assert UNFINISHED in prompt.text
    await user.press(vi("▶️ Continue"))
    question = await user.next_reply()
    assert f"{QUESTION}{len(half) + 1}/{len(sheet.criteria)}" in question.text
    for criterion in sheet.criteria[len(half):]:
        await user.press(f"{answers[criterion.code] + 1}. ")
        await user.next_reply()
    result = await finish(user)
    expected = score(sheet, answers)
    assert parse_result(result) == (round_points(expected.total), expected.stars)


async def test_back_typed_numbers_free_text_stale_and_double_presses(fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    q1 = await pass_eligibility(user, await open_sheet(user, 1, name=None))
    await user.press("2. ")
    q2 = await user.next_reply()
    assert f"{QUESTION}2/" in q2.text and q2.message_id == q1.message_id
    stale = await user.press_data(q1.buttons[0].callback_data, message_id=q1.message_id)
    assert STALE in (await user.callback_answer(stale))["text"]
    await user.press(vi("⬅️ Back"))
    back = await user.next_reply()
    assert f"{QUESTION}1/" in back.text and "✅" in back.text
    reminder = await user.ask("có lẽ là phương án hai")
    assert TYPE_A_NUMBER in reminder.text
    typed = await user.ask("3")
    assert f"{QUESTION}2/" in typed.text
    first_press = await user.press("1. ")
    second_press = await user.press_data(typed.buttons[0].callback_data,
                                         message_id=typed.message_id)
    await user.next_reply()
    assert STALE in (await user.callback_answer(second_press))["text"]
    assert (await user.callback_answer(first_press)).get("text") in (None, "")
    stored = await fast_bot.services.repo.assessments.answers(
        (await fast_bot.services.repo.assessments.in_progress_for(user.id)).id)
    assert stored == {"1.1": 2, "1.2": 0}


async def test_review_can_change_any_answer(fast_bot: RunningBot) -> None:
    sheet = SHEETS[1]
    answers = {c.code: 0 for c in sheet.criteria}
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, 1))
    page = await answer_all(user, sheet, answers)
    seen = ""
    while "✏️ 2.2" not in [b.text for b in page.buttons]:
        assert len(page.text) <= 1000, len(page.text)
        seen += page.text
        await user.press(vi("Next page ▶️"))
        page = await user.next_reply()
    assert page.message_id == user.last.message_id and vi("◀️ Previous page") in [
        b.text for b in page.buttons]
    first = sheet.criteria[0]
    assert f"«{first.options[0].text[:20]}" in seen  # the chosen answer's words
    assert "phương án" not in seen
    await user.press("✏️ 2.2")
    question = await user.next_reply()
    assert "2.2." in question.text
    await user.press("4. ")
    review = await user.next_reply()
    assert vi("Check your answers") in review.text
    result = await finish(user)
    expected = score(sheet, {**answers, "2.2": 3})
    assert parse_result(result) == (round_points(expected.total), expected.stars)


async def test_a_no_to_eligibility_ends_kindly_and_is_kept(fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    await open_sheet(user, 11)
    await user.press("Không")
    rejected = await user.next_reply()
    assert vi("The dossier would be rejected") in rejected.text and "Giả mạo hồ sơ" in rejected.text
    history = await fast_bot.services.repo.assessments.finished_for(user.id)
    assert [r.status for r in history] == ["rejected"]
    assert NOTHING_TO_CANCEL in (await user.ask("/huy")).text


async def test_pause_and_cancel_keep_answers_and_free_text_leaves_the_flow(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, 3))
    await user.press("1. ")
    await user.next_reply()
    await user.press(vi("⏸ Pause"))
    assert PAUSED in (await user.next_reply()).text
    outside = await user.ask("2")
    assert f"{QUESTION}2/" not in outside.text  # outside the flow, "2" is not an answer
    record = await fast_bot.services.repo.assessments.in_progress_for(user.id)
    assert len(await fast_bot.services.repo.assessments.answers(record.id)) == 1
    await user.ask("/danhgia")
    await user.press(vi("▶️ Continue"))
    assert f"{QUESTION}2/" in (await user.next_reply()).text
    stopped = (await user.ask("/huy")).text
    assert vi("Stopped. Everything you answered is saved: type /danhgia to continue.") in stopped


async def test_typed_product_search_and_long_names(fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    await user.ask("/danhgia")
    found = await user.ask("mat ong rung")
    assert [b.text.split(". ")[0] for b in found.buttons[:2]] == ["1", "2"]
    assert "Mật ong" in found.text
    await user.press("1. ")
    assert ORGANISATION_QUESTION in (await user.next_reply()).text
    await user.ask("skip")  # typed, at the organisation question
    too_long = await user.ask("x" * 121)
    assert NAME_TOO_LONG in too_long.text
    condition = vi_start("Before the criteria: condition %(i)s of %(n)s")
    assert condition in (await user.ask("Mật ong bạc hà 🍯")).text


async def test_results_list_reopen_and_compare(fast_bot: RunningBot) -> None:
    sheet = SHEETS[4]
    user = fast_bot.user()
    first = {c.code: 0 for c in sheet.criteria}
    second = {**first, "2.2": 2, "4.1": 3}
    for answers in (first, second):
        await pass_eligibility(user, await open_sheet(user, 4, name="Mật ong bạc hà"))
        await answer_all(user, sheet, answers)
        await finish(user)
    listing = await user.ask("/ketqua")
    assert listing.text.count("Mật ong bạc hà") == 2 and "/100" in listing.text
    await user.press("1. ")
    reopened = await user.next_reply()
    expected = score(sheet, second)
    assert parse_result(reopened) == (round_points(expected.total), expected.stars)
    await user.press(vi("⚖️ Compare with the previous one"))
    comparison = await user.next_reply()
    gain = expected.total - score(sheet, first).total
    assert f"{gain:+g} điểm" in comparison.text
    assert "• 2.2" in comparison.text and "• 4.1" in comparison.text
    forged = await user.press_data("rs:o:999999", message_id=listing.message_id)
    assert STALE in (await user.callback_answer(forged))["text"]


async def test_a_product_name_cannot_pose_as_the_total_or_the_rank(fast_bot: RunningBot) -> None:
    sheet = SHEETS[2]
    answers = {c.code: 0 for c in sheet.criteria}
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, 2, name="Bò 5 sao 99/100"))
    await answer_all(user, sheet, answers)
    result = await finish(user)
    expected = score(sheet, answers)
    assert parse_result(result) == (round_points(expected.total), expected.stars)
    assert "Bò 5 sao 99/100" in result.text
