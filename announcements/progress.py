"""The sender's view of an announcement being sent: its progress edited in place, a Cancel
button, and a final report."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError

from announcements.pacing import Pacer
from core.buttons import ButtonData, button
from core.context import Services
from core.i18n import Translator
from core.render import Renderer
from core.retry import seconds
from storage.announcements import Announcement, DeliveryStatus, Status

log = logging.getLogger(__name__)

# A rate means something only over some time and some messages: before, it is noise.
RATE_AFTER_SECONDS = 5.0
RATE_AFTER_SENT = 10


@dataclass(frozen=True)
class CancelSending(ButtonData, prefix="bc:x"):
    """⏹ under an announcement's progress (its sender, or an admin)."""

    announcement: int


def cancel_markup(t: Translator, announcement_id: int) -> InlineKeyboardMarkup:
    """The Cancel button under an announcement's progress."""
    return InlineKeyboardMarkup([[button(t("⏹ Cancel sending"), CancelSending(announcement_id))]])


def progress_values(t: Translator, announcement_id: int, counts: Counter[str], state: Status,
                    rate: float | None) -> dict[str, object]:
    """What progress.j2 shows."""
    failed = (counts[DeliveryStatus.FAILED] + counts[DeliveryStatus.BLOCKED]
              + counts[DeliveryStatus.UNKNOWN])
    return {"id": announcement_id, "state": state, "sent": t.number(counts[DeliveryStatus.SENT]),
            "failed": t.number(failed),
            "remaining": t.number(counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING]),
            "rate": t.number(round(rate, 1)) if rate is not None else None}


def progress_view(renderer: Renderer, t: Translator, announcement_id: int, counts: Counter[str],
                  state: Status, rate: float | None = None
                  ) -> tuple[str, InlineKeyboardMarkup | None]:
    """The progress message: counts, then ⏹ while it is sending."""
    values = progress_values(t, announcement_id, counts, state, rate)
    markup = cancel_markup(t, announcement_id) if state == Status.SENDING else None
    return renderer.render("broadcast/progress.j2", t, **values), markup


async def sender_translator(services: Services, user_id: int) -> Translator:
    """The translator of a user outside any update (the sender of an announcement)."""
    user = await services.repo.users.get(user_id)
    i18n = services.i18n
    return i18n.get(i18n.resolve(user.language if user else None,
                                 user.telegram_language if user else None))


def elapsed_since(started_at: str | None) -> float:
    """Seconds since a stored UTC time."""
    if started_at is None:
        return 0.0
    return (datetime.now(UTC) - datetime.fromisoformat(started_at)).total_seconds()


class Reporter:
    """Edits one announcement's progress message every few seconds and reports its end."""

    def __init__(self, bot: Bot, services: Services, pacer: Pacer, announcement: Announcement
                 ) -> None:
        self.bot, self.services, self.pacer, self.announcement = bot, services, pacer, announcement
        self.message_id = announcement.progress_message_id
        self.started = pacer.clock()
        self.sent_here = 0  # delivered since this run (re)started, for the rate
        self.t: Translator | None = None

    @property
    def rate(self) -> float | None:
        """Messages per second since this run started, once that means something."""
        elapsed = self.pacer.clock() - self.started
        if elapsed < RATE_AFTER_SECONDS or self.sent_here < RATE_AFTER_SENT:
            return None
        return self.sent_here / elapsed

    async def open(self) -> None:
        """Find the sender's language; post a progress message if there is none yet."""
        sender = self.announcement.sender_id
        if sender is None:
            return
        self.t = await sender_translator(self.services, sender)
        if self.message_id is not None:
            await self.refresh(Status.SENDING)  # resumed, or queued behind another: it moves
            return
        self.message_id = await self._send(*await self._view(Status.SENDING))
        if self.message_id is not None:
            await self.services.repo.announcements.set_progress_message(
                self.announcement.id, self.message_id)

    async def every(self, interval: float) -> None:
        """Refresh the progress until cancelled."""
        while True:
            await self.pacer.sleep(interval)
            await self.refresh(Status.SENDING)

    async def refresh(self, state: Status) -> None:
        """Edit the progress message to show `state` and the current counts."""
        if self.t is None or self.message_id is None:
            return
        text, markup = await self._view(state)
        try:
            await self.bot.edit_message_text(text, self.announcement.sender_id, self.message_id,
                                             parse_mode=ParseMode.HTML, reply_markup=markup)
        except TelegramError as exc:  # not modified, 429, gone: the next refresh will do
            log.debug("Progress of announcement %s not edited: %s", self.announcement.id, exc)

    async def finish(self, state: Status) -> None:
        """Show the final state (done or cancelled) in place and send the report."""
        await self.refresh(state)
        if self.t is None:
            return
        counts = await self.services.repo.announcements.counts(self.announcement.id)
        t, number = self.t, self.announcement.id
        title = (t("✅ Announcement #{id}: finished", id=number) if state == Status.DONE
                 else t("⏹ Announcement #{id}: cancelled", id=number))
        text = self.services.renderer.render(
            "broadcast/report.j2", t, title=title, total=t.number(sum(counts.values())),
            sent=counts[DeliveryStatus.SENT], blocked=counts[DeliveryStatus.BLOCKED],
            failed=counts[DeliveryStatus.FAILED], unknown=counts[DeliveryStatus.UNKNOWN],
            pending=counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING],
            seconds=t.number(round(elapsed_since(self.announcement.started_at))),
            rate=t.number(round(self.rate, 1)) if self.rate is not None else None)
        await self._send(text, None)

    async def _view(self, state: Status) -> tuple[str, InlineKeyboardMarkup | None]:
        assert self.t is not None
        counts = await self.services.repo.announcements.counts(self.announcement.id)
        return progress_view(self.services.renderer, self.t, self.announcement.id, counts, state,
                             self.rate)

    async def _send(self, text: str, markup: InlineKeyboardMarkup | None) -> int | None:
        """Send to the sender within the pacing; a failure is logged, never raised."""
        sender = self.announcement.sender_id
        assert sender is not None
        for _ in range(3):
            await self.pacer.acquire(sender)
            try:
                message = await self.bot.send_message(sender, text, parse_mode=ParseMode.HTML,
                                                      reply_markup=markup)
                return message.message_id
            except RetryAfter as exc:
                self.pacer.pause(seconds(exc.retry_after))
            except TelegramError as exc:
                log.warning("Could not report announcement %s to its sender: %s",
                            self.announcement.id, exc)
                return None
        return None
