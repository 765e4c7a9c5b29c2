"""Typed text and shared contacts of the registration form: the steps that take text."""

from __future__ import annotations

from telegram import Message, Update

from core.context import OcopContext
from core.drafts import DraftForm
from core.i18n import N_
from core.text import has_letters
from handlers.registration import buttons, fields, form, views
from knowledge import places
from knowledge.criteria.products import find_sheets
from storage.registrations import Registration, RegistrationStatus
from storage.registrations import RegistrationStep as Step


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message


async def _text_field(update: Update, context: OcopContext, registration: Registration,
                      text: str) -> None:
    step = FORM.step(registration)
    limit = fields.TEXT_LIMITS[Step(step)]
    value = fields.clean_text(text, limit)
    if value is None:
        await _message(update).reply_text(
            context.t("Please type it on one line, at most {n} characters.", n=limit))
        return
    if not has_letters(value):
        await _message(update).reply_text(context.t(
            "Please type it in words: it goes onto Form 01 (Mẫu 01) for the officers."))
        return
    await form.save(update, context, registration, **{step: value})


# Step → (cleaner, column, what to say when the typed value does not pass).
_CHECKED = {
    Step.PHONE: (fields.clean_phone, "phone", N_(
        "That does not look like a Vietnamese phone number. Please check it, e.g. 0912 345 678.")),
    Step.EMAIL: (fields.clean_email, "email", N_(
        "That does not look like an email address. Type it again, or skip.")),
    Step.CERTIFICATE_EXPIRY: (fields.clean_date, "certificate_expiry", N_(
        "Please type the date as dd/mm/yyyy, e.g. 31/12/2027.")),
}


async def _checked(update: Update, context: OcopContext, registration: Registration,
                   text: str) -> None:
    step = Step(FORM.step(registration))
    clean, column, problem = _CHECKED[step]
    value = clean(text)
    if value is None:
        await _message(update).reply_text(context.t(problem))
        return
    if step == Step.PHONE:
        await form.confirm_phone(update, context)
    await form.save(update, context, registration, **{column: value})


async def _province(update: Update, context: OcopContext, registration: Registration,
                    text: str) -> None:
    found = places.search(places.provinces(), text)
    exact = places.exact(found, text)
    if exact is not None:  # one exact match needs no tap; its commune is asked again
        await _taken(update, context, exact)
        await form.save(update, context, registration, province_code=exact.code,
                        commune_code=None)
        return
    await _offer_places(update, context, found, buttons.Province, text)


async def _commune(update: Update, context: OcopContext, registration: Registration,
                   text: str) -> None:
    found = places.search(places.communes(registration.province_code or 0), text)
    exact = places.exact(found, text)
    if exact is not None:
        await _taken(update, context, exact)
        await form.save(update, context, registration, commune_code=exact.code)
        return
    await _offer_places(update, context, found, buttons.Commune, text)


async def _taken(update: Update, context: OcopContext, place: places.Place) -> None:
    await _message(update).reply_text(context.t("📍 {place}", place=place.name))


async def _offer_places(update: Update, context: OcopContext, found: list[places.Place],
                        kind: type[buttons.Province] | type[buttons.Commune], text: str) -> None:
    message = _message(update)
    if not found:
        await message.reply_text(context.t("I found no place called “{name}”. Try again.",
                                           name=text[:60]))
        return
    await message.reply_text(views.numbered(context.t("Choose one:"),
                                            [p.name for p in found]),
                             reply_markup=views.place_buttons(found, kind))


async def _sheet(update: Update, context: OcopContext, registration: Registration,
                 text: str) -> None:
    sheets = context.services.sheets
    found = find_sheets(text, {n: s.title for n, s in sheets.items()}) or sorted(sheets)
    text, markup = views.sheet_choices(context.t, [sheets[n] for n in found])
    await _message(update).reply_text(text, reply_markup=markup)


async def _open_draft(context: OcopContext, registration_id: int, user_id: int
                      ) -> Registration | None:
    """The registration if it is still a draft of this user's."""
    registration = await context.repo.registrations.get(registration_id)
    if registration is None or registration.user_id != user_id or (
            registration.status != RegistrationStatus.DRAFT):
        return None
    return registration


FORM: DraftForm[Registration] = DraftForm(
    flow=form.FLOW, load=_open_draft, step_of=lambda registration: registration.step,
    text_steps={
        Step.ORG_NAME: _text_field, Step.REPRESENTATIVE: _text_field,
        Step.PRODUCT_NAME: _text_field, Step.PHONE: _checked, Step.EMAIL: _checked,
        Step.CERTIFICATE_EXPIRY: _checked, Step.PROVINCE: _province, Step.COMMUNE: _commune,
        Step.SHEET: _sheet,
    },
    gone=N_("This registration can no longer be changed."), first_step=Step.ORG_TYPE,
    show_step=form.present)


async def on_contact(update: Update, context: OcopContext) -> None:
    """Take the sender's own shared contact as the phone number; not someone else's."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.contact is not None
    registration = await FORM.current(context, user.id)
    if registration is None or FORM.step(registration) != Step.PHONE:
        return
    # A forwarded contact card carries its owner's id (or none): only one's own number counts.
    if message.contact.user_id != user.id:
        await message.reply_text(context.t(
            "This is someone else's phone number. To give yours, press “📱 Share my phone "
            "number” below, or type it (e.g. 0912 345 678)."))
        return
    await _checked(update, context, registration, message.contact.phone_number)
