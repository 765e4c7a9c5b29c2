"""Test layout: tests/unit (fast, no bot), tests/e2e (the real bot on the Bot API emulator, and
`python bot.py` as a process), tests/support (the harness, drivers, fixtures, `vi()`)."""

import os

# PTB's future type for retry_after; opting in silences its deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

pytest_plugins = ["tests.support.fixtures"]
