"""Measure a question answerer on labelled queries: ranking quality, decisions and latency."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.faq.model import Answer, FaqEntry, NoAnswer, Suggestions
from knowledge.faq.normalize import tokens

HELDOUT_PATH = Path(__file__).resolve().parent / "heldout.yaml"
TOP_K = 5
CRITERIA = "criteria"


@dataclass(frozen=True, slots=True)
class Case:
    """A query and the id of the entry that answers it ("criteria": the criteria data does;
    None: out of scope)."""

    query: str
    expected: str | None


@dataclass(frozen=True, slots=True)
class Metrics:
    """Figures over a set of cases; rates are shares in 0..1."""

    in_scope: int
    out_of_scope: int
    acc1: float
    recall3: float
    mrr: float
    answered: int
    answered_correct: int
    suggested_correct: int
    oos_answered: int
    oos_suggested: int
    criteria_cases: int
    criteria_answered: int
    p50_ms: float
    p95_ms: float

    @property
    def precision(self) -> float:
        """Answers given that were right."""
        return self.answered_correct / self.answered if self.answered else 1.0

    @property
    def coverage(self) -> float:
        """In-scope questions answered outright (right or wrong)."""
        return self.answered / self.in_scope if self.in_scope else 0.0

    @property
    def oos_false_rate(self) -> float:
        """Out-of-scope questions that got an answer anyway."""
        return self.oos_answered / self.out_of_scope if self.out_of_scope else 0.0


Ranker = Callable[[str], Sequence[str]]
Decider = Callable[[str], object]


def load_cases(path: Path = HELDOUT_PATH) -> list[Case]:
    """Read `heldout.yaml`: a list of {query, expected} (expected null when out of scope)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Case(str(item["query"]), item.get("expected")) for item in data]


def leaked(cases: Sequence[Case], entries: Sequence[FaqEntry]) -> list[str]:
    """Queries equal, once normalised, to a question or paraphrase of an entry."""
    known = {tokens(text) for entry in entries for text in entry.texts}
    return [case.query for case in cases if tokens(case.query) in known]


def _answered_id(result: object) -> str | None:
    """The entry id an outright answer gives, CRITERIA for a criteria answer, None if none."""
    if isinstance(result, Answer):
        return result.entry.id
    if isinstance(result, Suggestions | NoAnswer):
        return None
    return CRITERIA


def _timed(decide: Decider, query: str) -> tuple[object, float]:
    start = time.perf_counter()
    result = decide(query)
    return result, (time.perf_counter() - start) * 1000


def evaluate(cases: Sequence[Case], rank: Ranker, decide: Decider) -> Metrics:
    """Rank and decide every case; count hits, answers and time per decision."""
    ranks: list[int | None] = []
    times: list[float] = []
    counts = dict.fromkeys(
        ("answered", "correct", "suggested", "oos", "oos_suggested", "crit", "crit_ok"), 0
    )
    for case in cases:
        result, ms = _timed(decide, case.query)
        times.append(ms)
        given = _answered_id(result)
        if case.expected is None:
            counts["oos"] += given is not None
            counts["oos_suggested"] += isinstance(result, Suggestions)
            continue
        counts["answered"] += given is not None
        counts["correct"] += given == case.expected
        if case.expected == CRITERIA:
            counts["crit"] += 1
            counts["crit_ok"] += given == CRITERIA
            continue
        ids = list(rank(case.query))[:TOP_K]
        ranks.append(ids.index(case.expected) + 1 if case.expected in ids else None)
        counts["suggested"] += isinstance(result, Suggestions) and any(
            e.id == case.expected for e in result.entries
        )
    return _metrics(cases, ranks, times, counts)


def _metrics(
    cases: Sequence[Case], ranks: list[int | None], times: list[float], counts: dict[str, int]
) -> Metrics:
    n = max(len(ranks), 1)
    times = sorted(times) or [0.0]
    return Metrics(
        in_scope=sum(c.expected is not None for c in cases),
        out_of_scope=sum(c.expected is None for c in cases),
        acc1=sum(r == 1 for r in ranks) / n,
        recall3=sum(r is not None and r <= 3 for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r is not None) / n,
        answered=counts["answered"], answered_correct=counts["correct"],
        suggested_correct=counts["suggested"], oos_answered=counts["oos"],
        oos_suggested=counts["oos_suggested"],
        criteria_cases=counts["crit"], criteria_answered=counts["crit_ok"],
        p50_ms=statistics.median(times),
        p95_ms=times[min(len(times) - 1, int(0.95 * len(times)))],
    )
