"""What the training handlers share: time zone, rights, names and formats."""

from __future__ import annotations

import re
from datetime import datetime

from core.context import SERVICES_KEY, App, OcopContext, Services
from core.i18n import N_, Translator
from core.vietnam_time import VIETNAM, vietnam_time
from knowledge import places
from storage import Repository
from storage.officers import Scope
from storage.trainings import Audience, Training, TrainingsRepo

FLOW = "training"
STANDARD_TOPICS: tuple[str, ...] = (
    N_("Basic concepts of OCOP"),
    N_("Objectives and main content of the OCOP programme"),
    N_("Organisation and staffing of the programme"),
    N_("Criteria for evaluating and ranking OCOP products"),
    N_("Problems, trends and solutions in rural economic development"),
)
AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.EVERYONE: N_("Everyone"), Audience.PRODUCERS: N_("Producers"),
    Audience.OFFICERS: N_("Officers"),
}
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


def moment(value: datetime) -> str:
    """`15/12/2026 08:00` in Vietnam's time."""
    return vietnam_time(value).strftime("%d/%m/%Y %H:%M")


def period(training: Training, t: Translator | None = None) -> str:
    """When a training runs: `15/12/2026 08:00 – 17/12/2026 17:00` (or one day's hours); with
    `t`, dated the reader's way (`Dec 15, 2026 08:00–17:00` in English), for chat messages.
    Without, in the form officers type it (the desk, comparisons)."""
    if training.starts_at is None:
        return "–"
    dated = t.datetime if t is not None else moment
    start = dated(training.starts_at)
    if training.ends_at is None:
        return start
    end = vietnam_time(training.ends_at)
    if end.date() == vietnam_time(training.starts_at).date():
        return f"{start}–{end:%H:%M}"
    return f"{start} – {dated(end)}"


def topic_names(t: Translator, training: Training) -> list[str]:
    """The training's topics: standard ones translated, the others as typed."""
    return [t(STANDARD_TOPICS[item - 1]) if isinstance(item, int) else item
            for item in training.topics
            if not isinstance(item, int) or 1 <= item <= len(STANDARD_TOPICS)]


def place_name(province_code: int | None, commune_code: int | None) -> str:
    """A commune's or a province's official name, or an empty string."""
    if province_code is None:
        return ""
    found = places.commune(province_code, commune_code) if commune_code else \
        places.province(province_code)
    return found.name if found else ""


def commune_names(training: Training, codes: tuple[int, ...], limit: int = 12) -> str:
    """Names of some communes of the training's province, shortened when there are many."""
    names = [place_name(training.province_code, code) or str(code) for code in codes]
    shown = ", ".join(names[:limit])
    return shown + (f" (+{len(names) - limit})" if len(names) > limit else "")


def where(training: Training) -> str:
    """The training's area: a commune and its province, or a province."""
    province = place_name(training.province_code, None)
    if training.commune_code is None:
        return province
    return f"{place_name(training.province_code, training.commune_code)}, {province}"
