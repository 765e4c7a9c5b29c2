"""Choose retrieval settings and decision thresholds on the entries themselves.

Positives: each entry's paraphrases, split into folds; a fold is asked of an index built
without it. Near misses: whole entries left out of the index and asked with their own texts,
so that any answer is wrong. Out of scope: `calibration.yaml`, written apart from the held-out
set. The held-out set (heldout.yaml) is never used here.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.faq.decide import Thresholds, signals
from knowledge.faq.index import FaqIndex, IndexConfig
from knowledge.faq.model import FaqEntry

CALIBRATION_PATH = Path(__file__).resolve().parent / "calibration.yaml"
FOLDS = 10
POSITIVE, NEAR_MISS, OUT_OF_SCOPE = "positive", "near_miss", "out_of_scope"
# What each outcome is worth: a wrong confident answer costs far more than a right one gains.
GAIN_RIGHT, GAIN_SUGGESTED = 1.0, 0.4
# Suggestions for an off-topic question hide the honest "I don't know" and its hand-off to an
# officer, and make the assistant look confused: they cost too, if far less than an answer.
COST_WRONG, COST_SUGGESTED_OOS = 4.0, 1.0
# Assumed share of each kind of question in real traffic: the calibration sets have about as
# many near misses as positives, which real users do not ask.
TRAFFIC = {"positive": 0.7, "near_miss": 0.15, "out_of_scope": 0.15}


@dataclass(frozen=True, slots=True)
class Observation:
    """One calibration query: its kind, expected id, ranked hits and decision signals."""

    kind: str
    expected: str | None
    ids: tuple[str, ...]
    scores: tuple[float, ...]
    confidence: float
    margin: float
    coverage: float


def out_of_scope_queries(path: Path = CALIBRATION_PATH) -> list[str]:
    """The out-of-scope tuning queries."""
    return [str(q) for q in yaml.safe_load(path.read_text(encoding="utf-8")) or []]


def paraphrase_folds(
    entries: Sequence[FaqEntry], folds: int = FOLDS
) -> Iterator[tuple[list[FaqEntry], list[tuple[str, str]]]]:
    """(entries without one fold of paraphrases, [(held paraphrase, its entry id)]) per fold."""
    for fold in range(folds):
        kept, held = [], []
        for entry in entries:
            out = [p for i, p in enumerate(entry.paraphrases) if i % folds == fold]
            rest = tuple(p for i, p in enumerate(entry.paraphrases) if i % folds != fold)
            kept.append(dataclasses.replace(entry, paraphrases=rest))
            held += [(p, entry.id) for p in out]
        yield kept, held


def entry_folds(
    entries: Sequence[FaqEntry], folds: int = FOLDS
) -> Iterator[tuple[list[FaqEntry], list[str]]]:
    """(entries without one fold of entries, the left-out entries' texts) per fold."""
    for fold in range(folds):
        kept = [e for i, e in enumerate(entries) if i % folds != fold]
        yield kept, [t for i, e in enumerate(entries) if i % folds == fold for t in e.texts]


def observe(index: FaqIndex, query: str, kind: str, expected: str | None) -> Observation:
    """Search `query` and record what the decision would be made on."""
    result = index.search(query)
    s = signals(index, result)
    ids = tuple(index.entries[h.entry].id for h in result.hits)
    scores = tuple(h.score for h in result.hits)
    return Observation(kind, expected, ids, scores, s.confidence, s.margin, s.coverage)


def observations(entries: Sequence[FaqEntry], config: IndexConfig) -> list[Observation]:
    """Every calibration query, observed on indexes that never saw its answer."""
    found: list[Observation] = []
    for kept, held in paraphrase_folds(entries):
        index = FaqIndex(kept, config)
        found += [observe(index, q, POSITIVE, expected) for q, expected in held]
    for kept, texts in entry_folds(entries):
        index = FaqIndex(kept, config)
        found += [observe(index, q, NEAR_MISS, None) for q in texts]
    index = FaqIndex(entries, config)
    found += [observe(index, q, OUT_OF_SCOPE, None) for q in out_of_scope_queries()]
    return found


def outcome(o: Observation, t: Thresholds) -> float:
    """What the decision `t` makes of one observation is worth."""
    if not o.ids or o.confidence <= 0:
        return 0.0
    if o.confidence >= t.answer and o.margin >= t.margin and o.coverage >= t.coverage:
        if o.kind == POSITIVE and o.ids[0] == o.expected:
            return GAIN_RIGHT
        return -COST_WRONG
    if o.confidence >= t.suggest and o.coverage >= t.suggest_coverage:
        floor = t.suggest_ratio * o.scores[0]
        close = [i for i, s in zip(o.ids, o.scores, strict=True) if s >= floor]
        if o.kind == POSITIVE:
            return GAIN_SUGGESTED if o.expected in close[:3] else 0.0
        return -COST_SUGGESTED_OOS if o.kind == OUT_OF_SCOPE else 0.0
    return 0.0


def grid() -> Iterator[Thresholds]:
    """Every threshold combination searched."""
    answers = [x / 100 for x in range(30, 91, 5)]
    margins = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
    coverages = [x / 100 for x in range(30, 96, 5)]
    suggests = [0.2, 0.3, 0.4]
    suggest_coverages = [0.0, 0.4, 0.5, 0.6, 0.7]
    for a, m, c, s, sc in itertools.product(answers, margins, coverages, suggests,
                                            suggest_coverages):
        if s <= a:
            yield Thresholds(answer=a, margin=m, coverage=c, suggest=s, suggest_coverage=sc)


def kind_weights(found: Sequence[Observation]) -> dict[str, float]:
    """Per-observation weight of each kind, so that kinds count by their traffic share."""
    counts = {kind: sum(o.kind == kind for o in found) for kind in TRAFFIC}
    return {kind: share * len(found) / max(counts[kind], 1) for kind, share in TRAFFIC.items()}


def worth(found: Sequence[Observation], t: Thresholds, weights: dict[str, float]) -> float:
    """Traffic-weighted total worth of thresholds `t` (in right answers per question)."""
    return sum(weights[o.kind] * outcome(o, t) for o in found) / max(len(found), 1)


def best_thresholds(found: Sequence[Observation]) -> tuple[Thresholds, float]:
    """The thresholds of highest traffic-weighted worth over `found`, and that worth."""
    weights = kind_weights(found)
    scored = ((worth(found, t, weights), t) for t in grid())
    value, chosen = max(scored, key=lambda pair: pair[0])
    return chosen, value
