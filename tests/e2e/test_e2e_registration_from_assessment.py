"""End to end: "📝 Register this product" under a self-assessment's result starts /dangky with
what the assessment holds (organisation, product, sheet, the assessment itself) and asks only
for the rest; a forged or stale press registers nothing; an open draft of another product is
never overwritten unasked."""

import pytest

from emulator import BotMessage, SimUser
from handlers.registration import buttons, form
from storage.assessments import AssessmentRecord
from storage.registrations import Registration
from tests.support.assessment_driver import (
    DEFAULT_ORGANISATION,
    answer_all,
    completed_assessment,
    finish_all,
    open_sheet,
    pass_eligibility,
)
from tests.support.harness import RunningBot
from tests.support.registration_driver import (
    STEP,
    fill_registration,
    pick_place,
    submit,
    until_step,
)
from tests.support.settle import settled
from tests.support.texts import vi

TEA = 11
REGISTER = vi("📝 Register this product")
STALE = vi("This button is no longer valid.")
SUMMARY = vi("Check your registration")


async def assessed_in_chat(bot: RunningBot, user: SimUser, product: str) -> list[BotMessage]:
    """A tea assessment answered in the chat, every option the best; the replies to ✅."""
    sheet = bot.services.sheets[TEA]
    await pass_eligibility(user, await open_sheet(user, TEA, product))
    await answer_all(user, sheet, {c.code: len(c.options) - 1 for c in sheet.criteria})
    return await finish_all(user)


async def completed(bot: RunningBot, user: SimUser, product: str) -> AssessmentRecord:
    return await completed_assessment(bot.services.repo, bot.services.sheets[TEA], user.id,
                                      product)


