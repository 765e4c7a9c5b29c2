"""The sender's view of a broadcast: progress edited in place, a Cancel button, a final report."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError

from core.context import Services
from core.delivery_message import PREFIX
from core.delivery_pacing import Pacer
from core.i18n import Translator
from core.retry import seconds
from storage.broadcasts import Broadcast

log = logging.getLogger(__name__)


def cancel_markup(t: Translator, broadcast_id: int) -> InlineKeyboardMarkup:
    """The Cancel button under a broadcast's progress."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        t("⏹ Cancel sending"), callback_data=f"{PREFIX}:x:{broadcast_id}")]])


def progress_values(t: Translator, broadcast_id: int, counts: Counter[str], state: str,
                    rate: float) -> dict[str, object]:
    """What progress.j2 shows."""
    return {"id": broadcast_id, "state": state, "sent": t.number(counts["sent"]),
            "failed": t.number(counts["failed"] + counts["blocked"] + counts["unknown"]),
            "remaining": t.number(counts["pending"] + counts["sending"]),
            "rate": t.number(round(rate, 1))}


async def sender_translator(services: Services, user_id: int) -> Translator:
    """The translator of a user outside any update (the sender of a broadcast)."""
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
    """Edits one broadcast's progress message every few seconds and reports its end."""

    def __init__(self, bot: Bot, services: Services, pacer: Pacer, broadcast: Broadcast) -> None:
        self.bot, self.services, self.pacer, self.broadcast = bot, services, pacer, broadcast
        self.message_id = broadcast.progress_message_id
        self.started = pacer.clock()
        self.sent_here = 0  # delivered since this run (re)started, for the rate
        self.t: Translator | None = None

    @property
    def rate(self) -> float:
        return self.sent_here / max(self.pacer.clock() - self.started, 0.001)

    async def open(self) -> None:
        """Find the sender's language; post a progress message if there is none yet."""
        sender = self.broadcast.sender_id
        if sender is None:
            return
        self.t = await sender_translator(self.services, sender)
        if self.message_id is not None:
            await self.refresh("sending")  # resumed, or queued behind another: show it moves
        else:
            self.message_id = await self._send(await self._progress_text("sending"),
                                               cancel_markup(self.t, self.broadcast.id))
            if self.message_id is not None:
                await self.services.repo.broadcasts.set_progress_message(
                    self.broadcast.id, self.message_id)

    async def every(self, interval: float) -> None:
        """Refresh the progress until cancelled."""
        while True:
            await self.pacer.sleep(interval)
            await self.refresh("sending")

    async def refresh(self, state: str) -> None:
        """Edit the progress message to show `state` and the current counts."""
        if self.t is None or self.message_id is None:
            return
        markup = cancel_markup(self.t, self.broadcast.id) if state == "sending" else None
        try:
            await self.bot.edit_message_text(
                await self._progress_text(state), self.broadcast.sender_id, self.message_id,
                parse_mode=ParseMode.HTML, reply_markup=markup)
        except TelegramError as exc:  # not modified, 429, gone: the next refresh will do
            log.debug("Progress of broadcast %s not edited: %s", self.broadcast.id, exc)

    async def finish(self, state: str) -> None:
        """Show the final state in place and send the report."""
        await self.refresh(state)
        if self.t is None:
            return
        counts = await self.services.repo.broadcasts.counts(self.broadcast.id)
        t = self.t
        title = (t("✅ Announcement #{id}: finished", id=self.broadcast.id) if state == "done"
                 else t("⏹ Announcement #{id}: cancelled", id=self.broadcast.id))
        text = self.services.renderer.render(
            "broadcast/report.j2", t, title=title, total=t.number(sum(counts.values())),
            sent=counts["sent"], blocked=counts["blocked"], failed=counts["failed"],
            unknown=counts["unknown"], pending=counts["pending"] + counts["sending"],
            seconds=t.number(round(elapsed_since(self.broadcast.started_at))),
            rate=t.number(round(self.rate, 1)))
        await self._send(text, None)

    async def _progress_text(self, state: str) -> str:
        assert self.t is not None
        counts = await self.services.repo.broadcasts.counts(self.broadcast.id)
        values = progress_values(self.t, self.broadcast.id, counts, state, self.rate)
        return self.services.renderer.render("broadcast/progress.j2", self.t, **values)

    async def _send(self, text: str, markup: InlineKeyboardMarkup | None) -> int | None:
        """Send to the sender within the pacing; a failure is logged, never raised."""
        sender = self.broadcast.sender_id
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
                log.warning("Could not report broadcast %s to its sender: %s",
                            self.broadcast.id, exc)
                return None
        return None
