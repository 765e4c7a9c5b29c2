"""Benchmark the FAQ engine on the held-out questions, beside a plain BM25 baseline.

Run as `python bench/bench_faq.py` for the figures on the newest set written blind
(evaluate.NEWEST_BLIND_PATH; its blind figures, from before it was tuned on, are in
bench/results), then on the first user-style held-out set (questions/heldout.yaml) and on the
older held-out set (heldout.yaml); with
`--calibrate` to tune the decision thresholds on the development sets (evaluate.TUNING_PATHS:
every set evaluated once) only; with `--dev`
for the figures on those development sets together; with `--questions PATH` for the user-style
figures on another set in the same format (`--half odd|even`: one half of it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a plain script: make the project importable without installing it.
sys.path.insert(0, str(ROOT))

from knowledge.faq.calibrate import COST_OOS, COST_WRONG, best_thresholds  # noqa: E402
from knowledge.faq.engine import FaqEngine  # noqa: E402
from knowledge.faq.evaluate import (  # noqa: E402
    DECLINED_KINDS,
    DEV_PATHS,
    NEWEST_BLIND_PATH,
    TUNING_PATHS,
    USER_HELDOUT_PATH,
    Metrics,
    Question,
    Replying,
    UserMetrics,
    evaluate,
    evaluate_user,
    half,
    is_right,
    leaked,
    load_cases,
    load_dev_questions,
    load_questions,
)
from knowledge.faq.index import FaqIndex, IndexConfig  # noqa: E402
from knowledge.faq.memory import QuestionMemory  # noqa: E402
from knowledge.faq.model import FaqEntry, NoAnswer, load_entries  # noqa: E402

BASELINE = IndexConfig(
    unigram=1.0, bigram=0.0, chargram=0.0, accent=0.0, typos=False, normalized=False
)
AIMS = {"direct": 0.90, "precision": 0.95, "oos": 0.95, "p95": 5.0}


@dataclass(frozen=True, slots=True)
class BaselineReply:
    """The baseline's reply: the top hit when its raw BM25 score reaches the threshold."""

    kind: str
    language: str = "vi"
    entry: FaqEntry | None = None
    computed_kind: str | None = None


def baseline_reply(index: FaqIndex, threshold: float) -> Callable[[str], BaselineReply]:
    """Answer the top hit of plain BM25 when its score reaches `threshold`, else decline."""

    def reply(query: str) -> BaselineReply:
        hits = index.search(query).hits
        if hits and hits[0].score >= threshold:
            return BaselineReply("answer", entry=index.entries[hits[0].entry])
        return BaselineReply("decline")

    return reply


def baseline_threshold(index: FaqIndex, questions: Sequence[Question]) -> float:
    """The raw-score threshold of the baseline, chosen on the development set with the same
    worth as the engine's calibration."""
    top = []
    for q in questions:
        hits = index.search(q.text).hits
        if hits:
            entry = index.entries[hits[0].entry].id
            gain = -COST_OOS if q.out_of_scope else (1.0 if entry in q.labels else -COST_WRONG)
            top.append((hits[0].score, 0.0 if q.smalltalk else gain))
    candidates = sorted({round(score, 1) for score, _ in top})
    return max(candidates, key=lambda t: sum(g for s, g in top if s >= t))


def ranker(index: FaqIndex) -> Callable[[str], list[str]]:
    """Ranked entry ids for a query."""
    return lambda query: [index.entries[h.entry].id for h in index.search(query).hits]


def engine_ranker(engine: FaqEngine) -> Callable[[str], list[str]]:
    """Ranked entry ids in the question's language."""
    def rank(query: str) -> list[str]:
        index = engine.english_index if engine.is_english(query) else engine.index
        return [index.entries[h.entry].id for h in index.search(query).hits]
    return rank


# --- the user-style held-out set ------------------------------------------------------------

USER_HEADER = (f"{'':<30} {'direct':>7} {'answer':>7} {'prec':>6} {'Acc@1':>6} {'R@3':>6} "
               f"{'OOSdec':>7} {'talk':>6} {'en':>6} {'p50ms':>6} {'p95ms':>6} {'cpu50':>6} "
               f"{'cpu95':>6}")


