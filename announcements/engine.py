"""The delivery engine: background tasks that send confirmed announcements and the outbox's
notices at Telegram's pace, within the budget the bot's replies share.

It sends through its own `telegram.Bot`, outside the application's retrying rate limiter:
it paces itself and must see every 429 (PTB drops `rate_limit_args=0`, so retries cannot be
switched off per call). The limiter counts the replies into the engine's pacer, which leaves
them room. A delivery is marked `sending` before its request and `sent` right after; on start,
rows left `sending` by a crash are sent again (at least once: the duplicates are bounded by
the requests that were in flight, at most `concurrency`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from telegram import Bot, InlineKeyboardMarkup
from telegram.request import HTTPXRequest

from announcements.create import confirm, sender_scope
from announcements.message import Part, parts, recipient_markup, training_buttons
from announcements.outbox import Postman
from announcements.pacing import REAL_TIME, Clock, Pacer
from announcements.progress import Reporter
from announcements.send import Outcome, Sender
from core.context import SERVICES_KEY, App, Services
from core.i18n import Translator
from core.retry import RetryingLimiter
from core.trainings import announcement_text
from storage.announcements import (
    Announcement,
    AnnouncementsRepo,
    Delivery,
    DeliveryStatus,
    Status,
)

log = logging.getLogger(__name__)
ENGINE_KEY = "announcement_engine"
MAX_REQUESTS = 6  # per delivery, retries included, before a doubtful copy is given up


@dataclass(frozen=True, slots=True)
class EngineConfig:
    rate: float = 28.0  # messages per second, all announcements; Telegram allows about 30
    per_chat: float = 1.0  # seconds between two messages to one chat
    concurrency: int = 8  # requests in flight
    progress_every: float = 2.0
    retries: int = 3  # for 5xx and requests that never left
    backoff: float = 0.5
    batch: int = 200
    idle_poll: float = 5.0  # seconds between looks for work when nobody wakes the engine
    paid: bool = False  # announcements as paid broadcasts (allow_paid_broadcast)
    limit: int = 30  # Telegram's limit for all messages per second, replies included

    @classmethod
    def paid_broadcasts(cls) -> EngineConfig:
        """Paid broadcasts: up to 1,000 messages/s, each beyond the free 30/s paid in Stars."""
        return cls(rate=990.0, limit=1000, concurrency=64, batch=1000, paid=True)


@dataclass
class Run:
    """One announcement being sent by this process."""

    announcement: Announcement
    reporter: Reporter
    cancelled: bool = False
    lost: bool = False  # another worker took it over (this one stopped renewing in time)
    # Cancelled through this engine, which then reports; cancelled on another worker, that
    # worker showed the end (progress.show_cancelled) and this one says nothing more.
    reports_cancel: bool = False
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    by_locale: dict[str, list[Part]] = field(default_factory=dict)
    # A training's announcement is written again in each recipient's language, from the
    # training as stored (so a restart loses nothing); other announcements keep their text.
    text_for: Callable[[Translator], str] | None = None


class Engine:
    """Sends announcements whose status is `sending`, one at a time, oldest first."""

    def __init__(self, config: EngineConfig | None = None, *, clock: Clock = REAL_TIME) -> None:
        self.config = config or EngineConfig()
        self.pacer = Pacer(self.config.rate, per_chat=self.config.per_chat,
                           limit=self.config.limit, clock=clock.now, sleep=clock.sleep)
        self.current: Run | None = None
        self._services: Services | None = None
        self._request: HTTPXRequest | None = None
        self._sender: Sender | None = None
        self._task: asyncio.Task[None] | None = None
        self._notices_task: asyncio.Task[None] | None = None
        self.postman: Postman | None = None
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(self.config.concurrency)
        self._stopping = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def runner(self) -> str:
        """This worker's name in the announcements it runs."""
        assert self._services is not None
        return self._services.repo.cluster.worker

    @property
    def repo(self) -> AnnouncementsRepo:
        assert self._services is not None
        return self._services.repo.announcements

    def wake(self) -> None:
        """Look for work now (an announcement was confirmed)."""
        self._wake.set()

    def wake_postman(self) -> None:
        """Look for notices now (some were written to the outbox)."""
        if self.postman is not None:
            self.postman.wake()

    def cancel(self, announcement_id: int) -> bool:
        """Stop sending `announcement_id`; True if this engine is sending it and will report."""
        run = self.current
        if run is None or run.announcement.id != announcement_id:
            return False
        run.cancelled = run.reports_cancel = True
        return True

    async def start(self, app: App) -> None:
        """Start the background task (after storage is open); resumes unfinished ones."""
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
        self._stopping = False
        self._task = asyncio.create_task(self._main(), name="announcement-engine")
        self.postman = Postman(services.repo.outbox, self._sender, self._slots,
                               idle_poll=self.config.idle_poll, paid=self.config.paid)
        self._notices_task = asyncio.create_task(self.postman.run(lambda: self._stopping),
                                                 name="outbox-postman")

    async def stop(self, timeout: float = 5.0) -> None:
        """Let requests in flight finish (up to `timeout`), then stop; the rest resumes later."""
        self._stopping = True
        self.wake()
        self.wake_postman()
        tasks = [t for t in (self._task, self._notices_task) if t is not None]
        if tasks:
            try:
                await asyncio.wait_for(asyncio.shield(asyncio.gather(*tasks)), timeout)
            except Exception:  # timed out (a long 429 pause, say): cut the requests in flight
                await self.kill()
        self._task = self._notices_task = None
        if self._request is not None:
            await self._request.shutdown()
            self._request = None

    async def kill(self) -> None:
        """Stop at once, as a crash would: whatever is in flight stays `sending`."""
        self._stopping = True
        tasks = [t for t in (self._task, self._notices_task) if t is not None]
        tasks += list(self.postman.tasks) if self.postman else []
        tasks += list(self.current.tasks) if self.current else []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = self._notices_task = None

    async def _main(self) -> None:
        interrupted = await self.repo.interrupt()
        if interrupted:
            log.warning("%d deliveries were in flight at the last stop: sending them again",
                        interrupted)
        while not self._stopping:
            self._wake.clear()
            try:
                announcement = await self.repo.next_sending(self.runner)
                if announcement is None:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self.config.idle_poll)
                else:
                    await self._run(announcement)
            except Exception:
                log.exception("Announcement engine error; retrying in a second")
                await asyncio.sleep(1.0)

    async def _run(self, announcement: Announcement) -> None:
        """Send one announcement to its pending recipients, then report."""
        assert self._services is not None and self._sender is not None
        reporter = Reporter(self._sender.bot, self._services, self.pacer, announcement)
        run = self.current = Run(announcement, reporter,
                                 text_for=await self._training_text(announcement))
        log.info("Sending announcement %s to %s recipients", announcement.id,
                 announcement.recipients)
        await reporter.open()
        ticker = asyncio.create_task(reporter.every(self.config.progress_every))
        try:
            while True:  # again while copies that may not have arrived were queued again
                await self._dispatch(run)
                await asyncio.gather(*run.tasks)
                if self._halted(run) or not await self.repo.unsettled(announcement.id):
                    break
                if not await self.repo.pending(announcement.id, 1):
                    await self.pacer.sleep(1.0)  # a dead worker's claims, free when leases end
        finally:
            ticker.cancel()
            for task in run.tasks:
                task.cancel()
            await asyncio.gather(ticker, *run.tasks, return_exceptions=True)
            self.current = None
        if self._stopping or run.lost:
            return  # resumed at the next start, or by the worker that took it over
        state = Status.DONE if await self.repo.finish(announcement.id) else Status.CANCELLED
        if state == Status.CANCELLED and not run.reports_cancel:
            return
        await reporter.finish(state)
        log.info("Announcement %s %s", announcement.id, state)

    async def _dispatch(self, run: Run) -> None:
        """Hand each pending delivery a send slot, until none is left or the run stops."""
        while not self._halted(run):
            batch = await self.repo.pending(run.announcement.id, self.config.batch)
            if not batch or await self._cancelled_meanwhile(run):
                return
            if not await self.repo.renew(run.announcement.id, self.runner):
                run.lost = True
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
        return run.cancelled or run.lost or self._stopping

    async def _cancelled_meanwhile(self, run: Run) -> bool:
        """Whether the announcement was cancelled in storage (by another process or path)."""
        current = await self.repo.get(run.announcement.id)
        run.cancelled = run.cancelled or current is None or current.status != Status.SENDING
        return run.cancelled

    async def _deliver(self, run: Run, delivery: Delivery) -> None:
        """Send one delivery and store its outcome."""
        assert self._sender is not None
        try:
            outcome = await self._sender.deliver(delivery.chat_id, self._parts(run, delivery))
        except asyncio.CancelledError:
            raise  # left `sending`: sent again after a restart
        except Exception as exc:
            log.exception("Delivery %s failed unexpectedly", delivery.id)
            outcome = Outcome(DeliveryStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:200])
        if outcome.transient and delivery.attempts + 1 + outcome.retries < MAX_REQUESTS:
            # At least once: a copy that may not have arrived (a timeout, 5xx answers, 429s)
            # goes back in the queue, behind the others, rather than being given up.
            await self.repo.requeue(delivery, outcome.error, retries=outcome.retries)
            return
        await self.repo.record(delivery, outcome.status, message_id=outcome.message_id,
                               error=outcome.error, retries=outcome.retries)

    def _parts(self, run: Run, delivery: Delivery) -> list[Part]:
        """The messages for this recipient's language (built once per language)."""
        assert self._services is not None
        i18n = self._services.i18n
        locale = i18n.resolve(delivery.language, delivery.telegram_language)
        if locale not in run.by_locale:
            t = i18n.get(locale)
            markup = recipient_markup(t, self._training_buttons(run, t))
            run.by_locale[locale] = [replace(p, paid=self.config.paid)
                                     for p in parts(t, self._localized(run, t), markup)]
        return run.by_locale[locale]

    async def _training_text(self, announcement: Announcement
                             ) -> Callable[[Translator], str] | None:
        """How a training's announcement reads in a language; None for other announcements,
        or when the training cannot be read (its stored text then goes to everyone)."""
        if announcement.training_id is None or self._services is None:
            return None
        try:
            return await announcement_text(self._services, announcement.training_id)
        except Exception:
            log.exception("Announcement %s goes in its sender's language", announcement.id)
            return None

    @staticmethod
    def _localized(run: Run, t: Translator) -> Announcement:
        """The announcement with its text in `t`'s language, when it can be rewritten."""
        if run.text_for is None:
            return run.announcement
        try:
            return replace(run.announcement, text=run.text_for(t))
        except Exception:
            log.exception("Announcement %s: stored text instead", run.announcement.id)
            return run.announcement

    @staticmethod
    def _training_buttons(run: Run, t: Translator) -> InlineKeyboardMarkup | None:
        """A training's RSVP buttons; should they fail, the announcement goes without them."""
        try:
            return training_buttons(t, run.announcement)
        except Exception:
            log.exception("No RSVP buttons for announcement %s", run.announcement.id)
            return None


