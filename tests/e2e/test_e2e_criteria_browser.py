"""End to end: /tieuchi (/criteria) browses groups, sheets, parts and criteria in one message."""

from collections import deque
from collections.abc import AsyncIterator
from html import escape
from pathlib import Path

import pytest

from core.i18n import I18n
from emulator import SimUser
from emulator.models import BotMessage
from handlers import criteria_browser
from knowledge.criteria.products import english_name, english_subgroup
from reports import points_text
from tests.support.harness import RunningBot, running_bot
from tests.support.settle import unread
from tests.support.sheets import official_sheets

NOT_VALID = "This button is no longer valid."


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[RunningBot]:
    """A running bot (the browser is registered by bot.py)."""
    async with running_bot(tmp_path) as harness:
        yield harness


async def press(user: SimUser, label: str, previous: BotMessage) -> BotMessage:
    """Press a button of `previous`, check the press is answered and the message edited."""
    query = await user.press(label, message_id=previous.message_id)
    assert (await user.callback_answer(query)).get("text") in (None, "")
    reply = await user.next_reply()
    assert reply.edited and reply.message_id == previous.message_id
    return reply


async def test_browse_down_to_a_tea_criterion_and_back(browser: RunningBot) -> None:
    tea = official_sheets()[11]
    packaging = next(c for c in tea.criteria if c.code == "2.2")
    en = I18n().get("en")
    user = browser.user(language_code="en")
    root = await user.ask("/criteria")
    assert [b.text for b in root.buttons][:2] == ["1. Food", "2. Beverages"]
    assert len(root.buttons) == 6 and "6. Community tourism" in root.text
    food = await press(user, "1", root)
    assert "11. Chè tươi, chè chế biến" in food.text and food.buttons[-1].text == "⬅️ Back"
    sheet = await press(user, "11", food)
    assert "Sheet 11: Chè tươi, chè chế biến" in sheet.text
    assert "A. Product and community strength — 40 points" in sheet.text
    part = await press(user, "A", sheet)
    assert "Page 1/3" in part.text and "1.1. Nguồn nguyên liệu — 3 points" in part.text
    second = await press(user, "Next ▶️", part)
    assert "Page 2/3" in second.text
    criterion = await press(user, "2.2", second)
    assert f"2.2. {packaging.title}" in criterion.text
    for number, option in enumerate(packaging.options, 1):
        line = f"{number}. {option.text} — {points_text(en, option.points)}"
        marked = line + (f" · minimum for {option.stars}★" if option.stars else "")
        assert marked + "\n" in criterion.text + "\n"
    assert "3. Đóng gói sáng tạo, bao bì đẹp — 2 points · minimum for 3★" in criterion.text
    assert not any(b.text[0].isdigit() for b in criterion.buttons)
    back = await press(user, "⬅️ Back", criterion)
    assert back.text == second.text
    assert "Sheet 11" in (await press(user, "⬅️ Back", back)).text


async def test_paging_and_neighbouring_criteria(browser: RunningBot) -> None:
    user = browser.user(language_code="en")
    first = await user.ask("/criteria 11")
    part = await press(user, "C", first)
    assert "Page 1/2" in part.text and [b.text for b in part.buttons][-2:] == [
        "Next ▶️", "⬅️ Back"]
    last = await press(user, "Next ▶️", part)
    assert "Page 2/2" in last.text and "◀️ Previous" in [b.text for b in last.buttons]
    assert "Next ▶️" not in [b.text for b in last.buttons]
    again = await press(user, "◀️ Previous", last)
    assert again.text == part.text
    impurities = await press(user, "6.1.1", again)
    assert 'Note on the printed decree: Bản in ghi "11" điểm' in impurities.text
    following = await press(user, "Next ▶️", impurities)
    assert "6.1.2. Hình dạng, màu sắc cánh chè" in following.text


async def test_forged_and_stale_buttons_change_nothing(browser: RunningBot) -> None:
    user = browser.user(language_code="en")
    root = await user.ask("/tieuchi")
    for data in ("tc:s:99", "tc:g:6", "tc:p:11:D:0", "tc:p:11:A:3", "tc:p:11:A:-1",
                 "tc:c:11:9.9", "tc:c:11", "tc:zzz", "tc:s:١١", "tc:" + "9" * 70):
        query = await user.press_data(data, message_id=root.message_id)
        assert (await user.callback_answer(query))["text"] == NOT_VALID
    assert await unread(browser, user) == []
    assert user.messages[-1].text == root.text and user.messages[-1].edit_count == 0


