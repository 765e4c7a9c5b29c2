"""What a command, a press or a typed text does in the self-assessment and /ketqua.

Each press handler checks that its button still applies (raising `StaleButton` when not), writes
the step to SQLite, and only then shows the next screen from `render`: a restart or kill -9 at
any moment resumes where the user was. The states are listed in `handlers/assessment/__init__`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace

from telegram import Update

from core.buttons import StaleButton
from core.context import OcopContext
from core.numbers import parse_number
from core.text import one_line
from core.ui import show
from handlers.assessment import buttons, render
from handlers.assessment.session import FLOW, PICK, Session, load_session, reload
from handlers.faq.ask import answered_as_question
from knowledge.criteria.gaps import GapAnalysis, analyse_gaps
from knowledge.criteria.model import Sheet
from knowledge.criteria.products import PRODUCT_GROUPS, find_sheets
from reports.chart import score_chart_png
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
    """A sheet: create its assessment and ask the product name."""
    await _require_none_open(update, context)
    if press.number not in context.services.sheets:
        raise StaleButton(press)
    record = await context.repo.assessments.create(_user_id(update), press.number)
    session = await load_session(context, record.id, record.user_id)
    assert session is not None
    await present(update, context, session, edit=True)


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
    if name:
        fields["product_name"] = name
    await context.repo.assessments.update(session.aid, **fields)
    await present(update, context, await reload(context, session), edit=edit)


async def press_condition(update: Update, context: OcopContext,
                          press: buttons.AnswerCondition) -> None:
    """Có / Không: a "no" ends the assessment as rejected, kindly explained."""
    session = await _session_at(update, context, press.aid, Status.ELIGIBILITY, press.position)
    condition = session.conditions[press.position]
    repo = context.repo.assessments
    await repo.answer_eligibility(session.aid, condition.id, press.met, press.position + 1)
    if not press.met:
        await repo.reject(session.aid, condition.id)
        await context.repo.dialogs.clear(session.record.user_id)
        await show(update, context, render.rejected_text(context, session, condition), None,
                   edit=True)
        return
    if press.position + 1 >= len(session.conditions):
        await repo.update(session.aid, status=Status.ANSWERING, position=0)
    await present(update, context, await reload(context, session), edit=True)


async def press_answer(update: Update, context: OcopContext,
                       press: buttons.AnswerQuestion) -> None:
    """An option's button: record it and go on."""
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
    await context.repo.assessments.answer(session.aid, code, option, following or 0)
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


async def press_finish(update: Update, context: OcopContext, press: buttons.Finish) -> None:
    """✅ See the result: score the answers, store the result, and send it."""
    session = await _session_at(update, context, press.aid, Status.REVIEW)
    answers = await context.repo.assessments.answers(session.aid)
    analysis = analyse_gaps(session.sheet, answers)
    result = analysis.score
    await context.repo.assessments.complete(session.aid, result.total, result.band, result.stars)
    await context.repo.dialogs.clear(session.record.user_id)
    await show(update, context, context.t("✅ Assessment complete. Here is your result:"), None,
               edit=True)
    await send_result(update, context, await reload(context, session), answers, analysis)


async def send_result(update: Update, context: OcopContext, session: Session,
                      answers: Mapping[str, int], analysis: GapAnalysis) -> None:
    """Send the result message, the chart of the parts and the Mẫu 02 report."""
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id = update.effective_chat.id
    await context.bot.send_message(chat_id, render.result_text(context, session, analysis))
    # Drawing takes tens of milliseconds: off the event loop, so other users are not kept waiting.
    chart = await asyncio.to_thread(score_chart_png, analysis.score, context.t)
    await context.bot.send_photo(chat_id, chart)
    await context.bot.send_document(chat_id, render.report_document(
        context, session, answers, analysis, update.effective_user.full_name))


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
    session = await load_session(context, dialog.ref or 0, _user_id(update)) if dialog else None
    if session is None or not session.record.in_progress:
        # The assessment went away (finished elsewhere, or deleted with /dulieu): start afresh.
        await context.repo.dialogs.clear(_user_id(update))
        await start(update, context)
        return
    await _typed_step(update, context, session, text)


async def _typed_step(update: Update, context: OcopContext, session: Session, text: str) -> None:
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
    """A listed assessment: its result again, with a comparison if there is an earlier one."""
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
    markup = render.compare_markup(context.t, session) if previous else None
    text = render.result_text(context, session, analyse_gaps(session.sheet, answers))
    await context.bot.send_message(chat_id, text, reply_markup=markup)


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
