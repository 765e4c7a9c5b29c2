"""Hardening against the emulator: group chats, button floods, edited messages, honest errors."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from core.updates import PerUserUpdateProcessor
from emulator import SimUser
from emulator.payloads import now, user_message_json
from knowledge.criteria.products import PRODUCT_GROUPS
from tests.support.assessment_driver import ORGANISATION_QUESTION
from tests.support.harness import ADMIN_ID, RunningBot, new_emulator, running_bot
from tests.support.settle import unread
from tests.support.texts import vi

PRIVATE_ONLY = ("For your privacy, /{command} works only in a private chat with me: "
                "open @{bot} and send it there.")
PRIVATE_BUTTON = "For your privacy, this works only in a private chat with me (@{bot})."
EDIT_NOTICE = ("I only read new messages, so your edit changed nothing. To change an answer, "
               "send it again as a new message.")
SLOW_DOWN = "You are sending messages very fast. Please wait a little, then try again."


@pytest.mark.parametrize("command", ["canbo", "officer", "thongke", "thongbao", "moicanbo",
                                     "ketqua"])
async def test_staff_commands_in_a_group_post_nothing_but_a_pointer(
    bot: RunningBot, command: str
) -> None:
    group, admin = bot.emu.group(), bot.user(user_id=ADMIN_ID)
    reply = await group.ask(admin, f"/{command}@ocop_test_bot")
    assert reply.text == vi(PRIVATE_ONLY, command=command, bot="ocop_test_bot")
    assert reply.buttons == [] and reply.document_name is None
    assert await unread(bot, group) == []
    assert await unread(bot, admin) == []


async def test_staff_buttons_pressed_in_a_group_leak_nothing(bot: RunningBot) -> None:
    group, admin = bot.emu.group(), bot.user(user_id=ADMIN_ID)
    await group.ask(admin, "/start@ocop_test_bot")  # a bot message to press buttons on
    for data in ("cb:x", "cb:l:0", "tr:xl:1", "iv:l", "pv:j", "rg:ok:1"):
        query = group._callback(admin.info, data, None)
        answer = await group.callback_answer(query)
        assert answer["text"] == vi(PRIVATE_BUTTON, bot="ocop_test_bot"), data
    assert await unread(bot, group) == []
    assert await unread(bot, admin) == []
    assert not bot.emu.calls_of("sendDocument")


async def test_criteria_still_work_in_a_group(bot: RunningBot) -> None:
    group, lan = bot.emu.group(), bot.user()
    reply = await group.ask(lan, "/tieuchi@ocop_test_bot")
    assert reply.buttons
    await group.press(lan, 1)
    assert (await group.next_reply()).edited


async def test_a_button_flood_costs_no_api_calls_and_does_not_stall_others(
    tmp_path: Path,
) -> None:
    async with new_emulator() as emu, running_bot(tmp_path, emu=emu) as bot:
        flooder, other = bot.user(), bot.user()
        await flooder.ask("/tieuchi")
        emu.faults.latency = 0.05  # every API call takes a round trip, as in production
        queries = {await flooder.press_data("zz:forged") for _ in range(3000)}
        await other.send("/start")
        # Before the fix every muted press cost an answerCallbackQuery while holding a global
        # slot: the /start waited behind ~2,700 of them (over two minutes at 50 ms each).
        assert (await other.next_reply(timeout=45)).text.startswith("Xin chào")
        await _drained(bot, flooder)
        answered = [c for c in emu.calls_of("answerCallbackQuery")
                    if c.params.get("callback_query_id") in queries]
        assert len(answered) <= 20  # only presses under the limit; none of the muted ones
        notices = [m for m in flooder.messages if m.text == vi(SLOW_DOWN)]
        assert len(notices) == 1


async def _drained(bot: RunningBot, user: SimUser, timeout: float = 60.0) -> None:
    assert bot.app is not None
    processor = bot.app.update_processor
    assert isinstance(processor, PerUserUpdateProcessor)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while bot.emu.state.updates or processor.waiting(user.id):
        assert loop.time() < deadline, "the flood was never drained"
        await asyncio.sleep(0.05)


def _edit(bot: RunningBot, user: SimUser, message_id: int, text: str) -> None:
    edited: dict[str, Any] = user_message_json(user.chat, user.info, message_id, {"text": text})
    bot.emu.state.updates.push("edited_message", {**edited, "edit_date": now()})


async def test_an_edited_message_is_not_taken_as_an_answer(fast_bot: RunningBot) -> None:
    lan = fast_bot.user()
    await lan.ask("/start")
    earlier = await lan.send("Mật ong")
    await unread(fast_bot, lan)
    await lan.ask("/danhgia")
    group = next(i for i, g in enumerate(PRODUCT_GROUPS) if 1 in g.sheets)
    await lan.press(f"{group + 1}. ")
    await lan.next_reply()
    await lan.press(f"{PRODUCT_GROUPS[group].sheets.index(1) + 1}. ")
    if ORGANISATION_QUESTION in (await lan.next_reply()).text:
        await lan.ask("HTX Thử")  # the organisation, asked once; then the product's name
    _edit(fast_bot, lan, earlier, "Tên sửa lại")
    assert (await lan.next_reply()).text == vi(EDIT_NOTICE)
    assert await unread(fast_bot, lan) == []
    assessments = fast_bot.services.repo.assessments
    record = await assessments.in_progress_for(lan.id)
    assert record is not None and record.product_name is None
    await lan.ask("Sản phẩm thật")
    record = await assessments.in_progress_for(lan.id)
    assert record is not None and record.product_name == "Sản phẩm thật"


@pytest.mark.parametrize(("error", "msgid"), [
    (sqlite3.OperationalError("database is locked"),
     "Sorry, I could not save your last message because of a problem on my side. "
     "Please send it again in a moment."),
    (asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
     "Sorry, I could not save your last message because of a problem on my side. "
     "Please send it again in a moment."),
    (RuntimeError("a bug"),
     "Sorry, something went wrong on my side. Your earlier answers are kept: "
     "please try again in a moment."),
])
async def test_the_error_message_says_only_what_is_true(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, error: Exception, msgid: str
) -> None:
    lan = bot.user()
    await lan.ask("/start")

    async def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(bot.services.repo.users, "touch", fail)
    reply = await lan.ask("/trogiup")
    assert reply.text == vi(msgid)