def engine_of(app: App) -> Engine:
    """The application's engine, created on first use."""
    engine = app.bot_data.get(ENGINE_KEY)
    if engine is None:
        engine = app.bot_data[ENGINE_KEY] = Engine()
    return engine


def provide_engine(app: App, engine: Engine) -> None:
    """Use `engine` for this application (tests give theirs a virtual clock)."""
    app.bot_data[ENGINE_KEY] = engine


async def start_engine(app: App, config: EngineConfig | None = None) -> Engine:
    """Start the engine (call in post_init, after storage is open); count replies in its
    budget."""
    if ENGINE_KEY not in app.bot_data:
        paid = app.bot_data[SERVICES_KEY].settings.paid_broadcasts
        app.bot_data[ENGINE_KEY] = Engine(
            config or (EngineConfig.paid_broadcasts() if paid else None))
    engine = engine_of(app)
    limiter = getattr(app.bot, "rate_limiter", None)
    if isinstance(limiter, RetryingLimiter):
        limiter.budget = engine.pacer
    await engine.start(app)
    return engine


async def stop_engine(app: App) -> None:
    """Stop the engine (call in post_shutdown, before storage closes)."""
    engine = app.bot_data.get(ENGINE_KEY)
    if engine is not None:
        await engine.stop()


async def queue(app: App, announcement_id: int, *, progress_message_id: int | None = None
                ) -> int:
    """Confirm an announcement (its recipients snapshot) and have the engine send it now."""
    services: Services = app.bot_data[SERVICES_KEY]
    count = await confirm(services.repo, announcement_id,
                          progress_message_id=progress_message_id)
    engine_of(app).wake()
    return count


async def cancel_announcement(app: App, user_id: int, announcement_id: int) -> bool | None:
    """Stop an announcement being sent, for its sender or an admin.

    None: they may not, or it is not being sent; True: the engine was sending it and reports
    its end; False: no engine here was on it (`progress.show_cancelled` shows the end).
    """
    repo = app.bot_data[SERVICES_KEY].repo
    announcement = await repo.announcements.get(announcement_id)
    allowed, scope = await sender_scope(repo, user_id)
    mine = announcement is not None and (
        announcement.sender_id == user_id or (allowed and scope is None))
    if not mine or not await repo.announcements.cancel(announcement_id):
        return None
    return stop_sending(app, announcement_id)


def stop_sending(app: App, announcement_id: int) -> bool:
    """After storage marked it cancelled: True if the engine was sending it and will report."""
    return engine_of(app).cancel(announcement_id)


async def wait_for_slot(app: App, chat_id: int) -> None:
    """Wait for the announcements' pace to allow one more message to `chat_id` (reminders)."""
    await engine_of(app).pacer.acquire(chat_id)


def post_notices(app: App) -> None:
    """Have the engine send the outbox's new notices now (call after their commit)."""
    engine_of(app).wake_postman()
