"""A training given whole (the desk): its checks, its storage, its list by scope, reminders."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from multidict import MultiDict, MultiDictProxy

from desk.training_form import Area, check, form_from, form_of
from handlers.trainings import rules
from handlers.trainings.common import VIETNAM, may_manage
from storage import Database, Repository
from storage.officers import Scope
from storage.trainings import (
    Audience,
    ClassPlan,
    RsvpAnswer,
    Training,
    TrainingClass,
    TrainingPlan,
    TrainingsRepo,
    TrainingStatus,
)

SON_LA, TO_HIEU, CHIENG_AN, DOAN_KET = 14, 3646, 3667, 4000
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
STARTS = NOW + timedelta(days=3)
AREA = Area(SON_LA, None)


def typed(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def posted(**changes: str | list[str]) -> MultiDictProxy[str]:
    fields: dict[str, str | list[str]] = {
        "title": "Tập huấn OCOP", "topics": ["1", "4"], "own_topics": "", "venue": "Hội trường",
        "starts": typed(STARTS), "ends": typed(STARTS + timedelta(days=2)),
        "audience": "everyone", "class-0-name": "Lớp 1", "class-0-capacity": "30",
        "class-0-communes": [str(TO_HIEU), str(CHIENG_AN)], **changes}
    data: MultiDict[str] = MultiDict()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(name, item)
    return MultiDictProxy(data)


def refusals(training: Training | None = None, taken: dict[int, int] | None = None,
             **changes: str | list[str]) -> dict[str, str]:
    plan, errors = check(form_from(posted(**changes), training), AREA, taken or {}, NOW)
    assert (plan is None) == bool(errors)
    return {name: refused.msgid for name, refused in errors.items()}


def test_the_chats_rules_refuse_what_the_chat_refuses() -> None:
    with pytest.raises(rules.Refused) as refused:
        rules.start("31/02/2027 8h00", NOW)
    assert refused.value.msgid.startswith("{moment} does not exist on the calendar")
    assert refused.value.values == {"moment": "31/02/2027 8h00"}
    with pytest.raises(rules.Refused) as refused:
        rules.start("mai 8 giờ", NOW)
    assert refused.value.msgid.startswith("Please type the date and time as dd/mm/yyyy")
    with pytest.raises(rules.Refused):
        rules.start(typed(NOW - timedelta(minutes=1)), NOW)
    with pytest.raises(rules.Refused):
        rules.end(typed(STARTS), STARTS)
    for bad in ("0", "10001", "²", "sáu mươi"):
        with pytest.raises(rules.Refused):
            rules.capacity(bad)
    assert rules.capacity(" 60 ") == 60
    assert rules.line("  Lớp\n 1 ", 100) == "Lớp 1"
    with pytest.raises(rules.Refused):
        rules.line("x" * 101, rules.CLASS_NAME_LIMIT)
    with pytest.raises(rules.Refused):
        rules.typed_topic("Chủ đề thứ sáu", rules.MAX_TYPED_TOPICS)


def test_a_title_needs_words_and_an_impossible_date_is_named() -> None:
    assert refusals(title="  ") == {"title": "Please type a title."}
    for emoji_only in ("😀", " 😀 🎉 ", "…!"):
        assert refusals(title=emoji_only) == {
            "title": "Please type a title with letters or digits, not only emoji or signs."}
    assert rules.title(" Lớp 1 😀 ") == "Lớp 1 😀" and rules.title("2026") == "2026"
    assert refusals(title="x" * 201) == {
        "title": "Please type it on one line, at most {n} characters."}
    impossible = "{moment} does not exist on the calendar. Please check the day, the month " \
        "and the time."
    assert refusals(starts="32/13/2026 25:00") == {"starts": impossible}
    assert refusals(ends="31/11/2026 08:00")["ends"] == impossible


def test_a_complete_form_makes_a_plan() -> None:
    plan, errors = check(form_from(posted(own_topics="Thương mại điện tử\n\nBao bì"), None),
                         AREA, {}, NOW)
    assert errors == {}
    assert plan == TrainingPlan(
        "Tập huấn OCOP", (1, 4, "Thương mại điện tử", "Bao bì"), STARTS,
        STARTS + timedelta(days=2), "Hội trường", Audience.EVERYONE,
        (ClassPlan(None, "Lớp 1", (TO_HIEU, CHIENG_AN), 30),))


def test_each_part_is_refused_on_its_own_field() -> None:
    assert refusals(title="", starts="15/12/2026", audience="") == {
        "title": "Please type a title.",
        "starts": "Please type the date and time as dd/mm/yyyy hh:mm, e.g. 15/12/2026 08:00.",
        "audience": "Choose whom the training is for."}
    assert set(refusals(topics=[], own_topics="")) == {"topics"}
    assert set(refusals(own_topics="\n".join(f"Chủ đề {i}" for i in range(6)))) == {"topics"}
    assert set(refusals(ends=typed(STARTS - timedelta(hours=1)))) == {"ends"}


def test_classes_are_checked_whole() -> None:
    assert refusals(**{"class-0-communes": []}) == {
        "class-0-communes": "Choose at least one commune for this class."}
    assert refusals(**{"class-0-communes": ["99999"]}) == {  # not in the area: never taken
        "class-0-communes": "Choose at least one commune for this class."}
    assert set(refusals(**{"class-0-capacity": "0", "class-0-name": ""})) == {
        "class-0-capacity", "class-0-name"}
    twice = refusals(**{"class-1-name": "Lớp 2", "class-1-capacity": "5",
                        "class-1-communes": [str(CHIENG_AN), str(DOAN_KET)]})
    assert twice == {"class-1-communes": "{commune} is already in “{name}”."}
    assert refusals(**{"class-5-name": "", "class-5-capacity": ""}) == {}  # an empty row


def test_a_commune_officer_gathers_only_their_commune() -> None:
    plan, errors = check(form_from(posted(), None), Area(SON_LA, TO_HIEU), {}, NOW)
    assert errors == {} and plan is not None and plan.classes[0].communes == (TO_HIEU,)


def stored(classes: tuple[tuple[int, str, tuple[int, ...], int], ...]) -> Training:
    """A planned training with classes (id, name, communes, capacity), as storage gives it."""
    return Training(1, 9, TrainingStatus.PLANNED, None, "Tập huấn OCOP", (1,), STARTS,
                    STARTS + timedelta(days=2), "Hội trường", SON_LA, None, Audience.EVERYONE,
                    None, "", tuple(TrainingClass(i, 1, n, c, w) for i, n, w, c in classes))


def test_classes_people_attend_keep_their_places() -> None:
    training = stored(((7, "Lớp 1", (TO_HIEU,), 30),))
    assert form_of(training).classes[0].id == 7
    kept = {"class-0-id": "7"}
    assert refusals(training, {7: 12}, **kept, **{"class-0-capacity": "11"}) == {
        "class-0-capacity":
            "{n} people attend this class already: it needs at least as many places."}
    assert refusals(training, {7: 12}, **kept, **{"class-0-remove": "1"}) == {
        "class-0": "People attend “{name}”: it cannot be removed."}
    assert refusals(training, {7: 12}, **{"class-0-id": "8"}) == {  # not its class: a new one
        "classes": "People attend a class that is missing here: it cannot be removed."}
    assert refusals(training, {}, **kept, **{"class-0-remove": "1"}) == {}


@pytest.fixture
async def repo(db: Database) -> AsyncIterator[TrainingsRepo]:
    for user_id in range(1, 8):
        await Repository(db).users.touch(user_id, f"User {user_id}")
    yield TrainingsRepo(db)


def plan(*classes: ClassPlan, starts: datetime = STARTS) -> TrainingPlan:
    return TrainingPlan("Tập huấn OCOP", (1, "Bao bì"), starts, starts + timedelta(days=2),
                        "Hội trường", Audience.EVERYONE, classes)


async def test_a_plan_is_stored_whole_and_revised_in_place(repo: TrainingsRepo) -> None:
    created = await repo.create_planned(1, SON_LA, None, plan(
        ClassPlan(None, "Lớp 1", (TO_HIEU, CHIENG_AN), 30), ClassPlan(None, "Lớp 2",
                                                                      (DOAN_KET,), 20)))
    assert created.status == "planned" and created.step is None
    assert created.topics == (1, "Bao bì") and created.starts_at == STARTS
    first, second = created.classes
    revised = await repo.revise(created.id, plan(
        ClassPlan(first.id, "Lớp 1 mới", (CHIENG_AN,), 40),
        ClassPlan(None, "Lớp 3", (TO_HIEU,), 10), starts=STARTS + timedelta(days=1)))
    assert revised is not None and revised.starts_at == STARTS + timedelta(days=1)
    assert [(k.id == first.id, k.name, k.communes, k.capacity) for k in revised.classes] == [
        (True, "Lớp 1 mới", (CHIENG_AN,), 40), (False, "Lớp 3", (TO_HIEU,), 10)]
    assert all(k.id != second.id for k in revised.classes)
    assert await repo.cancel(created.id)
    assert await repo.revise(created.id, plan()) is None


async def test_reminders_follow_a_new_start(repo: TrainingsRepo) -> None:
    created = await repo.create_planned(1, SON_LA, None, plan(starts=NOW + timedelta(hours=30)))
    await repo.answer(created.id, 2, RsvpAnswer.YES, None, NOW)
    await repo.answer(created.id, 3, RsvpAnswer.NO, None, NOW)
    due = await repo.due_reminders(NOW + timedelta(hours=7), 10)
    assert [(r.user_id, r.kind) for r in due] == [(2, "day_before")]
    await repo.mark_sent(due[0], NOW + timedelta(hours=7))
    later = NOW + timedelta(days=5)
    await repo.revise(created.id, plan(starts=later))
    await repo.replan_reminders(created.id, NOW + timedelta(hours=8))
    pending = await repo.due_reminders(later - timedelta(minutes=1), 10)
    assert sorted((r.user_id, r.kind, r.due_at) for r in pending) == [
        (2, "day_before", later - timedelta(days=1)),  # sent for the old date: again
        (2, "hour_before", later - timedelta(hours=1))]
    await repo.revise(created.id, plan(starts=NOW + timedelta(hours=10)))  # sooner
    await repo.replan_reminders(created.id, NOW + timedelta(hours=8, minutes=30))
    rows = await repo.due_reminders(NOW + timedelta(hours=9, minutes=30), 10)
    assert [(r.kind, r.due_at) for r in rows] == [("hour_before", NOW + timedelta(hours=9))]


async def test_the_list_holds_exactly_what_the_chat_lets_an_officer_manage(
        repo: TrainingsRepo) -> None:
    made = [
        await repo.create_planned(1, SON_LA, None, plan(ClassPlan(None, "A", (TO_HIEU,), 5))),
        await repo.create_planned(2, SON_LA, CHIENG_AN, plan(ClassPlan(None, "B", (CHIENG_AN,),
                                                                       5))),
        await repo.create_planned(3, SON_LA, None, plan()),
        await repo.create_planned(4, 1, None, plan(starts=NOW + timedelta(days=40))),
    ]
    await repo.create_draft(1, Scope(SON_LA), "title")  # drafts stay in the chat
    scopes = [None, Scope(SON_LA), Scope(SON_LA, TO_HIEU), Scope(SON_LA, CHIENG_AN),
              Scope(SON_LA, DOAN_KET), Scope(1)]
    for scope, user_id in itertools.product(scopes, (1, 2, 5)):
        listed = await repo.managed_by(user_id, scope, NOW)
        expected = [t.id for t in made if may_manage(True, scope, t, user_id)]
        assert sorted(item.training.id for item in listed) == sorted(expected), (scope, user_id)
        assert await repo.count_managed_by(user_id, scope) == len(expected)


async def test_the_list_puts_upcoming_first_and_counts_answers(repo: TrainingsRepo) -> None:
    soon = await repo.create_planned(1, SON_LA, None, plan(
        ClassPlan(None, "A", (TO_HIEU,), 5), ClassPlan(None, "B", (CHIENG_AN,), 7),
        starts=NOW + timedelta(days=2)))
    later = await repo.create_planned(1, SON_LA, None, plan(starts=NOW + timedelta(days=9)))
    cancelled = await repo.create_planned(1, SON_LA, None, plan(starts=NOW + timedelta(days=1)))
    await repo.cancel(cancelled.id)
    await repo.answer(soon.id, 2, RsvpAnswer.YES, soon.classes[0].id, NOW)
    await repo.answer(soon.id, 3, RsvpAnswer.NO, None, NOW)
    listed = await repo.managed_by(1, None, NOW)
    assert [item.training.id for item in listed] == [soon.id, later.id, cancelled.id]
    assert (listed[0].yes, listed[0].no, listed[0].places) == (1, 1, 12)
    assert (listed[1].yes, listed[1].places) == (0, None)
    assert [i.training.id for i in await repo.managed_by(1, None, NOW, offset=1, limit=1)] == [
        later.id]
