"""Liveness for Docker's HEALTHCHECK: the bot touches a heartbeat file; the check reads its age.

Run as `python -m core.health`: exit 0 when the heartbeat is fresh, 1 otherwise.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from core.config import DEFAULT_DATABASE_PATH, read_environment

HEARTBEAT_INTERVAL = 30.0
STALE_AFTER = 3 * HEARTBEAT_INTERVAL


def heartbeat_path(database_path: Path) -> Path:
    return database_path.with_name("heartbeat")


def beat(path: Path) -> None:
    """Record that the event loop is alive now."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def is_fresh(path: Path, now: float | None = None) -> bool:
    """True when the heartbeat was written recently enough."""
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        return False
    return age < STALE_AFTER


def main() -> int:
    database = read_environment().get("DATABASE_PATH") or str(DEFAULT_DATABASE_PATH)
    return 0 if is_fresh(heartbeat_path(Path(database))) else 1


if __name__ == "__main__":
    sys.exit(main())
