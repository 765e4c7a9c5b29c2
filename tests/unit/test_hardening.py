"""Hardening: logs without secrets or payloads, the webhook secret, group-chat tables, mutes."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from core.config import ConfigError, load_settings
from core.logs import PAYLOAD_LOGGERS, configure_logging
from core.webhook import secret_matches

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "hook-secret_0123456789"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """configure_logging on a fresh root, its output captured; the root restored afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in PAYLOAD_LOGGERS}
    stream = io.StringIO()
    root.handlers = [logging.StreamHandler(stream)]
    try:
        yield stream
    finally:
        root.handlers, root.level = saved[0], saved[1]
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _configure(level: str, stream: io.StringIO) -> None:
    configure_logging(level, [TOKEN, SECRET])
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(stream)


def test_exception_texts_are_redacted(captured: io.StringIO) -> None:
    _configure("INFO", captured)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected; secret {SECRET}")
    except RuntimeError:
        logging.getLogger("ocop.test").exception("failed with %s", SECRET)
    text = captured.getvalue()
    assert "RuntimeError" in text and "<redacted>" in text
    assert TOKEN not in text and SECRET not in text


def test_debug_level_keeps_telegram_payloads_out(captured: io.StringIO) -> None:
    _configure("DEBUG", captured)
    logging.getLogger("telegram.ext.Application").debug("Processing update {'phone': '0912'}")
    logging.getLogger("httpx").info("HTTP Request: POST .../sendMessage")
    logging.getLogger("ocop.feature").debug("our own debug line")
    text = captured.getvalue()
    assert "0912" not in text and "sendMessage" not in text
    assert "our own debug line" in text
    logging.getLogger("telegram.ext.Application").info("Application started")
    assert "Application started" in captured.getvalue()


def test_webhook_mode_needs_a_secret() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://ocop.example.vn/hook"}
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is required"):
        load_settings(env)
    settings = load_settings({**env, "WEBHOOK_SECRET": SECRET})
    assert settings.webhook is not None and settings.webhook.secret == SECRET
    assert SECRET not in repr(settings.webhook)


def test_secret_comparison() -> None:
    assert secret_matches(SECRET, SECRET)
    assert not secret_matches(None, SECRET)
    assert not secret_matches("", SECRET)
    assert not secret_matches(SECRET[:-1], SECRET)
    assert not secret_matches(SECRET + "x", SECRET)


def test_staff_and_personal_commands_are_private_only() -> None:
    from core.commands import COMMANDS, EVERYONE
    from handlers.group_chats import PRIVATE_ONLY_COMMANDS, is_group_safe_button

    staff = {name for c in COMMANDS if c.roles != EVERYONE for name in c.names}
    assert {"canbo", "officer", "thongke", "stats", "thongbao", "broadcast", "moicanbo",
            "invite"} <= staff <= PRIVATE_ONLY_COMMANDS
    assert {"dulieu", "mydata", "ketqua", "results"} <= PRIVATE_ONLY_COMMANDS
    assert not {"start", "tieuchi", "hoidap", "trogiup", "lophoc"} & PRIVATE_ONLY_COMMANDS
    assert is_group_safe_button("tc:s:3") and is_group_safe_button("tr:y:4:0")
    for data in ("cb:x", "tr:xl:1", "tr:yy", "iv:l", "pv:j", "fq:r:1", "tcx", None):
        assert not is_group_safe_button(data), data


def test_a_muted_sender_is_known_without_recording_an_update() -> None:
    from core.flood import FloodGate, Verdict

    now = [0.0]
    gate = FloodGate(limit=2, window=10.0, cooldown=30.0, clock=lambda: now[0])
    assert [gate.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    assert gate.is_muted(1) and not gate.is_muted(2)
    now[0] = 31.0
    assert not gate.is_muted(1)
    assert gate.check(1) is Verdict.ALLOW
