"""Storage: migrations from empty and re-run, pragmas, the users repository."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from storage import Database, Repository
from storage.faq import Outcome
from storage.migrate import SQLITE_MIGRATIONS, apply_sqlite_migrations, discover
from storage.sqlite import SqliteDatabase


async def test_migrations_create_schema_from_an_empty_file(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "sub" / "fresh.sqlite3")
    rows = await db.fetch_all("SELECT version FROM schema_version ORDER BY version")
    assert [row[0] for row in rows] == [m.version for m in discover(SQLITE_MIGRATIONS)]
    await db.close()


async def test_rerun_on_an_existing_database_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    db = await Database.open(path)
    await Repository(db).users.touch(1, "An")
    await db.close()
    db = await SqliteDatabase.connect(path)
    assert await apply_sqlite_migrations(db.connection) == []
    assert await Repository(db).users.get(1) is not None
    await db.close()


async def test_pragmas_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = await SqliteDatabase.connect(tmp_path / "db.sqlite3")
    async with db.connection.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with db.connection.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    await db.close()


async def test_a_failing_migration_is_rolled_back(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_ok.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    bad = "CREATE TABLE b (y INTEGER);\nINSERT INTO nope VALUES (1);\n"
    (migrations / "0002_bad.sql").write_text(bad)
    async with aiosqlite.connect(tmp_path / "m.sqlite3", isolation_level=None) as conn:
        with pytest.raises(aiosqlite.OperationalError):
            await apply_sqlite_migrations(conn, migrations)
        async with conn.execute("SELECT name FROM sqlite_master WHERE type='table'") as cur:
            tables = {row[0] async for row in cur}
    assert "a" in tables and "b" not in tables


def test_migration_files_are_numbered_without_gaps(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0003_c.sql").write_text("SELECT 1;")
    with pytest.raises(ValueError, match="without gaps"):
        discover(tmp_path)


async def test_users_touch_records_first_and_last_seen_and_role(db: Database) -> None:
    users = Repository(db).users
    first = await users.touch(7, "Lan", "Nguyễn", "lan_ng", "vi")
    assert (first.role, first.accepts_messages, first.language) == ("producer", True, None)
    await users.set_language(7, "en")
    await users.set_accepts_messages(7, False)
    again = await users.touch(7, "Lan", is_admin=True)
    assert again.first_seen == first.first_seen and again.last_seen >= first.last_seen
    assert (again.role, again.language, again.accepts_messages) == ("admin", "en", True)
    demoted = await users.touch(7, "Lan", is_admin=False)
    assert demoted.role == "producer"
    await users.set_role(7, "officer")
    assert (await users.touch(7, "Lan")).role == "officer"
    with pytest.raises(ValueError):
        await users.set_role(7, "king")
    assert await users.count() == 1


async def test_a_change_is_seen_by_the_next_touch_despite_the_write_saving_memory(
        db: Database) -> None:
    users = Repository(db).users
    await users.touch(8, "Huệ", telegram_language="vi")
    await users.set_language(8, "en")
    assert (await users.touch(8, "Huệ", telegram_language="vi")).language == "en"
    await users.set_accepts_messages(8, False)
    assert (await users.get(8)).accepts_messages is False
    assert (await users.touch(8, "Huệ", telegram_language="vi")).accepts_messages is True


async def test_desk_login_links_work_once_and_sessions_end(repo: Repository) -> None:
    token = await repo.desk.create_login(7)
    assert await repo.desk.login_usable(token)
    assert await repo.desk.redeem_login(token) == 7
    assert await repo.desk.redeem_login(token) is None
    late = await repo.desk.create_login(7, now=datetime.now(UTC) - timedelta(minutes=10))
    assert await repo.desk.redeem_login(late) is None
    session = await repo.desk.create_session(7)
    found = await repo.desk.session(session)
    assert found is not None and found.user_id == 7 and len(found.csrf) >= 32
    row = await repo.db.fetch_one("SELECT token_hash FROM desk_sessions")
    assert row is not None and session not in row["token_hash"]  # only the hash is kept
    await repo.desk.end_sessions_of(7)
    assert await repo.desk.session(session) is None


async def test_feedback_says_whether_it_changed_and_is_only_the_askers(repo: Repository) -> None:
    await repo.users.touch(7, "Lan")
    await repo.users.touch(8, "Mai")
    log_id = await repo.faq.log(7, "hiệu lực bao lâu", Outcome.ANSWER, "validity")
    assert await repo.faq.set_helpful(log_id, 7, False) is True
    assert await repo.faq.set_helpful(log_id, 7, False) is False  # pressed twice
    assert await repo.faq.set_helpful(log_id, 8, True) is None  # not Mai's question
    assert await repo.faq.set_helpful(log_id, 7, True) is True
    assert [q.helpful for q in await repo.faq.needing_attention()] == []
