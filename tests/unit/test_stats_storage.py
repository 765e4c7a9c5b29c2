"""Statistics: every figure, everywhere and in a province's or a commune's scope."""

from collections.abc import AsyncIterator

import pytest

from storage import Database, Repository
from storage.officers import Scope
from storage.stats import StatsRepo
from storage.users import utcnow

SON_LA, TO_HIEU, CHIENG_AN = 14, 3646, 3667
HA_NOI, HOAN_KIEM = 1, 70
ADMIN = 99


async def add_assessment(db: Database, user_id: int, status: str, stars: int | None) -> None:
    now = utcnow()
    await db.write(
        "INSERT INTO assessments (user_id, sheet, status, stars, created_at, updated_at)"
        " VALUES (?, 11, ?, ?, ?, ?)", (user_id, status, stars, now, now))


async def add_registration(db: Database, user_id: int, status: str, province: int | None,
                           commune: int | None) -> None:
    now = utcnow()
    await db.write(
        "INSERT INTO registrations (user_id, status, province_code, commune_code, created_at,"
        " updated_at, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (user_id, status, province, commune, now, now, None if status == "draft" else now))


async def add_officer(repo: Repository, user_id: int, province: int, commune: int | None) -> None:
    await repo.db.write(
        "INSERT INTO officers (user_id, province_code, commune_code, created_at)"
        " VALUES (?, ?, ?, ?)", (user_id, province, commune, utcnow()))
    await repo.users.set_role(user_id, "officer")


@pytest.fixture
async def stats(db: Database) -> AsyncIterator[StatsRepo]:
    """Producers 1–6, officers 10–12 and an admin, with assessments and registrations."""
    repo = Repository(db)
    for user_id in (1, 2, 3, 4, 5, 6, 10, 11, 12):
        await repo.users.touch(user_id, f"User {user_id}")
    await repo.users.touch(ADMIN, "Admin", is_admin=True)
    await add_officer(repo, 10, SON_LA, TO_HIEU)
    await add_officer(repo, 11, SON_LA, None)
    await add_officer(repo, 12, HA_NOI, HOAN_KIEM)
    for user_id, status, stars in [
        (1, "completed", 4), (1, "completed", 3), (1, "rejected", 0), (1, "abandoned", None),
        (1, "answering", None), (2, "completed", 0), (3, "completed", 5), (4, "completed", 1),
        (4, "completed", 2), (5, "completed", 3), (6, "completed", 2),
    ]:
        await add_assessment(db, user_id, status, stars)
    for user_id, status, province, commune in [
        (1, "accepted", SON_LA, TO_HIEU), (2, "submitted", SON_LA, TO_HIEU),
        (2, "draft", SON_LA, CHIENG_AN), (3, "info_requested", SON_LA, CHIENG_AN),
        (3, "submitted", SON_LA, None), (4, "rejected", HA_NOI, HOAN_KIEM),
        (4, "withdrawn", HA_NOI, HOAN_KIEM), (5, "draft", SON_LA, TO_HIEU),
        (ADMIN, "submitted", SON_LA, TO_HIEU),
    ]:
        await add_registration(db, user_id, status, province, commune)
    yield StatsRepo(db)


async def test_everywhere_counts_every_user_assessment_and_registration(
        stats: StatsRepo) -> None:
    result = await stats.statistics(None)
    assert (result.users, result.officers) == (10, 3)
    assert dict(result.ranks) == {1: 1, 2: 2, 3: 2, 4: 1, 5: 1}
    assert (result.unranked, result.rejected, result.assessments) == (1, 1, 9)
    assert dict(result.registrations) == {"submitted": 3, "info_requested": 1, "accepted": 1,
                                          "rejected": 1, "withdrawn": 1}
    assert (result.submitted, result.drafts) == (7, 2)
    assert [(c.commune_code, c.count) for c in result.communes] == [
        (TO_HIEU, 3), (HOAN_KIEM, 2), (None, 1), (CHIENG_AN, 1)]


async def test_communes_are_named_from_the_official_list(stats: StatsRepo) -> None:
    communes = (await stats.statistics(None)).communes
    assert (communes[0].commune_name, communes[0].province_name) == ("Phường Tô Hiệu", "Sơn La")
    assert communes[1].commune_name == "Phường Hoàn Kiếm"
    assert (communes[2].commune_name, communes[2].province_name) == (None, "Sơn La")


async def test_a_province_officer_sees_the_whole_province(stats: StatsRepo) -> None:
    result = await stats.statistics(Scope(SON_LA))
    # Producers 1, 2, 3 (the admin's registration is not a producer's) and officers 10, 11.
    assert (result.users, result.officers) == (5, 2)
    assert dict(result.ranks) == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert (result.unranked, result.rejected, result.assessments) == (1, 1, 5)
    assert dict(result.registrations) == {"submitted": 3, "info_requested": 1, "accepted": 1,
                                          "rejected": 0, "withdrawn": 0}
    assert (result.submitted, result.drafts) == (5, 2)
    assert [(c.commune_code, c.count) for c in result.communes] == [
        (TO_HIEU, 3), (None, 1), (CHIENG_AN, 1)]


async def test_a_commune_officer_sees_only_their_commune(stats: StatsRepo) -> None:
    result = await stats.statistics(Scope(SON_LA, TO_HIEU))
    assert (result.users, result.officers) == (3, 1)
    assert dict(result.ranks) == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0}
    assert (result.unranked, result.rejected, result.assessments) == (1, 1, 4)
    assert dict(result.registrations) == {"submitted": 2, "info_requested": 0, "accepted": 1,
                                          "rejected": 0, "withdrawn": 0}
    assert (result.submitted, result.drafts) == (3, 1)
    assert [(c.commune_code, c.count) for c in result.communes] == [(TO_HIEU, 3)]


