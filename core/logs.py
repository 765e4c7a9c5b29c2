"""Logging set-up that never prints the bot token, the webhook secret or whole payloads."""

from __future__ import annotations

import logging

from telegram.error import InvalidToken

REDACTED = "<redacted>"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# At DEBUG these log every update and every request in full: names, phones, emails, and URLs
# holding the token. They stay at INFO (httpx/httpcore at WARNING) whatever LOG_LEVEL says.
PAYLOAD_LOGGERS: dict[str, int] = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "apscheduler": logging.WARNING,
    "aiohttp.access": logging.WARNING,
}


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every secret replaced."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """Replace the secrets in a log record's message and in its exception text."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = redact(message, self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return True


class DropInvalidToken(logging.Filter):
    """PTB logs a rejected token with a long traceback; bot.py says it in one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))


class RedactingFormatter(logging.Formatter):
    """A last line of defence: redact the whole formatted line, traceback included."""

    def __init__(self, secrets: list[str], fmt: str = LOG_FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def configure_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level`, with the secrets redacted from every handler's output."""
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    redactor = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(DropInvalidToken())
        handler.addFilter(redactor)
        handler.setFormatter(RedactingFormatter(secrets))
    root_level = logging.getLogger().level
    for name, floor in PAYLOAD_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, root_level))
