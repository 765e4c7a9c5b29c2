"""One of several workers on PostgreSQL: each second a heartbeat says this worker is alive and
sizes its share of Telegram's budget (the bot's 30/s split evenly among the workers alive);
every half minute one worker, whichever holds the lock, forgets handled updates Telegram can
no longer retry. (Training reminders sweep in the same way: handlers/trainings/reminders.py.)
Every few seconds each worker also takes up the FAQ entries admins added on another.

With SQLite there is one process: it has the whole budget, and its jobs are its own.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import CallbackContext

import announcements
from announcements.pacing import Pacer
from core.context import SERVICES_KEY, App, Services

log = logging.getLogger(__name__)

HEARTBEAT = 1.0  # seconds; a worker not seen for storage.cluster.ALIVE is counted out
SWEEP = 30.0  # seconds between sweeps
FAQ_SYNC = 10.0  # seconds: an entry added on another worker answers here this soon
# A newcomer waits, before it serves or sends anything, until the others have seen it and
# shrunk their parts (their rows say by how many they divide), at most this long.
JOINING = 15.0


async def start_cluster(app: App) -> None:
    """Join the cluster (PostgreSQL only): take this worker's share, then heartbeat and sweep."""
    services: Services = app.bot_data[SERVICES_KEY]
    if services.repo.db.dialect != "postgres" or app.job_queue is None:
        return
    pacer = announcements.engine_of(app).pacer
    pacer.pause(JOINING)  # before any await: the engine's tasks have not sent yet
    workers = await _join(services, pacer)
    pacer.paused_until = 0.0
    if workers > 1:
        log.info("Joined %d other workers", workers - 1)
    app.job_queue.run_repeating(_heartbeat, interval=HEARTBEAT, first=HEARTBEAT,
                                name="cluster-heartbeat")
    app.job_queue.run_repeating(_forget_old, interval=SWEEP, first=SWEEP, name="cluster-sweep")
    app.job_queue.run_repeating(_sync_faq, interval=FAQ_SYNC, first=FAQ_SYNC, name="faq-sync")


async def _join(services: Services, pacer: Pacer) -> int:
    """Take this worker's part, then wait (post_init: before serving or sending anything)
    until the others have shrunk theirs to make room, or JOINING has passed."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + JOINING
    while True:
        workers = await services.repo.cluster.heartbeat(pacer.shared_by)
        _take_share(pacer, workers)
        if await services.repo.cluster.others_share_by(workers) or loop.time() > deadline:
            return workers
        await asyncio.sleep(HEARTBEAT / 4)


async def leave_cluster(app: App) -> None:
    """Leave at a clean stop, so that the others take this worker's share at once."""
    services: Services = app.bot_data[SERVICES_KEY]
    if services.db is not None and services.repo.db.dialect == "postgres":
        await services.repo.cluster.leave()


async def _heartbeat(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Say this worker is alive and take its share of the budget."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    pacer = announcements.engine_of(context.application).pacer
    _take_share(pacer, await services.repo.cluster.heartbeat(pacer.shared_by))


def _take_share(pacer: Pacer, workers: int) -> None:
    """Use this worker's part of the budget, saying so when the number of workers changes."""
    if pacer.shared_by != workers:
        log.info("%d workers share the bot's budget", workers)
    pacer.share(workers)


async def _forget_old(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Whoever gets the lock forgets what Telegram can no longer retry."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    async with services.repo.cluster.exclusive("forget-old") as mine:
        if mine:
            await services.repo.cluster.forget_old()


async def _sync_faq(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Add the run-time FAQ entries another worker stored since this one last looked."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    if services.faq is None:
        return
    known = {entry.id for entry in services.faq.entries}
    new = [entry for entry in await services.repo.faq.entries() if entry["id"] not in known]
    if new:
        services.faq.add_entries(new)
        log.info("Took up %d FAQ entries added on another worker", len(new))
