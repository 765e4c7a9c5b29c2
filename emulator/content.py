"""Text and caption checks shared by send and edit methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import CAPTION_TOO_LONG, TEXT_EMPTY, TEXT_TOO_LONG, ApiError, bad_request
from .htmlparse import ParsedText, parse_html, strip_parsed, utf16_len

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_PARSE_MODES = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2"}


@dataclass
class Content:
    """Validated message text: plain text, entities, and the source as sent."""

    text: str = ""
    source: str = ""
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)


def text_content(params: dict[str, Any], strict_ampersand: bool) -> Content:
    """Validate sendMessage/editMessageText `text` the way Telegram does."""
    content = _parse(params.get("text"), params, "entities", strict_ampersand)
    if not content.text:
        raise ApiError(400, TEXT_EMPTY)
    if utf16_len(content.text) > TEXT_LIMIT:
        raise ApiError(400, TEXT_TOO_LONG)
    return content


def caption_content(params: dict[str, Any], strict_ampersand: bool) -> Content:
    """Validate an optional media caption."""
    content = _parse(params.get("caption"), params, "caption_entities", strict_ampersand)
    if utf16_len(content.text) > CAPTION_LIMIT:
        raise ApiError(400, CAPTION_TOO_LONG)
    return content


def _parse(raw: Any, params: dict[str, Any], entities_key: str, strict: bool) -> Content:
    source = "" if raw is None else str(raw)
    mode_raw = params.get("parse_mode") or None
    mode = None if mode_raw is None else _PARSE_MODES.get(str(mode_raw).lower())
    if mode_raw is not None and mode is None:
        raise bad_request("unsupported parse_mode")
    if mode == "HTML":
        parsed = parse_html(source, strict_ampersand=strict)
    else:
        # Markdown modes are not parsed: the text is kept as sent.
        entities = params.get(entities_key)
        parsed = ParsedText(source, list(entities) if isinstance(entities, list) else [])
    parsed = strip_parsed(parsed)
    return Content(parsed.text, source, mode, parsed.entities)
