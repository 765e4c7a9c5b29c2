"""Announcements: officers and admins compose them, a background engine sends them to every
recipient at Telegram's pace, and anyone may stop receiving them.

This `__init__` is the package's only entry point; its modules are, in the order an
announcement meets them:
- `create`: the sender's rights, the content check, storing and confirming one;
- `engine`: the background task that sends what is confirmed, one announcement at a time;
- `outbox`: the postman, the engine's side that sends the outbox's notices (at least once);
- `pacing`: the token bucket that keeps every second under Telegram's limit;
- `message`: what a recipient receives (the text escaped, a photo, a training's RSVP buttons
  and the 🔕 button);
- `send`: one recipient's requests, and what each failure means (a *delivery* is one
  recipient's copy);
- `progress`: the sender's progress message, its ⏹ button and the final report.
SQL lives in storage/announcements.py; the composer's screens in handlers/announcements.py.
"""

from announcements.create import (
    AnnouncementDenied,
    allowed_audience,
    check_content,
    confirm,
    create_announcement,
    revise_announcement,
    sender_scope,
)
from announcements.engine import (
    Engine,
    EngineConfig,
    cancel_announcement,
    engine_of,
    post_notices,
    provide_engine,
    queue,
    start_engine,
    stop_engine,
    stop_sending,
    wait_for_slot,
)
from announcements.message import (
    Resubscribe,
    Unsubscribe,
    recipient_parts,
    send_preview,
    subscription_button,
    with_subscription,
)
from announcements.outbox import markup_of, notice
from announcements.pacing import REAL_TIME, Clock
from announcements.progress import (
    CancelSending,
    progress_numbers,
    progress_values,
    progress_view,
    report_text,
    show_cancelled,
)
from storage.announcements import TEXT_LIMIT, AnnouncementStateError, Audience

__all__ = [
    "REAL_TIME", "TEXT_LIMIT", "AnnouncementDenied", "AnnouncementStateError", "Audience",
    "CancelSending", "Clock", "Engine", "EngineConfig", "Resubscribe", "Unsubscribe",
    "allowed_audience", "cancel_announcement", "check_content", "confirm",
    "create_announcement", "engine_of", "markup_of", "notice", "post_notices", "progress_numbers",
    "progress_values", "progress_view", "provide_engine", "queue", "recipient_parts",
    "report_text", "revise_announcement", "send_preview", "sender_scope",
    "show_cancelled", "start_engine", "stop_engine", "stop_sending", "subscription_button",
    "wait_for_slot", "with_subscription",
]
