"""Fault injection: scripted one-shot failures and random 5xx/429/latency."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from .errors import ApiError, too_many_requests


@dataclass
class FaultPlan:
    """Random faults applied to requests; mutate fields freely while running."""

    error_5xx_rate: float = 0.0
    rate_429: float = 0.0
    retry_after: int = 1
    latency: float = 0.0
    latency_jitter: float = 0.0
    seed: int | None = None
    methods: frozenset[str] | None = None

    def applies_to(self, method: str) -> bool:
        """Whether random faults target `method` (None means all but getUpdates)."""
        if self.methods is None:
            return method != "getUpdates"
        return method.lower() in {m.lower() for m in self.methods}


@dataclass
class _Scripted:
    status: int
    description: str
    retry_after: int | None
    remaining: int


class FaultInjector:
    """Decides, before any effect, whether a request fails and how long it is delayed."""

    def __init__(self, plan: FaultPlan) -> None:
        self.plan = plan
        self._rng = random.Random(plan.seed)
        self._seed = plan.seed
        self._scripted: dict[str, deque[_Scripted]] = {}

    def fail_next(
        self, method: str, status: int, description: str, retry_after: int | None, count: int
    ) -> None:
        """Queue `count` failures for the next calls of `method` ("*" matches any)."""
        rule = _Scripted(status, description, retry_after, count)
        self._scripted.setdefault(method.lower(), deque()).append(rule)

    def delay(self) -> float:
        """Seconds to sleep before answering this request."""
        self._reseed_if_changed()
        jitter = self.plan.latency_jitter
        return self.plan.latency + (self._rng.uniform(0, jitter) if jitter > 0 else 0.0)

    def check(self, method: str) -> ApiError | None:
        """Return the error this call must fail with, or None."""
        scripted = self._pop_scripted(method.lower()) or self._pop_scripted("*")
        if scripted is not None or not self.plan.applies_to(method):
            return scripted
        self._reseed_if_changed()
        roll = self._rng.random()
        if roll < self.plan.error_5xx_rate:
            status = self._rng.choice((500, 502))
            text = "Internal Server Error" if status == 500 else "Bad Gateway"
            return ApiError(status, text)
        if roll < self.plan.error_5xx_rate + self.plan.rate_429:
            return too_many_requests(max(1, int(self.plan.retry_after)))
        return None

    def _pop_scripted(self, key: str) -> ApiError | None:
        queue = self._scripted.get(key)
        if not queue:
            return None
        rule = queue[0]
        rule.remaining -= 1
        if rule.remaining <= 0:
            queue.popleft()
        return ApiError(rule.status, rule.description, retry_after=rule.retry_after)

    def _reseed_if_changed(self) -> None:
        # FaultPlan is mutable: honour a seed assigned after construction.
        if self.plan.seed != self._seed:
            self._seed = self.plan.seed
            self._rng.seed(self._seed)