async def test_the_result_registers_its_product_asking_only_what_is_missing(
        fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    replies = await assessed_in_chat(fast_bot, user, "Chè Shan Tà Xùa")
    result = next(r for r in replies if any(b.text == REGISTER for b in r.buttons))
    await user.press(REGISTER, message_id=result.message_id)
    await user.next_reply()  # what is collected, and why
    await user.press(vi("✅ I agree"))
    await user.next_reply()  # the agreement, edited into a thank-you
    intro = await user.next_reply()
    assert "Chè Shan Tà Xùa" in intro.text
    await until_step(user, 1)
    await user.press("1. ")  # a cooperative; its name came from the assessment
    await until_step(user, 3)
    await user.ask("Lò Văn Páo")
    await user.share_contact("+84912345678")
    await until_step(user, 5)
    await user.press(vi("Skip ➡️"))
    await until_step(user, 6)
    await pick_place(user, "son la", 7)
    await pick_place(user, "ta xua", 10)  # product (8) and sheet (9) are known
    await user.press("1. ")  # first registration: the assessment (11) is attached already
    summary = await user.next_reply()
    while SUMMARY not in summary.text:
        assert f"{STEP}11/" not in summary.text
        summary = await user.next_reply()
    assert DEFAULT_ORGANISATION in summary.text and "Chè Shan Tà Xùa" in summary.text
    draft = await fast_bot.services.repo.registrations.draft_for(user.id)
    record = (await fast_bot.services.repo.assessments.finished_for(user.id, 1))[0]
    assert draft is not None and (draft.sheet, draft.assessment_id) == (TEA, record.id)


async def test_a_forged_or_stale_press_registers_nothing(fast_bot: RunningBot) -> None:
    owner, intruder = fast_bot.user(), fast_bot.user()
    await owner.ask("/start")
    greeting = await intruder.ask("/start")
    others = await completed(fast_bot, owner, "Chè của người khác")
    query = await intruder.press_data(buttons.FromAssessment(others.id).pack(),
                                      message_id=greeting.message_id)
    assert STALE in (await intruder.callback_answer(query))["text"]
    unfinished = await fast_bot.services.repo.assessments.create(intruder.id, TEA)
    query = await intruder.press_data(buttons.FromAssessment(unfinished.id).pack(),
                                      message_id=greeting.message_id)
    assert STALE in (await intruder.callback_answer(query))["text"]
    await settled(fast_bot)
    assert await fast_bot.services.repo.registrations.draft_for(intruder.id) is None


async def test_the_button_works_only_in_a_private_chat(fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    await user.ask("/start")
    own = await completed(fast_bot, user, "Chè Shan Tà Xùa")
    group = fast_bot.emu.group()
    await group.ask(user, "/trainings@ocop_test_bot")
    query = group._callback(user.info, buttons.FromAssessment(own.id).pack(), None)
    answer = (await group.callback_answer(query))["text"]
    assert answer == vi("For your privacy, this works only in a private chat with me (@{bot}).",
                        bot="ocop_test_bot")
    await settled(fast_bot)
    assert await fast_bot.services.repo.registrations.draft_for(user.id) is None


async def test_an_earlier_registrations_details_and_the_assessment_leave_only_the_kind(
        fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    repo = fast_bot.services.repo
    await fill_registration(user)
    await submit(user)
    assessed = await completed(fast_bot, user, "Chè Shan Tà Xùa")
    greeting = await user.ask("/start")
    await user.press_data(buttons.FromAssessment(assessed.id).pack(),
                          message_id=greeting.message_id)
    await user.next_reply()  # what the assessment filled in
    offer = await user.next_reply()
    await user.press(vi("♻️ Use them"), message_id=offer.message_id)
    await until_step(user, 10)  # organisation, people, place, product, sheet: all known
    await user.press("1. ")
    while SUMMARY not in (await user.next_reply()).text:
        pass
    draft = await repo.registrations.draft_for(user.id)
    assert draft is not None and (draft.product_name, draft.assessment_id, draft.phone) == (
        "Chè Shan Tà Xùa", assessed.id, "+84912345678")


async def test_a_draft_of_another_product_is_continued_or_replaced_as_the_producer_chooses(
        fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    summary = await fill_registration(user, product="Mật ong hoa ban", kind_word="mật ong")
    repo = fast_bot.services.repo
    assessed = await completed(fast_bot, user, "Chè Shan Tà Xùa")
    await user.press_data(buttons.FromAssessment(assessed.id).pack(),
                          message_id=summary.message_id)
    clash = await user.next_reply()
    assert "Mật ong hoa ban" in clash.text and "Chè Shan Tà Xùa" in clash.text
    before = await repo.registrations.draft_for(user.id)
    await user.press(2, message_id=clash.message_id)  # ▶️ go on with the honey
    assert SUMMARY in (await user.next_reply()).text
    assert await repo.registrations.draft_for(user.id) == before

    await user.press_data(buttons.FromAssessment(assessed.id).pack(),
                          message_id=summary.message_id)
    clash = await user.next_reply()
    await user.press(1, message_id=clash.message_id)  # 📝 register the tea instead
    await until_step(user, 10)  # the tea's kind: the honey's was the honey's
    await user.press("1. ")
    while SUMMARY not in (await user.next_reply()).text:
        pass
    draft = await repo.registrations.draft_for(user.id)
    assert draft is not None and before is not None and draft.id == before.id
    assert (draft.product_name, draft.sheet, draft.assessment_id) == (
        "Chè Shan Tà Xùa", TEA, assessed.id)
    assert (draft.org_name, draft.phone) == (before.org_name, before.phone)


async def test_using_an_earlier_registrations_details_writes_the_draft_once(
        fast_bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = fast_bot.user()
    registrations = fast_bot.services.repo.registrations
    await fill_registration(user)
    await submit(user)
    offer = await user.ask("/dangky")
    writes: list[set[str]] = []
    update = registrations.update

    async def counted(registration_id: int, **values: object) -> Registration:
        writes.append(set(values))
        return await update(registration_id, **values)

    monkeypatch.setattr(registrations, "update", counted)
    await user.press(vi("♻️ Use them"), message_id=offer.message_id)
    assert vi("What is the product's name (up to 120 characters)?") in (
        await user.next_reply()).text
    assert writes == [{*form.REUSED, "step"}]
    draft = await registrations.draft_for(user.id)
    assert draft is not None and draft.step == "product_name"
