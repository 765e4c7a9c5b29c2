"""What simulated users see: bot messages, their buttons and chat events."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

EventKind = Literal["message", "edit", "delete", "answer"]


@dataclass(frozen=True)
class Button:
    """An inline keyboard button."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    web_app_url: str | None = None  # a Mini App button opens this page

    def to_json(self) -> dict[str, Any]:
        """Return the Bot API `InlineKeyboardButton` dict."""
        data: dict[str, Any] = {"text": self.text}
        if self.callback_data is not None:
            data["callback_data"] = self.callback_data
        if self.url is not None:
            data["url"] = self.url
        if self.web_app_url is not None:
            data["web_app"] = {"url": self.web_app_url}
        return data


@dataclass
class BotMessage:
    """A message the bot sent, as the chat currently shows it (or a snapshot of an event)."""

    message_id: int
    chat_id: int
    kind: str = "text"
    text: str = ""
    html: str = ""
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    inline_keyboard: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[str]] | None = None
    reply_keyboard_removed: bool = False
    force_reply: bool = False
    document_name: str | None = None
    document_bytes: bytes | None = None
    photo_bytes: bytes | None = None
    file_id: str | None = None
    reply_to_message_id: int | None = None
    date: int = 0
    edit_date: int | None = None
    edit_count: int = 0
    deleted: bool = False
    edited: bool = False

    @property
    def buttons(self) -> list[Button]:
        """Inline buttons flattened row by row."""
        return [button for row in self.inline_keyboard for button in row]

    @property
    def caption(self) -> str:
        """The caption of a photo or document (same as `text`)."""
        return self.text

    def button(self, label: str | int) -> Button:
        """Find a button by 1-based index or label (exact match, else prefix)."""
        buttons = self.buttons
        if isinstance(label, int):
            if 1 <= label <= len(buttons):
                return buttons[label - 1]
        else:
            exact = [b for b in buttons if b.text == label]
            prefix = [b for b in buttons if b.text.startswith(label)]
            if exact or prefix:
                return (exact or prefix)[0]
        labels = ", ".join(f"[{i}] {b.text!r}" for i, b in enumerate(buttons, 1))
        raise AssertionError(
            f"no button {label!r} on message #{self.message_id}; buttons: {labels or 'none'}"
        )

    def snapshot(self, *, edited: bool) -> BotMessage:
        """Copy the current state for an event, so later edits do not change it."""
        snap = copy.copy(self)
        snap.entities = list(self.entities)
        snap.inline_keyboard = [list(row) for row in self.inline_keyboard]
        snap.edited = edited
        return snap


@dataclass(frozen=True)
class ChatEvent:
    """One thing that happened in a chat, as the user would notice it."""

    kind: EventKind
    message: BotMessage | None = None
    message_id: int | None = None
    answer: dict[str, Any] | None = None
