"""End to end: the registration takes only the sender's own contact, and stores text cleaned."""

import io

import openpyxl

from emulator import SimUser
from tests.support.harness import RunningBot
from tests.support.registration_driver import (
    make_officer,
    past_the_assessment,
    pick_place,
    place,
    submit,
    until_step,
)
from tests.support.settle import unread
from tests.support.texts import vi

SOMEONE_ELSES = vi("This is someone else's phone number. To give yours, press “📱 Share my "
                   "phone number” below, or type it (e.g. 0912 345 678).")
SPOOFED = "HTX \u202egpj.exe\u202c"  # shows as "HTX exe.jpg" where the override is obeyed


async def share_contact_of(user: SimUser, phone: str, owner_id: int | None) -> None:
    """Send a contact card, as forwarding someone's contact does (owner_id: whose it is)."""
    contact = {"phone_number": phone, "first_name": "Someone"}
    if owner_id is not None:
        contact["user_id"] = owner_id
    user._post({"contact": contact}, f"<contact {phone}>")


async def up_to_the_phone(user: SimUser, org_name: str) -> None:
    """Agree, choose a cooperative and name it and its representative."""
    await user.ask("/dangky")
    await user.press(vi("✅ I agree"))
    await until_step(user, 1)
    await user.press("1. ")
    await user.next_reply()
    await user.ask(org_name)
    await user.ask("Lò\u200b Văn\u2066 Páo\u2069")


async def the_rest(user: SimUser) -> None:
    """Answer the steps after the phone, up to the summary, and submit."""
    await user.ask("htx@example.vn")
    await pick_place(user, "son la", 7)
    await pick_place(user, "ta xua", 8)
    await user.ask("Chè Shan\ufeff tuyết")
    await user.ask("chè")
    await user.press("1. ")
    await until_step(user, 10)
    await user.press("1. ")
    assert vi("Check your registration") in (await past_the_assessment(user)).text
    await submit(user)


async def test_someone_elses_contact_is_refused_kindly_and_ones_own_is_taken(
        fast_bot: RunningBot) -> None:
    producer, neighbour = fast_bot.user(), fast_bot.user()
    await up_to_the_phone(producer, "HTX Mận")
    for owner in (neighbour.id, None):
        producer.skip_pending()
        await share_contact_of(producer, "+84987654321", owner)
        assert (await producer.next_reply()).text == SOMEONE_ELSES
    [draft] = (await fast_bot.services.repo.privacy.export(producer.id))["registrations"]
    assert draft["phone"] is None and draft["step"] == "phone"
    await producer.share_contact("+84912345678")
    await until_step(producer, 5)
    exported = await fast_bot.services.repo.privacy.export(producer.id)
    assert exported["registrations"][0]["phone"] == "+84912345678"


async def test_invisible_characters_are_stripped_before_officers_see_the_text(
        fast_bot: RunningBot) -> None:
    province, commune = place("son la", "ta xua")
    officer, producer = fast_bot.user(), fast_bot.user()
    await make_officer(fast_bot, officer, province, commune)
    await up_to_the_phone(producer, SPOOFED)
    await producer.share_contact("+84912345678")
    await until_step(producer, 5)
    await the_rest(producer)
    [registration] = await fast_bot.services.repo.registrations.for_user(producer.id)
    assert registration.org_name == "HTX gpj.exe"
    assert (registration.representative, registration.product_name) == (
        "Lò Văn Páo", "Chè Shan tuyết")
    await unread(fast_bot, officer)  # the notice of the registration
    desk = await officer.ask("/canbo")
    await officer.press(vi("📤 Excel"), message_id=desk.message_id)
    workbook = openpyxl.load_workbook(io.BytesIO((await officer.next_reply()).document_bytes))
    row = [c.value for c in workbook.active[2]]
    assert "HTX gpj.exe" in row and "Lò Văn Páo" in row and "Chè Shan tuyết" in row
