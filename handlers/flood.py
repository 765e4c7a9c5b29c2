"""Flood control: over ~20 updates in 10 s, a user is asked once to slow down, then ignored."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from core.context import App, OcopContext
from core.flood import FloodGate, Verdict

log = logging.getLogger(__name__)

FLOOD_GROUP = -3
GATE_KEY = "flood_gate"


async def guard_flood(update: Update, context: OcopContext) -> None:
    """Stop handling an update from a user who sends too fast."""
    user = update.effective_user
    if user is None:
        return
    gate: FloodGate = context.bot_data[GATE_KEY]
    verdict = gate.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if verdict is Verdict.WARN:
        log.info("Flood control: muting user %s for %.0f s", user.id, gate.cooldown)
        await _ask_to_slow_down(update, context)
    elif update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


async def _ask_to_slow_down(update: Update, context: OcopContext) -> None:
    user = update.effective_user
    assert user is not None
    t = await context.translator_for(user.id, user.language_code)
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            t("You are sending messages very fast. Please wait a little, then try again."),
        )


async def forget_idle_senders(context: OcopContext) -> None:
    """Drop flood state of quiet users."""
    context.bot_data[GATE_KEY].forget_idle()


def register(app: App) -> None:
    app.bot_data[GATE_KEY] = FloodGate(limit=20, window=10.0, cooldown=30.0)
    app.add_handler(TypeHandler(Update, guard_flood), group=FLOOD_GROUP)
    if app.job_queue is not None:
        app.job_queue.run_repeating(forget_idle_senders, interval=300, first=300)
