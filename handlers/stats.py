"""/thongke (/stats): figures of the officer's area, or of everywhere for admins."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import CommandHandler

from core.context import App, OcopContext
from core.roles import scope_name, staff_scope
from reports.stats_chart import Bar, commune_bars, rank_bars, stats_chart_png, status_bars
from storage.stats import Statistics


async def show_stats(update: Update, context: OcopContext) -> None:
    """Send the statistics of the user's scope as text, then as a chart."""
    assert update.effective_user is not None and update.effective_message is not None
    allowed, scope = await staff_scope(context, update.effective_user.id)
    if not allowed:
        await update.effective_message.reply_text(context.t(
            "Statistics are for OCOP officers. You can follow your own products with "
            "/ketqua and /trangthai."))
        return
    stats = await context.repo.stats.statistics(scope)
    await update.effective_message.reply_text(summary_text(context, stats))
    await update.effective_message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    # Drawing takes a few tenths of a second: keep the event loop free for other users.
    png = await asyncio.to_thread(stats_chart_png, stats, context.t, scope_name(context, scope))
    await update.effective_message.reply_photo(png)


def summary_text(context: OcopContext, stats: Statistics) -> str:
    """Render the statistics message, numbers in the user's locale."""
    number, t = context.t.number, context.t
    communes, hidden = commune_bars(stats, t)
    return context.render(
        "stats/summary.j2", scope=scope_name(context, stats.scope),
        everywhere=stats.scope is None, users=number(stats.users),
        officers=number(stats.officers), assessments=number(stats.assessments),
        ranks=_counted(context, rank_bars(stats, t)), submitted=number(stats.submitted),
        statuses=_counted(context, status_bars(stats, t)), drafts=number(stats.drafts),
        communes=_counted(context, communes),
        more=number(hidden) if hidden > 0 else "",
    )


def _counted(context: OcopContext, bars: list[Bar]) -> list[dict[str, str]]:
    """Pair each bar's label with its formatted count, for the template."""
    return [{"label": bar.label, "count": context.t.number(bar.count)} for bar in bars]


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["thongke", "stats"], show_stats))
