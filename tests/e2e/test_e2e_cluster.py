"""Two `python bot.py` workers in webhook mode on one PostgreSQL database, behind a round-robin
load balancer, fed by the emulator's push with Telegram's 30-per-second limit on; one of them
is killed with -9 midway and restarted on another port.

- Fifty people answer a self-assessment at once: every answer is stored, in order, each
  update handled once and answered once.
- An announcement to a thousand subscribers: each gets it at least once, a second copy only
  where a request was in flight at the kill.
- Telegram never answers 429: the workers split the bot's budget between them.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from announcements import Audience, EngineConfig, confirm, create_announcement
from emulator import BotApiEmulator, BotMessage, FaultPlan, SimUser
from emulator.webhook import Webhook
from knowledge.criteria.model import Sheet
from knowledge.criteria.products import PRODUCT_GROUPS
from storage import Database, Repository
from storage.assessments import AssessmentStatus
from tests.support.assessment_driver import DEFAULT_ORGANISATION, QUESTION, random_answers
from tests.support.broadcast import FIRST_SUBSCRIBER, copies, seed
from tests.support.cluster import Cluster, Worker, running_cluster, until, worker_env
from tests.support.engines import ON_POSTGRES, fresh_database
from tests.support.harness import ADMIN_ID
from tests.support.process import ANSWERED, STARTED
from tests.support.sheets import official_sheets
from tests.support.texts import vi, vi_start

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ON_POSTGRES, reason="several workers need PostgreSQL"),
]

TOKEN = "123456:CLUSTER-TEST-TOKEN-abcdefghij"
SHEET = 25  # the shortest sheet: 25 questions
PEOPLE = 50
RECIPIENTS = 1000
CONDITION = vi_start("Before the criteria: condition %(i)s of %(n)s")
# A person's pace: under the bot's flood control (20 updates in 10 s, handlers/flood.py), with
# room for an update handled a little later than it was sent.
FLOOD_ROOM, FLOOD_WINDOW = 17, 10.0
# Sending a thousand copies at half the bot's budget (the other worker has the other half),
# plus the leases of a dead runner's claims (storage/announcements.py): generous bounds, never
# waited out when all is well.
SENT_WITHIN = 300.0


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh PostgreSQL database the workers share."""
    async with fresh_database(tmp_path, "cluster") as url:
        assert isinstance(url, str)
        yield url


@pytest.fixture
async def repo(database: str) -> AsyncIterator[Repository]:
    """The test's own view of the shared database."""
    db = await Database.open(database)
    try:
        yield Repository(db)
    finally:
        await db.close()


def emulator() -> BotApiEmulator:
    """Telegram's 30 messages a second on (the emulator's default); resends sped up."""
    return BotApiEmulator(token=TOKEN, webhook_retry_base=0.05, webhook_timeout=ANSWERED)


def no_429(emu: BotApiEmulator) -> None:
    assert emu.stats.rate_limited == 0, (emu.stats.global_limit_429, emu.stats.chat_limit_429)


# --- fifty people answering ---------------------------------------------------------------------


@dataclass
class Person:
    """A simulated person who waits for each reply, at a pace the flood control lets through,
    and notes what looks wrong in the chat rather than stopping at it."""

    user: SimUser
    answers: dict[str, int]
    hook: Webhook  # the emulator's, to tell what became of each update
    updates: int = 0  # sent so far
    seen: list[int] = field(default_factory=list)  # the question of each reply, in order
    _sent: deque[float] = field(default_factory=deque)

    async def press(self, label: str) -> BotMessage:
        await self._room()
        await self.user.press(label)
        return await self.reply()

    async def type(self, text: str) -> BotMessage:
        await self._room()
        await self.user.send(text)
        return await self.reply()

    async def reply(self) -> BotMessage:
        """The next reply; if none comes, what the person sent and saw."""
        try:
            return await self.user.next_reply(ANSWERED)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{feed(self)}") from None

    async def _room(self) -> None:
        while self._sent and self._sent[0] <= time.monotonic() - FLOOD_WINDOW:
            self._sent.popleft()
        if len(self._sent) >= FLOOD_ROOM:
            await asyncio.sleep(self._sent[0] + FLOOD_WINDOW - time.monotonic())
        self._sent.append(time.monotonic())
        self.updates += 1

    def replies(self) -> list[BotMessage]:
        """Every new or edited bot message in the chat, in order."""
        return [e.message for e in self.user.events
                if e.kind in ("message", "edit") and e.message is not None]


@dataclass
class Progress:
    answered: int = 0  # questions answered by everyone so far


