"""Every screen of the self-assessment and of /ketqua: its HTML text and its keyboard, no I/O.

Each function takes what is stored (the session, the answers, the records) and returns what to
show; `decide` chooses which screen and sends it. Texts that come from users are escaped here
or by the templates (autoescape).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup
from telegram import InlineKeyboardMarkup

from core.buttons import button
from core.context import OcopContext
from core.i18n import N_, Translator
from core.product_groups import group_label, sheet_button_label, sheet_line
from core.ui import criterion_name, points, rows, shorten, stars_text
from handlers.assessment import buttons
from handlers.assessment.papers import MAX_ORGANISATION_NAME, finished_at
from handlers.assessment.session import Session
from handlers.registration import buttons as registration_buttons
from knowledge.criteria.eligibility import Condition, disqualifier_for
from knowledge.criteria.model import Criterion, Sheet
from knowledge.criteria.planner import Advice, Plan, Step
from knowledge.criteria.products import PRODUCT_GROUPS
from knowledge.criteria.scoring import Score, capping_minima, round_points, score
from reports import part_name
from storage.assessments import AssessmentRecord, AssessmentStatus, registrable

Screen = tuple[str, InlineKeyboardMarkup]

REVIEW_BUTTONS_PER_ROW = 4
REVIEW_TITLE_LENGTH = 40
REVIEW_WORDS_LENGTH = 48
REVIEW_PAGE_CHARS = 720  # the answers on one review page; with its headings, under 1,000
HINT_LENGTH = 300
TITLE_LENGTH = 40
OPTION_LENGTH = 44
SHOWN_WORDS = 3
BUTTON_WORDS_LENGTH = 28  # with the number and points, about a phone's row
PLAN_BUTTONS_PER_ROW = 2
COMPARED_TITLE_LENGTH = 50
LISTED_LABEL_LENGTH = 28
MESSAGE_LIMIT = 3800  # Telegram takes 4,096 characters; markup counts here, so this is safe

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

# The plan's heading above the steps of each effort class: a time frame, not a stray phrase.
EFFORT_HEADINGS: Mapping[str, str] = {
    "days": N_("⏱ Within a few days:"),
    "weeks": N_("⏱ Within a few weeks:"),
    "months": N_("⏱ Within a few months:"),
    "out_of_reach": N_("⛔ Beyond what a household can do alone:"),
}


# --- choosing what to assess ------------------------------------------------------------------


def resume_screen(context: OcopContext, record: AssessmentRecord) -> Screen:
    """Offer to continue the unfinished assessment or to start over."""
    t, sheet = context.t, context.services.sheets[record.sheet]
    # Without a product name, the sheet's title alone: naming it twice reads as a stammer.
    if record.product_name:
        text = t("You have an unfinished self-assessment: <b>{product}</b> (sheet {number} – "
                 "{title}).\nContinue where you stopped, or start over?",
                 product=record.product_name, number=sheet.number, title=sheet.title)
    else:
        text = t("You have an unfinished self-assessment: sheet {number} – {title}.\n"
                 "Continue where you stopped, or start over?",
                 number=sheet.number, title=sheet.title)
    markup = InlineKeyboardMarkup([[button(t("▶️ Continue"), buttons.Continue(record.id)),
                                    button(t("🔄 Start over"), buttons.StartOver())]])
    return text, markup


def groups_screen(t: Translator) -> Screen:
    """The product groups, numbered in the text and on one button each."""
    labels = [f"{i}. {group_label(t, g)}" for i, g in enumerate(PRODUCT_GROUPS, start=1)]
    text = "\n".join([
        t("<b>Self-assessment</b>: which group is your product in?"), "", *labels, "",
        t("Or type what you make, for example: tea, honey, rice wine."),
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
    lines = [f"{i}. {sheet_line(t, sheets[n])}" for i, n in enumerate(numbers, start=1)]
    keys = [button(f"{i}. {sheet_button_label(t, sheets[n])}", buttons.PickSheet(n))
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
        *([] if t.locale == "vi" else [t("<i>The criteria are quoted in Vietnamese, word for "
                                         "word from Decision 26/2026/QĐ-TTg.</i>")]),
        t("What is your product called? Type its name (up to 120 characters), or skip."),
    ])
    return text, InlineKeyboardMarkup([[button(t("Skip ➡️"), buttons.SkipName(session.aid))]])


def organisation_screen(t: Translator, sheet: Sheet) -> Screen:
    """Ask once for the producer's organisation, written on the Mẫu 02 report."""
    text = "\n\n".join([
        t("<b>Sheet {number}: {title}</b>", number=sheet.number, title=sheet.title),
        t("First, the name of your organisation (cooperative, company or household business), "
          "as it will be written on your self-assessment report. Type it (up to {n} "
          "characters), or skip. I will ask only once.", n=MAX_ORGANISATION_NAME),
    ])
    skip = button(t("Skip ➡️"), buttons.SkipOrganisation(sheet.number))
    return text, InlineKeyboardMarkup([[skip]])


