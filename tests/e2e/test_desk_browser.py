"""The desk in a real browser (headless Chromium): signing in by login link and by Mini App
init data, Telegram's theme colours, and how the pages look at 360 px and 1280 px."""

from __future__ import annotations

import json
from urllib.parse import quote

import desk
from tests.support.browser import PHONE, chromium, screenshots
from tests.support.desk import init_data
from tests.support.harness import RunningBot
from tests.support.registration_driver import make_officer, place
from tests.support.texts import vi


async def test_an_officer_signs_in_by_login_link(bot: RunningBot) -> None:
    officer = bot.user(first_name="Lan")
    await make_officer(bot, officer, *place("son la", "ta xua"))
    assert bot.app is not None
    link = await desk.login_link(bot.app, officer.id)
    async with chromium() as browser:
        page = await browser.new_page(viewport=PHONE)
        await page.goto(link)
        await page.get_by_role("button", name=vi("Sign in")).click()
        await page.wait_for_url("**/desk/")
        assert vi("Hello, %(name)s") % {"name": "Lan"} in await page.inner_text("h1")
        for path in await screenshots(page, "desk-home"):
            assert path.stat().st_size > 5_000
        await page.get_by_role("button", name="English").click()  # a form: CSRF and origin pass
        await page.wait_for_selector("text=Hello, Lan")
        await page.get_by_role("button", name="Tiếng Việt").click()
        await page.wait_for_selector("text=" + vi("Hello, %(name)s") % {"name": "Lan"})
        await page.goto(link)  # the link was used: a second visit cannot sign in again
        assert vi("This link no longer works") in await page.inner_text("h1")


async def test_the_mini_app_signs_in_with_init_data_and_follows_the_theme(
        bot: RunningBot) -> None:
    officer = bot.user(first_name="Lan")
    await make_officer(bot, officer, *place("son la", "ta xua"))
    theme = json.dumps({"bg_color": "#1e2b3c", "text_color": "#fafafa"})
    assert bot.app is not None
    url = (f"{desk.base_url(bot.app)}/desk/app#tgWebAppData={quote(init_data(officer.id))}"
           f"&tgWebAppThemeParams={quote(theme)}")
    async with chromium() as browser:
        page = await browser.new_page(viewport=PHONE)
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        await page.goto(url)
        await page.wait_for_url("**/desk/")
        assert "Lan" in await page.inner_text("h1")
        background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(30, 43, 60)"  # the theme stays as the officer moves on
        assert errors == []  # no script blocked by the content security policy


async def test_forged_init_data_leaves_the_mini_app_signed_out(bot: RunningBot) -> None:
    officer = bot.user(first_name="Lan")
    await make_officer(bot, officer, *place("son la", "ta xua"))
    assert bot.app is not None
    forged = init_data(officer.id, token="654321:ANOTHER-BOTS-TOKEN-xxxxxxxxxx")
    async with chromium() as browser:
        page = await browser.new_page(viewport=PHONE)
        await page.goto(f"{desk.base_url(bot.app)}/desk/app#tgWebAppData={quote(forged)}")
        status = page.locator("#mini-app-status")
        await status.filter(has_text=vi(
            "Telegram did not confirm who you are. Close the desk and open it again "
            "from /canbo.")).wait_for()
        response = await page.goto(f"{desk.base_url(bot.app)}/desk/")
        assert response is not None and response.status == 401
