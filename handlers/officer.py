"""/canbo (/officer): the officer's desk: registrations in scope, questions, exports.

Every press checks the role and scope again: a role taken away makes the desk's buttons stale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    MenuButtonDefault,
    MenuButtonWebApp,
    Update,
    WebAppInfo,
)
from telegram.error import TelegramError
from telegram.ext import CommandHandler

import desk
from core.buttons import ButtonData, StaleButton, button, on_press, page_moves
from core.context import App, OcopContext
from core.i18n import Translator
from core.roles import scope_name, staff_scope
from core.ui import rows, shorten, show
from core.vietnam_time import vietnam_today
from handlers.faq import buttons as faq_buttons
from handlers.registration.review import STATUS_LABELS, notice_text
from handlers.registration.views import decision_markup
from reports.exports import registrations_csv, registrations_xlsx
from storage.faq import Handoff
from storage.officers import Scope
from storage.registrations import OPEN_STATUSES, Registration, RegistrationStatus

log = logging.getLogger(__name__)

LISTED = 10
STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.INFO_REQUESTED,
            RegistrationStatus.ACCEPTED, RegistrationStatus.REJECTED)


@dataclass(frozen=True)
class ListStatus(ButtonData, prefix="cb:l"):
    index: int  # into STATUSES


@dataclass(frozen=True)
class ListPage(ButtonData, prefix="cb:lp"):
    index: int  # into STATUSES
    page: int


@dataclass(frozen=True)
class QuestionsPage(ButtonData, prefix="cb:qp"):
    page: int


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
    counts = await context.repo.registrations.count_by_status(scope)
    questions = await _questions(context, scope)
    # One per row: side by side, a phone cuts the labels, and the count at the end with them.
    statuses = [button(t(STATUS_LABELS[s]).capitalize() + f" ({counts.get(s, 0)})", ListStatus(i))
                for i, s in enumerate(STATUSES)]
    statuses.append(button(t("💬 Questions ({n})", n=len(questions)), Questions()))
    exports = [button(t("📤 Excel"), ExportExcel()), button(t("📤 CSV"), ExportCsv())]
    link = await desk.login_link(context.application, update.effective_user.id)
    text = "\n".join([t("<b>Officer desk</b> · {scope}", scope=scope_name(context, scope)),
                      t("Statistics: /thongke"), "",
                      t("💻 On a computer, open this link (once, within 10 minutes):"),
                      escape(link)])
    keyboard = [*rows(statuses, 1), exports, *_mini_app_row(context)]
    await update.effective_message.reply_text(
        text, reply_markup=InlineKeyboardMarkup(keyboard),
        link_preview_options=LinkPreviewOptions(is_disabled=True))
    await _offer_menu_button(update, context)


def _mini_app_row(context: OcopContext) -> list[list[InlineKeyboardButton]]:
    """The Mini App button, when WEB_PUBLIC_URL makes the desk reachable by Telegram."""
    url = context.services.settings.web.mini_app_url
    if url is None:
        return []
    return [[InlineKeyboardButton(context.t("🖥 Open the desk"), web_app=WebAppInfo(url))]]


async def _offer_menu_button(update: Update, context: OcopContext) -> None:
    """Put the desk behind the chat's menu button too, for this officer's private chat."""
    url = context.services.settings.web.mini_app_url
    if url is None or update.effective_chat is None:
        return
    await context.bot.set_chat_menu_button(
        chat_id=update.effective_chat.id,
        menu_button=MenuButtonWebApp(context.t("Desk"), WebAppInfo(url)))


async def reset_menu_button(context: OcopContext, chat_id: int) -> None:
    """Give a former officer's chat its default menu button back, if /canbo may have set the
    desk's there. Best effort: the role is already gone, and the desk refuses them anyway."""
    if context.services.settings.web.mini_app_url is None:
        return  # /canbo never sets one without WEB_PUBLIC_URL
    try:
        await context.bot.set_chat_menu_button(chat_id=chat_id, menu_button=MenuButtonDefault())
    except TelegramError as exc:
        log.info("Could not reset the menu button of %s: %s", chat_id, exc)


async def _questions(context: OcopContext, scope: Scope | None) -> list[Handoff]:
    return await context.repo.faq.open_handoffs_in(scope, 50)


