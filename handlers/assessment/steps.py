"""Show the step an assessment is at: its name, a condition, a question or the review."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import InlineKeyboardMarkup, Update

from core.context import OcopContext
from core.ui import button, points, rows, show
from handlers.assessment import views
from handlers.assessment.callbacks import encode
from handlers.assessment.session import FLOW, Session
from knowledge.criteria.model import Criterion

REVIEW_TITLE_LENGTH = 48
REVIEW_BUTTONS_PER_ROW = 4


async def present(update: Update, context: OcopContext, session: Session, *, edit: bool,
                  answers: Mapping[str, int] | None = None) -> None:
    """Show the current step and give the user's free text to this flow."""
    if answers is None:
        answers = await context.repo.assessments.answers(session.aid)
    text, markup = _view(context, session, answers)
    message = await show(update, context, text, markup, edit=edit)
    if message is not None and message.message_id != session.record.message_id:
        await context.repo.assessments.update(session.aid, message_id=message.message_id)
    await context.repo.dialogs.set(session.record.user_id, FLOW, session.record.status,
                                   session.aid)


def _view(context: OcopContext, session: Session, answers: Mapping[str, int]
          ) -> tuple[str, InlineKeyboardMarkup]:
    status = session.record.status
    if status == "naming":
        return name_view(context, session)
    if status == "eligibility":
        return eligibility_view(context, session)
    if status == "answering":
        code = session.sheet.criteria[session.record.position].code
        return question_view(context, session, chosen=answers.get(code))
    return review_view(context, session, answers)


def name_view(context: OcopContext, session: Session) -> tuple[str, InlineKeyboardMarkup]:
    """Ask for the optional product name."""
    t, sheet = context.t, session.sheet
    text = "\n\n".join([
        t("<b>Sheet {number}: {title}</b>", number=sheet.number, title=sheet.title),
        t("What is your product called? Type its name (up to 120 characters), or skip."),
    ])
    markup = InlineKeyboardMarkup([[button(t("Skip ➡️"), encode("skip", aid=session.aid))]])
    return text, markup


def eligibility_view(context: OcopContext, session: Session) -> tuple[str, InlineKeyboardMarkup]:
    """Ask the current eligibility condition."""
    position = session.record.position
    condition = session.conditions[position]
    text = context.render(
        "assessment/eligibility.j2",
        **views.eligibility_context(condition, context.t.locale, position,
                                    len(session.conditions), session.sheet),
    )
    return text, views.eligibility_keyboard(context.t, session.aid, position)


def question_view(context: OcopContext, session: Session, chosen: int | None
                  ) -> tuple[str, InlineKeyboardMarkup]:
    """Ask the current criterion, marking the stored answer if there is one."""
    position = session.record.position
    text = context.render("assessment/question.j2",
                          **views.question_context(session.sheet, position, chosen))
    markup = views.option_keyboard(context.t, session.aid, position,
                                   session.sheet.criteria[position], can_go_back=position > 0)
    return text, markup


def review_view(context: OcopContext, session: Session, answers: Mapping[str, int]
                ) -> tuple[str, InlineKeyboardMarkup]:
    """List every answer by part, with a button to change each and one to finish."""
    sheet, t = session.sheet, context.t
    parts = []
    for part in sheet.parts:
        lines = [_review_line(c, answers.get(c.code)) for g in part.groups for c in g.criteria]
        earned = sum(line["earned"] for line in lines)
        parts.append({"letter": part.letter, "points": points(earned),
                      "max": points(part.max_points), "lines": lines})
    text = context.render("assessment/review.j2", sheet=sheet, parts=parts)
    edits = [button(f"✏️ {c.code}", encode("c", i, aid=session.aid))
             for i, c in enumerate(sheet.criteria)]
    finish = [button(t("✅ See the result"), encode("f", aid=session.aid)),
              button(t("⏸ Pause"), encode("p", aid=session.aid))]
    return text, InlineKeyboardMarkup([*rows(edits, REVIEW_BUTTONS_PER_ROW), finish])


def _review_line(criterion: Criterion, chosen: int | None) -> dict[str, object]:
    option = criterion.options[chosen] if chosen is not None else None
    return {
        "code": criterion.code,
        "title": views.shorten(criterion.title, REVIEW_TITLE_LENGTH),
        "option": chosen + 1 if chosen is not None else "–",
        "points": points(option.points) if option else "–",
        "max": points(criterion.max_points),
        "earned": option.points if option else 0,
    }
