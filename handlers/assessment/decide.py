"""What a command, a press or a typed text does in the self-assessment and /ketqua.

Each press handler checks that its button still applies (raising `StaleButton` when not), writes
the step to SQLite, and only then shows the next screen from `render`: a restart or kill -9 at
any moment resumes where the user was. The states are listed in `handlers/assessment/__init__`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from telegram import InlineKeyboardMarkup, Update

from core.buttons import StaleButton
from core.context import OcopContext
from core.numbers import parse_number
from core.text import one_line
from core.ui import show
from core.updates import REPLAYING, WEBHOOK_UPDATE
from handlers.assessment import buttons, papers, render
from handlers.assessment.session import (
    FLOW,
    ORGANISATION,
    PICK,
    Session,
    load_session,
    reload,
)
from handlers.faq.ask import answered_as_question
from knowledge.criteria.model import Sheet
from knowledge.criteria.planner import Advice
from knowledge.criteria.products import PRODUCT_GROUPS, find_sheets
from storage.assessments import AssessmentRecord
from storage.assessments import AssessmentStatus as Status

MAX_PRODUCT_NAME = 120
SHOWN_QUERY_LENGTH = 60
LISTED = 10


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


# --- choosing what to assess ------------------------------------------------------------------


async def start(update: Update, context: OcopContext) -> None:
    """/danhgia: offer to continue an unfinished assessment, or ask for the product group."""
    record = await context.repo.assessments.in_progress_for(_user_id(update))
    if record is None:
        await show_groups(update, context, edit=False)
        return
    await show(update, context, *render.resume_screen(context, record), edit=False)


async def show_groups(update: Update, context: OcopContext, *, edit: bool) -> None:
    """Ask for the product group (or a typed product)."""
    await show(update, context, *render.groups_screen(context.t), edit=edit)
    await context.repo.dialogs.set(_user_id(update), FLOW, PICK)


async def _require_none_open(update: Update, context: OcopContext) -> None:
    """Choosing a sheet applies only while no assessment is open (else its buttons are old)."""
    if await context.repo.assessments.in_progress_for(_user_id(update)) is not None:
        raise StaleButton("an assessment is open")


async def press_groups(update: Update, context: OcopContext, _: buttons.ShowGroups) -> None:
    """⬅️ Back from the sheets: the product groups again."""
    await _require_none_open(update, context)
    await show_groups(update, context, edit=True)


async def press_group(update: Update, context: OcopContext, press: buttons.PickGroup) -> None:
    """A product group: its sheets."""
    await _require_none_open(update, context)
    if press.index >= len(PRODUCT_GROUPS):
        raise StaleButton(press)
    await _show_group(update, context, press.index, edit=True)


async def _show_group(update: Update, context: OcopContext, index: int, *, edit: bool) -> None:
    sheets = list(PRODUCT_GROUPS[index].sheets)
    heading = render.group_heading(context.t, index)
    await show(update, context, *render.sheets_screen(context.t, context.services.sheets,
                                                       sheets, heading), edit=edit)


async def press_sheet(update: Update, context: OcopContext, press: buttons.PickSheet) -> None:
    """A sheet: ask the organisation once, else create its assessment and ask the product."""
    await _require_none_open(update, context)
    if press.number not in context.services.sheets:
        raise StaleButton(press)
    user_id = _user_id(update)
    if await papers.needs_organisation(context, user_id):
        sheet = context.services.sheets[press.number]
        await show(update, context, *render.organisation_screen(context.t, sheet), edit=True)
        await context.repo.dialogs.set(user_id, FLOW, ORGANISATION, press.number)
        return
    await create_assessment(update, context, press.number, edit=True)


async def create_assessment(update: Update, context: OcopContext, sheet: int, *,
                            edit: bool) -> None:
    """Open a new assessment of `sheet` and ask the product name."""
    record = await context.repo.assessments.create(_user_id(update), sheet)
    session = await load_session(context, record.id, record.user_id)
    assert session is not None
    await present(update, context, session, edit=edit)


async def press_skip_organisation(update: Update, context: OcopContext,
                                  press: buttons.SkipOrganisation) -> None:
    """Skip ➡️ at the organisation: remember the skip, then the sheet's assessment."""
    await _require_none_open(update, context)
    if press.sheet not in context.services.sheets or not await papers.needs_organisation(
            context, _user_id(update)):
        raise StaleButton(press)
    await set_organisation(update, context, press.sheet, "", edit=True)


