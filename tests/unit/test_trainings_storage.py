"""Trainings storage: drafts, capacity, changing one's answer, reminders due, attendees."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from storage import Database, Repository
from storage.officers import Scope
from storage.trainings import RsvpRefused, Training, TrainingsRepo
from storage.users import utcnow

SON_LA, TO_HIEU, CHIENG_AN, MUONG_BU = 14, 3646, 3667, 4000
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
async def repo(db: Database) -> AsyncIterator[TrainingsRepo]:
    users = Repository(db).users
    for user_id in range(1, 8):
        await users.touch(user_id, f"User {user_id}", username=f"user{user_id}")
    yield TrainingsRepo(db)


async def planned(repo: TrainingsRepo, starts: datetime = NOW + timedelta(days=3),
                  classes: tuple[tuple[str, tuple[int, ...], int], ...] = ()) -> Training:
    """A planned training in Sơn La, with its classes."""
    draft = await repo.create_draft(1, Scope(SON_LA), "title")
    await repo.update(draft.id, title="Tập huấn OCOP", topics=(1, 4, "Thương mại điện tử"),
                      starts_at=starts, ends_at=starts + timedelta(days=2), venue="Hội trường",
                      audience="everyone")
    for name, communes, capacity in classes:
        klass = await repo.add_class(draft.id, name)
        for commune in communes:
            await repo.add_commune(klass.id, commune)
        await repo.set_capacity(klass.id, capacity)
    assert await repo.publish(draft.id)
    training = await repo.get(draft.id)
    assert training is not None
    return training


async def test_a_draft_keeps_its_topics_classes_and_communes(repo: TrainingsRepo) -> None:
    training = await planned(repo, classes=(("Lớp 1", (TO_HIEU, CHIENG_AN), 30),
                                            ("Lớp 2", (MUONG_BU,), 20)))
    assert training.topics == (1, 4, "Thương mại điện tử")
    assert [(k.name, k.communes, k.capacity) for k in training.classes] == [
        ("Lớp 1", (TO_HIEU, CHIENG_AN), 30), ("Lớp 2", (MUONG_BU,), 20)]
    assert training.class_for(CHIENG_AN) == training.classes[0]
    assert training.starts_at == NOW + timedelta(days=3)
    assert await repo.draft_for(1) is None
    assert not await repo.publish(training.id)
    draft = await repo.create_draft(2, None, "province")
    assert (await repo.draft_for(2)).id == draft.id  # type: ignore[union-attr]
    await repo.discard(draft.id)
    assert await repo.get(draft.id) is None


async def test_a_full_class_refuses_and_frees_a_place_when_someone_declines(
        repo: TrainingsRepo) -> None:
    training = await planned(repo, classes=(("Lớp 1", (TO_HIEU,), 2), ("Lớp 2", (MUONG_BU,), 5)))
    first, second = training.classes
    await repo.answer(training.id, 2, "yes", first.id, NOW)
    await repo.answer(training.id, 3, "yes", first.id, NOW)
    await repo.answer(training.id, 3, "yes", first.id, NOW)  # answering again takes no place
    with pytest.raises(RsvpRefused) as refused:
        await repo.answer(training.id, 4, "yes", first.id, NOW)
    assert refused.value.reason == "full"
    await repo.answer(training.id, 4, "yes", second.id, NOW)
    await repo.answer(training.id, 2, "no", None, NOW)
    await repo.answer(training.id, 5, "yes", first.id, NOW)
    counts = await repo.counts(training.id)
    assert (counts.yes, counts.no, counts.by_class) == (3, 1, {first.id: 2, second.id: 1})


async def test_changing_ones_answer_overwrites_it(repo: TrainingsRepo) -> None:
    training = await planned(repo, classes=(("Lớp 1", (TO_HIEU,), 10), ("Lớp 2", (MUONG_BU,), 10)))
    first, second = training.classes
    await repo.answer(training.id, 2, "yes", first.id, NOW)
    await repo.answer(training.id, 2, "yes", second.id, NOW + timedelta(minutes=1))
    rsvp = await repo.rsvp(training.id, 2)
    assert rsvp is not None and (rsvp.answer, rsvp.class_id) == ("yes", second.id)
    await repo.answer(training.id, 2, "no", second.id, NOW + timedelta(minutes=2))
    rsvp = await repo.rsvp(training.id, 2)
    assert rsvp is not None and (rsvp.answer, rsvp.class_id) == ("no", None)
    assert rsvp.answered_at == NOW + timedelta(minutes=2)
    assert await repo.attending(training.id) == []


async def test_invalid_answers_are_refused(repo: TrainingsRepo) -> None:
    training = await planned(repo, classes=(("Lớp 1", (TO_HIEU,), 10),))
    other = await planned(repo, classes=(("Lớp A", (TO_HIEU,), 10),))
    for class_id in (None, other.classes[0].id):
        with pytest.raises(RsvpRefused, match="class"):
            await repo.answer(training.id, 2, "yes", class_id, NOW)
    with pytest.raises(RsvpRefused, match="closed"):
        await repo.answer(training.id, 2, "yes", training.classes[0].id,
                          NOW + timedelta(days=4))
    assert await repo.cancel(training.id)
    with pytest.raises(RsvpRefused, match="closed"):
        await repo.answer(training.id, 2, "no", None, NOW)
    with pytest.raises(RsvpRefused, match="closed"):
        await repo.answer(999, 2, "no", None, NOW)


async def test_reminders_fall_due_the_day_before_and_an_hour_before(repo: TrainingsRepo) -> None:
    starts = NOW + timedelta(hours=30)
    training = await planned(repo, starts)
    await repo.answer(training.id, 2, "yes", None, NOW)
    await repo.answer(training.id, 3, "no", None, NOW)
    assert await repo.due_reminders(NOW) == []
    assert [(r.kind, r.due_at) for r in await repo.pending_times(NOW)] == [
        ("day_before", starts - timedelta(days=1)), ("hour_before", starts - timedelta(hours=1))]
    day_before = await repo.due_reminders(starts - timedelta(hours=23))
    assert [(r.user_id, r.kind) for r in day_before] == [(2, "day_before")]
    await repo.mark_sent(day_before[0], NOW)
    assert await repo.due_reminders(starts - timedelta(hours=23)) == []
    hour = await repo.due_reminders(starts - timedelta(minutes=30))
    assert [(r.user_id, r.kind) for r in hour] == [(2, "hour_before")]
    assert await repo.due_reminders(starts + timedelta(minutes=1)) == []  # it has started


async def test_declining_drops_unsent_reminders_and_late_answers_get_only_those_ahead(
        repo: TrainingsRepo) -> None:
    starts = NOW + timedelta(hours=30)
    training = await planned(repo, starts)
    await repo.answer(training.id, 2, "yes", None, NOW)
    await repo.answer(training.id, 2, "no", None, NOW)
    assert await repo.pending_times(NOW) == []
    late = starts - timedelta(hours=2)
    await repo.answer(training.id, 3, "yes", None, late)
    assert [r.kind for r in await repo.due_reminders(starts - timedelta(minutes=59))] == [
        "hour_before"]
    await repo.cancel(training.id)
    assert await repo.due_reminders(starts - timedelta(minutes=59)) == []
    assert await repo.pending_times(NOW) == []


async def test_attendees_show_phones_only_from_registrations_in_scope(
        repo: TrainingsRepo) -> None:
    db = repo._db
    training = await planned(repo, classes=(("Lớp 1", (TO_HIEU, CHIENG_AN), 10),))
    now = utcnow()
    for user_id, commune, phone in ((2, TO_HIEU, "+84912345678"), (3, CHIENG_AN, "+84987654321")):
        await db.write(
            "INSERT INTO registrations (user_id, status, phone, province_code, commune_code,"
            " created_at, updated_at) VALUES (?, 'submitted', ?, ?, ?, ?, ?)",
            (user_id, phone, SON_LA, commune, now, now))
    await db.write("INSERT INTO officers (user_id, province_code, commune_code, created_at)"
                   " VALUES (4, ?, ?, ?)", (SON_LA, CHIENG_AN, now))
    klass = training.classes[0].id
    for user_id, answer in ((2, "yes"), (3, "no"), (4, "yes")):
        await repo.answer(training.id, user_id, answer, klass if answer == "yes" else None, NOW)
    everyone = await repo.attendees(training.id, None)
    assert [(a.user_id, a.answer, a.phone, a.commune_code, a.class_name) for a in everyone] == [
        (2, "yes", "+84912345678", TO_HIEU, "Lớp 1"), (4, "yes", None, CHIENG_AN, "Lớp 1"),
        (3, "no", "+84987654321", CHIENG_AN, None)]
    in_commune = await repo.attendees(training.id, Scope(SON_LA, CHIENG_AN))
    assert [a.phone for a in in_commune] == [None, None, "+84987654321"]
    assert await repo.home_place(4) == Scope(SON_LA, CHIENG_AN)
    assert await repo.home_place(5) is None
