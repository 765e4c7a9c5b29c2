"""One delivery's requests, and what each failure means for it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from announcements.message import Part, send_part
from announcements.pacing import Pacer
from core.retry import never_sent, seconds
from storage.announcements import DeliveryStatus

log = logging.getLogger(__name__)

MAX_429 = 10  # a delivery refused this often is given up (Telegram is not letting us through)


@dataclass(frozen=True, slots=True)
class Outcome:
    status: DeliveryStatus  # sent, failed, blocked or unknown
    message_id: int | None = None
    error: str | None = None
    retries: int = 0
    transient: bool = False  # Telegram did not take it this time: worth trying again later


def verdict(exc: TelegramError) -> DeliveryStatus | Literal["retry"]:
    """Blocked, unknown, failed, or "retry" for a request that did not succeed."""
    if isinstance(exc, Forbidden):
        return DeliveryStatus.BLOCKED  # blocked by the user, or the account is deactivated
    if isinstance(exc, BadRequest):
        gone = "chat not found" in exc.message.lower()
        return DeliveryStatus.BLOCKED if gone else DeliveryStatus.FAILED
    if isinstance(exc, TimedOut | NetworkError):
        # A request that never left (or a 5xx answer) is safe to repeat; one that may have
        # arrived is not.
        server_error = exc.__cause__ is None and not isinstance(exc, TimedOut)
        if server_error or never_sent(exc):
            return "retry"
        return DeliveryStatus.UNKNOWN
    return DeliveryStatus.FAILED


class Sender:
    """Sends a delivery's parts, honouring 429s and retrying what never reached Telegram."""

    def __init__(self, bot: Bot, pacer: Pacer, retries: int = 3, backoff: float = 0.5) -> None:
        self.bot, self.pacer, self.retries, self.backoff = bot, pacer, retries, backoff

    async def deliver(self, chat_id: int, parts: list[Part]) -> Outcome:
        """Send every part; the caller has taken the pacer's slot for the first one."""
        index, message_id, refused, errors = 0, None, 0, 0
        while index < len(parts):
            try:
                message_id = await send_part(self.bot, chat_id, parts[index])
            except RetryAfter as exc:
                refused += 1
                self.pacer.pause(seconds(exc.retry_after))
                if refused >= MAX_429:
                    return Outcome(DeliveryStatus.FAILED, message_id, str(exc),
                                   refused + errors, transient=True)
            except TelegramError as exc:
                kind = verdict(exc)
                if kind != "retry" or errors >= self.retries:
                    status = DeliveryStatus.FAILED if kind == "retry" else kind
                    transient = kind in ("retry", DeliveryStatus.UNKNOWN)
                    return Outcome(status, message_id, exc.message[:200], refused + errors,
                                   transient)
                errors += 1
                await self.pacer.sleep(self.backoff * 2 ** (errors - 1))
            else:
                index += 1
                if index == len(parts):
                    break
            await self.pacer.acquire(chat_id)
        return Outcome(DeliveryStatus.SENT, message_id, None, refused + errors)