async def set_organisation(update: Update, context: OcopContext, sheet: int, name: str, *,
                           edit: bool) -> None:
    """Store the organisation ("" when skipped) and open the assessment of `sheet`."""
    await context.repo.users.set_org_name(_user_id(update), name)
    await create_assessment(update, context, sheet, edit=edit)


async def _typed_organisation(update: Update, context: OcopContext, sheet: int,
                              text: str) -> None:
    """A typed organisation name, or "bỏ qua" / "skip"."""
    assert update.effective_message is not None
    if len(text) > papers.MAX_ORGANISATION_NAME:
        await update.effective_message.reply_text(context.t(
            "That name is too long: please use at most {n} characters.",
            n=papers.MAX_ORGANISATION_NAME))
        return
    if sheet not in context.services.sheets:
        await context.repo.dialogs.clear(_user_id(update))
        await start(update, context)
        return
    await set_organisation(update, context, sheet, "" if papers.is_skip(text) else text,
                           edit=False)


async def press_continue(update: Update, context: OcopContext, press: buttons.Continue) -> None:
    """▶️ Continue: show the step where the user stopped."""
    busy = await context.repo.assessments.in_progress_for(_user_id(update))
    if busy is None or busy.id != press.aid:
        raise StaleButton(press)
    await present(update, context, await _open_session(update, context, press.aid), edit=True)


async def press_start_over(update: Update, context: OcopContext, _: buttons.StartOver) -> None:
    """🔄 Start over: set the unfinished assessment aside and ask for the group."""
    busy = await context.repo.assessments.in_progress_for(_user_id(update))
    if busy is None:
        raise StaleButton("nothing to start over")
    await context.repo.assessments.abandon(busy.id)
    await show_groups(update, context, edit=True)


async def _typed_pick(update: Update, context: OcopContext, text: str) -> None:
    """A typed group number, or what the user makes: its sheets."""
    number = parse_number(text, 1, len(PRODUCT_GROUPS))
    if number is not None:
        await _show_group(update, context, number - 1, edit=False)
        return
    assert update.effective_message is not None
    query = text[:SHOWN_QUERY_LENGTH]
    found = find_sheets(text, {n: s.title for n, s in context.services.sheets.items()})
    if not found:
        await update.effective_message.reply_text(context.t(
            "I could not find a criteria sheet for “{query}”. "
            "Please choose the product group instead.", query=query))
        await show_groups(update, context, edit=False)
        return
    heading = context.t("Criteria sheets that match “{query}”:", query=query)
    await show(update, context, *render.sheets_screen(context.t, context.services.sheets,
                                                       found, heading), edit=False)


# --- inside one assessment --------------------------------------------------------------------


async def present(update: Update, context: OcopContext, session: Session, *, edit: bool,
                  answers: Mapping[str, int] | None = None) -> None:
    """Show the current step and give the user's typed text to this flow."""
    if answers is None:
        answers = await context.repo.assessments.answers(session.aid)
    message = await show(update, context, *render.step_screen(context, session, answers),
                         edit=edit)
    if message is not None and message.message_id != session.record.message_id:
        await context.repo.assessments.update(session.aid, message_id=message.message_id)
    await context.repo.dialogs.set(session.record.user_id, FLOW, session.record.status,
                                   session.aid)


