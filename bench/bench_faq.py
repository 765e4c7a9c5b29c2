"""Benchmark the FAQ engine on the held-out questions, beside a plain BM25 baseline.

Run as `python bench/bench_faq.py` for the held-out figures, or with `--calibrate` to compare
retrieval settings by cross-validation on the entries' paraphrases and search the decision
thresholds (the held-out set is never used for that).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a plain script: make the project importable without installing it.
sys.path.insert(0, str(ROOT))

from knowledge.faq.calibrate import (  # noqa: E402
    OUT_OF_SCOPE,
    POSITIVE,
    Observation,
    best_thresholds,
    kind_weights,
    observations,
    outcome,
)
from knowledge.faq.decide import Thresholds  # noqa: E402
from knowledge.faq.engine import FaqEngine  # noqa: E402
from knowledge.faq.evaluate import Case, Metrics, evaluate, leaked, load_cases  # noqa: E402
from knowledge.faq.index import FaqIndex, IndexConfig  # noqa: E402
from knowledge.faq.model import Answer, FaqEntry, NoAnswer, load_entries  # noqa: E402
from knowledge.faq.normalize import fold  # noqa: E402

BASELINE = IndexConfig(
    unigram=1.0, bigram=0.0, chargram=0.0, accent=0.0, typos=False, normalized=False
)
_TEXTS_ONLY = {"pooled": 0.0, "answer": 0.0, "concept": 0.0}
VARIANTS: dict[str, IndexConfig] = {
    "baseline: BM25, lowercase words": BASELINE,
    "folded syllables": IndexConfig(**_TEXTS_ONLY, typos=False),
    "+ spelling correction": IndexConfig(**_TEXTS_ONLY),
    "+ syllable bigrams 0.6": IndexConfig(**_TEXTS_ONLY, bigram=0.6),
    "+ char trigrams 0.15": IndexConfig(**_TEXTS_ONLY, bigram=0.6, chargram=0.15),
    "+ accented words 0.2": IndexConfig(**_TEXTS_ONLY, bigram=0.6, chargram=0.15, accent=0.2),
    "spelling + pooled entry texts": IndexConfig(answer=0.0, concept=0.0),
    "+ answer text": IndexConfig(concept=0.0),
    "+ concepts (chosen)": IndexConfig(),
    "chosen + bigrams 0.3": IndexConfig(bigram=0.3),
    "chosen + char trigrams 0.15": IndexConfig(chargram=0.15),
}
AIMS = {"acc1": 0.90, "oos": 0.05, "p95": 5.0}


# --- baseline --------------------------------------------------------------------------------


def baseline_threshold(entries: Sequence[FaqEntry]) -> float:
    """The fixed raw-score threshold of the baseline, chosen on its own calibration queries."""
    found = [o for o in observations(entries, BASELINE) if o.ids]
    weights = kind_weights(found)
    always = Thresholds(answer=0, margin=0, coverage=0, suggest=99)
    value = {o: weights[o.kind] * outcome(o, always) for o in found}
    candidates = sorted({round(o.scores[0], 1) for o in found})
    worth = {t: sum(v for o, v in value.items() if o.scores[0] >= t) for t in candidates}
    return max(worth, key=lambda t: worth[t])


def baseline_decider(index: FaqIndex, threshold: float) -> Callable[[str], object]:
    """Answer the top hit when its raw BM25 score reaches `threshold`, else decline."""

    def decide(query: str) -> object:
        hits = index.search(query).hits
        if hits and hits[0].score >= threshold:
            return Answer(index.entries[hits[0].entry], hits[0].score)
        return NoAnswer()

    return decide


def ranker(index: FaqIndex) -> Callable[[str], list[str]]:
    """Ranked entry ids for a query."""
    return lambda query: [index.entries[h.entry].id for h in index.search(query).hits]


# --- printing --------------------------------------------------------------------------------


def row(name: str, m: Metrics) -> str:
    """One table row of figures."""
    return (
        f"{name:<34} {m.acc1:6.3f} {m.recall3:6.3f} {m.mrr:6.3f} {m.precision:6.3f} "
        f"{m.coverage:6.3f} {m.oos_false_rate:6.3f} {m.p50_ms:6.2f} {m.p95_ms:6.2f}"
    )


HEADER = (
    f"{'':<34} {'Acc@1':>6} {'R@3':>6} {'MRR':>6} {'prec':>6} {'cover':>6} {'OOS→A':>6} "
    f"{'p50ms':>6} {'p95ms':>6}"
)


def report(engine: FaqEngine, entries: Sequence[FaqEntry]) -> None:
    """Held-out figures of the engine and of the baseline, in one table."""
    cases = load_cases()
    leaks = leaked(cases, entries)
    in_scope = sum(c.expected is not None for c in cases)
    criteria = sum(c.expected == "criteria" for c in cases)
    print(f"held-out: {len(cases)} queries ({in_scope - criteria} FAQ, {criteria} criteria, "
          f"{len(cases) - in_scope} out of scope); {len(leaks)} equal to an entry text once "
          f"normalised; Acc@1, R@3, MRR over FAQ questions")
    for case in cases[:20]:  # warm caches the way a running bot has them warm
        engine.ask(case.query)
    ours = evaluate(cases, ranker(engine.index), engine.ask)
    base_index = FaqIndex(entries, BASELINE)
    threshold = baseline_threshold(entries)
    base = evaluate(cases, ranker(base_index), baseline_decider(base_index, threshold))
    print(HEADER)
    print(row("engine (FaqEngine.ask)", ours))
    print(row(f"baseline BM25 (score ≥ {threshold:g})", base))
    print(f"engine: answered {ours.answered}/{ours.in_scope} in scope, "
          f"{ours.answered_correct} right; suggestions held the answer for "
          f"{ours.suggested_correct} more; criteria questions answered from the sheets "
          f"{ours.criteria_answered}/{ours.criteria_cases}; out of scope: "
          f"{ours.oos_answered}/{ours.out_of_scope} answered, {ours.oos_suggested} given "
          f"suggestions, the rest the honest fallback")
    variants_on_heldout(entries, cases)
    verdict = (ours.acc1 >= AIMS["acc1"], ours.oos_false_rate <= AIMS["oos"],
               ours.p95_ms < AIMS["p95"])
    print(f"aims: Acc@1 ≥ {AIMS['acc1']} {'OK' if verdict[0] else 'MISSED'}; "
          f"OOS false answers ≤ {AIMS['oos']} {'OK' if verdict[1] else 'MISSED'}; "
          f"p95 < {AIMS['p95']} ms {'OK' if verdict[2] else 'MISSED'}")


def variants_on_heldout(entries: Sequence[FaqEntry], cases: Sequence[Case]) -> None:
    """Ranking figures of every retrieval variant on the held-out FAQ questions (report only)."""
    faq = [c for c in cases if c.expected not in (None, "criteria")]
    print("retrieval variants on the held-out FAQ questions (chosen by cross-validation, "
          "see --calibrate):")
    for name, config in VARIANTS.items():
        rank = ranker(FaqIndex(entries, config))
        found = [rank(c.query)[:3] for c in faq]
        acc = sum(bool(f) and f[0] == c.expected for f, c in zip(found, faq, strict=True))
        r3 = sum(c.expected in f for f, c in zip(found, faq, strict=True))
        print(f"  {name:<34} Acc@1 {acc / len(faq):.3f}  R@3 {r3 / len(faq):.3f}")


# --- calibration -----------------------------------------------------------------------------

KEYBOARD_NEIGHBOURS = dict(zip(
    "qwertyuiopasdfghjklzxcvbnm", "wqetryuiopasdfghjklzxcvbnm"[::-1], strict=True
))


def perturb(query: str, rng: random.Random) -> str:
    """The query as a hurried user types it: no accents, and one typo in a longer word."""
    words = fold(query).split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return " ".join(words)
    i = rng.choice(long_words)
    w, k = words[i], rng.randrange(len(words[i]) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    elif kind == 1:
        w = w[:k] + w[k + 1:]
    else:
        w = w[:k] + KEYBOARD_NEIGHBOURS.get(w[k], w[k]) + w[k + 1:]
    words[i] = w
    return " ".join(words)


def cv_ranking(entries: Sequence[FaqEntry], config: IndexConfig) -> tuple[float, float, float]:
    """Cross-validated Acc@1 and MRR on held paraphrases, and Acc@1 on perturbed ones."""
    from knowledge.faq.calibrate import paraphrase_folds

    rng = random.Random(2026)
    top = mrr = noisy = total = 0.0
    for kept, held in paraphrase_folds(entries):
        rank = ranker(FaqIndex(kept, config))
        for query, expected in held:
            ids = rank(query)
            top += bool(ids) and ids[0] == expected
            mrr += 1 / (ids.index(expected) + 1) if expected in ids else 0.0
            noisy_ids = rank(perturb(query, rng))
            noisy += bool(noisy_ids) and noisy_ids[0] == expected
            total += 1
    return top / total, mrr / total, noisy / total


def decision_summary(found: Sequence[Observation], t: Thresholds) -> str:
    """Answer rate, precision and out-of-scope answers of thresholds `t` on observations."""
    pos = [o for o in found if o.kind == POSITIVE]

    def answers(o: Observation) -> bool:
        return bool(o.ids) and o.confidence >= t.answer and o.margin >= t.margin and (
            o.coverage >= t.coverage)

    given = [o for o in pos if answers(o)]
    right = sum(o.ids[0] == o.expected for o in given)
    negatives = {k: [o for o in found if o.kind == k] for k in ("near_miss", OUT_OF_SCOPE)}
    wrong = {k: sum(answers(o) for o in v) / max(len(v), 1) for k, v in negatives.items()}
    oos = negatives[OUT_OF_SCOPE]
    suggested = sum(not answers(o) and bool(o.ids) and o.confidence >= t.suggest
                    and o.coverage >= t.suggest_coverage for o in oos) / max(len(oos), 1)
    return (f"positives answered {len(given)}/{len(pos)} ({right} right, precision "
            f"{right / max(len(given), 1):.3f}); near misses answered {wrong['near_miss']:.3f}; "
            f"out of scope answered {wrong[OUT_OF_SCOPE]:.3f}, given suggestions "
            f"{suggested:.3f}")


def calibrate(entries: Sequence[FaqEntry], variants: bool = True) -> None:
    """Compare retrieval variants by cross-validation, then search the thresholds."""
    print(f"{len(entries)} entries, {sum(len(e.paraphrases) for e in entries)} paraphrases; "
          f"10-fold cross-validation on paraphrases")
    print(f"{'variant':<34} {'Acc@1':>6} {'MRR':>6} {'noisy@1':>8} {'build ms':>9}")
    for name, config in VARIANTS.items() if variants else ():
        start = time.perf_counter()
        FaqIndex(entries, config)
        build = (time.perf_counter() - start) * 1000
        acc, mrr, noisy = cv_ranking(entries, config)
        print(f"{name:<34} {acc:6.3f} {mrr:6.3f} {noisy:8.3f} {build:9.1f}")
    found = observations(entries, IndexConfig())
    chosen, worth = best_thresholds(found)
    print(f"best thresholds (worth {worth:.1f}): {chosen}")
    print("  " + decision_summary(found, chosen))
    print(f"current thresholds: {Thresholds()}")
    print("  " + decision_summary(found, Thresholds()))


def main(argv: Sequence[str] | None = None) -> None:
    """Run the held-out benchmark, or the calibration with --calibrate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="compare settings, tune")
    parser.add_argument("--no-variants", action="store_true", help="only tune thresholds")
    args = parser.parse_args(argv)
    entries = load_entries()
    if args.calibrate:
        calibrate(entries, variants=not args.no_variants)
        return
    report(FaqEngine.load(), entries)


if __name__ == "__main__":
    main()
