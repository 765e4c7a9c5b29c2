"""/dulieu (/mydata): what the bot holds about me, a full copy as JSON, and erasure on request."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CommandHandler

from core.buttons import ButtonData, StaleButton, button, on_press
from core.context import App, OcopContext
from core.i18n import N_
from core.roles import scope_name
from core.ui import points, show, stars_text
from handlers.main_menu import main_menu
from handlers.registration.review import STATUS_LABELS
from storage.officers import Scope
from storage.registrations import RegistrationStatus
from storage.users import Role

MENU_LABEL = N_("🔒 My data")
SHOWN = 5
CONFIRM_SECONDS = 3600  # an older confirmation button no longer deletes anything
ROLES = {Role.PRODUCER: N_("producer"), Role.OFFICER: N_("OCOP officer"), Role.ADMIN: N_("admin")}
ASSESSMENT_STATES = {"rejected": N_("rejected at the eligibility questions"),
                     "abandoned": N_("set aside")}
IN_PROGRESS = N_("in progress")


@dataclass(frozen=True)
class Download(ButtonData, prefix="pv:j"):
    """Everything held about the presser, as JSON."""


@dataclass(frozen=True)
class AskDelete(ButtonData, prefix="pv:d"):
    """What deleting would remove, with the confirmation."""


@dataclass(frozen=True)
class ConfirmDelete(ButtonData, prefix="pv:y"):
    stamp: int  # when the confirmation was shown (Unix time): an old one deletes nothing


@dataclass(frozen=True)
class KeepData(ButtonData, prefix="pv:n"):
    """Back from the confirmation to the summary."""


async def show_my_data(update: Update, context: OcopContext) -> None:
    """Summarise what the bot holds about the user, with download and delete buttons."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    if message.chat.type != "private":
        await message.reply_text(context.t(
            "For your privacy, send /dulieu in a private chat with me."))
        return
    text = await summary_text(context, user.id)
    await message.reply_text(text, reply_markup=summary_markup(context))


def summary_markup(context: OcopContext) -> InlineKeyboardMarkup:
    """Download and delete buttons under the summary."""
    t = context.t
    return InlineKeyboardMarkup([[button(t("⬇️ Download all (data file)"), Download())],
                                 [button(t("🗑 Delete my data"), AskDelete())]])


async def summary_text(context: OcopContext, user_id: int) -> str:
    """The readable summary of the user's data."""
    data = await context.repo.privacy.export(user_id)
    officer = data["officer"]
    return context.render(
        "privacy/summary.j2", user=_profile(context, data["user"]),
        consent=_date(context, data["consent"]["given_at"]) if data["consent"] else None,
        officer=scope_name(context, Scope(officer["province_code"], officer["commune_code"]))
        if officer else None,
        assessments=_listed([_assessment(context, a) for a in reversed(data["assessments"])]),
        registrations=_registrations(context, data["registrations"]),
        questions=len(data["faq_questions"]), handoffs=len(data["handoffs"]),
        in_progress=data["dialog"] is not None)


def _date(context: OcopContext, stamp: str) -> str:
    return context.t.date(datetime.fromisoformat(stamp))


def _profile(context: OcopContext, user: dict[str, Any] | None) -> dict[str, Any] | None:
    if user is None:
        return None
    name = " ".join(part for part in (user["first_name"], user["last_name"]) if part)
    return {"name": name, "username": user["username"],
            "role": context.t(ROLES.get(user["role"], user["role"])),
            "since": _date(context, user["first_seen"])}


def _listed(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(items), "shown": items[:SHOWN], "more": max(0, len(items) - SHOWN)}


def _assessment(context: OcopContext, item: dict[str, Any]) -> dict[str, Any]:
    t = context.t
    if item["status"] == "completed":
        result = f"{points(item['total'] or 0)}/100 · {stars_text(t, item['stars'] or 0)}"
    else:
        result = t(ASSESSMENT_STATES.get(item["status"], IN_PROGRESS))
    sheet = context.services.sheets.get(item["sheet"])
    product = item["product_name"] or (sheet.title if sheet else "")
    return {"product": product, "sheet": item["sheet"], "result": result}


def _registrations(context: OcopContext, items: list[dict[str, Any]]) -> dict[str, Any]:
    submitted = [{"id": r["id"], "product": r["product_name"] or "",
                  "status": context.t(STATUS_LABELS.get(r["status"], r["status"]))}
                 for r in reversed(items) if r["status"] != RegistrationStatus.DRAFT]
    return {**_listed(submitted), "drafts": len(items) - len(submitted)}