async def _open_session(update: Update, context: OcopContext, aid: int) -> Session:
    """The user's own unfinished assessment `aid`; StaleButton for anything else."""
    session = await load_session(context, aid, _user_id(update))
    if session is None or not session.record.in_progress:
        raise StaleButton(aid)
    return session


async def _session_at(update: Update, context: OcopContext, aid: int, status: Status,
                      position: int | None = None) -> Session:
    """The open session, if it is still at `status` (and `position`): else the press is old."""
    session = await _open_session(update, context, aid)
    if session.record.status != status or position not in (None, session.record.position):
        raise StaleButton(aid)
    return session


async def press_skip_name(update: Update, context: OcopContext, press: buttons.SkipName) -> None:
    """Skip ➡️: no product name; on to the eligibility conditions."""
    session = await _session_at(update, context, press.aid, Status.NAMING)
    await set_name(update, context, session, None, edit=True)


async def set_name(update: Update, context: OcopContext, session: Session, name: str | None,
                   *, edit: bool) -> None:
    """Store the product name (or none) and ask the first eligibility condition."""
    fields: dict[str, object] = {"status": Status.ELIGIBILITY, "position": 0}
    if name and not papers.is_skip(name):
        fields["product_name"] = name
    await context.repo.assessments.update(session.aid, **fields)
    await present(update, context, await reload(context, session), edit=edit)


async def press_condition(update: Update, context: OcopContext,
                          press: buttons.AnswerCondition) -> None:
    """Có / Không: a "no" ends the assessment as rejected, kindly explained, with two ways on."""
    session = await _session_at(update, context, press.aid, Status.ELIGIBILITY, press.position)
    condition = session.conditions[press.position]
    repo = context.repo.assessments
    await repo.answer_eligibility(session.aid, condition.id, press.met, press.position + 1)
    if not press.met:
        await repo.reject(session.aid, condition.id)
        await context.repo.dialogs.clear(session.record.user_id)
        await show(update, context, *render.rejected_screen(
            context, session, condition, press.position + 1), edit=True)
        return
    await _after_conditions(context, session, press.position + 1)
    await present(update, context, await reload(context, session), edit=True)


async def _after_conditions(context: OcopContext, session: Session, following: int) -> None:
    """Go on to the criteria once the condition before `following` was the last one."""
    if following >= len(session.conditions):
        await context.repo.assessments.update(session.aid, status=Status.ANSWERING, position=0)


async def _rejected_session(update: Update, context: OcopContext, aid: int,
                            position: int | None = None) -> Session:
    """A rejected assessment the user may reopen (none other open, at `position` if given)."""
    session = await load_session(context, aid, _user_id(update))
    if session is None or session.record.status != Status.REJECTED:
        raise StaleButton(aid)
    if position is not None and position != session.record.position:
        raise StaleButton(aid)
    await _require_none_open(update, context)
    return session


async def press_score_anyway(update: Update, context: OcopContext,
                             press: buttons.ScoreAnyway) -> None:
    """📊 Score anyway: go on with the next condition or the criteria, for reference only."""
    session = await _rejected_session(update, context, press.aid)
    following = session.record.position
    await context.repo.assessments.update(session.aid, status=Status.ELIGIBILITY,
                                          position=following)
    await _after_conditions(context, session, following)
    await present(update, context, await reload(context, session), edit=True)


async def press_condition_back(update: Update, context: OcopContext,
                               press: buttons.ConditionBack) -> None:
    """⬅️ Back: the condition before, the product name before the first; after a "no", it again."""
    repo = context.repo.assessments
    session = await load_session(context, press.aid, _user_id(update))
    if session is not None and session.record.status == Status.REJECTED:
        session = await _rejected_session(update, context, press.aid, press.position)
        await repo.update(session.aid, status=Status.ELIGIBILITY, position=press.position - 1,
                          failed_condition=None)
    else:
        session = await _session_at(update, context, press.aid, Status.ELIGIBILITY,
                                    press.position)
        if press.position == 0:
            await repo.update(session.aid, status=Status.NAMING, position=0)
        else:
            await repo.update(session.aid, position=press.position - 1)
    await present(update, context, await reload(context, session), edit=True)


