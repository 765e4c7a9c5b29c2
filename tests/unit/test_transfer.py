"""storage.transfer: an SQLite database moved into PostgreSQL reads back the same through the
repositories, new rows take new ids, and what must not be transferred is refused in one line."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage import Database, Repository
from storage.migrate import SQLITE_MIGRATIONS, discover
from storage.outbox import Notice, NoticeKind, adding
from storage.registrations import RegistrationStatus
from storage.trainings import Audience, ClassPlan, RsvpAnswer, TrainingPlan
from storage.transfer import TransferRefused, main, source_tables, transfer
from tests.support.engines import ON_POSTGRES, fresh_database

needs_postgres = pytest.mark.skipif(not ON_POSTGRES,
                                    reason="needs TEST_DATABASE_URL (a PostgreSQL cluster)")
NOWHERE = "postgresql://nobody@127.0.0.1:1/never_reached"
SON_LA, TO_HIEU = 14, 3646
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
ADMIN, PRODUCER, OTHER = 3, 1, 2
LATEST = len(discover(SQLITE_MIGRATIONS))


async def populate(repo: Repository) -> dict[str, int]:
    """A little of everything, through the repositories; the ids of what was made."""
    await repo.users.touch(PRODUCER, "Lan", "Nguyễn", "lan_ng", "vi")
    await repo.users.touch(OTHER, "Hùng")
    await repo.users.touch(ADMIN, "Quản trị", is_admin=True)
    await repo.users.set_org_name(PRODUCER, "HTX Chè Shan tuyết")
    await repo.users.give_consent(PRODUCER, "2026-01")
    await repo.users.set_home_province(OTHER, SON_LA)
    done = await repo.assessments.create(PRODUCER, 5)
    await repo.assessments.answer_eligibility(done.id, "legal", True, 1)
    await repo.assessments.answer(done.id, "A1", 2, 2)
    await repo.assessments.answer(done.id, "A2", 0, 3)
    await repo.assessments.complete(done.id, 72.5, 3, 3)
    ongoing = await repo.assessments.create(OTHER, 7)
    registration = await submitted_registration(repo, done.id)
    training = await repo.trainings.create_planned(ADMIN, SON_LA, None, TrainingPlan(
        "Tập huấn OCOP", (1, "Thương mại điện tử"), NOW + timedelta(days=3),
        NOW + timedelta(days=3, hours=8), "Hội trường", Audience.EVERYONE,
        (ClassPlan(None, "Lớp 1", (TO_HIEU,), 30),)))
    await repo.trainings.answer(training.id, PRODUCER, RsvpAnswer.YES, training.classes[0].id, NOW)
    return {"done": done.id, "ongoing": ongoing.id, "registration": registration,
            "training": training.id}


async def submitted_registration(repo: Repository, assessment_id: int) -> int:
    """A submitted registration, its officers' notice, an edit of it and a held question."""
    draft = await repo.registrations.create_draft(PRODUCER)
    await repo.registrations.update(
        draft.id, org_type="cooperative", org_name="HTX Chè Shan tuyết", phone="0912345678",
        province_code=SON_LA, commune_code=TO_HIEU, product_name="Chè Shan tuyết", sheet=5,
        kind="first", assessment_id=assessment_id)
    ref = f"registration:{draft.id}"
    await repo.registrations.change_status(draft.id, PRODUCER, RegistrationStatus.SUBMITTED,
                                           then=adding([Notice(ADMIN, NoticeKind.REGISTRATION,
                                                               "<b>Hồ sơ mới</b>", ref=ref,
                                                               dedupe_key=f"{ref}:new")]))
    [first] = await repo.outbox.copies(ref, NoticeKind.REGISTRATION)
    await repo.outbox.add([
        Notice(ADMIN, NoticeKind.DECIDED, "Đã tiếp nhận", ref=ref, edit_of=first.id),
        Notice(None, NoticeKind.QUESTION, "Hỏi?", area=(SON_LA, None)).held()])
    return draft.id


async def through_repositories(repo: Repository, ids: dict[str, int]) -> list[Any]:
    """What the bot reads back about everything `populate` made."""
    ref = f"registration:{ids['registration']}"
    return [
        [await repo.users.get(user) for user in (PRODUCER, OTHER, ADMIN)],
        await repo.users.consent(PRODUCER), await repo.users.home_province(OTHER),
        await repo.assessments.get(ids["done"]), await repo.assessments.answers(ids["done"]),
        await repo.assessments.in_progress_for(OTHER),
        await repo.registrations.get(ids["registration"]),
        await repo.registrations.events(ids["registration"]),
        await repo.trainings.get(ids["training"]),
        await repo.trainings.rsvp(ids["training"], PRODUCER),
        await repo.trainings.pending_times(NOW),
        await repo.outbox.copies(ref, NoticeKind.REGISTRATION),
        await repo.outbox.copies(ref, NoticeKind.DECIDED), await repo.outbox.counts(),
    ]


async def every_row(db: Database, table: str) -> list[tuple[Any, ...]]:
    return sorted((tuple(row) for row in await db.fetch_all(f"SELECT * FROM {table}")),
                  key=repr)


