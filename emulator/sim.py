"""Simulated Telegram users and groups that talk to the bot through the emulator."""

from __future__ import annotations

import base64
from typing import Any

from .chats import ChatState
from .models import BotMessage
from .payloads import (
    bot_message_json,
    command_entities,
    now,
    photo_sizes,
    user_message_json,
)
from .simchat import ChatView
from .state import EmulatorState

TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def _text_content(text: str) -> dict[str, Any]:
    content: dict[str, Any] = {"text": text}
    if entities := command_entities(text):
        content["entities"] = entities
    return content


def post_message(state: EmulatorState, chat: ChatState, sender: dict[str, Any],
                 content: dict[str, Any]) -> int:
    """Enqueue a `message` update from `sender` in `chat`; return the new message id."""
    message_id = chat.next_message_id()
    chat.user_message_ids.add(message_id)
    state.updates.push("message", user_message_json(chat, sender, message_id, content))
    return message_id


class SimUser(ChatView):
    """A person in a private chat with the bot (chat id == user id)."""

    def __init__(self, state: EmulatorState, chat: ChatState, info: dict[str, Any]) -> None:
        super().__init__(state, chat)
        self.info = info

    @property
    def id(self) -> int:
        """The user id (also the private chat id)."""
        return int(self.info["id"])

    @property
    def first_name(self) -> str:
        """The user's first name."""
        return str(self.info["first_name"])

    @property
    def blocked(self) -> bool:
        """Whether the user has blocked the bot."""
        return self._chat.blocked

    def _post(self, content: dict[str, Any], label: str) -> int:
        if self._chat.deactivated:
            raise AssertionError(f"{self._label()} is deactivated and cannot send messages")
        if self._chat.blocked:
            self.unblock()  # as in Telegram clients, writing to a blocked bot restarts it
        self._last_sent = label
        return post_message(self._state, self._chat, self.info, content)

    async def send(self, text: str, *, reply_to: int | None = None) -> int:
        """Send a text (a leading /command gets a bot_command entity); return its id."""
        content = _text_content(text)
        if reply_to is not None and reply_to in self._chat.messages:
            replied = self._chat.messages[reply_to]
            content["reply_to_message"] = bot_message_json(self._state, self._chat, replied)
        return self._post(content, text)

    async def ask(self, text: str, timeout: float = 2.0) -> BotMessage:
        """Skip unread replies, send `text`, and return the bot's next reply."""
        self.skip_pending()
        await self.send(text)
        return await self.next_reply(timeout)

    async def press(self, label: str | int, *, message_id: int | None = None) -> str:
        """Press an inline button (label prefix or 1-based index); return the query id."""
        return self._press_as(self.info, label, message_id)

    async def press_data(self, data: str, *, message_id: int | None = None) -> str:
        """Send a callback query with arbitrary (even forged) data; return the query id."""
        return self._callback(self.info, data, message_id)

    async def share_contact(self, phone_number: str = "+84912345678") -> int:
        """Share the user's own contact, as the request_contact keyboard button does."""
        contact = {"phone_number": phone_number, "first_name": self.first_name,
                   "user_id": self.id}
        if "last_name" in self.info:
            contact["last_name"] = self.info["last_name"]
        return self._post({"contact": contact}, f"<contact {phone_number}>")

    async def send_sticker(self, emoji: str = "👍") -> int:
        """Send a regular sticker."""
        stored = self._state.store_file(b"RIFF-sticker", "sticker.webp", "image/webp")
        sticker = {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
                   "type": "regular", "width": 512, "height": 512, "is_animated": False,
                   "is_video": False, "emoji": emoji}
        return self._post({"sticker": sticker}, f"<sticker {emoji}>")

    async def send_photo(self, data: bytes = TINY_PNG, caption: str | None = None) -> int:
        """Send a photo (a 1×1 PNG unless bytes are given)."""
        stored = self._state.store_file(data, "photo.jpg", "image/jpeg")
        content: dict[str, Any] = {"photo": photo_sizes(stored)}
        if caption:
            content["caption"] = caption
        return self._post(content, "<photo>")

    async def send_document(self, data: bytes, filename: str = "file.pdf") -> int:
        """Send a document."""
        stored = self._state.store_file(data, filename, "application/octet-stream")
        document = {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
                    "file_name": filename, "file_size": len(data)}
        return self._post({"document": document}, f"<document {filename}>")

    async def send_location(self, latitude: float, longitude: float) -> int:
        """Send a location pin."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._post({"location": location}, f"<location {latitude},{longitude}>")

    def block(self) -> None:
        """Block the bot: sends get 403 and the bot receives a my_chat_member update."""
        if not self._chat.blocked:
            self._chat.blocked = True
            self._member_update("member", "kicked")

    def unblock(self) -> None:
        """Unblock (restart) the bot."""
        if self._chat.blocked:
            self._chat.blocked = False
            self._member_update("kicked", "member")

    def deactivate(self) -> None:
        """Delete the account: sends get 403 `user is deactivated`."""
        self._chat.deactivated = True

    def _member_update(self, old: str, new: str) -> None:
        self._state.updates.push("my_chat_member", {
            "chat": self._chat.chat, "from": self.info, "date": now(),
            "old_chat_member": self._member(old), "new_chat_member": self._member(new),
        })

    def _member(self, status: str) -> dict[str, Any]:
        member: dict[str, Any] = {"status": status, "user": self._state.bot_user()}
        if status == "kicked":
            member["until_date"] = 0
        return member


class SimGroup(ChatView):
    """A supergroup with the bot in it; any SimUser can talk there."""

    async def send(self, user: SimUser, text: str) -> int:
        """`user` writes `text` in the group; return the message id."""
        self._last_sent = text
        return post_message(self._state, self._chat, user.info, _text_content(text))

    async def press(self, user: SimUser, label: str | int, *,
                    message_id: int | None = None) -> str:
        """`user` presses an inline button on a bot message in the group."""
        return self._press_as(user.info, label, message_id)

    async def ask(self, user: SimUser, text: str, timeout: float = 2.0) -> BotMessage:
        """Skip unread replies, send as `user`, and return the bot's next reply."""
        self.skip_pending()
        await self.send(user, text)
        return await self.next_reply(timeout)
