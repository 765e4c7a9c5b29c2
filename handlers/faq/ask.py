"""Answer a question about the programme: an entry, a computed answer, suggestions, or honesty.

The engine's `Reply` says what to send and in which language: an English question (or an English
user) gets the entry's English question and answer, and the buttons and notes in English too.
"""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.buttons import button
from core.context import OcopContext
from core.i18n import Translator
from core.text import one_line
from core.ui import shorten
from handlers.faq.buttons import Forward, Helpful, entry_button
from handlers.main_menu import menu_keyboard
from knowledge.faq import FaqEngine, FaqEntry, Reply, looks_like_question
from knowledge.faq.sources import english_source
from storage.faq import Outcome

MAX_QUESTION = 1000
SUGGESTION_LABEL = 48
MAX_RELATED = 3
SMALLTALK = ("greeting", "thanks", "empty")  # kinds that are not a question about the programme
FROM_THE_KNOWLEDGE_BASE = ("answer", "computed", "suggestions")
# Computed answers mark their figures in bold, but quote the sheets, whose texts hold "<51%".
_ALLOWED_TAG = re.compile(r"&lt;(/?(?:b|i))&gt;")


def engine(context: OcopContext) -> FaqEngine:
    """The FAQ search engine, loaded at start-up."""
    faq = context.services.faq
    assert faq is not None, "post_init loads the FAQ engine"
    return faq


def safe_markup(text: str) -> str:
    """`text` escaped for Telegram's HTML, keeping only its bold and italic tags."""
    return _ALLOWED_TAG.sub(r"<\1>", html.escape(text, quote=False))


def entry_text(t: Translator, entry: FaqEntry, language: str) -> str:
    """An entry's question and answer in `language`, with its source."""
    cited = english_source(entry.source) if t.locale == "en" else entry.source
    source = t("Source: {source}", source=cited) if cited else ""
    # Answers come from the reviewed knowledge base or were escaped when an admin added them.
    return "\n\n".join(filter(None, [f"<b>{html.escape(entry.title(language))}</b>",
                                     entry.answer(language), f"<i>{source}</i>" if source else ""]))


def related_entries(context: OcopContext, entry: FaqEntry,
                    siblings: tuple[FaqEntry, ...] = ()) -> list[FaqEntry]:
    """The siblings holding the same fact first, then the entry's own related entries."""
    listed = [e for e in map(engine(context).entry, entry.related) if e is not None]
    unique = {e.id: e for e in [*siblings, *listed] if e.id != entry.id}
    return list(unique.values())[:MAX_RELATED]


def feedback_keyboard(t: Translator, log_id: int, related: list[FaqEntry],
                      language: str) -> InlineKeyboardMarkup:
    """“Helpful?” buttons, then the related questions."""
    rows = [[button(t("👍 Helpful"), Helpful(log_id, True)),
             button(t("👎 Not helpful"), Helpful(log_id, False))]]
    for entry in related:
        if link := entry_button("🔗 " + shorten(entry.title(language), SUGGESTION_LABEL),
                                entry.id):
            rows.append([link])
    return InlineKeyboardMarkup(rows)


async def send_entry(context: OcopContext, chat_id: int, user_id: int, entry: FaqEntry,
                     text: str, *, language: str | None = None,
                     siblings: tuple[FaqEntry, ...] = ()) -> None:
    """Send an entry's answer with the feedback and related buttons, logging it."""
    language = language or context.t.locale
    t = context.services.i18n.get(language)
    log_id = await context.repo.faq.log(user_id, text, Outcome.ANSWER, entry.id)
    related = related_entries(context, entry, siblings)
    await context.bot.send_message(chat_id, entry_text(t, entry, language),
                                   reply_markup=feedback_keyboard(t, log_id, related, language))


async def answer_question(update: Update, context: OcopContext, text: str) -> None:
    """Answer `text` with the most honest reply the knowledge base allows."""
    text = one_line(text)[:MAX_QUESTION]
    await send_reply(update, context, engine(context).respond(text, context.t.locale), text)


