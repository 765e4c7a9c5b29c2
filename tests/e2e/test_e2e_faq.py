"""End to end: questions answered from the knowledge base, honesty, hand-off and feedback."""

from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.settle import unread
from tests.support.texts import vi

STALE = vi("This button is no longer valid.")


async def test_accented_and_accentless_questions_get_the_same_answer(bot: RunningBot) -> None:
    lan = bot.user()
    accented = await lan.ask("OCOP là gì?")
    plain = await lan.ask("ocop la gi")
    assert accented.text == plain.text
    assert "Nguồn:" in accented.text and vi("👍 Helpful") in [b.text for b in accented.buttons]


async def test_a_question_about_a_criterion_is_answered_from_the_sheet(bot: RunningBot) -> None:
    reply = await bot.user().ask("tiêu chí liên kết sản xuất rau quả tươi được mấy điểm")
    assert "1.5" in reply.text and "3" in reply.text


async def test_out_of_scope_gets_the_honest_fallback_and_the_officer_answer_comes_back(
    bot: RunningBot,
) -> None:
    admin = bot.user(user_id=ADMIN_ID, first_name="Cán bộ")
    await admin.ask("/start")
    lan = bot.user(first_name="Lan")
    fallback = await lan.ask("thời tiết Sơn La ngày mai thế nào?")
    assert vi("Sorry, I don't have a reliable answer to that yet.") in fallback.text
    await lan.press(vi("📨 Send to an officer"))
    assert "đã được gửi" in (await lan.next_reply()).text
    notice = await admin.next_reply()
    assert "thời tiết Sơn La" in notice.text and "Lan" in notice.text
    await admin.press(vi("✍️ Reply"))
    await admin.next_reply()
    confirmation = await admin.ask("Bot chỉ hỗ trợ về OCOP <b>thôi</b> ạ.")
    assert "đã được gửi" in confirmation.text
    answer = await lan.next_reply()
    assert "Cán bộ OCOP đã trả lời" in answer.text and "&lt;b&gt;" in answer.html
    handoffs = await bot.services.repo.faq.open_handoffs()
    assert handoffs == []


async def test_an_admin_turns_an_answer_into_a_faq_entry(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID)
    await admin.ask("/start")
    lan = bot.user()
    question = "cán bộ OCOP xã Tà Xùa làm việc mấy giờ"
    await lan.ask(question)
    await lan.press("📨")
    await lan.next_reply()
    await admin.next_reply()
    await admin.press(vi("✍️ Reply"))
    await admin.next_reply()
    await admin.ask("Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu.")
    await admin.press(vi("➕ Add to the FAQ"))
    assert vi("✅ Added to the FAQ: the bot now answers it.") in (await admin.next_reply()).text
    again = await bot.user().ask(question)
    assert "Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu." in again.text


async def test_feedback_is_stored_and_forged_buttons_change_nothing(bot: RunningBot) -> None:
    lan = bot.user()
    answer = await lan.ask("chứng nhận OCOP có hiệu lực bao lâu")
    query = await lan.press(vi("👎 Not helpful"))
    assert vi("Thank you for your feedback!") in (await lan.callback_answer(query))["text"]
    attention = await bot.services.repo.faq.needing_attention()
    assert [q.helpful for q in attention] == [False]
    other = bot.user()
    forged = await other.press_data(answer.buttons[0].callback_data, message_id=answer.message_id)
    assert STALE in (await other.callback_answer(forged))["text"]
    stolen = await other.press_data("fq:r:1", message_id=answer.message_id)
    assert STALE in (await other.callback_answer(stolen))["text"]


async def test_a_thank_you_emoji_gets_thanks_not_a_greeting(fast_bot: RunningBot) -> None:
    lan = fast_bot.user()
    await lan.ask("/start")
    reply = await lan.ask("🙏")
    assert reply.text == vi("You're welcome! Ask me again whenever you have a question about OCOP.")
    assert "Xin chào" not in reply.text


async def test_an_unhelpful_answer_offers_to_ask_an_officer(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID)
    await admin.ask("/start")
    lan = bot.user(first_name="Lan")
    question = "Làm sao để sản phẩm chè của tôi đạt 4 sao khi bao bì chưa đẹp?"
    answer = await lan.ask(question)
    await lan.press(vi("👎 Not helpful"))
    offer = await lan.next_reply()
    assert vi("Sorry this did not help.") in offer.text
    assert [b.text for b in offer.buttons] == [vi("📨 Send to an officer")]
    again = await lan.press(vi("👎 Not helpful"), message_id=answer.message_id)
    assert vi("Thank you for your feedback!") in (await lan.callback_answer(again))["text"]
    assert await unread(bot, lan) == []  # pressed twice, offered once
    await lan.press(vi("📨 Send to an officer"), message_id=offer.message_id)
    assert "đã được gửi" in (await lan.next_reply()).text
    notice = await admin.next_reply()
    assert question in notice.text and "Lan" in notice.text


async def test_a_helpful_answer_offers_nothing_more(bot: RunningBot) -> None:
    lan = bot.user()
    await lan.ask("chứng nhận OCOP có hiệu lực bao lâu")
    query = await lan.press(vi("👍 Helpful"))
    assert vi("Thank you for your feedback!") in (await lan.callback_answer(query))["text"]
    assert await lan.ask("OCOP là gì?") is not None
    assert all(vi("📨 Send to an officer") not in [b.text for b in m.buttons]
               for m in lan.messages)
