"""A scripted webhook endpoint: it records each POST and answers as a test tells it to.

`receiver.answers[update_id]` lists what to answer to that update's first posts (a status, or
`(status, headers, json_body)`, or `HANG` for no answer at all); later posts get 200. While
`receiver.open` is cleared, every request is held inside until it is set again, so that a test
can see what is in flight at once. `await receiver.until(predicate)` waits for a condition on
what has arrived.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

from emulator.waiting import Signal

HANG = -1  # never answer (the caller's timeout ends it)
Answer = int | tuple[int, dict[str, str], Any]


@dataclass(frozen=True)
class Post:
    """One request as the receiver got it."""

    path: str
    query: str
    headers: dict[str, str]
    update: dict[str, Any]

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


@dataclass
class Receiver:
    """An aiohttp server on a free loopback port standing in for the bot's webhook server."""

    host: str = "127.0.0.1"
    port: int = 0
    posts: list[Post] = field(default_factory=list)
    answers: dict[int, deque[Answer]] = field(default_factory=dict)
    inside: int = 0  # requests being held or answered right now
    most_inside: int = 0
    open: asyncio.Event = field(default_factory=asyncio.Event)
    _changed: Signal = field(default_factory=Signal)
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def answer(self, update_id: int, *answers: Answer) -> None:
        """Answer the first posts of `update_id` so (200 afterwards)."""
        self.answers.setdefault(update_id, deque()).extend(answers)

    def ids(self) -> list[int]:
        """The update id of every post, in arrival order."""
        return [post.update_id for post in self.posts]

    async def until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds after some arrival; fail the test if it never does."""
        assert await self._changed.wait_for(predicate, timeout), "the condition never held"

    async def __aenter__(self) -> Receiver:
        self.open.set()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._receive)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5,
                                     handler_cancellation=True)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        self.open.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        post = Post(request.path, request.query_string, dict(request.headers),
                    await request.json())
        self.posts.append(post)
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        self._changed.notify()
        try:
            await self.open.wait()
            return await self._answer(post.update_id)
        finally:
            self.inside -= 1
            self._changed.notify()

    async def _answer(self, update_id: int) -> web.Response:
        queued = self.answers.get(update_id)
        planned: Answer = queued.popleft() if queued else 200
        if planned == HANG:
            await asyncio.Event().wait()
        if isinstance(planned, int):
            return web.json_response({"ok": planned < 300}, status=planned)
        status, headers, body = planned
        return web.json_response(body, status=status, headers=headers)
