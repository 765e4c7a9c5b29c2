"""Officers' work on the desk in a real browser (headless Chromium), start to end: composing
and sending an announcement and watching it complete; filtering the registrations, opening one
and accepting it, the producer told in Telegram. No page reports an error (a script or style
the content security policy blocks shows as one)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

import pytest
from playwright.async_api import Browser, Dialog, Page, expect

import desk
from announcements.engine import engine_of
from emulator import SimUser
from tests.support.broadcast import announcements_to, seed
from tests.support.browser import PHONE, chromium, console_errors, screenshots
from tests.support.harness import RunningBot
from tests.support.registration_driver import fill_registration, make_officer, submit
from tests.support.texts import vi

SON_LA, TA_XUA, CHIENG_AN, LAI_CHAU = 14, 3868, 3667, 12  # as in test_desk_announcements
HERE, ELSEWHERE, FAR = [601, 602, 603], [611, 612], [621]
WAIT = 15_000  # ms: an upper bound for the desk to answer on 2 busy cores, not a pace
TEXT = "Họp <b>tổ</b> & chợ"  # sent as typed: recipients see the tags, not bold type


@dataclass
class Visit:
    """A page in Chromium, what it reported as errors, and the confirmations it asked."""

    page: Page
    errors: list[str]
    asked: list[str] = field(default_factory=list)

    async def confirm(self, dialog: Dialog) -> None:
        """Answer OK to a confirmation (window.confirm), noting its question."""
        self.asked.append(dialog.message)
        await dialog.accept()


async def signed_in(browser: Browser, bot: RunningBot, user_id: int) -> Visit:
    """A phone-sized page signed in by a login link; confirmations accepted, errors collected."""
    assert bot.app is not None
    page = await browser.new_page(viewport=PHONE, locale="vi-VN")  # dates as dd/mm/yyyy
    page.set_default_timeout(WAIT)
    visit = Visit(page, console_errors(page))
    page.on("dialog", visit.confirm)
    await page.goto(await desk.login_link(bot.app, user_id))
    await page.get_by_role("button", name=vi("Sign in")).click()
    await page.wait_for_url("**/desk/")
    return visit


async def open_section(page: Page, name: str) -> None:
    """Follow a link of the desk's top navigation."""
    await page.get_by_role("navigation").get_by_role("link", name=name).click()


