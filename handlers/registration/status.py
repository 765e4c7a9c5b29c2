"""/trangthai (/status): each of my registrations with its timeline."""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from core.context import OcopContext
from handlers.registration.review import STATUS_LABELS


async def show_status(update: Update, context: OcopContext) -> None:
    """List the user's registrations, newest first, each with its events."""
    assert update.effective_user is not None and update.effective_message is not None
    t = context.t
    registrations = await context.repo.registrations.for_user(update.effective_user.id)
    if not registrations:
        await update.effective_message.reply_text(t(
            "You have not submitted any registration yet. Type /dangky to register a product."))
        return
    items = []
    for registration in registrations[:10]:
        events = await context.repo.registrations.events(registration.id)
        items.append({
            "id": registration.id, "product": registration.product_name or "",
            "status": t(STATUS_LABELS[registration.status]),
            "events": [{"date": t.date(datetime.fromisoformat(e.created_at)),
                        "status": t(STATUS_LABELS.get(e.status, "message")), "note": e.note}
                       for e in events],
        })
    await update.effective_message.reply_text(context.render("registration/timeline.j2",
                                                              items=items))

