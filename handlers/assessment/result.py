"""The result: total, parts, rank and its meaning, unmet minima, and the steps to the next stars."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from telegram import InputFile, Update

from core.context import OcopContext
from core.i18n import N_, Translator
from core.ui import points, shorten, stars_text
from handlers.assessment.session import Session, reload
from knowledge.criteria.gaps import GapAnalysis, LevelPlan, analyse_gaps
from knowledge.criteria.scoring import MAX_LEVEL, Score, round_points
from reports.chart import score_chart_png
from reports.document import assessment_report_html, report_filename

CHANGES_SHOWN = 6
TITLE_LENGTH = 60
OPTION_LENGTH = 90

# Điều 3 khoản 3 of the decree: what each rank means.
RANK_MEANINGS: Mapping[int, str] = {
    5: N_("A distinctive, branded product of high quality, ready for export (national level)."),
    4: N_("A distinctive product building its brand, meeting quality requirements with good "
          "market access, with the potential to reach 5 stars (provincial level)."),
    3: N_("A product with its own character, stable quality, managed and sold steadily, "
          "which can be upgraded to 4 stars (provincial level)."),
    2: N_("A product whose quality is taking shape and can be improved to reach 3 stars. "
          "1-star and 2-star products receive no certificate."),
    1: N_("An early-stage product, not yet commercial, which can be improved to reach 2 stars. "
          "1-star and 2-star products receive no certificate."),
}


def result_text(context: OcopContext, session: Session, analysis: GapAnalysis) -> str:
    """Render the result message for a scored assessment."""
    t, score = context.t, analysis.score
    return context.render(
        "assessment/result.j2",
        product=session.record.product_name, sheet=session.sheet,
        total=points(round_points(score.total)),
        parts={p: points(round_points(v)) for p, v in score.parts.items()},
        rank=stars_text(t, score.stars), meaning=t(RANK_MEANINGS[score.stars]),
        band=stars_text(t, score.band), next_rank=stars_text(t, score.stars + 1),
        blocked=_blocked(score),
        plans=[_plan(t, plan) for plan in _plans_shown(analysis)],
    )


def _blocked(score: Score) -> list[Any]:
    """The criteria below the minimum of the next rank that the points alone would give."""
    if score.band <= score.stars:
        return []
    return list(score.unmet.get(score.stars + 1, ()))


def _plans_shown(analysis: GapAnalysis) -> list[LevelPlan]:
    """The plan for the next rank and, if different, for 5 stars."""
    rank = analysis.score.stars
    levels = sorted({rank + 1, MAX_LEVEL}) if rank < MAX_LEVEL else []
    return [analysis.plans[level] for level in levels if level in analysis.plans]


def _plan(t: Translator, plan: LevelPlan) -> dict[str, Any]:
    changes = [
        {"code": c.code, "title": shorten(c.title, TITLE_LENGTH),
         "to": shorten(c.to_option.text, OPTION_LENGTH), "gain": points(c.gain)}
        for c in plan.changes
    ]
    return {"rank": stars_text(t, plan.level), "changes": changes[:CHANGES_SHOWN],
            "more": max(0, len(changes) - CHANGES_SHOWN)}


async def finish(update: Update, context: OcopContext, session: Session) -> None:
    """Score the answers, store the result, and send it."""
    answers = await context.repo.assessments.answers(session.aid)
    analysis = analyse_gaps(session.sheet, answers)
    score = analysis.score
    await context.repo.assessments.complete(session.aid, score.total, score.band, score.stars)
    await context.repo.dialogs.clear(session.record.user_id)
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text(context.t("✅ Assessment complete. Here is your result:"))
    await send_result(update, context, await reload(context, session), answers, analysis)


async def send_result(update: Update, context: OcopContext, session: Session,
                      answers: Mapping[str, int], analysis: GapAnalysis) -> None:
    """Send the result message, the chart of the parts and the Mẫu 02 report."""
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id = update.effective_chat.id
    await context.bot.send_message(chat_id, result_text(context, session, analysis))
    # Drawing takes tens of milliseconds: off the event loop, so other users are not kept waiting.
    chart = await asyncio.to_thread(score_chart_png, analysis.score, context.t)
    await context.bot.send_photo(chat_id, chart)
    await context.bot.send_document(chat_id, report_document(
        context, session, answers, analysis, update.effective_user.full_name))


def report_document(context: OcopContext, session: Session, answers: Mapping[str, int],
                    analysis: GapAnalysis, producer: str) -> InputFile:
    """The self-assessment report laid out like Part III of Mẫu 02, as an HTML file."""
    record = session.record
    when = record.completed_at or record.updated_at
    html = assessment_report_html(
        context.services.renderer, context.t, sheet=session.sheet,
        answers=answers, score=analysis.score,
        product_name=record.product_name, producer_name=producer, assessed_at=when)
    return InputFile(html, filename=report_filename(session.sheet.number,
                                                    record.product_name, when))
