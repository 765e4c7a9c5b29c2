"""A registration's deadline at the commune, in Vietnam's calendar (for the desk and exports).

QĐ 26/2026, Điều 7.2 counts 15 working days from the receipt of the dossier; a registration is
received the day the producer submits it, in Vietnam's time. Only dossiers still waiting for
the commune (submitted, or more information requested) have a deadline to keep.
"""

from __future__ import annotations

from datetime import date

from core.vietnam_time import vietnam_time
from knowledge.deadlines import commune_deadline
from storage.registrations import OPEN_STATUSES, Registration


def received_on(registration: Registration) -> date | None:
    """The day (in Vietnam) the commune received the dossier; None before it was submitted."""
    if not registration.submitted_at:
        return None
    try:
        return vietnam_time(registration.submitted_at).date()
    except ValueError:
        return None


def deadline_of(registration: Registration) -> date | None:
    """The commune's deadline of a dossier it still has to decide on; None otherwise."""
    received = received_on(registration)
    if received is None or registration.status not in OPEN_STATUSES:
        return None
    return commune_deadline(received)
