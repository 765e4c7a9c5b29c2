"""The delivery engine without Telegram: pacing math, the recipient snapshot, delivery states,
failure verdicts, and what a restart resends (what was in flight: at least once)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from announcements import (
    AnnouncementDenied,
    AnnouncementStateError,
    Engine,
    EngineConfig,
    confirm,
    create_announcement,
)
from announcements.message import (
    CAPTION_LIMIT,
    Part,
    parts,
    recipient_markup,
    send_part,
    visible_length,
)
from announcements.outbox import notice
from announcements.pacing import WINDOW, Pacer
from announcements.send import MAX_429, Sender, verdict
from core.config import Settings, load_settings
from core.context import Services
from core.i18n import I18n
from core.render import Renderer
from core.retry import RetryingLimiter
from storage.announcements import Announcement, Audience
from storage.officers import Scope
from storage.outbox import NoticeKind
from storage.users import utcnow
from tests.support.clock import FastClock

ADMIN, OFFICER_P, OFFICER_C = 1, 2, 3
SON_LA, TA_XUA, OTHER_COMMUNE, LAI_CHAU = 14, 3868, 3646, 12


# --- pacing ---------------------------------------------------------------------------------


def schedule(pacer: Pacer, count: int, start: float = 0.0, chat: Any = None) -> list[float]:
    """When `count` back-to-back sends would go, by the pacer's own arithmetic."""
    now, times = start, []
    for i in range(count):
        target = chat(i) if callable(chat) else chat
        while (wait := max(pacer.global_wait(now), pacer.chat_wait(target, now))) > 0:
            now += wait
        pacer.take(now, target)
        times.append(now)
    return times


def most_in_a_second(times: list[float]) -> int:
    best, first = 0, 0
    for last, stamp in enumerate(times):
        while times[first] <= stamp - 1.0 + 1e-9:  # float noise on exact 1 s spacing
            first += 1
        best = max(best, last - first + 1)
    return best


def test_pacer_keeps_every_second_under_its_cap_and_the_rate_near_the_target() -> None:
    pacer = Pacer(28.0, clock=lambda: 0.0)
    times = schedule(pacer, 560)
    assert most_in_a_second(times) <= 28
    assert 27.5 <= (len(times) - 1) / (times[-1] - times[0]) <= 28.5


def test_pacer_catches_up_after_a_late_wake_but_never_bursts_past_its_bucket() -> None:
    pacer = Pacer(28.0, burst=2.0, clock=lambda: 0.0)
    schedule(pacer, 28)
    later = 5.0  # idle: the bucket refills to `burst`, not to 5 s worth of tokens
    assert pacer.global_wait(later) == 0
    pacer.take(later)
    assert pacer.global_wait(later) == 0
    pacer.take(later)
    assert pacer.global_wait(later) == pytest.approx(1 / 28)


def test_pacer_pause_holds_everything_and_chats_get_one_message_a_second() -> None:
    clock = [10.0]
    pacer = Pacer(28.0, clock=lambda: clock[0])
    pacer.pause(3.0)
    assert pacer.global_wait(10.0) == pytest.approx(3.0)
    times = schedule(pacer, 3, start=13.0, chat=42)
    assert times[1] - times[0] == pytest.approx(1.0) and times[2] - times[1] == pytest.approx(1.0)
    others = schedule(Pacer(28.0, clock=lambda: 0.0), 28, chat=lambda i: i)
    assert others[-1] < 1.0  # distinct chats are not spaced a second apart


async def test_pacer_acquire_waits_in_real_time() -> None:
    pacer = Pacer(50.0)
    loop = asyncio.get_running_loop()
    start = loop.time()
    for _ in range(11):
        await pacer.acquire()
    assert 0.17 <= loop.time() - start <= 0.4


# --- what recipients get ----------------------------------------------------------------------


def broadcast(text: str, photo: str | None = None, training_id: int | None = None
              ) -> Announcement:
    return Announcement(7, ADMIN, text, photo, Audience(), training_id, "sending", None, 0, None,
                     utcnow(), utcnow(), None)


