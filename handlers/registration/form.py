"""/dangky: fill in Mẫu 01 step by step, every answer saved at once, then submit."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardMarkup, ReplyKeyboardRemove, Update

from core.buttons import button
from core.context import OcopContext
from core.drafts import EDIT, base_step, is_editing
from core.ui import show
from handlers.registration import buttons, views
from handlers.registration.fields import (
    ANSWERS,
    STEPS,
    TEXT_LIMITS,
    first_missing,
    next_step,
)
from storage.assessments import AssessmentRecord, AssessmentStatus
from storage.registrations import Registration
from storage.registrations import RegistrationStep as Step

FLOW = "registration"
CONSENT_VERSION = "2026-11"


async def start_registration(update: Update, context: OcopContext) -> None:
    """Ask for consent first, then continue the user's draft or start one."""
    assert update.effective_user is not None
    user_id = update.effective_user.id
    if await context.repo.users.consent(user_id) is None:
        await ask_consent(update, context)
        return
    draft = await context.repo.registrations.draft_for(user_id)
    if draft is None:
        draft = await context.repo.registrations.create_draft(user_id)
        if await _offered_reuse(update, context, user_id, draft):
            return
    await present(update, context, draft, edit=False)


async def _offered_reuse(update: Update, context: OcopContext, user_id: int,
                         draft: Registration) -> bool:
    """On a user's new draft, offer the details of their latest registration that has them
    (♻️ or ✍️, at the organisation's type); False when there is none to offer."""
    earlier = await context.repo.registrations.for_user(user_id)
    previous = next((r for r in earlier if r.org_name and r.phone and r.commune_code), None)
    if previous is None:
        return False
    await context.repo.dialogs.set(user_id, FLOW, Step.ORG_TYPE, draft.id)
    await show(update, context, *views.reuse_offer(context.t, previous), edit=False)
    return True


REUSED = ("org_type", "org_name", "representative", "phone", "email", "province_code",
          "commune_code")


async def reuse(update: Update, context: OcopContext, draft: Registration,
                previous: Registration) -> None:
    """Fill the new draft with the earlier one's organisation, people and place; go on after
    the place, past what is known (in one write)."""
    values = {name: getattr(previous, name) for name in REUSED}
    step = next_step(replace(draft, **values), Step.COMMUNE)
    updated = await context.repo.registrations.update(draft.id, **values, step=step)
    await present(update, context, updated, edit=True)


async def start_from_assessment(update: Update, context: OcopContext,
                                record: AssessmentRecord) -> None:
    """📝 Register this product: a draft holding what the self-assessment knows (organisation,
    product, sheet, the assessment itself), so that only the rest is asked.

    A draft of another product is not overwritten unasked: it may hold answers the producer
    wants, and continuing it silently would ignore the press. They choose.
    """
    user_id = record.user_id
    if await context.repo.users.consent(user_id) is None:
        await ask_consent(update, context, assessment_id=record.id)
        return
    draft = await context.repo.registrations.draft_for(user_id)
    if draft is not None and _another_product(draft, record):
        text, markup = views.draft_clash(context.t, draft, record)
        await show(update, context, text, markup, edit=False)
        return
    await fill_from_assessment(update, context, draft, record)


def _another_product(draft: Registration, record: AssessmentRecord) -> bool:
    """Whether the draft already names a product other than the assessment's."""
    if draft.assessment_id == record.id:
        return False
    named = draft.product_name is not None and (
        draft.product_name.casefold() != (record.product_name or "").casefold())
    return named or (draft.sheet is not None and draft.sheet != record.sheet)


async def fill_from_assessment(update: Update, context: OcopContext,
                               draft: Registration | None, record: AssessmentRecord) -> None:
    """Put the assessment's product into the draft (a new one if None) and ask what is left."""
    created = draft is None
    if draft is None:
        draft = await context.repo.registrations.create_draft(record.user_id)
    values = await _assessment_values(context, draft, record)
    draft = await context.repo.registrations.update(draft.id, **values)
    await show(update, context, context.t(
        "📝 Registering “{product}”: the product, its criteria sheet and your self-assessment "
        "are filled in from the assessment. I will ask only for the rest.",
        product=draft.product_name or ""), None, edit=False)
    if created and await _offered_reuse(update, context, record.user_id, draft):
        return
    draft = await context.repo.registrations.update(draft.id, step=_resume_step(draft))
    await present(update, context, draft, edit=False)


async def _assessment_values(context: OcopContext, draft: Registration,
                             record: AssessmentRecord) -> dict[str, object]:
    """The columns the assessment fills: its product, sheet and itself; the organisation the
    producer gave for it, unless the draft names one already."""
    values: dict[str, object] = {
        "product_name": (record.product_name or "")[:TEXT_LIMITS[Step.PRODUCT_NAME]] or None,
        "sheet": record.sheet, "assessment_id": record.id}
    if _another_product(draft, record):  # the kind and rank were the other product's
        values.update(kind=None, current_stars=None, certificate_expiry=None)
    user = await context.repo.users.get(record.user_id)
    if draft.org_name is None and user is not None and user.org_name:
        values["org_name"] = user.org_name[:TEXT_LIMITS[Step.ORG_NAME]]
    return values


def _resume_step(draft: Registration) -> str:
    """Where a draft goes on once filled ahead: its step if still unanswered, else the next."""
    step = draft.step or Step.ORG_TYPE
    if step == Step.SUMMARY or is_editing(step):
        missing = first_missing(draft)
        return f"{EDIT}{missing}" if missing else Step.SUMMARY
    if getattr(draft, ANSWERS[Step(step)]) is None:
        return step
    return next_step(draft, step)