async def test_pressing_for_the_screen_already_shown_is_harmless(browser: RunningBot) -> None:
    user = browser.user(language_code="en")
    root = await user.ask("/criteria")
    query = await user.press_data("tc:r", message_id=root.message_id)
    assert (await user.callback_answer(query)).get("text") in (None, "")
    assert await unread(browser, user) == []
    assert (await press(user, "2", root)).text.startswith("Beverages")


async def test_menu_button_opens_the_browser(browser: RunningBot) -> None:
    user = browser.user(language_code="en")
    start = await user.ask("/start")
    assert "📚 Criteria" in [label for row in start.reply_keyboard or [] for label in row]
    reply = await user.ask("📚 Criteria")
    assert reply.buttons[0].text == "1. Food"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_screen_fits_telegram_and_the_conventions(locale: str) -> None:
    sheets, t = official_sheets(), I18n().get(locale)
    navigation = {t("⬅️ Back"), t("◀️ Previous"), t("Next ▶️")}
    seen, queue = {"tc:r"}, deque(["tc:r"])
    while queue:
        data = queue.popleft()
        view = criteria_browser.view_for(data, t, sheets)
        assert view is not None, data
        assert len(view.text) < 4096, data
        assert "loại khi:" not in view.text.lower(), data  # the heading is said once, ours
        assert locale == "vi" or "Dấu sao" not in view.text, data
        for button in (b for row in view.buttons for b in row):
            assert len(button.callback_data.encode()) <= 64
            if button.text in navigation:
                assert not button.text[0].isdigit()
            else:
                number = button.text.split(" ")[0]
                assert f"\n{number} " in "\n" + view.text, (data, button.text)
            if button.callback_data not in seen:
                seen.add(button.callback_data)
                queue.append(button.callback_data)
    criteria = sum(len(sheet.criteria) for sheet in sheets.values())
    assert sum(data.startswith("tc:c:") for data in seen) == criteria
    assert sum(data.startswith("tc:s:") for data in seen) == 26


def test_english_users_read_glosses_and_english_notes_around_the_quotes() -> None:
    sheets, en, vi = official_sheets(), I18n().get("en"), I18n().get("vi")
    food = criteria_browser.view_for("tc:g:0", en, sheets)
    assert food is not None
    assert "\n4. Mật ong, mật khác và nông sản thực phẩm khác (honey and other farm foods)\n" in (
        food.text)
    assert food.buttons[3][0].text == "4. Honey and other farm foods"
    honey = criteria_browser.view_for("tc:s:4", en, sheets)
    assert honey is not None
    assert honey.text.split("\n")[1] == "Food · Thực phẩm thô, sơ chế (raw, pre-processed food)"
    assert "• Giả mạo hồ sơ hoặc không tuân thủ" in honey.text
    assert "“Minimum for 3★” (4★, 5★) marks the option" in honey.text
    printed = criteria_browser.view_for("tc:s:4", vi, sheets)
    assert printed is not None
    assert printed.text.split("\n")[1] == "Thực phẩm · Thực phẩm thô, sơ chế"
    assert "Dấu sao là yêu cầu tối thiểu" in printed.text
    official = criteria_browser.view_for("tc:g:0", vi, sheets)
    assert official is not None
    assert official.buttons[3][0].text == "4. Mật ong, mật khác và nông sản thực phẩm khác"


def test_every_sheet_title_and_group_glossed_in_english_printed_in_vietnamese() -> None:
    sheets, en, vi = official_sheets(), I18n().get("en"), I18n().get("vi")
    for number, sheet in sheets.items():
        english = criteria_browser.view_for(f"tc:s:{number}", en, sheets)
        printed = criteria_browser.view_for(f"tc:s:{number}", vi, sheets)
        assert english is not None and printed is not None
        gloss = english_subgroup(sheet.subgroup)
        assert gloss and gloss.isascii(), sheet.subgroup
        assert english.text.split("\n")[1].endswith(f" · {sheet.subgroup} ({gloss})")
        assert printed.text.split("\n")[1].endswith(f" · {sheet.subgroup}")
        assert english.text.split("\n")[0] == (
            f"<b>Sheet {number}: {escape(sheet.title)} ({escape(english_name(number))})</b>")
        assert printed.text.split("\n")[0] == f"<b>Phiếu {number}: {escape(sheet.title)}</b>"
