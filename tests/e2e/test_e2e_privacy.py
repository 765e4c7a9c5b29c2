"""End to end: /dulieu shows what the bot holds, exports it as JSON and erases it on request."""

import json

from storage import Repository
from storage.privacy import ANONYMISED_NOTE, ANONYMISED_STATUS
from tests.support.harness import RunningBot
from tests.support.texts import vi

STALE = "This button is no longer valid."


async def give_data(repo: Repository, user_id: int) -> dict[str, int]:
    """An assessment, a submitted registration, a draft and a question, stored directly."""
    record = await repo.assessments.create(user_id, 11)
    await repo.assessments.update(record.id, product_name="Chè <Shan> tuyết")
    await repo.assessments.answer(record.id, "1.1", 2, 1)
    await repo.assessments.complete(record.id, 72.5, 4, 4)
    submitted = await repo.registrations.create_draft(user_id)
    await repo.registrations.update(
        submitted.id, org_name="HTX Chè Tà Xùa", representative="Lò Thị Lan",
        phone="+84912345678", province_code=14, commune_code=3868, product_name="Chè Shan")
    await repo.registrations.change_status(submitted.id, user_id, "submitted")
    draft = await repo.registrations.create_draft(user_id)
    await repo.faq.log(user_id, "OCOP là gì?", "none", None)
    return {"assessment": record.id, "submitted": submitted.id, "draft": draft.id}


async def test_my_data_is_summarised_and_exported_as_json(bot: RunningBot) -> None:
    lan = bot.user(first_name="Lan <b>", language_code="en")
    await lan.ask("/start")
    await give_data(bot.services.repo, lan.id)
    summary = await lan.ask("/dulieu")
    assert "Self-assessments: 1" in summary.text and "Chè <Shan> tuyết" in summary.text
    assert "&lt;Shan&gt;" in summary.html and "Lan &lt;b&gt;" in summary.html
    assert "Registrations submitted: 1 · drafts: 1" in summary.text
    assert "officers of your commune" in summary.text and "Questions asked: 1" in summary.text
    await lan.press("⬇️ Download all")
    document = await lan.next_reply()
    assert document.kind == "document" and document.document_bytes is not None
    data = json.loads(document.document_bytes)
    assert data["user"]["first_name"] == "Lan <b>"
    [assessment] = data["assessments"]
    assert assessment["product_name"] == "Chè <Shan> tuyết" and assessment["answers"] == {"1.1": 2}
    assert {r["status"] for r in data["registrations"]} == {"submitted", "draft"}


async def test_the_download_speaks_of_a_data_file_not_json(fast_bot: RunningBot) -> None:
    hoa = fast_bot.user()
    await hoa.ask("/start")
    summary = await hoa.ask("/dulieu")
    label = summary.button(1).text
    assert label == vi("⬇️ Download all (data file)") == "⬇️ Tải về toàn bộ (tệp dữ liệu)"
    await hoa.press(1)
    document = await hoa.next_reply()
    assert document.kind == "document" and "JSON" not in document.caption
    assert document.caption == vi("📄 Everything the assistant holds about you, in one data file.")


async def test_the_delete_confirmation_leaves_out_what_the_user_has_none_of(
        bot: RunningBot) -> None:
    lan = bot.user(language_code="en")
    await lan.ask("/start")
    await lan.ask("/dulieu")
    await lan.press("🗑 Delete my data")
    confirmation = (await lan.next_reply()).text
    assert "• your profile, language and consent" in confirmation
    assert "• 0 " not in confirmation and "registration draft" not in confirmation
    assert "self-assessment" not in confirmation and "question you asked" not in confirmation


async def test_deleting_erases_my_data_and_keeps_a_submitted_registration_unlinked(
        bot: RunningBot) -> None:
    repo = bot.services.repo
    lan = bot.user(language_code="en")
    await lan.ask("/start")
    ids = await give_data(repo, lan.id)
    await lan.ask("/dulieu")
    await lan.press("🗑 Delete my data")
    confirmation = await lan.next_reply()
    assert "1 self-assessment with its answers" in confirmation.text
    assert "1 registration draft" in confirmation.text
    assert "submitted registration stays with the OCOP officers" in confirmation.text
    await lan.press("🗑 Yes, delete everything")
    done = await lan.next_reply()
    assert "Your data has been deleted" in done.text
    assert "1 submitted registration was kept" in done.text and not done.buttons
    assert await repo.users.get(lan.id) is None
    assert await repo.assessments.get(ids["assessment"]) is None
    assert await repo.registrations.get(ids["draft"]) is None
    kept = await repo.registrations.get(ids["submitted"])
    assert kept is not None and kept.user_id is None and kept.org_name == "HTX Chè Tà Xùa"
    events = await repo.registrations.events(ids["submitted"])
    assert (events[-1].status, events[-1].note) == (ANONYMISED_STATUS, ANONYMISED_NOTE)
    assert await repo.registrations.for_user(lan.id) == []
    again = await lan.ask("/dulieu")  # the user starts afresh
    assert "Self-assessments: 0" in again.text and await repo.users.get(lan.id) is not None


async def test_stale_and_forged_privacy_buttons_delete_nothing(bot: RunningBot) -> None:
    repo = bot.services.repo
    lan = bot.user(language_code="en")
    await lan.ask("/start")
    ids = await give_data(repo, lan.id)
    await lan.ask("/dulieu")
    for data in ("pv:y:1", "pv:y:", "pv:y:abc", "pv:zz", "pv:j:1", "pv:"):
        query = await lan.press_data(data)
        assert (await lan.callback_answer(query))["text"] == STALE, data
    await lan.press("🗑 Delete my data")
    await lan.next_reply()
    await lan.press("⬅️ Keep my data")
    assert "Self-assessments: 1" in (await lan.next_reply()).text
    assert await repo.assessments.get(ids["assessment"]) is not None
    assert await repo.users.get(lan.id) is not None


async def test_my_data_is_not_shown_in_a_group(bot: RunningBot) -> None:
    group = bot.emu.group()
    lan = bot.user(language_code="en")
    reply = await group.ask(lan, "/dulieu@ocop_test_bot")
    assert "private chat" in reply.text
