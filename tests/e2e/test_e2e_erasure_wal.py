"""End to end: after /dulieu erases a person, their data is in neither the database nor its WAL."""

from pathlib import Path

from tests.support.engines import sqlite_only
from tests.support.harness import RunningBot

PHONE = "+84987650321"
QUESTION = "Số của tôi là 0987650321, xin gọi lại về OCOP chè"


def stored_bytes(database: Path) -> bytes:
    """The database file and its write-ahead log, as they are on disk now."""
    wal = database.with_name(database.name + "-wal")
    return database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@sqlite_only
async def test_erased_phone_leaves_neither_the_database_file_nor_the_wal(bot: RunningBot
                                                                         ) -> None:
    repo, database = bot.services.repo, bot.settings.database_path
    lan = bot.user(first_name="Quynhtrang", language_code="en")
    await lan.ask("/start")
    draft = await repo.registrations.create_draft(lan.id)
    await repo.registrations.update(draft.id, org_name="HTX Xoá Được", phone=PHONE)
    await repo.faq.log(lan.id, QUESTION, "none", None)
    before = stored_bytes(database)
    assert PHONE.encode() in before and b"0987650321" in before
    await lan.ask("/dulieu")
    await lan.press("🗑 Delete my data")
    await lan.next_reply()
    await lan.press("🗑 Yes, delete everything")
    assert "Your data has been deleted" in (await lan.next_reply()).text
    after = stored_bytes(database)
    for erased in (PHONE, "0987650321", "HTX Xoá Được", "Quynhtrang"):
        assert erased.encode() not in after, erased
