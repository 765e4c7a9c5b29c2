"""`python bot.py --demo`: the real bot against the local Bot API emulator, in a terminal."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from core.config import Settings
from core.context import App
from core.lifecycle import polling
from emulator import BotApiEmulator
from emulator.terminal import run_terminal_chat

DEMO_TOKEN = "123456:DEMO-TOKEN-for-the-local-emulator"
DEMO_USER_ID = 100001  # fixed, so a restarted demo remembers the same person
DEMO_FILES = Path("data") / "demo-files"  # every file and photo the bot sends, to open

Builder = Callable[[Settings], App]


async def run_demo(settings: Settings, build: Builder, files: Path = DEMO_FILES) -> None:
    """Start the emulator and the bot, then chat until the person quits.

    Every file the bot sends (Word, PDF, charts) is saved in `files`, whose path is printed.
    """
    # The terminal is the demo's screen: keep routine logs out of it.
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    async with BotApiEmulator(token=DEMO_TOKEN, bot_username="ocop_demo_bot") as emu:
        demo_settings = dataclasses.replace(settings, token=DEMO_TOKEN, api_base_url=emu.base_url)
        async with polling(build(demo_settings)):
            person = emu.user(DEMO_USER_ID, first_name="Bạn", language_code="vi")
            folder = files.resolve()
            print(f"📂 Các tệp bot gửi được lưu trong: {folder}", flush=True)
            await run_terminal_chat(emu, person, save_dir=folder)
