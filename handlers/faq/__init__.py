"""/hoidap (/faq) and any plain text: answers about the programme, feedback, hand-off."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.context import App, OcopContext
from core.dialogs import InDialog
from core.i18n import N_
from handlers.faq import handoff
from handlers.faq.ask import PREFIX, answer_question, engine, send_entry
from handlers.main_menu import main_menu


async def ask_command(update: Update, context: OcopContext) -> None:
    """Answer the question after /hoidap, or invite one."""
    assert update.effective_message is not None
    if context.args:
        await answer_question(update, context, " ".join(context.args))
        return
    await update.effective_message.reply_text(context.t(
        "Ask me anything about the OCOP programme: type your question, for example "
        "“OCOP là gì?” or “bao nhiêu điểm được 4 sao?”."))


async def on_text(update: Update, context: OcopContext) -> None:
    """Treat free text outside any flow as a question."""
    assert update.effective_message is not None and update.effective_message.text is not None
    await answer_question(update, context, update.effective_message.text)


async def on_press(update: Update, context: OcopContext) -> None:
    """Handle feedback, suggestions, forwarding, replies and FAQ additions."""
    query = update.callback_query
    assert query is not None
    verb, _, rest = (query.data or "").removeprefix(f"{PREFIX}:").partition(":")
    handled, notice = await _dispatch(update, context, verb, rest)
    if handled:
        await query.answer(notice)
    else:
        await query.answer(context.t("This button is no longer valid."))


async def _dispatch(update: Update, context: OcopContext, verb: str,
                    rest: str) -> tuple[bool, str | None]:
    numbers = [int(p) for p in rest.split(":") if p.isdigit() and len(p) < 12]
    if verb == "e" and (entry := engine(context).entry(rest)) is not None:
        assert update.effective_chat is not None and update.effective_user is not None
        await send_entry(context, update.effective_chat.id, update.effective_user.id, entry,
                         entry.question)
        return True, None
    if verb == "h" and len(numbers) == 2 and numbers[1] in (0, 1):
        assert update.effective_user is not None
        stored = await context.repo.faq.set_helpful(numbers[0], update.effective_user.id,
                                                    bool(numbers[1]))
        return stored, context.t("Thank you for your feedback!")
    if len(numbers) != 1:
        return False, None
    actions = {"f": handoff.forward, "r": handoff.start_reply, "a": handoff.add_to_faq}
    action = actions.get(verb)
    return (await action(update, context, numbers[0]) if action else False), None


def register(app: App) -> None:
    """Register after every flow's text handler: plain text left over is a question."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["hoidap", "faq"], ask_command))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    app.add_handler(MessageHandler(private_text & InDialog(app, handoff.FLOW),
                                   handoff.receive_answer))
    app.add_handler(MessageHandler(private_text, on_text))
    main_menu(app).add(N_("💬 Ask about OCOP"), ask_command)