async def press_answer(update: Update, context: OcopContext,
                       press: buttons.AnswerQuestion) -> None:
    """An option's button: record it and go on."""
    if REPLAYING.get():  # recorded before a worker died: only the next question is missing
        await present(update, context, await _open_session(update, context, press.aid), edit=True)
        return
    session = await _session_at(update, context, press.aid, Status.ANSWERING, press.position)
    if press.option >= len(session.question.options):
        raise StaleButton(press)
    await answer_question(update, context, session, press.option, edit=True)


async def answer_question(update: Update, context: OcopContext, session: Session,
                          option: int, *, edit: bool) -> None:
    """Record an answer and go to the next unanswered question, or to the review."""
    position, code = session.record.position, session.question.code
    answers = await context.repo.assessments.answers(session.aid)
    answers[code] = option
    following = next_unanswered(session.sheet, answers, position)
    await context.repo.assessments.answer(session.aid, code, option, following or 0,
                                          WEBHOOK_UPDATE.get())
    status = session.record.status if following is not None else Status.REVIEW
    if following is None:
        await context.repo.assessments.update(session.aid, status=status)
    # What was just written, without reading it back: this runs on every answer.
    record = replace(session.record, position=following or 0, status=status)
    await present(update, context, replace(session, record=record), edit=edit, answers=answers)


def next_unanswered(sheet: Sheet, answers: Mapping[str, int], after: int) -> int | None:
    """The first unanswered question after `after` (then from the start), or None."""
    codes = [c.code for c in sheet.criteria]
    order = [*range(after + 1, len(codes)), *range(after + 1)]
    return next((i for i in order if codes[i] not in answers), None)


async def press_back(update: Update, context: OcopContext, press: buttons.GoBack) -> None:
    """⬅️ Back: the previous question again, its answer marked."""
    session = await _session_at(update, context, press.aid, Status.ANSWERING, press.position)
    if press.position == 0:
        raise StaleButton(press)
    await context.repo.assessments.update(session.aid, position=press.position - 1)
    await present(update, context, await reload(context, session), edit=True)


async def press_change(update: Update, context: OcopContext,
                       press: buttons.ChangeAnswer) -> None:
    """✏️ code in the review: reopen that question; answering it returns to the review."""
    session = await _session_at(update, context, press.aid, Status.REVIEW)
    if press.position >= session.count:
        raise StaleButton(press)
    await context.repo.assessments.update(session.aid, status=Status.ANSWERING,
                                          position=press.position)
    await present(update, context, await reload(context, session), edit=True)


async def press_pause(update: Update, context: OcopContext, press: buttons.Pause) -> None:
    """⏸ Pause: stop asking; everything is kept and /danhgia offers to continue."""
    session = await _open_session(update, context, press.aid)
    await context.repo.dialogs.clear(session.record.user_id)
    await show(update, context, context.t(
        "⏸ Paused. Your answers are saved: type /danhgia whenever you want to continue."),
        None, edit=True)


async def press_review_page(update: Update, context: OcopContext,
                            press: buttons.ReviewPage) -> None:
    """◀️ / ▶️ in the review: another page of the answers."""
    session = await _session_at(update, context, press.aid, Status.REVIEW)
    answers = await context.repo.assessments.answers(session.aid)
    if press.page >= len(render.review_pages(session.sheet, answers)):
        raise StaleButton(press)
    await show(update, context, *render.review_screen(context, session, answers, press.page),
               edit=True)


