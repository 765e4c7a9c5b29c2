"""Dispatch the buttons of the registration form and of the officers' decisions."""

from __future__ import annotations

from telegram import Update

from core.context import OcopContext
from handlers.registration import entry, form, review
from handlers.registration.fields import ORG_TYPES, STEPS
from handlers.registration.views import PREFIX
from storage.registrations import Registration

OFFICER_VERBS = {"ok", "in", "no"}


async def on_press(update: Update, context: OcopContext) -> None:
    """Handle a registration button; a stale, forged or foreign one changes nothing."""
    query = update.callback_query
    assert query is not None
    verb, _, raw = (query.data or "").removeprefix(f"{PREFIX}:").partition(":")
    value = int(raw) if raw.isdigit() and len(raw) < 12 else None
    if verb == "c" and value in (0, 1):
        await query.answer()
        await form.give_consent(update, context, value == 1)
        return
    if verb in OFFICER_VERBS or verb == "rp":
        handled = value is not None and await _decision(update, context, verb, value)
    else:
        handled = await _form_button(update, context, verb, value)
    if handled:
        await query.answer()
    else:
        await query.answer(context.t("This button is no longer valid."))


async def _decision(update: Update, context: OcopContext, verb: str, registration_id: int
                    ) -> bool:
    user = update.effective_user
    assert user is not None
    registration = await context.repo.registrations.get(registration_id)
    if registration is None:
        return False
    if verb == "rp":
        return await review.start_reply(update, context, registration)
    if not await review.may_handle(context, user.id, registration):
        return False
    if verb == "ok":
        return await review.accept(update, context, registration)
    decision = "info_requested" if verb == "in" else "rejected"
    return await review.ask_note(update, context, registration, decision)


async def _form_button(update: Update, context: OcopContext, verb: str,
                       value: int | None) -> bool:
    user = update.effective_user
    assert user is not None
    registration = await entry.current_draft(context, user.id)
    if registration is None:
        return False
    step = (registration.step or "").removeprefix("edit:")
    if verb == "t" and value == len(ORG_TYPES) and step == "org_type":
        await _explain_unregistered(update, context)
        return True
    if verb == "sk" and step in ("email", "assessment"):
        await form.save(update, context, registration,
                        **({"email": None} if step == "email" else {"assessment_id": None}))
        return True
    if verb == "a" and step == "assessment" and value is not None:
        return await _attach(update, context, registration, value)
    if verb == "e" and registration.step == "summary" and value is not None and value < len(STEPS):
        await form.edit_field(update, context, registration, value)
        return True
    if verb == "go" and registration.step == "summary":
        return await review.submit(update, context, registration)
    return value is not None and await entry.choose(update, context, registration, verb, value)


async def _attach(update: Update, context: OcopContext, registration: Registration,
                  assessment_id: int) -> bool:
    record = await context.repo.assessments.get(assessment_id)
    if record is None or record.user_id != registration.user_id or record.status != "completed":
        return False
    await form.save(update, context, registration, assessment_id=assessment_id)
    return True


async def _explain_unregistered(update: Update, context: OcopContext) -> None:
    t = context.t
    await update.effective_message.reply_text("\n\n".join([  # type: ignore[union-attr]
        t("Only registered producers can take part in OCOP: cooperatives, cooperative groups, "
          "small and medium enterprises, farms, and production households or families with a "
          "business registration (Decision 26/2026/QĐ-TTg, Article 2)."),
        t("What you can do: register a household business, or join a cooperative or "
          "cooperative group, then come back with /dangky. Meanwhile /danhgia lets you "
          "self-assess your product."),
    ]))
