"""The real Application serving its webhook in-process, the emulator pushing updates to it."""

from __future__ import annotations

from pathlib import Path

from tests.support.harness import new_emulator, running_bot, webhook_for
from tests.support.settle import settled


async def test_a_bot_serving_its_webhook_answers_in_order_and_settles(tmp_path: Path) -> None:
    async with new_emulator(webhook_retry_base=0.05) as emu, running_bot(
            tmp_path, emu=emu, webhook=webhook_for(emu), flood_limit=10_000) as bot:
        lan = bot.user(first_name="Lan")
        await lan.send("/start")
        await lan.send("/start")
        await settled(bot)  # returns only once both pushed updates are answered and handled
        assert [m.text.startswith("Xin chào Lan!") for m in lan.messages] == [True, True]
        assert not emu.calls_of("getUpdates")
        assert [[a.status for a in tries] for tries in emu.webhook_deliveries.values()] == [
            [200], [200]]
