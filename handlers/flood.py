"""Flood control: over ~20 updates in 10 s, a user is asked once to slow down, then ignored.

Ignored means no API call at all (not even answering a pressed button): a flood of presses
must not turn into a flood of answerCallbackQuery. Updates of a muted sender are thrown away
by the update processor before they take a global slot; the guard below catches the rest.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from core.context import App, OcopContext
from core.flood import FloodGate, Verdict
from core.updates import PerUserUpdateProcessor

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


def sender_is_muted(app: App, update: object) -> bool:
    """Whether `update` comes from a user in a flood cool-down (read at call time)."""
    if not isinstance(update, Update) or update.effective_user is None:
        return False
    gate: FloodGate = app.bot_data[GATE_KEY]
    return gate.is_muted(update.effective_user.id)


def register(app: App) -> None:
    app.bot_data[GATE_KEY] = FloodGate(limit=20, window=10.0, cooldown=30.0)
    if isinstance(app.update_processor, PerUserUpdateProcessor):
        app.update_processor.drop_if = lambda update: sender_is_muted(app, update)
    app.add_handler(TypeHandler(Update, guard_flood), group=FLOOD_GROUP)
    if app.job_queue is not None:
        app.job_queue.run_repeating(forget_idle_senders, interval=300, first=300)
