"""Prompts and keyboards of the training creation flow, and the texts people see."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from telegram import InlineKeyboardMarkup

from core.buttons import ButtonData, button
from core.context import OcopContext
from core.drafts import base_step
from core.i18n import N_, Translator
from core.trainings import AUDIENCE_LABELS, STANDARD_TOPICS, commune_names, details, where
from core.ui import rows, shorten
from handlers.trainings.buttons import (
    AddClass,
    Announce,
    ClassesDone,
    CommunesDone,
    Discard,
    EditPart,
    PickAudience,
    RemoveClass,
    ToggleTopic,
    TopicsDone,
)
from knowledge import places
from storage.trainings import (
    Attendee,
    Audience,
    Counts,
    Rsvp,
    RsvpAnswer,
    Step,
    Training,
    TrainingClass,
)

# The steps of a new training in order (a class's name, communes and places come from CLASSES).
STEPS: tuple[Step, ...] = (Step.PROVINCE, Step.TITLE, Step.TOPICS, Step.STARTS, Step.ENDS,
                           Step.VENUE, Step.AUDIENCE, Step.CLASSES)
EDITABLE: tuple[tuple[Step, str], ...] = (
    (Step.TITLE, N_("✏️ Title")), (Step.TOPICS, N_("✏️ Topics")), (Step.STARTS, N_("✏️ Dates")),
    (Step.VENUE, N_("✏️ Venue")), (Step.AUDIENCE, N_("✏️ Audience")),
    (Step.CLASSES, N_("✏️ Classes")),
)
Markup = InlineKeyboardMarkup | None


def progress(t: Translator, training: Training, step: str, *, admin: bool) -> str:
    """`New training · step i/n` over the steps this creator answers."""
    asked = [s for s in STEPS if admin or s != Step.PROVINCE]
    base = base_step(step)
    number = asked.index(Step(base)) + 1 if base in asked else len(asked)
    return t("<b>New training · step {i}/{n}</b>", i=number, n=len(asked))


def prompt(context: OcopContext, training: Training, step: Step) -> tuple[str, Markup]:
    """The question of `step`, with its buttons."""
    t = context.t
    texts = {
        Step.PROVINCE: t("Which province is the training for? Type its name, e.g. Sơn La."),
        Step.TITLE: t("What is the training's title (up to 200 characters)?"),
        Step.STARTS: t("When does it start? Type the date and time as dd/mm/yyyy hh:mm "
                       "(Vietnam time), e.g. 15/12/2026 08:00."),
        Step.ENDS: t("When does it end? Type dd/mm/yyyy hh:mm, e.g. 17/12/2026 17:00."),
        Step.VENUE: t("Where does it take place? Type the venue (up to 300 characters)."),
        Step.CLASS_NAME: t("Name of the new class, e.g. “Lớp 1 – Mộc Châu” (up to 100 "
                           "characters):"),
    }
    if step in texts:
        return texts[step], None
    builders = {Step.TOPICS: topics_prompt, Step.AUDIENCE: audience_prompt,
                Step.CLASSES: classes_prompt, Step.CLASS_COMMUNES: communes_prompt,
                Step.CLASS_CAPACITY: capacity_prompt}
    return builders[step](t, training)


def topics_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """The five standard topics as ticks, the typed ones, and Continue."""
    lines = [t("Which topics does it cover? Press a topic to tick it, type any other topic, "
               "then press Continue.")]
    buttons = []
    for i, msgid in enumerate(STANDARD_TOPICS, start=1):
        mark = "✅" if i in training.topics else "▫️"
        topic = t(msgid)
        lines.append(f"{i}. {mark} {topic}")
        buttons.append(button(f"{i}. {mark} {shorten(topic, 40)}", ToggleTopic(i)))
    typed = [item for item in training.topics if isinstance(item, str)]
    if typed:
        lines.append(t("Other topics: {topics}", topics="; ".join(typed)))
    buttons.append(button(t("Continue ➡️"), TopicsDone()))
    return "\n".join(lines), InlineKeyboardMarkup(rows(buttons, 1))


def audience_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """Everyone, producers or officers, as numbered options."""
    labels = [t(AUDIENCE_LABELS[a]) for a in Audience]
    lines = [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
    buttons = [button(f"{i}. {label}", PickAudience(i - 1))
               for i, label in enumerate(labels, start=1)]
    head = t("Who is it for? It will be announced to them in {place}.", place=where(training))
    return "\n".join([head, *lines]), InlineKeyboardMarkup([buttons])


def classes_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """The classes so far, with Add, Remove and Continue."""
    lines = [t("Classes: a training may be split into classes, each gathering some communes, "
               "with a number of places. Add a class, or continue.")]
    lines += [class_line(t, training, klass) for klass in training.classes]
    buttons = [button(t("🗑 Remove “{name}”", name=shorten(k.name, 30)), RemoveClass(k.id))
               for k in training.classes]
    buttons += [button(t("➕ Add a class"), AddClass()), button(t("Continue ➡️"), ClassesDone())]
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
        markup = InlineKeyboardMarkup([[button(t("Done ➡️"), CommunesDone())]])
    return "\n".join(lines), markup


def capacity_prompt(t: Translator, training: Training) -> tuple[str, Markup]:
    """Ask how many places the class being set up has."""
    klass = building(training)
    return t("How many places does “{name}” have? Type a number.",
             name=klass.name if klass else ""), None


def place_buttons(found: list[places.Place], pick: Callable[[int], ButtonData]
                  ) -> InlineKeyboardMarkup:
    """Numbered buttons for matching provinces or communes (`pick` makes a code's data)."""
    return InlineKeyboardMarkup(rows(
        [button(f"{i}. {p.name}", pick(p.code)) for i, p in enumerate(found, 1)], 1))


def summary(context: OcopContext, training: Training) -> tuple[str, InlineKeyboardMarkup]:
    """The whole training with an edit button per part, Announce and Discard."""
    t = context.t
    text = context.render("trainings/summary.j2", **details(t, training))
    edits = [button(t(label), EditPart(i)) for i, (_, label) in enumerate(EDITABLE)]
    return text, InlineKeyboardMarkup([
        *rows(edits, 2), [button(t("📣 Announce"), Announce())],
        [button(t("🗑 Discard this draft"), Discard())]])


def answer_text(t: Translator, training: Training, rsvp: Rsvp | None) -> str:
    """`✅ You will attend (Lớp 1)`, `❌ You will not attend`, or no answer yet."""
    if rsvp is None:
        return t("You have not answered yet.")
    if rsvp.answer == RsvpAnswer.NO:
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


MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text


def attendee_line(attendee: Attendee) -> str:
    """`✅ Name (@user) · Lớp 1` or `❌ Name`, escaped."""
    mark = "✅" if attendee.answer == RsvpAnswer.YES else "❌"
    name = " ".join(part for part in (attendee.first_name, attendee.last_name) if part)
    line = f"{mark} {escape(name)}"
    if attendee.username:
        line += f" (@{escape(attendee.username)})"
    if attendee.answer == RsvpAnswer.YES and attendee.class_name:
        line += f" · {escape(attendee.class_name)}"
    return line


def attendees_text(t: Translator, training: Training, attendees: list[Attendee],
                   limit: int = MESSAGE_LIMIT) -> str:
    """Who answered, attending first, within `limit`; how many more when cut (see Excel)."""
    head = t("👥 <b>{title}</b>: who answered", title=training.title or "")
    if not attendees:
        return "\n".join([head, t("Nobody has answered yet.")])
    lines = [head]
    for shown, attendee in enumerate(attendees):
        candidate = [*lines, attendee_line(attendee)]
        left = len(attendees) - shown - 1
        if _utf16("\n".join([*candidate, *([_more(t, left)] if left else [])])) > limit:
            return "\n".join([*lines, _more(t, left + 1)])
        lines = candidate
    return "\n".join(lines)


def _more(t: Translator, n: int) -> str:
    return t.plural("… and {n} more: press 📤 Excel for the whole list.",
                    "… and {n} more: press 📤 Excel for the whole list.", n)


def _utf16(text: str) -> int:
    """Length as Telegram counts it, tags included: never less than what it shows."""
    return len(text.encode("utf-16-le")) // 2
