"""Notices that always arrive: a registration's officers are told exactly once across a crash,
a chat that times out delays nobody else, a commune without officers is handled honestly, and
the other officers' copies say who decided."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from announcements.engine import engine_of
from emulator import BotApiEmulator, BotMessage, SimUser
from emulator import server as emulator_server
from storage.officers import Scope
from tests.support.clock import FastClock
from tests.support.harness import ADMIN_ID, RunningBot, running_bot
from tests.support.registration_driver import fill_registration, make_officer, place, submit
from tests.support.settle import handled, settled

NEW = "New OCOP registration #"


async def officers_of_ta_xua(bot: RunningBot) -> tuple[SimUser, SimUser]:
    """An officer of Tà Xùa and one of all Sơn La: both cover a registration there."""
    province, commune = place("son la", "ta xua")
    commune_officer = bot.user(first_name="Xã", language_code="en")
    province_officer = bot.user(first_name="Tỉnh", language_code="en")
    await make_officer(bot, commune_officer, province, commune)
    await make_officer(bot, province_officer, province, None)
    return commune_officer, province_officer


async def submitted(producer: SimUser) -> str:
    """Fill and submit a registration; return what the producer is told."""
    await fill_registration(producer)
    confirmation, _ = await submit(producer)
    return confirmation.text


async def until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not check():
            await asyncio.sleep(0.05)


def notices(user: SimUser) -> list[BotMessage]:
    return [m for m in user.messages if NEW in m.text]


async def test_a_crash_between_the_commit_and_the_notices_loses_none_and_doubles_none(
        bot: RunningBot) -> None:
    officers = await officers_of_ta_xua(bot)
    assert bot.app is not None
    # The crash is simulated in process: the engine is killed before it can send anything,
    # as kill -9 would leave it right after the registration's commit.
    await engine_of(bot.app).kill()
    producer = bot.user(first_name="Páo")
    assert "đã được gửi tới cán bộ OCOP của xã bạn" in await submitted(producer)
    await handled(bot)  # the engine being dead, nothing else could send them
    assert [notices(o) for o in officers] == [[], []]
    assert (await bot.services.repo.outbox.counts())["pending"] == 2

    await bot.restart()
    for officer in officers:
        assert NEW in (await officer.next_reply(timeout=5)).text
    await settled(bot)  # nothing left to send: no second copy can come
    assert [len(notices(o)) for o in officers] == [1, 1]
    assert await bot.services.repo.outbox.counts() == {"sent": 2}


@pytest.fixture
def slow_chat(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Make the emulator hold every message to one chat long past the bot's read timeout (or
    until the test is over, so that the bot does not wait for it when it stops)."""
    over = asyncio.Event()

    def slow(chat_id: int) -> None:
        original = emulator_server.HANDLERS["sendMessage"]

        async def held(call: Any) -> Any:
            if call.params.get("chat_id") == chat_id:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(over.wait(), 7)
            return await original(call)
        monkeypatch.setitem(emulator_server.HANDLERS, "sendMessage", held)
    yield slow
    over.set()


async def test_one_officer_timing_out_delays_neither_the_others_nor_the_producer(
        bot: RunningBot, slow_chat: Callable[[int], None]) -> None:
    stuck, other = await officers_of_ta_xua(bot)
    slow_chat(stuck.id)
    producer = bot.user(first_name="Páo")
    told = await submitted(producer)
    assert "đã được gửi" in told
    assert NEW in (await other.next_reply(timeout=2)).text  # not behind the stuck chat
    await handled(bot)
    assert await producer.collect(timeout=0) == []  # no "Xin lỗi, hệ thống…" after success
    assert notices(stuck) == []


async def test_without_officers_the_admins_handle_it(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin", language_code="en")
    await admin.ask("/start")
    told = await submitted(bot.user(first_name="Páo"))
    assert "quản trị viên OCOP" in told and "của xã bạn" not in told
    assert NEW in (await admin.next_reply(timeout=5)).text


@pytest.fixture
async def no_admins(tmp_path: Path, emulator: BotApiEmulator,
                    telegram_clock: FastClock) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path, emu=emulator, clock=telegram_clock.clock,
                           admin_ids=frozenset()) as harness:
        yield harness


async def test_with_nobody_it_is_kept_and_sent_to_the_first_officer_appointed(
        no_admins: RunningBot) -> None:
    bot = no_admins
    told = await submitted(bot.user(first_name="Páo"))
    assert "được giữ lại" in told and "đã được gửi" not in told
    assert (await bot.services.repo.outbox.counts())["held"] == 1

    province, commune = place("son la", "ta xua")
    inviter = bot.user(first_name="Admin")
    await inviter.ask("/start")
    code = await bot.services.repo.officers.invite(inviter.id, Scope(province, commune))
    officer = bot.user(first_name="Cán bộ mới")  # held notices are in the default language
    await officer.ask(f"/start {code}")
    def kept() -> int:
        return sum("Hồ sơ đăng ký OCOP mới #" in m.text for m in officer.messages)

    await until(lambda: kept() > 0)
    await settled(bot)
    assert kept() == 1
    assert (await bot.services.repo.outbox.counts())["held"] == 0


async def test_when_one_officer_decides_the_other_copies_say_who_decided_what(
        bot: RunningBot) -> None:
    deciding, other = await officers_of_ta_xua(bot)
    await submitted(bot.user(first_name="Páo"))
    await deciding.next_reply(timeout=5)
    copy = await other.next_reply(timeout=5)
    await deciding.press("✅ Accept")
    def edited() -> BotMessage:
        return next(m for m in other.messages if m.message_id == copy.message_id)

    await until(lambda: "Xã accepted this registration" in edited().text)
    assert not edited().inline_keyboard  # its buttons are gone with the edit
    assert NEW in edited().text  # the registration itself is still there
    assert copy.inline_keyboard  # (it had them)
