"""The desk's announcement composer: what its form holds, the audience it names (bounded by
the sender's scope exactly as the chat's composer bounds it), and an uploaded photo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web
from telegram import InputFile
from telegram.error import TelegramError

from announcements import TEXT_LIMIT, AnnouncementDenied, Audience, allowed_audience, check_content
from core.i18n import N_, Translator
from core.text import clean
from desk.access import Staff
from desk.web import application, services
from handlers.announcements import KINDS
from handlers.trainings.announce import training_choices
from knowledge import places
from storage.announcements import Announcement, AudienceKind

KIND_CODES = tuple(str(kind) for kind in KINDS)
IMAGE_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
NOT_A_PHOTO = N_("This file is not a photo: choose a JPEG, PNG or WebP picture.")
PHOTO_REFUSED = N_("Telegram did not accept this photo. Please choose another one.")


class PhotoRefused(Exception):
    """An uploaded file that cannot be an announcement's photo; its message is a msgid."""


@dataclass(frozen=True, slots=True)
class Composed:
    """What the compose form holds: the text and the audience's codes (no check yet)."""

    text: str = ""
    kind: str = AudienceKind.EVERYONE
    province: int | None = None
    commune: int | None = None
    training: int | None = None
    photo: str | None = None  # the draft's photo (a Telegram file id), when editing one

    @classmethod
    def of(cls, fields: Mapping[str, Any]) -> Composed:
        """Read a form or query string; ValueError for a code that is not a number."""
        return cls(clean(str(fields.get("text", ""))), str(fields.get("kind", "")),
                   _code(fields, "province"), _code(fields, "commune"), _code(fields, "training"))

    @classmethod
    def of_draft(cls, draft: Announcement) -> Composed:
        audience = draft.audience or Audience()
        return cls(draft.text, audience.kind, audience.province_code, audience.commune_code,
                   audience.training_id, draft.photo)

    def audience(self) -> Audience:
        """The audience named, its places checked against the official list (ValueError)."""
        if self.kind not in KIND_CODES:
            raise ValueError(f"Unknown audience kind {self.kind!r}")
        if self.province is not None and places.province(self.province) is None:
            raise ValueError(f"Unknown province {self.province}")
        if self.commune is not None and (self.province is None or places.commune(
                self.province, self.commune) is None):
            raise ValueError(f"Unknown commune {self.commune}")
        training = self.training if self.kind == AudienceKind.TRAINING else None
        return Audience(self.kind, self.province, self.commune, training)


def _code(fields: Mapping[str, Any], name: str) -> int | None:
    value = str(fields.get(name, "")).strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(f"{name} is not a code: {value!r}")
    return int(value)


async def allowed(request: web.Request, staff: Staff, composed: Composed) -> Audience:
    """The audience bounded by the sender's scope, through the announcements package's own
    check; AnnouncementDenied outside it (a training they may not address too). An officer's
    province goes without saying: as in the chat, they only ever choose a commune of it."""
    if composed.province is None and composed.commune is not None and staff.scope is not None:
        composed = replace(composed, province=staff.scope.province_code)
    audience = composed.audience()
    repo = services(request).repo
    if audience.training_id is not None:
        choices = dict(await training_choices(repo, staff.scope))
        if audience.training_id not in choices:
            raise AnnouncementDenied(f"Training {audience.training_id} is not {staff.user_id}'s")
    return await allowed_audience(repo, staff.user_id, audience)


def content_error(t: Translator, text: str, photo: object | None) -> str | None:
    """What is wrong with the content (the chat's words), or None if it may be sent."""
    try:
        check_content(text, None if photo is None else "photo")
    except ValueError:
        if len(text) > TEXT_LIMIT:
            return t("That text has {n} characters; an announcement can have at most {limit}. "
                     "Please shorten it.", n=len(text), limit=TEXT_LIMIT)
        return t("Type a text or choose a photo.")
    return None


def upload_of(fields: Mapping[str, Any]) -> web.FileField | None:
    """The photo field of a form, if a file was chosen."""
    field = fields.get("photo")
    return field if isinstance(field, web.FileField) and field.filename else None


async def keep_photo(request: web.Request, staff: Staff, upload: web.FileField) -> str:
    """Send an uploaded photo to the sender's own chat, so that Telegram keeps it; return its
    file id. (Telegram sends one photo to many only by file id or by a public address.)"""
    data = upload.file.read()
    if image_type(data) is None:
        raise PhotoRefused(NOT_A_PHOTO)
    t = services(request).i18n.get(staff.locale)
    try:
        message = await application(request).bot.send_photo(
            staff.user_id, InputFile(data, filename=upload.filename),
            caption=t("🖼 The photo of your announcement, as chosen on the desk."))
    except TelegramError as exc:
        raise PhotoRefused(PHOTO_REFUSED) from exc
    if not message.photo:
        raise PhotoRefused(PHOTO_REFUSED)
    return message.photo[-1].file_id


def image_type(data: bytes) -> str | None:
    """The content type of a JPEG, PNG or WebP picture, from its first bytes."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in IMAGE_TYPES.items() if data.startswith(magic)), None)
