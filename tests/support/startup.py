"""Start-up work that never changes within a test run, done once per run instead of per bot.

Each start of the real Application re-reads the 26 criteria sheets and the FAQ entries (YAML),
re-indexes the FAQ, prepares the criteria answers, loads both catalogues, compiles the Jinja
templates anew and builds three httpx clients that each load the CA bundle: about a second of
CPU, more than most end-to-end tests spend on their own steps. All of it is immutable once built
(the criteria answers and templates only memoise), so one copy serves every bot of the run.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import httpx._transports.default as httpx_transports
import pytest

import bot
import core.startup
import knowledge.faq.engine
from core.i18n import I18n
from core.render import Renderer
from knowledge.criteria.model import Sheet
from knowledge.faq.criteria_answers import CriteriaResponder
from knowledge.faq.index import FaqIndex, IndexConfig
from knowledge.faq.model import FaqEntry, load_entries
from tests.support.sheets import conditions_from, sheets_from


@functools.cache
def _index(entries: tuple[FaqEntry, ...], config: IndexConfig | None) -> FaqIndex:
    return FaqIndex(entries, config)


def index_once(entries: Sequence[FaqEntry], config: IndexConfig | None = None) -> FaqIndex:
    """The FAQ index of these entries (built once; it is never changed after building)."""
    return _index(tuple(entries), config)


_responders: dict[int, tuple[Mapping[int, Sheet], CriteriaResponder]] = {}


def responder_once(sheets: Mapping[int, Sheet]) -> CriteriaResponder:
    """The criteria answers over these very sheets (built once per sheets object)."""
    held = _responders.get(id(sheets))
    if held is None or held[0] is not sheets:
        held = _responders[id(sheets)] = (sheets, CriteriaResponder(sheets))
    return held[1]


@contextmanager
def start_up_once() -> Iterator[None]:
    """Memoise the sheets, the FAQ entries, index and criteria answers, the catalogues, the
    templates and the TLS context while inside."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core.startup, "load_sheets", sheets_from)
        patch.setattr(core.startup, "load_conditions", conditions_from)
        patch.setattr(knowledge.faq.engine, "load_entries", functools.cache(load_entries))
        patch.setattr(knowledge.faq.engine, "FaqIndex", index_once)
        patch.setattr(knowledge.faq.engine, "CriteriaResponder", responder_once)
        patch.setattr(bot, "I18n", functools.cache(I18n))
        patch.setattr(bot, "Renderer", functools.cache(Renderer))
        patch.setattr(httpx_transports, "create_ssl_context",
                      functools.cache(httpx_transports.create_ssl_context))
        yield
