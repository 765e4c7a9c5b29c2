"""Creating simulated users and groups on an emulator."""

from __future__ import annotations

import itertools

from .chats import ChatState
from .sim import SimGroup, SimUser
from .state import EmulatorState

FIRST_USER_ID = 100_000_001
FIRST_GROUP_ID = -1_001_000_000_001


class SimRegistry:
    """The `user()` / `group()` factories and their registries."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.users: dict[int, SimUser] = {}
        self.groups: dict[int, SimGroup] = {}
        self._user_ids = itertools.count(FIRST_USER_ID)
        self._group_ids = itertools.count(-FIRST_GROUP_ID)

    def user(self, user_id: int | None = None, first_name: str = "Nguyễn Văn An",
             last_name: str | None = None, username: str | None = None,
             language_code: str | None = "vi") -> SimUser:
        """A simulated user with a private chat (chat id == user id); same id → same user."""
        if user_id is None:
            user_id = self._free_id(self._user_ids, 1)
        if user_id in self.users:
            return self.users[user_id]
        info = {"id": user_id, "is_bot": False, "first_name": first_name}
        optional = {"last_name": last_name, "username": username, "language_code": language_code}
        info.update({key: value for key, value in optional.items() if value is not None})
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        chat.update({k: v for k, v in optional.items() if v is not None and k != "language_code"})
        state = self.state.add_chat(ChatState(chat, user=info))
        sim = self.users[user_id] = SimUser(self.state, state, info)
        return sim

    def group(self, chat_id: int | None = None, title: str = "Nhóm HTX") -> SimGroup:
        """A simulated supergroup (negative id) the bot is a member of."""
        if chat_id is None:
            chat_id = self._free_id(self._group_ids, -1)
        if chat_id in self.groups:
            return self.groups[chat_id]
        state = self.state.add_chat(ChatState({"id": chat_id, "type": "supergroup",
                                               "title": title}))
        sim = self.groups[chat_id] = SimGroup(self.state, state)
        return sim

    def _free_id(self, counter: itertools.count[int], sign: int) -> int:
        while True:
            candidate = sign * next(counter)
            if self.state.chats.find(candidate) is None:
                return candidate
