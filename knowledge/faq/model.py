"""FAQ entries as typed data, read from the YAML files in `entries/` or given as plain data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ENTRIES_DIR = Path(__file__).resolve().parent / "entries"
REQUIRED_KEYS = ("id", "question", "answer_vi")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FaqError(ValueError):
    """Raised when FAQ entries cannot be read; lists every problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One question with its paraphrases and answers in Vietnamese and English."""

    id: str
    question: str
    answer_vi: str
    answer_en: str = ""
    topic: str = ""
    paraphrases: tuple[str, ...] = ()
    source: str = ""
    related: tuple[str, ...] = ()
    question_en: str = ""
    paraphrases_en: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # Added at run time (an officer's answer made an entry), not shipped in the entry files.
    added: bool = field(default=False, compare=False, hash=False)

    def answer(self, locale: str = "vi") -> str:
        """Return the answer in `locale`, falling back to Vietnamese."""
        return self.answer_en if locale.startswith("en") and self.answer_en else self.answer_vi

    def title(self, locale: str = "vi") -> str:
        """Return the question in `locale`, falling back to Vietnamese."""
        return self.question_en if locale.startswith("en") and self.question_en else self.question

    @property
    def asked_with_ocop(self) -> bool:
        """Whether the entry holds what OCOP says about a wider subject (selling online, brands,
        a ministry's role, a province's figures): a question that names neither OCOP nor its
        stars, points or evaluation asks about the subject itself, which the entry does not
        answer (entry key `asked_with_ocop: true`)."""
        return self.extra.get("asked_with_ocop") is True

    @property
    def texts(self) -> tuple[str, ...]:
        """The question and its paraphrases: the texts a query is matched against."""
        return (self.question, *self.paraphrases)

    def to_data(self) -> dict[str, Any]:
        """Return the entry as plain data (as stored in YAML or SQLite)."""
        return {
            "id": self.id, "topic": self.topic, "question": self.question,
            "paraphrases": list(self.paraphrases), "answer_vi": self.answer_vi,
            "answer_en": self.answer_en, "source": self.source, "related": list(self.related),
            **({"question_en": self.question_en} if self.question_en else {}),
            **({"paraphrases_en": list(self.paraphrases_en)} if self.paraphrases_en else {}),
            **dict(self.extra),
        }


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FaqError([f"{where}: '{key}' must be a list of texts"])
    return tuple(v.strip() for v in value if v.strip())


def entry_from_data(data: Mapping[str, Any], where: str = "entry") -> FaqEntry:
    """Build a FaqEntry from plain data; raises FaqError when a required text is missing."""
    if not isinstance(data, Mapping):
        raise FaqError([f"{where}: expected a mapping, got {type(data).__name__}"])
    missing = [k for k in REQUIRED_KEYS if not isinstance(data.get(k), str) or not data[k].strip()]
    if missing:
        raise FaqError([f"{where}: missing or empty {', '.join(missing)}"])
    known = {"id", "topic", "question", "paraphrases", "answer_vi", "answer_en", "source",
             "related", "question_en", "paraphrases_en"}
    return FaqEntry(
        id=str(data["id"]).strip(),
        question=data["question"].strip(),
        answer_vi=data["answer_vi"].strip(),
        answer_en=str(data.get("answer_en") or "").strip(),
        topic=str(data.get("topic") or "").strip(),
        paraphrases=_strings(data.get("paraphrases"), where, "paraphrases"),
        source=str(data.get("source") or "").strip(),
        related=_strings(data.get("related"), where, "related"),
        question_en=str(data.get("question_en") or "").strip(),
        paraphrases_en=_strings(data.get("paraphrases_en"), where, "paraphrases_en"),
        extra={k: v for k, v in data.items() if k not in known},
    )


def _read_file(path: Path) -> tuple[list[FaqEntry], list[str]]:
    """Read one YAML list of entries; return the entries and the problems found."""
    try:
        items = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
    except yaml.YAMLError as exc:
        return [], [f"{path.name}: invalid YAML: {exc}"]
    if not isinstance(items, list):
        return [], [f"{path.name}: expected a list of entries"]
    entries: list[FaqEntry] = []
    problems: list[str] = []
    for i, item in enumerate(items):
        try:
            entries.append(entry_from_data(item, f"{path.name} entry {i + 1}"))
        except FaqError as exc:
            problems.extend(exc.problems)
    return entries, problems


def load_entries(directory: Path | None = None) -> list[FaqEntry]:
    """Read every `*.yaml` list of entries in `directory` (none when it does not exist)."""
    directory = ENTRIES_DIR if directory is None else directory
    entries: list[FaqEntry] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else ():
        found, wrong = _read_file(path)
        entries += found
        problems += wrong
    ids = [e.id for e in entries]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    problems += [f"entry id {i} appears twice" for i in twice]
    if problems:
        raise FaqError(problems)
    return entries


@dataclass(frozen=True, slots=True)
class Answer:
    """A confident answer: the entry, and the confidence (share of a perfect match, ≈0–1)."""

    entry: FaqEntry
    score: float


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Close candidates, best first (at most 3), offered as "Có phải bạn muốn hỏi: …"."""

    entries: tuple[FaqEntry, ...]


@dataclass(frozen=True, slots=True)
class NoAnswer:
    """No entry fits: the bot answers honestly that it does not know.

    `reason` is "empty" (nothing to search for), "smalltalk" (greetings, thanks),
    "out_of_scope" or "unsure".
    """

    reason: str = "unsure"
