"""End to end: an officer creates and announces a training, people RSVP, reminders, export."""

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl
import pytest
from telegram.ext import Job

from emulator import BotMessage, SimUser
from handlers import trainings
from handlers.trainings.announce import training_choices
from handlers.trainings.common import VIETNAM, trainings_repo
from handlers.trainings.reminders import JOB_PREFIX
from storage.officers import Scope
from storage.trainings import Training, iso
from storage.users import utcnow
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import make_officer, place
from tests.support.settle import unread
from tests.support.texts import vi

EN = {"language_code": "en"}


@pytest.fixture
async def bot(fast_bot: RunningBot) -> AsyncIterator[RunningBot]:
    yield fast_bot


async def restart(bot: RunningBot) -> None:
    await bot.restart()


async def producer_in(bot: RunningBot, commune: str, name: str, language_code: str = "en"
                      ) -> SimUser:
    """A producer with a registration submitted in a commune of Sơn La."""
    user = bot.user(first_name=name, username=name.lower(), language_code=language_code)
    await user.ask("/start")
    province, code = place("son la", commune)
    now = utcnow()
    await bot.services.repo.db.write(
        "INSERT INTO registrations (user_id, status, phone, province_code, commune_code,"
        " created_at, updated_at) VALUES (?, 'submitted', '+84912345678', ?, ?, ?, ?)",
        (user.id, province, code, now, now))
    return user


