"""What a worker mirrors in memory of a user (their dialog, their row) is read again at the
start of the user's turn: on PostgreSQL another worker may have handled their last update."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Repository
from storage.dialogs import Dialog
from tests.support.engines import ON_POSTGRES, two_workers

USER = 4242


@pytest.fixture
async def workers(tmp_path: Path) -> AsyncIterator[tuple[Repository, Repository]]:
    """Two workers' repositories on one database."""
    async with two_workers(tmp_path) as repositories:
        yield repositories


@pytest.mark.skipif(not ON_POSTGRES, reason="several workers share PostgreSQL only")
async def test_a_dialog_changed_by_another_worker_is_seen_at_the_next_turn(
        workers: tuple[Repository, Repository]) -> None:
    repo, other = workers
    await repo.users.touch(USER, "Lan")
    await other.users.touch(USER, "Lan")
    await repo.dialogs.set(USER, "assessment", "pick")
    await other.dialogs.load()
    await repo.dialogs.set(USER, "assessment", "answering", 7)  # this worker's turn
    assert other.dialogs.current(USER) == Dialog("assessment", "pick")  # stale, until…
    await other.refresh(USER)
    assert other.dialogs.current(USER) == Dialog("assessment", "answering", 7)
    await repo.dialogs.clear(USER)
    await other.refresh(USER)
    assert other.dialogs.current(USER) is None


@pytest.mark.skipif(not ON_POSTGRES, reason="several workers share PostgreSQL only")
async def test_a_user_row_changed_by_another_worker_is_seen_at_the_next_turn(
        workers: tuple[Repository, Repository]) -> None:
    repo, other = workers
    await other.users.touch(USER, "Lan")  # remembered there for a minute
    await repo.users.touch(USER, "Lan")
    await repo.users.set_org_name(USER, "HTX Tân Cương")
    assert (await other.users.touch(USER, "Lan")).org_name is None  # stale, until…
    await other.refresh(USER)
    assert (await other.users.touch(USER, "Lan")).org_name == "HTX Tân Cương"


async def test_on_sqlite_the_one_process_mirror_is_kept(repo: Repository) -> None:
    await repo.users.touch(USER, "Lan")
    await repo.dialogs.set(USER, "assessment", "pick")
    await repo.refresh(USER)
    assert repo.dialogs.current(USER) == Dialog("assessment", "pick")
