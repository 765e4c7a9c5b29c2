"""The pending-update queue behind getUpdates, with long polling."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from typing import Any

from .errors import POLL_TERMINATED, ApiError
from .waiting import Signal


class UpdateQueue:
    """Updates wait here until a getUpdates call confirms them with a higher offset."""

    def __init__(self) -> None:
        self._pending: deque[dict[str, Any]] = deque()
        self._last_id = 0
        self._poll_generation = 0
        self._signal = Signal()
        self.allowed: frozenset[str] | None = None
        self.closing = False
        self.on_push: Callable[[], None] | None = None  # the webhook's wake-up, if any

    def push(self, kind: str, payload: dict[str, Any]) -> int | None:
        """Enqueue an update of `kind` ("message", ...); return its id, None if not allowed."""
        if self.allowed is not None and kind not in self.allowed:
            return None  # Telegram never stores updates the bot did not ask for
        self._last_id += 1
        self._pending.append({"update_id": self._last_id, kind: payload})
        self._signal.notify()
        if self.on_push is not None:
            self.on_push()
        return self._last_id

    def __len__(self) -> int:
        return len(self._pending)

    @property
    def last_id(self) -> int:
        """The id of the latest update pushed (how many there were), 0 before the first."""
        return self._last_id

    def drop_all(self) -> None:
        """Forget every pending update (deleteWebhook drop_pending_updates)."""
        self._pending.clear()

    def oldest(self, count: int) -> list[dict[str, Any]]:
        """The `count` oldest pending updates, oldest first (what a webhook has loaded)."""
        return list(itertools.islice(self._pending, count))

    def remove(self, update_id: int) -> None:
        """Forget one update, wherever it stands (a webhook answered it with 2xx)."""
        for index, update in enumerate(self._pending):
            if update["update_id"] == update_id:
                del self._pending[index]
                return

    def confirm(self, offset: int) -> None:
        """Apply getUpdates' offset: drop updates below it; negative keeps the last -offset."""
        if offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
            return
        while self._pending and self._pending[0]["update_id"] < offset:
            self._pending.popleft()

    async def poll(self, limit: int, timeout: float) -> list[dict[str, Any]]:
        """Return up to `limit` pending updates, holding the call up to `timeout` seconds."""
        self._poll_generation += 1
        generation = self._poll_generation
        self._signal.notify()  # a newer poll terminates an older one, as on Telegram
        await self._signal.wait_for(
            lambda: bool(self._pending) or self.closing or generation != self._poll_generation,
            timeout,
        )
        if generation != self._poll_generation and not self.closing:
            raise ApiError(409, POLL_TERMINATED)
        return list(itertools.islice(self._pending, limit))

    def wake_all(self) -> None:
        """Release every held long poll (used on shutdown)."""
        self._signal.notify()
