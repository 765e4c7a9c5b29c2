"""End to end: the answers of FaqEngine.respond in the chat (issue 10), and a question asked
inside another flow, answered before the flow's step comes back unchanged."""

import pytest

from tests.support.assessment_driver import open_sheet, pass_eligibility
from tests.support.harness import RunningBot
from tests.support.registration_driver import until_step
from tests.support.sheets import official_sheets
from tests.support.texts import vi, vi_start

QUESTION = vi_start("Question %(i)s/%(n)s")  # "Câu "
HELPFUL = vi("👍 Helpful")
THANKS = vi("You're welcome! Ask me again whenever you have a question about OCOP.")
GREETING = vi("Hello! Ask me anything about the OCOP programme, for example “What is OCOP?”, "
              "or choose an item on the menu.")
TYPE_A_NUMBER = vi_start("Please press a button, or type the number of your answer (1–{n}).")
SHEETS = official_sheets()


@pytest.mark.parametrize(("question", "expected"), [
    ("89 diem thi dc hang may vay ad", "<b>4 sao</b>"),  # a score to its rank
    ("phần C tối đa bao nhiêu điểm", "<b>35 điểm</b>"),  # the maximum of a part
    ("hộ gia đình được mấy điểm", "<b>1 điểm</b>"),  # an option's points on a criterion
    # an option described without naming its criterion (3.3, local workers)
    ("dùng trên 75% lao động trong xã thì đc bn điểm", "<b>3 điểm</b>"),
    ("truy xuất nguồn gốc cần cho mấy sao", "tối thiểu cho <b>4 sao</b>"),  # a star minimum
])
async def test_each_computed_answer_is_given_directly(bot: RunningBot, question: str,
                                                      expected: str) -> None:
    reply = await bot.user().ask(question)
    assert expected in reply.html
    assert HELPFUL in [b.text for b in reply.buttons]
    assert vi("Did you mean:") not in reply.text


async def test_an_answer_quoting_the_sheets_keeps_their_signs_escaped(bot: RunningBot) -> None:
    # Option texts such as "<51%" travel inside the bold-marked computed answers.
    reply = await bot.user().ask("rau quả tươi tiêu chí 3.1 được mấy điểm")
    assert "3.1" in reply.text and "cộng đồng người địa phương <51%" in reply.text


async def test_an_english_question_is_answered_in_english(bot: RunningBot) -> None:
    reply = await bot.user().ask("How long is an OCOP certificate valid?")
    assert "How long is an OCOP certificate valid?" in reply.text
    assert "36 months" in reply.text and "36 tháng" not in reply.text
    assert "👍 Helpful" in [b.text for b in reply.buttons]  # the buttons speak English too


async def test_an_english_user_gets_english_for_a_vietnamese_question(bot: RunningBot) -> None:
    reply = await bot.user(language_code="en").ask("chứng nhận OCOP có hiệu lực bao lâu")
    assert "36 months" in reply.text and "Source:" in reply.text


async def test_english_users_are_invited_with_english_examples_that_are_answered(
        bot: RunningBot) -> None:
    user = bot.user(language_code="en")
    invitation = (await user.ask("💬 Ask about OCOP")).text
    assert "“What is OCOP?”" in invitation and "“How many points for 4 stars?”" in invitation
    assert "OCOP là gì" not in invitation
    for example in ("What is OCOP?", "How many points for 4 stars?"):
        answer = (await user.ask(example)).text
        assert "Sorry" not in answer and "Source:" in answer, answer


async def test_thanks_get_thanks_and_a_greeting_gets_a_greeting(bot: RunningBot) -> None:
    lan = bot.user()
    assert THANKS in (await lan.ask("cảm ơn bạn")).text
    greeted = (await lan.ask("xin chào")).text
    assert GREETING in greeted and THANKS not in greeted


async def test_a_greeting_that_says_a_question_follows_is_greeted(bot: RunningBot) -> None:
    reply = await bot.user().ask("chào cháu, bà hỏi chút nha")
    assert GREETING in reply.text