def test_text_is_escaped_and_a_long_caption_becomes_photo_then_text() -> None:
    t = I18n().get("en")
    markup = recipient_markup(t, None)
    [only] = parts(t, broadcast("<b>Lan & Huệ</b>"), markup)
    assert "&lt;b&gt;Lan &amp; Huệ&lt;/b&gt;" in only.text and only.markup is markup
    [photo] = parts(t, broadcast("short", "FILE"), markup)
    assert photo.photo == "FILE" and "short" in photo.text
    long = parts(t, broadcast("x" * CAPTION_LIMIT, "FILE"), markup)
    assert [p.photo for p in long] == ["FILE", None]
    assert long[0].markup is None and long[1].markup is markup
    assert visible_length("<b>a&amp;b</b> 😀") == 6  # the emoji is two UTF-16 units


# --- the recipient snapshot -------------------------------------------------------------------


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    settings = Settings(token="1:T", database_path=tmp_path / "bot.sqlite3",
                        default_locale="en")
    services = Services(settings, I18n("en"), Renderer())
    await services.open_storage()
    yield services
    await services.close_storage()


async def add_user(services: Services, user_id: int, role: str = "producer", *,
                   accepts: int = 1, announcements: int = 1,
                   place: tuple[int, int] | None = None,
                   scope: tuple[int, int | None] | None = None) -> None:
    db = services.repo.db
    now = utcnow()
    await db.write(
        "INSERT INTO users (id, first_name, role, accepts_messages, announcements, language,"
        " first_seen, last_seen) VALUES (?, 'U', ?, ?, ?, 'en', ?, ?)",
        (user_id, role, accepts, announcements, now, now))
    if place is not None:
        await db.write(
            "INSERT INTO registrations (user_id, status, province_code, commune_code,"
            " created_at, updated_at) VALUES (?, 'submitted', ?, ?, ?, ?)",
            (user_id, *place, now, now))
    if scope is not None:
        await db.write("INSERT INTO officers (user_id, province_code, commune_code, created_at)"
                       " VALUES (?, ?, ?, ?)", (user_id, *scope, now))


async def populate(services: Services) -> None:
    await add_user(services, ADMIN, "admin")
    await add_user(services, OFFICER_P, "officer", scope=(SON_LA, None))
    await add_user(services, OFFICER_C, "officer", scope=(SON_LA, TA_XUA))
    await add_user(services, 10, place=(SON_LA, TA_XUA))
    await add_user(services, 11, place=(SON_LA, OTHER_COMMUNE))
    await add_user(services, 12, place=(LAI_CHAU, 1))
    await add_user(services, 13)  # no registration: located nowhere
    await add_user(services, 14, place=(SON_LA, TA_XUA), announcements=0)
    await add_user(services, 15, place=(SON_LA, TA_XUA), accepts=0)
    # A producer who moved: the latest registration with a place counts.
    await add_user(services, 16, place=(LAI_CHAU, 1))
    await services.repo.db.write(
        "INSERT INTO registrations (user_id, status, province_code, commune_code, created_at,"
        " updated_at) VALUES (16, 'draft', ?, ?, ?, ?)", (SON_LA, TA_XUA, utcnow(), utcnow()))


async def recipients(services: Services, sender: int, audience: Audience) -> set[int]:
    broadcast_id = await create_announcement(services.repo, sender, "Hello", audience)
    await confirm(services.repo, broadcast_id)
    rows = await services.repo.db.fetch_all(
        "SELECT chat_id FROM deliveries WHERE broadcast_id = ?", (broadcast_id,))
    return {row[0] for row in rows}


async def test_audiences_resolve_by_kind_place_scope_and_consent(services: Services) -> None:
    await populate(services)
    everyone = {ADMIN, OFFICER_P, OFFICER_C, 10, 11, 12, 13, 16}
    assert await recipients(services, ADMIN, Audience()) == everyone
    assert await recipients(services, ADMIN, Audience("producers")) == {10, 11, 12, 13, 16}
    assert await recipients(services, ADMIN, Audience("officers")) == {OFFICER_P, OFFICER_C}
    son_la = {OFFICER_P, OFFICER_C, 10, 11, 16}
    assert await recipients(services, ADMIN, Audience("everyone", SON_LA)) == son_la
    ta_xua = {OFFICER_P, OFFICER_C, 10, 16}
    assert await recipients(services, ADMIN, Audience("everyone", SON_LA, TA_XUA)) == ta_xua
    # An officer's "everyone" is everyone located in their scope.
    assert await recipients(services, OFFICER_C, Audience()) == ta_xua
    assert await recipients(services, OFFICER_P, Audience("producers")) == {10, 11, 16}


