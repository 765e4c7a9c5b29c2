"""Telegram Mini App init data: checked exactly as Telegram documents it.

https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app:
the data-check-string is every field but `hash`, as `key=value`, sorted by key and joined by
newlines; the secret key is HMAC-SHA256 of the bot token keyed by "WebAppData"; the hash is the
hex HMAC-SHA256 of the data-check-string under that key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode

MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True, slots=True)
class MiniAppUser:
    id: int
    first_name: str
    language_code: str | None


def expected_hash(fields: dict[str, str], bot_token: str) -> str:
    """The hash Telegram would give these fields (signed by `bot_token`)."""
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def verified_user(raw: str, bot_token: str, now: datetime | None = None) -> MiniAppUser | None:
    """The user of genuine init data signed for this bot within 24 hours, else None."""
    try:
        fields = dict(parse_qsl(raw, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    given = fields.get("hash", "")
    if not hmac.compare_digest(given.encode(), expected_hash(fields, bot_token).encode()):
        return None
    if not _fresh(fields.get("auth_date", ""), now or datetime.now(UTC)):
        return None
    return _user(fields.get("user", ""))


def _fresh(auth_date: str, now: datetime) -> bool:
    if not auth_date.isdigit():
        return False
    age = now.timestamp() - int(auth_date)
    return -300 <= age <= MAX_AGE_SECONDS  # a few minutes of clock skew, never the future


def _user(raw: str) -> MiniAppUser | None:
    try:
        user = json.loads(raw)
        return MiniAppUser(int(user["id"]), str(user.get("first_name", "")),
                           user.get("language_code"))
    except (ValueError, KeyError, TypeError):
        return None


def sign(fields: dict[str, str], bot_token: str) -> str:
    """Init data as Telegram would send it (for tests and the demo's Mini App link)."""
    return urlencode({**fields, "hash": expected_hash(fields, bot_token)})
