"""Settings from environment variables and `.env`, validated before anything starts."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values

from storage.db import is_postgres_url

SUPPORTED_LOCALES: tuple[str, ...] = ("vi", "en")
LOG_LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_DATABASE_PATH = Path("data/ocop.sqlite3")
DEMO_DATABASE_PATH = Path("data/demo.sqlite3")

_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it in one line."""


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    url: str
    secret: str  # required: without it anyone reaching the port could post forged updates
    listen: str = "0.0.0.0"
    port: int = 8443

    def __repr__(self) -> str:
        return f"WebhookSettings(url={self.url!r}, listen={self.listen!r}, port={self.port})"

    @property
    def path(self) -> str:
        return urlparse(self.url).path.lstrip("/")


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Where the officers' desk listens, and the https address Telegram reaches it by."""

    listen: str = "127.0.0.1"
    port: int = 8080  # 0: a free port, logged at start
    public_url: str | None = None  # enables the Mini App button

    @property
    def mini_app_url(self) -> str | None:
        return f"{self.public_url.rstrip('/')}/desk/app" if self.public_url else None


@dataclass(frozen=True, slots=True)
class Settings:
    token: str
    api_base_url: str | None = None
    database_path: Path = DEFAULT_DATABASE_PATH
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    default_locale: str = "vi"
    webhook: WebhookSettings | None = None
    log_level: str = "INFO"
    paid_broadcasts: bool = False  # announcements beyond 30/s, paid in Telegram Stars
    web: WebSettings = field(default_factory=WebSettings)
    database_url: str | None = None  # postgresql://…: the shared store instead of the file

    @property
    def database(self) -> str | Path:
        """What storage opens: the PostgreSQL URL when set, else the SQLite file."""
        return self.database_url or self.database_path

    def __repr__(self) -> str:
        where = "postgresql" if self.database_url else str(self.database_path)
        return f"Settings(database={where}, admins={len(self.admin_ids)})"


def read_environment(env_file: Path = Path(".env")) -> dict[str, str]:
    """Merge `.env` (if present) under the real environment, which wins."""
    merged = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    merged.update(os.environ)
    return merged


def load_settings(env: Mapping[str, str], *, demo: bool = False) -> Settings:
    """Build validated settings; raise ConfigError naming the first bad variable."""
    return Settings(
        token=_token(env, demo=demo),
        api_base_url=_base_url(env),
        database_path=_database_path(env, demo=demo),
        admin_ids=_admin_ids(env),
        default_locale=_choice(env, "DEFAULT_LOCALE", SUPPORTED_LOCALES, "vi"),
        webhook=None if demo else _webhook(env),
        log_level=_choice(env, "LOG_LEVEL", LOG_LEVELS, "INFO", upper=True),
        paid_broadcasts=_choice(env, "PAID_BROADCASTS", ("0", "1"), "0") == "1",
        web=_web(env),
        database_url=None if demo else _database_url(env),
    )


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _token(env: Mapping[str, str], *, demo: bool) -> str:
    token = _get(env, "TELEGRAM_BOT_TOKEN")
    if demo:
        return token or ""
    if token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is required (get one from @BotFather)")
    if not _TOKEN_RE.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed (expected <digits>:<secret>)")
    return token


def _base_url(env: Mapping[str, str]) -> str | None:
    url = _get(env, "TELEGRAM_API_BASE_URL")
    if url is not None and not _is_http_url(url):
        raise ConfigError("TELEGRAM_API_BASE_URL must be an http(s) URL such as http://127.0.0.1:8081/bot")
    return url


def _database_path(env: Mapping[str, str], *, demo: bool) -> Path:
    value = _get(env, "DATABASE_PATH")
    if demo:
        return Path(value).with_name("demo.sqlite3") if value else DEMO_DATABASE_PATH
    return Path(value) if value else DEFAULT_DATABASE_PATH


def _database_url(env: Mapping[str, str]) -> str | None:
    url = _get(env, "DATABASE_URL")
    if url is not None and not is_postgres_url(url):
        raise ConfigError("DATABASE_URL must be a PostgreSQL URL such as "
                          "postgresql://user:password@host:5432/ocop")
    return url


def _admin_ids(env: Mapping[str, str]) -> frozenset[int]:
    raw = _get(env, "ADMIN_IDS")
    if raw is None:
        return frozenset()
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not all(re.fullmatch(r"\d{1,20}", p) for p in parts):
        raise ConfigError("ADMIN_IDS must be comma-separated Telegram user ids, e.g. 12345,67890")
    return frozenset(int(p) for p in parts)


def _choice(
    env: Mapping[str, str],
    name: str,
    allowed: tuple[str, ...],
    default: str,
    *,
    upper: bool = False,
) -> str:
    value = _get(env, name)
    if value is None:
        return default
    value = value.upper() if upper else value.lower()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _webhook(env: Mapping[str, str]) -> WebhookSettings | None:
    url = _get(env, "WEBHOOK_URL")
    if url is None:
        return None
    if urlparse(url).scheme != "https" or not urlparse(url).netloc:
        raise ConfigError("WEBHOOK_URL must be an https URL reachable by Telegram")
    port = _port(env)
    return WebhookSettings(
        url=url, secret=_webhook_secret(env), listen=_get(env, "WEBHOOK_LISTEN") or "0.0.0.0",
        port=port,
    )


def _webhook_secret(env: Mapping[str, str]) -> str:
    secret = _get(env, "WEBHOOK_SECRET")
    if secret is None:
        raise ConfigError("WEBHOOK_SECRET is required in webhook mode "
                          "(16 or more random characters from A-Z, a-z, 0-9, _ and -)")
    if not _SECRET_RE.match(secret):
        raise ConfigError("WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1-256 characters)")
    return secret


def _port(env: Mapping[str, str], name: str = "WEBHOOK_PORT", default: str = "8443",
          lowest: int = 1) -> int:
    raw = _get(env, name) or default
    if not raw.isdigit() or not lowest <= int(raw) <= 65535:
        raise ConfigError(f"{name} must be a port number {lowest}-65535 (got {raw!r})")
    return int(raw)


def _web(env: Mapping[str, str]) -> WebSettings:
    public_url = _get(env, "WEB_PUBLIC_URL")
    if public_url is not None and (urlparse(public_url).scheme != "https"
                                   or not urlparse(public_url).netloc):
        raise ConfigError("WEB_PUBLIC_URL must be an https URL (Telegram opens Mini Apps "
                          "only over https)")
    return WebSettings(listen=_get(env, "WEB_LISTEN") or "127.0.0.1",
                       port=_port(env, "WEB_PORT", "8080", lowest=0), public_url=public_url)


def _is_http_url(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)
