"""The sender's view of an announcement being sent: its progress edited in place, a Cancel
button, and a final report."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

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
T = TypeVar("T")

@dataclass(frozen=True)
class CancelSending(ButtonData, prefix="bc:x"):
    """⏹ under an announcement's progress (its sender, or an admin)."""

    announcement: int


def cancel_markup(t: Translator, announcement_id: int) -> InlineKeyboardMarkup:
    """The Cancel button under an announcement's progress."""
    return InlineKeyboardMarkup([[button(t("⏹ Cancel sending"), CancelSending(announcement_id))]])


def progress_values(t: Translator, announcement_id: int, counts: Counter[str], state: Status
                    ) -> dict[str, object]:
    """What progress.j2 shows."""
    sent, failed, remaining = progress_numbers(counts)
    return {"id": announcement_id, "state": state, "sent": t.number(sent),
            "failed": t.number(failed), "remaining": t.number(remaining)}


def progress_numbers(counts: Counter[str]) -> tuple[int, int, int]:
    """(sent, failed, remaining): failed counts the blocked and the unknown too; remaining,
    those waiting and those in flight."""
    failed = (counts[DeliveryStatus.FAILED] + counts[DeliveryStatus.BLOCKED]
              + counts[DeliveryStatus.UNKNOWN])
    remaining = counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING]
    return counts[DeliveryStatus.SENT], failed, remaining


def progress_view(renderer: Renderer, t: Translator, announcement_id: int, counts: Counter[str],
                  state: Status) -> tuple[str, InlineKeyboardMarkup | None]:
    """The progress message: counts, then ⏹ while it is sending."""
    values = progress_values(t, announcement_id, counts, state)
    markup = cancel_markup(t, announcement_id) if state == Status.SENDING else None
    return renderer.render("broadcast/progress.j2", t, **values), markup


def report_text(renderer: Renderer, t: Translator, announcement_id: int, state: Status,
                counts: Counter[str]) -> str:
    """The final report: how many received it, and what became of the others."""
    title = (t("✅ Announcement #{id}: finished", id=announcement_id) if state == Status.DONE
             else t("⏹ Announcement #{id}: cancelled", id=announcement_id))
    return renderer.render(
        "broadcast/report.j2", t, title=title, total=t.number(sum(counts.values())),
        sent=counts[DeliveryStatus.SENT], blocked=counts[DeliveryStatus.BLOCKED],
        failed=counts[DeliveryStatus.FAILED], unknown=counts[DeliveryStatus.UNKNOWN],
        pending=counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING])


async def sender_translator(services: Services, user_id: int) -> Translator:
    """The translator of a user outside any update (the sender of an announcement)."""
    user = await services.repo.users.get(user_id)
    i18n = services.i18n
    return i18n.get(i18n.resolve(user.language if user else None,
                                 user.telegram_language if user else None))


async def show_cancelled(bot: Bot, services: Services, announcement_id: int) -> None:
    """Show a cancelled announcement's final counts in its sender's progress message, when no
    engine was sending it to report them."""
    announcement = await services.repo.announcements.get(announcement_id)
    if (announcement is None or announcement.sender_id is None
            or announcement.progress_message_id is None):
        return
    t = await sender_translator(services, announcement.sender_id)
    counts = await services.repo.announcements.counts(announcement_id)
    text, _ = progress_view(services.renderer, t, announcement_id, counts, Status.CANCELLED)
    try:
        await bot.edit_message_text(text, announcement.sender_id,
                                    announcement.progress_message_id, parse_mode=ParseMode.HTML)
    except TelegramError as exc:  # gone, or already showing it
        log.debug("Progress of announcement %s not edited: %s", announcement_id, exc)


class Reporter:
    """Edits one announcement's progress message every few seconds and reports its end."""

    def __init__(self, bot: Bot, services: Services, pacer: Pacer, announcement: Announcement
                 ) -> None:
        self.bot, self.services, self.pacer, self.announcement = bot, services, pacer, announcement
        self.message_id = announcement.progress_message_id
        self.t: Translator | None = None

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
        """Send the report (done or cancelled), then take the progress message away: the
        report holds its counts, and a new message notifies the sender where an edit would
        not. Should either fail, the progress message shows the final state in place."""
        if self.t is None:
            return
        counts = await self.services.repo.announcements.counts(self.announcement.id)
        reported = await self._send(report_text(
            self.services.renderer, self.t, self.announcement.id, state, counts), None)
        if reported is None or not await self._delete_progress():
            await self._show_final(state)

    async def _delete_progress(self) -> bool:
        """Delete the progress message; tell whether it is gone (Telegram lets a bot delete
        its messages for 48 hours)."""
        sender, message_id = self.announcement.sender_id, self.message_id
        if sender is None or message_id is None:
            return True
        deleted = await self._paced(lambda: self.bot.delete_message(sender, message_id),
                                    logging.DEBUG, "Progress of announcement %s not deleted: %s")
        return bool(deleted)

    async def _show_final(self, state: Status) -> None:
        """Edit the progress message to its final state, within the pacing, again after a 429:
        unlike a passing refresh, no later one would mend a lost final edit."""
        if self.t is None or self.message_id is None:
            return
        text, markup = await self._view(state)
        message_id = self.message_id
        await self._paced(lambda: self.bot.edit_message_text(
            text, self.announcement.sender_id, message_id, parse_mode=ParseMode.HTML,
            reply_markup=markup), logging.DEBUG, "Progress of announcement %s not edited: %s")

    async def _view(self, state: Status) -> tuple[str, InlineKeyboardMarkup | None]:
        assert self.t is not None
        counts = await self.services.repo.announcements.counts(self.announcement.id)
        return progress_view(self.services.renderer, self.t, self.announcement.id, counts, state)

    async def _send(self, text: str, markup: InlineKeyboardMarkup | None) -> int | None:
        """Send to the sender within the pacing; a failure is logged, never raised."""
        sender = self.announcement.sender_id
        assert sender is not None
        message = await self._paced(lambda: self.bot.send_message(
            sender, text, parse_mode=ParseMode.HTML, reply_markup=markup),
            logging.WARNING, "Could not report announcement %s to its sender: %s")
        return None if message is None else message.message_id

    async def _paced(self, request: Callable[[], Awaitable[T]], level: int, failed: str
                     ) -> T | None:
        """One request to the sender within the pacing, made again after a 429 (three tries);
        another failure is logged at `level` with `failed`, never raised."""
        for _ in range(3):
            await self.pacer.acquire(self.announcement.sender_id)
            try:
                return await request()
            except RetryAfter as exc:
                self.pacer.pause(seconds(exc.retry_after))
            except TelegramError as exc:
                log.log(level, failed, self.announcement.id, exc)
                return None
        return None
