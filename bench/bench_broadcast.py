"""Broadcast throughput: one announcement to 1,000 recipients through the real bot, while
people chat with it.

The bot runs against the Bot API emulator with Telegram's limits on (30 messages per second
overall, and 1 per second per chat). Prints deliveries per second and send attempts per second
beside the 30/s limit (aim ≥ 0.9 of it), the 429s our own pacing caused (aim 0), and how long
each chatting person waited for a reply during the broadcast (aim < 1 s).

    python bench/bench_broadcast.py [--recipients 1000] [--rate 28] [--chatters 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from announcements import (
    Audience,
    EngineConfig,
    create_announcement,
    queue,
    start_engine,
    stop_engine,
)
from bot import build_application
from core.config import Settings
from core.context import SERVICES_KEY, Services
from core.lifecycle import polling
from emulator import BotApiEmulator, SimUser
from storage.users import utcnow

TOKEN = "123456:BENCH-TOKEN-for-the-emulator"
ADMIN = 900_001
LIMIT = 30.0
FIRST = 500_000_001


async def seed(services: Services, emu: BotApiEmulator, count: int) -> list[int]:
    """Store `count` producers (and the admin) and give each a chat on the emulator."""
    repo = services.repo
    ids = list(range(FIRST, FIRST + count))
    now = utcnow()
    async with repo.db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (id, first_name, role, first_seen, last_seen)"
            " VALUES (?, 'Bench', ?, ?, ?)",
            [(ADMIN, "admin", now, now), *[(i, "producer", now, now) for i in ids]])
    for user_id in [ADMIN, *ids]:
        emu.user(user_id=user_id, language_code="en")
    return ids


async def chat(person: SimUser, done: asyncio.Event) -> list[float]:
    """Ask for help every two seconds until `done`; return each reply's delay."""
    delays = []
    while not done.is_set():
        started = time.monotonic()
        await person.ask("/help", timeout=5.0)
        delays.append(time.monotonic() - started)
        await asyncio.sleep(2.0)
    return delays


async def run(recipients: int, rate: float, chatters: int) -> None:
    async with BotApiEmulator(token=TOKEN, global_limit_per_second=LIMIT,
                              per_chat_limit_per_second=1.0) as emu:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(token=TOKEN, api_base_url=emu.base_url,
                                database_path=Path(tmp) / "bench.sqlite3",
                                admin_ids=frozenset({ADMIN}), log_level="WARNING")
            app = build_application(settings)
            async with polling(app, timeout=1):
                services: Services = app.bot_data[SERVICES_KEY]
                ids = await seed(services, emu, recipients)
                await start_engine(app, EngineConfig(rate=rate))
                people = [emu.user(user_id=FIRST - 1 - n, language_code="en")
                          for n in range(chatters)]
                emu.stats.reset()
                started, done = time.monotonic(), asyncio.Event()
                broadcast_id = await create_announcement(services.repo, ADMIN, "Bench 📢",
                                                         Audience("producers"))
                await queue(app, broadcast_id)
                talks = [asyncio.create_task(chat(p, done)) for p in people]
                await _wait_done(services, broadcast_id)
                elapsed = time.monotonic() - started
                done.set()
                delays = [d for talk in await asyncio.gather(*talks) for d in talk]
                await stop_engine(app)
            _print(emu, ids, elapsed, rate)
            _print_replies(delays, chatters)


async def _wait_done(services: Services, broadcast_id: int) -> None:
    repo = services.repo.announcements
    while (announcement := await repo.get(broadcast_id)) and announcement.status == "sending":
        await asyncio.sleep(0.1)


def _print(emu: BotApiEmulator, ids: list[int], elapsed: float, rate: float) -> None:
    delivered = sum(emu.stats.sent_per_chat[i] for i in ids)
    duplicates = sum(max(0, emu.stats.sent_per_chat[i] - 1) for i in ids)
    per_second = delivered / elapsed
    own_429 = emu.stats.global_limit_429 + emu.stats.chat_limit_429
    print(f"recipients {len(ids)}, delivered {delivered} (duplicates {duplicates}) "
          f"in {elapsed:.1f} s, engine target {rate:g}/s")
    attempts = sum(emu.stats.requests[m] for m in ("sendMessage", "sendPhoto")) / elapsed
    print(f"deliveries per second: {per_second:.1f} (limit {LIMIT:g}/s; ratio "
          f"{per_second / LIMIT:.2f}, aim ≥ 0.90)")
    print(f"send attempts per second (replies, 429s and progress included): {attempts:.1f} "
          f"(limit {LIMIT:g}/s)")
    print(f"429s caused by our pacing: {own_429} (global {emu.stats.global_limit_429}, "
          f"per chat {emu.stats.chat_limit_429}; aim 0)")


def _print_replies(delays: list[float], chatters: int) -> None:
    if not delays:
        print("reply latency: nobody chatted")
        return
    print(f"reply latency during the broadcast ({chatters} people, {len(delays)} replies): "
          f"median {statistics.median(delays) * 1000:.0f} ms, max {max(delays) * 1000:.0f} ms "
          f"(aim < 1000 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=EngineConfig().rate)
    parser.add_argument("--chatters", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(run(args.recipients, args.rate, args.chatters))


if __name__ == "__main__":
    main()