async def ask_consent(update: Update, context: OcopContext, *,
                      assessment_id: int | None = None) -> None:
    """Say what is collected, why and who sees it, and ask for agreement (then, with
    `assessment_id`, register that assessment's product)."""
    t = context.t
    text = "\n\n".join([
        t("<b>Before you register: your personal data</b>"),
        t("To register a product I need the organisation's name, its legal representative, a "
          "phone number, an optional email and the commune of production."),
        t("Why: to prepare your registration (Form 01) and pass it to the OCOP officers of your "
          "commune and province, who process it. Apart from the OCOP officers and the system's "
          "admins, nobody sees it."),
        t("You can see or delete everything the bot holds about you at any time with /dulieu."),
    ])
    agree = buttons.Consent(True) if assessment_id is None else buttons.ConsentFrom(
        assessment_id)
    markup = InlineKeyboardMarkup([[button(t("✅ I agree"), agree),
                                    button(t("Not now"), buttons.Consent(False))]])
    await show(update, context, text, markup, edit=False)


async def give_consent(update: Update, context: OcopContext, agreed: bool,
                       assessment: AssessmentRecord | None = None) -> None:
    """Record the consent and start (from `assessment`, if given), or say kindly that nothing
    was stored."""
    assert update.effective_user is not None and update.callback_query is not None
    if not agreed:
        await update.callback_query.edit_message_text(context.t(
            "No problem: nothing was stored. Type /dangky whenever you are ready."))
        return
    await context.repo.users.give_consent(update.effective_user.id, CONSENT_VERSION)
    await update.callback_query.edit_message_text(context.t("✅ Thank you. Let's begin."))
    if assessment is not None:
        await start_from_assessment(update, context, assessment)
        return
    await start_registration(update, context)


async def present(update: Update, context: OcopContext, registration: Registration,
                  *, edit: bool) -> None:
    """Show the registration's current step (or the summary) and own the user's text."""
    step = registration.step or Step.ORG_TYPE
    assert update.effective_user is not None
    await context.repo.dialogs.set(update.effective_user.id, FLOW, step, registration.id)
    if step == Step.SUMMARY:
        await show_summary(update, context, registration, edit=edit)
        return
    base = base_step(step)
    assessments = await _assessments(context, registration) if base == Step.ASSESSMENT else []
    if base == Step.ASSESSMENT and not assessments and not is_editing(step):
        await save(update, context, registration, assessment_id=None)  # nothing to choose
        return
    text, markup = views.prompt(context, registration, base, assessments)
    text = f"{views.progress(context, registration, base)}\n{text}"
    if markup is None or isinstance(markup, InlineKeyboardMarkup):
        await show(update, context, text, markup, edit=edit)
    else:
        await context.bot.send_message(update.effective_user.id, text, reply_markup=markup)


async def _assessments(context: OcopContext, registration: Registration
                       ) -> list[AssessmentRecord]:
    """The producer's latest completed self-assessments on the registered product's sheet:
    a score on another sheet is another product's, and must not reach the officers as this
    one's."""
    records = await context.repo.assessments.finished_for(registration.user_id or 0, 20)
    return [r for r in records if attachable(r, registration)][:5]


def attachable(record: AssessmentRecord, registration: Registration) -> bool:
    """Whether `record` may go with `registration`: completed, on the registered sheet."""
    return record.status == AssessmentStatus.COMPLETED and record.sheet == registration.sheet


async def _drop_other_sheets(context: OcopContext, registration: Registration) -> Registration:
    """Detach the self-assessment when the product's sheet was changed after attaching it."""
    if registration.assessment_id is None:
        return registration
    attached = await context.repo.assessments.get(registration.assessment_id)
    if attached is not None and attached.sheet == registration.sheet:
        return registration
    return await context.repo.registrations.update(registration.id, assessment_id=None)


async def save(update: Update, context: OcopContext, registration: Registration,
               **values: object) -> None:
    """Store the current step's value(s) and show the next step."""
    step = registration.step or Step.ORG_TYPE
    updated = await _drop_other_sheets(
        context, await context.repo.registrations.update(registration.id, **values))
    if is_editing(step):
        # A changed province needs its commune again, a re-ranking its current rank and expiry.
        missing = first_missing(updated)
        following = f"{EDIT}{missing}" if missing else Step.SUMMARY
    else:
        following = next_step(updated, step)
    updated = await context.repo.registrations.update(registration.id, step=following)
    await present(update, context, updated, edit=update.callback_query is not None)


async def show_summary(update: Update, context: OcopContext, registration: Registration,
                       *, edit: bool) -> None:
    """The whole form with an edit button per field, and Submit."""
    t = context.t
    attached = await context.repo.assessments.get(registration.assessment_id) if (
        registration.assessment_id) else None
    fields = views.summary_values(context, context.t, registration, attached)
    text = context.render(
        "registration/summary.j2", title=t("Check your registration"), fields=fields,
        hint=t("Press ✏️ to change a field, or send the registration to your commune."))
    await show(update, context, text, views.summary_markup(t, fields), edit=edit)


async def edit_field(update: Update, context: OcopContext, registration: Registration,
                     index: int) -> None:
    """From the summary, ask one field again."""
    updated = await context.repo.registrations.update(registration.id,
                                                      step=f"{EDIT}{STEPS[index][0]}")
    await present(update, context, updated, edit=True)


async def confirm_phone(update: Update, context: OcopContext) -> None:
    """Take the contact keyboard away once the number is stored."""
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, context.t("✅ Phone number saved."),
                                   reply_markup=ReplyKeyboardRemove())