async def test_officers_stay_in_scope_and_producers_may_not_send(services: Services) -> None:
    await populate(services)
    repo = services.repo
    with pytest.raises(AnnouncementDenied):
        await create_announcement(repo, OFFICER_C, "x", Audience("everyone", SON_LA))
    with pytest.raises(AnnouncementDenied):
        await create_announcement(repo, OFFICER_P, "x", Audience("everyone", LAI_CHAU))
    with pytest.raises(AnnouncementDenied):
        await create_announcement(repo, 10, "x", Audience())
    with pytest.raises(ValueError):
        await create_announcement(repo, ADMIN, "x" * 3501, Audience())
    assert Audience("everyone", SON_LA, TA_XUA).within(Scope(SON_LA, None))
    assert not Audience("everyone", SON_LA).within(Scope(SON_LA, TA_XUA))


async def test_a_training_audience_is_those_who_accepted_it(services: Services) -> None:
    await populate(services)
    db, now = services.repo.db, utcnow()
    await db.write("INSERT INTO trainings (id, status, created_at, updated_at)"
                   " VALUES (5, 'planned', ?, ?)", (now, now))
    for user_id, answer in ((10, "yes"), (11, "no"), (12, "yes"), (14, "yes")):
        await db.write("INSERT INTO training_rsvps (training_id, user_id, answer, answered_at)"
                       " VALUES (5, ?, ?, ?)", (user_id, answer, now))
    assert await recipients(services, ADMIN, Audience("training", training_id=5)) == {10, 12}
    assert await recipients(services, OFFICER_P, Audience("training", training_id=5)) == {10}


async def test_the_snapshot_is_fixed_at_confirmation(services: Services) -> None:
    await populate(services)
    repo = services.repo.announcements
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi", Audience("producers"))
    assert await repo.count_recipients(Audience("producers")) == 5
    assert await confirm(services.repo, broadcast_id) == 5
    await repo.set_receives(10, False)
    await add_user(services, 20)
    assert sum((await repo.counts(broadcast_id)).values()) == 5
    with pytest.raises(AnnouncementStateError):
        await confirm(services.repo, broadcast_id)


# --- delivery states ---------------------------------------------------------------------------


async def test_delivery_states_and_a_blocked_recipient_turns_inactive(services: Services) -> None:
    await populate(services)
    repo = services.repo.announcements
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi", Audience("producers"))
    await confirm(services.repo, broadcast_id)
    first, second, *_ = await repo.pending(broadcast_id, 10)
    assert await repo.mark_sending(first.id) and not await repo.mark_sending(first.id)
    await repo.record(first, "sent", message_id=99)
    await repo.mark_sending(second.id)
    await repo.record(second, "blocked", error="Forbidden: bot was blocked by the user")
    assert (await services.repo.users.get(second.chat_id)).accepts_messages is False  # type: ignore[union-attr]
    assert await repo.counts(broadcast_id) == Counter(pending=3, sent=1, blocked=1)
    assert await repo.cancel(broadcast_id) and not await repo.finish(broadcast_id)
    assert (await repo.get(broadcast_id)).status == "cancelled"


def test_failures_map_to_blocked_unknown_retry_or_failed() -> None:
    assert verdict(Forbidden("Forbidden: bot was blocked by the user")) == "blocked"
    assert verdict(Forbidden("Forbidden: user is deactivated")) == "blocked"
    assert verdict(BadRequest("Bad Request: chat not found")) == "blocked"
    assert verdict(BadRequest("Bad Request: message is too long")) == "failed"
    assert verdict(TimedOut()) == "unknown"
    assert verdict(NetworkError("Internal Server Error")) == "retry"
    assert verdict(_caused(TimedOut("pool"), httpx.PoolTimeout("full"))) == "retry"
    assert verdict(_caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("no"))) == "retry"
    assert verdict(_caused(NetworkError("httpx.ReadError"), httpx.ReadError("cut"))) == "unknown"


def _caused(exc: Exception, cause: Exception) -> Exception:
    exc.__cause__ = cause
    return exc


