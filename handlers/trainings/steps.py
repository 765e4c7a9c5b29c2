"""Buttons of the training creation flow. Each returns the press's answer, None if invalid."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from core.context import OcopContext
from handlers.trainings import announce, views
from handlers.trainings.common import STANDARD_TOPICS, trainings_of
from handlers.trainings.create import class_communes, current_draft, go_to, present, save
from knowledge import places
from storage.trainings import AUDIENCES, Training

Answer = str | None
Step = Callable[[Update, OcopContext, Training, int | None], Awaitable[Answer]]


async def on_step_button(update: Update, context: OcopContext, verb: str,
                         value: int | None) -> Answer:
    """Run a creation button if the user's draft is at the step it belongs to."""
    assert update.effective_user is not None
    training = await current_draft(context, update.effective_user.id)
    expected, action = _STEPS.get(verb, ("", None))
    step = (training.step or "") if training else ""
    if training is None or action is None or (expected and step.removeprefix("edit:") !=
                                              expected):
        return None
    return await action(update, context, training, value)


async def _province(update: Update, context: OcopContext, training: Training,
                    value: int | None) -> Answer:
    if value is None or places.province(value) is None:
        return None
    await save(update, context, training, province_code=value)
    return ""


async def _toggle_topic(update: Update, context: OcopContext, training: Training,
                        value: int | None) -> Answer:
    if value is None or not 1 <= value <= len(STANDARD_TOPICS):
        return None
    ticked = {t for t in training.topics if isinstance(t, int)} ^ {value}
    topics = (*sorted(ticked), *(t for t in training.topics if isinstance(t, str)))
    updated = await trainings_of(context).update(training.id, topics=topics)
    await present(update, context, updated, edit=True)
    return ""


async def _topics_done(update: Update, context: OcopContext, training: Training,
                       value: int | None) -> Answer:
    if not training.topics:
        return context.t("Tick at least one topic, or type one.")
    await save(update, context, training)
    return ""


async def _audience(update: Update, context: OcopContext, training: Training,
                    value: int | None) -> Answer:
    if value is None or value >= len(AUDIENCES):
        return None
    await save(update, context, training, audience=AUDIENCES[value])
    return ""


async def _add_class(update: Update, context: OcopContext, training: Training,
                     value: int | None) -> Answer:
    await go_to(update, context, training, "class_name")
    return ""


async def _remove_class(update: Update, context: OcopContext, training: Training,
                        value: int | None) -> Answer:
    if value is None or training.klass(value) is None:
        return None
    await trainings_of(context).remove_class(value)
    await go_to(update, context, training, training.step or "classes")
    return ""


async def _classes_done(update: Update, context: OcopContext, training: Training,
                        value: int | None) -> Answer:
    await go_to(update, context, training, "summary")
    return ""


async def _pick_commune(update: Update, context: OcopContext, training: Training,
                        value: int | None) -> Answer:
    klass = views.building(training)
    allowed = {p.code for p in class_communes(training)}
    if klass is None or value not in allowed:
        return None
    other = training.class_for(value)
    if other is not None and other.id != klass.id:
        return context.t("This commune is already in “{name}”.", name=other.name)
    await trainings_of(context).add_commune(klass.id, value)  # type: ignore[arg-type]
    await go_to(update, context, training, "class_communes")
    return ""


async def _communes_done(update: Update, context: OcopContext, training: Training,
                         value: int | None) -> Answer:
    klass = views.building(training)
    if klass is None or not klass.communes:
        return None
    await go_to(update, context, training, "class_capacity")
    return ""


async def _edit(update: Update, context: OcopContext, training: Training,
                value: int | None) -> Answer:
    if value is None or value >= len(views.EDITABLE):
        return None
    step = views.EDITABLE[value][0]
    await go_to(update, context, training, "classes" if step == "classes" else f"edit:{step}")
    return ""


async def _announce(update: Update, context: OcopContext, training: Training,
                    value: int | None) -> Answer:
    return await announce.announce_training(update, context, training)


async def _discard(update: Update, context: OcopContext, training: Training,
                   value: int | None) -> Answer:
    assert update.effective_user is not None and update.callback_query is not None
    await trainings_of(context).discard(training.id)
    await context.repo.dialogs.clear(update.effective_user.id)
    await update.callback_query.edit_message_text(context.t(
        "🗑 The draft training was discarded."))
    return ""


_STEPS: dict[str, tuple[str, Step]] = {
    "p": ("province", _province), "t": ("topics", _toggle_topic),
    "tn": ("topics", _topics_done), "a": ("audience", _audience),
    "k": ("classes", _add_class), "kr": ("classes", _remove_class),
    "kn": ("classes", _classes_done), "w": ("class_communes", _pick_commune),
    "wd": ("class_communes", _communes_done), "e": ("summary", _edit),
    "go": ("summary", _announce), "dd": ("", _discard),
}
