"""The per-request context handed to Bot API method implementations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .chats import ChatState
from .errors import EDIT_NOT_FOUND, ApiError, bad_request
from .models import BotMessage
from .params import UploadedFile
from .state import EmulatorState


@dataclass
class Call:
    """One Bot API call being served."""

    state: EmulatorState
    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile]

    def chat(self, *, reachable: bool = True) -> ChatState:
        """The target chat; 400 if unknown, 403 if the user blocked the bot or is gone."""
        if self.params.get("chat_id") in (None, ""):
            raise bad_request("chat_id is empty")
        chat = self.state.chats.get(self.params["chat_id"])
        if reachable:
            chat.check_reachable()
        return chat

    def message_id(self) -> int:
        """The `message_id` parameter as an int."""
        value = self.params.get("message_id")
        if not isinstance(value, int):
            raise bad_request("message identifier is not specified")
        return value

    def editable(self, chat: ChatState) -> BotMessage:
        """The bot message named by `message_id`, or Telegram's `message to edit not found`."""
        if self.params.get("inline_message_id"):
            raise ApiError(400, EDIT_NOT_FOUND)
        message_id = self.message_id()
        message = chat.messages.get(message_id)
        if message is None and message_id in chat.user_message_ids:
            raise bad_request("message can't be edited")
        if message is None or message.deleted:
            raise ApiError(400, EDIT_NOT_FOUND)
        return message


Handler = Callable[[Call], Awaitable[Any]]