async def test_a_provinces_round_date_and_someones_number_are_declined(bot: RunningBot) -> None:
    lan = bot.user()
    for question in ("lịch chấm ocop đợt 2 năm nay của tỉnh Gia Lai là ngày nào",
                     "cho em xin sđt chủ cơ sở làm mắm 4 sao ở xã bên"):
        reply = await lan.ask(question)
        assert vi("Sorry, I don't have a reliable answer to that yet.") in reply.text
        assert [b.text for b in reply.buttons] == [vi("📨 Send to an officer")]


async def test_the_sheets_of_a_group_are_answered_from_their_entry(bot: RunningBot) -> None:
    # The criteria would ask which product; the nearest labelled questions agree on the entry
    # that lists the group's sheets.
    reply = await bot.user().ask(
        "nhóm sinh vật cảnh gồm những phiếu chấm nào vậy ad, nhà em trồng mai cảnh bán tết")
    assert "Nguồn:" in reply.text and "sinh vật cảnh" in reply.text.lower()
    assert HELPFUL in [b.text for b in reply.buttons]


async def test_a_sibling_entry_is_offered_as_a_related_button(bot: RunningBot) -> None:
    lan = bot.user()
    answer = await lan.ask("bao nhieu diem thi dat 3 sao")
    assert "3 sao" in answer.text
    related = [b.text for b in answer.buttons if b.text.startswith("🔗")]
    assert "🔗 Bao nhiêu điểm thì sản phẩm được 4 sao?" in related
    await lan.press("🔗 Bao nhiêu điểm thì sản phẩm được 4 sao?")
    sibling = await lan.next_reply()
    assert "Bao nhiêu điểm thì sản phẩm được 4 sao?" in sibling.text and "Nguồn:" in sibling.text


async def test_out_of_scope_is_declined_with_the_offer_to_ask_an_officer(bot: RunningBot) -> None:
    reply = await bot.user().ask("thời tiết Sơn La ngày mai thế nào?")
    assert vi("Sorry, I don't have a reliable answer to that yet.") in reply.text
    assert [b.text for b in reply.buttons] == [vi("📨 Send to an officer")]


async def test_a_question_mid_assessment_is_answered_and_the_question_comes_back(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user()
    await pass_eligibility(user, await open_sheet(user, 1, name=None))
    await user.press("2.")
    second = await user.next_reply()
    count = len(SHEETS[1].criteria)
    assert f"{QUESTION}2/{count}" in second.text
    answer = await user.ask("phần C tối đa bao nhiêu điểm?")
    assert "<b>35 điểm</b>" in answer.html
    again = await user.next_reply()
    assert again.text == second.text
    assert [b.text for b in again.buttons] == [b.text for b in second.buttons]
    record = await fast_bot.services.repo.assessments.in_progress_for(user.id)
    assert await fast_bot.services.repo.assessments.answers(record.id) == {"1.1": 1}
    assert f"{QUESTION}3/{count}" in (await user.ask("1")).text  # a number still answers
    assert TYPE_A_NUMBER in (await user.ask("có lẽ là phương án hai")).text
    # A question the knowledge base cannot answer is more likely an attempt at the step.
    assert TYPE_A_NUMBER in (await user.ask("thời tiết Sơn La ngày mai thế nào?")).text


async def test_a_question_at_an_eligibility_condition_keeps_the_condition(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user()
    condition = await open_sheet(user, 11, name=None)
    answer = await user.ask("chứng nhận OCOP có hiệu lực bao lâu?")
    assert "36 tháng" in answer.text
    again = await user.next_reply()
    assert again.text == condition.text
    assert vi("Please answer with the Yes or No button above.") in (
        await user.ask("vâng")).text


async def test_a_question_at_a_buttons_step_of_a_form_is_answered_then_the_step_again(
    bot: RunningBot,
) -> None:
    user = bot.user()
    await user.ask("/dangky")
    await user.press(vi("✅ I agree"))
    step = await until_step(user, 1)
    answer = await user.ask("phần C tối đa bao nhiêu điểm?")
    assert "<b>35 điểm</b>" in answer.html
    again = await user.next_reply()
    assert again.text == step.text
    assert [b.text for b in again.buttons] == [b.text for b in step.buttons]
    assert vi("Please use the buttons above.") in (await user.ask("ừ")).text

