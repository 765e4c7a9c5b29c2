"""End to end: stickers, photos and locations sent in the middle of a flow get a word about the
step and the step again (never the FAQ's "type your question" nor the main menu); the
composer takes a typed commune at its area step, warns about a picture without text, and
counts its recipients in the right plural."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.i18n import I18n
from emulator import BotMessage, SimUser
from storage.users import utcnow
from tests.support.broadcast import compose, seed, summary_after
from tests.support.harness import ADMIN_ID, RunningBot, running_bot
from tests.support.registration_driver import until_step
from tests.support.texts import vi

NOT_TEXT = "This step needs text or one of the buttons above."
FAQ_FALLBACK = "Sorry, I can only read text messages and buttons. Please type your question."
SON_LA, TA_XUA = 14, 3868
OFFICER = 800_002


@pytest.fixture
async def cbot(tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(tmp_path, flood_limit=10_000,
                           admin_ids=frozenset({ADMIN_ID})) as harness:
        yield harness


async def province_officer(bot: RunningBot, language: str = "en") -> SimUser:
    db = bot.services.repo.db
    await seed(db, [OFFICER], role="officer")
    await db.write("INSERT INTO officers (user_id, province_code, commune_code, created_at)"
                   " VALUES (?, ?, ?, ?)", (OFFICER, SON_LA, None, utcnow()))
    return bot.user(user_id=OFFICER, language_code=language, first_name="Officer")


def without_menu(replies: list[BotMessage]) -> bool:
    """No reply of these sent a reply keyboard (the main menu)."""
    return all(r.reply_keyboard is None for r in replies)


async def test_a_sticker_mid_registration_gets_the_step_again_without_the_menu(
        bot: RunningBot) -> None:
    lan = bot.user()
    await lan.ask("/dangky")
    await lan.press(vi("✅ I agree"))
    question = await until_step(lan, 1)
    for send in (lan.send_sticker(), lan.send_location(21.3, 103.9), lan.send_photo()):
        await send
        note, again = await lan.next_reply(), await lan.next_reply()
        assert note.text == vi(NOT_TEXT)
        assert vi(FAQ_FALLBACK) not in note.text
        assert again.text == question.text and again.buttons
        assert without_menu([note, again])


async def test_a_sticker_at_the_composers_audience_step_shows_the_step(cbot: RunningBot) -> None:
    officer = await province_officer(cbot)
    await officer.ask("/broadcast")
    assert "Who should receive it?" in (await officer.ask("Họp tổ")).text
    for send in (officer.send_sticker(), officer.send_photo(), officer.send_location(21, 103)):
        await send
        note, again = await officer.next_reply(), await officer.next_reply()
        assert note.text == NOT_TEXT
        assert "Who should receive it?" in again.text
        assert without_menu([note, again])


async def test_a_sticker_at_the_composers_text_step_says_what_it_takes(cbot: RunningBot) -> None:
    officer = await province_officer(cbot)
    prompt = await officer.ask("/broadcast")
    await officer.send_sticker()
    note, again = await officer.next_reply(), await officer.next_reply()
    assert note.text == ("Please send the announcement as text, or as a photo with its text as "
                         "the caption.")
    assert again.text == prompt.text


async def test_a_typed_commune_is_taken_at_the_area_step(cbot: RunningBot) -> None:
    await seed(cbot.services.repo.db, [631], place=(SON_LA, TA_XUA))
    officer = await province_officer(cbot)
    await compose(officer, "Lịch kiểm tra sản phẩm", "1.")  # everyone
    assert "In all of Sơn La" in (await officer.next_reply()).text
    assert (await officer.ask("ta xua")).text == "📍 Xã Tà Xùa"  # no tap on 🔎
    replies = await officer.collect(timeout=0.5)
    summary = next(r.text for r in reversed(replies) if "Check before sending" in r.text)
    assert "Where: Xã Tà Xùa" in summary


async def test_a_picture_without_text_is_flagged_and_one_person_is_singular(
        cbot: RunningBot) -> None:
    officer = await province_officer(cbot)
    await officer.ask("/broadcast")
    await officer.send_photo()
    assert "Who should receive it?" in (await officer.next_reply()).text
    await officer.press("3.")  # officers: only the sender
    await officer.next_reply()
    summary = await summary_after(officer, "📍")
    assert "recipients will see only the picture" in summary
    assert "Only 1 person will receive it" in summary and "1 people" not in summary
    await officer.press("✏️")
    await officer.next_reply()
    first = await officer.ask("Ảnh buổi họp")
    captioned = [first, *await officer.collect(timeout=0.5)]
    again = next(r.text for r in reversed(captioned) if "Check before sending" in r.text)
    assert "only the picture" not in again
    assert any(r.kind == "photo" and "Ảnh buổi họp" in r.text for r in captioned)


def test_the_warning_and_the_plural_read_well_in_vietnamese() -> None:
    t = I18n("vi").get("vi")
    few = t.plural("Only {n} person will receive it: check the audience before sending.",
                   "Only {n} people will receive it: check the audience before sending.", 1)
    assert few.startswith("Chỉ 1 người")


async def test_a_sticker_in_the_training_form_shows_its_step(cbot: RunningBot) -> None:
    officer = await province_officer(cbot)
    await officer.ask("/trainings")
    await officer.press("➕ Create a training")
    step = await officer.next_reply()
    assert "step 1/7" in step.text
    await officer.send_sticker()
    note, again = await officer.next_reply(), await officer.next_reply()
    assert note.text == NOT_TEXT
    assert again.text == step.text and without_menu([note, again])
