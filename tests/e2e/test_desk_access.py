"""The desk's doors: login links, Mini App init data, sessions, CSRF, revoked officers."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import desk
from core.config import WebSettings
from emulator import BotApiEmulator, SimUser
from tests.support.desk import csrf_of, desk_client, init_data, sign_in
from tests.support.harness import ADMIN_ID, RunningBot, running_bot
from tests.support.registration_driver import make_officer, place
from tests.support.texts import vi


async def officer(bot: RunningBot) -> SimUser:
    user = bot.user(first_name="Lan")
    await make_officer(bot, user, *place("son la", "ta xua"))
    return user


async def test_a_login_link_signs_in_once(bot: RunningBot) -> None:
    user = await officer(bot)
    async with desk_client(bot) as client:
        assert bot.app is not None
        link = await desk.login_link(bot.app, user.id)
        path = link[link.index("/desk/login/"):]
        assert (await client.get(path)).status == 200  # asks first: a preview uses nothing
        first = await client.post(path, allow_redirects=False)
        assert first.status == 303 and "desk_session" in first.cookies
        cookie = first.cookies["desk_session"]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert (await client.get("/desk/")).status == 200
        client.session.cookie_jar.clear()
        again = await client.post(path, allow_redirects=False)
        assert again.status == 410
        assert (await client.get("/desk/")).status == 401


async def test_a_late_login_link_is_refused(bot: RunningBot) -> None:
    user = await officer(bot)
    repo = bot.services.repo
    token = await repo.desk.create_login(user.id, now=datetime.now(UTC) - timedelta(minutes=11))
    async with desk_client(bot) as client:
        assert (await client.post(f"/desk/login/{token}", allow_redirects=False)).status == 410
        assert (await client.get(f"/desk/login/{token}")).status == 410


async def test_a_producer_cannot_sign_in(bot: RunningBot) -> None:
    producer = bot.user()
    await producer.ask("/start")
    async with desk_client(bot) as client:
        response = await client.post("/desk/api/session",
                                     json={"init_data": init_data(producer.id)})
        assert response.status == 403
        assert (await client.get("/desk/")).status == 401


async def test_genuine_init_data_signs_in(bot: RunningBot) -> None:
    user = await officer(bot)
    async with desk_client(bot) as client:
        response = await client.post("/desk/api/session", json={"init_data": init_data(user.id)})
        assert response.status == 200
        assert "Lan" in await (await client.get("/desk/")).text()


async def test_forged_expired_and_foreign_init_data_are_refused(bot: RunningBot) -> None:
    user = await officer(bot)
    wrong_hash = init_data(user.id)[:-4] + "0000"
    expired = init_data(user.id, age=24 * 3600 + 60)
    other_bot = init_data(user.id, token="654321:ANOTHER-BOTS-TOKEN-xxxxxxxxxx")
    async with desk_client(bot) as client:
        for data in (wrong_hash, expired, other_bot, "", "user=%7B%7D&hash=abc"):
            response = await client.post("/desk/api/session", json={"init_data": data})
            assert response.status == 401, data
        assert (await client.post("/desk/api/session", data=b"not json")).status == 401
        assert (await client.get("/desk/")).status == 401


async def test_forms_without_the_csrf_token_are_refused(bot: RunningBot) -> None:
    user = await officer(bot)
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, user.id)
        refused = await client.post("/desk/language", data={"locale": "en"},
                                    allow_redirects=False)
        assert refused.status == 403
        wrong = await client.post("/desk/language", data={"locale": "en", "csrf": "x" * 32},
                                  allow_redirects=False)
        assert wrong.status == 403
        other_site = await client.post("/desk/language", data={"locale": "en", "csrf": csrf},
                                       headers={"Origin": "https://evil.example"},
                                       allow_redirects=False)
        assert other_site.status == 403
        for site in ("cross-site", "same-site", None):  # "null": a sandboxed or hidden origin
            headers = {"Origin": "null", **({"Sec-Fetch-Site": site} if site else {})}
            hidden = await client.post("/desk/language", data={"locale": "en", "csrf": csrf},
                                       headers=headers, allow_redirects=False)
            assert hidden.status == 403, site
        assert (await bot.services.repo.users.get(user.id)).language != "en"  # type: ignore[union-attr]
        # What a browser sends for our own form under our no-referrer policy.
        done = await client.post("/desk/language", allow_redirects=False, data={
            "locale": "en", "csrf": csrf, "next": "/desk/registrations?status=submitted"},
            headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
        assert done.status == 303
        assert done.headers["Location"] == "/desk/registrations?status=submitted"
        for elsewhere in ("//evil.example/desk/", "https://evil.example/", "/desk//x"):
            away = await client.post("/desk/language", allow_redirects=False, data={
                "locale": "en", "csrf": csrf, "next": elsewhere})
            assert away.headers["Location"] == "/desk/"
        assert (await bot.services.repo.users.get(user.id)).language == "en"  # type: ignore[union-attr]
        assert "Sign out" in await (await client.get("/desk/")).text()


async def test_a_revoked_officer_is_out_at_the_next_request(bot: RunningBot) -> None:
    user = await officer(bot)
    async with desk_client(bot) as client:
        await sign_in(client, bot, user.id)
        assert (await client.get("/desk/")).status == 200
        assert await bot.services.repo.officers.revoke(ADMIN_ID, user.id)
        assert (await client.get("/desk/")).status == 401
        assert await bot.services.repo.desk.session("anything") is None


async def test_every_answer_carries_the_security_headers(bot: RunningBot) -> None:
    async with desk_client(bot) as client:
        for path in ("/desk/", "/desk/app", "/desk/login/nope", "/desk/nowhere"):
            response = await client.get(path)
            policy = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "same-origin"


async def test_the_admin_signs_in_and_csrf_is_in_the_page(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin")
    await admin.ask("/start")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, ADMIN_ID)
        assert csrf == await csrf_of(client)


async def test_canbo_offers_the_login_link_and_with_a_public_url_the_mini_app(
        tmp_path: Path, emulator: BotApiEmulator) -> None:
    public = WebSettings(port=0, public_url="https://desk.example.gov.vn")
    async with running_bot(tmp_path, emu=emulator, web=public,
                           admin_ids=frozenset({ADMIN_ID})) as bot:
        admin = bot.user(user_id=ADMIN_ID, first_name="Admin")
        await admin.ask("/start")
        reply = await admin.ask("/canbo")
        link = re.search(r"https://desk\.example\.gov\.vn/desk/login/\S+", reply.text)
        assert link is not None, reply.text  # written out, so that it can be copied
        mini_app = [b for row in reply.inline_keyboard for b in row if b.web_app_url]
        assert [b.web_app_url for b in mini_app] == ["https://desk.example.gov.vn/desk/app"]
        for _ in range(100):  # the menu button is set just after the reply
            if menus := emulator.calls_of("setChatMenuButton"):
                break
            await asyncio.sleep(0.05)
        assert menus and "https://desk.example.gov.vn/desk/app" in str(
            menus[-1].params["menu_button"])
        token = link[0].rsplit("/", 1)[1]
        assert await bot.services.repo.desk.redeem_login(token) == ADMIN_ID


async def test_without_a_public_url_canbo_gives_only_the_link(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin")
    await admin.ask("/start")
    reply = await admin.ask("/canbo")
    assert re.search(r"http://127\.0\.0\.1:\d+/desk/login/\S+", reply.text), reply.text
    assert not any(b.web_app_url for row in reply.inline_keyboard for b in row)


async def test_an_unexpected_error_is_a_kind_page_that_promises_nothing(
        bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    user = await officer(bot)

    async def broken(*args: object) -> None:
        raise RuntimeError("the disk is full")

    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, user.id)
        monkeypatch.setattr(bot.services.repo.registrations, "count_by_status", broken)
        response = await client.get("/desk/")
        assert response.status == 500
        text = await response.text()
        assert vi("Something went wrong") in text and "disk" not in text
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        moved = await client.post("/desk/language", allow_redirects=False,
                                  data={"locale": "vi", "csrf": csrf})
        assert moved.status == 303  # redirects carry the security headers too
        assert "script-src 'self'" in moved.headers["Content-Security-Policy"]