async def assess(person: Person, sheet: Sheet, progress: Progress) -> None:
    """/danhgia, the sheet, the organisation and the product's names, yes to each condition,
    then each question the bot shows: odd ones by typing the option's number, even ones by its
    button. A reply showing a question already answered is read past (a copy)."""
    group = next(i for i, g in enumerate(PRODUCT_GROUPS) if SHEET in g.sheets)
    await person.type("/danhgia")
    await person.press(f"{group + 1}. ")
    await person.press(f"{PRODUCT_GROUPS[group].sheets.index(SHEET) + 1}. ")
    await person.type(DEFAULT_ORGANISATION)
    message = await person.type(f"Sản phẩm {person.user.id}")
    while f"{QUESTION}1/" not in message.text:
        assert CONDITION in message.text, message.text
        message = await person.press(vi("Yes"))
    count = len(sheet.criteria)
    while (shown := question_of(message, count)) is not None:
        if person.seen and shown <= person.seen[-1]:
            message = await person.reply()
            continue
        person.seen.append(shown)
        option = person.answers[sheet.criteria[shown - 1].code] + 1
        message = await (person.type(str(option)) if shown % 2 else person.press(f"{option}. "))
        progress.answered += 1
    assert vi("Check your answers") in message.text, (
        f"after question {person.seen[-1] if person.seen else None} the bot said"
        f" {message.text[:80]!r}\n{feed(person)}")


def feed(person: Person) -> str:
    """What the person sent and saw, for a failure's message: each POST of their updates,
    then the chat's events."""
    posts = [f"update {a.update_id} {a.queue}: {a.started:.3f}-{a.ended or 0:.3f} {a.status}"
             f" {a.error or ''}" for a in person.hook.attempts
             if a.queue in ((0, person.user.id), (3, person.user.id))]
    events = [f"{e.kind} #{e.message.message_id if e.message else e.message_id}:"
              f" {(e.message.text if e.message else str(e.answer))[:40]!r}"
              for e in person.user.events]
    return "\n".join(posts + events)


async def everyone(people: list[Person], sheet: Sheet, progress: Progress) -> None:
    """Everyone at once; the first to find something wrong stops the others."""
    async with asyncio.TaskGroup() as group:
        for person in people:
            group.create_task(assess(person, sheet, progress))


def question_of(message: BotMessage, count: int) -> int | None:
    """The number of the question `message` shows, if it shows one."""
    found = re.search(re.escape(QUESTION) + rf"(\d+)/{count}\b", message.text)
    return int(found[1]) if found else None


def numbers(replies: list[BotMessage], prefix: str, of: int) -> list[int]:
    """The `i` of each reply showing `prefix` i/`of` (a question or a condition), in order."""
    pattern = re.compile(re.escape(prefix) + rf"(\d+)/{of}\b")
    return [int(m[1]) for r in replies if (m := pattern.search(r.text))]


async def test_fifty_people_answer_while_a_worker_is_killed_and_restarted(
        tmp_path: Path, database: str, repo: Repository) -> None:
    sheet = official_sheets()[SHEET]
    count, conditions = len(sheet.criteria), 2  # sheet 25's eligibility conditions
    async with emulator() as emu, running_cluster(
            emu, tmp_path, worker_env(emu, database), 2) as cluster:
        people = [Person(emu.user(first_name=f"Người {n}"), random_answers(sheet, n),
                         emu.webhook) for n in range(PEOPLE)]
        progress = Progress()
        answering = asyncio.ensure_future(everyone(people, sheet, progress))
        await until(lambda: progress.answered >= PEOPLE * count // 2 or answering.done(),
                    STARTED, "half the answers given")
        killed_at, killed = progress.answered, cluster.workers[0]
        fresh = await cluster.restart(killed)
        async with asyncio.timeout(STARTED * 2):
            await answering
        await emu.webhook_idle(ANSWERED)

    assert killed_at < PEOPLE * count  # the kill came midway
    assert cluster.lb.requests[fresh.url] > 0  # the restarted worker took its share
    # Every answer stored, at the question it was given for: none lost, none misplaced.
    wrong = {p.user.id: await misplaced(repo, p, sheet) for p in people}
    assert not any(wrong.values()), {user: diff for user, diff in wrong.items() if diff}
    for person in people:
        # The questions came in order, none skipped.
        assert person.seen == list(range(1, count + 1)), person.seen
        assert numbers(person.replies(), CONDITION, conditions) == list(
            range(1, conditions + 1))
    await check_handled_once(repo, emu, sum(p.updates for p in people))
    # An update is handled again only when its worker died handling it: a second reply (or a
    # second answer to a pressed button) only for a request in flight at the kill.
    no_429(emu)
    twice = sum(len(p.replies()) - p.updates for p in people) + sum(emu.stats.errors.values())
    assert twice <= cluster.lb.failures[killed.url], (twice, emu.stats.errors)


