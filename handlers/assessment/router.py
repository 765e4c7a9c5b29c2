"""Dispatch button presses and typed text of the assessment flow; stale input changes nothing."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.error import TelegramError

from core.context import OcopContext
from handlers.assessment import entry, flow, result
from handlers.assessment.callbacks import Action, parse
from handlers.assessment.session import Session, load_session
from knowledge.criteria.products import PRODUCT_GROUPS


async def on_press(update: Update, context: OcopContext) -> None:
    """Handle an assessment button; answer a stale, repeated or forged press with a notice."""
    query = update.callback_query
    assert query is not None
    action = parse(query.data)
    handled = False
    if action is not None and action.aid is None:
        handled = await _global(update, context, action)
    elif action is not None:
        session = await load_session(context, action.aid or 0, query.from_user.id)
        if session is not None and session.record.in_progress:
            handled = await _scoped(update, context, session, action)
    if handled:
        await _answer(query)
    else:
        await _answer(query, context.t("This button is no longer valid."))


async def _answer(query: CallbackQuery, text: str | None = None) -> None:
    # The step itself is done; a press that can no longer be answered must not turn it into
    # an error for the user.
    try:
        await query.answer(text)
    except TelegramError:
        return


async def _global(update: Update, context: OcopContext, action: Action) -> bool:
    verb, args = action.verb, action.args
    assert update.effective_user is not None
    busy = await context.repo.assessments.in_progress_for(update.effective_user.id)
    if verb == "grp" and busy is None:
        await entry.show_groups(update, context, edit=True)
    elif verb == "g" and busy is None and args[0] < len(PRODUCT_GROUPS):
        await entry.pick_group(update, context, args[0])
    elif verb == "s" and busy is None and args[0] in context.services.sheets:
        await entry.pick_sheet(update, context, args[0])
    elif verb == "cont" and busy is not None and busy.id == args[0]:
        return await entry.continue_assessment(update, context, args[0])
    elif verb == "new" and busy is not None:
        await entry.start_over(update, context)
    else:
        return False
    return True


async def _scoped(update: Update, context: OcopContext, session: Session,
                  action: Action) -> bool:
    status, position, args = session.record.status, session.record.position, action.args
    verb = action.verb
    if verb == "skip" and status == "naming":
        await flow.set_name(update, context, session, None, edit=True)
    elif verb == "e" and status == "eligibility" and args[0] == position:
        await flow.answer_condition(update, context, session, met=args[1] == 1)
    elif verb == "q" and status == "answering" and args[0] == position and _valid(
            session, position, args[1]):
        await flow.answer_question(update, context, session, args[1], edit=True)
    elif verb == "b" and status == "answering" and args[0] == position > 0:
        await flow.go_back(update, context, session)
    elif verb == "c" and status == "review" and args[0] < session.count:
        await flow.change_answer(update, context, session, args[0])
    elif verb == "f" and status == "review":
        await result.finish(update, context, session)
    elif verb == "p":
        await flow.pause(update, context, session)
    else:
        return False
    return True


def _valid(session: Session, position: int, option: int) -> bool:
    return option < len(session.sheet.criteria[position].options)


async def on_text(update: Update, context: OcopContext) -> None:
    """Take typed text as the current step's input, or remind how to answer."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    dialog = context.repo.dialogs.current(user.id)
    text = " ".join(message.text.split())
    if dialog is None:
        return
    if dialog.step == entry.PICK:
        await _typed_pick(update, context, text)
        return
    session = await load_session(context, dialog.ref or 0, user.id)
    if session is None or not session.record.in_progress:
        await context.repo.dialogs.clear(user.id)
        await entry.start_assessment(update, context)
        return
    await _typed_step(update, context, session, text)


async def _typed_pick(update: Update, context: OcopContext, text: str) -> None:
    if text.isdigit() and 1 <= int(text) <= len(PRODUCT_GROUPS):
        await entry.pick_group(update, context, int(text) - 1)
    else:
        await entry.search_product(update, context, text)


async def _typed_step(update: Update, context: OcopContext, session: Session, text: str) -> None:
    status, t = session.record.status, context.t
    reply = update.effective_message.reply_text  # type: ignore[union-attr]
    if status == "naming":
        if len(text) > flow.MAX_PRODUCT_NAME:
            await reply(t("That name is too long: please use at most {n} characters.",
                          n=flow.MAX_PRODUCT_NAME))
        else:
            await flow.set_name(update, context, session, text or None, edit=False)
    elif status == "answering":
        options = len(session.sheet.criteria[session.record.position].options)
        if text.isdigit() and 1 <= int(text) <= options:
            await flow.answer_question(update, context, session, int(text) - 1, edit=False)
        else:
            await reply(t("Please press a button, or type the number of your answer (1–{n}).",
                          n=options))
    elif status == "eligibility":
        await reply(t("Please answer with the Yes or No button above."))
    else:
        await reply(t("Press ✏️ and a code to change an answer, or “See the result”."))