async def _desk_scope(update: Update, context: OcopContext) -> Scope | None:
    """The presser's scope (None: everywhere); StaleButton unless they are staff now."""
    assert update.effective_user is not None
    allowed, scope = await staff_scope(context, update.effective_user.id)
    if not allowed:
        raise StaleButton(update.effective_user.id)
    return scope


async def list_status(update: Update, context: OcopContext, data: ListStatus) -> None:
    """List the registrations in scope with one status, each with an open button."""
    await _list_page(update, context, data.index, 0, edit=False)


async def list_page(update: Update, context: OcopContext, data: ListPage) -> None:
    """⬅️ / ➡️ through one status's registrations, in place."""
    await _list_page(update, context, data.index, data.page, edit=True)


async def _list_page(update: Update, context: OcopContext, index: int, page: int, *,
                     edit: bool) -> None:
    scope = await _desk_scope(update, context)
    if index >= len(STATUSES):
        raise StaleButton(index)
    status = STATUSES[index]
    found = await context.repo.registrations.in_scope(scope, (status,))
    t = context.t
    if not found:
        await show(update, context, t("Nothing here."), None, edit=edit)
        return
    page, pages, first = _page_of(len(found), page)
    shown = list(enumerate(found, start=1))[first:first + LISTED]
    lines = [f"{i}. #{r.id} · {escape(shorten(r.product_name or '', 60))} · "
             f"{escape(shorten(r.org_name or '', 60))}" for i, r in shown]
    buttons = [button(f"{i}. #{r.id} {shorten(r.product_name or '', 30)}", OpenRegistration(r.id))
               for i, r in shown]
    head = t(STATUS_LABELS[status]).capitalize() + f" ({len(found)})"
    keyboard = [*rows(buttons, 1), *page_moves(t, page, pages, lambda p: ListPage(index, p))]
    await show(update, context, "\n".join([_paged(t, head, page, pages), *lines]),
               InlineKeyboardMarkup(keyboard), edit=edit)


def _page_of(total: int, page: int) -> tuple[int, int, int]:
    """The page asked (kept within range), the number of pages, and the page's first index."""
    pages = max(1, -(-total // LISTED))
    page = min(max(page, 0), pages - 1)
    return page, pages, page * LISTED


def _paged(t: Translator, head: str, page: int, pages: int) -> str:
    if pages == 1:
        return head
    page_label = t("page {i}/{n}", i=page + 1, n=pages)
    return f"{head} · {page_label}"


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
    await _questions_page(update, context, 0, edit=False)


async def questions_page(update: Update, context: OcopContext, data: QuestionsPage) -> None:
    """⬅️ / ➡️ through the waiting questions, in place."""
    await _questions_page(update, context, data.page, edit=True)


async def _questions_page(update: Update, context: OcopContext, page: int, *, edit: bool
                          ) -> None:
    scope = await _desk_scope(update, context)
    assert update.effective_user is not None
    waiting = await _questions(context, scope)
    t = context.t
    if not waiting:
        await show(update, context, t("No question is waiting."), None, edit=edit)
        return
    page, pages, first = _page_of(len(waiting), page)
    shown = waiting[first:first + LISTED]
    lines = [f"#{h.id}: «{escape(shorten(h.text, 120))}»" for h in shown]
    buttons = [button(t("✍️ Reply #{id}", id=h.id), faq_buttons.Reply(h.id)) for h in shown]
    text = "\n".join(lines) if pages == 1 else "\n".join(
        [t("page {i}/{n}", i=page + 1, n=pages), *lines])
    await show(update, context, text, InlineKeyboardMarkup(
        [*rows(buttons, 2), *page_moves(t, page, pages, QuestionsPage)]), edit=edit)


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
    stamp = vietnam_today().isoformat()
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
    app.add_handler(on_press(ListPage, list_page))
    app.add_handler(on_press(QuestionsPage, questions_page))
    app.add_handler(on_press(OpenRegistration, open_registration))
    app.add_handler(on_press(Questions, list_questions))
    app.add_handler(on_press(ExportExcel, export_excel))
    app.add_handler(on_press(ExportCsv, export_csv))
