"""How many examples each property test tries: a quick run by default, many more with
HYPOTHESIS_PROFILE=thorough (e.g. `HYPOTHESIS_PROFILE=thorough make test`).

The default run (`make test`) still draws a fresh set of random cases per property on every
run, on top of the explicit cases that pin each rule, and Hypothesis replays any failing example
kept in .hypothesis/ first. The thorough profile is for changes to scoring, gaps or the planner,
and for CI jobs with time to spare.
"""

from __future__ import annotations

import os


def thorough() -> bool:
    """Whether this run asked for the thorough profile."""
    return os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def examples(default: int, thorough_run: int) -> int:
    """`default` examples, or `thorough_run` ones under HYPOTHESIS_PROFILE=thorough."""
    return thorough_run if thorough() else default
