"""Turn ranked hits into an answer, suggestions or an honest "I don't know".

A wrong confident answer is the worst outcome, so answering needs three things at once: the
best entry matches most of what a perfect match would score (confidence), it is clearly ahead
of the next entry (margin), and it contains most of the query's informative words (coverage).
A question that is, once normalised, an entry's own question or paraphrase is answered
outright. The thresholds were calibrated on the entries' own paraphrases, held out in folds, and on
questions whose entry was held out (see bench/bench_faq.py --calibrate), never on heldout.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.faq.index import FaqIndex, SearchResult
from knowledge.faq.model import Answer, NoAnswer, Suggestions

MAX_SUGGESTIONS = 3
# Greetings, thanks and goodbyes: declined as "smalltalk" so the bot can answer them politely.
SMALLTALK = frozenset(re.findall(
    r"\w+",
    "xin chao chao hello hi helo alo cam on thanks thank you ok oke okay vang da tam biet bye "
    "chuc ngu ngon buoi sang toi trua tot lanh nhe nha a ad admin ban bot oi em anh chi minh "
    "rat nhieu hihi haha hehe",
))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the decision switches between answering, suggesting and declining."""

    answer: float = 0.65
    margin: float = 0.2
    coverage: float = 0.95
    suggest: float = 0.3
    suggest_ratio: float = 0.7
    suggest_coverage: float = 0.4


@dataclass(frozen=True, slots=True)
class Signals:
    """The numbers a decision is made on, for the best hit."""

    confidence: float
    margin: float
    coverage: float


def signals(index: FaqIndex, result: SearchResult) -> Signals:
    """Confidence, margin to the runner-up and coverage of the best hit."""
    if not result.hits:
        return Signals(0.0, 0.0, 0.0)
    top = result.hits[0].score
    second = result.hits[1].score if len(result.hits) > 1 else 0.0
    margin = (top - second) / top if top > 0 else 0.0
    return Signals(result.confidence(0), margin, index.coverage(result))


def decide(
    index: FaqIndex, result: SearchResult, thresholds: Thresholds
) -> Answer | Suggestions | NoAnswer:
    """Answer, suggest up to three entries, or decline, from one search result."""
    if result.words and all(t in SMALLTALK for t in result.words):
        return NoAnswer("smalltalk")
    if not result.terms:
        return NoAnswer("empty")
    entries = index.entries
    if result.exact is not None:
        return Answer(entries[result.exact], 1.0)
    s = signals(index, result)
    if s.confidence <= 0:
        return NoAnswer("out_of_scope")
    if (
        s.confidence >= thresholds.answer
        and s.margin >= thresholds.margin
        and s.coverage >= thresholds.coverage
    ):
        return Answer(entries[result.hits[0].entry], round(s.confidence, 3))
    if s.confidence >= thresholds.suggest and s.coverage >= thresholds.suggest_coverage:
        floor = thresholds.suggest_ratio * result.hits[0].score
        close = [entries[h.entry] for h in result.hits if h.score >= floor]
        return Suggestions(tuple(close[:MAX_SUGGESTIONS]))
    return NoAnswer("out_of_scope" if s.coverage < thresholds.coverage else "unsure")