async def misplaced(repo: Repository, person: Person, sheet: Sheet) -> dict[str, object]:
    """Questions whose stored answer is not the one given ({code: (stored, given)}), and an
    assessment not in review; empty when all is well."""
    record = await repo.assessments.in_progress_for(person.user.id)
    if record is None or record.status != AssessmentStatus.REVIEW:
        return {"status": record.status if record else None}
    stored = await repo.assessments.answers(record.id)
    return {code: (stored.get(code), given) for code, given in person.answers.items()
            if stored.get(code) != given}


async def check_handled_once(repo: Repository, emu: BotApiEmulator, sent: int) -> None:
    """Each update was taken (2xx) once, and recorded as handled: none lost, none twice."""
    deliveries = emu.webhook_deliveries
    taken = {update_id for update_id, tries in deliveries.items() if any(t.ok for t in tries)}
    assert all(sum(t.ok for t in tries) == 1 for tries in deliveries.values())
    rows = await repo.db.fetch_all("SELECT update_id FROM handled_updates")
    assert {row[0] for row in rows} == taken and len(taken) == sent


# --- a thousand recipients ----------------------------------------------------------------------


async def prepare(repo: Repository, ids: list[int]) -> int:
    """Subscribers, and an announcement to them confirmed before the workers start."""
    await seed(repo.db, [ADMIN_ID], role="admin")
    await seed(repo.db, ids)
    announcement_id = await create_announcement(repo, ADMIN_ID, "Lớp học OCOP",
                                                Audience("producers"))
    await confirm(repo, announcement_id)
    return announcement_id


def runner_of(cluster: Cluster, announcement_id: int) -> Worker:
    """The worker sending the announcement (one at a time runs it)."""
    line = f"Sending announcement {announcement_id} "
    [runner] = [w for w in cluster.workers if w.alive and line in w.output]
    return runner


async def in_flight(repo: Repository, announcement_id: int) -> set[int]:
    """Recipients whose copy is claimed and not recorded: in flight."""
    rows = await repo.db.fetch_all(
        "SELECT chat_id FROM deliveries WHERE broadcast_id = ? AND status = 'sending'",
        (announcement_id,))
    return {row[0] for row in rows}


async def wait_finished(repo: Repository, announcement_id: int) -> None:
    async with asyncio.timeout(SENT_WITHIN):
        while (await repo.announcements.get(announcement_id)).status == "sending":  # type: ignore[union-attr]
            await asyncio.sleep(0.2)


async def test_a_thousand_recipients_get_one_copy_though_the_sending_worker_is_killed(
        tmp_path: Path, database: str, repo: Repository) -> None:
    ids = list(range(FIRST_SUBSCRIBER, FIRST_SUBSCRIBER + RECIPIENTS))
    announcement_id = await prepare(repo, ids)
    async with emulator() as emu:
        for user_id in [ADMIN_ID, *ids]:
            emu.user(user_id=user_id, language_code="en")
        # Slow answers keep a few requests in flight (a third of a second each), for the kill.
        emu.faults = FaultPlan(latency=0.3, methods=frozenset({"sendMessage"}))
        env = worker_env(emu, database, ADMIN_IDS=str(ADMIN_ID))
        async with running_cluster(emu, tmp_path, env, 2) as cluster:
            await until(lambda: sum(copies(emu, ids).values()) >= RECIPIENTS // 2, SENT_WITHIN,
                        "half the copies sent")
            await cluster.restart(runner_of(cluster, announcement_id))
            claimed = await in_flight(repo, announcement_id)  # by the dead worker
            emu.faults = FaultPlan()
            await wait_finished(repo, announcement_id)
        received = copies(emu, ids)

    assert await repo.announcements.counts(announcement_id) == {"sent": RECIPIENTS}
    assert all(received[chat] >= 1 for chat in ids)  # none lost
    twice = {chat: n - 1 for chat, n in received.items() if n > 1}
    # A second copy only where a request was in flight when its worker died.
    assert set(twice) <= claimed and sum(twice.values()) <= len(claimed)
    assert 0 < len(claimed) <= EngineConfig().concurrency  # the kill caught some in flight
    no_429(emu)
