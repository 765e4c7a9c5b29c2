"""The desk's admin pages: officers, invitations (link and QR code), withdrawals, revocations
and the audit log; admins only, CSRF-protected, escaped, in both languages."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import segno
from aiohttp.test_utils import TestClient

import desk
from core.config import WebSettings
from emulator import BotApiEmulator, SimUser
from storage.officers import Scope
from tests.support.desk import csrf_of, desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot, running_bot
from tests.support.registration_driver import make_officer, place
from tests.support.texts import vi

SON_LA, TA_XUA = place("son la", "ta xua")
LINK = re.compile(r"https://t\.me/ocop_test_bot\?start=([\w-]+)")
Client = TestClient[object, object]


async def admin_signed_in(bot: RunningBot, client: Client) -> str:
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin")
    await admin.ask("/start")
    return await sign_in(client, bot, ADMIN_ID)


async def admin_signed_in_over_http(bot: RunningBot, client: Client) -> str:
    """Sign the admin in where WEB_PUBLIC_URL makes the cookie Secure: the test client speaks
    plain http, so it is given the cookie's value without that flag."""
    await bot.user(user_id=ADMIN_ID, first_name="Admin").ask("/start")
    assert bot.app is not None
    link = await desk.login_link(bot.app, ADMIN_ID)
    response = await client.post(link[link.index("/desk/login/"):], allow_redirects=False)
    cookie = response.cookies["desk_session"]
    assert cookie["secure"]
    client.session.cookie_jar.update_cookies({"desk_session": cookie.value})
    return await csrf_of(client)


async def officer(bot: RunningBot, first_name: str = "Lan") -> SimUser:
    user = bot.user(first_name=first_name)
    await make_officer(bot, user, SON_LA, TA_XUA)
    return user


async def invite_on_the_desk(client: Client, csrf: str, commune: int | None = TA_XUA
                             ) -> tuple[str, str]:
    """Create an invitation through the pages; return the page and the code it shows."""
    start = await client.get(f"/desk/admin/invitations/new?province={SON_LA}")
    assert start.status == 200 and "Xã Tà Xùa" in await start.text()
    form = {"csrf": csrf, "province": str(SON_LA), "commune": "" if commune is None
            else str(commune)}
    created = await client.post("/desk/admin/invitations", data=form)
    page = await created.text()
    assert created.status == 200, page
    found = LINK.search(page)
    assert found is not None, page
    return page, found[1]


def untagged(text: str) -> str:
    """A message as its reader sees it: without the HTML tags."""
    return re.sub(r"<[^>]+>", "", text)


async def audit_actions(bot: RunningBot) -> list[tuple[int | None, str, int | None]]:
    rows = await bot.services.repo.db.fetch_all(
        "SELECT actor_id, action, subject_id FROM audit_log ORDER BY id")
    return [(r[0], r[1], r[2]) for r in rows]


async def test_an_officer_is_refused_on_every_admin_route(bot: RunningBot) -> None:
    lan, hue = await officer(bot), await officer(bot, "Huệ")
    invitation = await bot.services.repo.officers.invite(ADMIN_ID, Scope(SON_LA))
    pending = (await bot.services.repo.officers.pending_invitations())[0].id
    async with desk_client(bot) as client:
        assert (await client.get("/desk/admin")).status == 401  # not signed in yet
        csrf = await sign_in(client, bot, lan.id)
        for path in ("/desk/admin", "/desk/admin/audit",
                     f"/desk/admin/invitations/new?province={SON_LA}"):
            assert (await client.get(path)).status == 403, path
        posts = {"/desk/admin/invitations": {"province": str(SON_LA), "commune": ""},
                 f"/desk/admin/invitations/{pending}/withdraw": {},
                 f"/desk/admin/officers/{hue.id}/revoke": {}}
        for path, form in posts.items():
            response = await client.post(path, data={"csrf": csrf, **form},
                                         allow_redirects=False)
            assert response.status == 403, path
        assert 'href="/desk/admin"' not in await (await client.get("/desk/")).text()
    assert await bot.services.repo.officers.get(hue.id) is not None
    assert len(await bot.services.repo.officers.pending_invitations()) == 1
    assert [a for _, a, _ in await audit_actions(bot)] == ["invitation_created"]
    joined = await bot.user().ask(f"/start {invitation}")  # not withdrawn: it still works
    assert joined.text.startswith(untagged(vi("🎉 You are now an OCOP officer for <b>{scope}</b>.",
                                              scope="Sơn La (toàn tỉnh)")))


