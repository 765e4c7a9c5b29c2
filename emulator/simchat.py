"""Reading and reacting to a chat from the user's side: waiting for replies, pressing buttons."""

from __future__ import annotations

import asyncio
from typing import Any

from .chats import ChatState
from .models import BotMessage, ChatEvent
from .payloads import bot_message_json, inaccessible_message
from .state import EmulatorState

_REPLY_KINDS = ("message", "edit")


class ChatView:
    """What a person looking at one chat can see and do; base of SimUser and SimGroup."""

    def __init__(self, state: EmulatorState, chat: ChatState) -> None:
        self._state = state
        self._chat = chat
        self._cursor = 0
        self._last_sent: str | None = None

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return self._chat.chat_id

    @property
    def chat(self) -> ChatState:
        """The server-side chat state."""
        return self._chat

    @property
    def messages(self) -> list[BotMessage]:
        """Every bot message in the chat, current state, in sending order (deleted included)."""
        return list(self._chat.messages.values())

    @property
    def last(self) -> BotMessage | None:
        """The latest bot message (it may have been deleted: see `.deleted`)."""
        return next(reversed(self._chat.messages.values()), None)

    @property
    def keyboard(self) -> list[list[str]] | None:
        """The reply keyboard currently shown in this chat."""
        return self._chat.reply_keyboard()

    @property
    def events(self) -> list[ChatEvent]:
        """Every event (messages, edits, deletions, callback answers) in order."""
        return self._chat.feed

    def skip_pending(self) -> None:
        """Forget unread events so that the next `next_reply` waits for a new one."""
        self._cursor = len(self._chat.feed)

    def _has_reply(self) -> bool:
        feed = self._chat.feed
        while self._cursor < len(feed) and feed[self._cursor].kind not in _REPLY_KINDS:
            self._cursor += 1
        return self._cursor < len(feed)

    async def next_reply(self, timeout: float = 2.0) -> BotMessage:
        """The next new or edited bot message after the cursor (`.edited` tells which)."""
        if not await self._chat.signal.wait_for(self._has_reply, timeout):
            raise AssertionError(self._timeout_text(timeout))
        event = self._chat.feed[self._cursor]
        self._cursor += 1
        assert event.message is not None
        return event.message

    async def next_new_reply(self, timeout: float = 2.0) -> BotMessage:
        """The next new bot message after the cursor, edits of earlier ones passed over (a
        delivery engine may edit other messages before or after the reply awaited)."""
        while (reply := await self.next_reply(timeout)).edited:
            pass
        return reply

    async def collect(self, timeout: float = 0.3) -> list[BotMessage]:
        """Every reply until the chat stays quiet for `timeout` seconds."""
        replies: list[BotMessage] = []
        while await self._chat.signal.wait_for(self._has_reply, timeout):
            replies.append(await self.next_reply(0))
        return replies

    async def wait_event(self, index: int, timeout: float | None) -> ChatEvent | None:
        """The feed event at `index` once it exists; None after `timeout` seconds."""
        feed = self._chat.feed
        if await self._chat.signal.wait_for(lambda: len(feed) > index, timeout):
            return feed[index]
        return None

    def _timeout_text(self, timeout: float) -> str:
        last = self.last
        return (
            f"{self._label()}: no bot reply within {timeout}s. "
            f"Last thing sent here: {self._last_sent!r}. "
            f"Bot messages in chat: {len(self._chat.messages)}"
            + (f", last #{last.message_id}: {last.text[:120]!r}" if last else "")
            + f". Recent API errors here: {list(self._chat.errors) or 'none'}. "
            f"Updates not yet fetched by the bot: {len(self._state.updates)}."
            + self._webhook_text()
        )

    def _webhook_text(self) -> str:
        hook = self._state.webhook
        if not hook.url:
            return ""
        return (f" Webhook {hook.url}: {hook.in_flight} posted and unanswered, last error:"
                f" {hook.last_error_message or 'none'}.")

    def _label(self) -> str:
        chat = self._chat.chat
        return f"{chat.get('title') or chat.get('first_name')} (chat {self.chat_id})"

    def _target(self, message_id: int | None) -> BotMessage:
        if message_id is not None:
            message = self._chat.messages.get(message_id)
            if message is None or message.deleted:
                raise AssertionError(f"{self._label()}: no bot message #{message_id}")
            return message
        message = self._chat.latest_with_buttons()
        if message is None:
            raise AssertionError(f"{self._label()}: no bot message with inline buttons to press")
        return message

    def _press_as(self, sender: dict[str, Any], label: str | int,
                  message_id: int | None) -> str:
        message = self._target(message_id)
        button = message.button(label)
        if button.callback_data is None:
            raise AssertionError(f"button {button.text!r} opens {button.url!r}; nothing to press")
        return self._callback(sender, button.callback_data, message.message_id)

    def _callback(self, sender: dict[str, Any], data: str, message_id: int | None) -> str:
        message = self._chat.messages.get(message_id) if message_id is not None else (
            self._chat.latest_with_buttons() or self.last)
        if message is None and message_id is None:
            raise AssertionError(f"{self._label()}: no bot message to attach a callback to")
        payload = (bot_message_json(self._state, self._chat, message)
                   if message is not None and not message.deleted
                   else inaccessible_message(self._chat, message_id or 0))
        query_id = self._state.new_callback(self.chat_id)
        self._last_sent = f"<callback {data!r}>"
        self._state.updates.push("callback_query", {
            "id": query_id, "from": sender, "message": payload,
            "chat_instance": str(self.chat_id * 7 + 3), "data": data,
        })
        return query_id

    async def callback_answer(self, query_id: str, timeout: float = 2.0) -> dict[str, Any]:
        """The bot's answerCallbackQuery for `query_id`: {text, show_alert, url, cache_time}."""
        record = self._state.callbacks.get(query_id)
        if record is None:
            raise AssertionError(f"unknown callback query id {query_id!r}")
        try:
            return await asyncio.wait_for(asyncio.shield(record.answer), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self._label()}: bot did not answer callback query {query_id} within "
                f"{timeout}s. Recent API errors here: {list(self._chat.errors) or 'none'}."
            ) from None