def eligibility_screen(context: OcopContext, session: Session) -> Screen:
    """Ask the current eligibility condition: `Có` / `Không` (Yes / No), then back and pause."""
    t, aid, position = context.t, session.aid, session.record.position
    text = context.render("assessment/eligibility.j2", **eligibility_context(
        session.conditions[position], t.locale, position, len(session.conditions), session.sheet))
    markup = InlineKeyboardMarkup([
        [button(t("Yes"), buttons.AnswerCondition(aid, position, True)),
         button(t("No"), buttons.AnswerCondition(aid, position, False))],
        [button(t("⬅️ Back"), buttons.ConditionBack(aid, position)),
         button(t("⏸ Pause"), buttons.Pause(aid))],
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
    choices = session.question.options
    words = distinct_words([option.text for option in choices])
    options = [button(answer_label(t, i, words[i - 1], option.points),
                      buttons.AnswerQuestion(aid, position, i - 1))
               for i, option in enumerate(choices, start=1)]
    navigation = [button(t("⏸ Pause"), buttons.Pause(aid))]
    if position > 0:
        navigation.insert(0, button(t("⬅️ Back"), buttons.GoBack(aid, position)))
    return text, InlineKeyboardMarkup([*rows(options, 1), navigation])


def answer_label(t: Translator, number: int, words: str, value: float) -> str:
    """`2. Có nhãn đầy đủ… · 3 đ`: the number first (interface.md), then words and points.

    Button labels are plain text: the option's words are not escaped, so t() gets none.
    """
    return f"{number}. {shorten(words, BUTTON_WORDS_LENGTH)} · " + t("{points} pt",
                                                                       points=points(value))


def distinct_words(texts: Sequence[str]) -> list[str]:
    """Each option's words from where it parts from the others, after an ellipsis.

    Cut to a button's width, "Có năng lực, quy mô sản xuất nhỏ / … lớn" all read "Có năng
    lực, quy mô…": the words that tell them apart must come first. The list above the buttons
    keeps the full texts.
    """
    split = [text.split() for text in texts]
    found = _parting_words(split, list(range(len(split))), 0)
    # At least a few words each: "…lớn" alone would not read as an answer.
    starts = {i: max(0, min(start, len(split[i]) - SHOWN_WORDS)) for i, start in found.items()}
    return [("…" + " ".join(words[starts[i]:])) if starts[i] else texts[i]
            for i, words in enumerate(split)]


def _parting_words(split: list[list[str]], members: list[int], start: int) -> dict[int, int]:
    """Where each of `members` first differs from the others sharing its leading words."""
    shared = start
    while (len(members) > 1 and all(len(split[i]) > shared + 1 for i in members)
           and len({split[i][shared].casefold() for i in members}) == 1):
        shared += 1
    found: dict[int, int] = {}
    by_word: dict[str, list[int]] = {}
    for i in members:
        by_word.setdefault(split[i][shared].casefold() if len(split[i]) > shared else "", []
                           ).append(i)
    for group in by_word.values():
        if 1 < len(group) < len(members):  # a smaller group: the recursion ends
            found.update(_parting_words(split, group, shared))
        else:
            found.update(dict.fromkeys(group, shared))
    return found


def question_context(sheet: Sheet, position: int, chosen: int | None) -> dict[str, Any]:
    """What the question template needs for criterion number `position` (0-based)."""
    criterion = sheet.criteria[position]
    part = sheet.part(criterion.part)
    group = next(g for g in part.groups if g.code == criterion.group)
    return {
        "number": position + 1, "count": len(sheet.criteria), "part": part, "group": group,
        "criterion": criterion, "chosen": chosen, "points": points, "part_name": part_name,
        "single": len(group.criteria) == 1 and group.code == criterion.code,
        "hint": shorten(criterion.requirement or criterion.note, HINT_LENGTH),
    }


def review_screen(context: OcopContext, session: Session, answers: Mapping[str, int],
                  page: int = 0) -> Screen:
    """One page of the answers by part, a ✏️ button to change each, pages, and the result."""
    sheet, t, aid = session.sheet, context.t, session.aid
    pages = review_pages(sheet, answers)
    page = min(page, len(pages) - 1)
    text = context.render("assessment/review.j2", sheet=sheet, entries=pages[page],
                          page=page + 1, pages=len(pages))
    positions = {c.code: i for i, c in enumerate(sheet.criteria)}
    edits = [button(f"✏️ {entry['code']}", buttons.ChangeAnswer(aid, positions[entry["code"]]))
             for entry in pages[page] if "code" in entry]
    turn = []
    if page > 0:
        turn.append(button(t("◀️ Previous page"), buttons.ReviewPage(aid, page - 1)))
    if page + 1 < len(pages):
        turn.append(button(t("Next page ▶️"), buttons.ReviewPage(aid, page + 1)))
    finish = [button(t("✅ See the result"), buttons.Finish(aid)),
              button(t("⏸ Pause"), buttons.Pause(aid))]
    layout = [*rows(edits, REVIEW_BUTTONS_PER_ROW), *([turn] if turn else []), finish]
    return text, InlineKeyboardMarkup(layout)


def review_pages(sheet: Sheet, answers: Mapping[str, int]) -> list[list[dict[str, Any]]]:
    """Part headings and answer lines cut into pages of about `REVIEW_PAGE_CHARS` characters.

    A page that starts inside a part repeats that part's heading.
    """
    pages: list[list[dict[str, Any]]] = [[]]
    size = 0
    for part in sheet.parts:
        lines = [_review_line(c, answers.get(c.code)) for g in part.groups for c in g.criteria]
        heading = {"part": part.letter, "max": points(part.max_points),
                   "points": points(sum(line["earned"] for line in lines))}
        pages[-1].append(heading)
        for line in lines:
            cost = len(line["title"]) + len(line["words"]) + len(line["code"]) + 16
            if size + cost > REVIEW_PAGE_CHARS and any("code" in e for e in pages[-1]):
                pages.append([heading])
                size = 0
            pages[-1].append(line)
            size += cost
    return pages


def _review_line(criterion: Criterion, chosen: int | None) -> dict[str, Any]:
    option = criterion.options[chosen] if chosen is not None else None
    return {
        "code": criterion.code,
        "title": criterion_name(criterion.title, REVIEW_TITLE_LENGTH),
        "words": shorten(option.text, REVIEW_WORDS_LENGTH) if option else "–",
        "points": points(option.points) if option else "–",
        "max": points(criterion.max_points),
        "earned": option.points if option else 0,
    }


def rejected_screen(context: OcopContext, session: Session, condition: Condition,
                    position: int) -> Screen:
    """A "no" to a condition, kindly: what the sheet says, what to do, and two ways on.

    `position` is the stored position after the answer (the condition's own, plus one).
    """
    t, aid = context.t, session.aid
    text = context.render("assessment/rejected.j2",
                          disqualifier=disqualifier_for(session.sheet, condition),
                          advice=condition.advice[t.locale])
    markup = InlineKeyboardMarkup([
        [button(t("📊 Score anyway, for reference"), buttons.ScoreAnyway(aid))],
        [button(t("⬅️ Change my answer"), buttons.ConditionBack(aid, position))],
    ])
    return text, markup


# --- the result -------------------------------------------------------------------------------


def result_messages(context: OcopContext, session: Session, advice: Advice) -> list[str]:
    """Total, parts, rank and its meaning, unmet minima, and the plan for the next certified rank.

    The total and the rank come first: drivers read the first X/100 and N sao (interface.md).
    A plan too long for one message goes on in the messages after it.
    """
    t, result = context.t, advice.score
    record, blocked = session.record, capping_minima(result)
    values = dict(
        product=record.product_name, sheet=session.sheet,
        total=points(round_points(result.total)),
        parts={p: points(round_points(v)) for p, v in result.parts.items()},
        rank_line=rank_line(t, result, len(blocked)), meaning=t(RANK_MEANINGS[result.stars]),
        next_rank=stars_text(t, result.stars + 1),
        blocked=blocked, reference=_reference_note(context, session),
        others=len(advice.plans) > 1,
    )
    if advice.next_plan is None:
        return [context.render("assessment/result.j2", **values, plan=None)]
    plan = plan_context(t, advice.next_plan)
    first, rest = _fitting(lambda steps, more: context.render(
        "assessment/result.j2", **values, plan=_part_of(plan, steps, more)), plan["steps"])
    product = record.product_name or session.sheet.title
    return [first, *_continued(context, product, plan, rest, continued=True)]


def plan_messages(context: OcopContext, session: Session, plan: Plan) -> list[str]:
    """One plan on its own, after a press on its button, in as many messages as it needs."""
    shown = plan_context(context.t, plan)
    product = session.record.product_name or session.sheet.title
    return _continued(context, product, shown, shown["steps"], continued=False)


def _continued(context: OcopContext, product: str, plan: dict[str, Any],
               steps: list[dict[str, Any]], *, continued: bool) -> list[str]:
    """`steps` of `plan` in messages of at most `MESSAGE_LIMIT` characters."""
    messages: list[str] = []
    while steps or not (messages or continued):
        text, steps = _fitting(lambda part, more: context.render(
            "assessment/plan_message.j2", product=product, continued=continued or bool(messages),
            plan=_part_of(plan, part, more)), steps)
        messages.append(text)
    return messages


def _fitting(render_with: Callable[[list[Any], bool], str], steps: list[Any]
             ) -> tuple[str, list[Any]]:
    """The text with as many of `steps` as fit in one message, and the steps left over."""
    count = len(steps)
    while True:
        text = render_with(steps[:count], count < len(steps))
        if len(text) <= MESSAGE_LIMIT or count <= 1:
            return text, steps[count:]
        count -= 1


def _part_of(plan: dict[str, Any], steps: list[Any], more: bool) -> dict[str, Any]:
    return {**plan, "steps": steps, "more": more}


def _reference_note(context: OcopContext, session: Session) -> str | None:
    """The condition a for-reference assessment failed, as the sheet words it."""
    record = session.record
    if not record.for_reference:
        return None
    condition = next((c for c in session.conditions if c.id == record.failed_condition), None)
    return condition.question[context.t.locale] if condition else ""


def rank_line(t: Translator, result: Score, blocked: int) -> Markup:
    """`Rank: 2 stars`, with the reason on the same line when minima hold the rank below what
    the points give: a shared screenshot (or the chart beside it) then does not look wrong."""
    rank, band = stars_text(t, result.stars), stars_text(t, result.band)
    if not blocked:
        return Markup(t("Rank: {rank}", rank=rank))
    return Markup(t.plural(
        "Rank: {rank} (points enough for {band}; {n} minimum requirement not met)",
        "Rank: {rank} (points enough for {band}; {n} minimum requirements not met)",
        blocked, rank=rank, band=band))


def plan_context(t: Translator, plan: Plan) -> dict[str, Any]:
    """What the plan template needs: each step on one line, the total and rank after them all."""
    return {"rank": stars_text(t, plan.target),
            "steps_text": t.plural("{n} step, cheapest first", "{n} steps, cheapest first",
                                   len(plan.steps)),
            "reached": plan.reached, "more": False,
            "total": points(round_points(plan.total)), "stars": stars_text(t, plan.stars),
            "legend": _legend(t, plan),
            "steps": [_step(t, number, step) for number, step in enumerate(plan.steps, start=1)]}


def _step(t: Translator, number: int, step: Step) -> dict[str, Any]:
    marks = ("💰" if step.effort.money else "") + ("📜" if step.effort.certificate else "")
    return {"number": number, "code": step.code, "title": criterion_name(step.title, TITLE_LENGTH),
            "words": shorten(step.option.text, OPTION_LENGTH),
            "points": points(round_points(step.points)),
            "effort": t(EFFORT_HEADINGS[step.effort.level]), "marks": f" {marks}" if marks else ""}


def _legend(t: Translator, plan: Plan) -> str:
    """What the marks after the steps mean, for the marks the plan uses."""
    meanings = [("💰 " + t("needs money"), plan.needs_money),
                ("📜 " + t("needs a certificate"), plan.needs_certificate)]
    return " · ".join(text for text, used in meanings if used)


def result_markup(t: Translator, session: Session, advice: Advice, *, shown: int | None,
                  reopened: bool = False, has_previous: bool = False
                  ) -> InlineKeyboardMarkup | None:
    """A button per plan not on screen; on a reopened result, the files and the comparison."""
    keys = [button(t("🎯 Plan for {rank}", rank=stars_text(t, plan.target)),
                   buttons.ShowPlan(session.aid, plan.target))
            for plan in advice.plans if plan.target != shown]
    layout = rows(keys, PLAN_BUTTONS_PER_ROW)
    if registrable(session.record):
        layout.append([button(t("📝 Register this product"),
                              registration_buttons.FromAssessment(session.aid))])
    if reopened:
        layout.append([button(t("📎 Send the chart and files again"),
                              buttons.ResendFiles(session.aid))])
    if has_previous:
        layout.append([button(t("⚖️ Compare with the previous one"),
                              buttons.Compare(session.aid))])
    return InlineKeyboardMarkup(layout) if layout else None


# --- /ketqua ----------------------------------------------------------------------------------


def history_screen(context: OcopContext, records: Sequence[AssessmentRecord]) -> Screen:
    """The finished assessments, numbered, with a button to reopen each."""
    items = [_summary(context, r) for r in records]
    names = Counter(item["product"] for item in items)
    for item in items:  # the id only tells apart two results of one name
        item["clash"] = names[item["product"]] > 1
    keys = [button(f"{i}. {shorten(item['product'], LISTED_LABEL_LENGTH)}"
                   + (f" #{r.id}" if item["clash"] else ""), buttons.Reopen(r.id))
            for i, (item, r) in enumerate(zip(items, records, strict=True), start=1)]
    return (context.render("assessment/history.j2", items=items),
            InlineKeyboardMarkup(rows(keys, 1)))


def comparison_text(context: OcopContext, session: Session, previous: AssessmentRecord,
                    before: Mapping[str, int], after: Mapping[str, int]) -> str:
    """Two results of one product side by side, with the points of the answers that changed."""
    sheet = session.sheet
    old, new = score(sheet, before), score(sheet, after)
    changes = []
    for c in sheet.criteria:
        if before.get(c.code) == after.get(c.code):
            continue
        was = c.options[before[c.code]].points if c.code in before else 0.0
        now = c.options[after[c.code]].points if c.code in after else 0.0
        changes.append({"code": c.code, "title": criterion_name(c.title, COMPARED_TITLE_LENGTH),
                        "before": points(was), "after": points(now),
                        "max": points(c.max_points), "gain": f"{now - was:+g}"})
    return context.render(
        "assessment/comparison.j2",
        product=session.record.product_name or sheet.title, sheet=sheet.number,
        before=_summary(context, previous), after=_summary(context, session.record),
        gain=f"{round_points(new.total) - round_points(old.total):+g}", changes=changes)


def _summary(context: OcopContext, record: AssessmentRecord) -> dict[str, Any]:
    when = finished_at(record)
    return {
        # The day in the reader's form (30/11/2026 as Vietnamese offices write it), with the
        # minute to tell two of one day apart.
        "id": record.id, "time": context.t.datetime(when),
        "sheet": record.sheet,
        "product": record.product_name or context.services.sheets[record.sheet].title,
        "rejected": record.status == AssessmentStatus.REJECTED,
        "reference": record.for_reference,
        "total": points(round_points(record.total or 0)),
        "rank": stars_text(context.t, record.stars or 0),
    }