def _private_presser(update: Update) -> int:
    """The presser's id; StaleButton outside a private chat (the data is theirs alone)."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    if query.message is None or query.message.chat.type != "private":
        raise StaleButton(user.id)
    return user.id


async def send_export(update: Update, context: OcopContext, pressed: Download) -> None:
    """Send everything held about the user as a JSON document."""
    user_id = _private_presser(update)
    data = await context.repo.privacy.export(user_id)
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    await context.bot.send_document(
        user_id, InputFile(payload, filename=f"ocop-my-data-{user_id}.json"),
        caption=context.t("📄 Everything the assistant holds about you, in one data file."))


async def ask_delete(update: Update, context: OcopContext, pressed: AskDelete) -> None:
    """Explain what deleting removes and what a submitted registration keeps; ask to confirm."""
    data = await context.repo.privacy.export(_private_presser(update))
    t = context.t
    kept = sum(r["status"] != RegistrationStatus.DRAFT for r in data["registrations"])
    counted = [  # a kind the user has none of is left out: "0 registration drafts" is noise
        t.plural("{n} self-assessment with its answers", "{n} self-assessments with their answers",
                 n) if (n := len(data["assessments"])) else None,
        t.plural("{n} registration draft", "{n} registration drafts", n)
        if (n := len(data["registrations"]) - kept) else None,
        t.plural("{n} question you asked", "{n} questions you asked", n)
        if (n := len(data["faq_questions"])) else None,
    ]
    deleted = [t("your profile, language and consent"), *filter(None, counted),
               t("any step in progress")] + (
        [t("your OCOP officer role")] if data["officer"] else [])
    lines = [t("<b>🗑 Delete your data?</b>"), t("This permanently deletes:"),
             *(f"• {item}" for item in deleted)]
    if kept:
        lines += ["", t.plural(
            "Your submitted registration stays with the OCOP officers as filed, because the "
            "evaluation procedure requires the dossier to be kept. It will no longer be linked "
            "to your Telegram account, so you will get no more news about it here.",
            "Your {n} submitted registrations stay with the OCOP officers as filed, because the "
            "evaluation procedure requires the dossiers to be kept. They will no longer be "
            "linked to your Telegram account, so you will get no more news about them here.",
            kept)]
    lines += ["", t("This cannot be undone. You can download a copy first.")]
    await show(update, context, "\n".join(lines), _confirm_markup(context), edit=True)


def _confirm_markup(context: OcopContext) -> InlineKeyboardMarkup:
    t = context.t
    return InlineKeyboardMarkup([
        [button(t("🗑 Yes, delete everything"), ConfirmDelete(int(time.time())))],
        [button(t("⬇️ Download all (data file)"), Download())],
        [button(t("⬅️ Keep my data"), KeepData())],
    ])


async def delete_data(update: Update, context: OcopContext, data: ConfirmDelete) -> None:
    """Erase the user's data after a recent confirmation, and say what was kept."""
    user_id = _private_presser(update)
    # The stamp only guards against an old button: a forged one can erase only the presser.
    if not 0 <= time.time() - data.stamp <= CONFIRM_SECONDS:
        raise StaleButton(data)
    await context.repo.dialogs.clear(user_id)
    report = await context.repo.privacy.delete(user_id)
    context.repo.users.forget(user_id)  # the next message creates the user afresh
    t = context.t
    lines = [t("✅ Your data has been deleted.")]
    if report.anonymised:
        lines.append(t.plural(
            "{n} submitted registration was kept as filed, no longer linked to you.",
            "{n} submitted registrations were kept as filed, no longer linked to you.",
            report.anonymised))
    lines.append(t("The messages of this chat stay in your Telegram app: you can delete the chat "
                   "there. If you write to me again, I start afresh."))
    await show(update, context, "\n".join(lines), None, edit=True)


async def keep_data(update: Update, context: OcopContext, pressed: KeepData) -> None:
    """Go back from the confirmation to the summary."""
    text = await summary_text(context, _private_presser(update))
    await show(update, context, text, summary_markup(context), edit=True)


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["dulieu", "mydata"], show_my_data))
    # Private chats only: download, ask to delete, confirm, or keep.
    app.add_handler(on_press(Download, send_export))
    app.add_handler(on_press(AskDelete, ask_delete))
    app.add_handler(on_press(ConfirmDelete, delete_data))
    app.add_handler(on_press(KeepData, keep_data))
    main_menu(app).add(MENU_LABEL, show_my_data)
