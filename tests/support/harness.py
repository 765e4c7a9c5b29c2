"""A running bot against the Bot API emulator, for end-to-end tests.

The bot polls, unless its settings have a webhook (`webhook_for(emu)`): then it serves it as in
production and the emulator pushes the updates to it, as Telegram does.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from announcements import Clock, Engine, provide_engine
from bot import build_application
from core.config import Settings, WebhookSettings, WebSettings
from core.context import SERVICES_KEY, App, Services
from core.flood import FloodGate
from core.lifecycle import polling
from core.webhook import serving
from emulator import BotApiEmulator, SimUser
from handlers.flood import GATE_KEY
from tests.support.engines import fresh_database

TEST_TOKEN = "123456:TEST-TOKEN-for-the-emulator"
ADMIN_ID = 900001
WEBHOOK_HOST = "ocop.example.vn"


@dataclass
class RunningBot:
    """The emulator, the real Application polling it, and a way to restart the bot."""

    emu: BotApiEmulator
    settings: Settings
    app: App | None = None
    flood_limit: int | None = None  # raise it for tests that answer faster than a person
    clock: Clock | None = None  # the delivery engine's pace, if not real time
    _stack: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)

    def user(self, **kwargs: Any) -> SimUser:
        """A new simulated person (Vietnamese by default) chatting privately with the bot."""
        return self.emu.user(**kwargs)

    @property
    def services(self) -> Services:
        assert self.app is not None
        return self.app.bot_data[SERVICES_KEY]

    async def start(self) -> None:
        """Build a fresh Application on the same database and start polling (or serving the
        webhook of its settings)."""
        self.app = build_application(self.settings)
        if self.flood_limit is not None:
            self.app.bot_data[GATE_KEY] = FloodGate(limit=self.flood_limit)
        if self.clock is not None:
            provide_engine(self.app, Engine(clock=self.clock))
        hook = self.settings.webhook
        running = polling(self.app, timeout=1) if hook is None else serving(self.app, hook)
        await self._stack.enter_async_context(running)

    async def stop(self) -> None:
        """Stop the bot cleanly (the emulator keeps running)."""
        await self._stack.aclose()
        self._stack = contextlib.AsyncExitStack()

    async def restart(self) -> None:
        await self.stop()
        await self.start()


def webhook_for(emu: BotApiEmulator, secret: str = "test-webhook-secret") -> WebhookSettings:
    """Webhook settings for a bot listening on a free loopback port, which the emulator reaches
    for the public https address (pass as `running_bot(..., webhook=webhook_for(emu))`)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    emu.route_webhook(WEBHOOK_HOST, f"http://127.0.0.1:{port}")
    return WebhookSettings(url=f"https://{WEBHOOK_HOST}/tg-hook", secret=secret,
                           listen="127.0.0.1", port=port)


def new_emulator(**options: Any) -> BotApiEmulator:
    """An emulator (not yet started) that the test bot's token and name fit."""
    return BotApiEmulator(token=TEST_TOKEN, bot_username="ocop_test_bot", **options)


@contextlib.asynccontextmanager
async def running_bot(tmp_path: Path, *, flood_limit: int | None = None,
                      emu: BotApiEmulator | None = None, clock: Clock | None = None,
                      **settings: Any) -> AsyncIterator[RunningBot]:
    """Start the bot (and an emulator, unless a running one is given); stop them afterwards."""
    async with contextlib.AsyncExitStack() as stack:
        if emu is None:
            emu = await stack.enter_async_context(new_emulator())
        target = await stack.enter_async_context(fresh_database(tmp_path, "bot"))
        config = Settings(
            token=TEST_TOKEN,
            api_base_url=emu.base_url,
            database_path=tmp_path / "bot.sqlite3",
            **{"web": WebSettings(port=0), "database_url": None if isinstance(target, Path)
               else target, **settings},
        )
        harness = RunningBot(emu, config, flood_limit=flood_limit, clock=clock)
        await harness.start()
        try:
            yield harness
        finally:
            await harness.stop()