# --- the engine with a scripted bot -------------------------------------------------------------


@dataclass
class FakeBot:
    """Answers like the Bot API; `script[chat]` lists failures to raise before succeeding."""

    script: dict[int, list[Exception]] = field(default_factory=dict)
    sent: Counter[int] = field(default_factory=Counter)
    requests: list[tuple[str, int]] = field(default_factory=list)
    edits: int = 0
    texts: dict[int, list[str]] = field(default_factory=dict)

    markups: dict[int, Any] = field(default_factory=dict)

    async def _answer(self, method: str, chat_id: int, text: str | None,
                      markup: Any = None) -> Any:
        self.requests.append((method, chat_id))
        self.markups[chat_id] = markup
        await asyncio.sleep(0)
        failures = self.script.get(chat_id)
        if failures:
            raise failures.pop(0)
        self.sent[chat_id] += 1
        self.texts.setdefault(chat_id, []).append(text or "")
        return SimpleNamespace(message_id=len(self.requests))

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None,
                           **_: Any) -> Any:
        return await self._answer("sendMessage", chat_id, text, reply_markup)

    async def send_photo(self, chat_id: int, photo: str, caption: str | None = None,
                         reply_markup: Any = None, **_: Any) -> Any:
        return await self._answer("sendPhoto", chat_id, caption, reply_markup)

    edit_failures: list[Exception] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)

    async def edit_message_text(self, text: str, *_: Any, **__: Any) -> Any:
        self.edits += 1
        if self.edit_failures:
            raise self.edit_failures.pop(0)
        self.edited.append(text)
        return True

    delete_failures: list[Exception] = field(default_factory=list)
    deleted: list[tuple[int, int]] = field(default_factory=list)

    async def delete_message(self, chat_id: int, message_id: int, **_: Any) -> bool:
        self.requests.append(("deleteMessage", chat_id))
        if self.delete_failures:
            raise self.delete_failures.pop(0)
        self.deleted.append((chat_id, message_id))
        return True


FAST = EngineConfig(rate=500, per_chat=0.05, progress_every=0.05, backoff=0.01)


async def run_engine(services: Services, bot: FakeBot, broadcast_id: int,
                     config: EngineConfig | None = None, timeout: float = 10.0,
                     engine: Engine | None = None) -> None:
    engine = engine or Engine(config or FAST)
    engine.launch(services, bot)  # type: ignore[arg-type]
    repo = services.repo.announcements
    try:
        async with asyncio.timeout(timeout):
            while (await repo.get(broadcast_id)).status == "sending":
                await asyncio.sleep(0.02)
            while bot.sent[ADMIN] < 2:  # the progress message, then the report
                await asyncio.sleep(0.02)
    finally:
        await engine.stop()


async def test_the_engine_sends_once_each_and_handles_every_failure(services: Services) -> None:
    await populate(services)
    bot = FakeBot(script={
        10: [RetryAfter(timedelta(milliseconds=50))],  # 429: pause, then the same delivery
        11: [NetworkError("Bad Gateway"), NetworkError("Bad Gateway")],  # 5xx: retried
        12: [Forbidden("Forbidden: bot was blocked by the user")],
        13: [TimedOut()],  # may not have arrived: queued again, sent (at least once)
        16: [NetworkError("Internal Server Error")] * 5,  # 4 tries, queued again, then sent
    })
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi & <you>",
                                             Audience("producers"))
    await confirm(services.repo, broadcast_id)
    await run_engine(services, bot, broadcast_id)
    repo = services.repo.announcements
    rows = await services.repo.db.fetch_all(
        "SELECT chat_id, status, attempts FROM deliveries WHERE broadcast_id = ?",
        (broadcast_id,))
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        10: ("sent", 2), 11: ("sent", 3), 12: ("blocked", 1), 13: ("sent", 2),
        16: ("sent", 6)}
    assert bot.sent[10] == bot.sent[11] == bot.sent[13] == bot.sent[16] == 1
    assert "Hi &amp; &lt;you&gt;" in bot.texts[10][0]
    assert (await services.repo.users.get(12)).accepts_messages is False  # type: ignore[union-attr]
    assert (await repo.get(broadcast_id)).status == "done"
    assert "Delivered: 4" in bot.texts[ADMIN][-1] and bot.edits >= 1


