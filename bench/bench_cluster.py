"""Cluster throughput: updates handled per second end to end, by `python bot.py` workers in
webhook mode behind a round-robin load balancer, fed by the emulator's push.

Three set-ups in one run, each on a fresh database and with its own emulator: one worker on
SQLite (the baseline), one worker on PostgreSQL, two workers on one PostgreSQL database. All
are started first; then their bursts are timed in turn, round after round, and each set-up's
median round is reported (the machine is shared: its other load falls on each alike).

In a burst, new users each send /start and a question in turn, each waiting for the answer
before sending again, like a person, and staying under the bot's flood control (20 updates in
10 s). The emulator's 30-per-second limit is off and the workers pace themselves as for paid
broadcasts (1,000 a second), so their own cost is what is measured: Telegram's free limit would
cap every set-up at 30 replies a second. Prints updates/s, reply latency p50/p95 and the ratio
to the SQLite baseline; writes them to bench/results/cluster_<date>.txt.

    BENCH_DATABASE_URL=postgresql://postgres@localhost:54329/postgres \\
        python bench/bench_cluster.py [--users 40] [--messages 10] [--rounds 3]

The PostgreSQL URL names a maintenance database: each set-up creates its own database there
and drops it afterwards (TEST_DATABASE_URL is used when BENCH_DATABASE_URL is not set).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from emulator import BotApiEmulator, SimUser
from tests.support.cluster import running_cluster, worker_env
from tests.support.engines import with_database

TOKEN = "123456:BENCH-CLUSTER-TOKEN-abcdefgh"
TEXTS = ("/start", "xin chào, cho tôi hỏi về OCOP")
FLOOD_ROOM = 18  # updates per user per run: under the bot's flood control (20 in 10 s)
RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Result:
    name: str
    updates: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.updates / self.seconds


@asynccontextmanager
async def postgres_database(admin_url: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database (the workers migrate it), dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield with_database(admin_url, name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def converse(user: SimUser, messages: int, latencies: list[float]) -> None:
    """Send `messages` messages, each after the previous answer."""
    for i in range(messages):
        started = time.perf_counter()
        await user.ask(TEXTS[i % len(TEXTS)], timeout=30.0)
        latencies.append(time.perf_counter() - started)


@dataclass
class Setup:
    """Workers serving one emulator's bot, on one database."""

    name: str
    emu: BotApiEmulator
    runs: list[Result] = field(default_factory=list)

    async def burst(self, users: int, messages: int) -> None:
        """New users say /start (not timed), then each sends `messages` messages."""
        people = [self.emu.user(first_name=f"Người {n}") for n in range(users)]
        await asyncio.gather(*(p.ask("/start", timeout=60.0) for p in people))
        latencies: list[float] = []
        started = time.perf_counter()
        await asyncio.gather(*(converse(p, messages, latencies) for p in people))
        self.runs.append(Result(self.name, users * messages, time.perf_counter() - started,
                                latencies))
        await self.emu.webhook_idle(30.0)


async def start(stack: AsyncExitStack, name: str, database: str | Path, workers: int,
                cwd: Path) -> Setup:
    """An emulator and `workers` workers on `database`, stopped when `stack` closes."""
    emu = await stack.enter_async_context(BotApiEmulator(
        token=TOKEN, global_limit_per_second=None, webhook_retry_base=0.05,
        webhook_timeout=30.0))
    # Paid broadcasts lift the bot's own pace to Telegram's 1,000 a second: with the free 30
    # a second, every set-up would measure the pace, not the handling.
    env = worker_env(emu, database, PAID_BROADCASTS="1")
    cwd.mkdir()
    await stack.enter_async_context(running_cluster(emu, cwd, env, workers))
    return Setup(name, emu)


async def run(users: int, messages: int, rounds: int, admin_url: str | None) -> list[Setup]:
    """Start every set-up, then time their bursts in turn, round after round (so that the
    machine's other load falls on each alike)."""
    async with AsyncExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        setups = [await start(stack, "1 worker, SQLite", tmp / "bench.sqlite3", 1, tmp / "a")]
        if admin_url is None:
            print("No BENCH_DATABASE_URL or TEST_DATABASE_URL: PostgreSQL set-ups skipped")
        else:
            for workers, folder in ((1, "b"), (2, "c")):
                url = await stack.enter_async_context(postgres_database(admin_url))
                label = f"{workers} worker{'s' if workers > 1 else ''}, PostgreSQL"
                setups.append(await start(stack, label, url, workers, tmp / folder))
        for _ in range(rounds):
            for setup in setups:
                await setup.burst(users, messages)
        return setups


def report(setups: list[Setup], users: int, messages: int) -> str:
    """Each set-up's median round, and its ratio to the SQLite baseline's."""
    medians = {s.name: statistics.median(run.rate for run in s.runs) for s in setups}
    baseline = medians[setups[0].name]
    lines = [f"{users} users x {messages} messages each (/start and a question in turn),"
             f" {len(setups[0].runs)} rounds (median), webhook push through a round-robin load"
             " balancer, Telegram's limits off"]
    for setup in setups:
        latencies = [x for run in setup.runs for x in run.latencies]
        cut = statistics.quantiles(latencies, n=100)
        rates = " ".join(f"{run.rate:.0f}" for run in setup.runs)
        lines.append(f"{setup.name:>24}: {medians[setup.name]:7.1f} updates/s ({rates})"
                     f"  p50 {cut[49] * 1000:6.1f} ms  p95 {cut[94] * 1000:7.1f} ms"
                     f"  x{medians[setup.name] / baseline:.2f} of SQLite")
    return "\n".join(lines)


def save(text: str, started: datetime, command: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"cluster_{started:%Y-%m-%d}.txt"
    load = os.getloadavg()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=RESULTS.parent).stdout.strip() or "unknown"
    header = (f"# command: {command}\n# commit {commit}; started {started:%Y-%m-%dT%H:%M:%SZ},"
              f" {os.cpu_count()} cores, load average {load:.1f} at the end\n")
    path.write_text(header + text + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.messages + 1 > FLOOD_ROOM:  # each round has new users
        parser.error(f"--messages at most {FLOOD_ROOM - 1}: the bot's flood control would mute")
    admin_url = (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
                 or None)
    started = datetime.now(UTC)
    setups = asyncio.run(run(args.users, args.messages, args.rounds, admin_url))
    text = report(setups, args.users, args.messages)
    print(text)
    command = "python bench/bench_cluster.py " + " ".join(sys.argv[1:])
    print(f"written to {save(text, started, command.strip())}")


if __name__ == "__main__":
    main()
