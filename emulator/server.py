"""BotApiEmulator: an aiohttp server speaking the Telegram Bot API on loopback."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from functools import partial
from types import TracebackType
from typing import Any

from aiohttp import web

from .context import Call, Handler
from .errors import ApiError, too_many_requests
from .faults import FaultInjector, FaultPlan
from .limits import FloodControl
from .methods_bot import BOT_METHODS
from .methods_edit import EDIT_HANDLERS
from .methods_send import SEND_HANDLERS, SEND_METHODS
from .params import UploadedFile, read_request, redact
from .registry import SimRegistry
from .state import EmulatorState
from .stats import ApiCall, EmulatorStats
from .webhook import Webhook, WebhookAttempt

log = logging.getLogger(__name__)
HANDLERS: dict[str, Handler] = {**BOT_METHODS, **SEND_HANDLERS, **EDIT_HANDLERS}
_BY_LOWER = {name.lower(): name for name in HANDLERS}
_dumps = partial(json.dumps, ensure_ascii=False)


class BotApiEmulator(SimRegistry):
    """A faithful-enough Telegram Bot API server for tests, benchmarks and demos."""

    def __init__(
        self, token: str = "123456:TEST-TOKEN", bot_username: str = "ocop_demo_bot",
        host: str = "127.0.0.1", port: int = 0, global_limit_per_second: float | None = 30.0,
        per_chat_limit_per_second: float | None = None, *, bot_first_name: str = "OCOP Demo",
        faults: FaultPlan | None = None, strict_html_ampersand: bool = True,
        callback_query_ttl: float = 60.0, clock: Callable[[], float] = time.monotonic,
        webhook_timeout: float = 60.0, webhook_retry_base: float = 1.0,
    ) -> None:
        state = EmulatorState(token, bot_username, bot_first_name, strict_html_ampersand,
                              callback_query_ttl)
        super().__init__(state)
        # Seconds a webhook has to answer one POST, and the length of a second of Telegram's
        # resend schedule (emulator/webhook.py); both may be changed while running.
        state.webhook.timeout, state.webhook.retry_base = webhook_timeout, webhook_retry_base
        self.token, self.host, self.port = token, host, port
        self._injector = FaultInjector(faults or FaultPlan())
        self._limits = (global_limit_per_second, per_chat_limit_per_second)
        self._flood = FloodControl(global_limit_per_second, per_chat_limit_per_second)
        self.clock = clock  # what the flood limits count seconds with (tests may speed it up)
        self.stats = EmulatorStats()
        self.calls: list[ApiCall] = []
        self._runner: web.AppRunner | None = None

    @property
    def faults(self) -> FaultPlan:
        """The random fault plan (mutable; may also be replaced)."""
        return self._injector.plan

    @faults.setter
    def faults(self, plan: FaultPlan) -> None:
        self._injector.plan = plan

    @property
    def global_limit_per_second(self) -> float | None:
        """Outgoing messages allowed per sliding second, all chats (None = unlimited)."""
        return self._limits[0]

    @global_limit_per_second.setter
    def global_limit_per_second(self, value: float | None) -> None:
        self._limits = (value, self._limits[1])
        self._flood = FloodControl(*self._limits)

    @property
    def per_chat_limit_per_second(self) -> float | None:
        """Outgoing messages allowed per sliding second in one chat (None = unlimited)."""
        return self._limits[1]

    @per_chat_limit_per_second.setter
    def per_chat_limit_per_second(self, value: float | None) -> None:
        self._limits = (self._limits[0], value)
        self._flood = FloodControl(*self._limits)

    @property
    def base_url(self) -> str:
        """Pass to `ApplicationBuilder().base_url()`; PTB appends the token."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass to `ApplicationBuilder().base_file_url()`."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        """setMyCommands results keyed by (scope type, language_code or "")."""
        return self.state.commands

    @property
    def webhook(self) -> Webhook:
        """The webhook set by setWebhook: its knobs (`timeout`, `retry_base`), `attempts`."""
        return self.state.webhook

    @property
    def webhook_deliveries(self) -> dict[int, list[WebhookAttempt]]:
        """Every POST of each update to the webhook, by update id, in the order first sent."""
        return self.state.webhook.deliveries()

    def route_webhook(self, host: str, base_url: str) -> None:
        """POST what is meant for https://`host`/path to `base_url`/path (DNS and TLS of a test's
        load balancer); unrouted hosts other than loopback fail as unresolvable."""
        self.state.webhook.route(host, base_url)

    async def webhook_idle(self, timeout: float = 30.0) -> None:
        """Return once no update is pending or in flight (all answered 2xx); TimeoutError if
        that does not happen within `timeout` seconds."""
        await self.state.webhook.idle(timeout)

    def fail_next(self, method: str, status: int, description: str, *,
                  retry_after: int | None = None, count: int = 1) -> None:
        """Make the next `count` calls of `method` ("*" = any) fail with this error."""
        self._injector.fail_next(method, status, description, retry_after, count)

    def calls_of(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    async def start(self) -> None:
        """Listen on host:port (port 0 picks a free one, stored back in `port`)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self.state.updates.closing = False
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.state.webhook.resume()

    async def stop(self) -> None:
        """Stop pushing to the webhook, release held long polls and shut the server down."""
        await self.state.webhook.halt()
        self.state.updates.closing = True
        self.state.updates.wake_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()

    async def _handle_api(self, request: web.Request) -> web.Response:
        raw_method = request.match_info["method"]
        method = _BY_LOWER.get(raw_method.lower())
        params: dict[str, Any] = {}
        files: dict[str, UploadedFile] = {}
        if request.match_info["token"] != self.token:
            error: ApiError | None = ApiError(401, "Unauthorized")
        elif method is None:
            error = ApiError(404, "Not Found: method not found")
        else:
            try:
                params, files = await read_request(request)
                result = await self._dispatch(method, params, files)
                error = None
            except ApiError as exc:
                error = exc
        gone = request.transport is None or request.transport.is_closing()
        if gone and method == "getUpdates":
            # PTB cancels its long poll on shutdown; the superseded poll's 409 reaches no one.
            return web.Response(status=499)
        self._account(method or raw_method, redact(params, files), error, params)
        if error is not None:
            return web.json_response(error.payload(), status=error.status, dumps=_dumps)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    async def _dispatch(self, method: str, params: dict[str, Any],
                        files: dict[str, UploadedFile]) -> Any:
        """Run one call: latency, faults and limits first, then the method itself."""
        self.stats.requests[method] += 1
        delay = self._injector.delay()
        if delay > 0:
            await asyncio.sleep(delay)
        self._precheck(method, params)
        try:
            result = await HANDLERS[method](Call(self.state, method, params, files))
        except ApiError:
            raise
        except Exception as exc:  # a bug here must reach the client, not hang it
            log.exception("emulator failed on %s", method)
            raise ApiError(500, f"Internal Server Error: {exc!r}") from exc
        if method in SEND_METHODS:
            self.stats.sent_per_chat[int(params["chat_id"])] += 1
        return result

    def _precheck(self, method: str, params: dict[str, Any]) -> None:
        """Faults, then flood limits — both before the call has any effect."""
        fault = self._injector.check(method)
        if fault is not None:
            if fault.status == 429:
                self.stats.injected_429 += 1
            elif fault.status >= 500:
                self.stats.injected_5xx += 1
            raise fault
        if method not in SEND_METHODS:
            return
        chat_id = params.get("chat_id")
        verdict = self._flood.check(chat_id if isinstance(chat_id, int) else None, self.clock())
        if verdict is not None:
            scope, retry_after = verdict
            if scope == "global":
                self.stats.global_limit_429 += 1
            else:
                self.stats.chat_limit_429 += 1
            raise too_many_requests(retry_after)

    def _account(self, method: str, logged: dict[str, Any], error: ApiError | None,
                 params: dict[str, Any]) -> None:
        """Log the call; count errors and remember them on the chat for timeout messages."""
        status = 200 if error is None else error.status
        description = None if error is None else error.description
        self.calls.append(ApiCall(method, logged, status, time.monotonic(), description))
        if error is None:
            return
        self.stats.errors[error.description] += 1
        if error.status == 403:
            self.stats.blocked_403 += 1
        chat = self.state.chats.find(params.get("chat_id"))
        if chat is not None:
            chat.errors.append(f"{method} → {error.status} {error.description}")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self.state.files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=stored.data,
                            content_type=stored.mime_type or "application/octet-stream")

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)
