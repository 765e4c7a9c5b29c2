"""Start-up work that never changes within a test run, done once per run instead of per bot.

Each start of the real Application re-reads the 26 criteria sheets and the FAQ entries (YAML),
re-indexes the FAQ and builds three httpx clients that each load the CA bundle: about a second
of CPU, more than most end-to-end tests spend on their own steps. All of it is immutable, so one
copy serves every bot of the run.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpx._transports.default as httpx_transports
import pytest

import core.startup
import knowledge.faq.engine
from knowledge.faq.index import FaqIndex, IndexConfig
from knowledge.faq.model import FaqEntry, load_entries
from tests.support.sheets import conditions_from, sheets_from


@functools.cache
def _index(entries: tuple[FaqEntry, ...], config: IndexConfig | None) -> FaqIndex:
    return FaqIndex(entries, config)


def index_once(entries: Sequence[FaqEntry], config: IndexConfig | None = None) -> FaqIndex:
    """The FAQ index of these entries (built once; it is never changed after building)."""
    return _index(tuple(entries), config)


@contextmanager
def start_up_once() -> Iterator[None]:
    """Memoise the sheets, the FAQ entries and index, and the TLS context while inside."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core.startup, "load_sheets", sheets_from)
        patch.setattr(core.startup, "load_conditions", conditions_from)
        patch.setattr(knowledge.faq.engine, "load_entries", functools.cache(load_entries))
        patch.setattr(knowledge.faq.engine, "FaqIndex", index_once)
        patch.setattr(httpx_transports, "create_ssl_context",
                      functools.cache(httpx_transports.create_ssl_context))
        yield
