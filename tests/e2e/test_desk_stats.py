"""The desk's statistics: /thongke's figures, as charts, within the officer's scope."""

from __future__ import annotations

import html
import re

from emulator import SimUser
from tests.e2e.test_e2e_stats import SON_LA, TO_HIEU, populate
from tests.support.desk import desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import make_officer
from tests.support.texts import vi

ROW = re.compile(r'<g class="row"[^>]*>\s*<text class="label"[^>]*>(.*?)</text>.*?'
                 r'<text class="count"[^>]*>(.*?)</text>', re.S)
SECTION = re.compile(r'<section class="card chart" id="(\w+)">(.*?)</section>', re.S)


def chart_rows(page: str) -> dict[str, list[tuple[str, str]]]:
    """Each chart's rows as (label, count), by the chart's id."""
    return {name: [(html.unescape(label), html.unescape(count))
                   for label, count in ROW.findall(body)]
            for name, body in SECTION.findall(page)}


def chat_rows(text: str) -> list[tuple[str, str]]:
    """The `• label: count` and `1. commune: count` lines of /thongke's message."""
    return [(label, count) for label, count in re.findall(r"^(?:•|\d+\.) (.+): (\S+)$", text,
                                                          re.M)]


async def desk_stats(bot: RunningBot, user: SimUser) -> str:
    async with desk_client(bot) as client:
        await sign_in(client, bot, user.id)
        response = await client.get("/desk/stats")
        assert response.status == 200
        return await response.text()


async def test_a_commune_officer_sees_thongke_figures_of_their_commune(
        bot: RunningBot) -> None:
    await populate(bot)
    officer = bot.user(language_code="en")
    await make_officer(bot, officer, SON_LA, TO_HIEU)
    chat = (await officer.ask("/thongke")).text
    page = await desk_stats(bot, officer)
    charts = chart_rows(page)
    assert [*charts["ranks"], *charts["statuses"], *charts["communes"]] == chat_rows(chat)
    assert ("4 stars", "1") in charts["ranks"] and ("Submitted", "2") in charts["statuses"]
    assert charts["communes"] == [("Phường Tô Hiệu", "3")]
    for line in ("Users: 3", "officers: 1", "Self-assessments: 1", "Registrations: 3",
                 "Drafts not yet submitted: 0"):
        assert line in chat and line in page, line
    assert "Chiềng An" not in page and "Hoàn Kiếm" not in page
    assert "Phường Tô Hiệu, Sơn La" in page  # the scope, named as the chat names it


async def test_a_province_officer_sees_every_commune_of_the_province(bot: RunningBot) -> None:
    await populate(bot)
    officer = bot.user(language_code="en")
    await make_officer(bot, officer, SON_LA, None)
    chat = (await officer.ask("/stats")).text
    charts = chart_rows(await desk_stats(bot, officer))
    assert charts["communes"] == [("Phường Tô Hiệu", "3"), ("Phường Chiềng An", "1")]
    assert [*charts["ranks"], *charts["statuses"], *charts["communes"]] == chat_rows(chat)


async def test_an_admin_sees_everywhere_in_vietnamese(bot: RunningBot) -> None:
    await populate(bot)
    admin = bot.user(user_id=ADMIN_ID)  # Vietnamese
    chat = (await admin.ask("/thongke")).text
    page = await desk_stats(bot, admin)
    charts = chart_rows(page)
    assert [*charts["ranks"], *charts["statuses"], *charts["communes"]] == chat_rows(chat)
    assert vi("all provinces") in page and vi("Users: %(n)s", n="5") in page
    assert ("Phường Hoàn Kiếm, Thành phố Hà Nội", "1") in charts["communes"]


async def test_the_charts_are_svg_without_style_and_need_a_session(
        bot: RunningBot) -> None:
    await populate(bot)
    officer = bot.user(language_code="en")
    await make_officer(bot, officer, SON_LA, TO_HIEU)
    page = await desk_stats(bot, officer)
    assert page.count("<svg") == 3 and "style=" not in page
    assert 'fill="#f2a900"' in page  # the ranks in the chat chart's colour
    async with desk_client(bot) as client:
        assert (await client.get("/desk/stats")).status == 401
