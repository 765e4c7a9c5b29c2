"""Outgoing requests survive Telegram's 429s and what never reached it, and are counted in the
budget the delivery engine shares with them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, Protocol

import httpx
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
# httpx errors raised before any byte of the request left: repeating it cannot duplicate it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Requests that post a message: they count in Telegram's limits, and must not be repeated when
# they may have arrived.
_MESSAGE_PREFIXES = ("send", "copyMessage", "forwardMessage")


class Budget(Protocol):
    """Where the bot's own messages are counted (the delivery engine's pacer)."""

    @property
    def sleep(self) -> Callable[[float], Awaitable[None]]:
        """How to wait on its clock (tests speed it up)."""
        ...

    async def reply(self, chat_id: int | None = None) -> int:
        """Count one message as it leaves (waiting for room if need be); return its ticket."""
        ...

    def answered(self, ticket: int) -> None:
        """The message's request was answered (or failed)."""
        ...


def is_server_error(exc: BaseException) -> bool:
    """True for a 5xx answer (PTB raises it as a bare NetworkError, with no cause)."""
    return type(exc) is NetworkError and exc.__cause__ is None


def never_sent(exc: BaseException) -> bool:
    """True when the request surely did not leave: the connection was never made."""
    return isinstance(exc, NetworkError | TimedOut) and isinstance(exc.__cause__, _NOT_SENT)


def posts_message(endpoint: str) -> bool:
    """Whether a Bot API method sends a message (sendChatAction does not)."""
    return endpoint.startswith(_MESSAGE_PREFIXES) and endpoint != "sendChatAction"


class RetryingLimiter(BaseRateLimiter[int]):
    """Count each message in the shared budget, retry after the delay a 429 names (in full),
    and retry what surely did not arrive.

    Replies are not paced: they go out at once, and the engine leaves them room. A request that
    may have arrived (a timeout, a connection lost midway) is never repeated; a 5xx answer is
    Telegram saying it did not handle the request, and is repeated with backoff (as the
    delivery engine does).
    """

    def __init__(self, max_retries: int = 5, backoff: float = 0.2,
                 budget: Budget | None = None) -> None:
        self.max_retries = max_retries
        self.backoff = backoff
        self.budget = budget

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
            ticket = await self._count(endpoint, data)
            try:
                return await callback(*args, **kwargs)
            except (RetryAfter, NetworkError) as exc:
                failure = exc
            finally:
                if ticket is not None and self.budget is not None:
                    self.budget.answered(ticket)
            delay = self._retry_delay(failure, attempt)
            if delay is None or attempt >= retries:
                raise failure
            log.info("%s failed (%s); retry %d in %.1f s", endpoint, failure, attempt + 1, delay)
            await (self.budget.sleep(delay) if self.budget else asyncio.sleep(delay))
            attempt += 1

    async def _count(self, endpoint: str, data: dict[str, Any]) -> int | None:
        """Count a message in the budget as it leaves; its ticket (None: not counted)."""
        if self.budget is None or not posts_message(endpoint):
            return None
        chat_id = data.get("chat_id")
        return await self.budget.reply(chat_id if isinstance(chat_id, int) else None)

    def _retry_delay(self, exc: Exception, attempt: int) -> float | None:
        """Seconds to wait before retrying `exc`, or None when it must not be retried."""
        if isinstance(exc, RetryAfter):
            return seconds(exc.retry_after)  # all of it: an early retry is refused again
        if never_sent(exc) or is_server_error(exc):
            return self.backoff * 2**attempt
        return None


def seconds(value: float | timedelta) -> float:
    """Seconds in a retry_after, which PTB gives as int or timedelta depending on its settings."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
