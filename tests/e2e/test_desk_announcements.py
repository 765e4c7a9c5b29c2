"""The desk's announcements: compose with the chat's count and preview, send through the
delivery engine once however often one clicks, watch it finish, cancel it; scope and CSRF."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from announcements import Audience, create_announcement
from emulator import SimUser
from emulator.sim import TINY_PNG
from storage.officers import Scope
from storage.trainings import Step as TrainingStep
from storage.users import utcnow
from tests.support.broadcast import (
    announcements_to,
    broadcasts,
    compose,
    copies,
    seed,
    subscribers,
    summary_after,
)
from tests.support.desk import desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import make_officer
from tests.support.texts import vi

SON_LA, TA_XUA, CHIENG_AN, LAI_CHAU = 14, 3868, 3667, 12
HERE, ELSEWHERE, FAR = [601, 602, 603], [611, 612], [621]
Client = TestClient[Any, Any]


async def people(bot: RunningBot) -> dict[int, SimUser]:
    """Producers in Tà Xùa and Chiềng An (Sơn La) and one in Lai Châu, speaking English."""
    db = bot.services.repo.db
    await seed(db, HERE, place=(SON_LA, TA_XUA))
    await seed(db, ELSEWHERE, place=(SON_LA, CHIENG_AN))
    await seed(db, FAR, place=(LAI_CHAU, 1))
    return {i: bot.user(user_id=i, language_code="en") for i in HERE + ELSEWHERE + FAR}


async def officer(bot: RunningBot, commune: int | None, language: str = "en") -> SimUser:
    user = bot.user(language_code=language, first_name="Lan")
    await make_officer(bot, user, SON_LA, commune)
    return user


async def admin(bot: RunningBot) -> SimUser:
    user = bot.user(user_id=ADMIN_ID, language_code="en", first_name="Admin")
    await user.ask("/start")
    return user


async def compose_on_desk(client: Client, csrf: str, text: str, **audience: Any) -> Any:
    fields = {"csrf": csrf, "text": text, "kind": "producers", "province": "", "commune": "",
              **audience}
    return await client.post("/desk/announcements", data=fields, allow_redirects=False)


def created_id(response: Any) -> int:
    assert response.status == 303, response.status
    return int(response.headers["Location"].rsplit("/", 1)[1])


async def finished(client: Client, announcement_id: int) -> dict[str, Any]:
    """The progress the page's script polls, once the announcement is no longer sending."""
    async with asyncio.timeout(20):
        while True:
            response = await client.get(f"/desk/api/announcements/{announcement_id}/progress")
            progress: dict[str, Any] = await response.json()
            if progress["status"] != "sending":
                return progress
            await asyncio.sleep(0.1)


async def count(client: Client, query: str) -> Any:
    return await client.get(f"/desk/api/announcements/count?{query}")


async def test_compose_count_as_the_chat_send_once_and_watch_it_finish(
        paced_bot: RunningBot) -> None:
    bot = paced_bot
    recipients = await people(bot)
    lan = await officer(bot, None)
    await compose(lan, "Họp tổ hợp tác", "2.")  # the chat's composer: producers …
    assert "In all of Sơn La" in (await lan.next_reply()).text
    in_chat = await summary_after(lan, "📍")  # … in all of Sơn La
    assert "Recipients now: 5" in in_chat
    await lan.press("🗑")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, lan.id)
        assert (await (await count(client, "kind=producers")).json())["count"] == 5
        commune = await (await count(client, f"kind=producers&commune={TA_XUA}")).json()
        assert commune["count"] == 3 and "Recipients now: 3" in commune["html"]

        announcement_id = created_id(await compose_on_desk(client, csrf, "Họp <b>tổ</b> & chợ"))
        page = await (await client.get(f"/desk/announcements/{announcement_id}")).text()
        assert "Send to 5 people" in page and "Xã Tà Xùa" not in page
        assert "<strong>OCOP announcement</strong>" in page
        assert "Họp &lt;b&gt;tổ&lt;/b&gt; &amp; chợ" in page and "<b>tổ" not in page
        assert "🔕 Stop announcements" in page  # the button under every announcement

        send = f"/desk/announcements/{announcement_id}/send"
        clicks = await asyncio.gather(*(client.post(send, data={"csrf": csrf},
                                                    allow_redirects=False) for _ in range(3)))
        assert [click.status for click in clicks] == [303, 303, 303]
        progress = await finished(client, announcement_id)
        assert progress["status"] == "done" and progress["done"] == progress["total"] == 5
        report = await (await client.get(f"/desk/announcements/{announcement_id}")).text()
        assert "Delivered: 5" in report and "finished" in report
    assert await broadcasts(bot).counts(announcement_id) == {"sent": 5}
    assert announcements_to(recipients.values()) == {601: 1, 602: 1, 603: 1, 611: 1, 612: 1,
                                                     621: 0}
    received = recipients[601].last
    assert received is not None and "Họp <b>tổ</b> & chợ" in received.text
    async with asyncio.timeout(10):  # the chat's report, as from /thongbao, follows the last copy
        while not any("finished" in m.text for m in lan.messages):
            await asyncio.sleep(0.02)


