"""Measure a question answerer on labelled queries: ranking quality, decisions and latency."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml

from knowledge.faq.model import Answer, FaqEntry, NoAnswer, Suggestions
from knowledge.faq.normalize import tokens

HELDOUT_PATH = Path(__file__).resolve().parent / "heldout.yaml"
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: faster
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
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
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


# --- user-style question sets (questions/dev.yaml + fresh.yaml, questions/heldout.yaml) ------

QUESTIONS_DIR = Path(__file__).resolve().parent / "questions"
DEV_PATH = QUESTIONS_DIR / "dev.yaml"
# fresh.yaml was written as a blind set and evaluated once (bench/results/faq_fresh_2026-11-30.txt);
# since then it is development data like dev.yaml.
FRESH_PATH = QUESTIONS_DIR / "fresh.yaml"
DEV_PATHS = (DEV_PATH, FRESH_PATH)
USER_HELDOUT_PATH = QUESTIONS_DIR / "heldout.yaml"
# The newest set written blind (by a helper who saw only the entries, the sheets and the
# reference): evaluated once when written, its figures then kept in bench/results; tuned on since,
# as every set is once evaluated.
NEWEST_BLIND_PATH = QUESTIONS_DIR / "fresh37.yaml"
SMALLTALK_LABELS = frozenset({"greeting", "thanks"})
OUT_OF_SCOPE_LABEL = "oos"
CRITERION_KINDS = frozenset({"criterion", "group", "sheet", "level", "which_sheet",
                             "choose_sheet", "need_product"})


@dataclass(frozen=True, slots=True)
class Question:
    """A user-style question: the labels that count as right, and its language."""

    text: str
    labels: frozenset[str]
    language: str = "vi"

    @property
    def out_of_scope(self) -> bool:
        return OUT_OF_SCOPE_LABEL in self.labels

    @property
    def smalltalk(self) -> bool:
        return bool(self.labels & SMALLTALK_LABELS)

    @property
    def entry_ids(self) -> frozenset[str]:
        """The entries that hold the fact asked for."""
        return frozenset(
            label for label in self.labels
            if not label.startswith("calc:") and label not in SMALLTALK_LABELS
            and label != OUT_OF_SCOPE_LABEL
        )


def load_questions(path: Path) -> list[Question]:
    """Read a question set: a list of {q, a, lang?} (a: space-separated labels)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
    return [Question(str(item["q"]), frozenset(str(item["a"]).split()),
                     str(item.get("lang") or "vi")) for item in data]


def load_dev_questions() -> list[Question]:
    """The development questions of the --dev report and the baseline: dev.yaml and fresh.yaml."""
    return [q for path in DEV_PATHS for q in load_questions(path)]


# Every set evaluated once is development data since, and the decision is tuned on all of
# them (round 10; before it the even-numbered halves of fresh3.yaml and fresh4.yaml were kept
# apart). What checks the tuning is the next blind set, written after it.
TUNING_PATHS = (DEV_PATH, FRESH_PATH,
                *(QUESTIONS_DIR / f"fresh{n}.yaml" for n in range(2, 38)), USER_HELDOUT_PATH)
FRESH4_PATH = QUESTIONS_DIR / "fresh4.yaml"


def half(questions: Sequence[Question], odd: bool) -> list[Question]:
    """The odd-numbered (1st, 3rd, ...) or even-numbered questions of a set."""
    return list(questions[0 if odd else 1::2])


def load_tuning_questions() -> list[Question]:
    """The questions the decision is tuned on (knowledge/faq/calibrate.py)."""
    return [q for path in TUNING_PATHS for q in load_questions(path)]


def computed_label(kind: str) -> str:
    """The label a computed answer of this kind satisfies."""
    return "calc:criterion" if kind in CRITERION_KINDS else f"calc:{kind}"


