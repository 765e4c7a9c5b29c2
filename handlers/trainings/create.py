"""Officers create a training step by step; every answer is saved at once.

The draft is a `trainings` row in status draft whose `step` names the question on screen
(core/drafts.py says why the state lives in SQLite). A draft moves through `views.STEPS`, then
the summary; ✏️ on the summary changes one part as `edit:STEP` and comes back (a new start is
followed by its end). `FORM` takes the typed answers; the buttons are in steps.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from telegram import InlineKeyboardMarkup, Update

import announcements
from core.buttons import StaleButton
from core.context import OcopContext
from core.drafts import EDIT, DraftForm, base_step, is_editing
from core.i18n import N_
from core.roles import staff_scope
from core.trainings import place_name
from core.ui import show
from handlers.trainings import rules, views
from handlers.trainings.buttons import NewTraining, PickCommune, PickProvince
from handlers.trainings.common import FLOW, trainings_of
from knowledge import places
from storage.trainings import Step, Training, TrainingStatus

V = TypeVar("V")


async def start_creation(update: Update, context: OcopContext) -> None:
    """Continue the officer's draft training, or start one in their scope."""
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    allowed, scope = await staff_scope(context, user.id)
    if not allowed:
        await message.reply_text(context.t(
            "Only OCOP officers and admins can create trainings. /lophoc lists the upcoming "
            "ones."))
        return
    repo = trainings_of(context)
    draft = await repo.draft_for(user.id) or await repo.create_draft(
        user.id, scope, Step.PROVINCE if scope is None else Step.TITLE)
    await present(update, context, draft, edit=False)


async def new_training(update: Update, context: OcopContext, data: NewTraining) -> None:
    """➕ Create a training: officers and admins only."""
    assert update.effective_user is not None
    allowed, _ = await staff_scope(context, update.effective_user.id)
    if not allowed:
        raise StaleButton(data)
    await start_creation(update, context)


async def load_draft(context: OcopContext, training_id: int, user_id: int) -> Training | None:
    """The draft if it is this user's and they may still create it (in their province)."""
    training = await trainings_of(context).get(training_id)
    if training is None or training.creator_id != user_id or (
            training.status != TrainingStatus.DRAFT):
        return None
    allowed, scope = await staff_scope(context, user_id)
    if not allowed or (scope is not None and scope.province_code != training.province_code):
        return None
    return training


async def present(update: Update, context: OcopContext, training: Training, *,
                  edit: bool) -> None:
    """Show the draft's current step (or its summary) and own the user's text."""
    assert update.effective_user is not None
    step = training.step or Step.TITLE
    await context.repo.dialogs.set(update.effective_user.id, FLOW, step, training.id)
    markup: InlineKeyboardMarkup | None
    if step == Step.SUMMARY:
        text, markup = views.summary(context, training)
        text = f"{text}\n{await audience_line(context, training)}"
    else:
        base = Step(base_step(step))
        text, markup = views.prompt(context, training, base)
        if base in views.STEPS:
            admin = context.user_record is not None and context.user_record.role == "admin"
            text = f"{views.progress(context.t, training, base, admin=admin)}\n{text}"
    await show(update, context, text, markup, edit=edit)


FEW = 5  # an audience this small deserves a second look before announcing


async def audience_line(context: OcopContext, training: Training) -> str:
    """How many people the announcement would reach now, with a warning when it is few."""
    if training.audience is None:
        return ""
    t = context.t
    audience = announcements.Audience(training.audience, training.province_code,
                                      training.commune_code)
    count = await context.repo.announcements.count_recipients(audience)
    line = t.plural("📣 It will be announced to {n} person now.",
                    "📣 It will be announced to {n} people now.", count)
    if count == 0:
        return "\n".join([line, t("⚠️ Nobody would receive it: check the area and the "
                                  "audience. It is still listed in /lophoc.")])
    if count < FEW:
        return "\n".join([line, t("⚠️ That is very few: check the area and the audience.")])
    return line


def next_step(step: str) -> str:
    """The step after `step`; after an edit, back to the summary (dates: start, then end)."""
    base = base_step(step)
    if is_editing(step):
        return EDIT + Step.ENDS if base == Step.STARTS else Step.SUMMARY
    if base not in views.STEPS:
        return Step.SUMMARY
    index = views.STEPS.index(Step(base)) + 1
    return views.STEPS[index] if index < len(views.STEPS) else Step.SUMMARY


async def save(update: Update, context: OcopContext, training: Training,
               **values: object) -> None:
    """Store the current step's answer and show the next step."""
    following = next_step(training.step or Step.TITLE)
    updated = await trainings_of(context).update(training.id, step=following, **values)
    await present(update, context, updated, edit=update.callback_query is not None)