def user_row(name: str, m: UserMetrics) -> str:
    """One table row of user-style figures."""
    en = m.english_right / m.english if m.english else 0.0
    talk = m.smalltalk_right / m.smalltalk if m.smalltalk else 0.0
    return (f"{name:<30} {m.direct_rate:7.3f} {m.answer_rate:7.3f} {m.precision:6.3f} "
            f"{m.acc1:6.3f} {m.recall3:6.3f} {m.oos_declined:7.3f} {talk:6.3f} {en:6.3f} "
            f"{m.p50_ms:6.2f} {m.p95_ms:6.2f} {m.p50_cpu_ms:6.2f} {m.p95_cpu_ms:6.2f}")


def without_these_sets(engine: FaqEngine, paths: Sequence[Path]) -> FaqEngine:
    """The engine with a question memory that leaves `paths` out, when it holds them: the
    memory holds every development set, and a question it holds would answer from itself."""
    held = {path.resolve() for path in TUNING_PATHS} & {path.resolve() for path in paths}
    if engine.memory is None or not held:
        return engine
    print(f"(the question memory leaves {', '.join(sorted(p.stem for p in held))} out, as for "
          "questions it has never seen)")
    kept = (path for path in TUNING_PATHS if path.resolve() not in held)
    return FaqEngine(engine.entries, engine.criteria.sheets, memory=QuestionMemory.from_paths(kept))


# A running bot has answered many questions: its per-word caches hold the common words, and
# whatever is built on first use is built. It is warmed on development questions, never on the
# measured ones, whose own replies would then come from caches.
WARM_QUESTIONS = 200


def _warm(engine: FaqEngine, measured: set[str]) -> None:
    """Reply to development questions that are not among `measured`, as a running bot has."""
    warming = [q.text for q in load_dev_questions() if q.text not in measured]
    for text in warming[:WARM_QUESTIONS]:
        engine.respond(text)


def user_report(engine: FaqEngine, entries: Sequence[FaqEntry],
                paths: Sequence[Path] = (USER_HELDOUT_PATH,), misses: bool = False,
                part: str | None = None) -> None:
    """User-style figures (held-out unless told) of the engine and of plain BM25, in one table;
    with `misses`, also every question the engine did not get right in that same run; with
    `part` ("odd" or "even"), on that half of the questions only."""
    questions = [q for path in paths for q in load_questions(path)]
    if part is not None:
        questions = half(questions, odd=part == "odd")
    engine = without_these_sets(engine, paths)
    _warm(engine, {q.text for q in questions})
    replies: dict[str, Replying] = {}

    def respond(text: str) -> Replying:
        replies[text] = reply = engine.respond(text)
        return reply

    ours = evaluate_user(questions, respond, engine_ranker(engine))
    base_index = FaqIndex(entries, BASELINE)
    threshold = baseline_threshold(base_index, load_dev_questions())
    base = evaluate_user(questions, baseline_reply(base_index, threshold), ranker(base_index))
    print(f"user-style {_set_name(paths)} set{f' ({part} half)' if part else ''}: "
          f"{len(questions)} questions ({ours.in_scope} in scope, "
          f"{ours.english} of them English; {ours.out_of_scope} out of scope; "
          f"{ours.smalltalk} small talk)")
    print("direct = in-scope questions given a direct, right answer; answer = given a direct "
          "answer; prec = direct answers that hold the fact; OOSdec = out of scope declined")
    print(USER_HEADER)
    print(user_row("engine (FaqEngine.respond)", ours))
    print(user_row(f"plain BM25 (score ≥ {threshold:g})", base))
    print(f"engine / plain BM25 time: p50 {_ratio(ours.p50_ms, base.p50_ms)}, p95 "
          f"{_ratio(ours.p95_ms, base.p95_ms)}; CPU p50 {_ratio(ours.p50_cpu_ms, base.p50_cpu_ms)}"
          f", p95 {_ratio(ours.p95_cpu_ms, base.p95_cpu_ms)} (wall time counts waiting for a "
          "busy core; CPU time is what a reply costs)")
    checks = [("direct right", ours.direct_rate >= AIMS["direct"], AIMS["direct"]),
              ("precision", ours.precision >= AIMS["precision"], AIMS["precision"]),
              ("out of scope declined", ours.oos_declined >= AIMS["oos"], AIMS["oos"]),
              ("p95 ms <", ours.p95_ms < AIMS["p95"], AIMS["p95"]),
              ("p95 CPU ms <", ours.p95_cpu_ms < AIMS["p95"], AIMS["p95"])]
    print("aims: " + "; ".join(f"{name} {aim} {'OK' if ok else 'MISSED'}"
                               for name, ok, aim in checks))
    if misses:
        print_misses(questions, replies)