async def press_finish(update: Update, context: OcopContext, press: buttons.Finish) -> None:
    """✅ See the result: score the answers, store the result, and send it with the papers."""
    session = await _session_at(update, context, press.aid, Status.REVIEW)
    answers = await context.repo.assessments.answers(session.aid)
    advice = await papers.advice_for(context, session, answers)
    result = advice.score
    await context.repo.assessments.complete(session.aid, result.total, result.band, result.stars)
    await context.repo.dialogs.clear(session.record.user_id)
    await show(update, context, context.t("✅ Assessment complete. Here is your result:"), None,
               edit=True)
    session = await reload(context, session)
    await send_result(update, context, session, advice)
    assert update.effective_chat is not None
    await papers.send_papers(context, update.effective_chat.id, session, answers, advice)


async def send_result(update: Update, context: OcopContext, session: Session, advice: Advice,
                      *, reopened: bool = False, has_previous: bool = False) -> None:
    """The result, with the plan for the next certified rank; buttons for the rest at its end."""
    assert update.effective_chat is not None
    shown = advice.next_plan.target if advice.next_plan else None
    markup = render.result_markup(context.t, session, advice, shown=shown, reopened=reopened,
                                  has_previous=has_previous)
    await _send_all(context, update.effective_chat.id,
                    render.result_messages(context, session, advice), markup)


async def _send_all(context: OcopContext, chat_id: int, texts: list[str],
                    markup: InlineKeyboardMarkup | None = None) -> None:
    """Send `texts` in order, the buttons under the last one."""
    for number, text in enumerate(texts, start=1):
        await context.bot.send_message(chat_id, text,
                                       reply_markup=markup if number == len(texts) else None)


# --- typed text inside the flow ---------------------------------------------------------------


async def on_text(update: Update, context: OcopContext) -> None:
    """Take typed text as the current step's input, or remind how to answer."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = one_line(message.text)
    dialog = context.repo.dialogs.current(_user_id(update))
    if dialog is not None and dialog.step == PICK:
        await _typed_pick(update, context, text)
        return
    if dialog is not None and dialog.step == ORGANISATION:
        await _typed_organisation(update, context, dialog.ref or 0, text)
        return
    session = await load_session(context, dialog.ref or 0, _user_id(update)) if dialog else None
    if session is None or not session.record.in_progress:
        # The assessment went away (finished elsewhere, or deleted with /dulieu): start afresh.
        await context.repo.dialogs.clear(_user_id(update))
        await start(update, context)
        return
    await _typed_step(update, context, session, text)


async def _typed_step(update: Update, context: OcopContext, session: Session, text: str) -> None:
    """Typed text at the session's step: a name, an answer's number, or a reminder."""
    if REPLAYING.get():  # its answer was stored before a worker died: show what comes next
        await present(update, context, session, edit=False)
        return
    t = context.t
    assert update.effective_message is not None
    reply = update.effective_message.reply_text
    match session.record.status:
        case Status.NAMING if len(text) > MAX_PRODUCT_NAME:
            await reply(t("That name is too long: please use at most {n} characters.",
                          n=MAX_PRODUCT_NAME))
        case Status.NAMING:
            await set_name(update, context, session, text or None, edit=False)
        case Status.ANSWERING:
            await _typed_answer(update, context, session, text)
        case _ if await answered_as_question(update, context, text):
            await present(update, context, session, edit=False)
        case Status.ELIGIBILITY:
            await reply(t("Please answer with the Yes or No button above."))
        case _:
            await reply(t("Press ✏️ and a code to change an answer, or “See the result”."))


async def _typed_answer(update: Update, context: OcopContext, session: Session,
                        text: str) -> None:
    """A typed option number is the answer; anything else gets a reminder."""
    options = len(session.question.options)
    number = parse_number(text, 1, options)
    if number is not None:
        await answer_question(update, context, session, number - 1, edit=False)
        return
    if await answered_as_question(update, context, text):
        await present(update, context, session, edit=False)
        return
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.t(
        "Please press a button, or type the number of your answer (1–{n}).", n=options))


async def on_other(update: Update, context: OcopContext) -> None:
    """A sticker, photo or file mid-questionnaire: say so and show the current step again."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.t(
        "I can only read text and buttons here. You are in the middle of a self-assessment: "
        "here is where you are."))
    dialog = context.repo.dialogs.current(_user_id(update))
    if dialog is None or dialog.step == PICK:
        await show_groups(update, context, edit=False)
        return
    if dialog.step == ORGANISATION and (dialog.ref or 0) in context.services.sheets:
        sheet = context.services.sheets[dialog.ref or 0]
        await show(update, context, *render.organisation_screen(context.t, sheet), edit=False)
        return
    session = await load_session(context, dialog.ref or 0, _user_id(update))
    if session is None or not session.record.in_progress:
        await context.repo.dialogs.clear(_user_id(update))
        await start(update, context)
        return
    await present(update, context, session, edit=False)


