"""Helpers for the announcement tests (chat and desk): seeded subscribers, the chat's composer
driven by an English-speaking sender, and what each person received."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from emulator import BotApiEmulator, SimUser
from storage import Database
from storage.announcements import AnnouncementsRepo
from storage.users import utcnow
from tests.support.harness import RunningBot
from tests.support.settle import handled

FIRST_SUBSCRIBER = 700_000_001


async def seed(db: Database, ids: Iterable[int], role: str = "producer",
               place: tuple[int, int] | None = None) -> None:
    """Store users who wrote to the bot before (English), optionally located by a registration."""
    now = utcnow()
    ids = list(ids)
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (id, first_name, role, language, first_seen, last_seen)"
            " VALUES (?, 'Seeded', ?, 'en', ?, ?)", [(i, role, now, now) for i in ids])
        if place is not None:
            await tx.executemany(
                "INSERT INTO registrations (user_id, status, province_code, commune_code,"
                " created_at, updated_at) VALUES (?, 'submitted', ?, ?, ?, ?)",
                [(i, *place, now, now) for i in ids])


def broadcasts(bot: RunningBot) -> AnnouncementsRepo:
    return bot.services.repo.announcements


async def wait_sent(bot: RunningBot, timeout: float) -> int:
    """Wait until the latest broadcast is confirmed and sent; return its id."""
    row = await bot.services.repo.db.fetch_one("SELECT MAX(id) FROM broadcasts")
    broadcast_id = row[0]
    async with asyncio.timeout(timeout):
        while (await broadcasts(bot).get(broadcast_id)).status in ("draft", "sending"):  # type: ignore
            await asyncio.sleep(0.1)
    return broadcast_id


async def compose(sender: SimUser, text: str, audience_button: str) -> None:
    """/thongbao, the text, then the audience kind."""
    prompt = await sender.ask("/thongbao")
    assert "Type the text" in prompt.text
    assert "Who should receive it?" in (await sender.ask(text)).text
    await sender.press(audience_button)


async def summary_after(sender: SimUser, label: str) -> str:
    """Press `label`; return the summary that follows the preview."""
    await sender.press(label)
    replies = await sender.collect(timeout=0.5)
    return next(r.text for r in reversed(replies) if "Check before sending" in r.text)


def copies(emu: BotApiEmulator, ids: Iterable[int]) -> dict[int, int]:
    """Messages the emulator delivered to each chat."""
    return {i: emu.stats.sent_per_chat[i] for i in ids}


def announcements_to(people: Iterable[SimUser]) -> dict[int, int]:
    """Announcements each person received: messages with the unsubscribe button (not previews)."""
    return {p.id: sum(any(b.callback_data in ("bc:u", "bc:s") for row in m.inline_keyboard
                          for b in row) for m in p.messages) for p in people}


async def subscribers(bot: RunningBot, count: int, first: int = FIRST_SUBSCRIBER
                      ) -> tuple[list[int], list[int]]:
    """`count` known users, 3% of whom blocked the bot or deleted their account unnoticed."""
    ids = list(range(first, first + count))
    for user_id in ids:
        bot.user(user_id=user_id, language_code="en")
    gone = ids[::33][: count * 3 // 100]
    for n, user_id in enumerate(gone):
        bot.emu.users[user_id].block() if n % 3 else bot.emu.users[user_id].deactivate()
    await handled(bot)  # Telegram told the bot before it knew them: it missed it
    await seed(bot.services.repo.db, ids)
    return ids, gone


async def opted_out(user: SimUser) -> SimUser:
    """`user` turns announcements off with /announcements."""
    assert "You receive OCOP announcements" in (await user.ask("/announcements")).text
    await user.press("🔕")
    assert "You do not receive" in (await user.next_reply()).text
    return user
