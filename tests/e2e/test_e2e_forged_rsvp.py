"""End to end: an RSVP is taken only from someone /lophoc shows the training to."""

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest

from emulator import SimUser
from knowledge import places
from storage.officers import Scope
from storage.trainings import Audience, Step, TrainingsRepo
from tests.support.harness import RunningBot
from tests.support.registration_driver import make_officer, place
from tests.support.settle import unread

EN = {"language_code": "en"}
STALE = "This button is no longer valid."
SAVED = "Your answer is saved."


@pytest.fixture
async def bot(fast_bot: RunningBot) -> AsyncIterator[RunningBot]:
    yield fast_bot


def province(name: str) -> int:
    return places.search(places.provinces(), name)[0].code


async def officer_in(bot: RunningBot, province_name: str, name: str) -> SimUser:
    """An officer of a whole province."""
    user = bot.user(first_name=name, **EN)
    await make_officer(bot, user, province(province_name), None)
    return user


async def planned(trainings: TrainingsRepo, creator: int, province: int, audience: Audience
                  ) -> int:
    """A training announced in `province` for `audience`, starting in three days."""
    draft = await trainings.create_draft(creator, Scope(province), Step.TITLE)
    starts = datetime.now(UTC) + timedelta(days=3)
    await trainings.update(draft.id, title="Tập huấn cán bộ", venue="Hội trường tỉnh",
                           starts_at=starts, ends_at=starts + timedelta(hours=8),
                           audience=audience, step=Step.SUMMARY)
    assert await trainings.publish(draft.id)
    return draft.id


async def press(user: SimUser, data: str) -> str:
    return str((await user.callback_answer(await user.press_data(data)))["text"])


async def test_forged_rsvp_to_an_officers_training_of_another_province_is_refused(
        bot: RunningBot) -> None:
    trainings = bot.services.repo.trainings
    creator = await officer_in(bot, "son la", "Creator")
    colleague = await officer_in(bot, "son la", "Colleague")
    outsider = await officer_in(bot, "ha noi", "Outsider")
    producer = bot.user(first_name="Producer", **EN)
    await producer.ask("/start")
    training_id = await planned(trainings, creator.id, province("son la"), Audience.OFFICERS)
    for intruder in (outsider, producer):
        assert await press(intruder, f"tr:y:{training_id}:0") == STALE
        assert await press(intruder, f"tr:n:{training_id}") == STALE
        assert "Tập huấn cán bộ" not in (await intruder.ask("/lophoc")).text
    assert await press(colleague, f"tr:y:{training_id}:0") == SAVED
    assert [r.user_id for r in await trainings.attendees(training_id, None)] == [colleague.id]
    await unread(bot, creator)
    await creator.send("/lophoc")
    await creator.next_reply()
    card = await creator.next_reply()
    await creator.press("📤 Excel", message_id=card.message_id)
    workbook = openpyxl.load_workbook(io.BytesIO((await creator.next_reply()).document_bytes))
    names = [row[0].value for row in workbook.active.iter_rows(min_row=2)]
    assert names == ["Colleague"]


async def test_a_producer_elsewhere_cannot_answer_a_training_of_another_province(
        bot: RunningBot) -> None:
    trainings = bot.services.repo.trainings
    creator = await officer_in(bot, "son la", "Creator")
    training_id = await planned(trainings, creator.id, province("son la"), Audience.EVERYONE)
    elsewhere, local = bot.user(**EN), bot.user(**EN)
    for user, home in ((elsewhere, place("ha noi", "ba dinh")), (local, place("son la", "ta xua"))):
        await user.ask("/start")
        draft = await bot.services.repo.registrations.create_draft(user.id)
        await bot.services.repo.registrations.update(draft.id, province_code=home[0],
                                                     commune_code=home[1])
    assert await press(elsewhere, f"tr:y:{training_id}:0") == STALE
    assert await press(local, f"tr:y:{training_id}:0") == SAVED
    assert await press(local, f"tr:n:{training_id}") == SAVED
    assert [r.user_id for r in await trainings.attendees(training_id, None)] == [local.id]
