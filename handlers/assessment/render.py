"""Every screen of the self-assessment and of /ketqua: its HTML text and its keyboard, no I/O.

Each function takes what is stored (the session, the answers, the records) and returns what to
show; `decide` chooses which screen and sends it. Texts that come from users are escaped here
or by the templates (autoescape).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile

from core.buttons import button
from core.context import OcopContext
from core.i18n import N_, Translator
from core.product_groups import group_label
from core.ui import points, rows, shorten, stars_text
from handlers.assessment import buttons
from handlers.assessment.session import Session
from knowledge.criteria.eligibility import Condition, disqualifier_for
from knowledge.criteria.gaps import GapAnalysis, LevelPlan
from knowledge.criteria.model import Criterion, Sheet
from knowledge.criteria.products import PRODUCT_GROUPS
from knowledge.criteria.scoring import MAX_LEVEL, Score, round_points, score
from reports.document import assessment_report_html, report_filename
from storage.assessments import AssessmentRecord, AssessmentStatus

Screen = tuple[str, InlineKeyboardMarkup]

OPTION_BUTTONS_PER_ROW = 4
REVIEW_BUTTONS_PER_ROW = 4
REVIEW_TITLE_LENGTH = 48
HINT_LENGTH = 300
CHANGES_SHOWN = 6
TITLE_LENGTH = 60
OPTION_LENGTH = 90
COMPARED_TITLE_LENGTH = 50
LISTED_LABEL_LENGTH = 24

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


# --- choosing what to assess ------------------------------------------------------------------


def resume_screen(context: OcopContext, record: AssessmentRecord) -> Screen:
    """Offer to continue the unfinished assessment or to start over."""
    t, sheet = context.t, context.services.sheets[record.sheet]
    text = t("You have an unfinished assessment: <b>{product}</b> (sheet {number}: {title}).\n"
             "Continue where you stopped, or start over?",
             product=record.product_name or sheet.title, number=sheet.number, title=sheet.title)
    markup = InlineKeyboardMarkup([[button(t("▶️ Continue"), buttons.Continue(record.id)),
                                    button(t("🔄 Start over"), buttons.StartOver())]])
    return text, markup


def groups_screen(t: Translator) -> Screen:
    """The product groups, numbered in the text and on one button each."""
    labels = [f"{i}. {group_label(t, g)}" for i, g in enumerate(PRODUCT_GROUPS, start=1)]
    text = "\n".join([
        t("<b>Self-assessment</b>: which group is your product in?"), "", *labels, "",
        t("Or type what you make, for example: chè, mật ong, rượu."),
    ])
    keys = [button(label, buttons.PickGroup(i)) for i, label in enumerate(labels)]
    return text, InlineKeyboardMarkup(rows(keys, 1))


def group_heading(t: Translator, index: int) -> str:
    """The heading above the sheets of product group number `index` (0-based)."""
    return t("<b>{group}</b>: choose the criteria sheet of your product.",
             group=group_label(t, PRODUCT_GROUPS[index]))


def sheets_screen(t: Translator, sheets: Mapping[int, Sheet], numbers: Sequence[int],
                  heading: str) -> Screen:
    """Sheets to choose from, numbered in the text and on the buttons, then back to the groups."""
    lines = [f"{i}. {escape(sheets[n].title)} ({t('sheet {n}', n=n)})"
             for i, n in enumerate(numbers, start=1)]
    keys = [button(f"{i}. {sheets[n].title}", buttons.PickSheet(n))
            for i, n in enumerate(numbers, start=1)]
    back = [button(t("⬅️ Back"), buttons.ShowGroups())]
    return "\n".join([heading, "", *lines]), InlineKeyboardMarkup([*rows(keys, 1), back])


# --- the steps of one assessment --------------------------------------------------------------


def step_screen(context: OcopContext, session: Session, answers: Mapping[str, int]) -> Screen:
    """The screen of the step the assessment is at."""
    match session.record.status:
        case AssessmentStatus.NAMING:
            return name_screen(context.t, session)
        case AssessmentStatus.ELIGIBILITY:
            return eligibility_screen(context, session)
        case AssessmentStatus.ANSWERING:
            return question_screen(context, session, answers.get(session.question.code))
    return review_screen(context, session, answers)


def name_screen(t: Translator, session: Session) -> Screen:
    """Ask for the optional product name."""
    sheet = session.sheet
    text = "\n\n".join([
        t("<b>Sheet {number}: {title}</b>", number=sheet.number, title=sheet.title),
        t("What is your product called? Type its name (up to 120 characters), or skip."),
    ])
    return text, InlineKeyboardMarkup([[button(t("Skip ➡️"), buttons.SkipName(session.aid))]])


def eligibility_screen(context: OcopContext, session: Session) -> Screen:
    """Ask the current eligibility condition: `Có` / `Không` (Yes / No), then pause."""
    t, aid, position = context.t, session.aid, session.record.position
    text = context.render("assessment/eligibility.j2", **eligibility_context(
        session.conditions[position], t.locale, position, len(session.conditions), session.sheet))
    markup = InlineKeyboardMarkup([
        [button(t("Yes"), buttons.AnswerCondition(aid, position, True)),
         button(t("No"), buttons.AnswerCondition(aid, position, False))],
        [button(t("⏸ Pause"), buttons.Pause(aid))],
    ])
    return text, markup


def eligibility_context(condition: Condition, locale: str, position: int, count: int,
                        sheet: Sheet) -> dict[str, Any]:
    """What the eligibility template needs."""
    return {"question": condition.question[locale], "number": position + 1, "count": count,
            "sheet": sheet}


def question_screen(context: OcopContext, session: Session, chosen: int | None) -> Screen:
    """Ask the current criterion, its stored answer marked; one button per numbered option."""
    t, aid, position = context.t, session.aid, session.record.position
    text = context.render("assessment/question.j2",
                          **question_context(session.sheet, position, chosen))
    options = [button(t("{n} ({points} pt)", n=i, points=points(option.points)),
                      buttons.AnswerQuestion(aid, position, i - 1))
               for i, option in enumerate(session.question.options, start=1)]
    navigation = [button(t("⏸ Pause"), buttons.Pause(aid))]
    if position > 0:
        navigation.insert(0, button(t("⬅️ Back"), buttons.GoBack(aid, position)))
    return text, InlineKeyboardMarkup([*rows(options, OPTION_BUTTONS_PER_ROW), navigation])


def question_context(sheet: Sheet, position: int, chosen: int | None) -> dict[str, Any]:
    """What the question template needs for criterion number `position` (0-based)."""
    criterion = sheet.criteria[position]
    part = sheet.part(criterion.part)
    group = next(g for g in part.groups if g.code == criterion.group)
    return {
        "number": position + 1, "count": len(sheet.criteria), "part": part, "group": group,
        "criterion": criterion, "chosen": chosen, "points": points,
        "single": len(group.criteria) == 1 and group.code == criterion.code,
        "hint": shorten(criterion.requirement or criterion.note, HINT_LENGTH),
    }


def review_screen(context: OcopContext, session: Session, answers: Mapping[str, int]) -> Screen:
    """Every answer by part, a ✏️ button to change each, and one to see the result."""
    sheet, t, aid = session.sheet, context.t, session.aid
    parts = []
    for part in sheet.parts:
        lines = [_review_line(c, answers.get(c.code)) for g in part.groups for c in g.criteria]
        earned = sum(line["earned"] for line in lines)
        parts.append({"letter": part.letter, "points": points(earned),
                      "max": points(part.max_points), "lines": lines})
    text = context.render("assessment/review.j2", sheet=sheet, parts=parts)
    edits = [button(f"✏️ {c.code}", buttons.ChangeAnswer(aid, i))
             for i, c in enumerate(sheet.criteria)]
    finish = [button(t("✅ See the result"), buttons.Finish(aid)),
              button(t("⏸ Pause"), buttons.Pause(aid))]
    return text, InlineKeyboardMarkup([*rows(edits, REVIEW_BUTTONS_PER_ROW), finish])


def _review_line(criterion: Criterion, chosen: int | None) -> dict[str, Any]:
    option = criterion.options[chosen] if chosen is not None else None
    return {
        "code": criterion.code,
        "title": shorten(criterion.title, REVIEW_TITLE_LENGTH),
        "option": chosen + 1 if chosen is not None else "–",
        "points": points(option.points) if option else "–",
        "max": points(criterion.max_points),
        "earned": option.points if option else 0,
    }


def rejected_text(context: OcopContext, session: Session, condition: Condition) -> str:
    """A "no" to a condition, kindly: what the sheet says and what to do."""
    return context.render("assessment/rejected.j2",
                          disqualifier=disqualifier_for(session.sheet, condition),
                          advice=condition.advice[context.t.locale])


# --- the result -------------------------------------------------------------------------------


def result_text(context: OcopContext, session: Session, analysis: GapAnalysis) -> str:
    """Total, parts, rank and its meaning, unmet minima, and the steps to the next stars."""
    t, result = context.t, analysis.score
    return context.render(
        "assessment/result.j2",
        product=session.record.product_name, sheet=session.sheet,
        total=points(round_points(result.total)),
        parts={p: points(round_points(v)) for p, v in result.parts.items()},
        rank=stars_text(t, result.stars), meaning=t(RANK_MEANINGS[result.stars]),
        band=stars_text(t, result.band), next_rank=stars_text(t, result.stars + 1),
        blocked=_blocked(result),
        plans=[_plan(t, plan) for plan in _plans_shown(analysis)],
    )


def _blocked(result: Score) -> list[Any]:
    """The criteria below the minimum of the next rank that the points alone would give."""
    if result.band <= result.stars:
        return []
    return list(result.unmet.get(result.stars + 1, ()))


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


def report_document(context: OcopContext, session: Session, answers: Mapping[str, int],
                    analysis: GapAnalysis, producer: str) -> InputFile:
    """The self-assessment report laid out like Part III of Mẫu 02, as an HTML file."""
    record = session.record
    when = _finished_at(record)
    html = assessment_report_html(
        context.services.renderer, context.t, sheet=session.sheet,
        answers=answers, score=analysis.score,
        product_name=record.product_name, producer_name=producer, assessed_at=when)
    return InputFile(html, filename=report_filename(session.sheet.number,
                                                    record.product_name, when))


def _finished_at(record: AssessmentRecord) -> datetime:
    return record.completed_at or record.updated_at


# --- /ketqua ----------------------------------------------------------------------------------


def history_screen(context: OcopContext, records: Sequence[AssessmentRecord]) -> Screen:
    """The finished assessments, numbered, with a button to reopen each."""
    items = [_summary(context, r) for r in records]
    keys = [button(f"{i}. {item['product'][:LISTED_LABEL_LENGTH]}", buttons.Reopen(r.id))
            for i, (item, r) in enumerate(zip(items, records, strict=True), start=1)]
    return (context.render("assessment/history.j2", items=items),
            InlineKeyboardMarkup(rows(keys, 2)))


def compare_markup(t: Translator, session: Session) -> InlineKeyboardMarkup:
    """The button under a reopened result that has an earlier one to compare with."""
    return InlineKeyboardMarkup([[button(t("⚖️ Compare with the previous one"),
                                         buttons.Compare(session.aid))]])


def comparison_text(context: OcopContext, session: Session, previous: AssessmentRecord,
                    before: Mapping[str, int], after: Mapping[str, int]) -> str:
    """Two results of one product side by side, with the answers that changed."""
    sheet = session.sheet
    old, new = score(sheet, before), score(sheet, after)
    changes = [
        {"code": c.code, "title": shorten(c.title, COMPARED_TITLE_LENGTH),
         "before": before[c.code] + 1, "after": after[c.code] + 1,
         "gain": f"{c.options[after[c.code]].points - c.options[before[c.code]].points:+g}"}
        for c in sheet.criteria if before.get(c.code) != after.get(c.code)
    ]
    return context.render(
        "assessment/comparison.j2",
        product=session.record.product_name or sheet.title, sheet=sheet.number,
        before=_summary(context, previous), after=_summary(context, session.record),
        gain=f"{round_points(new.total) - round_points(old.total):+g}", changes=changes)


def _summary(context: OcopContext, record: AssessmentRecord) -> dict[str, Any]:
    return {
        "date": context.t.date(_finished_at(record)), "sheet": record.sheet,
        "product": record.product_name or context.services.sheets[record.sheet].title,
        "rejected": record.status == AssessmentStatus.REJECTED,
        "total": points(round_points(record.total or 0)),
        "rank": stars_text(context.t, record.stars or 0),
    }