async def test_the_sender_cancels_and_the_rest_stays_unsent(fast_bot: RunningBot) -> None:
    ids, _ = await subscribers(fast_bot, 200)
    await admin(fast_bot)
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, ADMIN_ID)
        announcement_id = created_id(await compose_on_desk(client, csrf, "Sắp có lớp học"))
        sent = await client.post(f"/desk/announcements/{announcement_id}/send",
                                 data={"csrf": csrf}, allow_redirects=False)
        assert sent.status == 303
        async with asyncio.timeout(10):
            while sum(copies(fast_bot.emu, ids).values()) < 20:
                await asyncio.sleep(0.05)
        page = await (await client.get(f"/desk/announcements/{announcement_id}")).text()
        assert 'id="progress"' in page and "Cancel sending" in page
        cancelled = await client.post(f"/desk/announcements/{announcement_id}/cancel",
                                      data={"csrf": csrf}, allow_redirects=False)
        assert cancelled.status == 303
        assert (await finished(client, announcement_id))["status"] == "cancelled"
        # A copy already handed to Telegram when the sender cancelled finishes on its own.
        async with asyncio.timeout(10):
            while (counts := await broadcasts(fast_bot).counts(announcement_id)).get("sending"):
                await asyncio.sleep(0.05)
        report = await (await client.get(f"/desk/announcements/{announcement_id}")).text()
    assert counts["pending"] > 100 and counts.get("sending", 0) == 0
    assert f"Not sent (cancelled): {counts['pending']}" in report
    await asyncio.sleep(0.3)
    assert sum(copies(fast_bot.emu, ids).values()) == counts["sent"]


async def test_an_officer_cannot_reach_outside_their_scope(fast_bot: RunningBot) -> None:
    await people(fast_bot)
    lan = await officer(fast_bot, TA_XUA)
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, lan.id)
        assert (await (await count(client, "kind=producers")).json())["count"] == 3
        for forged in (f"province={LAI_CHAU}", f"province={SON_LA}&commune={CHIENG_AN}",
                       "kind=training&training=999"):
            query = forged if forged.startswith("kind") else f"kind=producers&{forged}"
            assert (await count(client, query)).status == 403, forged
            created = await compose_on_desk(client, csrf, "x", **dict(
                pair.split("=") for pair in query.split("&")))
            assert created.status == 403, forged
        assert (await count(client, "kind=bogus")).status == 400
        assert await fast_bot.services.repo.db.fetch_one("SELECT id FROM broadcasts") is None
        created = await compose_on_desk(client, csrf, "Trong xã", province=str(SON_LA),
                                        commune=str(TA_XUA))
        assert created.status == 303


