"""End to end: /thongke (/stats) for a commune officer, an admin, and a producer's refusal."""

import struct

from emulator import SimUser
from storage.users import utcnow
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.settle import unread

SON_LA, TO_HIEU, CHIENG_AN = 14, 3646, 3667
HA_NOI, HOAN_KIEM = 1, 70


async def populate(bot: RunningBot) -> None:
    """Producers 501–504 with registrations in two communes of Sơn La and one of Hà Nội."""
    db, now = bot.services.repo.db, utcnow()
    for user_id in (501, 502, 503, 504):
        await db.write("INSERT INTO users (id, first_name, first_seen, last_seen)"
                       " VALUES (?, 'P', ?, ?)", (user_id, now, now))
    for user_id, status, province, commune in [
        (501, "submitted", SON_LA, TO_HIEU), (502, "submitted", SON_LA, TO_HIEU),
        (502, "accepted", SON_LA, TO_HIEU), (503, "rejected", SON_LA, CHIENG_AN),
        (504, "accepted", HA_NOI, HOAN_KIEM),
    ]:
        await db.write(
            "INSERT INTO registrations (user_id, status, province_code, commune_code,"
            " created_at, updated_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (user_id, status, province, commune, now, now, now))
    for user_id, status, stars in [(501, "completed", 4), (503, "completed", 3),
                                   (504, "rejected", 0), (504, "completed", 5)]:
        await db.write(
            "INSERT INTO assessments (user_id, sheet, status, stars, created_at, updated_at)"
            " VALUES (?, 11, ?, ?, ?, ?)", (user_id, status, stars, now, now))


async def make_officer(bot: RunningBot, user: SimUser, province: int,
                       commune: int | None) -> None:
    await user.ask("/start")  # the users row must exist first
    repo = bot.services.repo
    await repo.db.write("INSERT INTO officers (user_id, province_code, commune_code, created_at)"
                        " VALUES (?, ?, ?, ?)", (user.id, province, commune, utcnow()))
    await repo.db.write("UPDATE users SET role = 'officer' WHERE id = ?", (user.id,))
    repo.users.forget(user.id)


async def test_a_commune_officer_gets_only_their_communes_figures_and_a_chart(
        bot: RunningBot) -> None:
    await populate(bot)
    officer = bot.user(language_code="en")
    await make_officer(bot, officer, SON_LA, TO_HIEU)
    text = (await officer.ask("/thongke")).text
    assert "Phường Tô Hiệu, Sơn La" in text
    assert "Users: 3 · officers: 1" in text  # producers 501, 502 and the officer
    assert "Self-assessments: 1" in text and "4 stars: 1" in text and "3 stars: 0" in text
    assert "Registrations: 3" in text and "Submitted: 2" in text and "Accepted: 1" in text
    assert "Rejected: 0" in text
    assert "Chiềng An" not in text and "Hoàn Kiếm" not in text
    photo = await officer.next_reply()
    assert photo.photo_bytes is not None and photo.photo_bytes.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", photo.photo_bytes[16:24])
    assert (width, height) == (800, 900)  # phone-sized, portrait


async def test_a_province_officer_sees_every_commune_of_the_province(bot: RunningBot) -> None:
    await populate(bot)
    officer = bot.user(language_code="en")
    await make_officer(bot, officer, SON_LA, None)
    text = (await officer.ask("/stats")).text
    assert "Registrations: 4" in text and "Rejected: 1" in text
    assert "1. Phường Tô Hiệu: 3" in text and "2. Phường Chiềng An: 1" in text
    assert "Hoàn Kiếm" not in text


async def test_an_admin_gets_everything(bot: RunningBot) -> None:
    await populate(bot)
    admin = bot.user(user_id=ADMIN_ID, language_code="en")
    text = (await admin.ask("/stats")).text
    assert "all provinces" in text
    assert "Users: 5 · officers: 0" in text  # four producers and the admin
    assert "Self-assessments: 4" in text and "Ineligible: 1" in text and "5 stars: 1" in text
    assert "Registrations: 5" in text and "Accepted: 2" in text
    assert "Phường Hoàn Kiếm, Thành phố Hà Nội: 1" in text
    assert "Phường Tô Hiệu, Sơn La: 3" in text
    assert (await admin.next_reply()).photo_bytes


async def test_a_producer_is_kindly_refused(bot: RunningBot) -> None:
    await populate(bot)
    producer = bot.user(language_code="en")
    reply = await producer.ask("/thongke")
    assert "for OCOP officers" in reply.text and "/results" in reply.text
    assert "Registrations" not in reply.text
    assert await unread(bot, producer) == []
