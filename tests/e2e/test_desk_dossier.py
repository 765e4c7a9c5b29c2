"""The desk's dossier page: every Mẫu 01 field, the self-assessment, the timeline; decisions
through the chat's own domain code (the producer is told exactly as by the chat's buttons),
forwarding to the province, Mẫu 03, and the refusals."""

from __future__ import annotations

import base64
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import docx
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from emulator import SimUser
from handlers.registration.review import REPLY_HINT
from knowledge.criteria.scoring import score
from reports import score_line
from storage.registrations import Registration
from tests.support.assessment_driver import completed_assessment
from tests.support.desk import desk_client, sign_in
from tests.support.harness import ADMIN_ID, RunningBot
from tests.support.registration_driver import fill_registration, make_officer, place, submit
from tests.support.settle import settled
from tests.support.texts import vi

PRODUCT = "Chè Shan tuyết cổ thụ"
DAY = r"\d\d/\d\d/\d{4}"  # dd/mm/yyyy
Client = TestClient[object, object]


@dataclass
class Scene:
    """A producer's submitted registration and the officers who handle it (or not)."""

    producer: SimUser
    officer: SimUser  # of the producer's commune
    colleague: SimUser  # of the province
    outsider: SimUser  # of another commune of the province
    registration_id: int


async def submitted(bot: RunningBot) -> Scene:
    """A registration filled and submitted through the chat, its notices read by the officers."""
    province, commune = place("son la", "ta xua")
    _, other = place("son la", "muong bu")
    officer, colleague = bot.user(first_name="Lan"), bot.user(first_name="Minh")
    outsider = bot.user(first_name="Hoa")
    await make_officer(bot, officer, province, commune)
    await make_officer(bot, colleague, province, None)
    await make_officer(bot, outsider, province, other)
    producer = bot.user(first_name="Páo")
    await fill_registration(producer)
    await submit(producer)
    for handler in (officer, colleague):
        await handler.next_reply()  # the chat's copy of the new registration
    registration = (await bot.services.repo.registrations.for_user(producer.id))[0]
    return Scene(producer, officer, colleague, outsider, registration.id)


def notice(registration_id: int, status: str, note: str | None = None) -> str:
    """The producer's notice as the chat's buttons produce it (handlers/registration/review)."""
    lines = [vi("🔔 Registration #{id} ({product}): {status}.", id=registration_id,
                product=PRODUCT, status=vi(status))]
    if note:
        lines.append(vi("Message from the officer: {note}", note=note))
    if status == "more information requested":
        lines.append(vi(REPLY_HINT))
    return "\n".join(lines)


def matching(msgid: str, **patterns: str) -> str:
    """A regular expression for the Vietnamese text of `msgid` with `patterns` in its blanks."""
    marks = {name: f"\x00{name}\x00" for name in patterns}
    text = re.escape(vi(msgid, **marks))
    for name, pattern in patterns.items():
        text = text.replace(re.escape(marks[name]), pattern)
    return text


async def stored(bot: RunningBot, registration_id: int) -> Registration:
    registration = await bot.services.repo.registrations.get(registration_id)
    assert registration is not None
    return registration


async def post(client: Client, path: str, csrf: str | None, **fields: str) -> ClientResponse:
    data = {**fields, **({"csrf": csrf} if csrf is not None else {})}
    return await client.post(path, data=data, allow_redirects=False)


async def followed(client: Client, response: ClientResponse) -> str:
    """The page a Post/Redirect/Get leads to (its flash message shown once)."""
    assert response.status == 303, await response.text()
    location = response.headers["Location"]
    assert re.fullmatch(r"/desk/registrations/\d+", location), location  # ids only
    return await (await client.get(location)).text()


async def audit_actions(bot: RunningBot, registration_id: int) -> list[tuple[int, str]]:
    rows = await bot.services.repo.db.fetch_all(
        "SELECT actor_id, action FROM audit_log WHERE subject_id = ? ORDER BY id",
        (registration_id,))
    return [(row["actor_id"], row["action"]) for row in rows]


