"""Prompts and keyboards of the training creation flow, and the texts people see."""

from __future__ import annotations

from html import escape, unescape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from core.context import OcopContext
from core.i18n import N_, Translator
from core.render import Renderer
from core.ui import button, rows, shorten
from handlers.trainings.common import (
    AUDIENCE_LABELS,
    PREFIX,
    STANDARD_TOPICS,
    commune_names,
    period,
    topic_names,
    where,
)
from knowledge import places
from storage.trainings import AUDIENCES, Counts, Rsvp, Training, TrainingClass

STEPS: tuple[str, ...] = ("province", "title", "topics", "starts", "ends", "venue", "audience",
                          "classes")
EDITABLE: tuple[tuple[str, str], ...] = (
    ("title", N_("✏️ Title")), ("topics", N_("✏️ Topics")), ("starts", N_("✏️ Dates")),
    ("venue", N_("✏️ Venue")), ("audience", N_("✏️ Audience")), ("classes", N_("✏️ Classes")),
)
Markup = InlineKeyboardMarkup | None


def progress(t: Translator, training: Training, step: str, *, admin: bool) -> str:
    """`New training · step i/n` over the steps this creator answers."""
    asked = [s for s in STEPS if admin or s != "province"]
    base = step.removeprefix("edit:")
    number = asked.index(base) + 1 if base in asked else len(asked)
    return t("<b>New training · step {i}/{n}</b>", i=number, n=len(asked))


def prompt(context: OcopContext, training: Training, step: str) -> tuple[str, Markup]:
    """The question of `step`, with its buttons."""
    t = context.t
    texts = {
        "province": t("Which province is the training for? Type its name, e.g. Sơn La."),
        "title": t("What is the training's title (up to 200 characters)?"),
        "starts": t("When does it start? Type the date and time as dd/mm/yyyy hh:mm "
                    "(Vietnam time), e.g. 15/12/2026 08:00."),
        "ends": t("When does it end? Type dd/mm/yyyy hh:mm, e.g. 17/12/2026 17:00."),
        "venue": t("Where does it take place? Type the venue (up to 300 characters)."),
        "class_name": t("Name of the new class, e.g. “Lớp 1 – Mộc Châu” (up to 100 "
                        "characters):"),
    }
    if step in texts:
        return texts[step], None
    builders = {"topics": topics_prompt, "audience": audience_prompt, "classes": classes_prompt,
                "class_communes": communes_prompt, "class_capacity": capacity_prompt}
    return builders[step](t, training)


def topics_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """The five standard topics as ticks, the typed ones, and Continue."""
    lines = [t("Which topics does it cover? Press a topic to tick it, type any other topic, "
               "then press Continue.")]
    buttons = []
    for i, msgid in enumerate(STANDARD_TOPICS, start=1):
        mark = "✅" if i in training.topics else "▫️"
        lines.append(f"{i}. {mark} {t(msgid)}")
        buttons.append(button(f"{i}. {mark} {shorten(t(msgid), 40)}", f"{PREFIX}:t:{i}"))
    typed = [item for item in training.topics if isinstance(item, str)]
    if typed:
        lines.append(t("Other topics: {topics}", topics="; ".join(typed)))
    buttons.append(button(t("Continue ➡️"), f"{PREFIX}:tn"))
    return "\n".join(lines), InlineKeyboardMarkup(rows(buttons, 1))


