"""The desk's queries over registrations: scope, filters, search, order, pages, counts."""

from dataclasses import replace
from datetime import date

from core.dossier_deadline import deadline_of, received_on
from storage import Repository
from storage.db import has_words, search_key
from storage.officers import Scope
from storage.registrations import (
    Registration,
    RegistrationQuery,
    RegistrationSort,
    RegistrationStatus,
)

SON_LA, LAO_CAI = 14, 15
HERE, THERE = 3646, 3847  # two communes of Sơn La


async def add(repo: Repository, submitted: str, *, status: str = "submitted",
              province: int = SON_LA, commune: int = HERE, product: str = "Chè",
              org: str = "HTX") -> int:
    row = await repo.db.write(
        "INSERT INTO registrations (status, province_code, commune_code, product_name,"
        " org_name, created_at, updated_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id", (status, province, commune, product, org, submitted, submitted,
                          None if status == "draft" else submitted))
    assert row is not None
    return int(row["id"])


def test_search_keys_ignore_case_and_vietnamese_marks() -> None:
    assert search_key("Chè Shan TUYẾT") == "che shan tuyet"
    assert search_key("ĐẶC SẢN Đồng Văn") == "dac san dong van"
    assert search_key("HTX 3") == "htx 3" and search_key(None) is None


def test_a_search_wants_every_word_in_any_order() -> None:
    assert has_words("Chè Shan tuyết\nHTX Tà Xùa", "xua che")
    assert not has_words("Chè Shan tuyết\nHTX Tà Xùa", "che mat")
    assert not has_words(None, "che")


async def test_pages_hold_the_scope_in_order_and_stop_at_the_last(repo: Repository) -> None:
    ids = [await add(repo, f"2026-05-{day:02d}T03:00:00+00:00") for day in range(1, 8)]
    await add(repo, "2026-05-09T03:00:00+00:00", commune=THERE)
    await add(repo, "2026-05-09T03:00:00+00:00", province=LAO_CAI, commune=1)
    await add(repo, "2026-05-09T03:00:00+00:00", status="draft")
    mine = RegistrationQuery(scope=Scope(SON_LA, HERE))
    first = await repo.registrations.page(mine, 3, 1)
    assert first.total == 7 and [r.id for r in first.rows] == ids[::-1][:3]
    last = await repo.registrations.page(mine, 3, 99)
    assert last.number == 3 and [r.id for r in last.rows] == [ids[0]]
    oldest = replace(mine, sort=RegistrationSort.OLDEST)
    assert [r.id for r in (await repo.registrations.page(oldest, 3, 2)).rows] == ids[3:6]
    assert await repo.registrations.count(RegistrationQuery(scope=Scope(SON_LA))) == 8
    assert await repo.registrations.count(RegistrationQuery()) == 9


async def test_the_deadline_order_puts_the_oldest_open_dossier_first(repo: Repository) -> None:
    decided = await add(repo, "2026-01-01T03:00:00+00:00", status="accepted")
    newer = await add(repo, "2026-05-02T03:00:00+00:00")
    older = await add(repo, "2026-04-01T03:00:00+00:00", status="info_requested")
    query = RegistrationQuery(sort=RegistrationSort.DEADLINE)
    assert [r.id for r in (await repo.registrations.page(query, 50, 1)).rows] == [
        older, newer, decided]


async def test_filters_and_search_together(repo: Repository) -> None:
    tea = await add(repo, "2026-05-02T03:00:00+00:00", product="Chè Shan tuyết")
    await add(repo, "2026-05-03T03:00:00+00:00", product="Mật ong", org="Chè Việt")
    await add(repo, "2026-05-04T03:00:00+00:00", product="Chè búp", status="rejected")
    query = RegistrationQuery(search="CHE", status=RegistrationStatus.SUBMITTED,
                              submitted_before="2026-05-03T00:00:00+00:00")
    assert [r.id for r in await repo.registrations.find(query)] == [tea]
    assert await repo.registrations.count(replace(query, submitted_before=None)) == 2
    found = await repo.registrations.page(replace(query, search="茶"), 50, 1)
    assert found.total == 0 and found.rows == []


async def test_counts_by_status_and_communes_with_registrations(repo: Repository) -> None:
    for status in ("submitted", "submitted", "accepted", "draft"):
        await add(repo, "2026-05-02T03:00:00+00:00", status=status)
    await add(repo, "2026-05-02T03:00:00+00:00", commune=THERE, status="rejected")
    counts = await repo.registrations.count_by_status(Scope(SON_LA, HERE))
    assert counts == {"submitted": 2, "accepted": 1}
    assert await repo.registrations.communes_with_registrations(Scope(SON_LA)) == [
        (SON_LA, HERE), (SON_LA, THERE)]


def test_the_deadline_counts_from_the_day_received_in_vietnam() -> None:
    late_evening = Registration(
        id=1, user_id=None, status="submitted", step=None, org_type=None, org_name=None,
        representative=None, phone=None, email=None, province_code=SON_LA,
        commune_code=HERE, product_name=None, sheet=None, kind=None, current_stars=None,
        certificate_expiry=None, assessment_id=None, created_at="", updated_at="",
        submitted_at="2026-05-21T18:30:00+00:00")  # Friday 22/5 at 01:30 in Vietnam
    assert received_on(late_evening) == date(2026, 5, 22)
    assert deadline_of(late_evening) == date(2026, 6, 12)
    assert deadline_of(replace(late_evening, status="accepted")) is None
    assert deadline_of(replace(late_evening, submitted_at=None)) is None
