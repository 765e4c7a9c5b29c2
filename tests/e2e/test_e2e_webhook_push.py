"""The bot as a real process in webhook mode, behind a load balancer, fed by the emulator's push."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest

from emulator import BotApiEmulator
from tests.support.forwarder import Forwarder
from tests.support.process import ANSWERED, STARTED, bot_process, clean_env

TOKEN = "123456:PROCESS-TEST-TOKEN-abcdefghijkl"
SECRET = "webhook_secret-0123456789abcdef"
PUBLIC_URL = "https://ocop.example.vn/tg-hook"
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _webhook_info(emu: BotApiEmulator) -> dict[str, object]:
    async with aiohttp.ClientSession() as session, session.post(
            f"{emu.base_url}{emu.token}/getWebhookInfo") as answer:
        info: dict[str, object] = (await answer.json())["result"]
        return info


async def test_start_is_answered_through_webhook_push_behind_the_forwarder(
        tmp_path: Path) -> None:
    port = _free_port()
    worker, gone = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{_free_port()}"
    async with BotApiEmulator(token=TOKEN, webhook_retry_base=0.05,
                              webhook_timeout=ANSWERED) as emu, Forwarder([gone, worker]) as lb:
        emu.route_webhook("ocop.example.vn", lb.url)  # DNS and TLS end at the load balancer
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url,
            DATABASE_PATH=str(tmp_path / "bot.sqlite3"), WEBHOOK_URL=PUBLIC_URL,
            WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port), WEBHOOK_SECRET=SECRET)
        async with bot_process(cwd=tmp_path, env=env):
            lan = emu.user(first_name="Lan")
            # Sent before the worker may have set its webhook: it waits, then is pushed.
            assert (await lan.ask("/start", timeout=STARTED)).text.startswith("Xin chào Lan!")
            await emu.webhook_idle(timeout=ANSWERED)
            info = await _webhook_info(emu)
    assert not emu.calls_of("getUpdates")
    assert (info["url"], info["pending_update_count"]) == (PUBLIC_URL, 0)
    [tries] = emu.webhook_deliveries.values()
    # Taken at the first post: the secret header reached the worker through the forwarder,
    # which skipped the backend that is gone.
    assert [attempt.status for attempt in tries] == [200]
    assert lb.requests == {worker: 1} and lb.failures == {gone: 1}
