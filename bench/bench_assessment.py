"""200 simulated users doing self-assessments at once: replies per second and reply latency.

Beside it, in the same run on the same emulator (its 30-per-second limit off), a bare PTB echo
bot answering the same number of users and messages: the baseline for this machine right now.

    python bench/bench_assessment.py [--users 200] [--sheet 1] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from bench.bench_throughput import echo_bot
from bot import build_application
from core.config import Settings
from core.flood import FloodGate
from core.lifecycle import polling
from emulator import BotApiEmulator, SimUser
from handlers.flood import GATE_KEY
from knowledge.criteria.loader import load_sheets
from knowledge.criteria.products import PRODUCT_GROUPS

TOKEN = "123456:BENCH-TOKEN-for-the-emulator"
TIMEOUT = 30.0


THINK = {"seconds": 0.0}  # mean pause before each interaction, set from the command line


async def timed(latencies: list[float], action) -> None:  # type: ignore[no-untyped-def]
    """Pause like a person reading, then run one interaction and wait for the bot's answer."""
    if THINK["seconds"]:
        await asyncio.sleep(random.expovariate(1 / THINK["seconds"]))
    started = time.perf_counter()
    await action()
    latencies.append(time.perf_counter() - started)


async def assess(user: SimUser, sheet: int, answers: list[int], latencies: list[float]) -> None:
    """One person's whole assessment, each step waiting for the answer."""
    group = next(i for i, g in enumerate(PRODUCT_GROUPS) if sheet in g.sheets)

    async def press(label: str) -> None:
        await user.press(label)
        await user.next_reply(timeout=TIMEOUT)

    await timed(latencies, lambda: user.ask("/danhgia", timeout=TIMEOUT))
    await timed(latencies, lambda: press(f"{group + 1}. "))
    await timed(latencies, lambda: press(f"{PRODUCT_GROUPS[group].sheets.index(sheet) + 1}. "))
    await timed(latencies, lambda: press("Bỏ qua ➡️"))
    while "Câu 1/" not in (user.last.text if user.last else ""):
        await timed(latencies, lambda: press("Có"))
    for option in answers:
        await timed(latencies, lambda option=option: press(f"{option + 1} ("))
    await user.press("✅ Xem kết quả")
    await timed(latencies, lambda: user.next_reply(timeout=TIMEOUT))


async def run_ours(emu: BotApiEmulator, settings: Settings, users: int, sheet: int,
                   seed: int) -> tuple[int, float, list[float]]:
    criteria = load_sheets()[sheet].criteria
    rng = random.Random(seed)
    latencies: list[float] = []
    app = build_application(settings)
    app.bot_data[GATE_KEY] = FloodGate(limit=1_000_000)  # simulated users outpace people
    async with polling(app, timeout=1):
        people = [emu.user() for _ in range(users)]
        plans = [[rng.randrange(len(c.options)) for c in criteria] for _ in people]
        started = time.perf_counter()
        sessions = zip(people, plans, strict=True)
        await asyncio.gather(*(assess(p, sheet, a, latencies) for p, a in sessions))
        elapsed = time.perf_counter() - started
    return len(latencies), elapsed, latencies


async def run_echo(emu: BotApiEmulator, users: int, messages: int
                   ) -> tuple[int, float, list[float]]:
    latencies: list[float] = []

    async def chat(user: SimUser) -> None:
        for i in range(messages):
            await timed(latencies, lambda i=i: user.ask(f"tin nhắn {i}", timeout=TIMEOUT))

    async with polling(echo_bot(emu.base_url), timeout=1):
        people = [emu.user() for _ in range(users)]
        started = time.perf_counter()
        await asyncio.gather(*(chat(p) for p in people))
        elapsed = time.perf_counter() - started
    return len(latencies), elapsed, latencies


def line(name: str, count: int, elapsed: float, latencies: list[float]) -> float:
    rate = count / elapsed
    q = statistics.quantiles(latencies, n=100)
    print(f"{name:>6}: {count:6d} replies in {elapsed:6.1f} s = {rate:7.1f}/s"
          f"  p50 {q[49] * 1000:7.1f} ms  p95 {q[94] * 1000:7.1f} ms")
    return rate


async def main(users: int, sheet: int, seed: int) -> None:
    async with BotApiEmulator(token=TOKEN, global_limit_per_second=None) as emu:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(token=TOKEN, api_base_url=emu.base_url,
                                database_path=Path(tmp) / "bench.sqlite3")
            ours = await run_ours(emu, settings, users, sheet, seed)
            per_user = ours[0] // users
            echo = await run_echo(emu, users, per_user)
    print(f"{users} users, sheet {sheet}, {per_user} interactions each,"
          f" mean think time {THINK['seconds']} s")
    rate_ours = line("ours", *ours)
    rate_echo = line("echo", *echo)
    print(f"ratio ours/echo replies per second: {rate_ours / rate_echo:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--sheet", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause before each step, in seconds (0: no pause)")
    args = parser.parse_args()
    THINK["seconds"] = args.think
    asyncio.run(main(args.users, args.sheet, args.seed))
