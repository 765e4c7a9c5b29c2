"""`python bot.py --demo`: the real bot against the local Bot API emulator, in a terminal."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

import desk
from core.config import Settings
from core.context import SERVICES_KEY, App
from core.lifecycle import polling
from emulator import BotApiEmulator
from emulator.terminal import run_terminal_chat

DEMO_TOKEN = "123456:DEMO-TOKEN-for-the-local-emulator"
DEMO_USER_ID = 100001  # fixed, so a restarted demo remembers the same person
DEMO_FILES = Path("data") / "demo-files"  # every file and photo the bot sends, to open
DEMO_ADMIN_ID = 100000  # signs in to the desk in the browser; not the person chatting

Builder = Callable[[Settings], App]


async def run_demo(settings: Settings, build: Builder, files: Path = DEMO_FILES) -> None:
    """Start the emulator and the bot, then chat until the person quits.

    Every file the bot sends (Word, PDF, charts) is saved in `files`, whose path is printed.
    """
    # The terminal is the demo's screen: keep routine logs out of it.
    logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    async with BotApiEmulator(token=DEMO_TOKEN, bot_username="ocop_demo_bot") as emu:
        demo_settings = dataclasses.replace(
            settings, token=DEMO_TOKEN, api_base_url=emu.base_url,
            admin_ids=settings.admin_ids | {DEMO_ADMIN_ID})
        async with polling(build(demo_settings)) as app:
            person = emu.user(DEMO_USER_ID, first_name="Bạn", language_code="vi")
            folder = files.resolve()
            print(f"📂 Các tệp bot gửi được lưu trong: {folder}", flush=True)
            await print_desk(app)
            await run_terminal_chat(emu, person, save_dir=folder)


async def print_desk(app: App) -> None:
    """Print the desk's address and a login link for the demo's administrator."""
    await app.bot_data[SERVICES_KEY].repo.users.touch(
        DEMO_ADMIN_ID, "Quản trị viên (demo)", telegram_language="vi", is_admin=True)
    link = await desk.login_link(app, DEMO_ADMIN_ID)
    print(f"🖥 Trang quản lý: {desk.base_url(app)}/desk/", flush=True)
    print(f"🔑 Đăng nhập quản trị (dùng một lần, trong 10 phút): {link}", flush=True)
