"""Entry point: build the Application, register every handler in one place, run it.

`python bot.py` polls Telegram (or serves a webhook when WEBHOOK_URL is set);
`python bot.py --demo` runs the same bot against the local Bot API emulator with a terminal chat.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from announcements import start_engine, stop_engine
from core.cluster import leave_cluster, start_cluster
from core.config import ConfigError, Settings, load_settings, read_environment
from core.context import SERVICES_KEY, App, OcopContext, Services
from core.i18n import I18n
from core.logs import configure_logging
from core.render import Renderer
from core.retry import RetryingLimiter
from core.startup import close_services, open_services
from core.updates import PerUserUpdateProcessor
from core.webhook import run_webhook
from desk import start_desk, stop_desk
from handlers import (
    announcements,
    assessment,
    cancel,
    criteria_browser,
    edits,
    errors,
    fallback,
    faq,
    flood,
    group_chats,
    guide,
    invitations,
    language,
    main_menu,
    officer,
    privacy,
    registration,
    start,
    stats,
    tracking,
    trainings,
)


def register_handlers(app: App) -> None:
    """Register every handler; the order is deliberate."""
    # Guards run first, in negative groups: ignore what groups/channels did not address to us
    # (and keep staff and personal features out of them), drop floods, ignore edited messages,
    # then record the user and settle their language.
    group_chats.register(app)
    flood.register(app)
    edits.register(app)
    tracking.register(app)
    # Group 0, first match wins. A menu label always opens its feature, even inside a flow;
    # the router looks items up when a message comes, so features may add items after it.
    main_menu.register(app)
    start.register(app)
    assessment.register(app)  # /danhgia and /ketqua
    criteria_browser.register(app)
    registration.register(app)
    officer.register(app)
    stats.register(app)
    invitations.register(app)
    privacy.register(app)
    announcements.register(app)
    trainings.register(app)
    guide.register(app)
    language.register(app)
    cancel.register(app)
    faq.register(app)  # after the flows: plain text they do not own is a question
    fallback.register(app)  # last: catches only what nothing above handled
    errors.register(app)


async def post_init(app: App) -> None:
    """Open the services, then start what runs in the background."""
    await open_services(app)
    await start_engine(app)
    await start_cluster(app)
    await trainings.reschedule_reminders(app)
    await start_desk(app)


async def post_shutdown(app: App) -> None:
    """Stop the background work, then close the services."""
    await stop_desk(app)
    await stop_engine(app)
    await leave_cluster(app)
    await close_services(app)


def build_application(settings: Settings) -> App:
    """Build the Application with our context, pacing, retries and handlers."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(ContextTypes(context=OcopContext))
        .rate_limiter(RetryingLimiter())
        .concurrent_updates(PerUserUpdateProcessor(256))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url).base_file_url(
            settings.api_base_url.replace("/bot", "/file/bot", 1)
        )
    app = builder.build()
    app.bot_data[SERVICES_KEY] = Services(settings, I18n(settings.default_locale), Renderer())
    register_handlers(app)
    return app


def run(settings: Settings) -> None:
    """Serve Telegram by long polling, or by webhook when configured."""
    app = build_application(settings)
    if settings.webhook is None:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    # Our own server, not PTB's: it compares the secret in constant time (core/webhook.py).
    asyncio.run(run_webhook(app, settings.webhook))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="OCOP assistant Telegram bot")
    parser.add_argument("--demo", action="store_true",
                        help="run against a local Bot API emulator with a terminal chat")
    args = parser.parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # retry_after as timedelta, PTB's future default
    try:
        settings = load_settings(read_environment(), demo=args.demo)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets_of(settings))
    try:
        if args.demo:
            from emulator.demo import run_demo

            asyncio.run(run_demo(settings, build_application))
        else:
            run(settings)
    except InvalidToken:
        # PTB's message quotes the token: say what is wrong in one line, without it.
        print("Telegram rejected TELEGRAM_BOT_TOKEN (or TELEGRAM_API_BASE_URL has a wrong path)",
              file=sys.stderr)
        return 2
    return 0


def secrets_of(settings: Settings) -> list[str]:
    """What must never appear in a log line: the token and the webhook secret."""
    return [settings.token] + ([settings.webhook.secret] if settings.webhook else [])


if __name__ == "__main__":
    sys.exit(main())
