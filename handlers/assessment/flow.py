"""Moves through an assessment: name, eligibility, questions, review. Every step is stored first."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from core.context import OcopContext
from handlers.assessment.session import Session, reload
from handlers.assessment.steps import present
from knowledge.criteria.eligibility import disqualifier_for

MAX_PRODUCT_NAME = 120


async def set_name(update: Update, context: OcopContext, session: Session, name: str | None,
                   *, edit: bool) -> None:
    """Store the product name (or none) and ask the first eligibility condition."""
    fields: dict[str, object] = {"status": "eligibility", "position": 0}
    if name:
        fields["product_name"] = name
    await context.repo.assessments.update(session.aid, **fields)
    await present(update, context, await reload(context, session), edit=edit)


async def answer_condition(update: Update, context: OcopContext, session: Session,
                           met: bool) -> None:
    """Record a yes/no condition: a "no" ends the assessment as rejected, kindly explained."""
    position = session.record.position
    condition = session.conditions[position]
    repo = context.repo.assessments
    await repo.answer_eligibility(session.aid, condition.id, met, position + 1)
    if not met:
        await repo.reject(session.aid, condition.id)
        await context.repo.dialogs.clear(session.record.user_id)
        text = context.render(
            "assessment/rejected.j2",
            disqualifier=disqualifier_for(session.sheet, condition),
            advice=condition.advice[context.t.locale],
        )
        await _replace(update, context, text)
        return
    if position + 1 >= len(session.conditions):
        await repo.update(session.aid, status="answering", position=0)
    await present(update, context, await reload(context, session), edit=True)


async def answer_question(update: Update, context: OcopContext, session: Session,
                          option: int, *, edit: bool) -> None:
    """Record an answer and go to the next unanswered question, or to the review."""
    position = session.record.position
    code = session.sheet.criteria[position].code
    answers = await context.repo.assessments.answers(session.aid)
    answers[code] = option
    following = next_unanswered(session, answers, position)
    await context.repo.assessments.answer(session.aid, code, option, following or 0)
    if following is None:
        await context.repo.assessments.update(session.aid, status="review")
    # What was just written, without reading it back: this runs on every answer.
    record = replace(session.record, position=following or 0,
                     status="review" if following is None else session.record.status)
    await present(update, context, replace(session, record=record), edit=edit, answers=answers)


def next_unanswered(session: Session, answers: dict[str, int], after: int) -> int | None:
    """The first unanswered question after `after` (then from the start), or None."""
    codes = [c.code for c in session.sheet.criteria]
    order = [*range(after + 1, len(codes)), *range(after + 1)]
    return next((i for i in order if codes[i] not in answers), None)


async def go_back(update: Update, context: OcopContext, session: Session) -> None:
    """Show the previous question again, its answer marked."""
    await context.repo.assessments.update(session.aid, position=session.record.position - 1)
    await present(update, context, await reload(context, session), edit=True)


async def change_answer(update: Update, context: OcopContext, session: Session,
                        position: int) -> None:
    """From the review, reopen one question; answering it returns to the review."""
    await context.repo.assessments.update(session.aid, status="answering", position=position)
    await present(update, context, await reload(context, session), edit=True)


async def show_review(update: Update, context: OcopContext, session: Session) -> None:
    """Show the review of all answers."""
    await present(update, context, session, edit=True)


async def pause(update: Update, context: OcopContext, session: Session) -> None:
    """Stop asking; everything is kept and /danhgia offers to continue."""
    await context.repo.dialogs.clear(session.record.user_id)
    await _replace(update, context, context.t(
        "⏸ Paused. Your answers are saved: type /danhgia whenever you want to continue."))


async def _replace(update: Update, context: OcopContext, text: str) -> None:
    query = update.callback_query
    if query is not None and query.message is not None:
        await query.edit_message_text(text)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
