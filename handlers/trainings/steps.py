"""Buttons of the training creation form: each applies only to the user's open draft, at its step.

A press on a draft that is gone, or at another step than the button's, is stale (`StaleButton`).
"""

from __future__ import annotations

from telegram import Update

from core.buttons import StaleButton
from core.context import OcopContext
from core.drafts import EDIT
from core.trainings import STANDARD_TOPICS
from handlers.trainings import announce, views
from handlers.trainings.buttons import (
    AddClass,
    Announce,
    ClassesDone,
    CommunesDone,
    Discard,
    EditPart,
    PickAudience,
    PickCommune,
    PickProvince,
    RemoveClass,
    ToggleTopic,
    TopicsDone,
)
from handlers.trainings.common import trainings_of
from handlers.trainings.create import FORM, class_communes, go_to, present, save
from knowledge import places
from storage.trainings import Audience, Step, Training

AUDIENCES = tuple(Audience)


async def draft_at(update: Update, context: OcopContext, step: Step | None) -> Training:
    """The user's open draft if it asks `step` (None: any step); else the press is stale."""
    assert update.effective_user is not None
    training = await FORM.require(context, update.effective_user.id)
    if step is not None and FORM.step(training) != step:
        raise StaleButton(step)
    return training


async def pick_province(update: Update, context: OcopContext, data: PickProvince) -> None:
    """An admin's province, among those found by name."""
    training = await draft_at(update, context, Step.PROVINCE)
    if places.province(data.code) is None:
        raise StaleButton(data)
    await save(update, context, training, province_code=data.code)


async def toggle_topic(update: Update, context: OcopContext, data: ToggleTopic) -> None:
    """Tick or untick a standard topic, in place."""
    training = await draft_at(update, context, Step.TOPICS)
    if not 1 <= data.number <= len(STANDARD_TOPICS):
        raise StaleButton(data)
    ticked = {t for t in training.topics if isinstance(t, int)} ^ {data.number}
    topics = (*sorted(ticked), *(t for t in training.topics if isinstance(t, str)))
    updated = await trainings_of(context).update(training.id, topics=topics)
    await present(update, context, updated, edit=True)


async def topics_done(update: Update, context: OcopContext, data: TopicsDone) -> str | None:
    """Continue once at least one topic is ticked or typed."""
    training = await draft_at(update, context, Step.TOPICS)
    if not training.topics:
        return context.t("Tick at least one topic, or type one.")
    await save(update, context, training)
    return None


async def pick_audience(update: Update, context: OcopContext, data: PickAudience) -> None:
    """Everyone, producers or officers."""
    training = await draft_at(update, context, Step.AUDIENCE)
    if data.index >= len(AUDIENCES):
        raise StaleButton(data)
    await save(update, context, training, audience=AUDIENCES[data.index])


async def add_class(update: Update, context: OcopContext, data: AddClass) -> None:
    """Ask the new class's name."""
    training = await draft_at(update, context, Step.CLASSES)
    await go_to(update, context, training, Step.CLASS_NAME)


async def remove_class(update: Update, context: OcopContext, data: RemoveClass) -> None:
    """Remove one of the draft's classes, and show the classes again."""
    training = await draft_at(update, context, Step.CLASSES)
    if training.klass(data.class_id) is None:
        raise StaleButton(data)
    await trainings_of(context).remove_class(data.class_id)
    await go_to(update, context, training, training.step or Step.CLASSES)


async def classes_done(update: Update, context: OcopContext, data: ClassesDone) -> None:
    """On to the summary."""
    training = await draft_at(update, context, Step.CLASSES)
    await go_to(update, context, training, Step.SUMMARY)


async def pick_commune(update: Update, context: OcopContext, data: PickCommune) -> str | None:
    """Add a commune of the training's area to the class being set up."""
    training = await draft_at(update, context, Step.CLASS_COMMUNES)
    klass = views.building(training)
    if klass is None or data.code not in {p.code for p in class_communes(training)}:
        raise StaleButton(data)
    other = training.class_for(data.code)
    if other is not None and other.id != klass.id:
        return context.t("This commune is already in “{name}”.", name=other.name)
    await trainings_of(context).add_commune(klass.id, data.code)
    await go_to(update, context, training, Step.CLASS_COMMUNES)
    return None


async def communes_done(update: Update, context: OcopContext, data: CommunesDone) -> None:
    """Done with the class's communes (it has at least one): ask its places."""
    training = await draft_at(update, context, Step.CLASS_COMMUNES)
    klass = views.building(training)
    if klass is None or not klass.communes:
        raise StaleButton(data)
    await go_to(update, context, training, Step.CLASS_CAPACITY)


async def edit_part(update: Update, context: OcopContext, data: EditPart) -> None:
    """✏️ on the summary: ask that part again (the classes are edited in their own step)."""
    training = await draft_at(update, context, Step.SUMMARY)
    if data.index >= len(views.EDITABLE):
        raise StaleButton(data)
    step = views.EDITABLE[data.index][0]
    await go_to(update, context, training, step if step == Step.CLASSES else EDIT + step)


async def announce_draft(update: Update, context: OcopContext, data: Announce) -> str | None:
    """📣 Publish the draft and announce it (or say what is missing)."""
    training = await draft_at(update, context, Step.SUMMARY)
    notice = await announce.announce_training(update, context, training)
    if notice is None:  # no longer a draft: announced from another message meanwhile
        raise StaleButton(data)
    return notice or None


async def discard(update: Update, context: OcopContext, data: Discard) -> None:
    """🗑 Delete the draft, at whatever step it is."""
    assert update.effective_user is not None and update.callback_query is not None
    training = await draft_at(update, context, None)
    await trainings_of(context).discard(training.id)
    await context.repo.dialogs.clear(update.effective_user.id)
    await update.callback_query.edit_message_text(context.t(
        "🗑 The draft training was discarded."))
