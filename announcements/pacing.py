"""One budget for Telegram's limits: the bot's replies and the delivery engine share a sliding
one-second window. Replies are counted as they go and never wait for the engine; the engine
takes what is left (a token bucket under a hard cap that shrinks while people chat), spaces
messages per chat, and pauses after Telegram answers 429.

Telegram counts a message when it arrives, somewhere between our sending it and its answer. A
reply therefore counts from when it leaves until a window after its answer: requests that
took their time (a busy machine, several workers' messages crossing) cannot crowd one of
Telegram's seconds past the limit."""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

EPSILON = 1e-6  # below this a wait is float noise
WINDOW = 1.005  # Telegram counts messages per sliding second; a hair more absorbs jitter
TELEGRAM_LIMIT = 30  # messages per second to all chats, free of charge
HEADROOM = 2  # slots per second the engine always leaves to replies
CHATTING = 1.0  # seconds a reply keeps its room reserved: a person chatting writes again
IN_FLIGHT_POLL = 0.01  # seconds between looks when every counted message is still unanswered


@dataclass(frozen=True, slots=True)
class Clock:
    """Where the engine reads the time and waits: real time, or a faster one in tests."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


REAL_TIME = Clock()


class Pacer:
    """Hands out send slots at `rate` per second, at most one per `per_chat` seconds a chat.

    The bucket holds `burst` tokens so a late wake-up can catch up, while the cap keeps any
    one-second window at `floor(rate)` sends. Replies (`reply`) are counted in the same window:
    the engine leaves `HEADROOM` slots free, and one more than the replies of the last
    `CHATTING` seconds when people chat more, so that a reply finds room at once and
    Telegram's `limit` is never passed.
    """

    def __init__(self, rate: float = 28.0, *, burst: float = 2.0, per_chat: float = 1.0,
                 limit: int = TELEGRAM_LIMIT,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate, self.burst, self.per_chat = rate, burst, per_chat
        self.cap = max(1, math.floor(rate))
        self.limit = max(limit, 1)
        self._whole = (rate, self.limit)
        self.shared_by = 1  # workers sharing the bot's budget
        self.clock, self.sleep = clock, sleep
        self.paused_until = 0.0
        self.replies = 0  # counted since start, for benchmarks and tests
        self._tokens = 1.0
        self._refilled = clock()
        self._recent: deque[float] = deque()  # when each message left (or was answered)
        self._flying: dict[int, float] = {}  # replies sent and not answered yet, by ticket
        self._tickets = itertools.count()
        self._replied: deque[float] = deque()
        self._chats: dict[int, float] = {}
        self._lock = asyncio.Lock()

    def share(self, workers: int) -> None:
        """Use one worker's part of the budget when `workers` share one bot: Telegram's limit
        is the bot's, so the parts together never pass it."""
        rate, limit = self._whole
        self.shared_by = workers
        self.rate = rate / max(workers, 1)
        self.cap = max(1, math.floor(self.rate))
        self.limit = max(1, limit // max(workers, 1))

    async def reply(self, chat_id: int | None = None) -> int:
        """Count one of the bot's own messages (a reply); wait only if the window is full.
        Return its ticket: `answered(ticket)` once Telegram has answered its request."""
        while (wait := self._reply_wait(self.clock())) > 0:
            await self.sleep(wait)
        now = self.clock()
        ticket = next(self._tickets)
        self._flying[ticket] = now
        self._replied.append(now)
        self.replies += 1
        if chat_id is not None:
            self._chats[chat_id] = now
        return ticket

    def answered(self, ticket: int) -> None:
        """The reply's request was answered: Telegram counted it at some moment since it left,
        so it counts for a whole window from now."""
        if self._flying.pop(ticket, None) is not None:
            self._recent.append(self.clock())

    def _counted(self) -> int:
        """Messages in the current window, replies still in flight included."""
        return len(self._recent) + len(self._flying)

    def _reply_wait(self, now: float) -> float:
        self._expire(now)
        if self._counted() < self.limit:
            return 0.0
        if not self._recent:
            return IN_FLIGHT_POLL  # the window holds only unanswered replies
        return max(self._recent[0] + WINDOW - now, EPSILON)

    def engine_cap(self, now: float) -> int:
        """Sends the engine may have in the current window: what replies leave."""
        while self._replied and self._replied[0] <= now - CHATTING:
            self._replied.popleft()
        # The headroom covers a reply a second; more replies take room from the engine.
        reserved = max(HEADROOM, len(self._replied) + 1)
        return max(1, min(self.cap, self.limit - reserved))

    def pause(self, seconds: float) -> None:
        """Send nothing for `seconds` (a 429's retry_after)."""
        self.paused_until = max(self.paused_until, self.clock() + seconds)

    def chat_wait(self, chat_id: int | None, now: float) -> float:
        """Seconds until `chat_id` may receive again."""
        last = self._chats.get(chat_id) if chat_id is not None else None
        return 0.0 if last is None else max(0.0, last + self.per_chat - now)

    def global_wait(self, now: float) -> float:
        """Seconds until the next send is allowed overall."""
        self._refill(now)
        self._expire(now)
        waits = [self.paused_until - now, (1.0 - self._tokens) / self.rate]
        cap = self.engine_cap(now)
        if (surplus := self._counted() - cap) >= 0:
            # Room comes when the (surplus + 1)-th oldest message leaves the window.
            waits.append(self._recent[surplus] + WINDOW - now if surplus < len(self._recent)
                         else IN_FLIGHT_POLL)
        wait = max(waits)
        return wait if wait > EPSILON else 0.0

    def take(self, now: float, chat_id: int | None = None) -> None:
        """Count one send at `now`."""
        self._refill(now)
        self._tokens -= 1.0
        self._recent.append(now)
        if chat_id is not None:
            self._chats[chat_id] = now
            if len(self._chats) > 4096:
                self._forget_chats(now)

    async def acquire(self, chat_id: int | None = None) -> None:
        """Wait for a slot for one message (to `chat_id`, if given) and take it."""
        while True:
            # Waiting for one chat must not hold back the others: it happens outside the lock.
            await self.sleep(self.chat_wait(chat_id, self.clock()))
            async with self._lock:
                while (wait := self.global_wait(self.clock())) > 0:
                    await self.sleep(wait)
                now = self.clock()
                if self.chat_wait(chat_id, now) <= 0:
                    self.take(now, chat_id)
                    return

    def _expire(self, now: float) -> None:
        while self._recent and self._recent[0] <= now - WINDOW + EPSILON:
            self._recent.popleft()

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._refilled)
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        self._refilled = now

    def _forget_chats(self, now: float) -> None:
        self._chats = {c: t for c, t in self._chats.items() if t + self.per_chat > now}
