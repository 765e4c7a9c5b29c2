"""The central error handler: log first, then reassure the user, then alert the admins."""

from __future__ import annotations

import html
import logging
import time
import traceback

from telegram import Update
from telegram.error import Forbidden, TelegramError

from core.context import App, OcopContext
from core.i18n import Translator
from storage.db import is_engine_error

log = logging.getLogger(__name__)

ADMIN_ALERT_INTERVAL = 60.0  # seconds: at most one alert a minute, whatever the error rate
_LAST_ALERT_KEY = "last_admin_alert"


async def handle_error(update: object, context: OcopContext) -> None:
    """Log the traceback, tell the user what is true, and alert admins (rate-limited)."""
    log.error("Error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    if isinstance(context.error, Forbidden) and update.effective_user is not None:
        await context.repo.users.set_accepts_messages(update.effective_user.id, False)
        return
    await _reassure_user(update, context)
    await _alert_admins(update, context)


async def _reassure_user(update: Update, context: OcopContext) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != "private":
        return
    t = await context.translator_for(user.id if user else None,
                                     user.language_code if user else None)
    text = user_message(t, context.error)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(chat.id, text)
    except TelegramError:
        log.warning("Could not tell user %s about the error", chat.id, exc_info=True)


def is_database_error(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) came from the database: a write may have failed."""
    for _ in range(10):  # a chain of causes, never followed round a cycle
        if error is None:
            return False
        if is_engine_error(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def user_message(t: Translator, error: BaseException | None) -> str:
    """Only what is true: after a database error the last message may not have been saved."""
    if is_database_error(error):
        return t("Sorry, I could not save your last message because of a problem on my side. "
                 "Please send it again in a moment.")
    return t("Sorry, something went wrong on my side. Your earlier answers are kept: "
             "please try again in a moment.")


async def _alert_admins(update: Update, context: OcopContext) -> None:
    admins = context.services.settings.admin_ids
    now = time.monotonic()
    last = context.bot_data.get(_LAST_ALERT_KEY)
    if not admins or (last is not None and now - last < ADMIN_ALERT_INTERVAL):
        return
    context.bot_data[_LAST_ALERT_KEY] = now
    trace = "".join(traceback.format_exception(context.error)) if context.error else "?"
    for admin_id in admins:
        t = await context.translator_for(admin_id)
        header = t("⚠️ Error while handling update {update_id} (chat {chat_id}):",
                   update_id=update.update_id,
                   chat_id=update.effective_chat.id if update.effective_chat else 0)
        try:
            # The traceback stays in English, like the logs it points to.
            await context.bot.send_message(
                admin_id, f"{header}\n<pre>{html.escape(trace[-3000:])}</pre>"
            )
        except TelegramError:
            log.warning("Could not alert admin %s", admin_id, exc_info=True)


def register(app: App) -> None:
    app.add_error_handler(handle_error)
