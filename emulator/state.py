"""Everything the emulated Bot API server remembers, shared by methods and simulated users."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from .chats import ChatRegistry, ChatState
from .errors import QUERY_INVALID, ApiError
from .models import ChatEvent
from .params import UploadedFile
from .updates import UpdateQueue
from .webhook import Webhook


@dataclass(frozen=True)
class StoredFile:
    """A file the server holds (uploaded by the bot or sent by a user)."""

    file_id: str
    unique_id: str
    data: bytes
    filename: str | None = None
    mime_type: str | None = None

    @property
    def path(self) -> str:
        """The file_path getFile returns and the file endpoint serves."""
        return f"files/{self.unique_id}"


@dataclass
class CallbackQueryRecord:
    """A pressed button waiting for answerCallbackQuery."""

    chat_id: int
    created: float
    answer: asyncio.Future[dict[str, Any]]


@dataclass
class EmulatorState:
    """Bot identity, chats, updates, files, callback queries and stored settings."""

    token: str
    bot_username: str
    bot_first_name: str = "OCOP Demo"
    strict_ampersand: bool = True
    callback_ttl: float = 60.0
    chats: ChatRegistry = field(default_factory=ChatRegistry)
    updates: UpdateQueue = field(default_factory=UpdateQueue)
    files: dict[str, StoredFile] = field(default_factory=dict)
    files_by_path: dict[str, StoredFile] = field(default_factory=dict)
    callbacks: dict[str, CallbackQueryRecord] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    webhook: Webhook = field(init=False)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.webhook = Webhook(self.updates)

    @property
    def bot_id(self) -> int:
        """The bot's user id: the numeric part of the token, as on Telegram."""
        head = self.token.split(":", 1)[0]
        return int(head) if head.isdigit() else 1

    def bot_user(self) -> dict[str, Any]:
        """The bot as a Bot API `User`."""
        return {
            "id": self.bot_id, "is_bot": True, "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def next_id(self) -> int:
        """A process-unique counter for file and query ids."""
        return next(self._ids)

    def store_file(self, data: bytes, filename: str | None, mime: str | None) -> StoredFile:
        """Keep uploaded bytes and hand out a file_id for them."""
        serial = self.next_id()
        stored = StoredFile(f"EMU-FILE-{serial:08d}", f"emu{serial:08d}", data, filename, mime)
        self.files[stored.file_id] = stored
        self.files_by_path[stored.path] = stored
        return stored

    def resolve_upload(self, value: Any, upload: UploadedFile | None) -> StoredFile:
        """The file a send call refers to: an upload, an attach:// part, or a known file_id."""
        if upload is not None:
            return self.store_file(upload.data, upload.filename, upload.content_type)
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        # A URL or unknown file_id: Telegram would fetch it; we keep only the reference.
        name = value.rsplit("/", 1)[-1] if isinstance(value, str) else None
        return self.store_file(b"", name, None)

    def new_callback(self, chat_id: int) -> str:
        """Register a callback query and return its id."""
        query_id = f"{self.bot_id}{self.next_id():012d}"
        future = asyncio.get_running_loop().create_future()
        self.callbacks[query_id] = CallbackQueryRecord(chat_id, time.monotonic(), future)
        return query_id

    def answer_callback(self, query_id: str, answer: dict[str, Any]) -> None:
        """Record answerCallbackQuery; each query can be answered once, before it expires."""
        record = self.callbacks.get(query_id)
        expired = record is None or time.monotonic() - record.created > self.callback_ttl
        if record is None or expired or record.answer.done():
            raise ApiError(400, QUERY_INVALID)
        record.answer.set_result(answer)
        chat = self.chats.find(record.chat_id)
        if chat is not None:
            chat.publish(ChatEvent("answer", answer=answer))

    def add_chat(self, state: ChatState) -> ChatState:
        """Register a chat the bot can talk to."""
        return self.chats.add(state)
