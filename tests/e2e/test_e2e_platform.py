"""End to end: the real Application on PTB's HTTP stack, talking to simulated users."""

import asyncio

from telegram.ext import CommandHandler

from emulator import FaultPlan
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.settle import unread
from tests.support.texts import vi

STALE = vi("This button is no longer valid.")
TEXT_ONLY = vi("Sorry, I can only read text messages and buttons. Please type your question.")
NOTHING_TO_CANCEL = vi("There is nothing to cancel. What would you like to do?")
TOO_FAST = vi("You are sending messages very fast. Please wait a little, then try again.")


async def test_start_welcomes_in_vietnamese_with_the_menu(bot: RunningBot) -> None:
    lan = bot.user(first_name="Lan <HTX>")
    reply = await lan.ask("/start")
    assert reply.text.startswith("Xin chào Lan <HTX>!")
    assert "Lan &lt;HTX&gt;" in reply.html
    labels = [label for row in reply.reply_keyboard for label in row]
    assert {"📋 Tự đánh giá sản phẩm", vi("❓ Help"), "🌐 Ngôn ngữ"} <= set(labels)


async def test_language_switch_is_remembered_across_a_restart(bot: RunningBot) -> None:
    lan = bot.user()
    prompt = await lan.ask("/ngonngu")
    assert [b.text for b in prompt.buttons] == ["🇻🇳 Tiếng Việt", "🇬🇧 English"]
    await lan.press("🇬🇧 English")
    edited = await lan.next_reply()
    assert edited.edited and edited.text == "Language: 🇬🇧 English"
    confirmation = await lan.next_reply()
    assert "English" in confirmation.text
    labels = {label for row in confirmation.reply_keyboard for label in row}
    assert {"📋 Self-assessment", "❓ Help", "🌐 Language"} <= labels
    await bot.restart()
    again = await lan.ask("/start")
    assert again.text.startswith("Hello, ")


async def test_telegram_language_is_used_until_the_user_chooses(bot: RunningBot) -> None:
    john = bot.user(first_name="John", language_code="en")
    assert (await john.ask("/start")).text.startswith("Hello, John!")
    nobody = bot.user(first_name="Ana", language_code="fr")
    assert (await nobody.ask("/start")).text.startswith("Xin chào Ana!")


async def test_menu_buttons_work_in_either_language(bot: RunningBot) -> None:
    lan = bot.user()
    help_text = await lan.ask(vi("❓ Help"))
    assert "/trogiup /help" in help_text.text and "/ngonngu /language" in help_text.text
    assert (await lan.ask("🌐 Language")).buttons


async def test_english_help_names_only_the_english_commands(bot: RunningBot) -> None:
    john = bot.user(first_name="John", language_code="en")
    help_text = (await john.ask("/help")).text
    assert "\n/assess – Self-assess a product" in help_text and "/danhgia" not in help_text
    assert "\n/start – " in help_text and "/trogiup" not in help_text


async def test_unknown_command_plain_text_and_media_get_kind_answers(bot: RunningBot) -> None:
    lan = bot.user()
    assert "/trogiup" in (await lan.ask("/xyz")).text
    greeted = await lan.ask("chào bạn 😊")
    assert "Xin chào" in greeted.text and greeted.reply_keyboard
    await lan.send_sticker()
    assert TEXT_ONLY in (await lan.next_reply()).text
    await lan.send_photo()
    assert TEXT_ONLY in (await lan.next_reply()).text
    unsure = vi("Sorry, I don't have a reliable answer to that yet.")
    assert unsure in (await lan.ask("x" * 4000)).text


async def test_forged_and_stale_buttons_are_answered_with_a_notice(bot: RunningBot) -> None:
    lan = bot.user()
    prompt = await lan.ask("/ngonngu")
    query = await lan.press_data("lang:xx", message_id=prompt.message_id)
    assert STALE in (await lan.callback_answer(query))["text"]
    query = await lan.press_data("nothing-handles-this", message_id=prompt.message_id)
    assert STALE in (await lan.callback_answer(query))["text"]
    assert (await bot.services.repo.users.get(lan.id)).language is None


