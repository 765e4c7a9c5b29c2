"""Tune the decision on the development sets of user-style questions (evaluate.TUNING_PATHS:
every set evaluated once).

Each development question is searched once. The weights of the evidence (decide.evidence) are
fitted to those searches by a cost-weighted logistic regression; every threshold combination
is then judged on the recorded signals. Worth: a direct right answer earns 1; suggesting, even
the right entry, earns nothing; a direct answer whose entry lacks the fact costs COST_WRONG; an
out-of-scope question that is not declined costs COST_OOS. What checks the tuning is the
next blind set, written after it.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from knowledge.faq.decide import (
    Decision,
    Signals,
    Thresholds,
    answer_or_suggest,
    evidence,
    names_ocop,
    passes,
    settled,
    signals,
)
from knowledge.faq.engine import FaqEngine
from knowledge.faq.evaluate import Question, load_tuning_questions
from knowledge.faq.index import FaqIndex, SearchResult

# Answering pays when at least 3 in 4 such answers are right: the aim of 95% precision holds
# over all answers, most of which are far surer than that (a cost of 4 declined more unseen
# questions than it saved wrong answers).
COST_WRONG = 3.0
COST_OOS = 2.0
# A little shrinkage keeps the weights sensible where the development set says little.
RIDGE = 0.001
FIT_STEPS = 4000
FIT_RATE = 0.5


@dataclass(frozen=True, slots=True)
class Observation:
    """One development question and its search, in the language it was asked in; `settled`
    is its decision when no threshold matters."""

    question: Question
    english: bool
    result: SearchResult
    signals: Signals | None = None
    settled: Decision | None = None


def observations(engine: FaqEngine, questions: Sequence[Question]) -> list[Observation]:
    """The development questions that the FAQ decision (not small talk or computing) decides."""
    found = []
    for q in questions:
        reply = engine.respond(q.text)
        if q.smalltalk or reply.kind in ("computed", "greeting", "thanks", "empty"):
            continue
        english = engine.is_english(q.text)
        index = engine.english_index if english else engine.index
        result = index.search(q.text)
        found.append(Observation(q, english, result, signals(index, result),
                                 settled(index, result)))
    return found


class _Judge:
    """Worth of thresholds over one language's observations; the evidence of each is computed
    once, and its answer-or-suggest decision once per margin and coverage threshold."""

    def __init__(self, index: FaqIndex, found: Sequence[Observation],
                 weights: tuple[float, float, float, float, float] | None) -> None:
        self.index, self.found = index, found
        probe = Thresholds(weights=weights)
        self.weights = [evidence(o.signals, probe) if o.signals else 0.0 for o in found]
        self.named = [names_ocop(o.result.words) for o in found]
        self.memo: dict[tuple[int, float, float], Decision] = {}

    def decision(self, i: int, t: Thresholds) -> Decision:
        o = self.found[i]
        if o.settled is not None or o.signals is None:
            return o.settled or Decision("decline")
        if not passes(o.signals, t, self.weights[i], self.named[i]):
            return Decision("decline")
        key = (i, t.margin, t.coverage)
        if key not in self.memo:
            self.memo[key] = answer_or_suggest(self.index, o.result, o.signals, t,
                                               self.weights[i])
        return self.memo[key]

    def worth(self, t: Thresholds) -> float:
        total = 0.0
        for i, o in enumerate(self.found):
            d = self.decision(i, t)
            if o.question.out_of_scope:
                total -= COST_OOS * (d.kind != "decline")
            elif d.kind == "answer":
                total += 1.0 if d.entries[0].id in o.question.labels else -COST_WRONG
        return total


def worth(index: FaqIndex, found: Sequence[Observation], t: Thresholds, english: bool) -> float:
    """Total worth of thresholds `t` over the observations of one language."""
    return _Judge(index, [o for o in found if o.english == english], t.weights).worth(t)


def _top_is_right(index: FaqIndex, o: Observation) -> bool:
    hits = o.result.hits
    return (not o.question.out_of_scope and bool(hits)
            and index.entries[hits[0].entry].id in o.question.labels)


def fit_weights(index: FaqIndex,
                found: Sequence[Observation]) -> tuple[float, float, float, float, float]:
    """Logistic weights of the evidence that the top entry is right, each miss weighed by
    what answering it would cost (a wrong entry COST_WRONG, an out-of-scope one COST_OOS)."""
    rows = [o for o in found if o.signals is not None and o.result.hits]
    x = np.array([o.signals.features() for o in rows if o.signals is not None])
    y = np.array([1.0 if _top_is_right(index, o) else 0.0 for o in rows])
    cost = np.array([1.0 if right else (COST_OOS if o.question.out_of_scope else COST_WRONG)
                     for o, right in zip(rows, y, strict=True)])
    w = np.zeros(x.shape[1])
    shrink = np.r_[0.0, np.full(x.shape[1] - 1, RIDGE)]
    for _ in range(FIT_STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w -= FIT_RATE * (x.T @ ((p - y) * cost) / len(y) + shrink * w)
    b, conf, cov, margin, score = (round(float(v), 2) for v in w)
    return b, conf, cov, margin, score


ANSWERS = [x / 100 for x in range(30, 91, 5)]
MARGINS = [0.0, 0.02, 0.05, 0.1]
COVERAGES = [x / 100 for x in range(10, 91, 10)]
KNOWNS = [x / 100 for x in range(30, 101, 10)]
# The evidence bar of a question that names OCOP is searched once the others are chosen.
NAMED = [x / 100 for x in range(5, 91, 5)]


def grid(weights: tuple[float, float, float, float, float] | None = None,
         ) -> Iterator[Thresholds]:
    """Every threshold combination searched."""
    for a, m, c, k in itertools.product(ANSWERS, MARGINS, COVERAGES, KNOWNS):
        yield Thresholds(answer=a, margin=m, coverage=c, known=k, weights=weights)


def _neighbours(t: Thresholds) -> Iterator[Thresholds]:
    """`t` and the grid points one step away in coverage or known share."""
    c, k = COVERAGES.index(t.coverage), KNOWNS.index(t.known)
    for dc, dk in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
        if 0 <= c + dc < len(COVERAGES) and 0 <= k + dk < len(KNOWNS):
            yield replace(t, coverage=COVERAGES[c + dc], known=KNOWNS[k + dk])


def best_thresholds(engine: FaqEngine, english: bool) -> tuple[Thresholds, float]:
    """The thresholds of highest worth on the development set, and that worth.

    Worth is averaged with the neighbouring grid points: a narrow peak is a few development
    questions on the edge, a plateau is a rule that holds for unseen questions too.
    """
    found = [o for o in observations(engine, load_tuning_questions()) if o.english == english]
    index = engine.english_index if english else engine.index
    weights = fit_weights(index, found)
    judge = _Judge(index, found, weights)
    raw = {t: judge.worth(t) for t in grid(weights)}
    # Only points with all four neighbours: an edge point would be judged on fewer.
    smoothed = ((statistics.fmean(raw[n] for n in _neighbours(t)), t) for t in raw
                if len(list(_neighbours(t))) == 5)
    # Among equally worthy thresholds, the strictest: they leave more room for unseen questions.
    value, chosen = max(smoothed, key=lambda p: (p[0], p[1].coverage, p[1].known, p[1].answer,
                                                  p[1].margin))
    named = max((replace(chosen, named=n) for n in NAMED if n <= chosen.answer),
                key=lambda t: (judge.worth(t), t.named))
    return named, value + judge.worth(named) - judge.worth(chosen)