def audience_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """Everyone, producers or officers, as numbered options."""
    labels = [t(AUDIENCE_LABELS[a]) for a in AUDIENCES]
    lines = [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
    buttons = [button(f"{i}. {label}", f"{PREFIX}:a:{i - 1}")
               for i, label in enumerate(labels, start=1)]
    head = t("Who is it for? It will be announced to them in {place}.", place=where(training))
    return "\n".join([head, *lines]), InlineKeyboardMarkup([buttons])


def classes_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """The classes so far, with Add, Remove and Continue."""
    lines = [t("Classes: a training may be split into classes, each gathering some communes, "
               "with a number of places. Add a class, or continue.")]
    lines += [class_line(t, training, klass) for klass in training.classes]
    buttons = [button(t("🗑 Remove “{name}”", name=shorten(k.name, 30)), f"{PREFIX}:kr:{k.id}")
               for k in training.classes]
    buttons += [button(t("➕ Add a class"), f"{PREFIX}:k"), button(t("Continue ➡️"), f"{PREFIX}:kn")]
    return "\n".join(lines), InlineKeyboardMarkup(rows(buttons, 1))


def class_line(t: Translator, training: Training, klass: TrainingClass,
               taken: int | None = None, bullet: str = "• ") -> str:
    """`• Lớp 1: Xã A, Xã B · 40 places` (with how many are taken, when known)."""
    capacity = klass.capacity or 0
    places_text = t.plural("{n} place", "{n} places", capacity) if taken is None else \
        t("{taken}/{n} places taken", taken=taken, n=capacity)
    communes = escape(commune_names(training, klass.communes))
    return f"{bullet}<b>{escape(klass.name)}</b>: {communes} · {places_text}"


def building(training: Training) -> TrainingClass | None:
    """The class being set up: the last one still without a capacity."""
    return next((k for k in reversed(training.classes) if k.capacity is None), None)


def communes_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """Ask for the communes of the class being set up; Done once it has one."""
    klass = building(training)
    name = klass.name if klass else ""
    lines = [t("Which communes does “{name}” gather? Type a commune's name.", name=name)]
    markup = None
    if klass and klass.communes:
        lines.append(t("So far: {communes}. Type another, or press Done.",
                       communes=commune_names(training, klass.communes)))
        markup = InlineKeyboardMarkup([[button(t("Done ➡️"), f"{PREFIX}:wd")]])
    return "\n".join(lines), markup


def capacity_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """Ask how many places the class being set up has."""
    klass = building(training)
    return t("How many places does “{name}” have? Type a number.",
             name=klass.name if klass else ""), None


def place_buttons(found: list[places.Place], verb: str) -> InlineKeyboardMarkup:
    """Numbered buttons for matching provinces or communes."""
    return InlineKeyboardMarkup(rows(
        [button(f"{i}. {p.name}", f"{PREFIX}:{verb}:{p.code}") for i, p in enumerate(found, 1)],
        1))


def details(t: Translator, training: Training) -> dict[str, Any]:
    """What the templates show of a training, in `t`'s language."""
    return {
        "title": training.title or "–", "period": period(training),
        "venue": training.venue or "–", "place": where(training),
        "topics": topic_names(t, training),
        "audience": t(AUDIENCE_LABELS[training.audience]) if training.audience else "–",
        "classes": [{"name": k.name, "communes": commune_names(training, k.communes),
                     "places": t.plural("{n} place", "{n} places", k.capacity or 0)}
                    for k in training.classes],
    }


def summary(context: OcopContext, training: Training) -> tuple[str, InlineKeyboardMarkup]:
    """The whole training with an edit button per part, Announce and Discard."""
    t = context.t
    text = context.render("trainings/summary.j2", **details(t, training))
    edits = [button(t(label), f"{PREFIX}:e:{i}") for i, (_, label) in enumerate(EDITABLE)]
    return text, InlineKeyboardMarkup([
        *rows(edits, 2), [button(t("📣 Announce"), f"{PREFIX}:go")],
        [button(t("🗑 Discard this draft"), f"{PREFIX}:dd")]])


def rsvp_buttons(t: Translator, training_id: int) -> list[InlineKeyboardButton]:
    """Có tham gia / Không tham gia."""
    return [button(t("✅ I will attend"), f"{PREFIX}:y:{training_id}:0"),
            button(t("❌ I will not attend"), f"{PREFIX}:n:{training_id}")]


def announcement(renderer: Renderer, t: Translator, training: Training, limit: int) -> str:
    """The announcement as plain text (the broadcast engine escapes it), within `limit`."""
    values = details(t, training)
    text = unescape(renderer.render("trainings/announcement.j2", t, **values))
    if len(text) > limit:  # many classes: they are listed in /lophoc
        text = unescape(renderer.render("trainings/announcement.j2", t, **{**values,
                                                                           "classes": []}))
    return text[:limit]


def answer_text(t: Translator, training: Training, rsvp: Rsvp | None) -> str:
    """`✅ You will attend (Lớp 1)`, `❌ You will not attend`, or no answer yet."""
    if rsvp is None:
        return t("You have not answered yet.")
    if rsvp.answer == "no":
        return t("❌ You will not attend.")
    klass = training.klass(rsvp.class_id) if rsvp.class_id else None
    if klass is None:
        return t("✅ You will attend.")
    return t("✅ You will attend, in “{name}”.", name=klass.name)


def counts_text(t: Translator, training: Training, counts: Counts) -> str:
    """Attending and not attending, and each class's places taken."""
    lines = [t("Answers: ✅ {yes} attending · ❌ {no} not attending", yes=counts.yes,
               no=counts.no)]
    lines += [class_line(t, training, k, counts.by_class.get(k.id, 0)) for k in training.classes]
    return "\n".join(lines)
