"""Telegram's HTML parse mode: plain text plus UTF-16 entities, or Telegram-like errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

from .errors import PARSE_PREFIX, ApiError

ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NUMERIC = re.compile(r"#(x[0-9a-fA-F]+|[0-9]+);?")
_NAMED = re.compile(r"([a-zA-Z]+);?")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass
class ParsedText:
    """Plain text and its Bot API `MessageEntity` dicts."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    offset: int
    argument: str | None = None
    expandable: bool = False
    language: str | None = None


def parse_html(source: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram HTML; raise ApiError 400 `can't parse entities: ...` on bad markup."""
    return _HtmlParser(source, strict_ampersand).run()


def strip_parsed(parsed: ParsedText) -> ParsedText:
    """Trim surrounding whitespace like Telegram, shifting and clipping entities."""
    text = parsed.text.strip()
    lead = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip())])
    size = utf16_len(text)
    entities = []
    for ent in parsed.entities:
        start = max(ent["offset"] - lead, 0)
        end = min(ent["offset"] + ent["length"] - lead, size)
        if end > start:
            entities.append({**ent, "offset": start, "length": end - start})
    return ParsedText(text, entities)


class _HtmlParser:
    """A port of the shape of tdlib's `parse_html`, with its error messages."""

    def __init__(self, source: str, strict_ampersand: bool) -> None:
        self.src = source
        self.strict = strict_ampersand
        self.out: list[str] = []
        self.pos16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def run(self) -> ParsedText:
        """Walk the source once, emitting text and entities."""
        i, n = 0, len(self.src)
        while i < n:
            ch = self.src[i]
            if ch == "&":
                i = self._entity(i)
            elif ch == "<":
                i = self._end_tag(i) if self.src.startswith("</", i) else self._start_tag(i)
            else:
                self._emit(ch)
                i += 1
        if self.stack:
            self._fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities)

    def _emit(self, ch: str) -> None:
        self.out.append(ch)
        self.pos16 += 2 if ord(ch) > 0xFFFF else 1

    def _fail(self, detail: str) -> NoReturn:
        raise ApiError(400, PARSE_PREFIX + detail)

    def _byte(self, i: int) -> int:
        return len(self.src[:i].encode("utf-8"))

    def _decode_entity(self, i: int) -> tuple[str, int] | None:
        """Decode an HTML entity at `src[i] == "&"`; return (char, next index) or None."""
        if match := _NUMERIC.match(self.src, i + 1):
            body = match.group(1)
            code = int(body[1:], 16) if body[0] == "x" else int(body)
            if 0 < code < 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code), match.end()
            return None
        match = _NAMED.match(self.src, i + 1)
        if match and match.group(1) in NAMED_ENTITIES:
            return NAMED_ENTITIES[match.group(1)], match.end()
        return None

    def _entity(self, i: int) -> int:
        decoded = self._decode_entity(i)
        if decoded is None:
            if self.strict:
                self._fail(
                    f'Character "&" at byte offset {self._byte(i)} is not a valid HTML entity;'
                    ' escape it as "&amp;"'
                )
            self._emit("&")
            return i + 1
        self._emit(decoded[0])
        return decoded[1]

    def _skip_spaces(self, i: int) -> int:
        while i < len(self.src) and self.src[i].isspace():
            i += 1
        return i

    def _start_tag(self, begin: int) -> int:
        i = begin + 1
        while i < len(self.src) and not self.src[i].isspace() and self.src[i] != ">":
            i += 1
        if i >= len(self.src):
            self._fail(f"Unclosed start tag at byte offset {self._byte(begin)}")
        tag = self.src[begin + 1 : i].lower()
        if tag not in ENTITY_TYPES:
            self._fail(f'Unsupported start tag "{tag}" at byte offset {self._byte(begin)}')
        opened = _Open(tag, self.pos16)
        i = self._attributes(i, opened, begin)
        if tag == "span" and opened.argument != "tg-spoiler":
            self._fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte(begin)}'
            )
        self.stack.append(opened)
        return i + 1

    def _attributes(self, i: int, opened: _Open, begin: int) -> int:
        """Parse attributes up to `>`; return the index of `>`."""
        while True:
            i = self._skip_spaces(i)
            if i >= len(self.src):
                self._fail(f"Unclosed start tag at byte offset {self._byte(begin)}")
            if self.src[i] == ">":
                return i
            i = self._attribute(i, opened, begin)

    def _attribute(self, i: int, opened: _Open, begin: int) -> int:
        start = i
        while i < len(self.src) and self.src[i] not in "=>" and not self.src[i].isspace():
            i += 1
        name = self.src[start:i].lower()
        if not name:
            self._fail(f'Empty attribute name in the tag "{opened.tag}" at byte offset '
                       f"{self._byte(begin)}")
        i = self._skip_spaces(i)
        if (i >= len(self.src) or self.src[i] != "=") and opened.tag == "blockquote":
            opened.expandable = opened.expandable or name == "expandable"
            return i
        if i >= len(self.src) or self.src[i] != "=":
            self._fail(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{opened.tag}" at byte offset {self._byte(begin)}'
            )
        value, i = self._attribute_value(self._skip_spaces(i + 1), begin)
        self._apply_attribute(opened, name, value)
        return i

    def _attribute_value(self, i: int, begin: int) -> tuple[str, int]:
        if i >= len(self.src):
            self._fail(f"Unclosed start tag at byte offset {self._byte(begin)}")
        quote = self.src[i]
        if quote not in "'\"":
            start = i
            while i < len(self.src) and not self.src[i].isspace() and self.src[i] != ">":
                i += 1
            return self.src[start:i], i
        end = self.src.find(quote, i + 1)
        if end < 0:
            self._fail(f"Unclosed start tag at byte offset {self._byte(begin)}")
        return _unescape(self.src[i + 1 : end]), end + 1

    @staticmethod
    def _apply_attribute(opened: _Open, name: str, value: str) -> None:
        wanted = {"a": "href", "span": "class", "tg-emoji": "emoji-id", "code": "class"}
        if wanted.get(opened.tag) != name:
            return
        if opened.tag == "code":
            if value.startswith("language-"):
                opened.language = value.removeprefix("language-")
            return
        opened.argument = value

    def _end_tag(self, begin: int) -> int:
        if not self.stack:
            self._fail(f"Unexpected end tag at byte offset {self._byte(begin)}")
        i = begin + 2
        while i < len(self.src) and not self.src[i].isspace() and self.src[i] != ">":
            i += 1
        name = self.src[begin + 2 : i].lower()
        i = self._skip_spaces(i)
        if i >= len(self.src) or self.src[i] != ">":
            self._fail(f"Unclosed end tag at byte offset {self._byte(begin)}")
        top = self.stack[-1]
        if name and name != top.tag:
            self._fail(
                f'Unmatched end tag at byte offset {self._byte(begin)}, expected "</{top.tag}>",'
                f' found "</{name}>"'
            )
        self._close(self.stack.pop())
        return i + 1

    def _close(self, opened: _Open) -> None:
        length = self.pos16 - opened.offset
        parent = self.stack[-1] if self.stack else None
        if opened.tag == "code" and parent is not None and parent.tag == "pre":
            parent.language = parent.language or opened.language
            return
        entity = _make_entity(opened, length)
        if entity is not None:
            self.entities.append(entity)


def _make_entity(opened: _Open, length: int) -> dict[str, Any] | None:
    """Turn a closed tag into a MessageEntity dict, or None when Telegram would drop it."""
    kind = ENTITY_TYPES[opened.tag]
    if length <= 0 or (kind in ("text_link", "custom_emoji") and not opened.argument):
        return None
    entity: dict[str, Any] = {"type": kind, "offset": opened.offset, "length": length}
    if kind == "text_link":
        entity["url"] = opened.argument
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = opened.argument
    elif kind == "pre" and opened.language:
        entity["language"] = opened.language
    elif kind == "blockquote" and opened.expandable:
        entity["type"] = "expandable_blockquote"
    return entity


def _unescape(value: str) -> str:
    """Decode the four named entities and numeric ones inside an attribute value."""
    def repl(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith("#"):
            code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
            return chr(code) if 0 < code < 0x10FFFF else match.group(0)
        return NAMED_ENTITIES.get(body, match.group(0))

    return re.sub(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?", repl, value)
