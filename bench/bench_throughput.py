"""Throughput: 50 simulated users sending /start and plain text, our bot beside a bare PTB echo bot.

Both bots run in this process, one after the other, against the same Bot API emulator (its
30-per-second limit off, so the bots' own cost is what is measured). Each user waits for the
answer before sending again, like a person. Prints updates handled per second, reply latency
p50/p95, and the ratio ours / echo.

    python bench/bench_throughput.py [--users 50] [--messages 20] [--rounds 3]
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

from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import build_application
from core.config import Settings
from core.context import App
from core.lifecycle import polling
from emulator import BotApiEmulator, SimUser

TOKEN = "123456:BENCH-TOKEN-for-the-emulator"
TEXTS = ("/start", "xin chào, cho tôi hỏi về OCOP")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo the text back."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


def echo_bot(base_url: str) -> App:
    """A bare PTB echo bot with the same concurrency as ours."""
    app = (ApplicationBuilder().token(TOKEN).base_url(base_url)
           .concurrent_updates(256).build())
    app.add_handler(CommandHandler("start", echo))
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def user_session(user: SimUser, messages: int, latencies: list[float]) -> None:
    """Send `messages` messages, each after the previous answer."""
    for i in range(messages):
        started = time.perf_counter()
        await user.ask(TEXTS[i % len(TEXTS)], timeout=10.0)
        latencies.append(time.perf_counter() - started)


async def measure(app: App, emu: BotApiEmulator,
                  users: int, messages: int) -> tuple[float, list[float]]:
    """Run the load against `app`; return updates per second and latencies."""
    latencies: list[float] = []
    async with polling(app, timeout=1):
        people = [emu.user() for _ in range(users)]
        await asyncio.gather(*(p.ask("/start", timeout=10.0) for p in people))  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(user_session(p, messages, latencies) for p in people))
        elapsed = time.perf_counter() - started
    return users * messages / elapsed, latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


async def main(users: int, messages: int, rounds: int) -> None:
    async with BotApiEmulator(token=TOKEN, global_limit_per_second=None) as emu:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(token=TOKEN, api_base_url=emu.base_url,
                                database_path=Path(tmp) / "bench.sqlite3")
            results: dict[str, list[tuple[float, list[float]]]] = {"echo": [], "ours": []}
            for _ in range(rounds):  # interleaved, so machine noise hits both alike
                results["echo"].append(await measure(echo_bot(emu.base_url), emu, users, messages))
                results["ours"].append(
                    await measure(build_application(settings), emu, users, messages))
    report(results, users, messages)


def report(results: dict[str, list[tuple[float, list[float]]]], users: int, messages: int) -> None:
    print(f"{users} users x {messages} messages, {len(results['echo'])} interleaved rounds")
    rates = {}
    for name, runs in results.items():
        rates[name] = statistics.median(rate for rate, _ in runs)
        lat = [x for _, lats in runs for x in lats]
        print(f"{name:>5}: {rates[name]:7.1f} updates/s  p50 {percentile(lat, 50):6.1f} ms"
              f"  p95 {percentile(lat, 95):6.1f} ms")
    print(f"ratio ours/echo: {rates['ours'] / rates['echo']:.2f} (aim >= 0.8)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.messages, args.rounds))
