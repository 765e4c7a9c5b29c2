"""/canbo (/officer): the officer's desk: registrations in scope, questions, exports.

Every press checks the role and scope again: a role taken away makes the desk's buttons stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CommandHandler

from core.buttons import ButtonData, StaleButton, button, on_press
from core.context import App, OcopContext
from core.roles import scope_name, staff_scope
from core.ui import rows, shorten
from handlers.faq import buttons as faq_buttons
from handlers.faq.handoff import handlers_of
from handlers.registration.review import STATUS_LABELS, notice_text
from handlers.registration.views import decision_markup
from reports.exports import registrations_csv, registrations_xlsx
from storage.faq import Handoff
from storage.officers import Scope
from storage.registrations import OPEN_STATUSES, Registration, RegistrationStatus

LISTED = 10
STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.INFO_REQUESTED,
            RegistrationStatus.ACCEPTED, RegistrationStatus.REJECTED)


@dataclass(frozen=True)
class ListStatus(ButtonData, prefix="cb:l"):
    index: int  # into STATUSES


@dataclass(frozen=True)
class OpenRegistration(ButtonData, prefix="cb:o"):
    registration_id: int


@dataclass(frozen=True)
class Questions(ButtonData, prefix="cb:q"):
    """The questions waiting for this officer."""


@dataclass(frozen=True)
class ExportExcel(ButtonData, prefix="cb:x"):
    """Every registration in scope as a workbook."""


@dataclass(frozen=True)
class ExportCsv(ButtonData, prefix="cb:v"):
    """Every registration in scope as CSV."""


async def open_desk(update: Update, context: OcopContext) -> None:
    """Show the counts by status and the officer's actions."""
    assert update.effective_user is not None and update.effective_message is not None
    allowed, scope = await staff_scope(context, update.effective_user.id)
    t = context.t
    if not allowed:
        await update.effective_message.reply_text(t(
            "This menu is for OCOP officers. If you are one, ask an admin for an invitation."))
        return
    registrations = await context.repo.registrations.in_scope(scope)
    counts = {s: sum(r.status == s for r in registrations) for s in STATUSES}
    questions = await _questions(context, update.effective_user.id, scope)
    buttons = [button(t(STATUS_LABELS[s]).capitalize() + f" ({counts[s]})", ListStatus(i))
               for i, s in enumerate(STATUSES)]
    buttons += [button(t("💬 Questions ({n})", n=len(questions)), Questions()),
                button(t("📤 Excel"), ExportExcel()), button(t("📤 CSV"), ExportCsv())]
    text = "\n".join([t("<b>Officer desk</b> · {scope}", scope=scope_name(context, scope)),
                      t("Statistics: /thongke")])
    await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(
        rows(buttons, 2)))


async def _questions(context: OcopContext, officer_id: int, scope: Scope | None
                     ) -> list[Handoff]:
    waiting = await context.repo.faq.open_handoffs(50)
    if scope is None:
        return waiting
    return [h for h in waiting if officer_id in await handlers_of(context, h.user_id)]


async def _desk_scope(update: Update, context: OcopContext) -> Scope | None:
    """The presser's scope (None: everywhere); StaleButton unless they are staff now."""
    assert update.effective_user is not None
    allowed, scope = await staff_scope(context, update.effective_user.id)
    if not allowed:
        raise StaleButton(update.effective_user.id)
    return scope


async def list_status(update: Update, context: OcopContext, data: ListStatus) -> None:
    """List the registrations in scope with one status, each with an open button."""
    scope = await _desk_scope(update, context)
    if data.index >= len(STATUSES):
        raise StaleButton(data)
    status = STATUSES[data.index]
    found = await context.repo.registrations.in_scope(scope, (status,))
    t = context.t
    if not found:
        await _send(update, context, t("Nothing here."))
        return
    lines = [f"{i}. #{r.id} · {escape(r.product_name or '')} · {escape(r.org_name or '')}"
             for i, r in enumerate(found[:LISTED], start=1)]
    buttons = [button(f"{i}. #{r.id} {shorten(r.product_name or '', 30)}", OpenRegistration(r.id))
               for i, r in enumerate(found[:LISTED], start=1)]
    await _send(update, context, "\n".join([t(STATUS_LABELS[status]).capitalize(), *lines]),
                InlineKeyboardMarkup(rows(buttons, 1)))


async def open_registration(update: Update, context: OcopContext,
                            data: OpenRegistration) -> None:
    """Show one registration in scope, with the decisions while it waits for one."""
    scope = await _desk_scope(update, context)
    registration = await context.repo.registrations.get(data.registration_id)
    if registration is None or registration.status == RegistrationStatus.DRAFT or \
            not _in_scope(scope, registration):
        raise StaleButton(data)
    t = context.t
    text = await notice_text(context, t, registration, t("Registration #{id}", id=registration.id),
                             None)
    markup = decision_markup(t, registration.id) if registration.status in OPEN_STATUSES \
        else None
    await _send(update, context, text, markup)


def _in_scope(scope: Scope | None, registration: Registration) -> bool:
    return scope is None or scope.covers(registration.province_code, registration.commune_code)


async def list_questions(update: Update, context: OcopContext, data: Questions) -> None:
    """List the questions waiting for this officer, each with a reply button."""
    scope = await _desk_scope(update, context)
    assert update.effective_user is not None
    waiting = await _questions(context, update.effective_user.id, scope)
    t = context.t
    if not waiting:
        await _send(update, context, t("No question is waiting."))
        return
    lines = [f"#{h.id}: «{escape(shorten(h.text, 120))}»" for h in waiting[:LISTED]]
    buttons = [button(t("✍️ Reply #{id}", id=h.id), faq_buttons.Reply(h.id))
               for h in waiting[:LISTED]]
    await _send(update, context, "\n".join(lines), InlineKeyboardMarkup(rows(buttons, 2)))


async def export_excel(update: Update, context: OcopContext, data: ExportExcel) -> None:
    """Send the registrations in scope as an Excel workbook."""
    await _export(update, context, excel=True)


async def export_csv(update: Update, context: OcopContext, data: ExportCsv) -> None:
    """Send the registrations in scope as CSV."""
    await _export(update, context, excel=False)


async def _export(update: Update, context: OcopContext, *, excel: bool) -> None:
    scope = await _desk_scope(update, context)
    assert update.effective_chat is not None
    found = await context.repo.registrations.in_scope(scope)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    data = registrations_xlsx(found, context.t) if excel else registrations_csv(found, context.t)
    name = f"dang-ky-ocop-{stamp}.{'xlsx' if excel else 'csv'}"
    await context.bot.send_document(update.effective_chat.id, InputFile(data, filename=name))


async def _send(update: Update, context: OcopContext, text: str,
                markup: InlineKeyboardMarkup | None = None) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["canbo", "officer"], open_desk))
    # The desk's buttons; each checks the role and scope again.
    app.add_handler(on_press(ListStatus, list_status))
    app.add_handler(on_press(OpenRegistration, open_registration))
    app.add_handler(on_press(Questions, list_questions))
    app.add_handler(on_press(ExportExcel, export_excel))
    app.add_handler(on_press(ExportCsv, export_csv))
