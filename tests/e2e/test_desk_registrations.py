"""The desk's registrations list: filters, search by form, pages, scope, exports, deadlines."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta

from aiohttp.test_utils import TestClient
from openpyxl import load_workbook

from core.vietnam_time import VIETNAM, vietnam_today
from knowledge import places
from knowledge.deadlines import DeadlineState, commune_deadline, deadline_state
from tests.support.desk import desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import make_officer, place
from tests.support.texts import vi

Client = TestClient[object, object]
SON_LA, TA_XUA = place("son la", "ta xua")
_, MUONG_BU = place("son la", "muong bu")
OTHER_PROVINCE = place("lao cai", "sa pa")[0]
OTHER_COMMUNE = places.communes(OTHER_PROVINCE)[0].code
MAY_22 = "2026-05-21T18:30:00+00:00"  # Friday 22/5/2026 in Vietnam
LINK = re.compile(r'href="/desk/registrations/(\d+)"')


async def add(bot: RunningBot, *, status: str = "submitted", province: int = SON_LA,
              commune: int = TA_XUA, product: str = "Chè Shan tuyết", org: str = "HTX Tà Xùa",
              sheet: int = 11, kind: str = "first", submitted: str = MAY_22) -> int:
    """Store one submitted registration directly; return its id."""
    row = await bot.services.repo.db.write(
        "INSERT INTO registrations (status, org_type, org_name, province_code, commune_code,"
        " product_name, sheet, kind, created_at, updated_at, submitted_at)"
        " VALUES (?, 'cooperative', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (status, org, province, commune, product, sheet, kind, submitted, submitted, submitted))
    assert row is not None
    return int(row["id"])


async def signed_in_officer(bot: RunningBot, client: Client, commune: int | None) -> str:
    """Sign in an officer of Sơn La (one commune of it, or the whole province); the CSRF."""
    officer = bot.user(first_name="Lan")
    await make_officer(bot, officer, SON_LA, commune)
    return await sign_in(client, bot, officer.id)


async def signed_in_admin(bot: RunningBot, client: Client) -> str:
    await bot.user(user_id=ADMIN_ID, first_name="Admin").ask("/start")
    return await sign_in(client, bot, ADMIN_ID)


async def listed(client: Client, address: str) -> list[int]:
    """The registration ids a list page shows, in its order."""
    response = await client.get(address)
    assert response.status == 200, await response.text()
    return ids_in(await response.text())


def ids_in(html: str) -> list[int]:
    return list(dict.fromkeys(int(found) for found in LINK.findall(html)))


def iso(day: date) -> str:
    """Noon of `day` in Vietnam, stored as storage stores it (UTC)."""
    return datetime.combine(day, time(12), VIETNAM).astimezone(UTC).isoformat(timespec="seconds")


async def test_the_filters_narrow_the_list(bot: RunningBot) -> None:
    first = await add(bot)
    accepted = await add(bot, status="accepted", submitted="2026-05-01T03:00:00+00:00")
    muong_bu = await add(bot, commune=MUONG_BU, sheet=2, kind="upgrade",
                         submitted="2026-06-01T03:00:00+00:00")
    draft = await add(bot, status="draft")
    elsewhere = await add(bot, province=OTHER_PROVINCE, commune=OTHER_COMMUNE)
    async with desk_client(bot) as client:
        await signed_in_officer(bot, client, None)
        everything = await listed(client, "/desk/registrations")
        assert everything == [muong_bu, first, accepted]  # newest first; no draft, no Lào Cai
        assert draft not in everything and elsewhere not in everything
        assert await listed(client, "/desk/registrations?status=accepted") == [accepted]
        assert await listed(client, f"/desk/registrations?commune={MUONG_BU}") == [muong_bu]
        assert await listed(client, "/desk/registrations?sheet=2") == [muong_bu]
        assert await listed(client, "/desk/registrations?kind=upgrade") == [muong_bu]
        assert await listed(client, "/desk/registrations?sort=oldest") == [
            accepted, first, muong_bu]
        # Dates are Vietnam's: 18:30 UTC on 21/5 is already the 22nd there.
        assert await listed(client, "/desk/registrations?from=2026-05-22&to=2026-05-22") == [
            first]
        assert await listed(client, "/desk/registrations?to=2026-05-21") == [accepted]
        assert await listed(
            client, f"/desk/registrations?status=submitted&commune={TA_XUA}&sheet=11") == [first]
        # Odd values are ignored rather than failing.
        assert await listed(client, "/desk/registrations?status=draft&sheet=99&from=x") == (
            everything)


async def test_the_search_goes_by_form_and_never_into_an_address(bot: RunningBot) -> None:
    tea = await add(bot, product="Chè Shan tuyết cổ thụ", org="HTX Tà Xùa")
    honey = await add(bot, product="Mật ong bạc hà", org="Đặc sản Đồng Văn")
    await add(bot, product="Gạo nếp", org="Tổ hợp tác Mường Bú", commune=MUONG_BU)
    async with desk_client(bot) as client:
        csrf = await signed_in_officer(bot, client, None)
        for words, expected in (("che shan", [tea]), ("CHÈ", [tea]), ("dac san dong", [honey]),
                                ("Đặc sản", [honey]), ("tà xùa chè", [tea]), ("xyz", []),
                                ("chè xyz", [])):
            response = await client.post("/desk/registrations",
                                         data={"csrf": csrf, "q": words})
            assert response.status == 200
            html = await response.text()
            assert ids_in(html) == expected, words
            assert words not in str(response.url) and not response.history
            addresses = re.findall(r'(?:href|action)="([^"]*)"', html)
            assert addresses and not [a for a in addresses if "q=" in a or "shan" in a.lower()]
        filtered = await client.post("/desk/registrations", data={
            "csrf": csrf, "q": "", "status": "submitted", "commune": str(MUONG_BU)},
            allow_redirects=False)
        assert filtered.status == 303
        assert filtered.headers["Location"] == (
            f"/desk/registrations?status=submitted&commune={MUONG_BU}")
        combined = await client.post("/desk/registrations", data={
            "csrf": csrf, "q": "che", "commune": str(MUONG_BU)})
        assert ids_in(await combined.text()) == []


async def test_pages_of_fifty_and_the_search_kept_across_pages(bot: RunningBot) -> None:
    days = [date(2026, 3, 1) + timedelta(days=n) for n in range(120)]
    made = [await add(bot, product=f"Chè số {n}" if n % 2 else f"Gạo số {n}",
                      submitted=iso(day)) for n, day in enumerate(days)]
    newest = made[::-1]
    async with desk_client(bot) as client:
        csrf = await signed_in_officer(bot, client, TA_XUA)
        assert await listed(client, "/desk/registrations") == newest[:50]
        assert await listed(client, "/desk/registrations?page=2") == newest[50:100]
        assert await listed(client, "/desk/registrations?page=3") == newest[100:]
        assert await listed(client, "/desk/registrations?page=99") == newest[100:]
        teas = [i for n, i in enumerate(made) if n % 2][::-1]
        second = await client.post("/desk/registrations",
                                   data={"csrf": csrf, "q": "chè", "page": "2"})
        html = await second.text()
        assert ids_in(html) == teas[50:]
        # The way back is a form that carries the words, not a link.
        assert re.search(r'name="q" value="chè"[^>]*>\s*<button name="page" value="1"', html)


async def test_a_commune_officer_sees_only_their_commune(bot: RunningBot) -> None:
    mine = await add(bot)
    theirs = await add(bot, commune=MUONG_BU)
    async with desk_client(bot) as client:
        csrf = await signed_in_officer(bot, client, TA_XUA)
        assert await listed(client, "/desk/registrations") == [mine]
        assert await listed(client, f"/desk/registrations?commune={TA_XUA}") == [mine]
        for address in (f"/desk/registrations?commune={MUONG_BU}",
                        f"/desk/registrations/export.csv?commune={MUONG_BU}"):
            response = await client.get(address)
            assert response.status == 403 and theirs not in ids_in(await response.text())
        posted = await client.post("/desk/registrations", data={
            "csrf": csrf, "q": "chè", "commune": str(MUONG_BU)})
        assert posted.status == 403
        rows = csv_rows(await (await client.get("/desk/registrations/export.csv")).read())
        assert [row[0] for row in rows[1:]] == [str(mine)]


async def test_a_province_officer_picks_among_communes_with_registrations(
        bot: RunningBot) -> None:
    await add(bot)
    await add(bot, commune=MUONG_BU)
    await add(bot, province=OTHER_PROVINCE, commune=OTHER_COMMUNE)
    async with desk_client(bot) as client:
        await signed_in_officer(bot, client, None)
        html = await (await client.get("/desk/registrations")).text()
        offered = re.findall(r'<option value="(\d+)"', html.split('id="f-commune"')[1]
                             .split("</select>")[0])
        assert sorted(map(int, offered)) == sorted([TA_XUA, MUONG_BU])
        response = await client.get(f"/desk/registrations?commune={OTHER_COMMUNE}")
        assert response.status == 403


async def test_the_admin_sees_every_province(bot: RunningBot) -> None:
    son_la = await add(bot)
    lao_cai = await add(bot, province=OTHER_PROVINCE, commune=OTHER_COMMUNE)
    async with desk_client(bot) as client:
        await signed_in_admin(bot, client)
        assert await listed(client, "/desk/registrations") == [lao_cai, son_la]
        assert await listed(client, f"/desk/registrations?commune={OTHER_COMMUNE}") == [lao_cai]


async def test_exports_hold_exactly_the_filtered_rows(bot: RunningBot) -> None:
    tea = await add(bot, product="Chè Shan tuyết")
    await add(bot, product="Chè búp", status="accepted")
    await add(bot, product="Gạo nếp")
    await add(bot, product="Chè Mường Bú", commune=MUONG_BU)
    async with desk_client(bot) as client:
        csrf = await signed_in_officer(bot, client, None)
        address = f"/desk/registrations/export.xlsx?status=submitted&commune={TA_XUA}"
        workbook = await client.get(address)
        assert workbook.status == 200
        disposition = workbook.headers["Content-Disposition"]
        assert re.fullmatch(r'attachment; filename="dang-ky-ocop-\d{4}-\d\d-\d\d\.xlsx"',
                            disposition)
        sheet = load_workbook(io.BytesIO(await workbook.read())).active
        shown = await listed(client, f"/desk/registrations?status=submitted&commune={TA_XUA}")
        assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == (
            sorted(shown))
        searched = await client.post("/desk/registrations/export.csv", data={
            "csrf": csrf, "q": "chè", "status": "submitted", "commune": str(TA_XUA)})
        assert searched.status == 200 and "chè" not in searched.headers["Content-Disposition"]
        assert [row[0] for row in csv_rows(await searched.read())[1:]] == [str(tea)]
        refused = await client.post("/desk/registrations/export.csv", data={"q": "chè"})
        assert refused.status == 403


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def near_receipt(today: date) -> date:
    """A receipt day whose deadline is a few working days away from `today`."""
    day = today
    while deadline_state(commune_deadline(day), today) != DeadlineState.NEAR:
        day -= timedelta(days=1)
    return day


async def test_late_and_near_dossiers_stand_out_and_sort_first(bot: RunningBot) -> None:
    today = vietnam_today()
    late = await add(bot, submitted=iso(today - timedelta(days=60)), status="info_requested")
    near = await add(bot, submitted=iso(near_receipt(today)))
    fresh = await add(bot, submitted=iso(today))
    decided = await add(bot, submitted=iso(today - timedelta(days=90)), status="accepted")
    async with desk_client(bot) as client:
        await signed_in_officer(bot, client, TA_XUA)
        html = await (await client.get("/desk/registrations")).text()
        badges = dict(re.findall(r'href="/desk/registrations/(\d+)">#.*?'
                                 r'(?:class="badge (\w+)"|</tr>)', html, re.S))
        assert badges == {str(late): "overdue", str(near): "near", str(fresh): "ok",
                          str(decided): ""}
        late_row = html.split(f">#{late}</a>")[1].split("</tr>")[0]
        assert vi("Commune's deadline") in html and "quá hạn" in late_row
        assert await listed(client, "/desk/registrations?sort=deadline") == [
            late, near, fresh, decided]


async def test_the_list_speaks_english_and_escapes_names(bot: RunningBot) -> None:
    evil = await add(bot, product="<b>x</b>", org="<script>alert(1)</script>")
    async with desk_client(bot) as client:
        csrf = await signed_in_officer(bot, client, TA_XUA)
        vietnamese = await (await client.get("/desk/registrations")).text()
        assert vi("Commune's deadline") in vietnamese and vi("Newest first") in vietnamese
        await client.post("/desk/language", data={"locale": "en", "csrf": csrf})
        html = await (await client.get("/desk/registrations")).text()
        assert "Commune's deadline" in html and "Newest first" in html
        assert "1 registration" in html and "Waiting for the commune" in html
        assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
        assert "<script>alert" not in html and ids_in(html) == [evil]
        searched = await (await client.post("/desk/registrations",
                                            data={"csrf": csrf, "q": "<b>"})).text()
        assert "“&lt;b&gt;”" in searched and "<b>" not in searched.split("<main>")[1]


async def test_strangers_and_forms_without_the_token_are_refused(bot: RunningBot) -> None:
    await add(bot)
    async with desk_client(bot) as client:
        assert (await client.get("/desk/registrations")).status == 401
        assert (await client.get("/desk/registrations/export.csv")).status == 401
        await signed_in_officer(bot, client, TA_XUA)
        assert (await client.post("/desk/registrations", data={"q": "chè"})).status == 403
        assert (await client.get("/desk/registrations/export.pdf")).status == 404


async def test_the_first_page_counts_by_status(bot: RunningBot) -> None:
    for status in ("submitted", "submitted", "info_requested", "accepted", "draft"):
        await add(bot, status=status)
    await add(bot, commune=MUONG_BU)
    async with desk_client(bot) as client:
        await signed_in_officer(bot, client, TA_XUA)
        html = await (await client.get("/desk/")).text()
        counts = re.findall(r'registrations\?status=(\w+)"><strong>(\d+)</strong>', html)
        assert dict(counts) == {"submitted": "2", "info_requested": "1", "accepted": "1",
                                "rejected": "0"}
