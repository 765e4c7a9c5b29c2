"""Webhook push: how Telegram's Bot API server delivers updates to the URL of setWebhook.

Modelled on tdlib/telegram-bot-api (WebhookActor.cpp, and Client.cpp for the queues):
- Each update belongs to a queue (`queue_key`): a chat's messages, one person's button presses,
  and so on. Within a queue one update is in flight at a time; the next is sent only after a 2xx
  answer to it. That is how Telegram keeps a chat's order.
- Different queues are sent in parallel, up to `max_connections` requests at once, drawn from
  the 2 × max_connections oldest pending updates (what Telegram loads at a time).
- Anything but a 2xx answer is a failure: an error status, a refused or dropped connection, or no
  answer within `timeout`. The same update is sent again later, its queue waiting: at once after
  its first failure, then after 2, 4, 8 … seconds up to 60, or after the seconds of a
  `Retry-After` header (at most 3600). Telegram reads only that header, not a JSON body.

The emulator counts those seconds in units of `retry_base` (1.0: real seconds; tests shorten
them). Unlike Telegram's cloud it takes http:// URLs on any port, as `telegram-bot-api --local`
does, and it reaches loopback only: another host fails as unresolvable unless `route()`d to a
local server (a test's load balancer standing in for DNS and TLS).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .updates import UpdateQueue
from .waiting import Signal

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_MAX_CONNECTIONS = 40
MAX_CONNECTIONS = 100
MAX_RESEND_DELAY = 60  # WEBHOOK_MAX_RESEND_TIMEOUT (Telegram draws the cap from 60-120)
MAX_RETRY_AFTER = 3600
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
UNRESOLVED = "Failed to resolve host: Name or service not known"
REFUSED = "Connection refused"
TIMED_OUT = "Read timeout expired"
CLOSED = "Webhook connection closed"
ABANDONED = "abandoned: the webhook was deleted or changed"  # the emulator's own note

# Client.cpp's webhook_queue_id: which id an update is queued by, and in which family of queues
# (updates of different families never share a queue, even for the same chat or person).
_QUEUE_BY: dict[str, tuple[int, tuple[str, ...]]] = {
    "message": (0, ("chat", "id")), "edited_message": (0, ("chat", "id")),
    "channel_post": (0, ("chat", "id")), "edited_channel_post": (0, ("chat", "id")),
    "inline_query": (1, ("from", "id")), "chosen_inline_result": (2, ("from", "id")),
    "callback_query": (3, ("from", "id")), "shipping_query": (4, ("from", "id")),
    "pre_checkout_query": (4, ("from", "id")), "my_chat_member": (5, ("chat", "id")),
    "chat_member": (6, ("old_chat_member", "user", "id")),
    "chat_join_request": (6, ("from", "id")), "chat_boost": (7, ("chat", "id")),
    "removed_chat_boost": (7, ("chat", "id")), "message_reaction": (8, ("chat", "id")),
    "message_reaction_count": (9, ("chat", "id")),
    "business_connection": (10, ("user", "id")), "business_message": (11, ("chat", "id")),
    "edited_business_message": (11, ("chat", "id")),
    "deleted_business_messages": (11, ("chat", "id")),
    "purchased_paid_media": (12, ("from", "id")), "poll": (-1, ("id",)),
    "poll_answer": (-1, ("poll_id",)),
}


def queue_key(update: dict[str, Any]) -> Hashable:
    """The queue Telegram puts this update in; an update of no known kind has its own."""
    for kind, payload in update.items():
        rule = _QUEUE_BY.get(kind)
        if rule is None or not isinstance(payload, dict):
            continue
        family, path = rule
        value: Any = payload
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        if value is not None:
            return (family, value)
    return ("unique", update["update_id"])


@dataclass
class WebhookAttempt:
    """One POST of one update to the webhook, as a test reads it afterwards."""

    update_id: int
    queue: Hashable
    started: float  # time.monotonic()
    ended: float | None = None
    status: int | None = None  # None: no HTTP answer (refused, dropped, timed out)
    error: str | None = None  # getWebhookInfo's last_error_message for this failure
    retry_in: float | None = None  # seconds until the update was due again (failures only)

    @property
    def ok(self) -> bool:
        """Answered with 2xx: the update is delivered and forgotten."""
        return self.status is not None and 200 <= self.status <= 299


@dataclass
class _Retry:
    """Telegram's per-update resend state (Update::delay_, fail_count_, wakeup_at_)."""

    delay: int = 1
    fails: int = 0
    wakeup_at: float = 0.0  # loop time


