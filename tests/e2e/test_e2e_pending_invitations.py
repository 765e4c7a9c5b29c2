"""End to end: admins list pending invitations and withdraw one, whose code then fails."""

from storage.officers import Scope
from tests.support.harness import ADMIN_ID, RunningBot

SON_LA, TA_XUA = 14, 3868
STALE = "This button is no longer valid."
WITHDRAWN = "Invitation withdrawn: its code no longer works."


async def test_a_withdrawn_invitation_cannot_be_redeemed(bot: RunningBot) -> None:
    repo = bot.services.repo
    commune_code = await repo.officers.invite(ADMIN_ID, Scope(SON_LA, TA_XUA))
    province_code = await repo.officers.invite(ADMIN_ID, Scope(SON_LA))
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin", language_code="en")
    opening = await admin.ask("/moicanbo")
    await admin.press("📨 Pending invitations", message_id=opening.message_id)
    pending = await admin.next_reply()
    assert "Pending invitations: 2" in pending.text
    assert "1. Xã Tà Xùa, Sơn La: created" in pending.text
    assert "2. Sơn La (whole province)" in pending.text
    [first, _] = await repo.officers.pending_invitations()
    intruder = bot.user(language_code="en")
    await intruder.ask("/start")
    for data in (f"iv:x:{first.id}", "iv:i:0"):
        query = await intruder.press_data(data)
        assert (await intruder.callback_answer(query))["text"] == STALE
    query = await admin.press("🗑 1. Xã Tà Xùa", message_id=pending.message_id)
    assert (await admin.callback_answer(query))["text"] == WITHDRAWN
    after = await admin.next_reply()
    assert "Pending invitations: 1" in after.text and "Tà Xùa" not in after.text
    again = await admin.press_data(f"iv:x:{first.id}", message_id=pending.message_id)
    assert (await admin.callback_answer(again))["text"] == STALE
    hue, lan = bot.user(language_code="en"), bot.user(language_code="en")
    assert "not valid" in (await hue.ask(f"/start {commune_code}")).text
    assert await repo.officers.get(hue.id) is None
    assert "You are now an OCOP officer" in (await lan.ask(f"/start {province_code}")).text
    assert await repo.officers.pending_invitations() == []
    actions = [r["action"] for r in await repo.db.fetch_all("SELECT action FROM audit_log")]
    assert "invitation_withdrawn" in actions