async def answered_as_question(update: Update, context: OcopContext, text: str) -> bool:
    """Inside another flow: answer `text` if it reads as a question, and tell whether it did.

    Only what the knowledge base answers is sent: for small talk, or a question it would
    decline ("2?" may well be an attempt at the step), the flow's own reminder suits better.
    """
    text = one_line(text)[:MAX_QUESTION]
    if not looks_like_question(text):
        return False
    reply = engine(context).respond(text, context.t.locale)
    if reply.kind not in FROM_THE_KNOWLEDGE_BASE:
        return False
    await send_reply(update, context, reply, text)
    return True


async def send_reply(update: Update, context: OcopContext, reply: Reply, text: str) -> None:
    """Send what the engine decided, in the language it chose."""
    assert update.effective_chat is not None and update.effective_user is not None
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    t = context.services.i18n.get(reply.language)
    if reply.kind == "answer" and reply.entry is not None:
        await send_entry(context, chat_id, user_id, reply.entry, text,
                         language=reply.language, siblings=reply.related)
    elif reply.kind == "computed" and reply.computed is not None:
        log_id = await context.repo.faq.log(user_id, text, Outcome.CRITERION,
                                            reply.computed.code or None)
        markup = feedback_keyboard(t, log_id, [], reply.language)
        await context.bot.send_message(chat_id, safe_markup(reply.text), reply_markup=markup)
    elif reply.kind == "suggestions" and reply.suggestions:
        await _send_suggestions(context, t, chat_id, user_id, reply, text)
    elif reply.kind in SMALLTALK:
        await _send_smalltalk(context, t, chat_id, reply.kind)
    else:
        await _send_no_answer(context, t, chat_id, user_id, text)


async def _send_smalltalk(context: OcopContext, t: Translator, chat_id: int, kind: str) -> None:
    if kind == "thanks":
        text = t("You're welcome! Ask me again whenever you have a question about OCOP.")
    else:
        text = t("Hello! Ask me anything about the OCOP programme, for example “What is OCOP?”, "
                 "or choose an item on the menu.")
    await context.bot.send_message(chat_id, text, reply_markup=menu_keyboard(context))


async def _send_suggestions(context: OcopContext, t: Translator, chat_id: int, user_id: int,
                            reply: Reply, text: str) -> None:
    log_id = await context.repo.faq.log(user_id, text, Outcome.SUGGESTIONS, None)
    titles = [e.title(reply.language) for e in reply.suggestions]
    lines = [f"{i}. {html.escape(title)}" for i, title in enumerate(titles, start=1)]
    links = [entry_button(f"{i}. {shorten(title, SUGGESTION_LABEL)}", e.id)
             for i, (e, title) in enumerate(zip(reply.suggestions, titles, strict=True), start=1)]
    rows: list[list[InlineKeyboardButton]] = [[link] for link in links if link is not None]
    rows.append([button(t("📨 Ask an officer instead"), Forward(log_id))])
    await context.bot.send_message(chat_id, "\n".join([t("Did you mean:"), *lines]),
                                   reply_markup=InlineKeyboardMarkup(rows))


async def _send_no_answer(context: OcopContext, t: Translator, chat_id: int, user_id: int,
                          text: str) -> None:
    log_id = await context.repo.faq.log(user_id, text, Outcome.NONE, None)
    await offer_an_officer(context, t, chat_id, log_id,
                           t("Sorry, I don't have a reliable answer to that yet."))


async def offer_an_officer(context: OcopContext, t: Translator, chat_id: int, log_id: int,
                           lead: str) -> None:
    """Offer to send the logged question to the officers (their answer comes to this chat)."""
    lines = [lead,
             t("Shall I send your question to an OCOP officer? Their answer will come here.")]
    markup = InlineKeyboardMarkup([[button(t("📨 Send to an officer"), Forward(log_id))]])
    await context.bot.send_message(chat_id, "\n".join(lines), reply_markup=markup)
