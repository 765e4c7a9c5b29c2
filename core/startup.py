"""Start-up and shutdown work: storage, knowledge and the per-language command menus."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram.ext import CallbackContext

from core.command_menus import set_command_menus
from core.context import SERVICES_KEY, App, Services
from core.health import HEARTBEAT_INTERVAL, beat, heartbeat_path
from knowledge.criteria.eligibility import load_conditions
from knowledge.criteria.loader import load_sheets
from knowledge.criteria.products import english_sheets
from knowledge.faq.engine import FaqEngine

log = logging.getLogger(__name__)


async def open_services(app: App) -> None:
    """Open storage, load knowledge and publish the command menus."""
    services: Services = app.bot_data[SERVICES_KEY]
    services.sheets = load_sheets()
    services.conditions = load_conditions()
    english_sheets()  # the sheets' English words: a broken file stops start-up here
    await services.open_storage()
    services.faq = FaqEngine.load(sheets=services.sheets, extra=await services.repo.faq.entries())
    await set_command_menus(app)
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            _heartbeat, interval=HEARTBEAT_INTERVAL, first=0,
            data=heartbeat_path(services.settings.database_path),
        )
    where = "PostgreSQL" if services.settings.database_url else services.settings.database_path
    log.info("Bot @%s ready, database %s", app.bot.username, where)


async def _heartbeat(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """Touch the heartbeat file that Docker's HEALTHCHECK reads."""
    assert context.job is not None and isinstance(context.job.data, Path)
    beat(context.job.data)


async def close_services(app: App) -> None:
    """Close storage."""
    await app.bot_data[SERVICES_KEY].close_storage()
