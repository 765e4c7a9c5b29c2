"""The delivery engine: a background task that sends confirmed broadcasts at Telegram's pace.

It sends through its own `telegram.Bot`, outside the application's retrying rate limiter:
it paces itself and must see every 429 (PTB drops `rate_limit_args=0`, so retries cannot be
switched off per call). A delivery is marked `sending` before its request and `sent` right
after; on start, rows left `sending` by a crash become `unknown` and are never resent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.ext import Application
from telegram.request import HTTPXRequest

from core.context import SERVICES_KEY, Services
from core.delivery_api import BroadcastDenied, confirm, create_broadcast, sender_scope
from core.delivery_message import Part, parts, recipient_markup
from core.delivery_pacing import REAL_TIME, Clock, Pacer
from core.delivery_progress import Reporter
from core.delivery_send import Outcome, Sender
from core.i18n import Translator
from storage.broadcasts import Audience, Broadcast, BroadcastsRepo, Delivery

__all__ = ["Audience", "BroadcastDenied", "DeliveryEngine", "EngineConfig", "confirm",
           "create_broadcast", "engine_of", "sender_scope", "start_delivery", "stop_delivery"]

log = logging.getLogger(__name__)
ENGINE_KEY = "delivery_engine"
MarkupFactory = Callable[[Broadcast], InlineKeyboardMarkup | None]
LocalizedMarkupFactory = Callable[[Broadcast, Translator], InlineKeyboardMarkup | None]


@dataclass(frozen=True, slots=True)
class EngineConfig:
    rate: float = 28.0  # messages per second, all broadcasts; Telegram allows about 30
    per_chat: float = 1.0  # seconds between two messages to one chat
    concurrency: int = 8  # requests in flight
    progress_every: float = 2.0
    retries: int = 3  # for 5xx and requests that never left
    backoff: float = 0.5
    batch: int = 200
    idle_poll: float = 5.0  # seconds between looks for work when nobody wakes the engine


@dataclass
class Run:
    """One broadcast being sent by this process."""

    broadcast: Broadcast
    reporter: Reporter
    cancelled: bool = False
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    by_locale: dict[str, list[Part]] = field(default_factory=dict)


class DeliveryEngine:
    """Sends broadcasts whose status is `sending`, one at a time, oldest first."""

    def __init__(self, config: EngineConfig | None = None, *, clock: Clock = REAL_TIME) -> None:
        self.config = config or EngineConfig()
        self.pacer = Pacer(self.config.rate, per_chat=self.config.per_chat, clock=clock.now,
                           sleep=clock.sleep)
        self.markup_for: MarkupFactory | None = None  # a training's RSVP buttons
        self.localized_markup_for: LocalizedMarkupFactory | None = None  # the same, translated
        self.current: Run | None = None
        self._services: Services | None = None
        self._request: HTTPXRequest | None = None
        self._sender: Sender | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(self.config.concurrency)
        self._stopping = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def repo(self) -> BroadcastsRepo:
        assert self._services is not None
        return self._services.repo.broadcasts  # type: ignore[attr-defined,no-any-return]

    def wake(self) -> None:
        """Look for work now (a broadcast was confirmed or cancelled)."""
        self._wake.set()

    def cancel(self, broadcast_id: int) -> bool:
        """Stop sending `broadcast_id`; True if this engine is sending it and will report."""
        run = self.current
        if run is None or run.broadcast.id != broadcast_id:
            return False
        run.cancelled = True
        return True

    async def start(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Start the background task (after storage is open); resumes unfinished broadcasts."""
        if self.running:
            return
        self._request = HTTPXRequest(connection_pool_size=self.config.concurrency + 2)
        token = app.bot.token
        bot = Bot(token, base_url=app.bot.base_url.replace(token, "{token}"),
                  request=self._request, get_updates_request=self._request)
        self.launch(app.bot_data[SERVICES_KEY], bot)

    def launch(self, services: Services, bot: Bot) -> None:
        """Start sending through `bot` (start() makes one like the application's)."""
        self._services = services
        self._sender = Sender(bot, self.pacer, self.config.retries, self.config.backoff)
        self.repo.listeners.append(self.wake)
        self._stopping = False
        self._task = asyncio.create_task(self._main(), name="delivery-engine")

    async def stop(self, timeout: float = 5.0) -> None:
        """Let requests in flight finish (up to `timeout`), then stop; the rest resumes later."""
        if self._task is None:
            return
        self._stopping = True
        self.wake()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout)
        except Exception:  # timed out (a long 429 pause, say): cut the requests in flight
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self._task = None
        with contextlib.suppress(ValueError):
            self.repo.listeners.remove(self.wake)
        if self._request is not None:
            await self._request.shutdown()
            self._request = None

    async def _main(self) -> None:
        interrupted = await self.repo.interrupt()
        if interrupted:
            log.warning("%d deliveries were in flight at the last stop: marked unknown",
                        interrupted)
        while not self._stopping:
            self._wake.clear()
            try:
                broadcast = await self.repo.next_sending()
                if broadcast is None:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.config.idle_poll)
                else:
                    await self._run(broadcast)
            except Exception:
                log.exception("Delivery engine error; retrying in a second")
                await asyncio.sleep(1.0)

    async def _run(self, broadcast: Broadcast) -> None:
        """Send one broadcast to its pending recipients, then report."""
        assert self._services is not None and self._sender is not None
        reporter = Reporter(self._sender.bot, self._services, self.pacer, broadcast)
        run = self.current = Run(broadcast, reporter)
        log.info("Sending broadcast %s to %s recipients", broadcast.id, broadcast.recipients)
        await reporter.open()
        ticker = asyncio.create_task(reporter.every(self.config.progress_every))
        try:
            await self._dispatch(run)
            await asyncio.gather(*run.tasks)
        finally:
            ticker.cancel()
            for task in run.tasks:
                task.cancel()
            await asyncio.gather(ticker, *run.tasks, return_exceptions=True)
            self.current = None
        if self._stopping:
            return  # resumed at the next start
        finished = await self.repo.finish(broadcast.id)
        await reporter.finish("done" if finished else "cancelled")
        log.info("Broadcast %s %s", broadcast.id, "done" if finished else "cancelled")

    async def _dispatch(self, run: Run) -> None:
        """Hand each pending delivery a send slot, until none is left or the run stops."""
        while not self._halted(run):
            batch = await self.repo.pending(run.broadcast.id, self.config.batch)
            if not batch or await self._cancelled_meanwhile(run):
                return
            for delivery in batch:
                await self._slots.acquire()
                try:
                    await self.pacer.acquire(delivery.chat_id)
                    claimed = not self._halted(run) and await self.repo.mark_sending(delivery.id)
                except BaseException:
                    self._slots.release()
                    raise
                if not claimed:
                    self._slots.release()
                    if self._halted(run):
                        return
                    continue
                task = asyncio.create_task(self._deliver(run, delivery))
                run.tasks.add(task)
                task.add_done_callback(self._done(run))

    def _done(self, run: Run) -> Callable[[asyncio.Task[None]], None]:
        def release(task: asyncio.Task[None]) -> None:
            run.tasks.discard(task)
            self._slots.release()
        return release

    def _halted(self, run: Run) -> bool:
        return run.cancelled or self._stopping

    async def _cancelled_meanwhile(self, run: Run) -> bool:
        """Whether the broadcast was cancelled in storage (by another process or path)."""
        current = await self.repo.get(run.broadcast.id)
        run.cancelled = run.cancelled or current is None or current.status != "sending"
        return run.cancelled

    async def _deliver(self, run: Run, delivery: Delivery) -> None:
        """Send one delivery and store its outcome."""
        assert self._sender is not None
        try:
            outcome = await self._sender.deliver(delivery.chat_id, self._parts(run, delivery))
        except asyncio.CancelledError:
            raise  # left `sending`: unknown after a restart, never resent
        except Exception as exc:
            log.exception("Delivery %s failed unexpectedly", delivery.id)
            outcome = Outcome("failed", error=f"{type(exc).__name__}: {exc}"[:200])
        await self.repo.record(delivery, outcome.status, message_id=outcome.message_id,
                               error=outcome.error, retries=outcome.retries)
        if outcome.status == "sent":
            run.reporter.sent_here += 1

    def _parts(self, run: Run, delivery: Delivery) -> list[Part]:
        """The messages for this recipient's language (built once per language)."""
        assert self._services is not None
        i18n = self._services.i18n
        locale = i18n.resolve(delivery.language, delivery.telegram_language)
        if locale not in run.by_locale:
            t = i18n.get(locale)
            extra = self._extra_markup(run.broadcast, t)
            run.by_locale[locale] = parts(t, run.broadcast, recipient_markup(t, extra))
        return run.by_locale[locale]

    def _extra_markup(self, broadcast: Broadcast, t: Translator) -> InlineKeyboardMarkup | None:
        """A training's RSVP buttons, from the registered factory (in `t`'s language if it can)."""
        if broadcast.training_id is None:
            return None
        try:
            if self.localized_markup_for is not None:
                return self.localized_markup_for(broadcast, t)
            return self.markup_for(broadcast) if self.markup_for is not None else None
        except Exception:
            log.exception("markup_for failed for broadcast %s; sending without it", broadcast.id)
            return None


def engine_of(app: Application[Any, Any, Any, Any, Any, Any]) -> DeliveryEngine:
    """The application's engine, created on first use (register `markup_for` on it)."""
    engine = app.bot_data.get(ENGINE_KEY)
    if engine is None:
        engine = app.bot_data[ENGINE_KEY] = DeliveryEngine()
    return engine


async def start_delivery(app: Application[Any, Any, Any, Any, Any, Any],
                         config: EngineConfig | None = None) -> DeliveryEngine:
    """Start the engine (call in post_init, after storage is open)."""
    if config is not None and ENGINE_KEY not in app.bot_data:
        app.bot_data[ENGINE_KEY] = DeliveryEngine(config)
    engine = engine_of(app)
    await engine.start(app)
    return engine


async def stop_delivery(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the engine (call in post_shutdown, before storage closes)."""
    engine = app.bot_data.get(ENGINE_KEY)
    if engine is not None:
        await engine.stop()
