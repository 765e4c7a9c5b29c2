"""A clock whose seconds pass faster than real ones, shared by the bot's pacing and the emulator's
flood limits, so that a broadcast to a thousand people is checked at Telegram's pace in seconds."""

from __future__ import annotations

import asyncio
import time

from announcements import Clock


class FastClock:
    """Virtual seconds, `speed` of them per real second."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.speed

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self.speed)

    def real(self, seconds: float) -> float:
        """Real seconds that `seconds` virtual ones take."""
        return seconds / self.speed

    @property
    def clock(self) -> Clock:
        """The same clock in the form the delivery engine takes."""
        return Clock(self.now, self.sleep)
