"""Waiting until the bot has nothing left to do, instead of waiting a while to see that nothing
more comes.

`settled(bot)` returns once every update sent so far has been fetched and fully handled and no
notice of the outbox is due or in flight. By then everything the bot was going to send in answer
is in the emulator's chats, so "nothing more arrives" can be checked at once, without a quiet
period that would be too short on a loaded machine and too long everywhere else. In webhook
mode the same count holds: an update stays pending in the emulator, in flight or waiting to be
sent again, until the bot has answered its POST with 2xx. Work that a handler hands to a
background task, or a notice planned for later (a retry, a reminder), is not waited for, as a
quiet period would not have waited for it either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from emulator import BotMessage
from emulator.simchat import ChatView
from storage.users import utcnow
from tests.support.harness import RunningBot

POLL = 0.005  # seconds between two looks (the database only once the updates are handled)


async def settled(bot: RunningBot, timeout: float = 30.0) -> None:
    """Wait until the bot has handled every update so far and sent every notice due now."""
    await _wait(bot, _idle, timeout)


async def handled(bot: RunningBot, timeout: float = 30.0) -> None:
    """Wait until the bot has handled every update so far (the outbox may still be sending)."""
    async def done(bot: RunningBot) -> bool:
        return _handled(bot)

    await _wait(bot, done, timeout)


async def _wait(bot: RunningBot, ready: Callable[[RunningBot], Awaitable[bool]],
                timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await ready(bot):
        if loop.time() > deadline:
            raise AssertionError(f"the bot did not settle within {timeout}s: {_busy(bot)}")
        await asyncio.sleep(POLL)


async def unread(bot: RunningBot, view: ChatView) -> list[BotMessage]:
    """The replies `view` has not read yet, once the bot has settled."""
    await settled(bot)
    return await view.collect(timeout=0)


def _handled(bot: RunningBot) -> bool:
    app = bot.app
    assert app is not None, "the bot is not running"
    # Fetched updates are confirmed (dropped by the emulator) by the bot's next getUpdates, made
    # after it queued them, or by the 2xx answer to their webhook POST; each queued update is
    # marked done once its handlers have finished (asyncio.Queue counts those not done yet, but
    # only join() reads the count publicly).
    unfinished: int = app.update_queue._unfinished_tasks  # type: ignore[attr-defined]
    return not len(bot.emu.state.updates) and not unfinished


async def _idle(bot: RunningBot) -> bool:
    if not _handled(bot):  # first: handlers write the notices
        return False
    row = await bot.services.repo.db.fetch_one(
        "SELECT COUNT(*) FROM outbox WHERE status = 'sending'"
        " OR (status = 'pending' AND not_before <= ?)", (utcnow(),))
    return row is not None and row[0] == 0


def _busy(bot: RunningBot) -> str:
    assert bot.app is not None
    hook = bot.emu.webhook
    pushed = (f" ({hook.in_flight} posted to the webhook, last error:"
              f" {hook.last_error_message or 'none'})" if hook.url else "")
    return (f"{len(bot.emu.state.updates)} updates not fetched{pushed}, "
            f"{bot.app.update_queue._unfinished_tasks} not handled")  # type: ignore[attr-defined]
