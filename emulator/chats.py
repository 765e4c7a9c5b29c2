"""Per-chat state: message ids, bot messages, and the event feed users wait on."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .errors import BLOCKED, CHAT_NOT_FOUND, DEACTIVATED, ApiError
from .models import BotMessage, ChatEvent
from .waiting import Signal


@dataclass
class ChatState:
    """One chat as the emulated server knows it."""

    chat: dict[str, Any]
    user: dict[str, Any] | None = None
    blocked: bool = False
    deactivated: bool = False
    last_message_id: int = 0
    messages: dict[int, BotMessage] = field(default_factory=dict)
    user_message_ids: set[int] = field(default_factory=set)
    feed: list[ChatEvent] = field(default_factory=list)
    errors: deque[str] = field(default_factory=lambda: deque(maxlen=5))
    signal: Signal = field(default_factory=Signal)

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return int(self.chat["id"])

    def next_message_id(self) -> int:
        """Allocate the next message id; both sides of a chat share one sequence."""
        self.last_message_id += 1
        return self.last_message_id

    def publish(self, event: ChatEvent) -> None:
        """Append an event to the feed and wake anyone waiting on this chat."""
        self.feed.append(event)
        self.signal.notify()

    def check_reachable(self) -> None:
        """Raise the 403 Telegram gives when the user blocked the bot or is gone."""
        if self.deactivated:
            raise ApiError(403, DEACTIVATED)
        if self.blocked:
            raise ApiError(403, BLOCKED)

    def latest_with_buttons(self) -> BotMessage | None:
        """The newest non-deleted bot message that carries inline buttons."""
        for message in reversed(self.messages.values()):
            if message.inline_keyboard and not message.deleted:
                return message
        return None

    def reply_keyboard(self) -> list[list[str]] | None:
        """The reply keyboard currently shown in the chat, if any."""
        for message in reversed(self.messages.values()):
            if message.reply_keyboard_removed:
                return None
            if message.reply_keyboard is not None:
                return message.reply_keyboard
        return None


class ChatRegistry:
    """All chats the emulated server knows, by id."""

    def __init__(self) -> None:
        self._chats: dict[int, ChatState] = {}

    def add(self, state: ChatState) -> ChatState:
        """Register a chat (idempotent by id)."""
        return self._chats.setdefault(state.chat_id, state)

    def find(self, chat_id: Any) -> ChatState | None:
        """Look up a chat by id (int or numeric string); None when unknown."""
        try:
            return self._chats.get(int(chat_id))
        except (TypeError, ValueError):
            return None

    def get(self, chat_id: Any) -> ChatState:
        """Look up a chat or raise Telegram's `chat not found`."""
        state = self.find(chat_id)
        if state is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        return state

    def __len__(self) -> int:
        return len(self._chats)