@pytest.fixture
async def lite(tmp_path: Path) -> AsyncIterator[Database]:
    """The SQLite database to transfer, at tmp_path/ocop.sqlite3."""
    database = await Database.open(tmp_path / "ocop.sqlite3")
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def target(tmp_path: Path) -> AsyncIterator[str]:
    """The URL of a new, migrated PostgreSQL database."""
    async with fresh_database(tmp_path, "target") as url:
        yield str(url)


@pytest.fixture
async def opened(target: str) -> AsyncIterator[Callable[[], Awaitable[Database]]]:
    """Opens the target database, closing whatever it opened at the end."""
    databases: list[Database] = []

    async def open_target() -> Database:
        databases.append(await Database.open(target))
        return databases[-1]
    yield open_target
    for database in databases:
        await database.close()


@needs_postgres
async def test_a_transferred_database_reads_back_the_same_and_takes_new_rows(
        tmp_path: Path, lite: Database, target: str,
        opened: Callable[[], Awaitable[Database]]) -> None:
    ids = await populate(Repository(lite))
    counts = await transfer(tmp_path / "ocop.sqlite3", target)
    pg = await opened()
    assert await through_repositories(Repository(pg), ids) == \
        await through_repositories(Repository(lite), ids)
    for table, count in counts.items():
        rows = await every_row(pg, table)
        assert rows == await every_row(lite, table) and len(rows) == count
    assert counts["users"] == 3 and counts["outbox"] == 3
    assert counts["training_reminders"] == 2 and counts["assessment_answers"] == 2
    await takes_new_rows(Repository(pg), ids)


async def takes_new_rows(repo: Repository, ids: dict[str, int]) -> None:
    """Every identity continues after the copied ids (a sequence left at 1 would collide)."""
    assert (await repo.assessments.create(OTHER, 3)).id == ids["ongoing"] + 1
    assert (await repo.registrations.create_draft(OTHER)).id == ids["registration"] + 1
    row = await repo.db.write(
        "INSERT INTO outbox (chat_id, kind, text, not_before, created_at, updated_at)"
        " VALUES (?, 'answer', 'Trả lời', '', '', '') RETURNING id", (OTHER,))
    assert row is not None and row["id"] == 4


@needs_postgres
async def test_a_second_transfer_into_the_same_database_is_refused(
        tmp_path: Path, lite: Database, target: str,
        opened: Callable[[], Awaitable[Database]]) -> None:
    await Repository(lite).users.touch(PRODUCER, "Lan")
    await transfer(tmp_path / "ocop.sqlite3", target)
    with pytest.raises(TransferRefused, match=r"already holds data \(users\)"):
        await transfer(tmp_path / "ocop.sqlite3", target)
    assert await Repository(await opened()).users.count() == 1


@needs_postgres
async def test_a_target_whose_tables_differ_is_refused(
        tmp_path: Path, lite: Database, target: str,
        opened: Callable[[], Awaitable[Database]]) -> None:
    await (await opened()).write("ALTER TABLE trainings ADD COLUMN colour TEXT")
    with pytest.raises(TransferRefused, match="Table trainings differs"):
        await transfer(tmp_path / "ocop.sqlite3", target)


async def test_tables_come_after_those_they_refer_to(tmp_path: Path) -> None:
    await new_database(tmp_path / "ocop.sqlite3")
    async with aiosqlite.connect(tmp_path / "ocop.sqlite3") as connection:
        order = [table.name for table in await source_tables(connection)]
    async with aiosqlite.connect(tmp_path / "ocop.sqlite3") as connection, connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'") as cursor:
        every = {row[0] for row in await cursor.fetchall()}
    assert sorted(order) == sorted(every - {"schema_version", "sqlite_sequence"})
    for first, then in (("users", "assessments"), ("assessments", "assessment_answers"),
                        ("assessments", "registrations"), ("registrations",
                                                           "registration_events"),
                        ("trainings", "training_classes"), ("training_classes",
                                                            "training_rsvps"),
                        ("broadcasts", "deliveries"), ("users", "deliveries")):
        assert order.index(first) < order.index(then)


def test_an_older_sqlite_file_is_refused_and_left_as_it_was(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "old.sqlite3"
    asyncio.run(older_database(source))
    assert main([str(source), NOWHERE]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "start the bot once on it" in error
    assert asyncio.run(latest_version(source)) == LATEST - 1


async def older_database(path: Path) -> None:
    """A database as the bot before the last migration left it (the last version unrecorded)."""
    db = await Database.open(path)
    await db.write("DELETE FROM schema_version WHERE version = ?", (LATEST,))
    await db.close()


async def new_database(path: Path) -> None:
    await (await Database.open(path)).close()


async def latest_version(path: Path) -> int:
    async with aiosqlite.connect(path) as connection, connection.execute(
            "SELECT MAX(version) FROM schema_version") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(("arguments", "says"), [
    (["missing.sqlite3", NOWHERE], "No SQLite database at"),
    (["{tmp}/ocop.sqlite3", "sqlite:///elsewhere"], "must be a PostgreSQL URL"),
    (["{tmp}/not-ours.sqlite3", NOWHERE], "is not a database of this bot"),
])
def test_a_wrong_argument_is_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str],
        says: str) -> None:
    asyncio.run(new_database(tmp_path / "ocop.sqlite3"))
    (tmp_path / "not-ours.sqlite3").write_bytes(b"")
    assert main([a.format(tmp=tmp_path) for a in arguments]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and says in error
