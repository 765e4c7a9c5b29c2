"""A child process that opens (creating and migrating) a database when its sibling is ready.

Kept apart from the test module so that each spawned child imports only what it runs."""

from __future__ import annotations

import asyncio
from threading import Barrier

from storage.db import Database


def open_and_close(path: str, start: Barrier) -> None:
    """Wait until every sibling process is up, then open and close the database at `path`."""
    async def run() -> None:
        database = await Database.open(path)
        await database.close()

    start.wait(60)  # all processes are up: they open the file as close together as they can
    asyncio.run(run())