def _described(reply: Replying) -> str:
    """What a reply gave, in a few words."""
    if reply.entry is not None:
        return f"{reply.kind} {reply.entry.id}"
    if reply.computed_kind is not None:
        return f"{reply.kind} {reply.computed_kind}"
    offered = [e.id for e in getattr(reply, "suggestions", ())]
    return f"{reply.kind} {' '.join(offered)}".strip()


def print_misses(questions: Sequence[Question], replies: dict[str, Replying]) -> None:
    """Each question not answered as its labels say, with what it got (one line each)."""
    print("\nmisses (question | labels | reply):")
    for q in questions:
        reply = replies[q.text]
        ok = reply.kind in DECLINED_KINDS if q.out_of_scope else is_right(q, reply)
        if not ok:
            print(f"  {q.text} | {' '.join(sorted(q.labels))} | {_described(reply)}")


# --- the older held-out set (entry-style questions) ------------------------------------------


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


def legacy_report(engine: FaqEngine, entries: Sequence[FaqEntry]) -> None:
    """The older held-out set, through the original `ask` API."""
    cases = load_cases()
    print(f"\nolder held-out set (heldout.yaml): {len(cases)} queries, "
          f"{len(leaked(cases, entries))} equal to an entry text once normalised")
    ours = evaluate(cases, ranker(engine.index), engine.ask)
    base_index = FaqIndex(entries, BASELINE)
    print(HEADER)
    print(row("engine (FaqEngine.ask)", ours))
    print(row("plain BM25, ranking only", evaluate(cases, ranker(base_index),
                                                   lambda q: NoAnswer())))


def _set_name(paths: Sequence[Path]) -> str:
    """How the report names a question set."""
    if tuple(paths) == (USER_HELDOUT_PATH,):
        return "held-out"
    if tuple(paths) == DEV_PATHS:
        return "development (dev.yaml + fresh.yaml)"
    return " + ".join(f"'{path.name}'" for path in paths)


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.1f}×" if base > 0 else "n/a"


def calibrate() -> None:
    """Search the thresholds of each language on the development set."""
    engine = FaqEngine.load()
    for english in (False, True):
        chosen, worth = best_thresholds(engine, english)
        print(f"{'English' if english else 'Vietnamese'}: best thresholds (worth {worth:.1f}): "
              f"{chosen}")
    print(f"in use: vi {engine.thresholds}; en {engine.thresholds_en}")


def main(argv: Sequence[str] | None = None) -> None:
    """Run the held-out benchmark, or the calibration with --calibrate."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="tune on the development set")
    parser.add_argument("--dev", action="store_true",
                        help="figures on the development sets instead (nothing held out is read)")
    parser.add_argument("--questions", type=Path, metavar="PATH",
                        help="user-style figures on this question set only (same format as dev)")
    parser.add_argument("--half", choices=("odd", "even"),
                        help="only the odd- or even-numbered questions of the set")
    parser.add_argument("--misses", action="store_true",
                        help="also list the questions the engine did not get right")
    parser.add_argument("--entries", type=Path, metavar="DIR",
                        help="entry files from this folder (e.g. entries as they were before a "
                             "set was tuned on: how the engine's rules do on unseen wordings)")
    args = parser.parse_args(argv)
    if args.calibrate:
        calibrate()
        return
    entries = load_entries(args.entries)
    engine = FaqEngine.load(args.entries)
    if args.dev or args.questions:
        paths = (args.questions.resolve(),) if args.questions else DEV_PATHS
        user_report(engine, entries, paths, args.misses, args.half)
        return
    print(f"{NEWEST_BLIND_PATH.name}: written blind and evaluated once (its figures then: "
          "bench/results); tuned on since, like every set once evaluated")
    user_report(engine, entries, (NEWEST_BLIND_PATH,), misses=args.misses)
    user_report(engine, entries, misses=args.misses)
    legacy_report(engine, entries)


if __name__ == "__main__":
    main()
