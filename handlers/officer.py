"""/canbo (/officer): the officer's desk: registrations in scope, questions, exports."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from core.context import App, OcopContext
from core.roles import scope_name, staff_scope
from core.ui import button, rows, shorten
from handlers.faq.handoff import handlers_of
from handlers.registration.review import STATUS_LABELS, notice_text
from handlers.registration.views import PREFIX as REGISTRATION_PREFIX
from reports.exports import registrations_csv, registrations_xlsx
from storage.officers import Scope
from storage.registrations import OPEN_STATUSES, Registration

PREFIX = "cb"
LISTED = 10
STATUSES = ("submitted", "info_requested", "accepted", "rejected")


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
    buttons = [button(f"{t(STATUS_LABELS[s]).capitalize()} ({counts[s]})", f"{PREFIX}:l:{i}")
               for i, s in enumerate(STATUSES)]
    buttons += [button(t("💬 Questions ({n})", n=len(questions)), f"{PREFIX}:q"),
                button(t("📤 Excel"), f"{PREFIX}:x"), button(t("📤 CSV"), f"{PREFIX}:v")]
    text = "\n".join([t("<b>Officer desk</b> · {scope}", scope=scope_name(context, scope)),
                      t("Statistics: /thongke")])
    await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(
        rows(buttons, 2)))


async def _questions(context: OcopContext, officer_id: int, scope: Scope | None) -> list:
    waiting = await context.repo.faq.open_handoffs(50)
    if scope is None:
        return waiting
    return [h for h in waiting if officer_id in await handlers_of(context, h.user_id)]


async def on_press(update: Update, context: OcopContext) -> None:
    """List, open or export registrations in scope; list questions. Checks the role each time."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    allowed, scope = await staff_scope(context, update.effective_user.id)
    verb, _, raw = (query.data or "").removeprefix(f"{PREFIX}:").partition(":")
    value = int(raw) if raw.isdigit() and len(raw) < 12 else None
    action = _ACTIONS.get(verb)
    handled = allowed and action is not None and await action(update, context, scope, value)
    await query.answer(None if handled else context.t("This button is no longer valid."))


async def _list(update: Update, context: OcopContext, scope: Scope | None,
                value: int | None) -> bool:
    if value is None or value >= len(STATUSES):
        return False
    found = await context.repo.registrations.in_scope(scope, (STATUSES[value],))
    t = context.t
    if not found:
        await _send(update, context, t("Nothing here."))
        return True
    lines = [f"{i}. #{r.id} · {escape(r.product_name or '')} · {escape(r.org_name or '')}"
             for i, r in enumerate(found[:LISTED], start=1)]
    buttons = [button(f"{i}. #{r.id} {shorten(r.product_name or '', 30)}", f"{PREFIX}:o:{r.id}")
               for i, r in enumerate(found[:LISTED], start=1)]
    await _send(update, context, "\n".join([t(STATUS_LABELS[STATUSES[value]]).capitalize(),
                                            *lines]), InlineKeyboardMarkup(rows(buttons, 1)))
    return True


async def _open(update: Update, context: OcopContext, scope: Scope | None,
                value: int | None) -> bool:
    registration = await context.repo.registrations.get(value or 0)
    if registration is None or registration.status == "draft" or not _in_scope(
            scope, registration):
        return False
    t = context.t
    text = await notice_text(context, t, registration, t("Registration #{id}", id=registration.id),
                             None)
    markup = None
    if registration.status in OPEN_STATUSES:
        markup = InlineKeyboardMarkup([[
            button(t("✅ Accept"), f"{REGISTRATION_PREFIX}:ok:{registration.id}"),
            button(t("❓ Ask for more"), f"{REGISTRATION_PREFIX}:in:{registration.id}"),
            button(t("❌ Reject"), f"{REGISTRATION_PREFIX}:no:{registration.id}"),
        ]])
    await _send(update, context, text, markup)
    return True


def _in_scope(scope: Scope | None, registration: Registration) -> bool:
    return scope is None or scope.covers(registration.province_code, registration.commune_code)


async def _questions_list(update: Update, context: OcopContext, scope: Scope | None,
                          value: int | None) -> bool:
    assert update.effective_user is not None
    waiting = await _questions(context, update.effective_user.id, scope)
    t = context.t
    if not waiting:
        await _send(update, context, t("No question is waiting."))
        return True
    lines = [f"#{h.id}: «{escape(shorten(h.text, 120))}»" for h in waiting[:LISTED]]
    buttons = [button(t("✍️ Reply #{id}", id=h.id), f"fq:r:{h.id}") for h in waiting[:LISTED]]
    await _send(update, context, "\n".join(lines), InlineKeyboardMarkup(rows(buttons, 2)))
    return True


async def _export(update: Update, context: OcopContext, scope: Scope | None,
                  excel: bool) -> bool:
    assert update.effective_chat is not None
    found = await context.repo.registrations.in_scope(scope)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    data = registrations_xlsx(found, context.t) if excel else registrations_csv(found, context.t)
    name = f"dang-ky-ocop-{stamp}.{'xlsx' if excel else 'csv'}"
    await context.bot.send_document(update.effective_chat.id, InputFile(data, filename=name))
    return True


async def _send(update: Update, context: OcopContext, text: str,
                markup: InlineKeyboardMarkup | None = None) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


_ACTIONS: dict[str, Any] = {
    "l": _list, "o": _open, "q": _questions_list,
    "x": lambda u, c, s, v: _export(u, c, s, excel=True),
    "v": lambda u, c, s, v: _export(u, c, s, excel=False),
}


def register(app: App) -> None:
    app.add_handler(CommandHandler(["canbo", "officer"], open_desk))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
