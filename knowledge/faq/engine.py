"""The question-answering facade the bot uses: FAQ search plus answers from the criteria data."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from knowledge.criteria.model import Sheet
from knowledge.faq.criteria_answers import CriteriaResponder, CriterionAnswer
from knowledge.faq.decide import Thresholds, decide
from knowledge.faq.index import FaqIndex, IndexConfig, SearchResult
from knowledge.faq.model import (
    Answer,
    FaqEntry,
    NoAnswer,
    Suggestions,
    entry_from_data,
    load_entries,
)

log = logging.getLogger(__name__)

Result = Answer | Suggestions | NoAnswer | CriterionAnswer


def _default_sheets() -> Mapping[int, Sheet]:
    """The decree's sheets, or none (criteria answers off) when they cannot be loaded."""
    from knowledge.criteria.loader import CriteriaError, load_sheets

    try:
        return load_sheets()
    except (CriteriaError, OSError) as exc:
        log.warning("criteria sheets unavailable, criteria answers are off: %s", exc)
        return {}


class FaqEngine:
    """Answers a free-text question from the FAQ entries or the criteria sheets."""

    def __init__(
        self,
        entries: Iterable[FaqEntry],
        sheets: Mapping[int, Sheet] | None = None,
        thresholds: Thresholds | None = None,
        config: IndexConfig | None = None,
    ) -> None:
        self._entries: dict[str, FaqEntry] = {}
        for entry in entries:
            self._entries[entry.id] = entry
        self.thresholds = thresholds or Thresholds()
        self.config = config or IndexConfig()
        self.criteria = CriteriaResponder(sheets or {})
        self._reindex()

    @classmethod
    def load(
        cls,
        entries_dir: Path | None = None,
        sheets: Mapping[int, Sheet] | None = None,
        extra: Iterable[FaqEntry | Mapping[str, Any]] = (),
    ) -> FaqEngine:
        """Build the engine from the entry files, the criteria sheets and run-time entries."""
        engine = cls(load_entries(entries_dir), _default_sheets() if sheets is None else sheets)
        engine.add_entries(extra)
        return engine

    @property
    def entries(self) -> tuple[FaqEntry, ...]:
        """Every entry, files first, then run-time ones in the order they were added."""
        return self.index.entries

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with this id, or None."""
        return self._entries.get(entry_id)

    def add_entry(self, entry: FaqEntry | Mapping[str, Any]) -> FaqEntry:
        """Add (or replace, by id) one entry given as a FaqEntry or plain data; re-index."""
        return self.add_entries([entry])[0]

    def add_entries(self, entries: Iterable[FaqEntry | Mapping[str, Any]]) -> list[FaqEntry]:
        """Add (or replace, by id) several entries and re-index once."""
        added = [e if isinstance(e, FaqEntry) else entry_from_data(e) for e in entries]
        if added:
            self._entries.update((e.id, e) for e in added)
            self._reindex()
        return added

    def remove_entry(self, entry_id: str) -> bool:
        """Remove an entry; tell whether it existed."""
        if self._entries.pop(entry_id, None) is None:
            return False
        self._reindex()
        return True

    def _reindex(self) -> None:
        self.index = FaqIndex(list(self._entries.values()), self.config)

    def search(self, text: str) -> SearchResult:
        """The raw ranked hits for `text` (for diagnostics and benchmarks)."""
        return self.index.search(text)

    def ask(self, text: str, locale: str = "vi") -> Result:
        """Answer `text`: from the criteria data when it names a criterion or sheet, else FAQ."""
        criterion = self.criteria.answer(text, locale)
        if criterion is not None and criterion.product_named:
            return criterion
        faq = decide(self.index, self.index.search(text), self.thresholds)
        if criterion is None or isinstance(faq, Answer):
            return faq
        return criterion