async def test_the_dossier_shows_every_field_escaped_with_deadline_and_timeline(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, scene.officer.id)
        response = await client.get(f"/desk/registrations/{scene.registration_id}")
        html = await response.text()
    assert response.status == 200
    for label in ("Type of organisation", "Organisation name", "Legal representative", "Phone",
                  "Email", "Province", "Commune", "Product", "Criteria sheet",
                  "Registration kind", "Attached self-assessment"):
        assert f"<dt>{vi(label)}</dt>" in html, label
    assert "HTX Chè &lt;Tà Xùa&gt;" in html and "<Tà Xùa>" not in html
    assert "Lò Văn Páo" in html and "+84912345678" in html and "htx@example.vn" in html
    assert "Tà Xùa" in html and PRODUCT in html
    assert vi("The commune's deadline") in html
    due = "Due %(date)s: 15 working days from receipt (Decision 26/2026/QĐ-TTg, Article 7(2))."
    assert re.search(matching(due, date=DAY), html)  # as offices write dates
    assert vi("submitted") in html and vi("the producer") in html  # the timeline
    assert f'action="/desk/registrations/{scene.registration_id}/accept"' in html
    assert vi("No self-assessment is attached.") in html


async def test_accepting_on_the_desk_tells_the_producer_as_the_chat_button_does(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        page = await followed(client, await post(client, f"/desk/registrations/{rid}/accept",
                                                 csrf))
        assert vi("✅ Registration #{id} accepted; the producer was told.", id=rid) in page
        again = await (await client.get(f"/desk/registrations/{rid}")).text()
    assert vi("✅ Registration #{id} accepted; the producer was told.", id=rid) not in again
    told = await scene.producer.next_reply()
    assert told.text == notice(rid, "accepted") and not told.buttons
    for handler in (scene.colleague, scene.officer):  # every chat copy says who decided
        copy = await handler.next_reply()
        assert copy.edited and not copy.buttons
        assert vi("✅ {name} accepted this registration.", name="Lan") in copy.text
    assert (await stored(fast_bot, rid)).status == "accepted"
    assert (scene.officer.id, "registration_accepted") in await audit_actions(fast_bot, rid)
    timeline = await scene.producer.ask("/trangthai")
    assert vi("accepted") in timeline.text


async def test_asking_for_more_and_rejecting_carry_the_officers_note(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    path = f"/desk/registrations/{rid}"
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        await followed(client, await post(client, f"{path}/ask-more", csrf,
                                          note="Xin bổ sung giấy ATTP <bản sao>."))
        request = await scene.producer.next_reply()
        assert request.text == notice(rid, "more information requested",
                                      "Xin bổ sung giấy ATTP <bản sao>.")
        assert "&lt;bản sao&gt;" in request.html and request.buttons
        await scene.producer.press(vi("✍️ Reply"))
        await scene.producer.next_reply()
        answered = await scene.producer.ask("Đã nộp bản sao <tại xã>.")
        assert answered.text == vi("✅ Your answer was sent to the officers.")
        assert (await stored(fast_bot, rid)).status == "submitted"
        page = await (await client.get(path)).text()
        assert vi("the producer answered") in page
        assert "Đã nộp bản sao &lt;tại xã&gt;." in page and "<tại xã>" not in page
        assert "Xin bổ sung giấy ATTP &lt;bản sao&gt;." in page
        await followed(client, await post(client, f"{path}/reject", csrf,
                                          note="Chưa đủ hồ sơ."))
    told = await scene.producer.next_reply()
    assert told.text == notice(rid, "not accepted", "Chưa đủ hồ sơ.") and not told.buttons
    assert (await stored(fast_bot, rid)).status == "rejected"


async def test_an_empty_or_meaningless_note_is_refused_kindly_and_changes_nothing(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        for action, text in (("ask-more", "Please write what is missing: the producer gets "
                                          "your message with the request."),
                             ("reject", "Please write the reason: the producer gets it with "
                                        "the decision.")):
            page = await followed(client, await post(client, f"/desk/registrations/{rid}/"
                                                     f"{action}", csrf, note=" \n\u200b "))
            assert vi(text) in page and 'class="flash error"' in page
            for meaningless in ("  🙂 ", "?!…", "👍\n👍"):
                page = await followed(client, await post(client, f"/desk/registrations/{rid}/"
                                                         f"{action}", csrf, note=meaningless))
                assert vi("Please write your message in words: emoji or signs alone do not "
                          "tell the producer anything.") in page
                assert 'class="flash error"' in page
    assert (await stored(fast_bot, rid)).status == "submitted"
    assert await scene.producer.collect(timeout=0.4) == []


async def test_a_second_decision_is_refused_kindly_without_a_second_notice(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        await followed(client, await post(client, f"/desk/registrations/{rid}/accept", csrf))
        await scene.producer.next_reply()
        events = len(await fast_bot.services.repo.registrations.events(rid))
        for action in ("accept", "reject"):
            page = await followed(client, await post(
                client, f"/desk/registrations/{rid}/{action}", csrf, note="Muộn rồi."))
            assert vi("This registration can no longer be changed.") in page
        assert f'action="/desk/registrations/{rid}/accept"' not in page
    assert (await stored(fast_bot, rid)).status == "accepted"
    assert len(await fast_bot.services.repo.registrations.events(rid)) == events
    assert await scene.producer.collect(timeout=0.4) == []


async def test_an_officer_of_another_commune_can_neither_see_nor_decide(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.outsider.id)
        assert (await client.get(f"/desk/registrations/{rid}")).status == 403
        assert (await client.get(f"/desk/registrations/{rid}/mau-03.docx")).status == 403
        for action in ("accept", "ask-more", "reject", "forward"):
            response = await post(client, f"/desk/registrations/{rid}/{action}", csrf,
                                  note="x")
            assert response.status == 403, action
            assert "HTX Chè" not in await response.text()
    assert (await stored(fast_bot, rid)).status == "submitted"
    assert await scene.producer.collect(timeout=0.4) == []


async def test_drafts_and_unknown_ids_are_not_found(fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    draft = await fast_bot.services.repo.registrations.create_draft(scene.producer.id)
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, scene.colleague.id)
        assert (await client.get(f"/desk/registrations/{draft.id}")).status == 404
        for unknown in ("999999", "9" * 30, "-1", "1x"):
            assert (await client.get(f"/desk/registrations/{unknown}")).status == 404, unknown
        assert (await client.get(f"/desk/registrations/{scene.registration_id}")).status == 200


async def test_decisions_need_the_csrf_token_and_a_signed_in_officer(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        assert (await post(client, f"/desk/registrations/{rid}/accept", None)).status == 403
        assert (await post(client, f"/desk/registrations/{rid}/accept", "x" * 32)).status == 403
        assert await fast_bot.services.repo.officers.revoke(ADMIN_ID, scene.officer.id)
        assert (await client.get(f"/desk/registrations/{rid}")).status == 401
        assert (await post(client, f"/desk/registrations/{rid}/accept", csrf)).status == 403
    assert (await stored(fast_bot, rid)).status == "submitted"
    assert await scene.producer.collect(timeout=0.4) == []


async def test_an_accepted_dossier_is_forwarded_once_with_the_provinces_next_round(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    path = f"/desk/registrations/{rid}"
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        early = await followed(client, await post(client, f"{path}/forward", csrf))
        assert 'class="flash error"' in early
        assert (await stored(fast_bot, rid)).forwarded_at is None
        await followed(client, await post(client, f"{path}/accept", csrf))
        before = await (await client.get(path)).text()
        assert f'action="{path}/forward"' in before and vi("The commune's deadline") not in before
        page = await followed(client, await post(client, f"{path}/forward", csrf))
        assert vi("Marked as forwarded to the province.") in page
        assert f'action="{path}/forward"' not in page
        twice = await followed(client, await post(client, f"{path}/forward", csrf))
        assert 'class="flash error"' in twice
    registration = await stored(fast_bot, rid)
    assert registration.forwarded_at is not None and registration.forwarded_by == scene.officer.id
    assert vi("Forwarded to the province on %(date)s by %(name)s.", date=_vn_day(
        registration.forwarded_at), name="Lan") in page
    assert re.search(matching("Round {number} of {year}: for dossiers the commune proposes "
                              "before {cutoff}; the province evaluates them before {by}.",
                              number="[12]", year=r"\d{4}", cutoff=DAY, by=DAY), page)
    events = await fast_bot.services.repo.registrations.events(rid)
    assert [e.status for e in events].count("forwarded") == 1
    assert (await audit_actions(fast_bot, rid)).count(
        (scene.officer.id, "registration_forwarded")) == 1
    await settled(fast_bot)  # the acceptance's notice first, so the next reply is the status
    await scene.producer.collect(timeout=0)
    timeline = await scene.producer.ask("/trangthai")
    assert vi("forwarded to the province") in timeline.text


def _vn_day(stamp: str) -> str:
    return f"{datetime.fromisoformat(stamp).astimezone(ZoneInfo('Asia/Ho_Chi_Minh')):%d/%m/%Y}"


async def test_mau_03_is_a_word_file_named_by_id(fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, scene.officer.id)
        page = await (await client.get(f"/desk/registrations/{rid}")).text()
        assert f'href="/desk/registrations/{rid}/mau-03.docx"' in page
        response = await client.get(f"/desk/registrations/{rid}/mau-03.docx")
        assert response.status == 200
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="mau-03-ho-so-{rid}.docx"')
        paper = docx.Document(io.BytesIO(await response.read()))
    text = "\n".join(p.text for p in paper.paragraphs)
    assert "BÁO CÁO" in text and "HTX Chè <Tà Xùa>" in text


async def test_the_attached_self_assessment_shows_its_score_and_chart(
        fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    repo, sheet = fast_bot.services.repo, fast_bot.services.sheets[11]
    record = await completed_assessment(repo, sheet, scene.producer.id)
    result = score(sheet, await repo.assessments.answers(record.id))
    await repo.registrations.update(scene.registration_id, assessment_id=record.id)
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, scene.officer.id)
        html = await (await client.get(f"/desk/registrations/{scene.registration_id}")).text()
    assert score_line(fast_bot.services.i18n.get("vi"), result.total, result.stars,
                      False) in html
    assert "<svg" in html and 'class="bar part"' in html and "style=" not in html
    assert html.count('class="bar-max"') == len(sheet.parts) + sum(
        len(part.groups) for part in sheet.parts)
    assert vi("A. Product and community strength") in html


async def test_the_dossier_reads_in_english(fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    await fast_bot.services.repo.users.set_language(scene.colleague.id, "en")
    async with desk_client(fast_bot) as client:
        await sign_in(client, fast_bot, scene.colleague.id)
        html = await (await client.get(f"/desk/registrations/{scene.registration_id}")).text()
    assert "Registration form, Form 01 (Mẫu 01)" in html and "<dt>Organisation name</dt>" in html
    assert "Timeline and messages" in html and "waiting for the commune" in html
    assert vi("Timeline and messages") not in html


async def test_the_flash_cookie_carries_no_personal_data(fast_bot: RunningBot) -> None:
    scene = await submitted(fast_bot)
    rid = scene.registration_id
    async with desk_client(fast_bot) as client:
        csrf = await sign_in(client, fast_bot, scene.officer.id)
        response = await post(client, f"/desk/registrations/{rid}/reject", csrf,
                              note="Lý do riêng <tư>.")
        cookie = response.cookies["desk_flash"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    raw = cookie.value + "=" * (-len(cookie.value) % 4)
    flash = json.loads(base64.urlsafe_b64decode(raw))
    assert flash == {"text": vi("✅ Done; the producer was told."), "error": False}
