"""The postman: the delivery engine's side that sends the outbox's notices (officers' notices,
decisions, hand-off questions and answers, reminders), at least once, each to its own chat.

A notice is claimed (`sending`) just before its request; one found `sending` after a crash is
sent again, so duplicates are bounded by the requests in flight (the engine's concurrency).
Any failure that may pass (a 429, a timeout, a 5xx, the network) means "try again later"; only
a blocked chat and a message Telegram refuses for good are final.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable

from telegram import InlineKeyboardMarkup

from announcements.message import Part
from announcements.pacing import Pacer
from announcements.send import Outcome, Sender
from storage.announcements import DeliveryStatus
from storage.outbox import Notice, NoticeKind, NoticeStatus, OutboxRepo, Sendable

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # then the notice is given up as failed (about a day of backoff)
MAX_BACKOFF = 3600.0  # seconds between two tries of one notice, at most


def notice(chat_id: int | None, kind: NoticeKind, text: str,
           markup: InlineKeyboardMarkup | None = None, *, ref: str | None = None,
           dedupe_key: str | None = None, edit_of: int | None = None,
           area: tuple[int, int | None] | None = None) -> Notice:
    """A notice for the outbox (its text HTML, in the recipient's language)."""
    stored = markup.to_json() if markup is not None else None
    return Notice(chat_id, kind, text, stored, ref, dedupe_key, edit_of, area)


def markup_of(stored: str | None) -> InlineKeyboardMarkup | None:
    """The keyboard stored with a notice."""
    return InlineKeyboardMarkup.de_json(json.loads(stored), None) if stored else None


def backoff(attempts: int) -> float:
    """Seconds before the next try of a notice tried `attempts` times (5 s, 10 s, 20 s…)."""
    return min(MAX_BACKOFF, 5.0 * 2 ** max(0, attempts - 1))


class Postman:
    """Sends due notices through the engine's sender, pacer and send slots."""

    def __init__(self, outbox: OutboxRepo, sender: Sender, slots: asyncio.Semaphore, *,
                 batch: int = 100, idle_poll: float = 5.0, paid: bool = False) -> None:
        self.outbox, self.sender, self.slots = outbox, sender, slots
        self.batch, self.idle_poll = batch, idle_poll
        # With paid broadcasts the pacer runs far above the free 30/s, so new notices go paid
        # too, or they could take the free limit past what Telegram allows.
        self.paid = paid
        self.tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()

    @property
    def pacer(self) -> Pacer:
        return self.sender.pacer

    def wake(self) -> None:
        """Look for notices now (some were written)."""
        self._wake.set()

    async def run(self, stopping: Callable[[], bool]) -> None:
        """Send notices until `stopping()`; those in flight finish or are resent later."""
        resumed = await self.outbox.resume()
        if resumed:
            log.warning("%d notices were in flight at the last stop: sending them again", resumed)
        try:
            while not stopping():
                self._wake.clear()
                try:
                    if not await self._dispatch(stopping):
                        await self._idle()
                except Exception:
                    log.exception("Outbox error; retrying in a second")
                    await asyncio.sleep(1.0)
        finally:
            await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _idle(self) -> None:
        """Wait until woken, or until the next notice is due."""
        due_in = await self.outbox.next_due_in()
        timeout = self.idle_poll if due_in is None else min(self.idle_poll, max(due_in, 0.05))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def _dispatch(self, stopping: Callable[[], bool]) -> int:
        """Start sending a batch of due notices; return how many were due."""
        batch = await self.outbox.due(self.batch)
        for item in batch:
            if stopping():
                break
            await self.slots.acquire()
            try:
                await self.pacer.acquire(item.notice.chat_id)
                claimed = await self.outbox.claim(item.notice.id)
            except BaseException:
                self.slots.release()
                raise
            if not claimed:
                self.slots.release()
                continue
            task = asyncio.create_task(self._send(item))
            self.tasks.add(task)
            task.add_done_callback(self._done)
        return len(batch)

    def _done(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        self.slots.release()

    async def _send(self, item: Sendable) -> None:
        """Send one notice and store what happened to it."""
        notice = item.notice
        assert notice.chat_id is not None
        if notice.edit_of is not None and item.edit_message_id is None:
            await self._nothing_to_edit(item)
            return
        part = Part(notice.text, None, markup_of(notice.markup), item.edit_message_id,
                    paid=self.paid and item.edit_message_id is None)
        try:
            outcome = await self.sender.deliver(notice.chat_id, [part])
        except asyncio.CancelledError:
            raise  # left `sending`: sent again after the restart
        except Exception as exc:
            log.exception("Notice %s failed unexpectedly", notice.id)
            outcome = Outcome(DeliveryStatus.FAILED, error=f"{type(exc).__name__}: {exc}",
                              transient=True)
        await self._settle(notice, outcome)

    async def _nothing_to_edit(self, item: Sendable) -> None:
        """The message to edit is not out yet: wait for it, or give up if it never will be."""
        if item.edited_status in (NoticeStatus.PENDING, NoticeStatus.SENDING):
            await self.outbox.retry_later(item.notice, 1.0, "its message is not sent yet")
        else:
            await self.outbox.record(item.notice, NoticeStatus.FAILED, error="no message to edit")

    async def _settle(self, notice: Notice, outcome: Outcome) -> None:
        status = settled_status(notice, outcome)
        if status is None:
            log.info("Notice %s not sent (%s); trying again later", notice.id, outcome.error)
            await self.outbox.retry_later(notice, backoff(notice.attempts + 1),
                                          outcome.error or "")
            return
        await self.outbox.record(notice, status, message_id=outcome.message_id,
                                 error=outcome.error)


def settled_status(notice: Notice, outcome: Outcome) -> NoticeStatus | None:
    """A notice's final status after `outcome`, or None to try again later."""
    if outcome.status == DeliveryStatus.SENT:
        return NoticeStatus.SENT
    if outcome.status == DeliveryStatus.BLOCKED:
        return NoticeStatus.BLOCKED
    if notice.edit_of is not None and "not modified" in (outcome.error or ""):
        return NoticeStatus.SENT  # the copy already says so
    if outcome.transient and notice.attempts + 1 < MAX_ATTEMPTS:
        return None
    return NoticeStatus.FAILED