async def test_cancel_outside_a_flow_shows_the_menu(bot: RunningBot) -> None:
    reply = await bot.user().ask("/huy")
    assert NOTHING_TO_CANCEL in reply.text and reply.reply_keyboard


async def test_in_groups_only_commands_addressed_to_the_bot_are_answered(bot: RunningBot) -> None:
    group, lan = bot.emu.group(), bot.user()
    await group.send(lan, "hello everyone")
    await group.send(lan, "/start")
    assert await unread(bot, group) == []
    reply = await group.ask(lan, "/start@ocop_test_bot")
    assert reply.text.startswith("Xin chào")


async def test_command_menus_are_published_per_language(bot: RunningBot) -> None:
    commands = bot.emu.commands
    vi = [c["command"] for c in commands[("default", "vi")]]
    en = [c["command"] for c in commands[("default", "en")]]
    assert {"start", "danhgia", "trogiup", "ngonngu", "huy"} <= set(vi)
    assert {"start", "assess", "help", "language", "cancel"} <= set(en)
    assert commands[("default", "")] == commands[("default", "vi")]


async def test_users_are_recorded_and_blocking_is_remembered(bot: RunningBot) -> None:
    lan = bot.user(first_name="Lan", username="lan_htx")
    await lan.ask("/start")
    record = await bot.services.repo.users.get(lan.id)
    assert (record.first_name, record.username, record.role) == ("Lan", "lan_htx", "producer")
    lan.block()
    await _eventually(lambda: _accepts(bot, lan.id), False)
    lan.unblock()
    await _eventually(lambda: _accepts(bot, lan.id), True)


async def test_admins_get_their_role_and_their_command_menu(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID)
    await admin.ask("/start")
    assert (await bot.services.repo.users.get(ADMIN_ID)).role == "admin"
    await bot.restart()
    menu = [c["command"] for c in bot.emu.commands[(f"chat:{ADMIN_ID}", "")]]
    assert {"moicanbo", "canbo", "thongke", "thongbao", "danhgia"} <= set(menu)


async def test_errors_reassure_the_user_and_alert_admins_once_a_minute(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID)
    await admin.ask("/start")

    async def explode(update, context) -> None:
        raise RuntimeError("boom")

    assert bot.app is not None
    bot.app.handlers[0].insert(0, CommandHandler("boom", explode))
    lan = bot.user()
    sorry = await lan.ask("/boom")
    assert "Xin lỗi" in sorry.text and "vẫn được lưu" in sorry.text
    alert = await admin.next_reply()
    assert "Lỗi khi xử lý" in alert.text and "RuntimeError: boom" in alert.text
    assert "Xin lỗi" in (await lan.ask("/boom")).text
    assert await unread(bot, admin) == []


async def test_every_message_is_answered_despite_5xx_and_429(bot: RunningBot) -> None:
    bot.emu.faults = FaultPlan(error_5xx_rate=0.1, rate_429=0.1, retry_after=1, seed=7)
    users = [bot.user() for _ in range(20)]

    async def converse(user) -> int:
        answered = 0
        for text in ("/start", "xin chào", "/trogiup"):
            await user.ask(text, timeout=8.0)
            answered += 1
        return answered

    results = await asyncio.gather(*(converse(u) for u in users))
    assert results == [3] * 20
    stats = bot.emu.stats
    assert stats.injected_429 > 0 and stats.injected_5xx > 0


async def test_a_flooding_user_is_asked_once_to_slow_down_and_others_are_unaffected(
    bot: RunningBot,
) -> None:
    flooder, calm = bot.user(), bot.user()
    for i in range(30):
        await flooder.send(f"tin {i}")
    replies = await unread(bot, flooder)
    warnings = [r for r in replies if TOO_FAST in r.text]
    assert len(warnings) == 1
    assert len(replies) == 21
    assert (await calm.ask("/start")).text.startswith("Xin chào")


async def _accepts(bot: RunningBot, user_id: int) -> bool:
    return (await bot.services.repo.users.get(user_id)).accepts_messages


async def _eventually(probe, expected, timeout: float = 2.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while (value := await probe()) != expected:
        assert asyncio.get_running_loop().time() < deadline, f"still {value!r}"
        await asyncio.sleep(0.02)
