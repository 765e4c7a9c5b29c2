"""Answer a question about the programme: an entry, a criterion, suggestions, or honesty."""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update

from core.buttons import button
from core.context import OcopContext
from core.text import one_line
from core.ui import shorten
from handlers.faq.buttons import Forward, Helpful, entry_button
from handlers.main_menu import menu_keyboard
from knowledge.faq.criteria_answers import CriterionAnswer
from knowledge.faq.engine import FaqEngine
from knowledge.faq.model import Answer, FaqEntry, Suggestions
from storage.faq import Outcome

MAX_QUESTION = 1000
SUGGESTION_LABEL = 48
SMALLTALK = ("smalltalk", "empty")  # no-answer reasons that get a greeting, not an apology


def entry_text(context: OcopContext, entry: FaqEntry) -> str:
    """An entry's answer in the user's language, with its source."""
    english = context.t.locale == "en" and entry.answer_en
    answer = entry.answer_en if english else entry.answer_vi
    source = context.t("Source: {source}", source=entry.source) if entry.source else ""
    # Answers come from the reviewed knowledge base or were escaped when an admin added them.
    return "\n\n".join(filter(None, [f"<b>{html.escape(entry.question)}</b>", answer,
                                     f"<i>{source}</i>" if source else ""]))


def feedback_keyboard(context: OcopContext, log_id: int,
                      related: list[FaqEntry]) -> InlineKeyboardMarkup:
    """“Helpful?” buttons, then up to two related questions."""
    t = context.t
    rows = [[button(t("👍 Helpful"), Helpful(log_id, True)),
             button(t("👎 Not helpful"), Helpful(log_id, False))]]
    for entry in related[:2]:
        if link := entry_button("🔗 " + shorten(entry.question, SUGGESTION_LABEL), entry.id):
            rows.append([link])
    return InlineKeyboardMarkup(rows)


async def send_entry(context: OcopContext, chat_id: int, user_id: int, entry: FaqEntry,
                     text: str) -> None:
    """Send an entry's answer with the feedback buttons, logging it."""
    log_id = await context.repo.faq.log(user_id, text, Outcome.ANSWER, entry.id)
    related = [e for e in map(engine(context).entry, entry.related) if e is not None]
    await context.bot.send_message(chat_id, entry_text(context, entry),
                                   reply_markup=feedback_keyboard(context, log_id, related))


def engine(context: OcopContext) -> FaqEngine:
    """The FAQ search engine, loaded at start-up."""
    faq = context.services.faq
    assert faq is not None, "post_init loads the FAQ engine"
    return faq


async def answer_question(update: Update, context: OcopContext, text: str) -> None:
    """Answer `text` with the most honest reply the knowledge base allows."""
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    text = one_line(text)[:MAX_QUESTION]
    result = engine(context).ask(text, context.t.locale)
    if isinstance(result, Answer):
        await send_entry(context, chat_id, user_id, result.entry, text)
    elif isinstance(result, CriterionAnswer):
        await _send_criterion(context, chat_id, user_id, result, text)
    elif isinstance(result, Suggestions):
        await _send_suggestions(context, chat_id, user_id, result, text)
    elif result.reason in SMALLTALK:
        await context.bot.send_message(chat_id, context.t(
            "Hello! Ask me anything about the OCOP programme, for example “OCOP là gì?”, "
            "or choose an item on the menu."), reply_markup=menu_keyboard(context))
    else:
        await _send_no_answer(context, chat_id, user_id, text)


async def _send_criterion(context: OcopContext, chat_id: int, user_id: int,
                          result: CriterionAnswer, text: str) -> None:
    log_id = await context.repo.faq.log(user_id, text, Outcome.CRITERION, result.code or None)
    body = html.escape(result.text_en if context.t.locale == "en" else result.text_vi)
    await context.bot.send_message(chat_id, body,
                                   reply_markup=feedback_keyboard(context, log_id, []))


async def _send_suggestions(context: OcopContext, chat_id: int, user_id: int,
                            result: Suggestions, text: str) -> None:
    t = context.t
    log_id = await context.repo.faq.log(user_id, text, Outcome.SUGGESTIONS, None)
    lines = [f"{i}. {html.escape(e.question)}" for i, e in enumerate(result.entries, start=1)]
    links = [entry_button(f"{i}. {shorten(e.question, SUGGESTION_LABEL)}", e.id)
             for i, e in enumerate(result.entries, start=1)]
    buttons = [[link] for link in links if link is not None]
    buttons.append([button(t("📨 Ask an officer instead"), Forward(log_id))])
    await context.bot.send_message(chat_id, "\n".join([t("Did you mean:"), *lines]),
                                   reply_markup=InlineKeyboardMarkup(buttons))


async def _send_no_answer(context: OcopContext, chat_id: int, user_id: int, text: str) -> None:
    t = context.t
    log_id = await context.repo.faq.log(user_id, text, Outcome.NONE, None)
    lines = [t("Sorry, I don't have a reliable answer to that yet."),
             t("Shall I send your question to an OCOP officer? Their answer will come here.")]
    markup = InlineKeyboardMarkup([[button(t("📨 Send to an officer"), Forward(log_id))]])
    await context.bot.send_message(chat_id, "\n".join(lines), reply_markup=markup)
