"""Test layout: tests/unit (fast, no bot), tests/e2e (the real bot on the Bot API emulator, and
`python bot.py` as a process), tests/support (the harness, drivers, fixtures, `vi()`)."""

import os

from hypothesis import settings

# PTB's future type for retry_after; opting in silences its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# HYPOTHESIS_PROFILE=thorough: many more examples per property (tests/support/examples.py).
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

pytest_plugins = ["tests.support.fixtures"]
