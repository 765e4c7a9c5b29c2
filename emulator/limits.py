"""Sliding-window flood limits like Telegram's 30 msg/s global and per-chat caps."""

from __future__ import annotations

import math
from collections import deque


class SlidingWindow:
    """Allow at most `capacity` events in any `window`-second span."""

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        # Below 1/s the window stretches so that one event per 1/rate seconds still fits.
        self.capacity = max(1, int(per_second))
        self.window = 1.0 if per_second >= 1 else 1.0 / per_second
        self._stamps: deque[float] = deque()

    def retry_after(self, now: float) -> int | None:
        """Seconds (≥ 1) to wait if one more event now would exceed the limit, else None."""
        while self._stamps and self._stamps[0] <= now - self.window:
            self._stamps.popleft()
        if len(self._stamps) < self.capacity:
            return None
        return max(1, math.ceil(self._stamps[0] + self.window - now))

    def record(self, now: float) -> None:
        """Count one event at `now`."""
        self._stamps.append(now)


class FloodControl:
    """The optional global window plus optional per-chat windows for outgoing messages."""

    def __init__(self, global_per_second: float | None, chat_per_second: float | None) -> None:
        self.global_window = SlidingWindow(global_per_second) if global_per_second else None
        self.chat_per_second = chat_per_second
        self._chats: dict[int, SlidingWindow] = {}

    def check(self, chat_id: int | None, now: float) -> tuple[str, int] | None:
        """Return ("global"|"chat", retry_after) when over a limit; otherwise count the send."""
        chat_window = self._chat_window(chat_id)
        for scope, window in (("global", self.global_window), ("chat", chat_window)):
            retry = window.retry_after(now) if window is not None else None
            if retry is not None:
                return scope, retry
        for window in (self.global_window, chat_window):
            if window is not None:
                window.record(now)
        return None

    def _chat_window(self, chat_id: int | None) -> SlidingWindow | None:
        if self.chat_per_second is None or chat_id is None:
            return None
        window = self._chats.get(chat_id)
        if window is None:
            window = self._chats[chat_id] = SlidingWindow(self.chat_per_second)
        return window