async def test_officers_see_and_control_only_their_own(fast_bot: RunningBot) -> None:
    await people(fast_bot)
    await admin(fast_bot)
    lan, minh = await officer(fast_bot, TA_XUA), await officer(fast_bot, None)
    repo = fast_bot.services.repo
    theirs = [await create_announcement(repo, ADMIN_ID, "Của admin", Audience("producers")),
              await create_announcement(repo, minh.id, "Của tỉnh", Audience("producers"))]
    mine = await create_announcement(repo, lan.id, "Của xã", Audience("producers"))
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, lan.id)
        listed = await (await client.get("/desk/announcements")).text()
        assert "Của xã" in listed and "Của admin" not in listed and "Của tỉnh" not in listed
        for other in theirs:
            for path in ("", "/edit", "/photo"):
                assert (await client.get(f"/desk/announcements/{other}{path}")).status == 403
            assert (await client.get(f"/desk/api/announcements/{other}/progress")).status == 403
            for action in ("send", "cancel", "discard"):
                response = await client.post(f"/desk/announcements/{other}/{action}",
                                             data={"csrf": csrf}, allow_redirects=False)
                assert response.status == 403, action
        assert (await client.get(f"/desk/announcements/{mine}")).status == 200
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, ADMIN_ID)
        listed = await (await client.get("/desk/announcements")).text()
        assert all(text in listed for text in ("Của xã", "Của admin", "Của tỉnh"))
    assert [(await broadcasts(fast_bot).get(i)).status for i in theirs] == ["draft", "draft"]  # type: ignore[union-attr]


async def test_no_session_no_count_and_no_csrf_no_post(fast_bot: RunningBot) -> None:
    await people(fast_bot)
    lan = await officer(fast_bot, None)
    async with desk_client(fast_bot) as client:
        anonymous = await count(client, "kind=producers")
        assert anonymous.status == 401 and await anonymous.json() == {"error": "unauthorized"}
        assert (await client.get("/desk/announcements")).status == 401
        csrf = await sign_in(client, fast_bot, lan.id)
        without = await client.post("/desk/announcements", data={"text": "x", "kind": "producers"},
                                    allow_redirects=False)
        assert without.status == 403
        assert await fast_bot.services.repo.db.fetch_one("SELECT id FROM broadcasts") is None
        announcement_id = created_id(await compose_on_desk(client, csrf, "Họp"))
        for action in ("send", "discard", "edit"):
            response = await client.post(f"/desk/announcements/{announcement_id}/{action}",
                                         data={"text": "y"}, allow_redirects=False)
            assert response.status == 403, action
        preview = await client.post("/desk/api/announcements/preview", json={"text": "x"})
        assert preview.status == 403
    draft = await broadcasts(fast_bot).get(announcement_id)
    assert draft is not None and draft.status == "draft" and draft.text == "Họp"


async def test_the_live_preview_escapes_the_text(fast_bot: RunningBot) -> None:
    lan = await officer(fast_bot, None)
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, lan.id)
        response = await client.post(
            "/desk/api/announcements/preview", headers={"X-CSRF-Token": csrf},
            json={"text": '<script>alert(1)</script> & <a href="javascript:x">y</a>'})
        assert response.status == 200
        html = (await response.json())["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;a href=" in html
    assert "<script" not in html and "<a " not in html
    assert "<strong>OCOP announcement</strong>" in html and "🔕 Stop announcements" in html


async def test_pages_in_vietnamese_and_english(fast_bot: RunningBot) -> None:
    hoa = await officer(fast_bot, TA_XUA, language="vi")
    lan = await officer(fast_bot, None)
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, hoa.id)
        page = await (await client.get("/desk/announcements/new")).text()
        assert vi("New announcement") in page and vi("Check before sending") in page
        assert "Xã Tà Xùa, Sơn La" in page and 'name="province"' not in page
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, lan.id)
        page = await (await client.get("/desk/announcements/new")).text()
        assert "New announcement" in page and "Who should receive it?" in page
        assert 'name="commune"' in page and 'name="province"' not in page  # Sơn La is fixed
        assert "Xã Tà Xùa" in page and "Recipients now:" in page


async def test_a_photo_goes_with_the_announcement(fast_bot: RunningBot) -> None:
    recipients = await people(fast_bot)
    lan = await officer(fast_bot, TA_XUA)
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, lan.id)
        not_a_photo = await client.post("/desk/announcements", data=_with_file(
            csrf, b"%PDF-1.4 not a picture"), allow_redirects=False)
        assert not_a_photo.status == 400 and "not a photo" in await not_a_photo.text()
        announcement_id = created_id(await client.post(
            "/desk/announcements", data=_with_file(csrf, TINY_PNG), allow_redirects=False))
        kept = lan.last
        assert kept is not None and kept.kind == "photo"  # Telegram keeps it for the desk
        picture = await client.get(f"/desk/announcements/{announcement_id}/photo")
        assert picture.content_type == "image/png" and await picture.read() == TINY_PNG
        await client.post(f"/desk/announcements/{announcement_id}/send", data={"csrf": csrf},
                          allow_redirects=False)
        assert (await finished(client, announcement_id))["status"] == "done"
    copy = recipients[601].last
    assert copy is not None and copy.kind == "photo" and "Ảnh lớp học" in copy.text
    assert announcements_to(recipients.values())[611] == 0


