"""What each registration button does: the form's choices, then the officers' decisions.

Every press re-reads the draft (or the registration) and checks that it still applies: the
step on screen for the form's buttons, the officer's role and scope for a decision. Anything
else raises `StaleButton` and changes nothing.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from core.buttons import StaleButton
from core.context import OcopContext
from handlers.registration import buttons, form, review
from handlers.registration.entry import FORM
from handlers.registration.fields import KINDS, ORG_TYPES, STEPS
from handlers.registration.views import RANKS
from knowledge import places
from storage.assessments import AssessmentRecord, registrable
from storage.registrations import Registration, RegistrationStatus
from storage.registrations import RegistrationStep as Step


async def _draft_at(update: Update, context: OcopContext, *steps: Step) -> Registration:
    """The user's draft if it asks one of `steps` now; StaleButton otherwise."""
    assert update.effective_user is not None
    registration = await FORM.require(context, update.effective_user.id)
    if FORM.step(registration) not in steps:
        raise StaleButton(registration.id)
    return registration


async def on_consent(update: Update, context: OcopContext, data: buttons.Consent) -> None:
    """Agree to the processing of personal data, or not now."""
    await form.give_consent(update, context, data.agreed)


async def _registrable(update: Update, context: OcopContext, assessment_id: int
                       ) -> AssessmentRecord:
    """The presser's own completed (and eligible) self-assessment, pressed in a private chat;
    StaleButton otherwise: a forged or outdated button registers nothing."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    if query.message is None or query.message.chat.type != ChatType.PRIVATE:
        raise StaleButton(assessment_id)
    record = await context.repo.assessments.get(assessment_id)
    if record is None or record.user_id != user.id or not registrable(record):
        raise StaleButton(assessment_id)
    return record


async def on_from_assessment(update: Update, context: OcopContext,
                             data: buttons.FromAssessment) -> None:
    """📝 Register this product, from its self-assessment's result."""
    await form.start_from_assessment(update, context,
                                     await _registrable(update, context, data.assessment_id))


async def on_consent_from(update: Update, context: OcopContext,
                          data: buttons.ConsentFrom) -> None:
    """✅ Agree, then register the product of the self-assessment that was pressed."""
    record = await _registrable(update, context, data.assessment_id)
    await form.give_consent(update, context, True, record)


async def on_switch_to(update: Update, context: OcopContext, data: buttons.SwitchTo) -> None:
    """Put the self-assessment's product into the open draft, in place of the other one."""
    record = await _registrable(update, context, data.assessment_id)
    draft = await context.repo.registrations.draft_for(record.user_id)
    await form.fill_from_assessment(update, context, draft, record)


async def on_resume(update: Update, context: OcopContext, data: buttons.Resume) -> None:
    """▶️ Go on with the open draft as it is."""
    assert update.effective_user is not None
    draft = await context.repo.registrations.draft_for(update.effective_user.id)
    if draft is None:
        raise StaleButton(data)
    await form.present(update, context, draft, edit=True)


async def on_reuse(update: Update, context: OcopContext, data: buttons.Reuse) -> None:
    """♻️ Take the details of an earlier registration of the same producer."""
    registration = await _draft_at(update, context, Step.ORG_TYPE)
    previous = await context.repo.registrations.get(data.registration_id)
    if previous is None or previous.user_id != registration.user_id or \
            previous.status == RegistrationStatus.DRAFT:
        raise StaleButton(data)
    await form.reuse(update, context, registration, previous)


async def on_afresh(update: Update, context: OcopContext, data: buttons.Afresh) -> None:
    """✍️ Start from an empty form."""
    registration = await _draft_at(update, context, Step.ORG_TYPE)
    await form.present(update, context, registration, edit=True)


async def on_org_type(update: Update, context: OcopContext, data: buttons.OrgType) -> None:
    """Take the type of organisation; explain who may take part to a person without one."""
    registration = await _draft_at(update, context, Step.ORG_TYPE)
    if data.index == len(ORG_TYPES):
        await _explain_unregistered(update, context)
    elif data.index < len(ORG_TYPES):
        await form.save(update, context, registration, org_type=ORG_TYPES[data.index][0])
    else:
        raise StaleButton(data)


async def on_kind(update: Update, context: OcopContext, data: buttons.Kind) -> None:
    """Take the registration kind; a first registration has no current rank or expiry."""
    registration = await _draft_at(update, context, Step.KIND)
    if data.index >= len(KINDS):
        raise StaleButton(data)
    kind = KINDS[data.index][0]
    cleared = {"current_stars": None, "certificate_expiry": None} if kind == "first" else {}
    await form.save(update, context, registration, kind=kind, **cleared)