async def test_a_copy_never_confirmed_is_tried_six_times_then_left_unknown(
        services: Services) -> None:
    await populate(services)
    bot = FakeBot(script={13: [TimedOut()] * 6})
    announcement_id = await create_announcement(services.repo, ADMIN, "Hi",
                                                Audience("producers"))
    await confirm(services.repo, announcement_id)
    await run_engine(services, bot, announcement_id)
    row = await services.repo.db.fetch_one(
        "SELECT status, attempts FROM deliveries WHERE broadcast_id = ? AND chat_id = 13",
        (announcement_id,))
    assert row is not None and (row[0], row[1]) == ("unknown", 6)
    assert bot.requests.count(("sendMessage", 13)) == 6 and bot.sent[13] == 0


async def test_after_a_crash_what_was_in_flight_is_sent_again_and_nothing_else_twice(
        services: Services) -> None:
    await populate(services)
    repo = services.repo.announcements
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi", Audience("producers"))
    await confirm(services.repo, broadcast_id)
    delivered, in_flight, *rest = await repo.pending(broadcast_id, 10)
    # The state kill -9 leaves: one delivery recorded sent, one marked sending (in flight).
    await repo.mark_sending(delivered.id)
    await repo.record(delivered, "sent", message_id=1)
    await repo.mark_sending(in_flight.id)
    bot = FakeBot()
    await run_engine(services, bot, broadcast_id)
    assert bot.sent[delivered.chat_id] == 0 and bot.sent[in_flight.chat_id] == 1
    assert all(bot.sent[d.chat_id] == 1 for d in rest)
    counts = await repo.counts(broadcast_id)
    assert counts == Counter(sent=2 + len(rest))


async def test_cancelling_stops_the_engine_and_reports(services: Services) -> None:
    await populate(services)
    for user_id in range(100, 160):
        await add_user(services, user_id)
    repo = services.repo.announcements
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi", Audience("producers"))
    await confirm(services.repo, broadcast_id)
    bot = FakeBot()
    # 4 a second on a clock 10 times faster: the sender's two messages a (virtual) second apart
    # take a tenth of one, while the recipients still go at 40 a real second.
    engine = Engine(EngineConfig(rate=4, progress_every=1.0), clock=FastClock(10).clock)
    engine.launch(services, bot)  # type: ignore[arg-type]
    try:
        while sum(bot.sent.values()) < 10:
            await asyncio.sleep(0.02)
        assert await repo.cancel(broadcast_id) and engine.cancel(broadcast_id)
        while len(bot.texts.get(ADMIN, [])) < 2:
            await asyncio.sleep(0.02)
    finally:
        await engine.stop()
    counts = await repo.counts(broadcast_id)
    assert counts["pending"] > 30 and counts["sending"] == 0
    assert (await repo.get(broadcast_id)).status == "cancelled"
    assert "cancelled" in bot.texts[ADMIN][-1]


async def test_a_photo_with_a_long_text_goes_as_two_messages_a_second_apart(
        services: Services) -> None:
    await populate(services)
    repo = services.repo.announcements
    broadcast_id = await create_announcement(services.repo, ADMIN, "y" * 2000,
                                             Audience("officers"), photo="PHOTO")
    await confirm(services.repo, broadcast_id)
    bot = FakeBot()
    clock = FastClock(10)
    start = clock.now()
    await run_engine(services, bot, broadcast_id, engine=Engine(
        EngineConfig(rate=500, progress_every=0.05), clock=clock.clock))
    assert clock.now() - start >= 1.0
    officers = [r for r in bot.requests if r[1] in (OFFICER_P, OFFICER_C)]
    assert sorted(officers) == sorted([("sendPhoto", OFFICER_P), ("sendMessage", OFFICER_P),
                                       ("sendPhoto", OFFICER_C), ("sendMessage", OFFICER_C)])
    assert (await repo.counts(broadcast_id)) == Counter(sent=2)


async def test_sender_pauses_the_pacer_on_429() -> None:
    pacer = Pacer(1000.0)
    bot = FakeBot(script={5: [RetryAfter(timedelta(milliseconds=200))]})
    t = I18n().get("en")
    outcome = await Sender(bot, pacer).deliver(  # type: ignore[arg-type]
        5, parts(t, broadcast("x"), None))
    assert outcome.status == "sent" and outcome.retries == 1
    assert pacer.paused_until > 0