async def go_to(update: Update, context: OcopContext, training: Training, step: str) -> None:
    """Move the draft to `step` and show it in place."""
    updated = await trainings_of(context).update(training.id, step=step)
    await present(update, context, updated, edit=update.callback_query is not None)


async def _reply(update: Update, text: str) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(text)


async def _province(update: Update, context: OcopContext, training: Training,
                    text: str) -> None:
    found = places.search(places.provinces(), text)
    if not found:
        await _reply(update, context.t("I found no place called “{name}”. Try again.",
                                       name=text[:60]))
        return
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.t("Choose one:"),
                                              reply_markup=views.place_buttons(found, PickProvince))


async def _checked(update: Update, context: OcopContext, check: Callable[[], V]) -> V | None:
    """The value `check` returns, or None once its refusal is told."""
    try:
        return check()
    except rules.Refused as refused:
        await _reply(update, refused.text(context.t))
        return None


async def _title(update: Update, context: OcopContext, training: Training, text: str) -> None:
    value = await _checked(update, context, lambda: rules.title(text))
    if value is not None:
        await save(update, context, training, title=value)


async def _venue(update: Update, context: OcopContext, training: Training, text: str) -> None:
    await _line(update, context, training, text, "venue", rules.VENUE_LIMIT)


async def _line(update: Update, context: OcopContext, training: Training, text: str,
                name: str, limit: int) -> None:
    value = await _checked(update, context, lambda: rules.line(text, limit))
    if value is not None:
        await save(update, context, training, **{name: value})


async def _topic(update: Update, context: OcopContext, training: Training, text: str) -> None:
    """A typed topic joins the ticked ones."""
    typed = [item for item in training.topics if isinstance(item, str)]
    value = await _checked(update, context, lambda: rules.typed_topic(text, len(typed)))
    if value is None:
        return
    if value not in training.topics:
        training = await trainings_of(context).update(
            training.id, topics=(*training.topics, value))
    await present(update, context, training, edit=False)


async def _starts(update: Update, context: OcopContext, training: Training, text: str) -> None:
    value = await _checked(update, context, lambda: rules.start(text, datetime.now(UTC)))
    if value is None:
        return
    ends = training.ends_at if training.ends_at and training.ends_at > value else None
    await save(update, context, training, starts_at=value, ends_at=ends)


async def _ends(update: Update, context: OcopContext, training: Training, text: str) -> None:
    value = await _checked(update, context, lambda: rules.end(text, training.starts_at))
    if value is not None:
        await save(update, context, training, ends_at=value)


async def _class_name(update: Update, context: OcopContext, training: Training,
                      text: str) -> None:
    value = await _checked(update, context, lambda: rules.line(text, rules.CLASS_NAME_LIMIT))
    if value is None:
        return
    await trainings_of(context).add_class(training.id, value)
    await go_to(update, context, training, Step.CLASS_COMMUNES)


async def _commune(update: Update, context: OcopContext, training: Training, text: str) -> None:
    """Offer the matching communes of the training's area not yet in another class."""
    found = [p for p in places.search(class_communes(training), text, limit=50)
             if training.class_for(p.code) is None][:8]
    if not found:
        await _reply(update, context.t(
            "I found no commune called “{name}” in {place} that is not already in a class. "
            "Try again.", name=text[:60], place=place_name(training.province_code, None)))
        return
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.t("Choose one:"),
                                              reply_markup=views.place_buttons(found, PickCommune))


def class_communes(training: Training) -> tuple[places.Place, ...]:
    """The communes a class of this training may gather."""
    return rules.area_communes(training.province_code, training.commune_code)


async def _capacity(update: Update, context: OcopContext, training: Training, text: str) -> None:
    klass = views.building(training)
    value = await _checked(update, context, lambda: rules.capacity(text if klass else ""))
    if klass is None or value is None:
        return
    await trainings_of(context).set_capacity(klass.id, value)
    await go_to(update, context, training, Step.CLASSES)


FORM: DraftForm[Training] = DraftForm(
    flow=FLOW, load=load_draft, step_of=lambda training: training.step,
    text_steps={
        Step.PROVINCE: _province, Step.TITLE: _title, Step.TOPICS: _topic,
        Step.STARTS: _starts, Step.ENDS: _ends, Step.VENUE: _venue,
        Step.CLASS_NAME: _class_name, Step.CLASS_COMMUNES: _commune,
        Step.CLASS_CAPACITY: _capacity,
    },
    gone=N_("This training draft is no longer open."), first_step=Step.TITLE,
    show_step=present)
