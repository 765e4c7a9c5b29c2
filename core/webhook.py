"""Webhook mode: our own small aiohttp server in front of the Application.

PTB's built-in webhook server compares the secret header with `!=`, which leaks through timing
how much of a guess was right. This one compares in constant time and refuses anything else
with 403 before reading the body.

Several workers may serve one bot behind a load balancer. Each update is handled before it is
answered, which keeps a user's updates in order whichever worker gets them: Telegram sends a
chat's next update only after a 2xx for the previous one (its Bot API server keeps one update
in flight per chat). Two things remain, and `ClusterRepo.turn` covers them: a retry of an
update whose answer Telegram did not see (a timeout, a worker that died) may arrive while the
first delivery is still being handled elsewhere, so a user's updates take turns under a lock
held in the database; and an update handled already is not handled again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import AsyncIterator

from aiohttp import web
from telegram import Update

from core.config import WebhookSettings
from core.context import SERVICES_KEY, App
from core.lifecycle import shut_down
from core.updates import REPLAYING, WEBHOOK_UPDATE, update_key
from storage.cluster import Turn

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # Telegram's updates are far smaller


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of the secret header with the configured secret."""
    return hmac.compare_digest((given or "").encode(), expected.encode())


async def handle(app: App, update: Update) -> None:
    """Handle one update in its user's turn, unless it was handled before."""
    repo = app.bot_data[SERVICES_KEY].repo
    key = update_key(update)
    async with repo.cluster.turn(update.update_id, key) as turn:
        if turn is Turn.DONE:
            return
        if key is not None:
            await repo.refresh(key)  # the previous update may have gone to another worker
        tokens = WEBHOOK_UPDATE.set(update.update_id), REPLAYING.set(turn is Turn.APPLIED)
        try:
            await app.update_processor.process_update(update, app.process_update(update))
        finally:
            WEBHOOK_UPDATE.reset(tokens[0])
            REPLAYING.reset(tokens[1])


def webhook_app(app: App, hook: WebhookSettings) -> web.Application:
    """The aiohttp application serving Telegram's POSTs on the path of WEBHOOK_URL."""

    async def receive(request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), hook.secret):
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), app.bot)
        except Exception:  # malformed JSON or not an update: nothing to hand on
            log.warning("Webhook: ignored a request that is not a Telegram update")
            return web.Response(status=400)
        await handle(app, update)
        return web.Response(status=200)

    server = web.Application(client_max_size=MAX_UPDATE_BYTES)
    server.router.add_post("/" + hook.path, receive)
    return server


@contextlib.asynccontextmanager
async def serving(app: App, hook: WebhookSettings) -> AsyncIterator[App]:
    """Start the Application and the webhook server; stop both cleanly afterwards."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    runner = web.AppRunner(webhook_app(app, hook), access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, hook.listen, hook.port).start()
        await app.bot.set_webhook(url=hook.url, secret_token=hook.secret,
                                  allowed_updates=Update.ALL_TYPES)
        log.info("Serving the webhook on %s:%s", hook.listen, hook.port)
        yield app
    finally:
        await runner.cleanup()
        await shut_down(app)




async def run_webhook(app: App, hook: WebhookSettings) -> None:
    """Serve the webhook until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with serving(app, hook):
        await stop.wait()
    log.info("Application is stopping")