async def on_province(update: Update, context: OcopContext, data: buttons.Province) -> None:
    """Take the province (its commune is asked again)."""
    registration = await _draft_at(update, context, Step.PROVINCE)
    if places.province(data.code) is None:
        raise StaleButton(data)
    await form.save(update, context, registration, province_code=data.code, commune_code=None)


async def on_commune(update: Update, context: OcopContext, data: buttons.Commune) -> None:
    """Take a commune of the chosen province."""
    registration = await _draft_at(update, context, Step.COMMUNE)
    if places.commune(registration.province_code or 0, data.code) is None:
        raise StaleButton(data)
    await form.save(update, context, registration, commune_code=data.code)


async def on_sheet(update: Update, context: OcopContext, data: buttons.Sheet) -> None:
    """Take the criteria sheet."""
    registration = await _draft_at(update, context, Step.SHEET)
    if data.number not in context.services.sheets:
        raise StaleButton(data)
    await form.save(update, context, registration, sheet=data.number)


async def on_stars(update: Update, context: OcopContext, data: buttons.Stars) -> None:
    """Take the current rank."""
    registration = await _draft_at(update, context, Step.CURRENT_STARS)
    if data.stars not in RANKS:
        raise StaleButton(data)
    await form.save(update, context, registration, current_stars=data.stars)


async def on_skip(update: Update, context: OcopContext, data: buttons.Skip) -> None:
    """Leave the email empty, or attach no self-assessment."""
    registration = await _draft_at(update, context, Step.EMAIL, Step.ASSESSMENT)
    if FORM.step(registration) == Step.EMAIL:
        await form.save(update, context, registration, email=None)
    else:
        await form.save(update, context, registration, assessment_id=None)


async def on_attach(update: Update, context: OcopContext, data: buttons.Attach) -> None:
    """Attach one of the user's completed self-assessments."""
    registration = await _draft_at(update, context, Step.ASSESSMENT)
    record = await context.repo.assessments.get(data.assessment_id)
    if (record is None or record.user_id != registration.user_id
            or not form.attachable(record, registration)):
        raise StaleButton(data)
    await form.save(update, context, registration, assessment_id=data.assessment_id)


async def on_edit(update: Update, context: OcopContext, data: buttons.Edit) -> None:
    """From the summary, ask one field again."""
    registration = await _draft_at(update, context, Step.SUMMARY)
    if data.index >= len(STEPS):
        raise StaleButton(data)
    await form.edit_field(update, context, registration, data.index)


async def on_submit(update: Update, context: OcopContext, data: buttons.Submit) -> None:
    """Send the finished draft to the officers."""
    await review.submit(update, context, await _draft_at(update, context, Step.SUMMARY))


async def on_accept(update: Update, context: OcopContext, data: buttons.Accept) -> None:
    """An officer accepts the registration."""
    assert update.effective_user is not None
    registration = await review.decidable(context, update.effective_user.id,
                                          data.registration_id)
    await review.accept(update, context, registration)


async def on_ask_info(update: Update, context: OcopContext, data: buttons.AskInfo) -> None:
    """An officer asks the producer for more information (a note follows)."""
    assert update.effective_user is not None
    registration = await review.decidable(context, update.effective_user.id,
                                          data.registration_id)
    await review.ask_note(update, context, registration, RegistrationStatus.INFO_REQUESTED)


async def on_reject(update: Update, context: OcopContext, data: buttons.Reject) -> None:
    """An officer rejects the registration (a note follows)."""
    assert update.effective_user is not None
    registration = await review.decidable(context, update.effective_user.id,
                                          data.registration_id)
    await review.ask_note(update, context, registration, RegistrationStatus.REJECTED)


async def on_reply(update: Update, context: OcopContext, data: buttons.Reply) -> None:
    """The producer answers an officer's request for information."""
    await review.start_reply(update, context, data.registration_id)


async def _explain_unregistered(update: Update, context: OcopContext) -> None:
    t = context.t
    assert update.effective_message is not None
    await update.effective_message.reply_text("\n\n".join([
        t("Only registered producers can take part in OCOP: cooperatives, cooperative groups, "
          "small and medium enterprises, farms, and production households or families with a "
          "business registration (Decision 26/2026/QĐ-TTg, Article 2)."),
        t("What you can do: register a household business, or join a cooperative or "
          "cooperative group, then come back with /dangky. Meanwhile /danhgia lets you "
          "self-assess your product."),
    ]))