async def test_a_training_announcement_carries_its_rsvp_buttons(services: Services) -> None:
    await populate(services)
    broadcast_id = await create_announcement(services.repo, ADMIN, "Lớp học",
                                             Audience("officers"), training_id=9)
    await confirm(services.repo, broadcast_id)
    bot = FakeBot()
    await run_engine(services, bot, broadcast_id)
    rows = bot.markups[OFFICER_P].inline_keyboard
    assert [[b.text for b in row] for row in rows] == [
        ["✅ I will attend", "❌ I will not attend"], ["🔕 Stop announcements"]]
    assert [b.callback_data for b in rows[0]] == ["tr:y:9:0", "tr:n:9"]


# --- one budget for replies and the engine ----------------------------------------------------


def test_without_chat_the_engine_uses_over_nine_tenths_of_telegrams_limit() -> None:
    pacer = Pacer(28.0, clock=lambda: 0.0)
    times = schedule(pacer, 560)
    assert (len(times) - 1) / (times[-1] - times[0]) >= 0.9 * pacer.limit


def test_replies_take_the_room_the_engine_leaves_and_shrink_its_share() -> None:
    pacer = Pacer(28.0, clock=lambda: 0.0)
    engine_times = schedule(pacer, 28)  # a full second of broadcast
    now = engine_times[-1]
    assert pacer._reply_wait(now) == 0  # room for a reply at once
    for _ in range(3):
        pacer._recent.append(now)
        pacer._replied.append(now)
    assert pacer.engine_cap(now) == 30 - 4  # the engine leaves room for people chatting
    assert pacer.engine_cap(now + 1.5) == 28  # and takes it back once they stop


