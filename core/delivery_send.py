"""One delivery's requests, and what each failure means for it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from core.delivery_message import Part
from core.delivery_pacing import Pacer
from core.retry import seconds

log = logging.getLogger(__name__)

MAX_429 = 10  # a delivery refused this often is given up (Telegram is not letting us through)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # sent, failed, blocked or unknown
    message_id: int | None = None
    error: str | None = None
    retries: int = 0


def verdict(exc: TelegramError) -> str:
    """'blocked', 'unknown', 'retry' or 'failed' for a request that did not succeed."""
    if isinstance(exc, Forbidden):
        return "blocked"  # blocked by the user, or the account is deactivated
    if isinstance(exc, BadRequest):
        return "blocked" if "chat not found" in exc.message.lower() else "failed"
    if isinstance(exc, TimedOut | NetworkError):
        # A request that never left is safe to repeat; one that may have arrived is not.
        never_sent = exc.__cause__ is None and not isinstance(exc, TimedOut)
        return "retry" if never_sent or isinstance(exc.__cause__, _NOT_SENT) else "unknown"
    return "failed"


async def send_part(bot: Bot, chat_id: int, part: Part) -> int:
    """Send one message of a delivery; return its message id."""
    if part.photo is not None:
        message = await bot.send_photo(chat_id, part.photo, caption=part.text or None,
                                       parse_mode=ParseMode.HTML, reply_markup=part.markup)
    else:
        message = await bot.send_message(chat_id, part.text, parse_mode=ParseMode.HTML,
                                         reply_markup=part.markup)
    return message.message_id


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
                    return Outcome("failed", message_id, str(exc), refused + errors)
            except TelegramError as exc:
                kind = verdict(exc)
                if kind != "retry" or errors >= self.retries:
                    status = "failed" if kind == "retry" else kind
                    return Outcome(status, message_id, exc.message[:200], refused + errors)
                errors += 1
                await self.pacer.sleep(self.backoff * 2 ** (errors - 1))
            else:
                index += 1
                if index == len(parts):
                    break
            await self.pacer.acquire(chat_id)
        return Outcome("sent", message_id, None, refused + errors)
