"""Validation of `reply_markup` the way Telegram does it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import (
    BUTTON_DATA_INVALID,
    BUTTON_URL_INVALID,
    MARKUP_INVALID,
    TEXT_BUTTON_IN_INLINE,
    ApiError,
)
from .models import Button

_ACTION_FIELDS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)
T = TypeVar("T")


@dataclass
class Markup:
    """A parsed reply_markup of any of the four kinds."""

    inline_keyboard: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[str]] | None = None
    removed: bool = False
    force_reply: bool = False

    def inline_json(self) -> dict[str, Any] | None:
        """The markup Telegram echoes back in a Message (inline keyboards only)."""
        if not self.inline_keyboard:
            return None
        rows = [[b.to_json() for b in row] for row in self.inline_keyboard]
        return {"inline_keyboard": rows}


def parse_markup(raw: Any) -> Markup:
    """Validate a decoded reply_markup object; raise ApiError like Telegram."""
    if raw is None:
        return Markup()
    if not isinstance(raw, dict):
        raise ApiError(400, MARKUP_INVALID)
    if "inline_keyboard" in raw:
        return Markup(inline_keyboard=_rows(raw["inline_keyboard"], _inline_button))
    if "keyboard" in raw:
        return Markup(reply_keyboard=_rows(raw["keyboard"], _reply_button))
    if raw.get("remove_keyboard"):
        return Markup(removed=True)
    if raw.get("force_reply"):
        return Markup(force_reply=True)
    raise ApiError(400, MARKUP_INVALID)


def _rows(raw: Any, parse_button: Callable[[Any], T]) -> list[list[T]]:
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise ApiError(400, MARKUP_INVALID)
    return [[parse_button(button) for button in row] for row in raw]


def _inline_button(raw: Any) -> Button:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise ApiError(400, MARKUP_INVALID)
    if not any(key in raw for key in _ACTION_FIELDS):
        raise ApiError(400, TEXT_BUTTON_IN_INLINE)
    data = raw.get("callback_data")
    if data is not None and (not isinstance(data, str) or not 1 <= len(data.encode()) <= 64):
        raise ApiError(400, BUTTON_DATA_INVALID)
    return Button(raw["text"], data, raw.get("url"), _web_app_url(raw.get("web_app")))


def _web_app_url(raw: Any) -> str | None:
    """Telegram opens Mini Apps only over https."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not str(raw.get("url", "")).startswith("https://"):
        raise ApiError(400, BUTTON_URL_INVALID)
    return str(raw["url"])


def _reply_button(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, dict) and isinstance(raw.get("text"), str):
        return raw["text"]
    raise ApiError(400, MARKUP_INVALID)
