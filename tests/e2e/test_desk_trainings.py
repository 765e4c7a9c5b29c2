"""The desk's trainings: created and changed on the web, announced and answered in the chat."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from aiohttp.test_utils import TestClient

from emulator import BotMessage, SimUser
from handlers.trainings.common import VIETNAM
from knowledge import places
from storage.trainings import Training
from storage.users import utcnow
from tests.support.desk import desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import make_officer, place
from tests.support.texts import vi

Client = TestClient[object, object]
EN = {"language_code": "en"}
TITLE = "Tập huấn <OCOP> 2026"


@pytest.fixture
async def bot(fast_bot: RunningBot) -> AsyncIterator[RunningBot]:
    yield fast_bot


def typed(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def codes(commune: str) -> tuple[int, int]:
    return place("son la", commune)


async def officer_of(bot: RunningBot, commune: str | None = None, *,
                     province: str = "son la", **kwargs: str) -> SimUser:
    """An officer of a province (Sơn La), or of one of its communes."""
    user = bot.user(first_name="Cán bộ", **kwargs)
    found = places.search(places.provinces(), province)[0]
    commune_code = place(province, commune)[1] if commune else None
    await make_officer(bot, user, found.code, commune_code)
    return user


async def producer_in(bot: RunningBot, commune: str, name: str) -> SimUser:
    """A producer (English-speaking) with a registration submitted in a commune of Sơn La."""
    user = bot.user(first_name=name, username=name.lower(), **EN)
    await user.ask("/start")
    province, code = codes(commune)
    now = utcnow()
    await bot.services.repo.db.write(
        "INSERT INTO registrations (user_id, status, phone, province_code, commune_code,"
        " created_at, updated_at) VALUES (?, 'submitted', '+84912345678', ?, ?, ?, ?)",
        (user.id, province, code, now, now))
    return user


def form(csrf: str, starts: datetime, **changes: object) -> list[tuple[str, str]]:
    """A complete training form with two classes (Tà Xùa: 1 place; Mường Bú: 30)."""
    fields: dict[str, object] = {
        "csrf": csrf, "title": TITLE, "topics": ["1", "4"], "own_topics": "Thương mại điện tử",
        "starts": typed(starts), "ends": typed(starts + timedelta(days=2)),
        "venue": "Hội trường UBND tỉnh", "audience": "everyone",
        "class-0-name": "Lớp 1 – Tà Xùa", "class-0-communes": [str(codes("ta xua")[1])],
        "class-0-capacity": "1",
        "class-1-name": "Lớp 2 & Mường Bú", "class-1-communes": [str(codes("muong bu")[1])],
        "class-1-capacity": "30", "class-2-name": "", "class-2-capacity": "",
        **changes}
    pairs = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    return pairs


async def create(client: Client, csrf: str, starts: datetime, **changes: object) -> int:
    """Create a training on the desk; return its id."""
    response = await client.post("/desk/trainings/new", data=form(csrf, starts, **changes),
                                 allow_redirects=False)
    assert response.status == 303, await response.text()
    location = response.headers["Location"]
    assert location.startswith("/desk/trainings/")
    return int(location.removeprefix("/desk/trainings/"))


async def training(bot: RunningBot, training_id: int) -> Training:
    found = await bot.services.repo.trainings.get(training_id)
    assert found is not None
    return found


async def announcement(user: SimUser) -> BotMessage:
    """Wait for a training's announcement, with its RSVP buttons."""
    for _ in range(6):
        message = await user.next_reply(timeout=5)
        if any("I will attend" in b.text for b in message.buttons):
            return message
    raise AssertionError("no announcement")


async def listing(user: SimUser) -> BotMessage:
    """/lophoc's first training card."""
    await user.ask("/lophoc")
    return await user.next_reply()


