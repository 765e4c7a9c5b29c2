"""Expected bot texts through the translator: tests name the English msgid, the bot speaks
Vietnamese, and a reworded translation does not break a test that checks behaviour."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from core.i18n import I18n

_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")


@functools.cache
def _catalogue() -> Mapping[Any, str]:
    return I18n("vi").get("vi").translations._catalog


def _translation(msgid: str) -> str:
    text = _catalogue().get(msgid)
    if not text:
        raise KeyError(f"No Vietnamese translation for {msgid!r}: is the msgid exact?")
    return text


def vi(msgid: str, /, **values: Any) -> str:
    """The Vietnamese text the bot sends for `msgid`, with `{named}` or `%(named)s` filled
    (values unescaped: compare with `message.text`, not `.html`)."""
    text = _translation(msgid)
    if not values:
        return text
    return text % values if "%(" in text else text.format_map(values)


def vi_start(msgid: str) -> str:
    """The fixed start of `msgid`'s translation, up to its first placeholder (for a test that
    does not know the values)."""
    return _PLACEHOLDER.split(_translation(msgid), maxsplit=1)[0]