def deliveries_held(bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Hold the delivery engine before it takes a send slot (nothing leaves, nothing is in
    flight) until the returned event is set, so that the page is seen while it is sending."""
    assert bot.app is not None
    pacer = engine_of(bot.app).pacer
    go, acquire = asyncio.Event(), pacer.acquire

    async def after_go(chat_id: int | None = None) -> None:
        await go.wait()
        await acquire(chat_id)

    monkeypatch.setattr(pacer, "acquire", after_go)
    return go


async def producers(bot: RunningBot) -> dict[int, SimUser]:
    """Producers in Tà Xùa and Chiềng An (Sơn La) and one in Lai Châu, speaking English."""
    db = bot.services.repo.db
    await seed(db, HERE, place=(SON_LA, TA_XUA))
    await seed(db, ELSEWHERE, place=(SON_LA, CHIENG_AN))
    await seed(db, FAR, place=(LAI_CHAU, 1))
    return {i: bot.user(user_id=i, language_code="en") for i in HERE + ELSEWHERE + FAR}


async def compose(page: Page) -> None:
    """Write the text, choose producers in Tà Xùa; the count and preview follow live."""
    await open_section(page, vi("Announcements"))
    await page.get_by_role("link", name=vi("New announcement")).click()
    await page.wait_for_url("**/desk/announcements/new")
    await page.locator("#text").fill(TEXT)
    preview = page.locator("#preview")
    await expect(preview).to_contain_text(TEXT, timeout=WAIT)  # the tags shown, escaped
    await expect(preview).to_contain_text(vi("🔕 Stop announcements"))
    assert await preview.locator(".tg-text :is(b, strong)").all_inner_texts() == [
        re.sub(r"</?b>|📢 ", "", vi("📢 <b>OCOP announcement</b>"))]  # only the header is bold
    recipients = page.locator("#recipients")
    await page.get_by_label(vi("Who should receive it?")).select_option("producers")
    await expect(recipients).to_contain_text(vi("Recipients now: %(n)s", n="5"), timeout=WAIT)
    await page.locator("#commune").select_option(str(TA_XUA))
    await expect(recipients).to_contain_text(vi("Recipients now: %(n)s", n="3"), timeout=WAIT)


async def test_an_officer_composes_sends_and_watches_an_announcement_complete(
        paced_bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = paced_bot
    recipients = await producers(bot)
    officer = bot.user(first_name="Lan")
    await make_officer(bot, officer, SON_LA, None)
    async with chromium() as browser:
        visit = await signed_in(browser, bot, officer.id)
        page = visit.page
        await compose(page)
        await screenshots(page, "desk-announcement-composer")
        await page.get_by_role("button", name=vi("Check before sending")).click()
        await page.wait_for_url(re.compile(r".*/desk/announcements/\d+$"))
        go = deliveries_held(bot, monkeypatch)
        send = bot.services.i18n.get("vi").plural("✅ Send to {n} person",
                                                  "✅ Send to {n} people", 3)
        await page.get_by_role("button", name=send).click()
        progress = page.locator("#progress")
        await expect(progress).to_contain_text(vi(
            "Sent: %(sent)s · failed: %(failed)s · remaining: %(remaining)s",
            sent="0", failed="0", remaining="3"), timeout=WAIT)
        await expect(page.get_by_role("button", name=vi("⏹ Cancel sending"))).to_be_visible()
        go.set()
        report = page.locator(".report")  # the page polls, then shows the report by itself
        await expect(report).to_contain_text(vi("Delivered: %(n)s", n="3"), timeout=WAIT)
        await expect(progress).to_have_count(0)
        await expect(page.locator(".badge")).to_have_text(vi("Sent"))
        await screenshots(page, "desk-announcement-report")
    assert announcements_to(recipients.values()) == {601: 1, 602: 1, 603: 1, 611: 0, 612: 0,
                                                     621: 0}
    received = recipients[603].last
    assert received is not None and TEXT in received.text
    assert visit.errors == []


# --- registrations --------------------------------------------------------------------------

TEA, HONEY = "Chè Shan tuyết cổ thụ", "Mật ong bạc hà"
TEA_SHEET = "11"  # the sheet "chè" finds; "mật ong" finds another


async def registered(bot: RunningBot, name: str, product: str, kind_word: str
                     ) -> tuple[SimUser, int]:
    """A producer of Tà Xùa who registered `product` through the chat; its registration's id."""
    producer = bot.user(first_name=name)
    await fill_registration(producer, product=product, kind_word=kind_word)
    await submit(producer)
    return producer, (await bot.services.repo.registrations.for_user(producer.id))[0].id


async def status_of(bot: RunningBot, registration_id: int) -> str:
    registration = await bot.services.repo.registrations.get(registration_id)
    assert registration is not None
    return registration.status


async def filter_list(page: Page, status: str, sheet: str) -> None:
    """Choose a status and (among the folded filters) a sheet, then show the list."""
    await page.locator("#f-status").select_option(status)
    more = page.locator("details.more-filters")
    if not await more.evaluate("details => details.open"):
        await more.locator("summary").click()
    await page.locator("#f-sheet").select_option(sheet)
    await page.get_by_role("button", name=vi("Show"), exact=True).click()
    await page.wait_for_url(re.compile(rf".*/desk/registrations\?(?=.*status={status})"
                                       rf"(?=.*sheet={sheet}).*"))


async def test_an_officer_filters_opens_and_accepts_a_registration(fast_bot: RunningBot) -> None:
    bot = fast_bot
    officer = bot.user(first_name="Lan")
    await make_officer(bot, officer, SON_LA, TA_XUA)
    producer, chosen = await registered(bot, "Páo", TEA, "chè")
    other_sheet, honey = await registered(bot, "Mỷ", HONEY, "mật ong")
    decided, older = await registered(bot, "Sùng", "Chè búp Tà Xùa", "chè")
    await bot.services.repo.db.write(  # decided before: the same sheet, another status
        "UPDATE registrations SET status = 'accepted' WHERE id = ?", (older,))
    async with chromium() as browser:
        visit = await signed_in(browser, bot, officer.id)
        page = visit.page
        await open_section(page, vi("Registrations"))
        await page.wait_for_url("**/desk/registrations")
        rows = page.locator("table.registrations tbody tr")
        await expect(rows).to_have_count(3, timeout=WAIT)
        await filter_list(page, "submitted", TEA_SHEET)
        await expect(rows).to_have_count(1, timeout=WAIT)
        await expect(rows).to_contain_text(f"#{chosen}")
        await screenshots(page, "desk-registrations")
        await rows.get_by_role("link", name=TEA).click()
        await page.wait_for_url(f"**/desk/registrations/{chosen}")
        await screenshots(page, "desk-dossier")
        await page.get_by_role("button", name=vi("✅ Accept")).click()
        await expect(page.locator(".flash")).to_have_text(vi(
            "✅ Registration #{id} accepted; the producer was told.", id=chosen), timeout=WAIT)
        await expect(page.get_by_role("button", name=vi("✅ Accept"))).to_have_count(0)
    assert visit.asked == [vi("Accept this registration? The producer is told at once.")]
    told = await producer.next_reply(timeout=WAIT / 1000)
    assert told.text == vi("🔔 Registration #{id} ({product}): {status}.", id=chosen,
                           product=TEA, status=vi("accepted"))  # as the chat's
    assert [await status_of(bot, i) for i in (chosen, honey, older)] == [
        "accepted", "submitted", "accepted"]
    assert await other_sheet.collect() == [] and await decided.collect() == []
    assert visit.errors == []
