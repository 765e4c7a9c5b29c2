"""Turning chat events into terminal text (ANSI styling only for a TTY)."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from .models import BotMessage, ChatEvent

_ANSI = {
    "bold": ("\x1b[1m", "\x1b[22m"), "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"), "strikethrough": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"), "pre": ("\x1b[36m", "\x1b[39m"),
    "spoiler": ("\x1b[2m", "\x1b[22m"), "text_link": ("\x1b[4m", "\x1b[24m"),
}


def _utf16_index(text: str) -> list[int]:
    """Map every UTF-16 offset (and the end) to a Python string index."""
    index: list[int] = []
    for i, ch in enumerate(text):
        index.extend([i, i] if ord(ch) > 0xFFFF else [i])
    index.append(len(text))
    return index


def _decoration(entity: dict[str, Any], tty: bool) -> tuple[str, str]:
    start, end = _ANSI.get(entity["type"], ("", "")) if tty else ("", "")
    if entity["type"] == "text_link":
        end += f" ({entity.get('url', '')})"
    return start, end


def styled_text(text: str, entities: list[dict[str, Any]], tty: bool) -> str:
    """Plain text with entities as ANSI styles (TTY) and links as `text (url)`."""
    index = _utf16_index(text)
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for entity in entities:
        first = entity["offset"]
        last = min(first + entity["length"], len(index) - 1)
        if first >= len(index):
            continue
        start, end = _decoration(entity, tty)
        opens[index[first]].append(start)
        closes[index[last]].insert(0, end)
    parts: list[str] = []
    for i in range(len(text) + 1):
        parts.extend(closes.get(i, ()))
        parts.extend(opens.get(i, ()))
        if i < len(text):
            parts.append(text[i])
    return "".join(parts)


def _kb(size: int) -> int:
    return max(1, math.ceil(size / 1024))


def _attachment(message: BotMessage) -> str | None:
    if message.kind == "photo":
        return f"[🖼 ảnh, {_kb(len(message.photo_bytes or b''))} KB]"
    if message.kind == "document":
        name = message.document_name or "tệp"
        return f"[📄 {name}, {_kb(len(message.document_bytes or b''))} KB]"
    return None


def _keyboards(message: BotMessage) -> list[str]:
    lines: list[str] = []
    number = 0
    for row in message.inline_keyboard:
        cells = []
        for button in row:
            number += 1
            link = f" ↗ {button.url}" if button.callback_data is None and button.url else ""
            cells.append(f"[{number}] {button.text}{link}")
        lines.append("  ".join(cells))
    for reply_row in message.reply_keyboard or []:
        lines.append("⌨ " + " | ".join(reply_row))
    if message.reply_keyboard_removed:
        lines.append("⌨ (đã ẩn bàn phím)")
    return lines


def render_message(message: BotMessage, header: str, tty: bool) -> str:
    """A printable block: header, attachment, text and keyboards, after a blank line."""
    lines = [f"\x1b[1;36m{header}\x1b[0m" if tty else header]
    attachment = _attachment(message)
    if attachment:
        lines.append(attachment)
    if message.text:
        lines.extend(styled_text(message.text, message.entities, tty).splitlines())
    body = ["  " + line for line in lines[1:] + _keyboards(message)]
    return "\n" + "\n".join([lines[0], *body]) + "\n"


def render_event(event: ChatEvent, bot_name: str, tty: bool) -> str:
    """Printable text for any chat event."""
    if event.kind == "answer":
        text = (event.answer or {}).get("text")
        return f"ⓘ {text}\n" if text else ""
    if event.kind == "delete":
        return f"🗑 (đã xóa tin #{event.message_id})\n"
    assert event.message is not None
    if event.kind == "edit":
        return render_message(event.message, f"✎ (sửa tin #{event.message.message_id})", tty)
    return render_message(event.message, f"🤖 {bot_name}:", tty)
