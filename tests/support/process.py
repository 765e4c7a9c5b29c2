"""`python bot.py` as a real child process, for the kill -9, SIGTERM and webhook tests."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Generous bounds, never waited out when all is well: a process starts in a few seconds, but on a
# loaded machine (both cores busy with other tests) it may take many times that.
STARTED = 90.0  # seconds for a process to start and answer its first message
ANSWERED = 30.0  # seconds for a running process to answer or to stop


def clean_env(**extra: str) -> dict[str, str]:
    """A minimal environment, so that the developer's own settings cannot leak in."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return {**env, "PTB_TIMEDELTA": "1", "WEB_PORT": "0", **extra}


class BotProcess:
    """A running `python bot.py …` whose output is read as it comes."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.output = ""

    async def expect(self, needle: str, timeout: float = STARTED) -> str:
        """Read output until `needle` appears; return everything read so far."""
        assert self.proc.stdout is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while needle not in self.output:
            remaining = deadline - loop.time()
            assert remaining > 0, f"{needle!r} not seen in output:\n{self.output[-2000:]}"
            try:
                chunk = await asyncio.wait_for(self.proc.stdout.read(4096), remaining)
            except TimeoutError:
                continue
            assert chunk, f"process ended before {needle!r}:\n{self.output[-2000:]}"
            self.output += chunk.decode("utf-8", "replace")
        return self.output

    async def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        await self.proc.stdin.drain()

    async def kill9(self) -> None:
        self.proc.kill()
        await self.proc.wait()


@asynccontextmanager
async def bot_process(*args: str, cwd: Path, env: dict[str, str]) -> AsyncIterator[BotProcess]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), *args, cwd=cwd, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    running = BotProcess(proc)
    try:
        yield running
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
