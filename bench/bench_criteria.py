"""Benchmark the criteria sheets: cold load, and scoring + gap analysis per call.

Run as `python bench/bench_criteria.py [--runs N] [--calls M] [--seed S]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a plain script: make the project importable without installing it.
sys.path.insert(0, str(ROOT))

from knowledge.criteria.gaps import analyse_gaps  # noqa: E402
from knowledge.criteria.loader import load_sheets  # noqa: E402
from knowledge.criteria.model import Sheet  # noqa: E402
from knowledge.criteria.scoring import answerable, score  # noqa: E402

COLD_LOAD = (
    "import time\n"
    "start = time.perf_counter()\n"
    "from knowledge.criteria.loader import load_sheets\n"
    "sheets = load_sheets()\n"
    "print(time.perf_counter() - start, len(sheets))\n"
)
LOAD_AIM_MS = 200.0
CALL_AIM_US = 1000.0

Case = tuple[Sheet, dict[str, int]]


def cold_load(runs: int) -> tuple[list[float], list[float], list[float]]:
    """Return, per fresh interpreter: import + load ms, whole process ms, bare interpreter ms."""
    inside, whole, bare = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD_LOAD], cwd=ROOT, check=True, capture_output=True, text=True
        )
        whole.append((time.perf_counter() - start) * 1000)
        seconds, count = done.stdout.split()
        if int(count) != 26:
            raise SystemExit(f"expected 26 sheets, loaded {count}")
        inside.append(float(seconds) * 1000)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append((time.perf_counter() - start) * 1000)
    return inside, whole, bare


def random_cases(sheets: Sequence[Sheet], count: int, seed: int) -> list[Case]:
    """Draw `count` random (sheet, answers) pairs across all sheets."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        sheet = rng.choice(sheets)
        answers = {c.code: rng.randrange(len(c.options)) for c in answerable(sheet)}
        cases.append((sheet, answers))
    return cases


def per_call_us(
    work: Callable[[Sheet, dict[str, int]], object], cases: Sequence[Case], repeats: int = 5
) -> float:
    """Return the median over `repeats` passes of the mean µs per call of `work`."""
    passes = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for sheet, answers in cases:
            work(sheet, answers)
        passes.append((time.perf_counter_ns() - start) / len(cases) / 1000)
    return statistics.median(passes)


def plain_sum(sheet: Sheet, answers: dict[str, int]) -> float:
    """Sum the chosen points with a plain loop: the baseline."""
    total = 0.0
    for criterion in sheet.criteria:
        total += criterion.options[answers[criterion.code]].points
    return total


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters for cold load")
    parser.add_argument("--calls", type=int, default=2000, help="random answer sets")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    inside, whole, bare = cold_load(args.runs)
    load_ms = statistics.median(inside)
    print(
        f"cold load of 26 sheets (import + load_sheets, fresh interpreter, median of "
        f"{args.runs}): {load_ms:.1f} ms (aim < {LOAD_AIM_MS:.0f} ms) "
        f"{'OK' if load_ms < LOAD_AIM_MS else 'SLOW'}"
    )
    print(
        f"  whole process {statistics.median(whole):.1f} ms, bare interpreter "
        f"{statistics.median(bare):.1f} ms; runs: " + ", ".join(f"{x:.1f}" for x in inside)
    )

    sheets = [sheet for _, sheet in sorted(load_sheets().items())]
    cases = random_cases(sheets, args.calls, args.seed)
    for sheet, answers in cases[:50]:  # warm the per-sheet profile cache
        analyse_gaps(sheet, answers)
    baseline = per_call_us(plain_sum, cases)
    scoring = per_call_us(score, cases)
    both = per_call_us(analyse_gaps, cases)
    print(
        f"per call over {args.calls} random answer sets across {len(sheets)} sheets "
        f"(median of 5 passes):"
    )
    print(f"  baseline, plain sum of chosen points: {baseline:8.2f} µs")
    print(f"  score:                                {scoring:8.2f} µs  ({scoring / baseline:.1f}×)")
    print(
        f"  score + gap analysis (analyse_gaps):  {both:8.2f} µs  ({both / baseline:.1f}×) "
        f"(aim < {CALL_AIM_US:.0f} µs) {'OK' if both < CALL_AIM_US else 'SLOW'}"
    )


if __name__ == "__main__":
    main()