def typed(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


async def add_class(officer: SimUser, name: str, commune: str, capacity: str) -> None:
    await officer.press("➕ Add a class")
    assert "Name of the new class" in (await officer.next_reply()).text
    assert "Which communes" in (await officer.ask(name)).text
    assert "Choose one" in (await officer.ask(commune)).text
    await officer.press("1. ")
    assert "So far:" in (await officer.next_reply()).text
    await officer.press("Done")
    assert "How many places" in (await officer.next_reply()).text
    assert name in (await officer.ask(capacity)).text


async def create_training(officer: SimUser, starts: datetime) -> None:
    """Answer every step of the creation flow, with two classes, and announce."""
    await officer.ask("/lophoc")
    await officer.press("➕ Create a training")
    assert "step 1/7" in (await officer.next_reply()).text
    assert "1. ▫️ Basic concepts of OCOP" in (await officer.ask("Tập huấn <OCOP> 2026")).text
    await officer.press("1. ")
    await officer.next_reply()
    await officer.press("4. ")
    assert "4. ✅ Criteria" in (await officer.next_reply()).text
    assert "Other topics: Thương mại điện tử" in (await officer.ask("Thương mại điện tử")).text
    await officer.press("Continue")
    assert "When does it start" in (await officer.next_reply()).text
    assert "passed" in (await officer.ask(typed(datetime.now(UTC) - timedelta(days=1)))).text
    assert "When does it end" in (await officer.ask(typed(starts))).text
    assert "after the start" in (await officer.ask(typed(starts - timedelta(hours=1)))).text
    assert "venue" in (await officer.ask(typed(starts + timedelta(days=2)))).text
    assert "1. Everyone" in (await officer.ask("Hội trường UBND tỉnh")).text
    await officer.press("1. ")
    assert "Classes" in (await officer.next_reply()).text
    await add_class(officer, "Lớp 1 – Tà Xùa", "ta xua", "1")
    await add_class(officer, "Lớp 2 & Mường Bú", "muong bu", "30")
    await officer.press("Continue")
    summary = await officer.next_reply()
    assert "Tập huấn &lt;OCOP&gt; 2026" in summary.html and "Xã Tà Xùa" in summary.text
    await officer.press("📣 Announce")
    assert "is announced to 4 people" in (await officer.next_reply()).text


async def announcement(user: SimUser, attend: str = "✅ I will attend") -> BotMessage:
    """Wait for the announcement with its RSVP buttons (`attend` in the user's language)."""
    for _ in range(5):
        message = await user.next_reply(timeout=5)
        if attend in [b.text for b in message.buttons]:
            assert "Tập huấn <OCOP> 2026" in message.text
            return message
    raise AssertionError("no announcement")


async def test_officer_creates_announces_and_people_rsvp_within_capacity(bot: RunningBot
                                                                         ) -> None:
    province, _ = place("son la", "ta xua")
    officer = bot.user(first_name="Cán bộ", **EN)
    await make_officer(bot, officer, province, None)
    pao, dinh = await producer_in(bot, "ta xua", "Pao"), await producer_in(bot, "ta xua", "Dinh")
    bu = await producer_in(bot, "muong bu", "Bu")
    await create_training(officer, datetime.now(UTC) + timedelta(days=3))
    for user in (pao, dinh, bu):
        await announcement(user)
    await answer_within_capacity(pao, dinh, bu)
    listing = await _listing(pao)
    assert "Hội trường UBND tỉnh" in listing.text and "You will not attend" in listing.text
    assert "You will attend, in “Lớp 2 & Mường Bú”" in (await _listing(dinh)).text
    await unread(bot, officer)
    card = await _listing(officer)
    assert "✅ 2 attending · ❌ 1 not attending" in card.text and "2/30 places taken" in card.text
    await officer.press("📤 Excel", message_id=card.message_id)
    sheet = openpyxl.load_workbook(io.BytesIO((await officer.next_reply()).document_bytes)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("Bu", "@bu", "0912345678", "Xã Mường Bú", "Lớp 2 & Mường Bú", "Attending"),
        ("Dinh", "@dinh", "0912345678", "Xã Tà Xùa", "Lớp 2 & Mường Bú", "Attending"),
        ("Pao", "@pao", "0912345678", "Xã Tà Xùa", None, "Not attending")]
    assert all(isinstance(r[6], datetime) for r in rows)


async def answer_within_capacity(pao: SimUser, dinh: SimUser, bu: SimUser) -> None:
    """Pao takes Tà Xùa's one place, Dinh is offered the other class, answers change."""
    query = await pao.press("✅ I will attend")
    assert (await pao.callback_answer(query))["text"] == "Your answer is saved."
    assert "Your class: Lớp 1 – Tà Xùa" in (await pao.next_reply()).text
    query = await dinh.press("✅ I will attend")
    assert (await dinh.callback_answer(query))["text"] == "This class is full."
    offer = await dinh.next_reply()
    assert "“Lớp 1 – Tà Xùa” is full" in offer.text and "1. Lớp 2 & Mường Bú" in offer.text
    await dinh.press("1. Lớp 2")
    assert "Your class: Lớp 2 & Mường Bú" in (await dinh.next_reply()).text
    await bu.press("❌ I will not attend")
    assert "you will not attend" in (await bu.next_reply()).text
    await bu.press("✅ I will attend")
    assert "Lớp 2 & Mường Bú" in (await bu.next_reply()).text
    await pao.press("❌ I will not attend")
    await pao.next_reply()


async def _listing(user: SimUser):
    """/lophoc's first training card."""
    await user.ask("/lophoc")
    return await user.next_reply()


async def planned(bot: RunningBot, starts: datetime) -> Training:
    """A training announced earlier, straight in storage."""
    repo = trainings_repo(bot.services.repo)
    province, _ = place("son la", "ta xua")
    draft = await repo.create_draft(None, Scope(province), "summary")  # type: ignore[arg-type]
    await repo.update(draft.id, title="Lớp nhắc nhở", topics=(2,), starts_at=starts,
                      ends_at=starts + timedelta(hours=8), venue="Mộc Châu", audience="everyone")
    assert await repo.publish(draft.id)
    training = await repo.get(draft.id)
    assert training is not None
    return training


async def test_reminders_go_once_and_are_rescheduled_after_a_restart(bot: RunningBot) -> None:
    starts = datetime.now(UTC) + timedelta(hours=25)
    training = await planned(bot, starts)
    early = await producer_in(bot, "ta xua", "Early")
    late = await producer_in(bot, "ta xua", "Late")
    for user in (early, late):
        await _listing(user)
        await user.press("✅ I will attend")
        assert "I will remind you" in (await user.next_reply()).text
    assert bot.app is not None
    assert await trainings.send_due_reminders(bot.app, starts - timedelta(hours=23)) == 2
    for user in (early, late):
        reminder = await user.next_reply()
        assert "Reminder" in reminder.text and "starts tomorrow" in reminder.text
    assert await trainings.send_due_reminders(bot.app, starts - timedelta(hours=23)) == 0
    db = bot.services.repo.db
    late_due = datetime.now(UTC) + timedelta(hours=1)  # far enough never to fire by itself
    for user, due in ((early, datetime.now(UTC) - timedelta(minutes=5)), (late, late_due)):
        await db.write("UPDATE training_reminders SET due_at = ? WHERE user_id = ? AND"
                       " kind = 'hour_before'", (iso(due), user.id))
    await restart(bot)
    assert "starts in one hour" in (await early.next_reply(timeout=2)).text  # overdue: at once
    assert not await sent_at(bot, late)
    job = rescheduled(bot, training.id, late_due)  # the restart planned late's reminder again
    await job.run(bot.app)  # as the job queue will in an hour
    assert "starts in one hour" in (await late.next_reply()).text
    await job.run(bot.app)  # a second firing (a retry, say) sends nothing more
    assert await trainings.send_due_reminders(bot.app, starts) == 0
    assert await unread(bot, early) == [] and await unread(bot, late) == []
    rows = await bot.services.repo.db.fetch_all(
        "SELECT sent_at FROM training_reminders WHERE training_id = ?", (training.id,))
    assert len(rows) == 4 and all(r["sent_at"] for r in rows)


async def sent_at(bot: RunningBot, user: SimUser) -> str | None:
    row = await bot.services.repo.db.fetch_one(
        "SELECT sent_at FROM training_reminders WHERE user_id = ? AND kind = 'hour_before'",
        (user.id,))
    assert row is not None
    return row["sent_at"]


def rescheduled(bot: RunningBot, training_id: int, due: datetime) -> Job[Any]:
    """The job-queue job that will send a training's hour-before reminders due at `due`."""
    assert bot.app is not None and bot.app.job_queue is not None
    jobs = bot.app.job_queue.get_jobs_by_name(f"{JOB_PREFIX}:{training_id}:hour_before:{iso(due)}")
    assert len(jobs) == 1, [j.name for j in bot.app.job_queue.jobs()]
    return jobs[0]


async def test_producers_cannot_create_or_export_and_forged_buttons_change_nothing(
        bot: RunningBot) -> None:
    training = await planned(bot, datetime.now(UTC) + timedelta(days=2))
    producer = await producer_in(bot, "ta xua", "Pao")
    head = await producer.ask("/lophoc")
    assert head.buttons == []
    card = await producer.next_reply()
    for data in ("tr:new", f"tr:xl:{training.id}", f"tr:cx:{training.id}", "tr:y:999:0",
                 f"tr:y:{training.id}:77", "tr:go", "tr:p:14", "tr:y:1:x", "tr:" + "9" * 70):
        query = await producer.press_data(data, message_id=card.message_id)
        answer = await producer.callback_answer(query)
        assert answer["text"] == "This button is no longer valid.", data
    assert await unread(bot, producer) == []
    assert await trainings_repo(bot.services.repo).draft_for(producer.id) is None
    assert await trainings_repo(bot.services.repo).rsvp(training.id, producer.id) is None
    assert (await trainings_repo(bot.services.repo).get(training.id)).status == "planned"
    choices = await training_choices(bot.services.repo, Scope(14))
    assert [tid for tid, _ in choices] == [training.id]
    assert await training_choices(bot.services.repo, Scope(1)) == []


async def test_an_admin_picks_the_province_and_a_draft_survives_cancel(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin", **EN)
    await admin.ask("/start")
    await admin.ask("/lophoc")
    await admin.press("➕ Create a training")
    assert "step 1/8" in (await admin.next_reply()).text
    assert "Choose one" in (await admin.ask("son la")).text
    await admin.press("1. ")
    assert "step 2/8" in (await admin.next_reply()).text
    assert "step 3/8" in (await admin.ask("Lớp cho HTX")).text
    stopped = (await admin.ask("/huy")).text
    assert "type /trainings and press “➕ Create a training” to continue" in stopped
    assert "No training is planned" in (await admin.ask("/lophoc")).text
    await admin.press("➕ Create a training")
    resumed = await admin.next_reply()
    assert "step 3/8" in resumed.text and "Which topics" in resumed.text
    draft = await trainings_repo(bot.services.repo).draft_for(admin.id)
    assert draft is not None and draft.title == "Lớp cho HTX" and draft.province_code == 14


@pytest.mark.parametrize("command", ["lophoc", "trainings"])
async def test_an_officer_in_a_group_gets_the_public_view_without_staff_buttons(
        bot: RunningBot, command: str) -> None:
    await planned(bot, datetime.now(UTC) + timedelta(days=2))
    province, _ = place("son la", "ta xua")
    officer = bot.user(first_name="Cán bộ", **EN)
    await make_officer(bot, officer, province, None)
    await unread(bot, officer)
    group = bot.emu.group()
    head = await group.ask(officer, f"/{command}@ocop_test_bot")
    assert head.buttons == [] and "Upcoming trainings" in head.text
    card = await group.next_reply()
    assert "Lớp nhắc nhở" in card.text and "attending" not in card.text
    assert [b.text for b in card.buttons] == ["✅ I will attend", "❌ I will not attend"]
    assert await unread(bot, group) == []
    private = await officer.ask("/lophoc")
    assert "➕ Create a training" in [b.text for b in private.buttons]


async def test_with_nothing_planned_a_group_hears_announcements_come_in_private(
        bot: RunningBot) -> None:
    member = bot.user(first_name="Lan", **EN)
    await member.ask("/start")
    head = await bot.emu.group().ask(member, "/trainings@ocop_test_bot")
    assert "in a private chat with me" in head.text and "come here" not in head.text
    alone = await member.ask("/trainings")
    assert "Announcements of new ones come here." in alone.text


async def test_the_chat_refuses_an_emoji_title_and_names_an_impossible_date(
        bot: RunningBot) -> None:
    province, _ = place("son la", "ta xua")
    officer = bot.user(first_name="Cán bộ", **EN)
    await make_officer(bot, officer, province, None)
    await officer.ask("/lophoc")
    await officer.press("➕ Create a training")
    assert "step 1/7" in (await officer.next_reply()).text
    assert (await officer.ask("\u200b")).text == "Please type a title."
    refused = (await officer.ask("😀 🎉")).text
    assert refused == "Please type a title with letters or digits, not only emoji or signs."
    assert "Which topics" in (await officer.ask("Lớp A 😀")).text
    await officer.press("1. ")
    await officer.next_reply()
    await officer.press("Continue")
    assert "When does it start" in (await officer.next_reply()).text
    assert (await officer.ask("31/02/2027 08:00")).text == (
        "31/02/2027 08:00 does not exist on the calendar. Please check the day, the month "
        "and the time.")
    assert "When does it end" in (await officer.ask(typed(datetime.now(UTC) + timedelta(days=3)))
                                  ).text
    draft = await trainings_repo(bot.services.repo).draft_for(officer.id)
    assert draft is not None and draft.title == "Lớp A 😀"


async def test_the_organiser_sees_who_answered_and_may_step_back_from_cancelling(
        bot: RunningBot) -> None:
    training = await planned(bot, datetime.now(UTC) + timedelta(days=2))
    province, _ = place("son la", "ta xua")
    officer = bot.user(first_name="Cán bộ", **EN)
    await make_officer(bot, officer, province, None)
    pao, bu = await producer_in(bot, "ta xua", "Pao"), await producer_in(bot, "ta xua", "Bu")
    pao_card = await _listing(pao)
    assert [b.text for b in pao_card.buttons] == ["✅ I will attend", "❌ I will not attend"]
    await pao.press("✅ I will attend", message_id=pao_card.message_id)
    await _listing(bu)
    await bu.press("❌ I will not attend")
    for user in (officer, pao, bu):
        await unread(bot, user)
    card = await _listing(officer)
    labels = [b.text for b in card.buttons]
    assert "✅ I will attend" not in labels and "👥 Attendees" in labels
    assert "You have not answered yet" not in card.text and "✅ 1 attending" in card.text
    await officer.press("👥 Attendees", message_id=card.message_id)
    listed = (await officer.next_reply()).text.splitlines()
    assert listed == [f"👥 {training.title}: who answered", "✅ Pao (@pao)", "❌ Bu (@bu)"]
    await officer.press("🚫 Cancel the training", message_id=card.message_id)
    question = await officer.next_reply()
    assert [b.text for b in question.buttons] == ["🚫 Yes, cancel it", "⬅️ Don't cancel"]
    await officer.press("⬅️ Don't cancel", message_id=question.message_id)
    kept = await officer.next_reply()
    assert kept.edited
    assert kept.text == f"Nothing changed: “{training.title}” goes ahead as planned."
    still = await trainings_repo(bot.services.repo).get(training.id)
    assert still is not None and still.status == "planned"
    assert await unread(bot, pao) == []


async def test_the_composers_summary_names_the_training_by_title_and_date(
        bot: RunningBot) -> None:
    training = await planned(bot, datetime.now(UTC) + timedelta(days=2))
    assert training.starts_at is not None
    province, _ = place("son la", "ta xua")
    officer = bot.user(first_name="Cán bộ", **EN)
    await make_officer(bot, officer, province, None)
    await unread(bot, officer)
    await officer.ask("/broadcast")
    await officer.ask("Họp lớp")
    await officer.press("4.")
    await officer.next_reply()
    await officer.press("1.")
    await officer.next_reply()
    await officer.press("📍 All of")
    texts = [m.text for m in await unread(bot, officer)]
    day = typed(training.starts_at)[:10]
    assert any(f"Those who accepted a training · {training.title} · {day}" in text
               for text in texts), texts
    assert not any(f"#{training.id}" in text for text in texts)


async def test_each_recipient_reads_the_training_announcement_in_their_language(
    bot: RunningBot,
) -> None:
    province, _ = place("son la", "ta xua")
    officer = bot.user(first_name="Cán bộ", **EN)
    await make_officer(bot, officer, province, None)
    pao = await producer_in(bot, "ta xua", "Pao", language_code="vi")
    dinh, bu = await producer_in(bot, "ta xua", "Dinh"), await producer_in(bot, "muong bu", "Bu")
    await create_training(officer, datetime.now(UTC) + timedelta(days=3))
    english = await announcement(dinh)
    assert "Topics:\n" in english.text
    assert "• Criteria for evaluating and ranking OCOP products" in english.text
    vietnamese = await announcement(pao, vi("✅ I will attend"))
    assert vi("Topics") + ":\n" in vietnamese.text
    assert "• " + vi("Criteria for evaluating and ranking OCOP products") in vietnamese.text
    assert [b.text for b in vietnamese.buttons][:2] == [vi("✅ I will attend"),
                                                        vi("❌ I will not attend")]
    await announcement(bu)
