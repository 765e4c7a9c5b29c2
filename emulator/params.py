"""Decode Bot API request parameters from query, JSON, urlencoded or multipart bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .errors import MARKUP_INVALID, ApiError, bad_request

INT_FIELDS = frozenset({
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_to_message_id",
    "cache_time", "user_id", "from_chat_id", "message_thread_id", "max_connections",
})
BOOL_FIELDS = frozenset({
    "show_alert", "disable_notification", "protect_content", "disable_web_page_preview",
    "drop_pending_updates", "allow_sending_without_reply", "has_spoiler",
    "disable_content_type_detection", "show_caption_above_media", "allow_paid_broadcast",
})
JSON_FIELDS = frozenset({
    "reply_markup", "allowed_updates", "commands", "scope", "link_preview_options",
    "reply_parameters", "entities", "caption_entities", "media",
})


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str
    data: bytes


async def read_request(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Collect parameters (typed) and uploaded files from any supported encoding."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            raw.update(await _json_body(request))
        elif request.content_type == "multipart/form-data":
            fields, files = split_multipart(await request.read(), request.headers["Content-Type"])
            raw.update(fields)
        else:
            raw.update({key: str(value) for key, value in (await request.post()).items()})
    return normalize(raw), files


def split_multipart(body: bytes, content_type: str
                    ) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Fields and files of a multipart/form-data body, split on its boundary (RFC 7578).

    The whole body is in hand, so each part ends exactly before `CRLF--boundary`; aiohttp's
    streaming reader, fed the same body in other chunks under load, now and then kept bytes
    of the delimiter in a file.
    """
    boundary = _param(content_type, "boundary").encode()
    fields: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for part in (b"\r\n" + body).split(b"\r\n--" + boundary)[1:]:
        if part.startswith(b"--"):
            break  # the closing delimiter
        head, _, data = part.partition(b"\r\n\r\n")
        headers = _headers(head.decode("utf-8", "replace"))
        disposition = headers.get("content-disposition", "")
        name, filename = _param(disposition, "name"), _param(disposition, "filename") or None
        if filename is None and "content-type" not in headers:
            fields[name] = data.decode("utf-8")
        else:
            kind = headers.get("content-type", "application/octet-stream")
            files[name] = UploadedFile(filename, kind, data)
    return fields, files


def _headers(head: str) -> dict[str, str]:
    lines = [line for line in head.split("\r\n") if ":" in line]
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}


def _param(header: str, key: str) -> str:
    """A parameter of a header value (`name="document"` → document)."""
    for item in header.split(";")[1:]:
        name, _, value = item.strip().partition("=")
        if name.lower() == key:
            return value.strip().strip('"')
    return ""


async def _json_body(request: web.Request) -> dict[str, Any]:
    body = await request.read()
    if not body.strip():
        return {}
    try:
        decoded = json.loads(body)
    except ValueError as exc:
        raise bad_request("can't parse JSON encoded request body") from exc
    if not isinstance(decoded, dict):
        raise bad_request("can't parse JSON encoded request body")
    return decoded


def normalize(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Turn form strings into the JSON types Telegram would accept them as."""
    return {key: _coerce(key, value) for key, value in raw.items()}


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    if key in BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    if key in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError as exc:
            if key == "reply_markup":
                raise ApiError(400, MARKUP_INVALID) from exc
            raise bad_request(f"can't parse {key} JSON object") from exc
    return value


def redact(params: Mapping[str, Any], files: Mapping[str, UploadedFile]) -> dict[str, Any]:
    """Parameters for the call log, with uploads summarised instead of their bytes."""
    logged = dict(params)
    for key, upload in files.items():
        logged[key] = f"<upload {upload.filename or key}, {len(upload.data)} bytes>"
    return logged