@dataclass(frozen=True)
class _Answer:
    status: int | None
    error: str | None
    retry_after: int = 0


class Webhook:
    """The webhook set by setWebhook, and the pushing of pending updates to it."""

    def __init__(self, updates: UpdateQueue) -> None:
        self.updates = updates
        self.url = ""
        self.secret = ""
        self.max_connections = DEFAULT_MAX_CONNECTIONS
        self.timeout = 60.0  # seconds for one POST to be answered
        self.retry_base = 1.0  # real seconds per second of Telegram's resend schedule
        self.routes: dict[str, str] = {}
        self.attempts: list[WebhookAttempt] = []
        self.last_error_date = 0
        self.last_error_message = ""
        self._retries: dict[int, _Retry] = {}
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._changed = Signal()
        self._kick = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        updates.on_push = self._wake

    @property
    def in_flight(self) -> int:
        """Updates posted and not answered yet."""
        return len(self._in_flight)

    def route(self, host: str, base_url: str) -> None:
        """Deliver to `host` (the webhook URL's host name) at `base_url` instead, path kept."""
        self.routes[host.lower()] = base_url.rstrip("/")

    def deliveries(self) -> dict[int, list[WebhookAttempt]]:
        """Attempts per update id, in the order each update was first sent."""
        grouped: dict[int, list[WebhookAttempt]] = {}
        for attempt in self.attempts:
            grouped.setdefault(attempt.update_id, []).append(attempt)
        return grouped

    def info(self) -> dict[str, Any]:
        """getWebhookInfo's result, with the fields Telegram leaves out when unset."""
        info: dict[str, Any] = {"url": self.url, "has_custom_certificate": False,
                                "pending_update_count": len(self.updates)}
        if self.last_error_date:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        if self.url:
            info["max_connections"] = self.max_connections
        return info

    async def set(self, url: str, secret: str, max_connections: int, *,
                  drop_pending: bool = False) -> None:
        """setWebhook: (re)start pushing; a changed webhook abandons what is in flight."""
        config = (url, secret, max_connections)
        if config == (self.url, self.secret, self.max_connections) and not drop_pending:
            return  # Telegram: "Webhook is already set", nothing restarts
        await self.delete(drop_pending=drop_pending)
        self.url, self.secret, self.max_connections = config
        self.resume()

    async def delete(self, *, drop_pending: bool = False) -> None:
        """deleteWebhook: stop pushing; pending updates wait for getUpdates again, unless
        dropped."""
        await self.halt()
        self.url, self.secret, self.max_connections = "", "", DEFAULT_MAX_CONNECTIONS
        self.last_error_date, self.last_error_message = 0, ""
        self._retries.clear()
        if drop_pending:
            self.updates.drop_all()
            self._changed.notify()

    def resume(self) -> None:
        """Start pushing, if a webhook is set (the emulator is serving)."""
        if self.url and self._runner is None:
            self._kick = asyncio.Event()  # bound to the loop that serves, not the creator's
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
            self._runner = asyncio.create_task(self._run(), name="emulator-webhook")
            self._runner.add_done_callback(_log_crash)

    async def halt(self) -> None:
        """Stop pushing: cancel the loop and every POST in flight (their updates stay)."""
        tasks = [*self._in_flight.values(), *([self._runner] if self._runner else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)  # a crash was logged already
        self._in_flight.clear()
        self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._changed.notify()

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until no update is pending or in flight; TimeoutError (saying why) if not."""
        await self.wait_for(lambda: not len(self.updates) and not self._in_flight, timeout,
                            "idle")

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0,
                       what: str = "the condition") -> None:
        """Wait until `predicate()` holds, checked after every push and every answered POST."""
        if not await self._changed.wait_for(predicate, timeout):
            raise TimeoutError(
                f"webhook: {what} not reached within {timeout}s: {len(self.updates)} updates"
                f" pending, {len(self._in_flight)} in flight, {len(self.attempts)} attempts,"
                f" last error: {self.last_error_message!r}")

    def _wake(self) -> None:
        self._kick.set()
        self._changed.notify()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._kick.clear()
            wakeup_at = self._dispatch(loop.time())
            timeout = None if wakeup_at is None else max(0.0, wakeup_at - loop.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), timeout)

    def _dispatch(self, now: float) -> float | None:
        """Post every due queue head that a free connection can take; return the next due time."""
        heads = sorted(self._queue_heads(), key=lambda u: (self._due(u), u["update_id"]))
        for update in heads:
            if len(self._in_flight) >= self.max_connections:
                return None  # a finished POST wakes the loop
            if self._due(update) > now:
                return self._due(update)
            self._post(update)
        return None

    def _queue_heads(self) -> list[dict[str, Any]]:
        """The oldest loaded update of each queue, unless it is in flight already."""
        heads: dict[Hashable, dict[str, Any]] = {}
        for update in self.updates.oldest(2 * self.max_connections):
            heads.setdefault(queue_key(update), update)
        return [u for u in heads.values() if u["update_id"] not in self._in_flight]

    def _due(self, update: dict[str, Any]) -> float:
        retry = self._retries.get(update["update_id"])
        return 0.0 if retry is None else retry.wakeup_at

    def _post(self, update: dict[str, Any]) -> None:
        attempt = WebhookAttempt(update["update_id"], queue_key(update), time.monotonic())
        self.attempts.append(attempt)
        self._in_flight[attempt.update_id] = asyncio.create_task(self._deliver(update, attempt))

    async def _deliver(self, update: dict[str, Any], attempt: WebhookAttempt) -> None:
        try:
            answer = await self._send(update)
        except asyncio.CancelledError:
            attempt.ended, attempt.error = time.monotonic(), ABANDONED
            raise
        except Exception as exc:  # an emulator bug: a failed POST, rather than a stuck queue
            log.exception("webhook: posting update %s failed", attempt.update_id)
            answer = _Answer(None, f"emulator error: {exc!r}")
        attempt.ended, attempt.status, attempt.error = time.monotonic(), answer.status, answer.error
        if attempt.ok:
            self.updates.remove(attempt.update_id)
            self._retries.pop(attempt.update_id, None)
        else:
            attempt.retry_in = self._failed(attempt.update_id, answer)
        del self._in_flight[attempt.update_id]
        self._wake()

    async def _send(self, update: dict[str, Any]) -> _Answer:
        """One POST of the update; what came of it."""
        target = self._target()
        if target is None or self._session is None:
            return _Answer(None, UNRESOLVED)
        body = json.dumps(update, ensure_ascii=False).encode()
        try:
            async with self._session.post(
                target, data=body, headers=self._headers(),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                await response.read()  # a 2xx counts only once the whole answer has come
        except TimeoutError:
            return _Answer(None, TIMED_OUT)
        except aiohttp.ClientConnectorError:
            return _Answer(None, REFUSED)
        except aiohttp.ClientError:
            return _Answer(None, CLOSED)
        if 200 <= response.status <= 299:
            return _Answer(response.status, None)
        error = f"Wrong response from the webhook: {response.status} {response.reason}"
        return _Answer(response.status, error, _retry_after(response.headers.get("Retry-After")))

    def _target(self) -> str | None:
        """Where a POST for the webhook URL goes: its route, itself on loopback, or nowhere."""
        parts = urlsplit(self.url)
        host = (parts.hostname or "").lower()
        if host in self.routes:
            query = f"?{parts.query}" if parts.query else ""
            return f"{self.routes[host]}{parts.path or '/'}{query}"
        return self.url if host in LOOPBACK else None

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Host": urlsplit(self.url).hostname or ""}
        if self.secret:
            headers[SECRET_HEADER] = self.secret
        return headers

    def _failed(self, update_id: int, answer: _Answer) -> float:
        """WebhookActor::on_update_error: when the update is due again; the wait in seconds."""
        retry = self._retries.setdefault(update_id, _Retry())
        wait = min(answer.retry_after, MAX_RETRY_AFTER)
        if wait == 0 and retry.fails > 0:
            retry.delay = min(MAX_RESEND_DELAY, retry.delay * 2)
            wait = retry.delay
        retry.fails += 1
        seconds = wait * self.retry_base
        retry.wakeup_at = asyncio.get_running_loop().time() + seconds
        self.last_error_date = int(time.time())
        self.last_error_message = answer.error or ""
        return seconds


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("webhook: pushing stopped", exc_info=task.exception())


def _retry_after(value: str | None) -> int:
    """HttpQuery::get_retry_after: a whole number of seconds, else none."""
    try:
        return max(0, int(value or "0"))
    except ValueError:
        return 0
