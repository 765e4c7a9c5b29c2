"""/ketqua (/results): past self-assessments, reopened or compared with the one before."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from core.context import App, OcopContext
from core.i18n import N_
from core.ui import button, points, rows, shorten, stars_text
from handlers.assessment.result import result_text
from handlers.assessment.session import Session, load_session
from handlers.main_menu import main_menu
from knowledge.criteria.gaps import analyse_gaps
from knowledge.criteria.scoring import round_points, score
from storage.assessments import AssessmentRecord

PREFIX = "rs"
LISTED = 10


async def list_results(update: Update, context: OcopContext) -> None:
    """List the user's finished assessments, newest first."""
    assert update.effective_user is not None and update.effective_message is not None
    records = await context.repo.assessments.finished_for(update.effective_user.id, LISTED)
    if not records:
        await update.effective_message.reply_text(context.t(
            "You have no finished self-assessment yet. Type /danhgia to start one."))
        return
    items = [_summary(context, r) for r in records]
    buttons = [button(f"{i}. {item['product'][:24]}", f"{PREFIX}:o:{r.id}")
               for i, (item, r) in enumerate(zip(items, records, strict=True), start=1)]
    await update.effective_message.reply_text(
        context.render("assessment/history.j2", items=items),
        reply_markup=InlineKeyboardMarkup(rows(buttons, 2)))


def _summary(context: OcopContext, record: AssessmentRecord) -> dict[str, Any]:
    when = record.completed_at or record.updated_at
    return {
        "date": context.t.date(when), "sheet": record.sheet,
        "product": record.product_name or context.services.sheets[record.sheet].title,
        "rejected": record.status == "rejected",
        "total": points(round_points(record.total or 0)),
        "rank": stars_text(context.t, record.stars or 0),
    }


async def on_press(update: Update, context: OcopContext) -> None:
    """Open or compare an assessment; a forged or foreign id gets the stale notice."""
    query = update.callback_query
    assert query is not None
    verb, _, raw_id = (query.data or "").removeprefix(f"{PREFIX}:").partition(":")
    session = await load_session(context, int(raw_id), query.from_user.id) if (
        raw_id.isdigit() and len(raw_id) < 12) else None
    if session is None or session.record.in_progress or verb not in ("o", "c"):
        await query.answer(context.t("This button is no longer valid."))
        return
    await query.answer()
    if verb == "o":
        await _reopen(update, context, session)
    else:
        await _compare(update, context, session)


async def _reopen(update: Update, context: OcopContext, session: Session) -> None:
    assert update.effective_chat is not None
    if session.record.status == "rejected":
        text = context.t("This assessment ended at the eligibility questions: the dossier "
                         "would be rejected. Type /danhgia to assess again.")
        await context.bot.send_message(update.effective_chat.id, text)
        return
    answers = await context.repo.assessments.answers(session.aid)
    previous = await context.repo.assessments.previous_of(session.record)
    markup = InlineKeyboardMarkup([[button(context.t("⚖️ Compare with the previous one"),
                                           f"{PREFIX}:c:{session.aid}")]]) if previous else None
    await context.bot.send_message(
        update.effective_chat.id,
        result_text(context, session, analyse_gaps(session.sheet, answers)),
        reply_markup=markup)


async def _compare(update: Update, context: OcopContext, session: Session) -> None:
    assert update.effective_chat is not None
    repo = context.repo.assessments
    previous = await repo.previous_of(session.record)
    if previous is None:
        return
    before, after = await repo.answers(previous.id), await repo.answers(session.aid)
    text = context.render("assessment/comparison.j2", **_comparison(
        context, session, previous, before, after))
    await context.bot.send_message(update.effective_chat.id, text)


def _comparison(context: OcopContext, session: Session, previous: AssessmentRecord,
                before: dict[str, int], after: dict[str, int]) -> dict[str, Any]:
    sheet = session.sheet
    old, new = score(sheet, before), score(sheet, after)
    changes = [
        {"code": c.code, "title": shorten(c.title, 50),
         "before": before[c.code] + 1, "after": after[c.code] + 1,
         "gain": f"{c.options[after[c.code]].points - c.options[before[c.code]].points:+g}"}
        for c in sheet.criteria if before.get(c.code) != after.get(c.code)
    ]
    return {
        "product": session.record.product_name or sheet.title, "sheet": sheet.number,
        "before": _summary(context, previous), "after": _summary(context, session.record),
        "gain": f"{round_points(new.total) - round_points(old.total):+g}", "changes": changes,
    }


def register(app: App) -> None:
    app.add_handler(CommandHandler(["ketqua", "results"], list_results))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    main_menu(app).add(N_("📊 My results"), list_results)