# --- /ketqua ----------------------------------------------------------------------------------


async def list_results(update: Update, context: OcopContext) -> None:
    """/ketqua: the user's finished assessments, newest first."""
    assert update.effective_message is not None
    records = await context.repo.assessments.finished_for(_user_id(update), LISTED)
    if not records:
        await update.effective_message.reply_text(context.t(
            "You have no finished self-assessment yet. Type /danhgia to start one."))
        return
    text, markup = render.history_screen(context, records)
    await update.effective_message.reply_text(text, reply_markup=markup)


async def _finished_session(update: Update, context: OcopContext, aid: int) -> Session:
    """The user's own finished assessment `aid`; StaleButton for a forged or foreign id."""
    session = await load_session(context, aid, _user_id(update))
    if session is None or session.record.in_progress:
        raise StaleButton(aid)
    return session


async def press_reopen(update: Update, context: OcopContext, press: buttons.Reopen) -> None:
    """A listed assessment: its result again, with its files and a comparison one press away."""
    session = await _finished_session(update, context, press.aid)
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    if session.record.status == Status.REJECTED:
        await context.bot.send_message(chat_id, context.t(
            "This assessment ended at the eligibility questions: the dossier "
            "would be rejected. Type /danhgia to assess again."))
        return
    answers = await context.repo.assessments.answers(session.aid)
    previous = await context.repo.assessments.previous_of(session.record)
    advice = await papers.advice_for(context, session, answers)
    await send_result(update, context, session, advice, reopened=True,
                      has_previous=previous is not None)


async def _completed_session(update: Update, context: OcopContext, aid: int) -> Session:
    session = await _finished_session(update, context, aid)
    if session.record.status != Status.COMPLETED:
        raise StaleButton(aid)
    return session


async def press_show_plan(update: Update, context: OcopContext, press: buttons.ShowPlan) -> None:
    """🎯 A plan for another rank, as its own message."""
    session = await _completed_session(update, context, press.aid)
    answers = await context.repo.assessments.answers(session.aid)
    advice = await papers.advice_for(context, session, answers)
    plan = advice.plan_for(press.target)
    if plan is None:
        raise StaleButton(press)
    assert update.effective_chat is not None
    await _send_all(context, update.effective_chat.id,
                    render.plan_messages(context, session, plan))


async def press_resend(update: Update, context: OcopContext, press: buttons.ResendFiles) -> None:
    """📎 The chart, the Word and the PDF files of a finished result, again."""
    session = await _completed_session(update, context, press.aid)
    answers = await context.repo.assessments.answers(session.aid)
    advice = await papers.advice_for(context, session, answers)
    assert update.effective_chat is not None
    await papers.send_papers(context, update.effective_chat.id, session, answers, advice)


async def press_compare(update: Update, context: OcopContext, press: buttons.Compare) -> None:
    """⚖️ Compare: this result beside the one before it, and the answers that changed."""
    session = await _finished_session(update, context, press.aid)
    repo = context.repo.assessments
    previous: AssessmentRecord | None = await repo.previous_of(session.record)
    if previous is None:
        return
    before, after = await repo.answers(previous.id), await repo.answers(session.aid)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, render.comparison_text(
        context, session, previous, before, after))
