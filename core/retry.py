"""Outgoing requests survive Telegram's 429s and transient 5xx answers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


def is_server_error(exc: BaseException) -> bool:
    """True for a 5xx answer (PTB raises as a bare NetworkError)."""
    return type(exc) is NetworkError


class RetryingLimiter(BaseRateLimiter[int]):
    """Retry after the delay a 429 names, and a few times with backoff after a 5xx.

    It does not pace requests: interactive replies go out at once, and the announcement engine
    paces itself. A timeout is never retried, since the request may have been delivered.
    """

    def __init__(self, max_retries: int = 5, backoff: float = 0.2, max_wait: float = 60.0) -> None:
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """Call the API, retrying what Telegram says may be retried."""
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        attempt = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except (RetryAfter, NetworkError) as exc:
                delay = self._retry_delay(exc, attempt)
                if delay is None or attempt >= retries:
                    raise
                log.info("%s failed (%s); retry %d in %.1f s", endpoint, exc, attempt + 1, delay)
                await asyncio.sleep(delay)
                attempt += 1

    def _retry_delay(self, exc: Exception, attempt: int) -> float | None:
        """Seconds to wait before retrying `exc`, or None when it must not be retried."""
        if isinstance(exc, RetryAfter):
            return min(seconds(exc.retry_after), self.max_wait)
        if is_server_error(exc):
            return self.backoff * 2**attempt
        return None


def seconds(value: float | timedelta) -> float:
    """Seconds in a retry_after, which PTB gives as int or timedelta depending on its settings."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