def _with_file(csrf: str, data: bytes) -> FormData:
    form = FormData()
    for name, value in (("csrf", csrf), ("text", "Ảnh lớp học"), ("kind", "producers")):
        form.add_field(name, value)
    form.add_field("photo", data, filename="lop.png", content_type="image/png")
    return form


async def test_a_draft_is_changed_then_discarded(fast_bot: RunningBot) -> None:
    await people(fast_bot)
    lan = await officer(fast_bot, None)
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, lan.id)
        announcement_id = created_id(await compose_on_desk(client, csrf, "Lần đầu"))
        form = await (await client.get(f"/desk/announcements/{announcement_id}/edit")).text()
        assert "Lần đầu" in form
        changed = await client.post(f"/desk/announcements/{announcement_id}/edit", data={
            "csrf": csrf, "text": "Lần hai", "kind": "producers", "commune": str(CHIENG_AN)},
            allow_redirects=False)
        assert changed.status == 303
        draft = await broadcasts(fast_bot).get(announcement_id)
        assert draft is not None and draft.text == "Lần hai"
        assert draft.audience == Audience("producers", SON_LA, CHIENG_AN)
        page = await (await client.get(f"/desk/announcements/{announcement_id}")).text()
        assert "Send to 2 people" in page
        gone = await client.post(f"/desk/announcements/{announcement_id}/discard",
                                 data={"csrf": csrf}, allow_redirects=False)
        assert gone.status == 303
    assert await broadcasts(fast_bot).get(announcement_id) is None


async def test_a_trainings_participants_are_an_audience(fast_bot: RunningBot) -> None:
    await people(fast_bot)
    lan = await officer(fast_bot, None)
    training = await _training_with_answers(fast_bot, lan.id, yes=[601, 611], no=[602])
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, lan.id)
        form = await (await client.get("/desk/announcements/new")).text()
        assert "Those who accepted a training" in form and "Sấy chè" in form
        answered = await count(client, f"kind=training&training={training}")
        assert (await answered.json())["count"] == 2
        announcement_id = created_id(await compose_on_desk(
            client, csrf, "Nhớ mang giấy tờ", kind="training", training=str(training)))
        page = await (await client.get(f"/desk/announcements/{announcement_id}")).text()
        assert "Those who accepted a training · Sấy chè" in page and "Send to 2 people" in page


async def _training_with_answers(bot: RunningBot, creator: int, yes: list[int],
                                 no: list[int]) -> int:
    """A planned training in Sơn La next week, answered yes by `yes` and no by `no`."""
    repo = bot.services.repo.trainings
    training = await repo.create_draft(creator, Scope(SON_LA), TrainingStep.TITLE)
    start = datetime.now(UTC) + timedelta(days=7)
    await repo.update(training.id, title="Sấy chè", starts_at=start,
                      ends_at=start + timedelta(hours=8), venue="Nhà văn hóa",
                      audience="producers")
    assert await repo.publish(training.id)
    for user_id, answer in [*((i, "yes") for i in yes), *((i, "no") for i in no)]:
        await bot.services.repo.db.write(
            "INSERT INTO training_rsvps (training_id, user_id, answer, answered_at)"
            " VALUES (?, ?, ?, ?)", (training.id, user_id, answer, utcnow()))
    return training.id


async def test_a_single_recipient_is_counted_in_the_singular(fast_bot: RunningBot) -> None:
    lan = await officer(fast_bot, TA_XUA)
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, lan.id)
        only = await (await count(client, "kind=officers")).json()
    assert only["count"] == 1
    assert "Only 1 person will receive it" in only["html"] and "1 people" not in only["html"]
