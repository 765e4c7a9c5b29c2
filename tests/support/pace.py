"""Pacing a simulated person to a real bot process's flood control (20 updates in 10 s).

A process keeps its flood control: a test that chats with `python bot.py` must stay under it.
Instead of pausing before every update, `FloodPace` waits only when the next update would be
over the limit within the window, counting every update the emulator received since it was made.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from emulator import BotApiEmulator

LIMIT = 20  # updates per window, as handlers/flood.py sets for the bot
WINDOW = 10.0  # seconds
MARGIN = 1  # an update fewer than the limit: the bot may read them a little later than sent


class FloodPace:
    """Room under the flood limit for one person, the only one writing to `emu`'s bot."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self._updates = emu.state.updates
        self._counted = self._updates.last_id
        self._times: deque[float] = deque()

    async def room(self) -> None:
        """Wait until one more update stays under the limit."""
        while True:
            now = self._note_new_updates()
            while self._times and now - self._times[0] >= WINDOW:
                self._times.popleft()
            if len(self._times) < LIMIT - MARGIN:
                return
            await asyncio.sleep(self._times[0] + WINDOW - now + 0.05)

    def _note_new_updates(self) -> float:
        # Noted when seen, after they were sent, as the bot notes them after fetching them;
        # MARGIN absorbs the bot reading them later still.
        now = time.monotonic()
        pushed = self._updates.last_id
        self._times.extend(now for _ in range(pushed - self._counted))
        self._counted = pushed
        return now
