"""/dulieu (/mydata): what the bot holds about me, a full copy as JSON, and erasure on request."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from core.context import App, OcopContext
from core.i18n import N_
from core.roles import scope_name
from core.ui import button, points, show, stars_text
from handlers.main_menu import main_menu
from handlers.registration.review import STATUS_LABELS
from storage.officers import Scope

PREFIX = "pv"
MENU_LABEL = N_("🔒 My data")
SHOWN = 5
CONFIRM_SECONDS = 3600  # an older confirmation button no longer deletes anything
ROLES = {"producer": N_("producer"), "officer": N_("OCOP officer"), "admin": N_("admin")}
ASSESSMENT_STATES = {"rejected": N_("rejected at the eligibility questions"),
                     "abandoned": N_("set aside")}
IN_PROGRESS = N_("in progress")


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
    t = context.t
    return InlineKeyboardMarkup([[button(t("📄 Download all (JSON)"), f"{PREFIX}:j")],
                                 [button(t("🗑 Delete my data"), f"{PREFIX}:d")]])


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
                 for r in reversed(items) if r["status"] != "draft"]
    return {**_listed(submitted), "drafts": len(items) - len(submitted)}


async def send_export(update: Update, context: OcopContext) -> bool:
    """Send everything held about the user as a JSON document."""
    user = update.effective_user
    assert user is not None
    data = await context.repo.privacy.export(user.id)
    payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    await context.bot.send_document(
        user.id, InputFile(payload, filename=f"ocop-my-data-{user.id}.json"),
        caption=context.t("📄 Everything the bot holds about you, as JSON."))
    return True


async def ask_delete(update: Update, context: OcopContext) -> bool:
    """Explain what deleting removes and what a submitted registration keeps; ask to confirm."""
    user = update.effective_user
    assert user is not None
    data = await context.repo.privacy.export(user.id)
    t = context.t
    kept = sum(r["status"] != "draft" for r in data["registrations"])
    deleted = [
        t("your profile, language and consent"),
        t.plural("{n} self-assessment with its answers", "{n} self-assessments with their answers",
                 len(data["assessments"])),
        t.plural("{n} registration draft", "{n} registration drafts",
                 len(data["registrations"]) - kept),
        t.plural("{n} question you asked", "{n} questions you asked", len(data["faq_questions"])),
        t("any step in progress"),
    ] + ([t("your OCOP officer role")] if data["officer"] else [])
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
    return True


def _confirm_markup(context: OcopContext) -> InlineKeyboardMarkup:
    t = context.t
    return InlineKeyboardMarkup([
        [button(t("🗑 Yes, delete everything"), f"{PREFIX}:y:{int(time.time())}")],
        [button(t("📄 Download all (JSON)"), f"{PREFIX}:j")],
        [button(t("⬅️ Keep my data"), f"{PREFIX}:n")],
    ])


async def delete_data(update: Update, context: OcopContext, stamp: int) -> bool:
    """Erase the user's data after a recent confirmation, and say what was kept."""
    user = update.effective_user
    assert user is not None
    # The stamp only guards against an old button: a forged one can erase only the presser.
    if not 0 <= time.time() - stamp <= CONFIRM_SECONDS:
        return False
    await context.repo.dialogs.clear(user.id)
    report = await context.repo.privacy.delete(user.id)
    context.repo.users.forget(user.id)  # the next message creates the user afresh
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
    return True


async def keep_data(update: Update, context: OcopContext) -> bool:
    """Go back from the confirmation to the summary."""
    assert update.effective_user is not None
    text = await summary_text(context, update.effective_user.id)
    await show(update, context, text, summary_markup(context), edit=True)
    return True


_ACTIONS = {"j": send_export, "d": ask_delete, "n": keep_data}


async def on_press(update: Update, context: OcopContext) -> None:
    """Run a privacy button; a stale or forged one gets the notice and changes nothing."""
    query = update.callback_query
    assert query is not None
    verb, _, raw = (query.data or "").removeprefix(f"{PREFIX}:").partition(":")
    private = query.message is not None and query.message.chat.type == "private"
    if not private:
        handled = False
    elif verb == "y":
        handled = raw.isdigit() and len(raw) <= 12 and await delete_data(update, context, int(raw))
    else:
        action = _ACTIONS.get(verb) if not raw else None
        handled = action is not None and await action(update, context)
    if handled:
        await query.answer()
    else:
        await query.answer(context.t("This button is no longer valid."))


def register(app: App) -> None:
    app.add_handler(CommandHandler(["dulieu", "mydata"], show_my_data))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    main_menu(app).add(MENU_LABEL, show_my_data)
