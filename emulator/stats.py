"""Counters and the call log that tests and benchmarks read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiCall:
    """One recorded Bot API request."""

    method: str
    params: dict[str, Any]
    status: int
    time: float
    description: str | None = None


@dataclass
class EmulatorStats:
    """Request and outcome counters; `reset()` zeroes them all."""

    requests: Counter[str] = field(default_factory=Counter)
    injected_429: int = 0
    global_limit_429: int = 0
    chat_limit_429: int = 0
    injected_5xx: int = 0
    blocked_403: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    sent_per_chat: Counter[int] = field(default_factory=Counter)

    @property
    def total_requests(self) -> int:
        """All requests, every method."""
        return sum(self.requests.values())

    @property
    def messages_sent(self) -> int:
        """Messages delivered, all chats."""
        return sum(self.sent_per_chat.values())

    @property
    def rate_limited(self) -> int:
        """All 429 answers, injected or from the limits."""
        return self.injected_429 + self.global_limit_429 + self.chat_limit_429

    def reset(self) -> None:
        """Zero every counter."""
        fresh = EmulatorStats()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))
