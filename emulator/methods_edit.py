"""Changing what was sent: edits, deletions and callback answers."""

from __future__ import annotations

from typing import Any

from .chats import ChatState
from .content import caption_content, text_content
from .context import Call, Handler
from .errors import ANSWER_TOO_LONG, DELETE_NOT_FOUND, NOT_MODIFIED, ApiError, bad_request
from .markup import parse_markup
from .methods_send import apply_content, apply_markup
from .models import BotMessage, ChatEvent
from .payloads import bot_message_json, now


def _publish_edit(call: Call, chat: ChatState, message: BotMessage) -> dict[str, Any]:
    message.edit_count += 1
    message.edit_date = now()
    chat.publish(ChatEvent("edit", message.snapshot(edited=True), message.message_id))
    return bot_message_json(call.state, chat, message)


async def _edit_body(call: Call, *, caption: bool) -> dict[str, Any]:
    """Shared editMessageText/Caption; no reply_markup removes the inline keyboard."""
    chat = call.chat()
    message = call.editable(chat)
    if caption == (message.kind == "text"):
        raise bad_request(f"there is no {'caption' if caption else 'text'} in the message to edit")
    parse = caption_content if caption else text_content
    content = parse(call.params, call.state.strict_ampersand)
    markup = parse_markup(call.params.get("reply_markup"))
    old = (message.text, message.entities, message.inline_keyboard)
    if (content.text, content.entities, markup.inline_keyboard) == old:
        raise ApiError(400, NOT_MODIFIED)
    apply_content(message, content)
    message.inline_keyboard = markup.inline_keyboard
    return _publish_edit(call, chat, message)


async def edit_message_text(call: Call) -> dict[str, Any]:
    """editMessageText."""
    return await _edit_body(call, caption=False)


async def edit_message_caption(call: Call) -> dict[str, Any]:
    """editMessageCaption on a photo or document."""
    return await _edit_body(call, caption=True)


async def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    """editMessageReplyMarkup: replace (or remove) the inline keyboard."""
    chat = call.chat()
    message = call.editable(chat)
    markup = parse_markup(call.params.get("reply_markup"))
    if markup.inline_keyboard == message.inline_keyboard:
        raise ApiError(400, NOT_MODIFIED)
    apply_markup(message, markup)
    return _publish_edit(call, chat, message)


async def delete_message(call: Call) -> bool:
    """deleteMessage: bot messages and, in private chats, the user's."""
    chat = call.chat(reachable=False)
    message_id = call.message_id()
    message = chat.messages.get(message_id)
    if message is not None and not message.deleted:
        message.deleted = True
    elif message_id in chat.user_message_ids:
        chat.user_message_ids.discard(message_id)
    else:
        raise ApiError(400, DELETE_NOT_FOUND)
    chat.publish(ChatEvent("delete", message_id=message_id))
    return True


async def answer_callback_query(call: Call) -> bool:
    """answerCallbackQuery: once per query, text up to 200 characters."""
    text = call.params.get("text")
    if text is not None and len(str(text)) > 200:
        raise ApiError(400, ANSWER_TOO_LONG)
    answer = {
        "text": None if text is None else str(text),
        "show_alert": bool(call.params.get("show_alert", False)),
        "url": call.params.get("url"), "cache_time": call.params.get("cache_time"),
    }
    call.state.answer_callback(str(call.params.get("callback_query_id", "")), answer)
    return True


EDIT_HANDLERS: dict[str, Handler] = {
    "editMessageText": edit_message_text, "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup, "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
}
