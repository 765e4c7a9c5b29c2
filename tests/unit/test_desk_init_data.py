"""Mini App init data, checked as Telegram documents it."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from desk.init_data import verified_user

TOKEN = "123456:TEST-TOKEN-for-the-emulator"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def telegram_signed(fields: dict[str, str], token: str = TOKEN) -> str:
    """Init data signed by an independent spelling of Telegram's documented algorithm."""
    lines = sorted(f"{k}={v}" for k, v in fields.items())
    secret = hmac.new(key=b"WebAppData", msg=token.encode(), digestmod=hashlib.sha256).digest()
    digest = hmac.new(secret, "\n".join(lines).encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def fields(age: timedelta = timedelta(0), user_id: int = 42) -> dict[str, str]:
    user = {"id": user_id, "first_name": "Lan", "language_code": "vi"}
    return {"query_id": "AAHdF6IQ", "auth_date": str(int((NOW - age).timestamp())),
            "user": json.dumps(user, ensure_ascii=False), "signature": "abc"}


def test_genuine_init_data_names_the_user() -> None:
    user = verified_user(telegram_signed(fields()), TOKEN, NOW)
    assert user is not None and (user.id, user.first_name, user.language_code) == (42, "Lan", "vi")


def test_init_data_up_to_24_hours_old_is_accepted_and_older_refused() -> None:
    assert verified_user(telegram_signed(fields(timedelta(hours=23, minutes=59))), TOKEN, NOW)
    assert verified_user(telegram_signed(fields(timedelta(hours=24, seconds=1))), TOKEN,
                         NOW) is None


def test_init_data_from_the_future_is_refused() -> None:
    assert verified_user(telegram_signed(fields(-timedelta(hours=1))), TOKEN, NOW) is None


def test_another_bots_init_data_is_refused() -> None:
    assert verified_user(telegram_signed(fields(), "654321:OTHER-BOT-TOKEN-xxxxxxxxxx"),
                         TOKEN, NOW) is None


def test_any_changed_field_breaks_the_hash() -> None:
    genuine = dict(parse_qsl(telegram_signed(fields())))
    for key in ("user", "auth_date", "query_id", "signature"):
        changed = {**genuine, key: genuine[key] + "1"}
        assert verified_user(urlencode(changed), TOKEN, NOW) is None, key


def test_malformed_init_data_is_refused() -> None:
    no_user = {k: v for k, v in fields().items() if k != "user"}
    bad_user = {**fields(), "user": "{not json"}
    for raw in ("", "hash=", "a=b", "%%%", telegram_signed(no_user),
                telegram_signed(bad_user)):
        assert verified_user(raw, TOKEN, NOW) is None, raw
