"""What the training handlers share: rights, repositories and the typed date form (how a
training reads is core.trainings)."""

from __future__ import annotations

import re
from datetime import datetime

from core.context import SERVICES_KEY, App, OcopContext, Services
from core.vietnam_time import VIETNAM
from storage import Repository
from storage.officers import Scope
from storage.trainings import Training, TrainingsRepo

FLOW = "training"
# ASCII digits, as core.numbers takes them (`\d` would also take other scripts' digits).
_MOMENT_RE = re.compile(
    r"^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\s+([0-9]{1,2})\s*[:hg]\s*([0-9]{2})\s*$")


def trainings_repo(repo: Repository) -> TrainingsRepo:
    """The trainings repository."""
    return repo.trainings


def trainings_of(context: OcopContext) -> TrainingsRepo:
    """The trainings repository of this update's context."""
    return context.repo.trainings


def services_of(app: App) -> Services:
    """The services of an application, outside any update (jobs, start-up)."""
    services: Services = app.bot_data[SERVICES_KEY]
    return services


def may_manage(allowed: bool, scope: Scope | None, training: Training, user_id: int) -> bool:
    """Whether an officer of `scope` sees the counts and attendees of this training."""
    if not allowed:
        return False
    return training.creator_id == user_id or may_address(scope, training)


def may_address(scope: Scope | None, training: Training) -> bool:
    """Whether an officer of `scope` oversees a training: in its province, or in its communes."""
    if scope is None:
        return True
    if scope.province_code != training.province_code:
        return False
    communes = {c for k in training.classes for c in k.communes}
    return scope.commune_code in (None, training.commune_code) or scope.commune_code in communes


def parse_moment(text: str) -> datetime | None:
    """A typed `dd/mm/yyyy hh:mm` in Vietnam's time, or None."""
    match = _MOMENT_RE.match(text)
    if match is None:
        return None
    day, month, year, hour, minute = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)
    except ValueError:
        return None


def looks_like_moment(text: str) -> bool:
    """Whether `text` has the form `dd/mm/yyyy hh:mm`, whether or not that moment exists."""
    return _MOMENT_RE.match(text) is not None
