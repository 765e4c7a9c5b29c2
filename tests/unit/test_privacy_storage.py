"""The privacy repository: a user's export is complete; erasure keeps only what the law keeps."""

import json
from collections.abc import AsyncIterator

import pytest

from storage import Database, Repository
from storage.officers import Scope
from storage.privacy import ANONYMISED_NOTE, ANONYMISED_STATUS, DeletionReport, PrivacyRepo

LAN, HUE, OFFICER = 101, 202, 303
TA_XUA = Scope(14, 3868)


@pytest.fixture
async def repo(db: Database) -> AsyncIterator[Repository]:
    yield Repository(db)


async def populate(repo: Repository, user_id: int) -> dict[str, int]:
    """Give a user one of everything; return the ids a test needs."""
    await repo.users.touch(OFFICER, "Cán bộ")
    await repo.users.touch(user_id, "Lan", username="lan_htx", telegram_language="vi")
    await repo.users.give_consent(user_id, "2026-11")
    record = await repo.assessments.create(user_id, 11)
    await repo.assessments.update(record.id, product_name="Chè <Shan> tuyết")
    await repo.assessments.answer_eligibility(record.id, "registered", True, 1)
    await repo.assessments.answer(record.id, "1.1", 2, 2)
    await repo.assessments.complete(record.id, 72.5, 4, 4)
    submitted = await repo.registrations.create_draft(user_id)
    await repo.registrations.update(
        submitted.id, org_name="HTX Chè Tà Xùa", representative="Lò Thị Lan",
        phone="+84912345678", province_code=14, commune_code=3868, product_name="Chè Shan",
        assessment_id=record.id)
    await repo.registrations.change_status(submitted.id, user_id, "submitted")
    await repo.registrations.add_note(submitted.id, OFFICER, "Xin bổ sung giấy phép")
    draft = await repo.registrations.create_draft(user_id)
    log_id = await repo.faq.log(user_id, "OCOP là gì?", "none", None)
    handoff = await repo.faq.hand_off(log_id, user_id)
    assert handoff is not None
    await repo.faq.answer_handoff(handoff.id, OFFICER, "Là chương trình mỗi xã một sản phẩm.")
    await repo.dialogs.set(user_id, "registration", "org_name", draft.id)
    return {"assessment": record.id, "submitted": submitted.id, "draft": draft.id,
            "handoff": handoff.id}


async def count(repo: Repository, sql: str, *params: object) -> int:
    row = await repo.db.fetch_one(f"SELECT COUNT(*) FROM {sql}", params)
    assert row is not None
    return int(row[0])


async def test_export_holds_everything_about_the_user_and_nothing_of_others(
        repo: Repository) -> None:
    ids = await populate(repo, LAN)
    await populate(repo, HUE)
    data = await PrivacyRepo(repo.db).export(LAN)
    json.dumps(data, ensure_ascii=False)  # ready to send as a document
    assert data["user"]["id"] == LAN and data["user"]["username"] == "lan_htx"
    assert data["consent"]["version"] == "2026-11"
    [assessment] = data["assessments"]
    assert assessment["product_name"] == "Chè <Shan> tuyết"
    assert assessment["answers"] == {"1.1": 2} and assessment["eligibility"] == {"registered": True}
    assert {r["id"] for r in data["registrations"]} == {ids["submitted"], ids["draft"]}
    submitted = next(r for r in data["registrations"] if r["id"] == ids["submitted"])
    assert [e["by_you"] for e in submitted["events"]] == [True, False]
    assert "actor_id" not in json.dumps(submitted["events"])
    assert [q["text"] for q in data["faq_questions"]] == ["OCOP là gì?"]
    assert data["handoffs"][0]["answer"].startswith("Là chương trình")
    assert "answered_by" not in data["handoffs"][0]
    assert data["dialog"]["flow"] == "registration" and data["officer"] is None


async def test_export_includes_the_officer_role(repo: Repository) -> None:
    await repo.users.touch(OFFICER, "Cán bộ")
    code = await repo.officers.invite(1, TA_XUA)
    assert await repo.officers.redeem(code, OFFICER) == TA_XUA
    data = await PrivacyRepo(repo.db).export(OFFICER)
    assert data["officer"]["commune_code"] == 3868
    assert [a["action"] for a in data["audit_log"]] == ["officer_joined"]


async def test_delete_erases_the_user_and_keeps_submitted_registrations_unlinked(
        repo: Repository) -> None:
    ids = await populate(repo, LAN)
    await populate(repo, HUE)
    before = await repo.registrations.get(ids["submitted"])
    report = await PrivacyRepo(repo.db).delete(LAN)
    assert report == DeletionReport(assessments=1, drafts=1, anonymised=1, questions=1,
                                    handoffs=1, officer=False, user=True)
    for table, column in [("users", "id"), ("assessments", "user_id"), ("consents", "user_id"),
                          ("dialogs", "user_id"), ("faq_log", "user_id"),
                          ("handoffs", "user_id"), ("registrations", "user_id")]:
        assert await count(repo, f"{table} WHERE {column} = ?", LAN) == 0, table
    assert await count(repo, "assessment_answers WHERE assessment_id = ?", ids["assessment"]) == 0
    assert await repo.registrations.get(ids["draft"]) is None
    kept = await repo.registrations.get(ids["submitted"])
    assert kept is not None and before is not None and kept.user_id is None
    assert (kept.org_name, kept.representative, kept.phone, kept.status, kept.submitted_at) == (
        before.org_name, before.representative, before.phone, "submitted", before.submitted_at)
    events = await repo.registrations.events(ids["submitted"])
    assert [(e.actor_id, e.status) for e in events] == [
        (None, "submitted"), (OFFICER, "note"), (None, ANONYMISED_STATUS)]
    assert events[-1].note == ANONYMISED_NOTE
    assert await count(repo, "audit_log WHERE action = 'personal_data_deleted'") == 1
    assert await count(repo, "users WHERE id = ?", HUE) == 1
    assert len((await PrivacyRepo(repo.db).export(HUE))["assessments"]) == 1
    if repo.db.dialect == "sqlite":  # PostgreSQL enforces foreign keys on every write
        assert await repo.db.fetch_all("PRAGMA foreign_key_check") == []


async def test_delete_removes_the_officer_role(repo: Repository) -> None:
    await repo.users.touch(OFFICER, "Cán bộ")
    code = await repo.officers.invite(1, TA_XUA)
    await repo.officers.redeem(code, OFFICER)
    report = await PrivacyRepo(repo.db).delete(OFFICER)
    assert report.officer and report.user
    assert await repo.officers.get(OFFICER) is None


async def test_a_failed_delete_changes_nothing(repo: Repository,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    ids = await populate(repo, LAN)
    monkeypatch.setattr("storage.privacy._ERASED", (
        ("drafts", "registrations", "status = 'draft' AND user_id"),
        ("user", "no_such_table", "id")))
    with pytest.raises(Exception, match="no_such_table"):
        await PrivacyRepo(repo.db).delete(LAN)
    kept = await repo.registrations.get(ids["submitted"])
    assert kept is not None and kept.user_id == LAN
    assert await repo.registrations.get(ids["draft"]) is not None
    assert await count(repo, "registration_events WHERE status = ?", ANONYMISED_STATUS) == 0