async def test_replies_never_wait_for_the_engine_and_the_window_stays_under_the_limit() -> None:
    clock = [0.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    pacer = Pacer(28.0, clock=lambda: clock[0], sleep=sleep)
    stamps: list[float] = []
    for second in range(10):
        for _ in range(28):
            await pacer.acquire()
            stamps.append(clock[0])
        before = clock[0]
        pacer.answered(await pacer.reply(chat_id=second))
        pacer.answered(await pacer.reply(chat_id=second))
        assert clock[0] == before  # two replies a second go out at once
        stamps += [clock[0], clock[0]]
    assert most_in_a_second(sorted(stamps)) <= 30
    assert pacer.replies == 20


async def test_a_reply_counts_until_a_window_after_telegram_answered_it() -> None:
    """Telegram counts a message when it arrives, at any moment until its answer: a slow
    request keeps its place in the window, and the window restarts at the answer."""
    clock = [0.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    pacer = Pacer(28.0, limit=3, clock=lambda: clock[0], sleep=sleep)
    tickets = [await pacer.reply() for _ in range(3)]
    clock[0] = 5.0  # the three requests are still unanswered, long after they left
    assert pacer._reply_wait(clock[0]) > 0 and pacer.global_wait(clock[0]) > 0
    for ticket in tickets:
        pacer.answered(ticket)
    assert pacer._reply_wait(5.5) > 0  # counted from their answers
    clock[0] = 5.0 + WINDOW
    await pacer.reply()
    assert clock[0] == 5.0 + WINDOW  # room again, without waiting


class RecordingBudget:
    def __init__(self) -> None:
        self.counted: list[int | None] = []
        self.answers: list[int] = []
        self.slept: list[float] = []

    async def reply(self, chat_id: int | None = None) -> int:
        self.counted.append(chat_id)
        return len(self.counted)

    def answered(self, ticket: int) -> None:
        self.answers.append(ticket)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def failing(*errors: Exception) -> Any:
    remaining = list(errors)

    async def call() -> Any:
        if remaining:
            raise remaining.pop(0)
        return {"ok": True}
    return call


async def test_the_limiter_counts_messages_and_waits_a_long_retry_after_in_full() -> None:
    budget = RecordingBudget()
    limiter = RetryingLimiter(budget=budget)
    call = failing(RetryAfter(timedelta(seconds=120)))
    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert budget.slept == [120.0] and budget.counted == [5, 5]
    assert budget.answers == [1, 2]  # each request's message, once answered (a 429 too)
    await limiter.process_request(failing(), (), {}, "answerCallbackQuery", {}, None)
    assert budget.counted == [5, 5]  # only messages count in Telegram's limit


async def test_the_limiter_repeats_only_what_surely_never_left() -> None:
    budget = RecordingBudget()
    limiter = RetryingLimiter(budget=budget)
    request = httpx.Request("POST", "http://x")
    refused = _caused(NetworkError("connect"), httpx.ConnectError("refused", request=request))
    assert await limiter.process_request(failing(refused), (), {}, "sendMessage", {}, None)
    midway = _caused(NetworkError("read"), httpx.ReadError("reset", request=request))
    with pytest.raises(NetworkError):
        await limiter.process_request(failing(midway), (), {}, "sendMessage", {}, None)
    late = _caused(TimedOut(), httpx.ReadTimeout("slow", request=request))
    with pytest.raises(TimedOut):
        await limiter.process_request(failing(late), (), {}, "sendMessage", {}, None)
    assert len(budget.slept) == 1


# --- the outbox's notices ---------------------------------------------------------------------


async def run_postman(services: Services, bot: FakeBot, until: Any,
                      config: EngineConfig = FAST) -> None:
    engine = Engine(config)
    engine.launch(services, bot)  # type: ignore[arg-type]
    try:
        async with asyncio.timeout(5):
            while not await until():
                engine.wake_postman()
                await asyncio.sleep(0.02)
    finally:
        await engine.stop()


async def test_a_notice_refused_with_429s_is_tried_again_later_not_lost(
        services: Services) -> None:
    await populate(services)
    outbox = services.repo.outbox
    refusals: list[Exception] = [RetryAfter(timedelta(milliseconds=1)) for _ in range(MAX_429)]
    bot = FakeBot(script={10: refusals})
    await outbox.add([notice(10, NoticeKind.REMINDER, "Nhắc lịch", dedupe_key="r:1"),
                      notice(11, NoticeKind.REMINDER, "Nhắc lịch", dedupe_key="r:2")])

    async def settled() -> bool:
        return (await outbox.counts()) == {"sent": 1, "pending": 1}
    await run_postman(services, bot, settled)
    assert bot.sent[11] == 1 and bot.sent[10] == 0  # one refused chat held back nobody
    row = await services.repo.db.fetch_one(
        "SELECT not_before, error FROM outbox WHERE chat_id = 10")
    assert row is not None and row["not_before"] > utcnow() and "retry" in row["error"].lower()

    await services.repo.db.write("UPDATE outbox SET not_before = ?", (utcnow(),))  # time passes

    async def all_sent() -> bool:
        return (await outbox.counts()) == {"sent": 2}
    await run_postman(services, bot, all_sent)
    assert bot.sent[10] == 1


async def test_notices_in_flight_at_a_crash_are_sent_again_and_blocked_chats_recorded(
        services: Services) -> None:
    await populate(services)
    outbox = services.repo.outbox
    await outbox.add([notice(c, NoticeKind.DECISION, f"#{c}") for c in (10, 11, 12)])
    [first, *_] = await outbox.due(10)
    assert await outbox.claim(first.notice.id)  # in flight when the bot died
    bot = FakeBot(script={12: [Forbidden("bot was blocked by the user")]})

    async def settled() -> bool:
        return (await outbox.counts()) == {"sent": 2, "blocked": 1}
    await run_postman(services, bot, settled)
    assert bot.sent == Counter({10: 1, 11: 1})
    assert (await services.repo.users.get(12)).accepts_messages is False  # type: ignore[union-attr]


async def test_a_held_notice_goes_to_the_first_officer_of_its_area(services: Services) -> None:
    await populate(services)
    outbox = services.repo.outbox
    kept = notice(None, NoticeKind.REGISTRATION, "Hồ sơ", area=(SON_LA, TA_XUA)).held()
    await outbox.add([kept])
    assert await outbox.release_held(OFFICER_P, Scope(LAI_CHAU, None)) == 0
    assert await outbox.release_held(OFFICER_C, Scope(SON_LA, TA_XUA)) == 1
    assert await outbox.release_held(OFFICER_P, Scope(SON_LA, None)) == 0  # already given
    [due] = await outbox.due(10)
    assert due.notice.chat_id == OFFICER_C


# --- paid broadcasts --------------------------------------------------------------------------


async def test_paid_broadcasts_are_off_by_default_and_on_ask_for_telegrams_paid_pace() -> None:
    token = {"TELEGRAM_BOT_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678"}
    assert not load_settings(token).paid_broadcasts
    assert load_settings({**token, "PAID_BROADCASTS": "1"}).paid_broadcasts
    paid = EngineConfig.paid_broadcasts()
    assert paid.paid and paid.limit == 1000 and not EngineConfig().paid
    sent: list[dict[str, Any]] = []

    class Recording:
        async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Any:
            sent.append(kwargs)
            return SimpleNamespace(message_id=1)

    await send_part(Recording(), 5, Part("x", paid=True))  # type: ignore[arg-type]
    await send_part(Recording(), 5, Part("x"))  # type: ignore[arg-type]
    assert [k["allow_paid_broadcast"] for k in sent] == [True, None]


async def test_with_paid_broadcasts_notices_go_paid_too(services: Services) -> None:
    """At the paid pace, unpaid notices could take the free 30/s past Telegram's limit."""
    await populate(services)
    outbox = services.repo.outbox
    flags: list[Any] = []

    class RecordingBot(FakeBot):
        async def send_message(self, chat_id: int, text: str, reply_markup: Any = None,
                               **kwargs: Any) -> Any:
            flags.append(kwargs.get("allow_paid_broadcast"))
            return await super().send_message(chat_id, text, reply_markup)

    await outbox.add([notice(10, NoticeKind.DECISION, "#10")])

    async def sent() -> bool:
        return (await outbox.counts()) == {"sent": 1}
    await run_postman(services, RecordingBot(script={}), sent, replace(FAST, paid=True))
    assert flags == [True]


def test_workers_sharing_the_bot_split_its_budget_and_take_it_back() -> None:
    pacer = Pacer(28.0, limit=30)
    pacer.share(2)
    assert (pacer.rate, pacer.cap, pacer.limit, pacer.shared_by) == (14.0, 14, 15, 2)
    pacer.share(3)
    assert pacer.limit * 3 <= 30 and pacer.cap * 3 <= 28
    pacer.share(1)
    assert (pacer.rate, pacer.cap, pacer.limit) == (28.0, 28, 30)


async def test_the_report_replaces_the_progress_message(services: Services) -> None:
    """Found by a user trial: the final progress and the report said the same twice. The report
    comes first (a new message notifies the sender), then the progress message goes."""
    await populate(services)
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi", Audience("producers"))
    await confirm(services.repo, broadcast_id)
    bot = FakeBot(delete_failures=[RetryAfter(timedelta(seconds=0.01))])
    await run_engine(services, bot, broadcast_id, replace(FAST, progress_every=3600))
    to_sender = [method for method, chat in bot.requests if chat == ADMIN]
    assert to_sender == ["sendMessage", "sendMessage", "deleteMessage", "deleteMessage"]
    progress_id = 1 + next(i for i, (_, chat) in enumerate(bot.requests) if chat == ADMIN)
    assert bot.deleted == [(ADMIN, progress_id)] and bot.edits == 0
    assert "finished" in bot.texts[ADMIN][-1]


async def test_the_final_state_is_shown_in_place_when_the_progress_cannot_go(
        services: Services) -> None:
    """A progress message that cannot be deleted shows the final state instead, retried after
    a 429 since no other edit follows it (a passing refresh may be lost: the next mends it)."""
    await populate(services)
    broadcast_id = await create_announcement(services.repo, ADMIN, "Hi", Audience("producers"))
    await confirm(services.repo, broadcast_id)
    bot = FakeBot(edit_failures=[RetryAfter(timedelta(seconds=0.01))],
                  delete_failures=[BadRequest("Message can't be deleted for everyone")])
    await run_engine(services, bot, broadcast_id, replace(FAST, progress_every=3600))
    async with asyncio.timeout(5):
        while not bot.edited:
            await asyncio.sleep(0.01)
    assert bot.edits == 2 and len(bot.edited) == 1 and bot.deleted == []
    assert "Announcement #" in bot.edited[0] and "sent" in bot.edited[0]
