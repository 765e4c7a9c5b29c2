"""Gettext catalogues (vi default, en), compiled when missing, and Babel formatting per locale."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from markupsafe import Markup, escape

from core.config import SUPPORTED_LOCALES
from core.vietnam_time import vietnam_date, vietnam_time

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
# Babel's medium Vietnamese date is "30 thg 11, 2026"; offices write 30/11/2026 (wording.md).
DATE_PATTERNS: Mapping[str, str] = {"vi": "dd/MM/yyyy"}


def N_(msgid: str) -> str:
    """Mark a message for extraction; it is translated later, where the locale is known."""
    return msgid


def compile_catalogues(locales_dir: Path = LOCALES_DIR, *, force: bool = False) -> list[Path]:
    """Compile each `.po` whose `.mo` is missing or older; return the files written."""
    written = []
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


class Translator:
    """Messages and formatting for one locale. Placeholder values are HTML-escaped."""

    def __init__(self, locale: str, translations: Translations) -> None:
        self.locale = locale
        self.translations = translations
        self._babel_locale = Locale.parse(locale)

    def __call__(self, msgid: str, /, **values: Any) -> str:
        """Translate `msgid` and fill its `{named}` placeholders with escaped values."""
        text = self.translations.gettext(msgid)
        return text.format_map(_escaped(values)) if values else text

    def plural(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """Translate a message that depends on a count `n` (available as `{n}`)."""
        text = self.translations.ngettext(singular, plural, n)
        return text.format_map(_escaped({"n": self.number(n), **values}))

    def number(self, value: float) -> str:
        """Format a number the locale's way (1.234,5 in vi; 1,234.5 in en)."""
        return format_decimal(value, locale=self._babel_locale)

    def date(self, value: date | datetime) -> str:
        """Format a date the locale's way: 30/11/2026 in Vietnamese, Nov 30, 2026 in English.

        A moment (datetime) is dated on Vietnam's calendar, where every reader lives.
        """
        return format_date(vietnam_date(value), format=DATE_PATTERNS.get(self.locale, "medium"),
                           locale=self._babel_locale)

    def datetime(self, value: datetime) -> str:
        """A moment's date and time in Vietnam: 01/12/2026 04:45 (Dec 1, 2026 04:45 in English)."""
        moment = vietnam_time(value)
        return f"{self.date(moment.date())} {moment:%H:%M}"


def _escaped(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, Markup | int | float) else escape(value)
            for key, value in values.items()}


def _load(locales_dir: Path, code: str) -> Translations:
    """The compiled catalogue of `code`; a missing one is an installation error, not a fallback."""
    loaded = Translations.load(str(locales_dir), [code], DOMAIN)
    if not isinstance(loaded, Translations):
        raise FileNotFoundError(f"No compiled catalogue for {code} in {locales_dir}")
    return loaded


class I18n:
    """Holds one Translator per supported locale and resolves which one an update gets."""

    def __init__(self, default_locale: str = "vi", locales_dir: Path = LOCALES_DIR) -> None:
        compiled = compile_catalogues(locales_dir)
        if compiled:
            log.info("Compiled catalogues: %s", ", ".join(p.parent.parent.name for p in compiled))
        self.default_locale = default_locale
        self._translators = {
            code: Translator(code, _load(locales_dir, code)) for code in SUPPORTED_LOCALES
        }

    def get(self, locale: str | None) -> Translator:
        """Return the translator for `locale`, or the default one."""
        return self._translators.get(locale or "", self._translators[self.default_locale])

    def resolve(self, chosen: str | None, telegram_language: str | None) -> str:
        """Pick the locale: the user's choice, then Telegram's language_code, then the default."""
        if chosen in self._translators:
            return chosen
        prefix = (telegram_language or "").split("-")[0].lower()
        return prefix if prefix in self._translators else self.default_locale

    @property
    def translators(self) -> Mapping[str, Translator]:
        return self._translators
