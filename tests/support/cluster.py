"""Several `python bot.py` workers in webhook mode on one database, behind the round-robin
forwarder, fed by the emulator's push: for the cluster test and benchmark.

Each worker writes its log to a file (a pipe nobody reads would fill and stop the process); a
test waits on what the log says ("Serving the webhook", "2 workers share the bot's budget").
A worker is killed with SIGKILL and replaced by a new process on a new port, put in the dead
one's place in the forwarder, as an orchestrator restarting a crashed container would.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from emulator import BotApiEmulator
from storage.db import is_postgres_url
from tests.support.forwarder import Forwarder
from tests.support.process import ANSWERED, ROOT, STARTED, clean_env

PUBLIC_HOST = "ocop.example.vn"
PUBLIC_URL = f"https://{PUBLIC_HOST}/tg-hook"
SECRET = "cluster_secret-0123456789abcdef"
SERVING = "Serving the webhook on"
POLL = 0.05  # seconds between two looks at a log file or a port


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sharing(workers: int) -> str:
    """What a worker logs once it has seen `workers` workers alive (core/cluster.py)."""
    return f"{workers} workers share the bot's budget"


@dataclass
class Worker:
    """One `python bot.py` process serving the webhook on `port`."""

    proc: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def url(self) -> str:
        """Its base URL, as the forwarder names it."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        """Everything it logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None

    async def expect(self, needle: str, timeout: float = STARTED) -> None:
        """Wait until `needle` is in the log; fail (quoting the log's end) if not in time."""
        await until(lambda: needle in self.output or not self.alive, timeout,
                    f"{needle!r} in {self.log.name}")
        assert needle in self.output, f"{self.log.name} ended:\n{self.output[-3000:]}"

    async def kill9(self) -> None:
        """SIGKILL: no clean-up at all, requests in flight dropped."""
        self.proc.kill()
        await self.proc.wait()

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not stop in time."""
        if not self.alive:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), ANSWERED)
        except TimeoutError:
            await self.kill9()


async def until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `predicate` until it holds; TimeoutError naming `what` if it does not in time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"not reached within {timeout}s: {what}")
        await asyncio.sleep(POLL)


@dataclass
class Cluster:
    """Workers sharing `database` behind `lb`, talking to `emu`."""

    emu: BotApiEmulator
    lb: Forwarder
    cwd: Path
    env: dict[str, str]
    workers: list[Worker] = field(default_factory=list)
    started: int = 0

    async def spawn(self) -> Worker:
        """Start one more worker (not yet in the forwarder)."""
        port = free_port()
        self.started += 1
        log = self.cwd / f"worker-{self.started}.log"
        with log.open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, str(ROOT / "bot.py"), cwd=self.cwd,
                env={**self.env, "WEBHOOK_PORT": str(port)},
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT)
        worker = Worker(proc, port, log)
        self.workers.append(worker)
        return worker

    async def start(self, count: int) -> list[Worker]:
        """Start `count` workers, put them behind the forwarder, and wait until each serves
        and has seen all the others (so that they share Telegram's budget)."""
        fresh = [await self.spawn() for _ in range(count)]
        for worker in fresh:
            self.lb.add_backend(worker.url)
        for worker in fresh:
            await worker.expect(SERVING)
            if count > 1:
                await worker.expect(sharing(count))
        return fresh

    async def restart(self, worker: Worker) -> Worker:
        """kill -9 `worker`, start a new one on a new port in its place in the forwarder (it
        refuses connections until it listens: the forwarder skips it meanwhile)."""
        await worker.kill9()
        fresh = await self.spawn()
        self.lb.replace_backend(worker.url, fresh.url)
        return fresh

    def serving(self, worker: Worker) -> bool:
        """Whether `worker` is up and serving the webhook."""
        return worker.alive and SERVING in worker.output

    async def stop(self) -> None:
        await asyncio.gather(*(worker.stop() for worker in self.workers))


def worker_env(emu: BotApiEmulator, database: str | Path, **extra: str) -> dict[str, str]:
    """The environment every worker shares (its port aside); `database` is a PostgreSQL URL
    or an SQLite file (one worker only)."""
    where = ({"DATABASE_URL": database} if is_postgres_url(str(database))
             else {"DATABASE_PATH": str(database)})
    return clean_env(TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_API_BASE_URL=emu.base_url,
                     WEBHOOK_URL=PUBLIC_URL, WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_SECRET=SECRET,
                     LOG_LEVEL="INFO", **where, **extra)


@asynccontextmanager
async def running_cluster(emu: BotApiEmulator, cwd: Path, env: dict[str, str],
                          count: int) -> AsyncIterator[Cluster]:
    """`count` workers behind a forwarder that the emulator's webhook host is routed to."""
    async with Forwarder() as lb:
        emu.route_webhook(PUBLIC_HOST, lb.url)  # DNS and TLS end at the load balancer
        cluster = Cluster(emu, lb, cwd, env)
        try:
            await cluster.start(count)
            yield cluster
        finally:
            await cluster.stop()
