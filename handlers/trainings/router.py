"""Dispatch every `tr:` button; a stale, forged or foreign one changes nothing."""

from __future__ import annotations

from telegram import Update

from core.context import OcopContext
from handlers.trainings import listing, rsvp
from handlers.trainings.common import PREFIX, officer_scope
from handlers.trainings.create import start_creation
from handlers.trainings.steps import on_step_button

MAX_DATA = 64


def parse(data: str) -> tuple[str, list[int]] | None:
    """(verb, numbers) of `tr:verb:1:2`, or None if it is not one of ours."""
    parts = data.split(":")
    if len(data.encode()) > MAX_DATA or len(parts) < 2 or parts[0] != PREFIX:
        return None
    if not all(p.isdigit() and len(p) < 12 for p in parts[2:]):
        return None
    return parts[1], [int(p) for p in parts[2:]]


async def on_press(update: Update, context: OcopContext) -> None:
    """Run the button's action and answer the press (with the notice if it is not valid)."""
    query = update.callback_query
    assert query is not None
    parsed = parse(query.data or "")
    answer = await _dispatch(update, context, *parsed) if parsed else None
    await query.answer(context.t("This button is no longer valid.") if answer is None
                       else answer or None)


async def _dispatch(update: Update, context: OcopContext, verb: str,
                    values: list[int]) -> str | None:
    if verb == "y" and len(values) == 2:
        return await rsvp.attend(update, context, values[0], values[1])
    if verb == "n" and len(values) == 1:
        return await rsvp.decline(update, context, values[0])
    officer_actions = {"xl": listing.export, "cx": listing.ask_cancel, "cy": listing.cancel}
    if verb in officer_actions and len(values) == 1:
        return await officer_actions[verb](update, context, values[0])
    if verb == "new" and not values:
        return await _create(update, context)
    if len(values) > 1:
        return None
    return await on_step_button(update, context, verb, values[0] if values else None)


async def _create(update: Update, context: OcopContext) -> str | None:
    """➕ Create a training: officers and admins only."""
    assert update.effective_user is not None
    allowed, _ = await officer_scope(context, update.effective_user.id)
    if not allowed:
        return None
    await start_creation(update, context)
    return ""
