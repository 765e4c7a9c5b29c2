"""Sending methods: sendMessage, sendPhoto, sendDocument."""

from __future__ import annotations

from typing import Any

from .chats import ChatState
from .content import Content, caption_content, text_content
from .context import Call, Handler
from .errors import bad_request
from .markup import Markup, parse_markup
from .models import BotMessage, ChatEvent
from .payloads import bot_message_json, now
from .state import StoredFile

SEND_METHODS = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage",
})


def apply_markup(message: BotMessage, markup: Markup) -> None:
    """Copy a parsed reply_markup onto a message."""
    message.inline_keyboard = markup.inline_keyboard
    message.reply_keyboard = markup.reply_keyboard
    message.reply_keyboard_removed = markup.removed
    message.force_reply = markup.force_reply


def apply_content(message: BotMessage, content: Content) -> None:
    """Copy validated text (or caption) onto a message."""
    message.text = content.text
    message.html = content.source
    message.parse_mode = content.parse_mode
    message.entities = content.entities


def _reply_to(params: dict[str, Any]) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
        return int(reply["message_id"])
    value = params.get("reply_to_message_id")
    return value if isinstance(value, int) else None


def deliver(call: Call, chat: ChatState, kind: str, content: Content, markup: Markup,
            stored: StoredFile | None = None) -> dict[str, Any]:
    """Create the bot message, publish it to the chat, and return its JSON."""
    message = BotMessage(chat.next_message_id(), chat.chat_id, kind, date=now(),
                         reply_to_message_id=_reply_to(call.params))
    apply_content(message, content)
    apply_markup(message, markup)
    if stored is not None:
        message.file_id = stored.file_id
        if kind == "photo":
            message.photo_bytes = stored.data
        else:
            message.document_bytes = stored.data
            message.document_name = stored.filename
    chat.messages[message.message_id] = message
    chat.publish(ChatEvent("message", message.snapshot(edited=False), message.message_id))
    return bot_message_json(call.state, chat, message)


async def send_message(call: Call) -> dict[str, Any]:
    """sendMessage."""
    chat = call.chat()
    content = text_content(call.params, call.state.strict_ampersand)
    markup = parse_markup(call.params.get("reply_markup"))
    return deliver(call, chat, "text", content, markup)


def _media(call: Call, field: str) -> StoredFile:
    value = call.params.get(field)
    upload = call.files.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        upload = call.files.get(value.removeprefix("attach://"))
        value = None
    if upload is None and not value:
        raise bad_request(f"there is no {field} in the request")
    return call.state.resolve_upload(value, upload)


async def send_photo(call: Call) -> dict[str, Any]:
    """sendPhoto: keeps the uploaded bytes."""
    chat = call.chat()
    content = caption_content(call.params, call.state.strict_ampersand)
    markup = parse_markup(call.params.get("reply_markup"))
    return deliver(call, chat, "photo", content, markup, _media(call, "photo"))


async def send_document(call: Call) -> dict[str, Any]:
    """sendDocument: keeps the uploaded bytes and file name."""
    chat = call.chat()
    content = caption_content(call.params, call.state.strict_ampersand)
    markup = parse_markup(call.params.get("reply_markup"))
    return deliver(call, chat, "document", content, markup, _media(call, "document"))


SEND_HANDLERS: dict[str, Handler] = {
    "sendMessage": send_message, "sendPhoto": send_photo, "sendDocument": send_document,
}
