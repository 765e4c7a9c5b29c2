"""/hoidap (/faq) and any plain text: answers about the programme, feedback, hand-off.

Modules: `buttons` (the data of every button), `ask` (answering a question), `handoff` (a
question the bot cannot answer goes to the officers, and their typed answer comes back).
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, MessageHandler, filters

from core.buttons import StaleButton, on_press
from core.context import App, OcopContext
from core.dialogs import InDialog
from core.drafts import answer_side_questions_with
from core.i18n import N_
from handlers.faq import buttons, handoff
from handlers.faq.ask import (
    answer_question,
    answered_as_question,
    engine,
    offer_an_officer,
    send_entry,
)
from handlers.main_menu import main_menu


async def ask_command(update: Update, context: OcopContext) -> None:
    """Answer the question after /hoidap, or invite one."""
    assert update.effective_message is not None
    if context.args:
        await answer_question(update, context, " ".join(context.args))
        return
    await update.effective_message.reply_text(context.t(
        "Ask me anything about the OCOP programme: type your question, for example "
        "“What is OCOP?” or “How many points for 4 stars?”."))


async def on_text(update: Update, context: OcopContext) -> None:
    """Treat free text outside any flow as a question."""
    assert update.effective_message is not None and update.effective_message.text is not None
    await answer_question(update, context, update.effective_message.text)


async def open_entry(update: Update, context: OcopContext, data: buttons.Entry) -> None:
    """Send a related or suggested entry."""
    entry = engine(context).entry(data.entry)
    if entry is None:
        raise StaleButton(data)
    assert update.effective_chat is not None and update.effective_user is not None
    await send_entry(context, update.effective_chat.id, update.effective_user.id, entry,
                     entry.title(context.t.locale))


async def rate_answer(update: Update, context: OcopContext, data: buttons.Helpful) -> str:
    """Store whether the asker found the answer helpful, and thank them; after a first 👎 in
    a private chat, offer to ask an officer instead (a second press offers nothing more)."""
    assert update.effective_user is not None and update.effective_chat is not None
    changed = await context.repo.faq.set_helpful(data.log_id, update.effective_user.id,
                                                 data.helpful)
    if changed is None:
        raise StaleButton(data)
    if changed and not data.helpful and update.effective_chat.type == ChatType.PRIVATE:
        await offer_an_officer(context, context.t, update.effective_chat.id, data.log_id,
                               context.t("Sorry this did not help."))
    return context.t("Thank you for your feedback!")


def register(app: App) -> None:
    """Register after every flow's text handler: plain text left over is a question."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    answer_side_questions_with(answered_as_question)
    app.add_handler(CommandHandler(["hoidap", "faq"], ask_command))
    # The asker's buttons, then the officers' (reply) and the admins' (add to the FAQ).
    app.add_handler(on_press(buttons.Entry, open_entry))
    app.add_handler(on_press(buttons.Helpful, rate_answer))
    app.add_handler(on_press(buttons.Forward, handoff.forward))
    app.add_handler(on_press(buttons.Reply, handoff.start_reply))
    app.add_handler(on_press(buttons.AddToFaq, handoff.add_to_faq))
    app.add_handler(MessageHandler(private_text & InDialog(app, handoff.FLOW),
                                   handoff.REPLY_FORM.on_text))
    app.add_handler(MessageHandler(private_text, on_text))
    main_menu(app).add(N_("💬 Ask about OCOP"), ask_command)
