"""Per-user flood control: a sliding window of update times and a short cool-down."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"  # first update over the limit: tell the user once, then drop
    DROP = "drop"


@dataclass(slots=True)
class _Window:
    times: deque[float] = field(default_factory=deque)
    muted_until: float = 0.0


class FloodGate:
    """Allow at most `limit` updates per `window` seconds per user, then mute for `cooldown`."""

    def __init__(
        self,
        limit: int = 20,
        window: float = 10.0,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.cooldown = limit, window, cooldown
        self._clock = clock
        self._windows: dict[int, _Window] = {}

    def is_muted(self, user_id: int) -> bool:
        """Whether `user_id` is in a cool-down now (nothing is recorded)."""
        state = self._windows.get(user_id)
        return state is not None and self._clock() < state.muted_until

    def check(self, user_id: int) -> Verdict:
        """Record one update from `user_id` and say what to do with it."""
        now = self._clock()
        state = self._windows.setdefault(user_id, _Window())
        if now < state.muted_until:
            return Verdict.DROP
        times = state.times
        while times and now - times[0] >= self.window:
            times.popleft()
        times.append(now)
        if len(times) <= self.limit:
            return Verdict.ALLOW
        state.muted_until = now + self.cooldown
        times.clear()
        return Verdict.WARN

    def forget_idle(self) -> None:
        """Drop the state of users quiet for a whole window (keeps memory flat)."""
        now = self._clock()
        idle = [uid for uid, s in self._windows.items()
                if now >= s.muted_until and (not s.times or now - s.times[-1] >= self.window)]
        for uid in idle:
            del self._windows[uid]
