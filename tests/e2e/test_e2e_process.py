"""The bot as a real process: the demo chat, kill -9 and restart, SIGTERM, webhook mode."""

from __future__ import annotations

import asyncio
import re
import signal
from pathlib import Path

import httpx
import pytest

from emulator import BotApiEmulator
from tests.support.pace import FloodPace
from tests.support.process import ANSWERED, STARTED, bot_process, clean_env
from tests.support.sheets import official_sheets
from tests.support.texts import vi, vi_start

UNFINISHED = vi_start("You have an unfinished self-assessment: <b>{product}</b> (sheet {number} "
                      "– {title}).\nContinue where you stopped, or start over?").removesuffix("<b>")

TOKEN = "123456:PROCESS-TEST-TOKEN-abcdefghijkl"
pytestmark = pytest.mark.slow


async def test_demo_answers_in_vietnamese_and_keeps_the_language_after_kill_9(
    tmp_path: Path,
) -> None:
    async with bot_process("--demo", cwd=tmp_path, env=clean_env()) as demo:
        await demo.type("/start")
        out = await demo.expect("Xin chào Bạn!")
        assert vi("❓ Help") in out
        await demo.type("/ngonngu")
        await demo.expect("[2] 🇬🇧 English")
        await demo.type("2")
        await demo.expect("Done! I will talk to you in English.")
        await demo.kill9()
    assert (tmp_path / "data" / "demo.sqlite3").exists()
    async with bot_process("--demo", cwd=tmp_path, env=clean_env()) as demo:
        await demo.type("/start")
        await demo.expect("Hello, Bạn!")
        await demo.type("/thoat")
        assert await asyncio.wait_for(demo.proc.wait(), ANSWERED) == 0


async def test_demo_starts_the_desk_and_prints_an_admin_login_link(tmp_path: Path) -> None:
    async with bot_process("--demo", cwd=tmp_path, env=clean_env()) as demo:
        out = await demo.expect("dùng một lần, trong 10 phút")
        out += await demo.expect("\n")
        link = re.search(r"(http://127\.0\.0\.1:\d+/desk/login/\S+)", out)
        assert link is not None, out
        assert re.search(r"Trang quản lý: http://127\.0\.0\.1:\d+/desk/", out)
        async with httpx.AsyncClient() as client:
            signed_in = await client.post(link[1])
            assert signed_in.status_code == 303 and "desk_session" in signed_in.cookies
            again = await client.post(link[1])
            assert again.status_code == 410
        await demo.type("/thoat")
        assert await asyncio.wait_for(demo.proc.wait(), 15) == 0


async def test_polling_bot_survives_kill_9_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    async with BotApiEmulator(token=TOKEN) as emu:
        env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url,
                        DATABASE_PATH=str(tmp_path / "bot.sqlite3"), LOG_LEVEL="DEBUG")
        lan = emu.user()
        async with bot_process(cwd=tmp_path, env=env) as bot:
            assert (await lan.ask("/start", timeout=STARTED)).text.startswith("Xin chào")
            await lan.ask("/ngonngu")
            await lan.press("🇬🇧 English")
            while "Done! I will talk to you in English." not in (await lan.next_reply()).text:
                pass  # the choice is stored before it is confirmed
            await bot.kill9()
            assert TOKEN not in bot.output
        async with bot_process(cwd=tmp_path, env=env) as bot:
            assert (await lan.ask("/start", timeout=STARTED)).text.startswith("Hello")
            bot.proc.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(bot.proc.wait(), ANSWERED) == 0
            assert bot.proc.stdout is not None
            rest = (await bot.proc.stdout.read()).decode()
            assert "Application is stopping" in bot.output + rest or "Stopping" in rest
            assert TOKEN not in bot.output + rest


async def test_webhook_mode_registers_the_hook_and_answers_posted_updates(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    async with BotApiEmulator(token=TOKEN) as emu:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url,
            DATABASE_PATH=str(tmp_path / "bot.sqlite3"),
            WEBHOOK_URL="https://ocop.example.vn/tg-hook", WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(unused_tcp_port), WEBHOOK_SECRET="s3cret",
        )
        async with bot_process(cwd=tmp_path, env=env) as bot:
            await bot.expect("Serving the webhook")  # logged once it listens and set the hook
            assert emu.calls_of("setWebhook")
            lan = emu.user()
            update = {"update_id": 1, "message": {
                "message_id": 1, "date": 1_800_000_000, "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                "chat": {"id": lan.id, "type": "private", "first_name": "Lan"},
                "from": {"id": lan.id, "is_bot": False, "first_name": "Lan"}}}
            url = f"http://127.0.0.1:{unused_tcp_port}/tg-hook"
            async with httpx.AsyncClient() as client:
                forged = await client.post(url, json=update)
                assert forged.status_code == 403
                ok = await client.post(url, json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
                assert ok.status_code == 200
            assert (await lan.next_reply(timeout=ANSWERED)).text.startswith("Xin chào Lan!")


@pytest.fixture
def unused_tcp_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_an_assessment_survives_kill_9_midway(tmp_path: Path) -> None:
    from knowledge.criteria.scoring import round_points, score
    from tests.support.assessment_driver import (
        finish,
        open_sheet,
        parse_result,
        pass_eligibility,
        random_answers,
    )

    sheet = official_sheets()[25]
    answers = random_answers(sheet, 25)
    codes = [c.code for c in sheet.criteria]
    async with BotApiEmulator(token=TOKEN) as emu:
        env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url,
                        DATABASE_PATH=str(tmp_path / "bot.sqlite3"))
        user = emu.user()
        async with bot_process(cwd=tmp_path, env=env) as bot:
            pace = FloodPace(emu)  # a real process keeps its flood control
            await user.ask("/start", timeout=STARTED)
            await pass_eligibility(user, await open_sheet(user, 25))
            for code in codes[:10]:
                await pace.room()
                await user.press(f"{answers[code] + 1}. ")
                await user.next_reply()
            await pace.room()
            await user.press(f"{answers[codes[10]] + 1}. ")
            await bot.kill9()  # the eleventh answer may or may not have been taken
        async with bot_process(cwd=tmp_path, env=env):
            pace = FloodPace(emu)
            # The new process may first take the eleventh press, if the killed one never did.
            reply = await user.ask("/danhgia", timeout=STARTED)
            while UNFINISHED not in reply.text:
                reply = await user.next_reply()
            await user.press(vi("▶️ Continue"))
            question = await user.next_reply()
            number = int(question.text.split("Câu ", 1)[1].split("/", 1)[0])
            assert number in (11, 12)
            for code in codes[number - 1:]:
                await pace.room()
                await user.press(f"{answers[code] + 1}. ")
                await user.next_reply()
            await pace.room()
            result = await finish(user)
    expected = score(sheet, answers)
    assert parse_result(result) == (round_points(expected.total), expected.stars)
