"""How a training reads in any language, its announcement and the RSVP buttons under it.

Both handlers/trainings and announcements/ (which writes a training's announcement in each
recipient's language) import this module, so it imports neither: announcements/ never depends
on a handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.buttons import ButtonData, button
from core.context import Services
from core.i18n import N_, Translator
from core.render import Renderer
from core.vietnam_time import vietnam_time
from knowledge import places
from storage.announcements import TEXT_LIMIT
from storage.trainings import Audience, Training

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


# --- the RSVP buttons (their strings are those of buttons already sent: never change them) ---


@dataclass(frozen=True)
class Attend(ButtonData, prefix="tr:y"):
    """✅ I will attend; class 0: the class of one's commune, else ask which."""

    training_id: int
    class_id: int


@dataclass(frozen=True)
class Decline(ButtonData, prefix="tr:n"):
    """❌ I will not attend."""

    training_id: int


def rsvp_buttons(t: Translator, training_id: int) -> list[InlineKeyboardButton]:
    """Có tham gia / Không tham gia."""
    return [button(t("✅ I will attend"), Attend(training_id, 0)),
            button(t("❌ I will not attend"), Decline(training_id))]


def rsvp_markup(t: Translator, training_id: int) -> InlineKeyboardMarkup:
    """The RSVP buttons under a training's announcement, in the recipient's language."""
    return InlineKeyboardMarkup([rsvp_buttons(t, training_id)])


# --- how a training reads -------------------------------------------------------------------


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


def details(t: Translator, training: Training) -> dict[str, Any]:
    """What the templates show of a training, in `t`'s language."""
    return {
        "title": training.title or "–", "period": period(training, t),
        "venue": training.venue or "–", "place": where(training),
        "topics": topic_names(t, training),
        "audience": t(AUDIENCE_LABELS[training.audience]) if training.audience else "–",
        "classes": [{"name": k.name, "communes": commune_names(training, k.communes),
                     "places": t.plural("{n} place", "{n} places", k.capacity or 0)}
                    for k in training.classes],
    }


# --- its announcement -----------------------------------------------------------------------


def announcement(renderer: Renderer, t: Translator, training: Training, limit: int) -> str:
    """The announcement as plain text (the broadcast engine escapes it), within `limit`."""
    values = details(t, training)
    text = unescape(renderer.render("trainings/announcement.j2", t, **values))
    if len(text) > limit:  # many classes: they are listed in /lophoc
        text = unescape(renderer.render("trainings/announcement.j2", t, **{**values,
                                                                           "classes": []}))
    return text[:limit]


async def announcement_text(services: Services, training_id: int
                            ) -> Callable[[Translator], str] | None:
    """The training's announcement in any language (the engine renders it once per
    language), or None when the training is gone."""
    training = await services.repo.trainings.get(training_id)
    if training is None:
        return None
    found = training

    def text(t: Translator) -> str:
        return announcement(services.renderer, t, found, TEXT_LIMIT)
    return text
