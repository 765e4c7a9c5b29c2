"""Bot API JSON objects: messages the bot sent and updates simulated users create."""

from __future__ import annotations

import re
import time
from typing import Any

from .chats import ChatState
from .models import BotMessage
from .state import EmulatorState, StoredFile

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{1,64})?")


def now() -> int:
    """Unix time as Telegram's `date` fields carry it."""
    return int(time.time())


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    """A one-size `PhotoSize` list for a stored photo."""
    return [{
        "file_id": stored.file_id, "file_unique_id": stored.unique_id,
        "width": 800, "height": 600, "file_size": len(stored.data),
    }]


def document_json(stored: StoredFile) -> dict[str, Any]:
    """A Bot API `Document` for a stored file."""
    data: dict[str, Any] = {
        "file_id": stored.file_id, "file_unique_id": stored.unique_id,
        "file_size": len(stored.data),
    }
    if stored.filename:
        data["file_name"] = stored.filename
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data


def bot_message_json(state: EmulatorState, chat: ChatState, msg: BotMessage) -> dict[str, Any]:
    """The `Message` object Telegram returns for a message the bot sent or edited."""
    data: dict[str, Any] = {
        "message_id": msg.message_id, "from": state.bot_user(), "chat": chat.chat,
        "date": msg.date,
    }
    text_key, entities_key = ("text", "entities") if msg.kind == "text" else (
        "caption", "caption_entities")
    if msg.text:
        data[text_key] = msg.text
    if msg.entities:
        data[entities_key] = msg.entities
    stored = state.files.get(msg.file_id or "")
    if stored is not None:
        data[msg.kind] = photo_sizes(stored) if msg.kind == "photo" else document_json(stored)
    if msg.edit_date is not None:
        data["edit_date"] = msg.edit_date
    if msg.inline_keyboard:
        rows = [[b.to_json() for b in row] for row in msg.inline_keyboard]
        data["reply_markup"] = {"inline_keyboard": rows}
    return data


def command_entities(text: str) -> list[dict[str, Any]]:
    """A `bot_command` entity when the text starts with /cmd or /cmd@botname."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": match.end()}]


def user_message_json(
    chat: ChatState, sender: dict[str, Any], message_id: int, content: dict[str, Any]
) -> dict[str, Any]:
    """A `Message` from a user; `content` holds text/contact/photo/... fields."""
    return {
        "message_id": message_id, "from": sender, "chat": chat.chat, "date": now(), **content,
    }


def inaccessible_message(chat: ChatState, message_id: int) -> dict[str, Any]:
    """An `InaccessibleMessage` (date 0) for callback queries on unknown messages."""
    return {"message_id": message_id, "chat": chat.chat, "date": 0}
