"""End to end (issue 12, parts 4–6; issue 15, point 12): honest announcement messages, officer
threads that flow, registration with fewer taps, a composer that cannot get stuck."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import handlers.announcements as composer
from announcements import Audience
from core.i18n import I18n
from emulator import BotMessage, SimUser
from handlers.registration.review import REPLY_HINT
from storage.users import utcnow
from tests.support.desk import desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import (
    fill_registration,
    make_officer,
    place,
    submitted,
)
from tests.support.settle import settled, unread
from tests.support.texts import vi, vi_start

TELEGRAM_LIMIT = 4096


def vi_plural(singular: str, plural: str, n: int) -> str:
    return I18n("vi").get("vi").plural(singular, plural, n)


async def seed_trainings(bot: RunningBot, count: int, province: int) -> None:
    """Planned trainings with the longest titles allowed, straight in storage."""
    starts = datetime.now(UTC) + timedelta(days=5)
    now = utcnow()
    for i in range(count):
        title = f"Đợt tập huấn số {i + 1:02d} " + "về phát triển sản phẩm OCOP " * 10
        await bot.services.repo.db.write(
            "INSERT INTO trainings (creator_id, status, title, topics, starts_at, ends_at,"
            " venue, province_code, audience, created_at, updated_at)"
            " VALUES (NULL, 'planned', ?, '[1]', ?, ?, 'Hội trường', ?, 'everyone', ?, ?)",
            (title[:200], starts.isoformat(), (starts + timedelta(hours=8)).isoformat(),
             province, now, now))


async def to_audience(sender: SimUser, text: str) -> None:
    """/thongbao, then the text: the audience question follows."""
    assert vi_start("<b>New announcement</b>\nType the text (up to {limit} characters), or send "
                    "a photo with a caption. It goes out exactly as you type it.")[:20] in (
        await sender.ask("/thongbao")).html
    assert vi("Who should receive it?") in (await sender.ask(text)).text


# --- issue 15, point 12: the composer's training list ---------------------------------------


async def test_the_composers_training_list_fits_pages_and_can_always_be_left(
        fast_bot: RunningBot) -> None:
    province, _ = place("son la", "ta xua")
    await seed_trainings(fast_bot, 20, province)
    admin = fast_bot.user(user_id=ADMIN_ID)
    await to_audience(admin, "Họp lớp tập huấn")
    await admin.press("4.")
    first = await admin.next_reply()
    assert len(first.text) <= TELEGRAM_LIMIT and first.text.startswith(
        vi("Which training's participants?"))
    assert "\n1. Đợt tập huấn số 01" in first.text and "\n9. " not in first.text
    assert vi("page {i}/{n}").format(i=1, n=3) in first.text
    assert first.buttons[0].text.startswith("1. ")
    await admin.press(vi("Next ➡️"))
    second = await admin.next_reply()
    assert second.edited and "\n9. Đợt tập huấn số 09" in second.text
    assert "\n1. " not in second.text
    assert vi("Stopped. Your draft announcement is saved: type /thongbao to continue.") in (
        await admin.ask("/huy")).text
    assert vi("You have an announcement in progress: here is where you left it.") in (
        await admin.ask("/thongbao")).text
    again = await admin.next_reply()
    assert again.text.startswith(vi("Which training's participants?"))
    await admin.press("1.")
    assert vi("Where? In all provinces, or in one province (and, if you like, one of its "
              "communes).") in (await admin.next_reply()).text


async def test_a_step_telegram_refuses_leaves_a_way_out(fast_bot: RunningBot,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    province, _ = place("son la", "ta xua")
    await seed_trainings(fast_bot, 20, province)
    monkeypatch.setattr(composer, "TITLE_SHOWN", 1000)  # as before the fix: one long list
    monkeypatch.setattr(composer, "TRAININGS_PER_PAGE", 20)
    admin = fast_bot.user(user_id=ADMIN_ID)
    await to_audience(admin, "Họp lớp tập huấn")
    await admin.press("4.")
    way_out = await admin.next_reply()
    assert way_out.text == vi("Sorry, this step could not be shown. Choose the audience again, "
                              "discard the draft, or type /huy to leave.")
    assert [b.text for b in way_out.buttons] == [vi("👥 Change the audience"), vi("🗑 Discard")]
    await admin.ask("/huy")
    await admin.ask("/thongbao")
    assert vi("Who should receive it?") in (await admin.next_reply()).text


# --- issue 12, part 4: honest messages --------------------------------------------------------


async def test_the_preview_carries_the_real_buttons_and_warns_of_a_tiny_audience(
        fast_bot: RunningBot) -> None:
    province, commune = place("son la", "ta xua")
    officer = fast_bot.user()
    await make_officer(fast_bot, officer, province, commune)
    admin = fast_bot.user(user_id=ADMIN_ID)
    await admin.ask("/start")
    await to_audience(admin, "Lịch họp cán bộ")
    await admin.press("3.")  # officers
    await admin.next_reply()
    await admin.press("🌏")
    replies = await unread(fast_bot, admin)
    preview = next(r for r in replies if "Lịch họp cán bộ" in r.text)
    summary = next(r for r in replies if vi("Check before sending") in r.text)
    assert [b.text for b in preview.buttons] == [vi("🔕 Stop announcements")]
    assert vi("Above is the message as recipients will see it, buttons included (the header "
              "and the buttons in each recipient's language).") in summary.text
    assert I18n("vi").get("vi").plural(
        "Only {n} person will receive it: check the audience before sending.",
        "Only {n} people will receive it: check the audience before sending.", 1) in summary.text
    answer = await admin.callback_answer(await admin.press("🔕", message_id=preview.message_id))
    assert answer["text"].startswith(vi_start(
        "You will no longer receive announcements. Type /nhanthongbao to turn them back on."))
    assert not await fast_bot.services.repo.announcements.receives(ADMIN_ID)


async def test_an_announcement_reports_neither_its_time_nor_a_sending_speed(
        fast_bot: RunningBot) -> None:
    province, commune = place("son la", "ta xua")
    officer = fast_bot.user()
    await make_officer(fast_bot, officer, province, commune)
    admin = fast_bot.user(user_id=ADMIN_ID)
    await to_audience(admin, "Thông báo ngắn")
    await admin.press("3.")
    await admin.next_reply()
    await admin.press("🌏")
    await unread(fast_bot, admin)
    await admin.press("✅")
    texts: list[str] = []
    while not any(vi_start("✅ Announcement #{id}: finished") in t for t in texts):
        texts.append((await admin.next_reply(timeout=10)).text)
    texts += [m.text for m in await unread(fast_bot, admin)]  # and whatever follows it
    report = next(t for t in texts if vi_start("✅ Announcement #{id}: finished") in t)
    assert vi("Delivered: %(n)s", n="1") in report
    assert "⏱" not in report and "Thời gian" not in report  # the duration is noise
    assert not any("mỗi giây" in t or "Tốc độ" in t for t in texts)  # the speed is left out


async def test_a_training_summary_counts_its_audience_and_a_chosen_province_counts(
        fast_bot: RunningBot) -> None:
    province, _ = place("son la", "ta xua")
    officer = fast_bot.user()
    await make_officer(fast_bot, officer, province, None)
    repo = fast_bot.services.repo
    starts = datetime.now(UTC) + timedelta(days=4)
    await repo.db.write(
        "INSERT INTO trainings (creator_id, status, step, title, topics, starts_at, ends_at,"
        " venue, province_code, audience, created_at, updated_at) VALUES (?, 'draft',"
        " 'summary', 'Tập huấn chè', '[1]', ?, ?, 'Hội trường', ?, 'producers', ?, ?)",
        (officer.id, starts.isoformat(), (starts + timedelta(hours=8)).isoformat(), province,
         utcnow(), utcnow()))
    listing = await officer.ask("/lophoc")
    await officer.press(vi("➕ Create a training"))
    summary = await officer.next_reply()
    assert vi_plural("📣 It will be announced to {n} person now.",
                     "📣 It will be announced to {n} people now.", 0) in summary.text
    assert vi("⚠️ Nobody would receive it: check the area and the audience. It is still "
              "listed in /lophoc.") in summary.text

    producer = fast_bot.user()  # no registration: chooses a province in /lophoc
    head = await producer.ask("/lophoc")
    assert vi("📍 Choose your province once to hear of its trainings, even before you "
              "register a product.") in head.text
    await producer.press(vi("📍 Choose my province"))
    await producer.next_reply()
    several = await producer.ask("ha")
    assert several.text.startswith(vi("Choose one:")) and "\n1. " in several.text
    assert all(b.text.startswith(f"{i}. ") for i, b in enumerate(several.buttons, 1))
    saved = await producer.ask("Sơn La")  # exact: taken without a tap
    assert saved.text.startswith(vi_start(
        "📍 Saved: you will hear of trainings in {province}. /lophoc lists them."))
    assert await repo.users.home_province(producer.id) == province
    assert await repo.announcements.count_recipients(Audience("producers", province)) == 1

    await officer.press(vi("➕ Create a training"), message_id=listing.message_id)
    again = await officer.next_reply()
    assert vi_plural("📣 It will be announced to {n} person now.",
                     "📣 It will be announced to {n} people now.", 1) in again.text
    assert vi("⚠️ That is very few: check the area and the audience.") in again.text


# --- issue 12, part 5: officer threads --------------------------------------------------------


async def test_after_reply_is_pressed_the_producers_files_and_text_go_to_the_officer(
        fast_bot: RunningBot) -> None:
    officer, producer = await submitted(fast_bot)
    await officer.press(vi("❓ Ask for more"))
    prompt = await officer.next_reply()
    assert "/huy" in prompt.text
    await officer.ask("Xin gửi ảnh bao bì.")
    request = await producer.next_reply()
    assert "Xin gửi ảnh bao bì" in request.text and vi(REPLY_HINT) in request.text
    await settled(fast_bot)
    officer.skip_pending()  # the edit of the officer's notice: who asked
    await producer.press(vi("✍️ Reply"))
    await producer.next_reply()

    await producer.send_photo(caption="Bao bì <mặt trước>")
    assert vi("📎 Sent to the officer. Send more, or type your answer to finish.") in (
        await producer.next_reply()).text
    photo = await officer.next_reply()
    assert photo.kind == "photo" and "Bao bì <mặt trước>" in photo.text
    await producer.send_document(b"%PDF-1.4 test", "giay-phep.pdf")
    await producer.next_reply()
    document = await officer.next_reply()
    assert document.kind == "document" and document.document_bytes == b"%PDF-1.4 test"

    await producer.ask("Tôi đã gửi đủ ảnh.")  # ✍️ was pressed: plain text is the answer
    answer = await officer.next_reply()
    assert "Tôi đã gửi đủ ảnh" in answer.text
    registration = (await fast_bot.services.repo.registrations.for_user(producer.id))[0]
    assert registration.status == "submitted"


async def test_a_declined_dossier_is_not_accepted_and_the_prompt_offers_huy(
        fast_bot: RunningBot) -> None:
    officer, producer = await submitted(fast_bot)
    await officer.press(vi("❌ Reject"))
    prompt = await officer.next_reply()
    assert "/huy" in prompt.text
    await officer.ask("Chưa đủ điều kiện.")
    notice = await producer.next_reply()
    assert "không được tiếp nhận" in notice.text and "bị loại" not in notice.text


async def test_the_officer_desk_pages_its_lists(fast_bot: RunningBot) -> None:
    province, commune = place("son la", "ta xua")
    officer = fast_bot.user()
    await make_officer(fast_bot, officer, province, commune)
    now = utcnow()
    for i in range(13):
        await fast_bot.services.repo.db.write(
            "INSERT INTO registrations (user_id, status, product_name, org_name, province_code,"
            " commune_code, created_at, updated_at) VALUES (NULL, 'submitted', ?, 'HTX', ?, ?,"
            " ?, ?)", (f"Sản phẩm {i + 1}", province, commune, now, now))
    await officer.ask("/canbo")
    await officer.press(1)  # submitted (13)
    first = await officer.next_reply()
    assert "\n10. " in first.text and "\n11. " not in first.text
    await officer.press(vi("Next ➡️"), message_id=first.message_id)
    second = await officer.next_reply()
    assert second.edited and "\n11. " in second.text and "\n13. " in second.text
    assert vi("page {i}/{n}").format(i=2, n=2) in second.text
    assert [b.text for b in second.buttons][-1] == vi("⬅️ Previous")


# --- issue 12, part 6: registration with fewer taps -------------------------------------------


async def test_exact_places_are_taken_at_once_and_choices_are_numbered(
        fast_bot: RunningBot) -> None:
    producer = fast_bot.user()
    summary = await fill_registration(producer)  # "son la", "ta xua": taken without a tap
    assert "Xã Tà Xùa" in summary.text
    taken = [m.text for m in producer.messages if m.text.startswith("📍 ")]
    assert taken == ["📍 Sơn La", "📍 Xã Tà Xùa"]
    registration = await fast_bot.services.repo.registrations.draft_for(producer.id)
    assert registration is not None
    await producer.press("✏️ " + vi("Province"))
    await producer.next_reply()
    several = await producer.ask("ha")
    assert several.text.startswith(vi("Choose one:"))
    lines = several.text.split("\n")[1:]
    assert [line.split(".")[0] for line in lines] == [str(i) for i in range(1, len(lines) + 1)]
    assert [b.text.split(".")[0] for b in several.buttons] == [
        str(i) for i in range(1, len(lines) + 1)]


async def test_the_sheet_choices_are_numbered_lines(fast_bot: RunningBot) -> None:
    producer = fast_bot.user()
    await fill_registration(producer)
    await producer.press("✏️ " + vi("Criteria sheet"))
    await producer.next_reply()
    choices = await producer.ask("chè")
    assert choices.text.startswith(vi("Choose the criteria sheet:")) and "\n1. " in choices.text
    assert choices.buttons[0].text.startswith("1. ")


async def test_a_second_registration_reuses_the_first_ones_details(fast_bot: RunningBot) -> None:
    _, producer = await submitted(fast_bot)
    offer = await producer.ask("/dangky")
    assert vi_start("You registered before (#{id}). Use the same details again?") in offer.text
    assert "HTX Chè <Tà Xùa>" in offer.text and "Xã Tà Xùa" in offer.text
    await producer.press(vi("♻️ Use them"))
    question = await producer.next_reply()
    assert vi("What is the product's name (up to 120 characters)?") in question.text
    draft = await fast_bot.services.repo.registrations.draft_for(producer.id)
    assert draft is not None and draft.org_name == "HTX Chè <Tà Xùa>"
    assert draft.phone == "+84912345678" and draft.commune_code is not None
    assert draft.representative == "Lò Văn Páo"


async def test_a_second_registration_can_start_afresh(fast_bot: RunningBot) -> None:
    _, producer = await submitted(fast_bot)
    await producer.ask("/dangky")
    await producer.press(vi("✍️ Start afresh"))
    question: BotMessage = await producer.next_reply()
    assert vi("What type of organisation registers the product?") in question.text
    draft = await fast_bot.services.repo.registrations.draft_for(producer.id)
    assert draft is not None and draft.org_name is None


async def test_once_decided_the_producers_text_goes_back_to_the_faq(fast_bot: RunningBot) -> None:
    """Accepted on the desk while the producer was writing a reply (every notice's buttons went
    with the request for more)."""
    officer, producer = await submitted(fast_bot)
    await officer.press(vi("❓ Ask for more"))
    await officer.next_reply()
    await officer.ask("Xin gửi ảnh bao bì.")
    await producer.next_reply()
    await producer.press(vi("✍️ Reply"))
    await producer.next_reply()
    assert fast_bot.services.repo.dialogs.current(producer.id) is not None
    registration = (await fast_bot.services.repo.registrations.for_user(producer.id))[0]
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, officer.id)
        accepted = await client.post(f"/desk/registrations/{registration.id}/accept",
                                     data={"csrf": csrf}, allow_redirects=False)
        assert accepted.status == 303
    assert vi("accepted") in (await producer.next_reply()).text
    assert fast_bot.services.repo.dialogs.current(producer.id) is None
    reply = await producer.ask("OCOP là gì?")
    assert vi("This registration is not waiting for an answer.") not in reply.text
