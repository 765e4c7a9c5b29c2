"""Announcements end to end, on the emulator with Telegram's 30-per-second limit on: a
thousand subscribers under random 429s while two people chat, kill -9 midway and twenty
random kills (at least once, duplicates bounded), officers' scope, opt-out."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from announcements import (
    AnnouncementDenied,
    Audience,
    EngineConfig,
    confirm,
    create_announcement,
    queue,
)
from announcements.engine import engine_of
from emulator import BotApiEmulator, FaultPlan, SimUser
from emulator.stats import ApiCall
from storage import Database, Repository
from storage.users import utcnow
from tests.support.broadcast import (
    FIRST_SUBSCRIBER,
    announcements_to,
    broadcasts,
    compose,
    copies,
    opted_out,
    seed,
    subscribers,
    summary_after,
    wait_sent,
)
from tests.support.clock import FastClock
from tests.support.engines import sqlite_only
from tests.support.harness import ADMIN_ID, RunningBot, running_bot
from tests.support.process import ROOT, STARTED, clean_env
from tests.support.settle import unread

TOKEN = "123456:BROADCAST-TEST-TOKEN-abcdefgh"
FIRST = FIRST_SUBSCRIBER
SON_LA, TA_XUA, CHIENG_AN, LAI_CHAU = 14, 3868, 3667, 12
OFFICER_COMMUNE, OFFICER_PROVINCE = 800_001, 800_002


@pytest.fixture
async def bbot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path, flood_limit=10_000,
                           admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness


# --- helpers ----------------------------------------------------------------------------------


async def make_officer(bot: RunningBot, user_id: int, commune: int | None) -> SimUser:
    db = bot.services.repo.db
    await seed(db, [user_id], role="officer")
    await db.write("INSERT INTO officers (user_id, province_code, commune_code, created_at)"
                   " VALUES (?, ?, ?, ?)", (user_id, SON_LA, commune, utcnow()))
    return bot.user(user_id=user_id, language_code="en", first_name="Officer")


# --- a thousand subscribers -------------------------------------------------------------------


async def test_a_thousand_subscribers_get_one_copy_each_under_429s_while_someone_chats(
        paced_bot: RunningBot, fast_clock: FastClock) -> None:
    bbot, emu = paced_bot, paced_bot.emu
    ids, gone = await subscribers(bbot, 1000)
    chatter = await opted_out(bbot.user(language_code="en", first_name="Lan"))
    other = await opted_out(bbot.user(language_code="en", first_name="Minh"))
    admin = bbot.user(user_id=ADMIN_ID, language_code="en", first_name="Admin")
    await compose(admin, "Tập huấn <b>OCOP</b> & bán hàng online, 5/12", "1.")
    assert "In all provinces" in (await admin.next_reply()).text
    summary = await summary_after(admin, "🌏")
    assert "Recipients now: 1,001" in summary  # the subscribers and the admin, not Lan, Minh

    emu.faults = FaultPlan(rate_429=0.02, seed=7)
    await admin.press("✅")
    chats = [chat_while_sending(bbot, person, fast_clock) for person in (chatter, other)]
    overtaken = [count for counts in await asyncio.gather(*chats) for count in counts]
    broadcast_id = await wait_sent(bbot, timeout=90)
    emu.faults = FaultPlan()

    # Replies jump the queue: while one waits, a few copies go out, not the 1,000 queued.
    assert max(overtaken) <= 100, overtaken
    assert emu.stats.injected_429 > 0
    assert emu.stats.global_limit_429 == 0  # our pace left room for the replies to both
    assert bbot.app is not None and engine_of(bbot.app).pacer.replies >= len(overtaken)
    assert await broadcasts(bbot).counts(broadcast_id) == {"sent": 971, "blocked": 30}
    assert copies(emu, ids) == {i: 0 if i in gone else 1 for i in ids}
    rows = await bbot.services.repo.db.fetch_all(
        "SELECT id FROM users WHERE accepts_messages = 0 ORDER BY id")
    assert [r[0] for r in rows] == sorted(gone)
    assert announcements_to([chatter, other]) == {chatter.id: 0, other.id: 0}
    received = emu.users[ids[1]].last
    assert received is not None and "<b>OCOP</b> & bán hàng" in received.text
    await check_sender_view(admin)


async def chat_while_sending(bot: RunningBot, chatter: SimUser,
                             clock: FastClock) -> list[int]:
    """Ask for help every two (virtual) seconds until the broadcast ends; return, for each
    answer, how many announcement copies were delivered while it waited."""
    overtaken = []
    async with asyncio.timeout(10):
        while not await broadcasts(bot).sending_ids():  # the press is being handled
            await asyncio.sleep(0.02)
    await clock.sleep(1.0)
    while await broadcasts(bot).sending_ids():
        asked = len(bot.emu.calls)
        await chatter.ask("/help", timeout=10.0)
        overtaken.append(copies_delivered(bot.emu.calls[asked:], besides=chatter.id))
        await clock.sleep(2.0)
    assert len(overtaken) >= 10
    return overtaken


def copies_delivered(calls: list[ApiCall], besides: int) -> int:
    """Messages delivered among `calls` to chats other than `besides`."""
    return sum(1 for call in calls if call.method == "sendMessage" and call.status == 200
               and call.params.get("chat_id") != besides)


async def check_sender_view(admin: SimUser) -> None:
    """Progress was edited in place, then a final report came and the progress went."""
    progress = next(m for m in admin.messages if "Sending announcement #" in m.text)
    async with asyncio.timeout(30):  # the report follows the last delivery, not with it
        while not progress.deleted:  # the report first, then the progress goes
            await asyncio.sleep(0.05)
    assert progress.edit_count >= 5
    report = next(m for m in reversed(admin.messages) if "finished" in m.text)
    assert "Delivered: 971" in report.text and "Blocked the bot" in report.text


# --- kill -9 midway ---------------------------------------------------------------------------


@asynccontextmanager
async def bot_process(env: dict[str, str], cwd: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "bot.py"), cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def prepare(path: Path, ids: list[int]) -> int:
    """A database with subscribers and a confirmed broadcast to them all."""
    db = await Database.open(path)
    try:
        repo = Repository(db)
        await seed(db, [ADMIN_ID], role="admin")
        await seed(db, ids)
        broadcast_id = await create_announcement(repo, ADMIN_ID, "Lớp học OCOP",
                                                 Audience("producers"))
        await confirm(repo, broadcast_id)
        return broadcast_id
    finally:
        await db.close()


def statuses(path: Path, broadcast_id: int) -> dict[int, str]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT chat_id, status FROM deliveries WHERE broadcast_id = ?",
                          (broadcast_id,)).fetchall()
    return dict(rows)


@pytest.mark.slow
async def test_killed_midway_it_resumes_and_resends_only_what_was_in_flight(
        tmp_path: Path) -> None:
    ids = list(range(FIRST, FIRST + 200))
    path = tmp_path / "bot.sqlite3"
    broadcast_id = await prepare(path, ids)
    async with BotApiEmulator(token=TOKEN) as emu:
        for user_id in [ADMIN_ID, *ids]:
            emu.user(user_id=user_id, language_code="en")
        env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=emu.base_url,
                        DATABASE_PATH=str(path), ADMIN_IDS=str(ADMIN_ID))
        emu.faults = FaultPlan(latency=0.15, methods=frozenset({"sendMessage"}))  # ~4 in flight
        async with bot_process(env, tmp_path) as proc:
            async with asyncio.timeout(STARTED):  # the process starts, then sends 60
                while sum(copies(emu, ids).values()) < 60:
                    await asyncio.sleep(0.02)
            proc.kill()  # SIGKILL: no cleanup at all
            await proc.wait()
        at_kill = statuses(path, broadcast_id)
        in_flight = [chat for chat, status in at_kill.items() if status == "sending"]
        sent_at_kill = sum(status == "sent" for status in at_kill.values())
        # A copy the emulator counted may not be recorded yet: it is one of those in flight.
        assert sent_at_kill + len(in_flight) >= 60 and sent_at_kill < len(ids)
        assert in_flight, "the kill should catch requests in flight"
        emu.faults = FaultPlan()
        async with bot_process(env, tmp_path):
            async with asyncio.timeout(STARTED):  # the process starts, then sends the rest
                while set(statuses(path, broadcast_id).values()) != {"sent"}:
                    await asyncio.sleep(0.2)
        received = copies(emu, ids)
    # At least once: every recipient has it; a second copy only where a request was in flight.
    assert all(received[chat] >= 1 for chat in ids)
    assert all(received[chat] == 1 for chat in ids if chat not in in_flight)
    assert sum(received[chat] - 1 for chat in in_flight) <= len(in_flight) <= 8


# It counts the copies in flight as the rows left 'sending' at each kill, which the one process
# sends again at its restart (SQLite). On PostgreSQL they wait for their lease, so a kill's rows
# would be counted again at the next: test_e2e_cluster.py checks that engine with real workers.
@sqlite_only
@pytest.mark.slow
async def test_twenty_announcements_each_killed_at_a_random_moment_lose_nothing(
        paced_bot: RunningBot, fast_clock: FastClock) -> None:
    """The kill is in process: the engine's tasks are cancelled wherever they are (requests in
    flight, database writes), as kill -9 would stop them; then the bot restarts. Telegram's pace
    (and the moments of the kills) run on the fast clock: 600 messages take seconds, not 20."""
    bbot = paced_bot
    ids = list(range(FIRST, FIRST + 30))
    for user_id in ids:
        bbot.user(user_id=user_id, language_code="en")
    await seed(bbot.services.repo.db, ids)
    await seed(bbot.services.repo.db, [ADMIN_ID], role="admin")
    rng, in_flight, created = random.Random(12), 0, []
    for _ in range(20):
        announcement_id = await create_announcement(bbot.services.repo, ADMIN_ID, "Lớp học",
                                                    Audience("producers"))
        created.append(announcement_id)
        assert bbot.app is not None
        await queue(bbot.app, announcement_id)
        await fast_clock.sleep(rng.uniform(0.0, 1.2))  # about one announcement's sending time
        await engine_of(bbot.app).kill()
        in_flight += await in_flight_now(bbot)
        await bbot.restart()
    async with asyncio.timeout(60):
        while await broadcasts(bbot).sending_ids():
            await asyncio.sleep(0.2)
    for announcement_id in created:
        assert await broadcasts(bbot).counts(announcement_id) == {"sent": len(ids)}
    received = copies(bbot.emu, ids)
    assert all(n >= 20 for n in received.values())  # 0 lost
    assert sum(n - 20 for n in received.values()) <= in_flight  # duplicates: what was in flight
    assert in_flight <= 20 * EngineConfig().concurrency


async def in_flight_now(bot: RunningBot) -> int:
    row = await bot.services.repo.db.fetch_one(
        "SELECT COUNT(*) FROM deliveries WHERE status = 'sending'")
    return int(row[0]) if row else 0


# --- who may send to whom ---------------------------------------------------------------------


async def test_a_commune_officer_reaches_only_their_commune_and_producers_are_refused(
        bbot: RunningBot) -> None:
    db = bbot.services.repo.db
    here, elsewhere, far = [601, 602, 603], [611, 612], [621]
    await seed(db, here, place=(SON_LA, TA_XUA))
    await seed(db, elsewhere, place=(SON_LA, CHIENG_AN))
    await seed(db, far, place=(LAI_CHAU, 1))
    people = {i: bbot.user(user_id=i, language_code="en") for i in here + elsewhere + far}
    officer = await make_officer(bbot, OFFICER_COMMUNE, TA_XUA)

    refusal = await people[601].ask("/thongbao")
    assert "sent by OCOP officers and admins" in refusal.text
    await opted_out(people[603])

    await compose(officer, "Họp tổ hợp tác thứ Hai", "2.")  # producers
    replies = await unread(bbot, officer)
    summary = next(r.text for r in replies if "Check before sending" in r.text)
    assert "Xã Tà Xùa" in summary and "Recipients now: 2" in summary
    draft_id = (await broadcasts(bbot).draft_for(OFFICER_COMMUNE)).id  # type: ignore[union-attr]
    for forged in (f"bc:w:{draft_id}:{CHIENG_AN}", f"bc:ae:{draft_id}", f"bc:p:{draft_id}:12"):
        answer = await officer.callback_answer(await officer.press_data(forged))
        assert answer["text"] == "This button is no longer valid."
    with pytest.raises(AnnouncementDenied):
        await create_announcement(bbot.services.repo, OFFICER_COMMUNE, "x",
                                  Audience("everyone", LAI_CHAU))
    await officer.press("✅")
    await wait_sent(bbot, timeout=10)
    assert announcements_to(people.values()) == {
        601: 1, 602: 1, 603: 0, 611: 0, 612: 0, 621: 0}


async def test_text_sent_to_a_vanished_draft_is_answered(bbot: RunningBot) -> None:
    officer = await make_officer(bbot, OFFICER_PROVINCE, None)
    assert "Type the text" in (await officer.ask("/thongbao")).text
    draft = await broadcasts(bbot).draft_for(OFFICER_PROVINCE)
    assert draft is not None and await broadcasts(bbot).discard(draft.id)
    reply = await officer.ask("Họp tổ hợp tác thứ Hai")
    assert "The announcement you were writing is gone" in reply.text
    assert bbot.services.repo.dialogs.current(OFFICER_PROVINCE) is None


async def test_a_province_officer_picks_a_commune_by_name(bbot: RunningBot) -> None:
    db = bbot.services.repo.db
    await seed(db, [631, 632], place=(SON_LA, TA_XUA))
    await seed(db, [641], place=(SON_LA, CHIENG_AN))
    people = [bbot.user(user_id=i, language_code="en") for i in (631, 632, 641)]
    officer = await make_officer(bbot, OFFICER_PROVINCE, None)
    people.append(await make_officer(bbot, OFFICER_COMMUNE, TA_XUA))
    await compose(officer, "Lịch kiểm tra sản phẩm", "1.")  # everyone
    assert "In all of Sơn La" in (await officer.next_reply()).text
    await officer.press("🔎 Choose a commune")
    await officer.next_reply()
    assert "Choose one" in (await officer.ask("chieng")).text  # several: a tap chooses
    assert officer.last is not None and "Chiềng An" in officer.last.inline_keyboard[0][0].text
    assert (await officer.ask("ta xua")).text == "📍 Xã Tà Xùa"  # one exact match: no tap
    replies = await officer.collect(timeout=0.5)
    summary = next(r.text for r in reversed(replies) if "Check before sending" in r.text)
    assert "Recipients now: 4" in summary  # two producers, both officers of the commune
    await officer.press("✅")
    await wait_sent(bbot, timeout=10)
    assert announcements_to([*people, officer]) == {
        631: 1, 632: 1, 641: 0, OFFICER_COMMUNE: 1, OFFICER_PROVINCE: 1}


# --- photos, drafts across restarts, the button under each announcement -----------------------


async def test_a_photo_draft_survives_a_restart_and_recipients_can_unsubscribe(
        bbot: RunningBot) -> None:
    officer = await make_officer(bbot, OFFICER_COMMUNE, TA_XUA)
    admin = bbot.user(user_id=ADMIN_ID, language_code="en", first_name="Admin")
    assert "Type the text" in (await admin.ask("/broadcast")).text
    await admin.send_photo(caption="Ảnh lớp học <3")
    assert "Who should receive it?" in (await admin.next_reply()).text
    await bbot.restart()

    resumed = await admin.ask("/thongbao")
    assert "in progress" in resumed.text
    await admin.next_reply()
    await admin.press("3.")  # officers
    await admin.next_reply()
    summary = await summary_after(admin, "🌏")
    assert "Recipients now: 1" in summary
    assert admin.messages[-2].kind == "photo" and "<3" in admin.messages[-2].text
    await admin.press("✅")
    await wait_sent(bbot, timeout=10)

    copy = officer.last
    assert copy is not None and copy.kind == "photo" and "Ảnh lớp học <3" in copy.text
    answer = await officer.callback_answer(await officer.press("🔕"))
    assert "no longer receive announcements" in answer["text"]
    assert not await broadcasts(bbot).receives(OFFICER_COMMUNE)
    assert copy.inline_keyboard[-1][0].text.startswith("🔔")  # edited in place
    await officer.callback_answer(await officer.press("🔔"))
    assert await broadcasts(bbot).receives(OFFICER_COMMUNE)


async def test_the_sender_cancels_midway_and_gets_a_report(bbot: RunningBot) -> None:
    ids, _ = await subscribers(bbot, 200)
    admin = bbot.user(user_id=ADMIN_ID, language_code="en", first_name="Admin")
    await compose(admin, "Sắp có lớp học", "2.")  # producers
    await admin.next_reply()
    await summary_after(admin, "🌏")
    progress = admin.last
    assert progress is not None
    await admin.press("✅", message_id=progress.message_id)
    async with asyncio.timeout(10):
        while sum(copies(bbot.emu, ids).values()) < 20:
            await asyncio.sleep(0.05)
    answer = await admin.callback_answer(await admin.press("⏹", message_id=progress.message_id))
    assert answer["text"] == "Cancelling…"
    broadcast_id = await wait_sent(bbot, timeout=5)
    report = await admin.next_reply()
    while "cancelled" not in report.text or report.edited:
        report = await admin.next_reply()
    counts = await broadcasts(bbot).counts(broadcast_id)
    assert (await broadcasts(bbot).get(broadcast_id)).status == "cancelled"  # type: ignore
    assert counts["pending"] > 100 and counts["sending"] == 0
    assert f"Not sent (cancelled): {counts['pending']}" in report.text
    assert bbot.app is not None and engine_of(bbot.app).current is None  # no copy can follow
    assert sum(copies(bbot.emu, ids).values()) == counts["sent"]
