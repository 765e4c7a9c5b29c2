"""Configuration: defaults, validation with one clear line, .env handling, no token leaks."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import ConfigError, load_settings, read_environment
from core.logs import RedactingFilter

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
ROOT = Path(__file__).resolve().parents[2]


def test_defaults_with_only_a_token() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.token == TOKEN
    assert settings.database_path == Path("data/ocop.sqlite3")
    assert settings.default_locale == "vi"
    assert settings.admin_ids == frozenset()
    assert settings.webhook is None
    assert settings.log_level == "INFO"


def test_every_variable_is_read() -> None:
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        "DATABASE_PATH": "/var/lib/ocop/db.sqlite3",
        "ADMIN_IDS": "12, 34",
        "DEFAULT_LOCALE": "EN",
        "WEBHOOK_URL": "https://ocop.example.vn/hook/abc",
        "WEBHOOK_PORT": "8080",
        "WEBHOOK_SECRET": "s3cret_-x",
        "LOG_LEVEL": "debug",
    })
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.database_path == Path("/var/lib/ocop/db.sqlite3")
    assert settings.admin_ids == {12, 34}
    assert settings.default_locale == "en"
    assert settings.webhook is not None and settings.webhook.port == 8080
    assert settings.webhook.path == "hook/abc" and settings.webhook.listen == "0.0.0.0"
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"DEFAULT_LOCALE": "fr"}, "DEFAULT_LOCALE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"WEBHOOK_URL": "http://insecure.example"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://ok.example/h", "WEBHOOK_PORT": "99999"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_URL": "https://ok.example/h", "WEBHOOK_SECRET": "bad secret!"},
         "WEBHOOK_SECRET"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], named: str) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, **env} if named != "TELEGRAM_BOT_TOKEN" else env
    with pytest.raises(ConfigError, match=named):
        load_settings(env)


def test_demo_needs_no_token_and_uses_its_own_database() -> None:
    settings = load_settings({}, demo=True)
    assert settings.database_path == Path("data/demo.sqlite3")
    custom = load_settings({"DATABASE_PATH": "/tmp/x/real.sqlite3"}, demo=True)
    assert custom.database_path == Path("/tmp/x/demo.sqlite3")


def test_dotenv_is_read_and_real_environment_wins(tmp_path: Path, monkeypatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ADMIN_IDS=1,2\nLOG_LEVEL=DEBUG\n", encoding="utf-8")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    env = read_environment(env_file)
    assert env["ADMIN_IDS"] == "1,2"
    assert env["LOG_LEVEL"] == "WARNING"


def test_token_is_redacted_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redact")
    caplog.handler.addFilter(RedactingFilter([TOKEN]))
    with caplog.at_level(logging.INFO):
        logger.info("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    assert TOKEN not in caplog.text
    assert "<redacted>" in caplog.text


def test_start_up_with_a_bad_setting_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {"PATH": "", "TELEGRAM_BOT_TOKEN": TOKEN, "ADMIN_IDS": "x", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py")], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ADMIN_IDS" in lines[0]
    assert TOKEN not in result.stderr + result.stdout
