"""A round-robin load balancer in front of several bot workers, for webhook tests.

It stands in for nginx (`proxy_pass` to an upstream of N servers, `proxy_next_upstream error`):
each request goes to the next backend in turn, with its path, query, headers (the secret header
included) and body; the backend's status, headers and body come back unchanged. A backend that
refuses the connection is skipped for the next one, and so is one that drops it before answering
(`next_on_drop`, nginx's `non_idempotent`: without it nginx answers a POST whose connection
dropped with 502 rather than send it twice). When every backend failed, the answer is 502; with
no answer within `timeout`, 504. Like nginx by default, it opens a new connection to the backend
for each request, so a restarted worker is reached at once.

Backends can be added, replaced (a restarted worker listens on a new port) or removed while it
runs; `requests` and `failures` count, per backend, the requests it answered and those it refused
or dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from types import TracebackType

import aiohttp
from aiohttp import web

HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "host", "content-length",
})
NOT_PASSED_BACK = HOP_BY_HOP | {"content-encoding", "date", "server"}


class Forwarder:
    """An aiohttp server on a free loopback port that spreads requests over `backends`."""

    def __init__(self, backends: Iterable[str] = (), *, host: str = "127.0.0.1",
                 next_on_drop: bool = True, timeout: float = 60.0) -> None:
        self._backends = [url.rstrip("/") for url in backends]
        self.host, self.port = host, 0
        self.next_on_drop = next_on_drop
        self.timeout = timeout
        self.requests: Counter[str] = Counter()  # answered, any status
        self.failures: Counter[str] = Counter()  # refused or dropped
        self._turn = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        """The base URL to send requests to (route the webhook's host here)."""
        return f"http://{self.host}:{self.port}"

    @property
    def backends(self) -> list[str]:
        """The backend base URLs, in turn order (a copy)."""
        return list(self._backends)

    def set_backends(self, backends: Iterable[str]) -> None:
        """Replace the whole list."""
        self._backends = [url.rstrip("/") for url in backends]

    def add_backend(self, url: str) -> None:
        self._backends.append(url.rstrip("/"))

    def remove_backend(self, url: str) -> None:
        self._backends.remove(url.rstrip("/"))

    def replace_backend(self, old: str, new: str) -> None:
        """Put `new` in `old`'s place (a worker restarted on another port)."""
        self._backends[self._backends.index(old.rstrip("/"))] = new.rstrip("/")

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True, limit=0),
            timeout=aiohttp.ClientTimeout(total=self.timeout), auto_decompress=False)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Forwarder:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()

    def _rotation(self) -> list[str]:
        """Every backend once, starting with the one whose turn it is."""
        backends = list(self._backends)
        if not backends:
            return []
        start = self._turn % len(backends)
        self._turn += 1
        return backends[start:] + backends[:start]

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        for backend in self._rotation():
            try:
                return await self._pass(request.method, backend, request.rel_url.path_qs,
                                        headers, body)
            except TimeoutError:
                return web.Response(status=504, text="504 Gateway Time-out")
            except aiohttp.ClientConnectorError:
                self.failures[backend] += 1
            except aiohttp.ClientError:  # dropped after the request went out
                self.failures[backend] += 1
                if not self.next_on_drop:
                    break
        return web.Response(status=502, text="502 Bad Gateway")

    async def _pass(self, method: str, backend: str, path: str, headers: dict[str, str],
                    body: bytes) -> web.Response:
        assert self._session is not None, "the forwarder is not running"
        async with self._session.request(method, backend + path, headers=headers,
                                         data=body) as answer:
            payload = await answer.read()
        self.requests[backend] += 1
        passed = {k: v for k, v in answer.headers.items() if k.lower() not in NOT_PASSED_BACK}
        return web.Response(status=answer.status, reason=answer.reason, body=payload,
                            headers=passed)
