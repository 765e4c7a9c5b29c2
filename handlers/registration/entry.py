"""Typed text, shared contacts and buttons of the registration form."""

from __future__ import annotations

from telegram import Update

from core.context import OcopContext
from core.i18n import N_
from handlers.registration import fields, form, views
from handlers.registration.fields import KINDS, ORG_TYPES
from knowledge import places
from knowledge.criteria.products import find_sheets
from storage.registrations import Registration


async def current_draft(context: OcopContext, user_id: int) -> Registration | None:
    """The draft the user's dialog points at, if it is still a draft of theirs."""
    dialog = context.repo.dialogs.current(user_id)
    registration = await context.repo.registrations.get(dialog.ref or 0) if dialog else None
    if registration is None or registration.user_id != user_id or registration.status != "draft":
        return None
    return registration


async def on_text(update: Update, context: OcopContext) -> None:
    """Take typed text as the value of the current step."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    registration = await current_draft(context, user.id)
    if registration is None:
        # The draft went away (deleted with /dulieu, say): never leave the message unanswered.
        await context.repo.dialogs.clear(user.id)
        await message.reply_text(context.t("This registration can no longer be changed."))
        return
    step = (registration.step or "org_type").removeprefix("edit:")
    handler = _TEXT_STEPS.get(step)
    if handler is None:
        await message.reply_text(context.t("Please use the buttons above."))
        return
    await handler(update, context, registration, message.text)


async def _text_field(update: Update, context: OcopContext, registration: Registration,
                      text: str) -> None:
    step = (registration.step or "").removeprefix("edit:")
    limit = fields.TEXT_LIMITS[step]
    value = fields.clean_text(text, limit)
    if value is None:
        await update.effective_message.reply_text(  # type: ignore[union-attr]
            context.t("Please type it on one line, at most {n} characters.", n=limit))
        return
    await form.save(update, context, registration, **{step: value})


# Step → (cleaner, column, what to say when the typed value does not pass).
_CHECKED = {
    "phone": (fields.clean_phone, "phone", N_(
        "That does not look like a Vietnamese phone number. Please check it, e.g. 0912 345 678.")),
    "email": (fields.clean_email, "email", N_(
        "That does not look like an email address. Type it again, or skip.")),
    "certificate_expiry": (fields.clean_date, "certificate_expiry", N_(
        "Please type the date as dd/mm/yyyy, e.g. 31/12/2027.")),
}


async def _checked(update: Update, context: OcopContext, registration: Registration,
                   text: str) -> None:
    step = (registration.step or "").removeprefix("edit:")
    clean, column, problem = _CHECKED[step]
    value = clean(text)
    if value is None:
        await update.effective_message.reply_text(context.t(problem))  # type: ignore[union-attr]
        return
    if step == "phone":
        await form.confirm_phone(update, context)
    await form.save(update, context, registration, **{column: value})


async def _province(update: Update, context: OcopContext, registration: Registration,
                    text: str) -> None:
    await _offer_places(update, context, places.search(places.provinces(), text), "p", text)


async def _commune(update: Update, context: OcopContext, registration: Registration,
                   text: str) -> None:
    found = places.search(places.communes(registration.province_code or 0), text)
    await _offer_places(update, context, found, "w", text)


async def _offer_places(update: Update, context: OcopContext, found: list[places.Place],
                        verb: str, text: str) -> None:
    message = update.effective_message
    assert message is not None
    if not found:
        await message.reply_text(context.t("I found no place called “{name}”. Try again.",
                                           name=text[:60]))
        return
    await message.reply_text(context.t("Choose one:"),
                             reply_markup=views.place_buttons(found, verb))


async def _sheet(update: Update, context: OcopContext, registration: Registration,
                 text: str) -> None:
    titles = {n: s.title for n, s in context.services.sheets.items()}
    found = find_sheets(text, titles) or sorted(titles)
    buttons = [views.button(f"{i}. {titles[n]}", f"{views.PREFIX}:s:{n}")
               for i, n in enumerate(found, start=1)]
    await update.effective_message.reply_text(  # type: ignore[union-attr]
        context.t("Choose the criteria sheet:"),
        reply_markup=views.InlineKeyboardMarkup(views.rows(buttons, 1)))


_TEXT_STEPS = {
    "org_name": _text_field, "representative": _text_field, "product_name": _text_field,
    "phone": _checked, "email": _checked, "certificate_expiry": _checked, "province": _province,
    "commune": _commune, "sheet": _sheet,
}


async def on_contact(update: Update, context: OcopContext) -> None:
    """Take a shared contact as the phone number."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.contact is not None
    registration = await current_draft(context, user.id)
    if registration is None or (registration.step or "").removeprefix("edit:") != "phone":
        return
    await _checked(update, context, registration, message.contact.phone_number)


async def choose(update: Update, context: OcopContext, registration: Registration, verb: str,
                 value: int) -> bool:
    """Apply a button of the current step; False when it does not belong to it."""
    step = (registration.step or "org_type").removeprefix("edit:")
    choice = _CHOICES.get((verb, step))
    if choice is None:
        return False
    values = choice(context, registration, value)
    if values is None:
        return False
    await form.save(update, context, registration, **values)
    return True


def _org_type(context: OcopContext, r: Registration, value: int) -> dict[str, object] | None:
    return {"org_type": ORG_TYPES[value][0]} if value < len(ORG_TYPES) else None


def _kind(context: OcopContext, r: Registration, value: int) -> dict[str, object] | None:
    if value >= len(KINDS):
        return None
    kind = KINDS[value][0]
    return {"kind": kind} if kind != "first" else {"kind": kind, "current_stars": None,
                                                   "certificate_expiry": None}


def _province_choice(context: OcopContext, r: Registration, value: int
                     ) -> dict[str, object] | None:
    if places.province(value) is None:
        return None
    return {"province_code": value, "commune_code": None}


def _commune_choice(context: OcopContext, r: Registration, value: int
                    ) -> dict[str, object] | None:
    return {"commune_code": value} if places.commune(r.province_code or 0, value) else None


_CHOICES = {
    ("t", "org_type"): _org_type,
    ("k", "kind"): _kind,
    ("p", "province"): _province_choice,
    ("w", "commune"): _commune_choice,
    ("s", "sheet"): lambda c, r, v: {"sheet": v} if v in c.services.sheets else None,
    ("st", "current_stars"): lambda c, r, v: {"current_stars": v} if v in (3, 4, 5) else None,
}
