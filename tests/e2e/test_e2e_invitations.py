"""End to end: admins invite officers with one-time codes, list and revoke them."""

import re

from storage.officers import Scope
from tests.support.harness import ADMIN_ID, RunningBot

SON_LA, TA_XUA = 14, 3868
STALE = "This button is no longer valid."


async def invite_for_ta_xua(bot: RunningBot) -> str:
    """Drive /moicanbo as the admin down to Xã Tà Xùa; return the code shown."""
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin", language_code="en")
    opening = await admin.ask("/moicanbo")
    assert "province" in opening.text
    provinces = await admin.ask("son la")
    assert "1. Sơn La" in provinces.text
    await admin.press("1. Sơn La")
    assert "whole province" in (await admin.next_reply()).text
    communes = await admin.ask("ta xua")
    await admin.press("1. Xã Tà Xùa")
    created = await admin.next_reply()
    assert "Xã Tà Xùa, Sơn La" in created.text and "until" in created.text
    match = re.search(r"https://t\.me/ocop_test_bot\?start=([\w-]+)", created.text)
    assert match is not None and communes.buttons
    return match.group(1)


async def test_admin_invites_a_commune_officer_who_redeems_the_code_once(
        bot: RunningBot) -> None:
    code = await invite_for_ta_xua(bot)
    repo = bot.services.repo
    hue = bot.user(first_name="Huệ", language_code="en")
    joined = await hue.ask(f"/start {code}")
    assert "You are now an OCOP officer for Xã Tà Xùa, Sơn La" in joined.text
    assert "/officer" in joined.text  # the English alias, for an English reader
    assert "/broadcast" in joined.text and "/stats" in joined.text and "desk" in joined.text
    assert joined.reply_keyboard  # the main menu comes with it…
    assert await hue.collect() == []  # …and not the producer's welcome after it
    officer = await repo.officers.get(hue.id)
    assert officer is not None and officer.scope == Scope(SON_LA, TA_XUA)
    assert (await repo.users.get(hue.id)).role == "officer"  # type: ignore[union-attr]
    menu = [c["command"] for c in bot.emu.commands[(f"chat:{hue.id}", "")]]
    assert {"officer", "stats", "broadcast"} <= set(menu) and "invite" not in menu
    lan = bot.user(first_name="Lan", language_code="en")
    refused = await lan.ask(f"/start {code}")
    assert "not valid" in refused.text and "OCOP assistant" in (await lan.next_reply()).text
    assert await repo.officers.get(lan.id) is None
    assert (await repo.users.get(lan.id)).role == "producer"  # type: ignore[union-attr]
    assert "/officer" not in (await lan.ask("/start")).text


async def test_a_later_start_tells_an_officer_where_the_work_is(bot: RunningBot) -> None:
    hue = bot.user(first_name="Huệ", language_code="en")
    await hue.ask("/start")
    await bot.services.repo.officers.redeem(
        await bot.services.repo.officers.invite(ADMIN_ID, Scope(SON_LA)), hue.id)
    bot.services.repo.users.forget(hue.id)
    welcome = await hue.ask("/start")
    assert "OCOP assistant" in welcome.text and "/officer" in welcome.text
    assert welcome.reply_keyboard


async def test_an_expired_or_unknown_code_is_refused(bot: RunningBot) -> None:
    repo = bot.services.repo
    code = await repo.officers.invite(ADMIN_ID, Scope(SON_LA))
    await repo.db.write("UPDATE invitations SET expires_at = '2020-01-01T00:00:00+00:00'")
    lan = bot.user(language_code="en")
    for text in (f"/start {code}", "/start not-a-code<b>"):
        assert "not valid" in (await lan.ask(text)).text
        assert "OCOP assistant" in (await lan.next_reply()).text
    assert await repo.officers.get(lan.id) is None


