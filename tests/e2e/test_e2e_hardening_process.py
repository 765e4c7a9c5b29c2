"""Hardening of the real process: the webhook secret, a rejected token, nothing secret in output."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from emulator import BotApiEmulator
from tests.support.process import ANSWERED, STARTED, bot_process, clean_env

TOKEN = "123456:PROCESS-TEST-TOKEN-abcdefghijkl"
SECRET = "webhook_secret-0123456789abcdef"
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command_update(user_id: int, update_id: int = 1, command: str = "/start"
                    ) -> dict[str, object]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_800_000_000, "text": command,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Lan"}}}


async def _finish(bot_proc: asyncio.subprocess.Process, timeout: float = STARTED
                  ) -> tuple[int, str]:
    assert bot_proc.stdout is not None
    out = await asyncio.wait_for(bot_proc.stdout.read(), timeout)
    return await asyncio.wait_for(bot_proc.wait(), timeout), out.decode("utf-8", "replace")


async def test_webhook_mode_without_a_secret_refuses_to_start(tmp_path: Path) -> None:
    env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_PATH=str(tmp_path / "bot.sqlite3"),
                    WEBHOOK_URL="https://ocop.example.vn/tg-hook")
    async with bot_process(cwd=tmp_path, env=env) as bot:
        code, out = await _finish(bot.proc)
    assert code == 2
    assert out.strip().splitlines() == [
        "Configuration error: WEBHOOK_SECRET is required in webhook mode "
        "(16 or more random characters from A-Z, a-z, 0-9, _ and -)"]


async def test_webhook_refuses_a_missing_or_wrong_secret_and_takes_the_right_one(
    tmp_path: Path,
) -> None:
    port = _free_port()
    async with BotApiEmulator(token=TOKEN) as emu:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url,
            DATABASE_PATH=str(tmp_path / "bot.sqlite3"), LOG_LEVEL="DEBUG",
            WEBHOOK_URL="https://ocop.example.vn/tg-hook", WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port), WEBHOOK_SECRET=SECRET,
        )
        async with bot_process(cwd=tmp_path, env=env) as bot:
            await bot.expect("Serving the webhook")
            assert emu.calls_of("setWebhook")
            lan = emu.user()
            url = f"http://127.0.0.1:{port}/tg-hook"
            async with httpx.AsyncClient() as client:
                forged = [_command_update(lan.id, n, "/trogiup") for n in (1, 2, 3)]
                statuses = [
                    (await client.post(url, json=forged[0])).status_code,
                    (await client.post(url, json=forged[1], headers={
                        "X-Telegram-Bot-Api-Secret-Token": SECRET[:-1] + "X"})).status_code,
                    (await client.post(url, json=forged[2], headers={
                        "X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]})).status_code,
                ]
                assert statuses == [403, 403, 403]
                ok = await client.post(url, json=_command_update(lan.id, 4),
                                       headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                assert ok.status_code == 200
            # One person's updates are handled one at a time, in order: a forged /trogiup, had
            # it been taken, would have been answered before the genuine /start sent after it.
            assert (await lan.next_reply(timeout=ANSWERED)).text.startswith("Xin chào Lan!")
            assert len(emu.calls_of("sendMessage")) == 1 and len(lan.messages) == 1
            bot.proc.terminate()
            code, rest = await _finish(bot.proc)
        assert code == 0
        output = bot.output + rest
        assert TOKEN not in output and SECRET not in output


@pytest.mark.parametrize("wrong", ["token", "path"])
async def test_a_rejected_token_stops_with_one_line_and_no_token(
    tmp_path: Path, wrong: str
) -> None:
    async with BotApiEmulator(token=TOKEN if wrong == "path" else "999:OTHER-TOKEN") as emu:
        base_url = emu.base_url if wrong == "token" else emu.base_url.replace("/bot", "/api/bot")
        env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=base_url,
                        DATABASE_PATH=str(tmp_path / "bot.sqlite3"))
        async with bot_process(cwd=tmp_path, env=env) as bot:
            code, out = await _finish(bot.proc)
    assert code == 2
    assert TOKEN not in out and TOKEN.split(":")[1] not in out
    assert "Traceback" not in out
    assert out.strip().splitlines()[-1] == (
        "Telegram rejected TELEGRAM_BOT_TOKEN (or TELEGRAM_API_BASE_URL has a wrong path)")