async def test_another_province_shares_nothing(stats: StatsRepo) -> None:
    result = await stats.statistics(Scope(HA_NOI, HOAN_KIEM))
    assert (result.users, result.officers, result.assessments) == (2, 1, 2)
    assert dict(result.ranks) == {1: 1, 2: 1, 3: 0, 4: 0, 5: 0}
    assert (result.registrations["rejected"], result.registrations["withdrawn"]) == (1, 1)
    assert (result.submitted, result.drafts) == (2, 0)


async def test_an_empty_scope_has_zeros_everywhere(stats: StatsRepo) -> None:
    result = await stats.statistics(Scope(SON_LA, 999999))
    assert (result.users, result.officers, result.assessments, result.submitted) == (0, 0, 0, 0)
    assert set(result.ranks.values()) == {0} and result.communes == ()


async def test_ten_thousand_rows_in_two_scopes_are_counted_exactly(db: Database) -> None:
    now = utcnow()
    communes = (TO_HIEU, CHIENG_AN)
    async with db.transaction() as tx:
        await tx.executemany(
            "INSERT INTO users (id, first_name, first_seen, last_seen) VALUES (?, 'U', ?, ?)",
            [(i, now, now) for i in range(1, 5001)])
        await tx.executemany(
            "INSERT INTO registrations (user_id, status, province_code, commune_code,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(i % 5000 + 1, ("submitted", "accepted", "draft")[i % 3], SON_LA,
              communes[i % 2], now, now) for i in range(10_000)])
        await tx.executemany(
            "INSERT INTO assessments (user_id, sheet, status, stars, created_at, updated_at)"
            " VALUES (?, 11, 'completed', ?, ?, ?)",
            [(i % 5000 + 1, i % 5 + 1, now, now) for i in range(10_000)])
    repo = StatsRepo(db)
    everywhere = await repo.statistics(None)
    commune = await repo.statistics(Scope(SON_LA, TO_HIEU))
    assert everywhere.assessments == 10_000 and everywhere.submitted + everywhere.drafts == 10_000
    assert commune.submitted == sum(1 for i in range(10_000) if i % 2 == 0 and i % 3 != 2)