async def test_a_training_created_with_two_classes_is_announced_and_answered_in_the_chat(
        bot: RunningBot) -> None:
    officer = await officer_of(bot)
    pao = await producer_in(bot, "ta xua", "Pao")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        page = await client.get("/desk/trainings/new")
        assert page.status == 200 and "Xã Tà Xùa" in await page.text()
        training_id = await create(client, csrf, datetime.now(UTC) + timedelta(days=3))
        stored = await training(bot, training_id)
        assert stored.status == "planned" and stored.broadcast_id is not None
        broadcast = await bot.services.repo.db.fetch_one(
            "SELECT recipients FROM broadcasts WHERE id = ?", (stored.broadcast_id,))
        assert broadcast is not None and broadcast["recipients"] >= 2  # Pao and the officer
        told = bot.services.i18n.get("vi").plural(
            "📣 Saved and announced to {n} person; the sending progress follows in Telegram.",
            "📣 Saved and announced to {n} people; the sending progress follows in Telegram.",
            broadcast["recipients"])
        shown = await (await client.get(f"/desk/trainings/{training_id}")).text()
        assert told in shown  # told once, after the redirect
        assert told not in await (await client.get(f"/desk/trainings/{training_id}")).text()
        assert stored.topics == (1, 4, "Thương mại điện tử")
        assert [(k.name, k.communes, k.capacity) for k in stored.classes] == [
            ("Lớp 1 – Tà Xùa", (codes("ta xua")[1],), 1),
            ("Lớp 2 & Mường Bú", (codes("muong bu")[1],), 30)]
        assert TITLE in (await announcement(pao)).text
        card = await listing(pao)
        assert TITLE in card.text and "Your class: Lớp 1 – Tà Xùa" in card.text
        await pao.press("✅ I will attend")
        assert "Your class: Lớp 1 – Tà Xùa" in (await pao.next_reply()).text
        detail = await (await client.get(f"/desk/trainings/{training_id}")).text()
        assert "Pao" in detail and "@pao" in detail and "0912345678" in detail
        listed = await (await client.get("/desk/trainings")).text()
        assert f'href="/desk/trainings/{training_id}"' in listed


async def test_rsvps_made_in_the_chat_show_on_the_desk_and_in_both_exports(
        bot: RunningBot) -> None:
    officer = await officer_of(bot)
    pao = await producer_in(bot, "ta xua", "Pao")
    bu = await producer_in(bot, "muong bu", "Bu")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        training_id = await create(client, csrf, datetime.now(UTC) + timedelta(days=3))
        for user in (pao, bu):
            await announcement(user)
        await pao.press("✅ I will attend")
        await pao.next_reply()
        await bu.press("❌ I will not attend")
        await bu.next_reply()
        detail = await (await client.get(f"/desk/trainings/{training_id}")).text()
        assert vi("%(taken)s of %(places)s places", taken=1, places=1) in detail
        assert detail.index("Pao") < detail.index("Bu")  # attending first, as the chat exports
        workbook = await client.get(f"/desk/trainings/{training_id}/attendees.xlsx")
        assert workbook.status == 200
        assert "attachment" in workbook.headers["Content-Disposition"]
        sheet = openpyxl.load_workbook(io.BytesIO(await workbook.read())).active
        assert sheet is not None
        rows = [[c.value for c in row][:6] for row in sheet.iter_rows(min_row=2)]
        assert rows == [
            ["Pao", "@pao", "0912345678", "Xã Tà Xùa", "Lớp 1 – Tà Xùa", vi("Attending")],
            ["Bu", "@bu", "0912345678", "Xã Mường Bú", None, vi("Not attending")]]
        text = (await (await client.get(f"/desk/trainings/{training_id}/attendees.csv")).read()
                ).decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
        assert lines[0][0] == vi("Name") and lines[1][:2] == ["Pao", "'@pao"]
        assert lines[1][4] == "Lớp 1 – Tà Xùa" and lines[2][5] == vi("Not attending")


async def test_a_change_is_saved_its_reminders_follow_and_attendees_are_told(
        bot: RunningBot) -> None:
    officer = await officer_of(bot)
    pao = await producer_in(bot, "ta xua", "Pao")
    starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=3)
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        training_id = await create(client, csrf, starts)
        await announcement(pao)
        await pao.press("✅ I will attend")
        await pao.next_reply()
        edit_page = await (await client.get(f"/desk/trainings/{training_id}/edit")).text()
        assert "Hội trường UBND tỉnh" in edit_page and typed(starts) in edit_page
        stored = await training(bot, training_id)
        later = starts + timedelta(days=7)
        changes = {f"class-{i}-id": str(k.id) for i, k in enumerate(stored.classes)}
        response = await client.post(
            f"/desk/trainings/{training_id}/edit", allow_redirects=False,
            data=form(csrf, later, venue="Nhà văn hoá xã Tà Xùa", **changes))
        assert response.status == 303
        assert response.headers["Location"] == f"/desk/trainings/{training_id}"
        changed = await training(bot, training_id)
        assert changed.venue == "Nhà văn hoá xã Tà Xùa" and changed.starts_at == later
        assert [k.id for k in changed.classes] == [k.id for k in stored.classes]
        told = await pao.next_reply(timeout=5)
        assert "has changed" in told.text and "Nhà văn hoá xã Tà Xùa" in told.text
        assert "Nhà văn hoá xã Tà Xùa" in (await listing(pao)).text
        rows = await bot.services.repo.db.fetch_all(
            "SELECT kind, due_at FROM training_reminders WHERE training_id = ? ORDER BY kind",
            (training_id,))
        assert [(r["kind"], datetime.fromisoformat(r["due_at"])) for r in rows] == [
            ("day_before", later - timedelta(days=1)), ("hour_before", later - timedelta(hours=1))]


