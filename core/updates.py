"""Concurrent update processing that keeps each user's own updates in order."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# In webhook mode, the update whose turn it is (flows store it with their effect), and whether
# a worker already stored its effect, then died before replying: flows then show their current
# step instead of applying the input again (storage/cluster.py).
WEBHOOK_UPDATE: ContextVar[int | None] = ContextVar("webhook_update", default=None)
REPLAYING: ContextVar[bool] = ContextVar("replaying", default=False)


def update_key(update: object) -> int | None:
    """The key that serialises an update: its user, else its chat."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


_UNBOUNDED = 1 << 30


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Process many users at once, but one update at a time per user.

    Conversation steps of one person must not race (a double press, a fast typist),
    while other people must never wait behind them: an update first waits for its user's
    own turn, and only then takes one of the global slots. A flood from one person thus
    holds at most one slot, and `drop_if` (flood control's "is this sender muted?") throws
    away their surplus before it costs a slot or an API call.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        # PTB's own (final) process_update takes its semaphore before do_process_update, that
        # is before the user's lock: a flood would hold every slot while queueing for one user.
        # Its semaphore is made wide open; ours is taken after the user's lock.
        super().__init__(_UNBOUNDED)
        self.slots = max_concurrent_updates
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self.drop_if: Callable[[object], bool] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this user's turn, drop the update if its sender is muted, else run it."""
        key = update_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                if self.drop_if is not None and self.drop_if(update):
                    _discard(coroutine)
                    return
                async with self._slots:
                    await coroutine
        finally:
            self._release(key)

    def waiting(self, key: int) -> int:
        """How many updates of `key` (a user or chat id) are queued or running."""
        return self._waiting.get(key, 0)

    def _release(self, key: int) -> None:
        self._waiting[key] -= 1
        if not self._waiting[key]:
            del self._waiting[key]
            del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _discard(coroutine: Awaitable[Any]) -> None:
    """Close a coroutine that will never run (no 'never awaited' warning)."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
