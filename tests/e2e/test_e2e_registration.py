"""End to end: registration routed by commune, officers' decisions, security."""

import io

import docx
import pytest

from emulator import BotMessage, SimUser
from tests.support.harness import RunningBot
from tests.support.registration_driver import (
    fill_registration,
    make_officer,
    place,
    submit,
    submitted,
    until_step,
)
from tests.support.settle import settled, unread
from tests.support.texts import vi

STALE = vi("This button is no longer valid.")
IN_WORDS = vi("Please write your message in words: emoji or signs alone do not tell the producer "
              "anything. Type it again (or /huy to leave it for now).")
ACCEPTED = vi("accepted")


async def test_a_registration_reaches_its_communes_and_provinces_officers_only(
    fast_bot: RunningBot,
) -> None:
    bot = fast_bot
    province, commune = place("son la", "ta xua")
    _, other_commune = place("son la", "muong bu")
    commune_officer, province_officer, other_officer = (bot.user() for _ in range(3))
    await make_officer(bot, commune_officer, province, commune)
    await make_officer(bot, province_officer, province, None)
    await make_officer(bot, other_officer, province, other_commune)
    producer = bot.user(first_name="Páo")
    summary = await fill_registration(producer)
    assert "HTX Chè &lt;Tà Xùa&gt;" in summary.html and "+84912345678" in summary.text
    confirmation, form = await submit(producer)
    assert "đã được gửi" in confirmation.text
    assert "Mẫu 01" in form.caption and "ký tên" in form.caption
    paper = docx.Document(io.BytesIO(form.document_bytes or b""))
    text = "\n".join(p.text for p in paper.paragraphs)
    assert "HTX Chè <Tà Xùa>" in text and "Chè Shan tuyết cổ thụ" in text
    for officer in (commune_officer, province_officer):
        notice = await officer.next_reply()
        assert "Hồ sơ đăng ký OCOP mới" in notice.text and "Xã Tà Xùa" in notice.text
        assert "+84912345678" in notice.text
    assert await unread(bot, other_officer) == []
    pressed = commune_officer.last
    assert pressed is not None
    await commune_officer.press(vi("✅ Accept"))
    assert ACCEPTED in (await producer.next_reply()).text
    await settled(bot)
    own = current(commune_officer, pressed.message_id)  # like every other copy
    assert vi("✅ {name} accepted this registration.", name=commune_officer.first_name) in (
        own.text) and not own.inline_keyboard
    registration = (await bot.services.repo.registrations.for_user(producer.id))[0]
    late = await province_officer.press_data(f"rg:ok:{registration.id}",
                                             message_id=notice.message_id)  # the province's copy
    assert STALE in (await province_officer.callback_answer(late))["text"]
    timeline = await producer.ask("/trangthai")
    assert "Chè Shan tuyết cổ thụ" in timeline.text and ACCEPTED in timeline.text


async def test_more_information_goes_back_and_forth(fast_bot: RunningBot) -> None:
    bot = fast_bot
    officer, producer = await submitted(bot)
    await officer.press(vi("❓ Ask for more"))
    await officer.next_reply()
    await officer.ask("Xin bổ sung giấy chứng nhận ATTP <bản sao>.")
    request = await producer.next_reply()
    await settled(bot)
    officer.skip_pending()  # the edit of the officer's notice: who asked
    assert "cần bổ sung" in request.text and "&lt;bản sao&gt;" in request.html
    await producer.press(vi("✍️ Reply"))
    await producer.next_reply()
    await producer.ask("Đã nộp bản sao tại xã.")
    answer = await officer.next_reply()
    assert "Chủ thể đã trả lời" in answer.text and "Đã nộp bản sao" in answer.text
    # The answer comes right under the title, before the dossier's fields.
    assert answer.text.splitlines()[1] == f"{vi('Message:')} Đã nộp bản sao tại xã."
    registration = (await bot.services.repo.registrations.for_user(producer.id))[0]
    assert registration.status == "submitted"