async def test_an_admin_redeeming_an_invitation_stays_admin(bot: RunningBot) -> None:
    code = await bot.services.repo.officers.invite(ADMIN_ID, Scope(SON_LA))
    admin = bot.user(user_id=ADMIN_ID, language_code="en")
    assert "Sơn La (whole province)" in (await admin.ask(f"/start {code}")).text
    assert (await bot.services.repo.users.get(ADMIN_ID)).role == "admin"  # type: ignore[union-attr]


async def test_a_producer_cannot_invite_nor_press_invitation_buttons(bot: RunningBot) -> None:
    repo = bot.services.repo
    hue = bot.user(first_name="Huệ", language_code="en")
    await hue.ask("/start")
    await repo.officers.redeem(await repo.officers.invite(ADMIN_ID, Scope(SON_LA)), hue.id)
    lan = bot.user(language_code="en")
    refusal = await lan.ask("/moicanbo")
    assert "for the service's admins" in refusal.text
    assert repo.dialogs.current(lan.id) is None
    for data in (f"iv:w:{SON_LA}", f"iv:c:{SON_LA}:{TA_XUA}", "iv:l:0", f"iv:r:{hue.id}",
                 f"iv:ry:{hue.id}"):
        query = await lan.press_data(data)
        assert (await lan.callback_answer(query))["text"] == STALE
    invitations_made = await repo.db.fetch_one("SELECT COUNT(*) FROM invitations")
    assert invitations_made is not None and invitations_made[0] == 1
    assert await repo.officers.get(hue.id) is not None


async def test_forged_and_stale_admin_buttons_change_nothing(bot: RunningBot) -> None:
    await invite_for_ta_xua(bot)
    admin = bot.user(user_id=ADMIN_ID)
    again = await admin.press_data(f"iv:c:{SON_LA}:{TA_XUA}")  # the invitation is made
    assert (await admin.callback_answer(again))["text"] == STALE
    for data in ("iv:p:999", "iv:c:14:1", "iv:ry:12345", "iv:x", "iv:l:abc", "iv:l:7"):
        query = await admin.press_data(data)
        assert (await admin.callback_answer(query))["text"] == STALE, data
    count = await bot.services.repo.db.fetch_one("SELECT COUNT(*) FROM invitations")
    assert count is not None and count[0] == 1


async def test_admin_lists_officers_and_revokes_one(bot: RunningBot) -> None:
    repo = bot.services.repo
    hue = bot.user(first_name="Huệ", username="hue_canbo", language_code="en")
    await hue.ask("/start")
    await repo.officers.redeem(await repo.officers.invite(ADMIN_ID, Scope(SON_LA, TA_XUA)),
                               hue.id)
    admin = bot.user(user_id=ADMIN_ID, language_code="en")
    await admin.ask("/moicanbo")
    await admin.press("👥 Officers")
    listing = await admin.next_reply()
    assert "1. Huệ @hue_canbo: Xã Tà Xùa, Sơn La" in listing.text
    await admin.press("🚫 1. Huệ")
    assert "Take away the officer role of Huệ" in (await admin.next_reply()).text
    confirm = await admin.press("✅ Yes, revoke")
    assert "no longer an OCOP officer" in (await admin.next_reply()).text
    assert (await admin.callback_answer(confirm))["text"] is None
    assert "ended your OCOP officer role" in (await hue.next_reply()).text
    assert await repo.officers.get(hue.id) is None
    assert (await repo.users.get(hue.id)).role == "producer"  # type: ignore[union-attr]
    assert (f"chat:{hue.id}", "") not in bot.emu.commands
    audit = await repo.db.fetch_one("SELECT actor_id FROM audit_log WHERE action = ?"
                                    " AND subject_id = ?", ("officer_revoked", hue.id))
    assert audit is not None and audit[0] == ADMIN_ID
    stale = await admin.press_data(f"iv:ry:{hue.id}")
    assert (await admin.callback_answer(stale))["text"] == STALE
