"""Who a training's announcement may address: those who accepted its invitation.

Kept apart from storage/trainings.py so that announcements read one query, not the trainings
repository; the SQL is a fragment for `storage.announcements.recipients_query`.
"""

from __future__ import annotations

from typing import Any

# Users whose answer to the training's invitation is "yes".
ACCEPTED = "SELECT user_id FROM training_rsvps WHERE training_id = :training AND answer = 'yes'"


def accepted_filter(training_id: int) -> tuple[str, dict[str, Any]]:
    """A WHERE condition on `u.id` keeping those who accepted the training, with its values."""
    return f"u.id IN ({ACCEPTED})", {"training": training_id}
