"""Storage for several workers: placeholders rewritten for PostgreSQL, migrations applied once
by workers starting together, a user's turn, updates handled once, exclusive jobs, claims that
two workers never share, and who is alive."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import Database, Repository
from storage.cluster import Turn
from storage.outbox import Notice, NoticeKind
from storage.postgres import arguments, changed_rows, translate
from tests.support.engines import ON_POSTGRES, two_workers

postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL")


def test_placeholders_become_numbered_outside_strings_comments_and_casts() -> None:
    sql, specs = translate("SELECT '?:x', \"a?\" FROM t WHERE a = ? AND b::text = ? -- ?")
    assert sql == "SELECT '?:x', \"a?\" FROM t WHERE a = $1 AND b::text = $2 -- ?"
    assert arguments(specs, (1, "b")) == [1, "b"]


def test_a_named_parameter_used_twice_is_one_number() -> None:
    sql, specs = translate("x = :a OR y = :b OR z = :a")
    assert sql == "x = $1 OR y = $2 OR z = $1"
    assert arguments(specs, {"a": 1, "b": 2}) == [1, 2]


def test_a_null_test_becomes_a_boolean_known_in_python() -> None:
    sql, specs = translate("(:c IS NULL OR c = :c) AND (? IS NOT NULL)".replace("?", ":d"))
    assert sql == "($1 OR c = $2) AND ($3)"
    assert arguments(specs, {"c": None, "d": 5}) == [True, None, True]
    assert arguments(specs, {"c": 7, "d": None}) == [False, 7, False]


def test_mixing_placeholder_styles_is_refused() -> None:
    with pytest.raises(ValueError):
        translate("a = ? AND b = :b")


def test_row_counts_come_from_the_command_status() -> None:
    assert [changed_rows(s) for s in ("UPDATE 3", "INSERT 0 1", "DELETE 0", "BEGIN")] == [
        3, 1, 0, 0]


async def test_an_update_is_handled_once(repo: Repository) -> None:
    async with repo.cluster.turn(41, 7) as turn:
        assert turn is Turn.NEW
    async with repo.cluster.turn(41, 7) as turn:
        assert turn is Turn.DONE
    async with repo.cluster.turn(42, 7) as turn:
        assert turn is Turn.NEW


async def test_an_update_that_failed_is_handled_again(repo: Repository) -> None:
    with pytest.raises(RuntimeError):
        async with repo.cluster.turn(43, 7) as turn:
            assert turn is Turn.NEW
            raise RuntimeError("the handler's database went away")
    async with repo.cluster.turn(43, 7) as turn:
        assert turn is Turn.NEW  # Telegram's retry is handled


async def test_an_update_whose_effect_was_stored_before_a_death_is_replayed(
        repo: Repository) -> None:
    await repo.users.touch(7, "Lan")
    aid = (await repo.assessments.create(7, 25)).id
    with pytest.raises(RuntimeError):
        async with repo.cluster.turn(44, 7) as turn:
            await repo.assessments.answer(aid, "1.1", 2, 1, update_id=44)
            raise RuntimeError("killed before the reply")  # its transaction is not committed
    async with repo.cluster.turn(44, 7) as turn:
        assert turn is Turn.APPLIED  # the answer is in: show the next question, store nothing
    assert await repo.assessments.answers(aid) == {"1.1": 2}
    async with repo.cluster.turn(44, 7) as turn:
        assert turn is Turn.DONE


async def test_a_users_updates_take_turns_and_others_do_not_wait(repo: Repository) -> None:
    order: list[str] = []
    first_in = asyncio.Event()

    async def first() -> None:
        async with repo.cluster.turn(1, 7):
            first_in.set()
            await asyncio.sleep(0.3)
            order.append("first")

    async def second() -> None:
        await first_in.wait()
        async with repo.cluster.turn(2, 7):
            order.append("second")

    async def someone_else() -> None:
        await first_in.wait()
        async with repo.cluster.turn(3, 8):
            order.append("someone else")

    await asyncio.gather(first(), second(), someone_else())
    assert order == ["someone else", "first", "second"]


@postgres_only
async def test_turns_hold_across_workers(tmp_path: Path) -> None:
    async with two_workers(tmp_path) as (one, two):
        a, b = one.cluster, two.cluster
        order: list[str] = []
        inside = asyncio.Event()

        async def on_a() -> None:
            async with a.turn(10, 5) as turn:
                assert turn is Turn.NEW
                inside.set()
                await asyncio.sleep(0.3)
                order.append("a")

        async def retried_on_b() -> None:
            await inside.wait()
            async with b.turn(10, 5) as turn:
                order.append("b skipped" if turn is Turn.DONE else "b handled")

        await asyncio.gather(on_a(), retried_on_b())
        assert order == ["a", "b skipped"]


@postgres_only
async def test_workers_starting_together_migrate_once(tmp_path: Path) -> None:
    import asyncpg

    from tests.support.engines import TEST_DATABASE_URL, with_database

    assert TEST_DATABASE_URL is not None
    admin = await asyncpg.connect(TEST_DATABASE_URL)
    name = f"empty_{tmp_path.name[-20:].lower().replace('-', '_')}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = with_database(TEST_DATABASE_URL, name)
        workers = await asyncio.gather(*(Database.open(url) for _ in range(4)))
        rows = await workers[0].fetch_all("SELECT version FROM schema_version ORDER BY version")
        versions = [row[0] for row in rows]
        assert versions == sorted(set(versions)) and len(versions) >= 12
        for worker in workers:
            await worker.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@postgres_only
async def test_one_worker_runs_an_exclusive_job_at_a_time(tmp_path: Path) -> None:
    async with two_workers(tmp_path) as (one, two):
        a, b = one.cluster, two.cluster
        async with a.exclusive("sweep") as mine, b.exclusive("sweep") as theirs:
            assert (mine, theirs) == (True, False)
        async with b.exclusive("sweep") as theirs:
            assert theirs


@postgres_only
async def test_two_workers_never_claim_the_same_notice(tmp_path: Path) -> None:
    async with two_workers(tmp_path) as (one, two):
        await one.outbox.add(
            Notice(100 + i, NoticeKind.REMINDER, f"n{i}") for i in range(60))
        due = [n.notice.id for n in await one.outbox.due(100)]
        claims = await asyncio.gather(*(
            repo.outbox.claim(notice_id) for notice_id in due for repo in (one, two)))
        assert sum(claims) == 60  # each notice claimed by exactly one of the two


async def test_a_claim_whose_lease_ended_is_taken_up(repo: Repository) -> None:
    await repo.outbox.add([Notice(5, NoticeKind.REMINDER, "hello")])
    [item] = await repo.outbox.due(10)
    assert await repo.outbox.claim(item.notice.id)
    assert not await repo.outbox.claim(item.notice.id)  # held by the (dead) claimant
    assert await repo.outbox.due(10) == []
    await repo.db.write("UPDATE outbox SET lease_until = ?",
                        ((datetime.now(UTC) - timedelta(seconds=1)).isoformat(timespec="seconds"),))
    assert [n.notice.id for n in await repo.outbox.due(10)] == [item.notice.id]
    assert await repo.outbox.claim(item.notice.id)


async def test_workers_alive_are_counted_and_one_that_leaves_is_not(tmp_path: Path) -> None:
    async with two_workers(tmp_path) as (one, two):
        a, b = one.cluster, two.cluster
        assert await a.heartbeat(1) == 1
        assert await b.heartbeat(1) == 2
        assert not await b.others_share_by(2)  # a still takes the whole budget
        assert await a.heartbeat(2) == 2
        assert await b.others_share_by(2)  # now b may take its half
        await b.leave()
        assert await a.heartbeat(2) == 1
        later = datetime.now(UTC) + timedelta(seconds=11)
        assert await b.heartbeat(1, later) == 1  # a went quiet eleven seconds ago