async def test_an_invitation_from_the_desk_makes_an_officer_in_the_chat(bot: RunningBot
                                                                       ) -> None:
    async with desk_client(bot) as client:
        csrf = await admin_signed_in(bot, client)
        overview = await (await client.get("/desk/admin")).text()
        assert f'<option value="{SON_LA}">' in overview
        page, code = await invite_on_the_desk(client, csrf)
        assert "Xã Tà Xùa, Sơn La" in page and f"/start {code}" in page
        hue = bot.user(first_name="Huệ")
        joined = await hue.ask(f"/start {code}")
        assert untagged(vi("🎉 You are now an OCOP officer for <b>{scope}</b>.",
                           scope="Xã Tà Xùa, Sơn La")) in joined.text
        listed = await (await client.get("/desk/admin")).text()
        assert "Huệ" in listed and "Xã Tà Xùa, Sơn La" in listed
        assert f"/desk/admin/officers/{hue.id}/revoke" in listed
    stored = await bot.services.repo.officers.get(hue.id)
    assert stored is not None and stored.scope == Scope(SON_LA, TA_XUA)
    assert await audit_actions(bot) == [(ADMIN_ID, "invitation_created", None),
                                        (hue.id, "officer_joined", hue.id)]


async def test_the_qr_code_is_inline_svg_of_the_link_without_style_or_script(
        bot: RunningBot) -> None:
    async with desk_client(bot) as client:
        csrf = await admin_signed_in(bot, client)
        page, code = await invite_on_the_desk(client, csrf, commune=None)
    svg = re.search(r"<svg.*?</svg>", page, re.S)
    assert svg is not None
    assert "style" not in svg[0].lower() and "script" not in svg[0].lower()
    assert "style=" not in page and "<script>" not in page  # nothing inline on the page
    link = f"https://t.me/ocop_test_bot?start={code}"
    drawn = re.search(r'stroke="#000" d="([^"]+)"', svg[0])
    expected = re.search(r' d="([^"]+)"', segno.make(link, error="m", micro=False).svg_inline())
    assert drawn is not None and expected is not None and drawn[1] == expected[1]
    assert "Sơn La" in html.unescape(page)


async def test_a_withdrawn_invitation_no_longer_works(bot: RunningBot) -> None:
    async with desk_client(bot) as client:
        csrf = await admin_signed_in(bot, client)
        _, code = await invite_on_the_desk(client, csrf)
        pending = await bot.services.repo.officers.pending_invitations()
        assert len(pending) == 1
        path = f"/desk/admin/invitations/{pending[0].id}/withdraw"
        assert path in await (await client.get("/desk/admin")).text()
        done = await client.post(path, data={"csrf": csrf}, allow_redirects=False)
        assert done.status == 303 and done.headers["Location"] == "/desk/admin?done=withdrawn"
        after = await (await client.get("/desk/admin?done=withdrawn")).text()
        assert html.escape(vi("Invitation withdrawn: its code no longer works.")) in after
        assert path not in after
        again = await client.post(path, data={"csrf": csrf}, allow_redirects=False)
        assert again.headers["Location"] == "/desk/admin?done=gone"
    lan = bot.user(first_name="Lan")
    refused = await lan.ask(f"/start {code}")
    assert refused.text == vi("This invitation is not valid: it may have been used already, "
                              "have expired or been withdrawn. Please ask the admin who invited "
                              "you for a new one.")
    assert await bot.services.repo.officers.get(lan.id) is None
    assert (ADMIN_ID, "invitation_withdrawn", None) in await audit_actions(bot)