async def test_producers_cannot_use_officer_buttons_or_commands(fast_bot: RunningBot) -> None:
    bot = fast_bot
    producer, intruder = bot.user(), bot.user()
    await fill_registration(producer)
    await submit(producer)
    registration = (await bot.services.repo.registrations.for_user(producer.id))[0]
    for data in (f"rg:ok:{registration.id}", f"rg:no:{registration.id}",
                 f"rg:rp:{registration.id}"):
        query = await intruder.press_data(data, message_id=producer.last.message_id)
        assert STALE in (await intruder.callback_answer(query))["text"]
    query = await producer.press_data(f"rg:ok:{registration.id}",
                                      message_id=producer.last.message_id)
    assert STALE in (await producer.callback_answer(query))["text"]
    refreshed = await bot.services.repo.registrations.get(registration.id)
    assert refreshed.status == "submitted"


async def test_invalid_inputs_are_refused_kindly(fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    await user.ask("/dangky")
    await user.press(vi("✅ I agree"))
    await until_step(user, 1)
    await user.press("6. ")
    assert "Chỉ chủ thể có đăng ký" in (await user.next_reply()).text
    await user.press("2. ")
    await user.next_reply()
    assert "tối đa 200 ký tự" in (await user.ask("x" * 201)).text
    assert (await user.ask("🍯🍯 123")).text == vi(
        "Please type it in words: it goes onto Form 01 (Mẫu 01) for the officers.")
    await user.ask("Tổ hợp tác Mận")
    await user.ask("Giàng A Dê")
    assert "chưa đúng dạng" in (await user.ask("12345")).text
    await until_step(user, 5, await user.ask("0912 345 678"))
    assert "chưa đúng" in (await user.ask("not-an-email")).text


async def test_the_officer_desk_lists_acts_and_exports_only_its_scope(fast_bot: RunningBot) -> None:
    import csv
    import io

    import openpyxl

    bot = fast_bot
    province, commune = place("son la", "ta xua")
    officer, producer, elsewhere = bot.user(), bot.user(), bot.user()
    await make_officer(bot, officer, province, commune)
    for user, where in ((producer, "ta xua"), (elsewhere, "muong bu")):
        await fill_registration(user, commune=where)
        await submit(user)
    await unread(bot, officer)  # the notice of the registration
    desk = await officer.ask("/canbo")
    assert "Xã Tà Xùa" in desk.text
    await officer.press("Đã gửi")
    listing = await officer.next_reply()
    assert listing.text.count("#") == 1
    await officer.press("1. ")
    opened = await officer.next_reply()
    assert "Xã Tà Xùa" in opened.text and "+84912345678" in opened.text
    await officer.press(vi("📤 Excel"), message_id=desk.message_id)
    workbook = openpyxl.load_workbook(io.BytesIO((await officer.next_reply()).document_bytes))
    sheet = workbook.active
    assert sheet.max_row == 2 and "HTX Chè <Tà Xùa>" in [c.value for c in sheet[2]]
    await officer.press(vi("📤 CSV"), message_id=desk.message_id)
    rows = list(csv.reader(io.StringIO((await officer.next_reply()).document_bytes
                                       .decode("utf-8-sig"))))
    assert len(rows) == 2
    assert "dành cho cán bộ" in (await producer.ask("/canbo")).text
    query = await producer.press_data("cb:x", message_id=desk.message_id)
    assert STALE in (await producer.callback_answer(query))["text"]


async def test_a_draft_survives_a_restart(fast_bot: RunningBot) -> None:
    user = fast_bot.user()
    await user.ask("/dangky")
    await user.press(vi("✅ I agree"))
    await until_step(user, 1)
    await user.press("1. ")
    await user.next_reply()
    await user.ask("HTX Mận Hậu")
    await fast_bot.restart()
    resumed = await user.ask("Lò Thị Xuân")
    assert "bước 4/" in resumed.text and "điện thoại" in resumed.text
    draft = await fast_bot.services.repo.registrations.draft_for(user.id)
    assert (draft.org_name, draft.representative) == ("HTX Mận Hậu", "Lò Thị Xuân")
    assert "bước 4/" in (await user.ask("/dangky")).text


def current(user: SimUser, message_id: int) -> BotMessage:
    """The message as the user sees it now, edits included."""
    return next(m for m in user.messages if m.message_id == message_id)


@pytest.mark.parametrize(("press", "line"), [
    ("❓ Ask for more", "❓ {name} asked the producer for more information."),
    ("❌ Reject", "❌ {name} did not accept this registration."),
])
async def test_every_copy_of_a_notice_says_who_decided_the_deciders_own_too(
        fast_bot: RunningBot, press: str, line: str) -> None:
    bot = fast_bot
    province, commune = place("son la", "ta xua")
    hue, mai = bot.user(first_name="Huệ"), bot.user(first_name="Mai")
    for officer in (hue, mai):
        await make_officer(bot, officer, province, commune)
    producer = bot.user()
    await fill_registration(producer)
    await submit(producer)
    own, other = await hue.next_reply(), await mai.next_reply()
    await hue.press(vi(press), message_id=own.message_id)
    await hue.next_reply()  # the question for the note
    for meaningless in ("🙂", " ?! … ", "👍👍"):
        assert (await hue.ask(meaningless)).text == IN_WORDS
    assert await producer.collect() == []
    hue.skip_pending()
    await hue.send("Thiếu giấy ATTP, xin gửi bản sao.")
    # The delivery engine edits the notice copies, at times before this reply arrives.
    done = await hue.next_new_reply()
    assert done.text == vi("✅ Done; the producer was told.")
    await settled(bot)
    for user, copy in ((hue, own), (mai, other)):
        edited = current(user, copy.message_id)
        assert vi(line, name="Huệ") in edited.text and not edited.inline_keyboard
    assert own.inline_keyboard and other.inline_keyboard  # (they had them)


async def test_a_note_of_digits_only_is_taken(fast_bot: RunningBot) -> None:
    officer, producer = await submitted(fast_bot)
    await officer.press(vi("❓ Ask for more"))
    await officer.next_reply()
    officer.skip_pending()
    await officer.send("0212 3856 789")
    assert (await officer.next_new_reply()).text == vi("✅ Done; the producer was told.")
    assert "0212 3856 789" in (await producer.next_reply()).text


async def test_the_officer_menu_shows_each_status_and_its_count_on_a_row_of_its_own(
        fast_bot: RunningBot) -> None:
    province, commune = place("son la", "ta xua")
    officer = fast_bot.user(language_code="en")
    await make_officer(fast_bot, officer, province, commune)
    producer = fast_bot.user()
    await fill_registration(producer)
    await submit(producer)
    await unread(fast_bot, officer)  # the notice of the registration
    menu = await officer.ask("/canbo")
    labels = [[b.text for b in row] for row in menu.inline_keyboard]
    assert labels[:6] == [["Submitted, waiting for the commune (1)"],
                          ["More information requested (0)"], ["Accepted (0)"],
                          ["Not accepted (0)"], ["💬 Questions (0)"], ["📤 Excel", "📤 CSV"]]
    vietnamese = fast_bot.user()
    await make_officer(fast_bot, vietnamese, province, commune)
    rows = (await vietnamese.ask("/canbo")).inline_keyboard
    assert [b.text for b in rows[2]] == ["Đã được tiếp nhận (0)"]
    assert all(len(row) == 1 for row in rows[:5])


async def test_after_a_request_for_more_a_question_goes_to_the_faq_until_reply_is_pressed(
        fast_bot: RunningBot) -> None:
    officer, producer = await submitted(fast_bot)
    await officer.press(vi("❓ Ask for more"))
    await officer.next_reply()
    await officer.ask("Xin bổ sung giấy ATTP.")
    request = await producer.next_reply()
    assert request.buttons[0].text == vi("✍️ Reply") and "✍️" in request.text.splitlines()[-1]
    await settled(fast_bot)
    officer.skip_pending()  # the edit of the officer's notice: who asked

    question = await producer.ask("Hồ sơ cần những giấy tờ gì?")  # no ✍️ pressed
    assert vi("✅ Your answer was sent to the officers.") not in question.text
    assert not await unread(fast_bot, officer)
    registration = (await fast_bot.services.repo.registrations.for_user(producer.id))[0]
    assert registration.status == "info_requested"

    await producer.press(vi("✍️ Reply"), message_id=request.message_id)
    await producer.next_reply()
    answered = await producer.ask("Đã nộp giấy ATTP.")
    assert answered.text == vi("✅ Your answer was sent to the officers.")
    assert "Đã nộp giấy ATTP" in (await officer.next_reply()).text
