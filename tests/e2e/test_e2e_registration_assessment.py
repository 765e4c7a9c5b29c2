"""End to end: only a self-assessment of the registered product's sheet reaches the officers
with a registration (a score of another product must never pass as this one's)."""

from emulator import SimUser
from handlers.registration import buttons
from storage.assessments import AssessmentRecord
from tests.support.assessment_driver import completed_assessment
from tests.support.harness import RunningBot
from tests.support.registration_driver import (
    STEP,
    fill_registration,
    until_step,
    up_to_the_kind,
)
from tests.support.texts import vi

TEA, HONEY = 11, 4  # the sheets "chè" and "mật ong" find first
STALE = vi("This button is no longer valid.")


async def producer(bot: RunningBot) -> SimUser:
    """Someone who has started the bot (their user row exists) and read its greeting."""
    user = bot.user()
    await user.ask("/start")
    return user


async def completed(bot: RunningBot, user: SimUser, sheet: int, product: str
                    ) -> AssessmentRecord:
    return await completed_assessment(bot.services.repo, bot.services.sheets[sheet], user.id,
                                      product)


async def test_only_assessments_of_the_products_sheet_are_offered(fast_bot: RunningBot) -> None:
    user = await producer(fast_bot)
    await completed(fast_bot, user, HONEY, "Mật ong hoa ban")
    tea = await completed(fast_bot, user, TEA, "Chè Shan cổ thụ")
    await up_to_the_kind(user)
    offer = await until_step(user, 11)
    assert "Chè Shan cổ thụ" in offer.text and "Mật ong" not in offer.text
    await user.press("1. Chè Shan cổ thụ")
    summary = await user.next_reply()
    assert vi("Check your registration") in summary.text
    assert "Chè Shan cổ thụ · " in summary.text and "Mật ong" not in summary.text
    draft = await fast_bot.services.repo.registrations.draft_for(user.id)
    assert draft is not None and draft.assessment_id == tea.id


async def test_with_no_assessment_of_that_sheet_the_step_is_skipped(
        fast_bot: RunningBot) -> None:
    user = await producer(fast_bot)
    await completed(fast_bot, user, HONEY, "Mật ong hoa ban")
    await up_to_the_kind(user)
    summary = await user.next_reply()
    while vi("Check your registration") not in summary.text:
        assert f"{STEP}11/" not in summary.text, "no assessment of the tea sheet to offer"
        summary = await user.next_reply()
    assert "Mật ong" not in summary.text
    draft = await fast_bot.services.repo.registrations.draft_for(user.id)
    assert draft is not None and draft.assessment_id is None


async def test_a_forged_press_attaching_another_sheets_assessment_is_refused(
        fast_bot: RunningBot) -> None:
    user = await producer(fast_bot)
    honey = await completed(fast_bot, user, HONEY, "Mật ong hoa ban")
    await completed(fast_bot, user, TEA, "Chè Shan cổ thụ")
    await up_to_the_kind(user)
    offer = await until_step(user, 11)
    query = await user.press_data(buttons.Attach(honey.id).pack(), message_id=offer.message_id)
    assert STALE in (await user.callback_answer(query))["text"]
    draft = await fast_bot.services.repo.registrations.draft_for(user.id)
    assert draft is not None and draft.assessment_id is None


async def test_changing_the_sheet_detaches_an_assessment_of_the_old_one(
        fast_bot: RunningBot) -> None:
    user = await producer(fast_bot)
    await completed(fast_bot, user, TEA, "Chè Shan cổ thụ")
    await up_to_the_kind(user)
    await until_step(user, 11)
    await user.press("1. Chè Shan cổ thụ")
    await user.next_reply()
    repo = fast_bot.services.repo
    draft = await repo.registrations.draft_for(user.id)
    assert draft is not None and draft.assessment_id is not None
    await user.press(f"✏️ {vi('Criteria sheet')}")
    await until_step(user, 9)
    await user.ask("mat ong")
    await user.press("1. ")
    while vi("Check your registration") not in (await user.next_reply()).text:
        pass
    draft = await repo.registrations.draft_for(user.id)
    assert draft is not None and draft.sheet == HONEY and draft.assessment_id is None


async def test_the_filled_form_still_reaches_the_summary(fast_bot: RunningBot) -> None:
    summary = await fill_registration(fast_bot.user())
    assert vi("Attached self-assessment") in summary.text