async def test_a_revoked_officer_is_out_of_the_desk_and_the_chat_at_once(bot: RunningBot
                                                                         ) -> None:
    lan = await officer(bot)
    async with desk_client(bot) as lans, desk_client(bot) as admins:
        await sign_in(lans, bot, lan.id)
        assert (await lans.get("/desk/")).status == 200
        csrf = await admin_signed_in(bot, admins)
        listed = await (await admins.get("/desk/admin")).text()
        assert 'data-confirm="' in listed.split(f"/officers/{lan.id}/revoke")[1][:60]
        done = await admins.post(f"/desk/admin/officers/{lan.id}/revoke", data={"csrf": csrf},
                                 allow_redirects=False)
        assert done.status == 303 and done.headers["Location"] == "/desk/admin?done=revoked"
        sessions = await bot.services.repo.db.fetch_one(
            "SELECT COUNT(*) FROM desk_sessions WHERE user_id = ?", (lan.id,))
        assert sessions is not None and sessions[0] == 0  # ended by the revocation itself
        assert (await lans.get("/desk/")).status == 401
        assert f"/officers/{lan.id}/revoke" not in await (await admins.get("/desk/admin")).text()
    told = await lan.next_reply()
    assert told.text == vi("An admin has ended your OCOP officer role. You can go on using the "
                           "bot as a producer.")
    refusal = await lan.ask("/canbo")
    assert refusal.text == vi("This menu is for OCOP officers. If you are one, ask an admin "
                              "for an invitation.")
    assert (ADMIN_ID, "officer_revoked", lan.id) in await audit_actions(bot)
    assert bot.emu.calls_of("setChatMenuButton") == []  # no WEB_PUBLIC_URL: none was set


async def test_revoking_resets_the_desk_menu_button_and_survives_its_failure(
        tmp_path: Path, emulator: BotApiEmulator) -> None:
    web = WebSettings(port=0, public_url="https://desk.example.vn")
    async with running_bot(tmp_path, emu=emulator, admin_ids=frozenset({ADMIN_ID}),
                           web=web) as bot:
        lan, hue = await officer(bot), await officer(bot, "Huệ")
        async with desk_client(bot) as client:
            csrf = await admin_signed_in_over_http(bot, client)
            await client.post(f"/desk/admin/officers/{lan.id}/revoke", data={"csrf": csrf})
            emulator.fail_next("setChatMenuButton", 400, "Bad Request: chat not found")
            failed = await client.post(f"/desk/admin/officers/{hue.id}/revoke",
                                       data={"csrf": csrf}, allow_redirects=False)
            assert failed.headers["Location"] == "/desk/admin?done=revoked"
        resets = emulator.calls_of("setChatMenuButton")
        buttons = [c.params["menu_button"] for c in resets]
        kinds = [json.loads(b) if isinstance(b, str) else b for b in buttons]
        assert [(c.params["chat_id"], k["type"]) for c, k in zip(resets, kinds, strict=True)
                ] == [(lan.id, "default"), (hue.id, "default")]
        assert resets[1].status == 400
        assert await bot.services.repo.officers.get(hue.id) is None


async def test_posts_without_the_csrf_token_change_nothing(bot: RunningBot) -> None:
    lan = await officer(bot)
    whole_province = {"province": str(SON_LA), "commune": ""}
    async with desk_client(bot) as client:
        csrf = await admin_signed_in(bot, client)
        created = await client.post("/desk/admin/invitations", data=whole_province)
        assert created.status == 403
        revoked = await client.post(f"/desk/admin/officers/{lan.id}/revoke",
                                    data={"csrf": "forged"}, allow_redirects=False)
        assert revoked.status == 403
        other_site = await client.post("/desk/admin/invitations",
                                       data={"csrf": csrf, **whole_province},
                                       headers={"Origin": "https://evil.example"})
        assert other_site.status == 403
        assert await audit_actions(bot) == []
        opaque = await client.post("/desk/admin/invitations",
                                   data={"csrf": csrf, **whole_province},
                                   headers={"Origin": "null"})
        assert opaque.status == 403
    assert await bot.services.repo.officers.get(lan.id) is not None
    assert await audit_actions(bot) == []