async def test_an_invalid_date_is_refused_kindly_and_nothing_is_saved(bot: RunningBot) -> None:
    officer = await officer_of(bot)
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        fields = form(csrf, datetime.now(UTC) + timedelta(days=3))
        fields = [(k, "31/02/2027 08:00" if k == "starts" else v) for k, v in fields]
        response = await client.post("/desk/trainings/new", data=fields)
        html = await response.text()
        assert response.status == 400
        assert vi("{moment} does not exist on the calendar. Please check the day, the month "
                  "and the time.", moment="31/02/2027 08:00") in html
        assert 'value="31/02/2027 08:00"' in html and "Hội trường UBND tỉnh" in html
        past = form(csrf, datetime.now(UTC) - timedelta(days=1))
        html = await (await client.post("/desk/trainings/new", data=past)).text()
        assert vi("That moment has passed. Please type a date to come.") in html
        rows = await bot.services.repo.db.fetch_all("SELECT id FROM trainings")
        assert rows == []


async def test_classes_keep_their_communes_and_attendees(bot: RunningBot) -> None:
    officer = await officer_of(bot)
    pao = await producer_in(bot, "ta xua", "Pao")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        starts = datetime.now(UTC) + timedelta(days=3)
        twice = form(csrf, starts, **{"class-1-communes": [str(codes("ta xua")[1])]})
        html = await (await client.post("/desk/trainings/new", data=twice)).text()
        assert vi("{commune} is already in “{name}”.", commune="Xã Tà Xùa",
                  name="Lớp 1 – Tà Xùa") in html
        training_id = await create(client, csrf, starts)
        await announcement(pao)
        await pao.press("✅ I will attend")
        await pao.next_reply()
        first = (await training(bot, training_id)).classes[0]
        removed = form(csrf, starts, **{"class-0-id": str(first.id), "class-0-remove": "1"})
        response = await client.post(f"/desk/trainings/{training_id}/edit", data=removed)
        assert response.status == 400
        assert vi("People attend “{name}”: it cannot be removed.", name=first.name) \
            in await response.text()
        dropped = [(k, v) for k, v in form(csrf, starts) if not k.startswith("class-0")]
        response = await client.post(f"/desk/trainings/{training_id}/edit", data=dropped)
        assert response.status == 400
        assert len((await training(bot, training_id)).classes) == 2


async def test_an_officer_manages_only_what_the_chat_lets_them(bot: RunningBot) -> None:
    creator = await officer_of(bot)
    bu_officer = await officer_of(bot, "muong bu")  # Mường Bú has a class: the chat's rule
    stranger = await officer_of(bot, province="ha noi")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, creator.id)
        training_id = await create(client, csrf, datetime.now(UTC) + timedelta(days=3))
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, stranger.id)
        base = f"/desk/trainings/{training_id}"
        for path in (base, f"{base}/edit", f"{base}/attendees.xlsx", f"{base}/attendees.csv"):
            assert (await client.get(path)).status == 403, path
        edit = await client.post(f"{base}/edit", data=form(
            csrf, datetime.now(UTC) + timedelta(days=4), title="Đổi tên"))
        assert edit.status == 403
        assert (await client.post(f"{base}/cancel", data={"csrf": csrf})).status == 403
        assert f'href="{base}"' not in await (await client.get("/desk/trainings")).text()
        assert (await training(bot, training_id)).title == TITLE
        assert (await training(bot, training_id)).status == "planned"
    async with desk_client(bot) as client:
        await sign_in(client, bot, bu_officer.id)
        assert (await client.get(f"/desk/trainings/{training_id}")).status == 200
        assert f'href="/desk/trainings/{training_id}"' in await (
            await client.get("/desk/trainings")).text()


async def test_a_post_without_the_csrf_token_is_refused(bot: RunningBot) -> None:
    officer = await officer_of(bot)
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        fields = [(k, v) for k, v in form(csrf, datetime.now(UTC) + timedelta(days=3))
                  if k != "csrf"]
        assert (await client.post("/desk/trainings/new", data=fields)).status == 403
        assert await bot.services.repo.db.fetch_all("SELECT id FROM trainings") == []


async def test_cancelling_on_the_desk_tells_those_who_accepted(bot: RunningBot) -> None:
    officer = await officer_of(bot)
    pao = await producer_in(bot, "ta xua", "Pao")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        training_id = await create(client, csrf, datetime.now(UTC) + timedelta(days=3))
        await announcement(pao)
        await pao.press("✅ I will attend")
        await pao.next_reply()
        response = await client.post(f"/desk/trainings/{training_id}/cancel",
                                     data={"csrf": csrf}, allow_redirects=False)
        assert response.status == 303
        assert "is cancelled" in (await pao.next_reply(timeout=5)).text
        assert (await training(bot, training_id)).status == "cancelled"
        edit = await client.get(f"/desk/trainings/{training_id}/edit")
        assert edit.status == 409


