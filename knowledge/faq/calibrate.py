"""Tune the decision thresholds on the development set of user-style questions.

Each development question is searched once; every threshold combination is then judged on the
recorded signals. Worth: a direct right answer earns 1; suggesting, even the right entry, earns
nothing; a direct answer whose entry lacks the fact costs COST_WRONG; an out-of-scope question
that is not declined costs COST_OOS. The held-out set (questions/heldout.yaml) is never read here.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from knowledge.faq.decide import Thresholds, choose
from knowledge.faq.engine import FaqEngine
from knowledge.faq.evaluate import DEV_PATH, Question, load_questions
from knowledge.faq.index import FaqIndex, SearchResult

COST_WRONG = 4.0
COST_OOS = 2.0


@dataclass(frozen=True, slots=True)
class Observation:
    """One development question and its search, in the language it was asked in."""

    question: Question
    english: bool
    result: SearchResult


def observations(engine: FaqEngine, questions: Sequence[Question]) -> list[Observation]:
    """The development questions that the FAQ decision (not small talk or computing) decides."""
    found = []
    for q in questions:
        reply = engine.respond(q.text)
        if q.smalltalk or reply.kind in ("computed", "greeting", "thanks", "empty"):
            continue
        english = engine.is_english(q.text)
        found.append(Observation(q, english, engine.search(q.text, english)))
    return found


def worth(index: FaqIndex, found: Sequence[Observation], t: Thresholds, english: bool) -> float:
    """Total worth of thresholds `t` over the observations of one language."""
    total = 0.0
    for o in found:
        if o.english != english:
            continue
        d = choose(index, o.result, t)
        answered = d.kind == "answer"
        if o.question.out_of_scope:
            total -= COST_OOS * (d.kind != "decline")
        elif answered:
            total += 1.0 if d.entries[0].id in o.question.labels else -COST_WRONG
    return total


ANSWERS = [x / 100 for x in range(10, 61, 10)]
MARGINS = [0.0, 0.02, 0.05, 0.1]
COVERAGES = [x / 100 for x in range(10, 91, 10)]
KNOWNS = [x / 100 for x in range(30, 101, 10)]


def grid() -> Iterator[Thresholds]:
    """Every threshold combination searched."""
    for a, m, c, k in itertools.product(ANSWERS, MARGINS, COVERAGES, KNOWNS):
        yield Thresholds(answer=a, margin=m, coverage=c, known=k)


def _neighbours(t: Thresholds) -> Iterator[Thresholds]:
    """`t` and the grid points one step away in coverage or known share."""
    c, k = COVERAGES.index(t.coverage), KNOWNS.index(t.known)
    for dc, dk in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
        if 0 <= c + dc < len(COVERAGES) and 0 <= k + dk < len(KNOWNS):
            yield Thresholds(answer=t.answer, margin=t.margin, coverage=COVERAGES[c + dc],
                             known=KNOWNS[k + dk])


def best_thresholds(engine: FaqEngine, english: bool) -> tuple[Thresholds, float]:
    """The thresholds of highest worth on the development set, and that worth.

    Worth is averaged with the neighbouring grid points: a narrow peak is a few development
    questions on the edge, a plateau is a rule that holds for unseen questions too.
    """
    found = observations(engine, load_questions(DEV_PATH))
    index = engine.english_index if english else engine.index
    raw = {t: worth(index, found, t, english) for t in grid()}
    # Only points with all four neighbours: an edge point would be judged on fewer.
    smoothed = ((statistics.fmean(raw[n] for n in _neighbours(t)), t) for t in raw
                if len(list(_neighbours(t))) == 5)
    # Among equally worthy thresholds, the strictest: they leave more room for unseen questions.
    value, chosen = max(smoothed, key=lambda p: (p[0], p[1].coverage, p[1].known, p[1].answer))
    return chosen, value
