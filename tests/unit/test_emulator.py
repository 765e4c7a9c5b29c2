"""The Bot API emulator, exercised through HTTP with a real PTB Bot and raw clients."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import pytest
from telegram import Bot as PtbBot
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from core.context import App
from emulator import BotApiEmulator, FaultPlan
from emulator.limits import FloodControl, SlidingWindow
from emulator.models import BotMessage, Button, ChatEvent
from emulator.render import render_event, styled_text
from emulator.terminal import run_terminal_chat

MENU = InlineKeyboardMarkup([
    [InlineKeyboardButton("1. Tiêu chí", callback_data="menu:criteria"),
     InlineKeyboardButton("2. Hồ sơ", callback_data="menu:dossier")],
    [InlineKeyboardButton("Trang OCOP", url="https://ocop.gov.vn")],
])


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(global_limit_per_second=None) as server:
        yield server


@pytest.fixture
async def ptb(emu: BotApiEmulator) -> AsyncIterator[PtbBot]:
    async with PtbBot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url) as bot:
        yield bot


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html("<b>Xin chào</b> &amp; chào!", reply_markup=MENU)


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"ok {query.data}")
    await query.edit_message_text(f"Bạn chọn <i>{query.data}</i>", parse_mode=ParseMode.HTML)


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text
    await update.effective_message.reply_text("echo: " + update.effective_message.text)


@pytest.fixture
async def app(emu: BotApiEmulator) -> AsyncIterator[App]:
    """A real PTB Application polling the emulator."""
    application = (ApplicationBuilder().token(emu.token).base_url(emu.base_url)
                   .base_file_url(emu.base_file_url).build())
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_pressed))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=5)
        yield application
        await application.updater.stop()
        await application.stop()


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# --- identity, routing, encodings -------------------------------------------------------------


async def test_get_me_through_ptb(ptb: PtbBot) -> None:
    me = await ptb.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "ocop_demo_bot", True)


async def test_wrong_token_unknown_method_and_case_insensitive_names(emu: BotApiEmulator) -> None:
    root = f"http://127.0.0.1:{emu.port}"
    async with httpx.AsyncClient() as client:
        wrong = await client.get(f"{root}/bot1:WRONG/getMe")
        unknown = await client.post(f"{root}/bot{emu.token}/sendTeleport")
        upper = await client.get(f"{root}/bot{emu.token}/GETME")
    assert wrong.status_code == 401
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert unknown.status_code == 404
    assert unknown.json()["description"] == "Not Found: method not found"
    assert upper.json()["result"]["username"] == "ocop_demo_bot"


async def test_json_form_and_query_encodings(emu: BotApiEmulator) -> None:
    user = emu.user()
    url = f"{emu.base_url}{emu.token}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with aiohttp.ClientSession() as session:
        as_json = await session.post(url, json={"chat_id": user.id, "text": "json",
                                                "reply_markup": markup})
        as_form = await session.post(url, data={"chat_id": str(user.id), "text": "form",
                                                "reply_markup": json.dumps(markup)})
        as_query = await session.get(url, params={"chat_id": str(user.id), "text": "query"})
        bodies = [await r.json() for r in (as_json, as_form, as_query)]
    assert all(body["ok"] for body in bodies)
    assert [m.text for m in user.messages] == ["json", "form", "query"]
    assert user.messages[1].buttons == [Button("A", "a")]
    assert bodies[0]["result"]["reply_markup"] == markup
    assert emu.calls_of("sendmessage")[1].params["chat_id"] == user.id


# --- updates ------------------------------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_a_user_sends(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user(first_name="Lan")
    started = time.monotonic()
    poll = asyncio.create_task(ptb.get_updates(timeout=60))
    await asyncio.sleep(0.05)
    await user.send("/start@ocop_demo_bot hello")
    updates = await poll
    assert time.monotonic() - started < 30  # woken by the message, not by the poll's end
    message = updates[0].message
    assert message is not None and message.from_user is not None
    assert (message.chat.id, message.chat.type, message.from_user.first_name) == (
        user.id, "private", "Lan")
    assert message.entities[0].type == "bot_command"
    assert message.entities[0].length == len("/start@ocop_demo_bot")


async def test_offset_confirms_earlier_updates(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    first, second = await user.send("một"), await user.send("hai")
    assert second > first
    updates = await ptb.get_updates()
    assert [u.message.text for u in updates if u.message] == ["một", "hai"]
    assert updates[1].update_id > updates[0].update_id
    assert len(await ptb.get_updates()) == 2  # unconfirmed updates come again
    assert await ptb.get_updates(offset=updates[-1].update_id + 1) == ()
    assert await ptb.get_updates(timeout=0) == ()


# --- buttons and callback queries ----------------------------------------------------------------


async def test_inline_keyboard_press_and_callback_answer(emu: BotApiEmulator,
                                                         ptb: PtbBot) -> None:
    user = emu.user()
    await ptb.send_message(user.id, "Chọn:", reply_markup=MENU)
    reply = await user.next_reply()
    assert [b.text for b in reply.buttons] == ["1. Tiêu chí", "2. Hồ sơ", "Trang OCOP"]
    query_id = await user.press("2")
    assert await user.press(1) != query_id
    updates = await ptb.get_updates()
    query = updates[0].callback_query
    assert query is not None and query.message is not None
    assert (query.id, query.data, query.message.message_id) == (
        query_id, "menu:dossier", reply.message_id)
    assert await ptb.answer_callback_query(query_id, text="Đã chọn", show_alert=True)
    assert await user.callback_answer(query_id) == {
        "text": "Đã chọn", "show_alert": True, "url": None, "cache_time": None}
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await ptb.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await ptb.answer_callback_query(updates[1].callback_query.id, text="x" * 201)


async def test_callback_data_is_limited_to_64_bytes(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()

    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])

    await ptb.send_message(user.id, "ok", reply_markup=keyboard("d" * 64))
    for bad in ("d" * 65, "ệ" * 22):  # 22 × 3 UTF-8 bytes = 66
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await ptb.send_message(user.id, "bad", reply_markup=keyboard(bad))
    await user.press_data("forged:🙂", message_id=user.messages[0].message_id)
    forged = (await ptb.get_updates())[0].callback_query
    assert forged is not None and forged.data == "forged:🙂"


async def test_real_application_round_trip(emu: BotApiEmulator, app: Any) -> None:
    user = emu.user()
    menu = await user.ask("/start")
    assert (menu.text, menu.html) == ("Xin chào & chào!", "<b>Xin chào</b> &amp; chào!")
    assert menu.entities == [{"type": "bold", "offset": 0, "length": 8}]
    answer = await user.callback_answer(await user.press("2. Hồ"))
    assert answer["text"] == "ok menu:dossier"
    edit = await user.next_reply()
    assert (edit.edited, edit.text, edit.buttons) == (True, "Bạn chọn menu:dossier", [])
    assert user.last is not None and user.last.edit_count == 1
    assert (await user.ask("xin chào")).text == "echo: xin chào"


async def test_many_users_concurrently(emu: BotApiEmulator, app: Any) -> None:
    users = [emu.user(first_name=f"Người {i}") for i in range(60)]
    replies = await asyncio.gather(*(u.ask(f"tin {i}", timeout=5) for i, u in enumerate(users)))
    assert [r.text for r in replies] == [f"echo: tin {i}" for i in range(60)]
    assert emu.stats.messages_sent == 60


# --- Telegram's own checks -----------------------------------------------------------------------


async def test_html_parse_errors_match_telegram(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    cases = {
        "a < b": 'Unsupported start tag "" at byte offset 2',
        "<b>x</i>": 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        "<b>đậm": 'Can\'t find end tag corresponding to start tag "b"',
        "xin<br>chào": 'Unsupported start tag "br" at byte offset 3',
        "AT&T": 'Character "&" at byte offset 2',
    }
    for text, detail in cases.items():
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await ptb.send_message(user.id, text, parse_mode=ParseMode.HTML)
        description = emu.calls[-1].description or ""
        assert description.startswith("Bad Request: can't parse entities: " + detail)
    assert user.messages == []
    sent = await ptb.send_message(
        user.id, '<a href="https://x.vn/?a=1&amp;b=2">web</a> &lt;3 &#128512;',
        parse_mode=ParseMode.HTML)
    assert sent.text == "web <3 😀"
    assert sent.entities[0].url == "https://x.vn/?a=1&b=2"


async def test_text_and_caption_length_limits(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    await ptb.send_message(user.id, "a" * 4096)
    await ptb.send_message(user.id, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await ptb.send_message(user.id, "😀" * 2048)  # 2 UTF-16 units each
    for text in ("a" * 4097, "😀" * 2049):
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await ptb.send_message(user.id, text)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await ptb.send_message(user.id, "<b> </b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await ptb.send_photo(user.id, b"img", caption="c" * 1025)
    assert len(user.messages) == 3


async def test_edit_and_delete_rules(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    sent = await ptb.send_message(user.id, "Menu", reply_markup=MENU)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified: specified new"):
        await ptb.edit_message_text("Menu", user.id, sent.message_id, reply_markup=MENU)
    await ptb.edit_message_text("Menu", user.id, sent.message_id)  # drops the keyboard
    assert user.messages[0].buttons == []
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await ptb.edit_message_reply_markup(user.id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await ptb.edit_message_text("x", user.id, 999)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await ptb.delete_message(user.id, 999)
    assert await ptb.delete_message(user.id, sent.message_id)
    assert user.last is not None and user.last.deleted
    assert [e.kind for e in user.events] == ["message", "edit", "delete"]
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await ptb.edit_message_text("again", user.id, sent.message_id)


async def test_blocked_deactivated_and_unknown_chats(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user, gone = emu.user(), emu.user()
    user.block()
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await ptb.send_message(user.id, "xin chào")
    gone.deactivate()
    with pytest.raises(Forbidden, match=r"(?i)user is deactivated"):
        await ptb.send_message(gone.id, "xin chào")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await ptb.send_message(424242, "xin chào")
    assert emu.stats.blocked_403 == 2 and user.messages == []
    member = (await ptb.get_updates())[0].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    await user.send("/start")  # writing again restarts the bot, as in Telegram clients
    assert not user.blocked
    assert (await ptb.send_message(user.id, "chào lại")).text == "chào lại"


# --- faults and flood limits ---------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_429_raises_retry_after(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await ptb.send_message(user.id, "x")
    assert _seconds(caught.value) == 7
    emu.faults = FaultPlan(rate_429=1.0, retry_after=3, seed=1)
    with pytest.raises(RetryAfter) as caught:
        await ptb.send_message(user.id, "x")
    assert _seconds(caught.value) == 3
    assert await ptb.get_updates() == ()  # getUpdates is spared by default
    assert user.messages == [] and emu.stats.injected_429 == 2


async def test_injected_5xx_and_latency(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    emu.faults.error_5xx_rate = 1.0
    emu.faults.seed = 7
    with pytest.raises(NetworkError, match=r"Internal Server Error|Bad Gateway"):
        await ptb.send_message(user.id, "x")
    emu.faults.error_5xx_rate = 0.0
    emu.fail_next("*", 502, "Bad Gateway", count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match=r"Bad Gateway"):
            await ptb.send_message(user.id, "x")
    assert user.messages == [] and emu.stats.injected_5xx == 3
    emu.faults.latency = 0.1
    started = time.monotonic()
    await ptb.send_message(user.id, "chậm")
    assert time.monotonic() - started >= 0.1


async def test_global_limit_answers_429_only_when_exceeded() -> None:
    async with BotApiEmulator(global_limit_per_second=5) as server:
        user = server.user()
        async with PtbBot(server.token, base_url=server.base_url) as bot:
            for i in range(5):
                await bot.send_message(user.id, f"tin {i}")
            async with httpx.AsyncClient() as client:
                over = await client.post(f"{server.base_url}{server.token}/sendMessage",
                                         json={"chat_id": user.id, "text": "quá"})
    assert over.status_code == 429
    assert over.json() == {"ok": False, "error_code": 429,
                           "description": "Too Many Requests: retry after 1",
                           "parameters": {"retry_after": 1}}
    assert len(user.messages) == 5 and server.stats.global_limit_429 == 1


def test_sliding_windows() -> None:
    window = SlidingWindow(3)
    for at in (0.0, 0.1, 0.2):
        assert window.retry_after(at) is None
        window.record(at)
    assert window.retry_after(0.5) == 1
    assert window.retry_after(1.05) is None  # the event at 0.0 left the window
    flood = FloodControl(None, 1)
    assert flood.check(1, 0.0) is None and flood.check(2, 0.0) is None
    assert flood.check(1, 0.5) == ("chat", 1)
    assert flood.check(1, 1.01) is None


# --- files and commands --------------------------------------------------------------------------


async def test_multipart_document_and_photo_uploads(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user()
    pdf = b"%PDF-1.4 ho so OCOP" * 100
    sent = await ptb.send_document(user.id, pdf, filename="ho_so.pdf",
                                   caption="<b>Hồ sơ</b>", parse_mode=ParseMode.HTML)
    await ptb.send_photo(user.id, b"\x89PNG fake", caption="Ảnh")
    document, photo = user.messages
    assert (document.kind, document.document_name, document.document_bytes) == (
        "document", "ho_so.pdf", pdf)
    assert (document.text, document.html) == ("Hồ sơ", "<b>Hồ sơ</b>")
    assert (photo.kind, photo.photo_bytes, photo.text) == ("photo", b"\x89PNG fake", "Ảnh")
    assert sent.document is not None and sent.document.file_name == "ho_so.pdf"
    downloaded = await (await ptb.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == pdf
    assert "<upload" in str(emu.calls_of("sendDocument")[0].params["document"])


async def test_set_my_commands_per_language(emu: BotApiEmulator, ptb: PtbBot) -> None:
    await ptb.set_my_commands([BotCommand("start", "Bắt đầu")], language_code="vi")
    await ptb.set_my_commands([BotCommand("start", "Start")], language_code="en")
    await ptb.set_my_commands([BotCommand("help", "Trợ giúp")],
                              scope=BotCommandScopeAllPrivateChats())
    assert emu.commands[("default", "vi")] == [{"command": "start", "description": "Bắt đầu"}]
    assert set(emu.commands) == {("default", "vi"), ("default", "en"),
                                 ("all_private_chats", "")}
    english = await ptb.get_my_commands(language_code="en")
    assert [(c.command, c.description) for c in english] == [("start", "Start")]
    await ptb.delete_my_commands(language_code="en")
    assert ("default", "en") not in emu.commands
    with pytest.raises(BadRequest):
        await ptb.set_my_commands([BotCommand("Bắt_đầu", "x")])


# --- simulated users and groups ------------------------------------------------------------------


async def test_sim_user_helpers(emu: BotApiEmulator, ptb: PtbBot) -> None:
    user = emu.user(first_name="Lan", username="lan_htx")
    with pytest.raises(AssertionError, match=r"no bot reply within 0.05s"):
        await user.next_reply(timeout=0.05)
    await user.share_contact("+84912345678")
    await user.send_location(21.03, 105.85)
    await user.send_sticker()
    await user.send_photo()
    updates = await ptb.get_updates()
    contact = updates[0].message.contact
    assert contact is not None and (contact.user_id, contact.phone_number) == (
        user.id, "+84912345678")
    assert updates[1].message.location.latitude == pytest.approx(21.03)
    assert updates[2].message.sticker is not None and updates[3].message.photo
    keyboard = ReplyKeyboardMarkup([["Có", "Không"]], one_time_keyboard=True)
    await ptb.send_message(user.id, "Đồng ý?", reply_markup=keyboard)
    await ptb.send_message(user.id, "Thêm")
    assert [m.text for m in await user.collect(timeout=0.05)] == ["Đồng ý?", "Thêm"]
    assert user.keyboard == [["Có", "Không"]] and user.messages[0].reply_keyboard


async def test_group_commands_and_replies(emu: BotApiEmulator, ptb: PtbBot) -> None:
    group, user = emu.group(title="HTX Mận"), emu.user()
    assert group.chat_id < 0
    await group.send(user, "/start@ocop_demo_bot")
    message = (await ptb.get_updates())[0].message
    assert message is not None and message.chat.type == "supergroup"
    assert message.from_user is not None and message.from_user.id == user.id
    await ptb.send_message(group.chat_id, "Chào cả nhóm")
    assert (await group.next_reply()).text == "Chào cả nhóm"
    assert user.messages == []


# --- terminal chat -------------------------------------------------------------------------------


def test_rendering_of_messages_and_events() -> None:
    text = "Xem trang web 😀 đậm"
    entities = [{"type": "text_link", "offset": 4, "length": 9, "url": "https://x.vn"},
                {"type": "bold", "offset": 17, "length": 3}]
    assert styled_text(text, entities, tty=False) == "Xem trang web (https://x.vn) 😀 đậm"
    assert styled_text(text, entities, tty=True).endswith("\x1b[1mđậm\x1b[22m")
    doc = BotMessage(5, 1, "document", document_name="a.pdf", document_bytes=b"x" * 3000)
    assert "[📄 a.pdf, 3 KB]" in render_event(ChatEvent("message", doc), "Bot", False)
    photo = BotMessage(6, 1, "photo", photo_bytes=b"x", reply_keyboard=[["Có", "Không"]])
    assert "⌨ Có | Không" in render_event(ChatEvent("message", photo), "Bot", False)
    assert render_event(ChatEvent("delete", message_id=6), "Bot", False).startswith("🗑")


async def test_terminal_chat_numbers_press_buttons(emu: BotApiEmulator, app: Any) -> None:
    user = emu.user()
    output: list[str] = []
    script = iter(["/start", "9", "2", "'3", "/thoat"])

    async def read_line() -> str | None:
        line = next(script)
        if line != "/start":
            await user.next_reply()  # wait for the bot before typing on
        return line

    await run_terminal_chat(emu, user, read_line=read_line, write=output.append, settle=0.1)
    shown = "".join(output)
    assert "Gõ số" in shown and "/thoat" in shown
    assert "[1] 1. Tiêu chí  [2] 2. Hồ sơ" in shown
    assert "[3] Trang OCOP ↗ https://ocop.gov.vn" in shown
    assert "Xin chào & chào!" in shown and "\x1b[" not in shown
    assert "echo: 9" in shown  # no button 9: sent as text
    assert "👆 2. Hồ sơ" in shown and "ⓘ ok menu:dossier" in shown
    assert f"✎ (sửa tin #{user.messages[0].message_id})" in shown
    assert "echo: 3" in shown  # a leading ' sends the rest literally