async def test_an_admin_chooses_the_province_first(bot: RunningBot) -> None:
    admin = bot.user(user_id=ADMIN_ID, first_name="Admin")
    await admin.ask("/start")
    province, _ = codes("ta xua")
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, ADMIN_ID)
        chooser = await (await client.get("/desk/trainings/new")).text()
        assert 'name="province"' in chooser and 'name="title"' not in chooser
        filled = await (await client.get(f"/desk/trainings/new?province={province}")).text()
        assert "Xã Mường Bú" in filled and 'name="title"' in filled
        training_id = await create(client, csrf, datetime.now(UTC) + timedelta(days=3),
                                   province=str(province))
        stored = await training(bot, training_id)
        assert (stored.province_code, stored.commune_code, stored.creator_id) == (
            province, None, ADMIN_ID)


async def test_pages_render_in_english_and_escape_what_people_typed(bot: RunningBot) -> None:
    officer = await officer_of(bot, **EN)
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        training_id = await create(client, csrf, datetime.now(UTC) + timedelta(days=3),
                                   title="<b>x</b>", **{"class-0-name": "<i>Lớp</i>"})
        listed = await (await client.get("/desk/trainings")).text()
        assert "New training" in listed and "Upcoming" in listed
        assert "&lt;b&gt;x&lt;/b&gt;" in listed and "<b>x</b>" not in listed
        detail = await (await client.get(f"/desk/trainings/{training_id}")).text()
        assert "Attendees" in detail and "&lt;i&gt;Lớp&lt;/i&gt;" in detail
        assert "<i>Lớp</i>" not in detail
        edit = await (await client.get(f"/desk/trainings/{training_id}/edit")).text()
        assert "Save the changes" in edit and 'value="&lt;b&gt;x&lt;/b&gt;"' in edit


async def test_each_recipient_reads_the_announcement_in_their_own_language(
        bot: RunningBot) -> None:
    officer = await officer_of(bot)  # Vietnamese
    pao = await producer_in(bot, "ta xua", "Pao")  # English
    vang = bot.user(first_name="Vàng", language_code="vi")
    await vang.ask("/start")
    province, code = codes("ta xua")
    await bot.services.repo.db.write(
        "INSERT INTO registrations (user_id, status, phone, province_code, commune_code,"
        " created_at, updated_at) VALUES (?, 'submitted', '+84912345678', ?, ?, ?, ?)",
        (vang.id, province, code, utcnow(), utcnow()))
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        await create(client, csrf, datetime.now(UTC) + timedelta(days=3))
    english = (await announcement(pao)).text
    assert "Topics:" in english and "Basic concepts of OCOP" in english
    assert "/trainings" in english and vi("Topics") not in english
    vietnamese = await announcement_vi(vang)
    assert vi("Topics") + ":" in vietnamese and vi("Basic concepts of OCOP") in vietnamese
    assert "Topics:" not in vietnamese and TITLE in vietnamese


async def announcement_vi(user: SimUser) -> str:
    """A Vietnamese-speaking recipient's copy of a training's announcement."""
    for _ in range(6):
        message = await user.next_reply(timeout=5)
        if any(vi("✅ I will attend") in b.text for b in message.buttons):
            return message.text
    raise AssertionError("no announcement")


async def test_an_empty_or_emoji_title_is_refused_with_its_own_words(bot: RunningBot) -> None:
    officer = await officer_of(bot)
    async with desk_client(bot) as client:
        csrf = await sign_in(client, bot, officer.id)
        starts = datetime.now(UTC) + timedelta(days=3)
        empty = await client.post("/desk/trainings/new", data=form(csrf, starts, title=" "))
        html = await empty.text()
        assert empty.status == 400 and "Bạn vui lòng nhập tên đợt tập huấn." in html
        assert vi("Please type it on one line, at most {n} characters.", n=200) not in html
        emoji = await client.post("/desk/trainings/new", data=form(csrf, starts, title="😀"))
        assert emoji.status == 400 and vi(
            "Please type a title with letters or digits, not only emoji or signs.") \
            in await emoji.text()
        impossible = [(k, "32/13/2026 25:00" if k == "starts" else v)
                      for k, v in form(csrf, starts)]
        assert vi("{moment} does not exist on the calendar. Please check the day, the month "
                  "and the time.", moment="32/13/2026 25:00") in await (
            await client.post("/desk/trainings/new", data=impossible)).text()
        assert await bot.services.repo.db.fetch_all("SELECT id FROM trainings") == []