async def test_unknown_places_make_no_invitation(bot: RunningBot) -> None:
    async with desk_client(bot) as client:
        csrf = await admin_signed_in(bot, client)
        assert (await client.get("/desk/admin/invitations/new?province=999")).status == 404
        for province, commune in ((str(SON_LA), "1"), ("999", ""), ("x", ""), ("", "")):
            response = await client.post("/desk/admin/invitations", data={
                "csrf": csrf, "province": province, "commune": commune})
            assert response.status == 404, (province, commune)
    assert await bot.services.repo.officers.pending_invitations() == []


async def test_the_audit_log_reads_newest_first_in_pages_and_in_words(bot: RunningBot
                                                                      ) -> None:
    lan = await officer(bot, "<b>Lan</b>")
    repo = bot.services.repo.officers
    for number in range(1, 121):
        await repo.audit(ADMIN_ID, "registration_accepted", number)
    await repo.audit(lan.id, "personal_data_deleted", lan.id, assessments=2, drafts=0)
    await repo.audit(ADMIN_ID, "invitation_withdrawn", None, invitation=7, province=SON_LA,
                     commune=TA_XUA)
    async with desk_client(bot) as client:
        await admin_signed_in(bot, client)
        first = await (await client.get("/desk/admin/audit")).text()
        last = await (await client.get("/desk/admin/audit?page=3")).text()
        beyond = await (await client.get("/desk/admin/audit?page=99")).text()
    assert first.count("<tr>") == 50 + 1 and last.count("<tr>") == 22 + 1
    assert beyond[beyond.index("<main>"):] == last[last.index("<main>"):]  # the last page
    assert first.index(html.escape(vi("Invitation withdrawn"))) < first.index(
        html.escape(vi("Personal data deleted at the person's request")))
    assert html.escape(vi("Area: {area}", area="Xã Tà Xùa, Sơn La")) in first
    assert html.escape(vi("Invitation #{id}", id=7)) in first
    assert f"{html.escape(vi('self-assessments'))}: 2" in first
    assert vi("registration drafts") not in first  # nothing of that kind was deleted
    assert f"&lt;b&gt;Lan&lt;/b&gt; (#{lan.id})" in first and "<b>Lan</b>" not in first
    cell = "<td>{}</td>".format
    assert cell(vi("Registration #{id}", id=120)) in first
    assert cell(vi("Registration #{id}", id=1)) in last
    assert cell(vi("Registration #{id}", id=1)) not in first


async def test_english_pages_with_names_escaped(bot: RunningBot) -> None:
    evil = await officer(bot, '<script>x</script>"Lan')
    async with desk_client(bot) as client:
        csrf = await admin_signed_in(bot, client)
        await client.post("/desk/language", data={"locale": "en", "csrf": csrf,
                                                  "next": "/desk/admin"})
        await invite_on_the_desk(client, csrf)
        overview = await (await client.get("/desk/admin")).text()
        audit = await (await client.get("/desk/admin/audit")).text()
    assert "Officers and invitations" in overview and "Invite an officer" in overview
    assert "Pending invitations: 1" in overview and "Revoke" in overview
    assert "&lt;script&gt;x&lt;/script&gt;&#34;Lan" in overview
    assert "<script>x" not in overview
    assert f"/desk/admin/officers/{evil.id}/revoke" in overview
    assert "Invitation created" in audit and "Area: Xã Tà Xùa, Sơn La" in audit