class Replying(Protocol):
    """What `evaluate_user` needs of a reply (knowledge.faq.engine.Reply has it)."""

    @property
    def kind(self) -> str: ...

    @property
    def entry(self) -> FaqEntry | None: ...

    @property
    def computed_kind(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class UserMetrics:
    """Figures over a user-style question set; rates are shares in 0..1."""

    in_scope: int
    direct: int
    direct_right: int
    ranked: int
    top1: int
    top3: int
    out_of_scope: int
    declined: int
    smalltalk: int
    smalltalk_right: int
    english: int
    english_right: int
    p50_ms: float
    p95_ms: float
    # CPU time of the replying thread: what the reply costs on a quiet core, whatever the load.
    p50_cpu_ms: float = 0.0
    p95_cpu_ms: float = 0.0

    @property
    def direct_rate(self) -> float:
        """In-scope questions that got a direct, right answer."""
        return self.direct_right / self.in_scope if self.in_scope else 0.0

    @property
    def answer_rate(self) -> float:
        """In-scope questions answered directly (right or wrong)."""
        return self.direct / self.in_scope if self.in_scope else 0.0

    @property
    def precision(self) -> float:
        """Direct answers that hold the fact asked for."""
        return self.direct_right / self.direct if self.direct else 1.0

    @property
    def acc1(self) -> float:
        return self.top1 / self.ranked if self.ranked else 0.0

    @property
    def recall3(self) -> float:
        return self.top3 / self.ranked if self.ranked else 0.0

    @property
    def oos_declined(self) -> float:
        return self.declined / self.out_of_scope if self.out_of_scope else 1.0


_COUNTED = ("in_scope", "direct", "direct_right", "ranked", "top1", "top3", "out_of_scope",
            "declined", "smalltalk", "smalltalk_right", "english", "english_right")
DECLINED_KINDS = frozenset({"decline", "greeting", "thanks", "empty"})


def is_right(question: Question, reply: Replying) -> bool:
    """Whether a direct reply holds the fact asked for (or the right small talk)."""
    if question.smalltalk:
        return reply.kind in question.labels
    if reply.kind == "answer" and reply.entry is not None:
        return reply.entry.id in question.labels
    kind = reply.computed_kind
    return reply.kind == "computed" and kind is not None and (
        computed_label(kind) in question.labels)


def evaluate_user(
    questions: Sequence[Question],
    respond: Callable[[str], Replying],
    rank: Callable[[str], Sequence[str]],
) -> UserMetrics:
    """Reply to and rank every question; count direct answers, declines and time."""
    counts: dict[str, int] = dict.fromkeys(_COUNTED, 0)
    times: list[float] = []
    cpu: list[float] = []
    for question in questions:
        start, start_cpu = time.perf_counter(), time.thread_time()
        reply = respond(question.text)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
        _count(counts, question, reply, rank)
    p50, p95 = _percentiles(times)
    p50_cpu, p95_cpu = _percentiles(cpu)
    return UserMetrics(**counts, p50_ms=p50, p95_ms=p95, p50_cpu_ms=p50_cpu, p95_cpu_ms=p95_cpu)


def _percentiles(times: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile of `times` (0 when empty)."""
    if not times:
        return 0.0, 0.0
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _count(counts: dict[str, int], question: Question, reply: Replying,
           rank: Callable[[str], Sequence[str]]) -> None:
    if question.out_of_scope:
        counts["out_of_scope"] += 1
        counts["declined"] += reply.kind in DECLINED_KINDS
        return
    right = is_right(question, reply)
    if question.smalltalk:
        counts["smalltalk"] += 1
        counts["smalltalk_right"] += right
        return
    counts["in_scope"] += 1
    counts["direct"] += reply.kind in ("answer", "computed")
    counts["direct_right"] += right
    if question.language == "en":
        counts["english"] += 1
        counts["english_right"] += right
    if question.entry_ids:
        ids = list(rank(question.text))[:3]
        counts["ranked"] += 1
        counts["top1"] += bool(ids) and ids[0] in question.entry_ids
        counts["top3"] += bool(question.entry_ids & set(ids))
