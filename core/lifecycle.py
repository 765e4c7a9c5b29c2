"""Run an Application inside an existing event loop, in the order run_polling uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update

from core.context import App


@asynccontextmanager
async def polling(
    app: App, *, timeout: int = 10
) -> AsyncIterator[App]:
    """Start `app` polling (post_init included) and stop it cleanly (post_shutdown included)."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0.0, timeout=timeout, allowed_updates=Update.ALL_TYPES
    )
    await app.start()
    try:
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        await shut_down(app)


async def shut_down(app: App) -> None:
    """Stop and shut `app` down (post_stop and post_shutdown included), as run_polling does."""
    if app.running:
        await app.stop()
    if app.post_stop:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
