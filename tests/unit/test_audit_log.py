"""The audit log read in pages: newest first, with the names of the users it names."""

from storage import Repository


async def test_pages_are_newest_first_and_skip_what_came_before(repo: Repository) -> None:
    for number in range(1, 8):
        await repo.officers.audit(None, "registration_accepted", number)
    assert await repo.officers.audit_count() == 7
    first = await repo.officers.audit_page(0, 3)
    second = await repo.officers.audit_page(3, 3)
    last = await repo.officers.audit_page(6, 3)
    assert [e.subject_id for e in first] == [7, 6, 5]
    assert [e.subject_id for e in second] == [4, 3, 2]
    assert [e.subject_id for e in last] == [1]
    assert await repo.officers.audit_page(9, 3) == []


async def test_entries_carry_names_and_their_details(repo: Repository) -> None:
    await repo.users.touch(11, "Lan", "Lò", "lan_canbo")
    await repo.users.touch(12, "Huệ")
    await repo.officers.audit(12, "officer_revoked", 11)
    await repo.officers.audit(99, "invitation_withdrawn", None, invitation=3, province=14)
    revoked, withdrawn = reversed(await repo.officers.audit_page(0, 10))
    assert (revoked.actor_name, revoked.subject_name) == ("Huệ", "Lan Lò @lan_canbo")
    assert revoked.details == {} and revoked.created_at.tzinfo is not None
    assert withdrawn.actor_name is None and withdrawn.subject_name is None  # never wrote
    assert withdrawn.details == {"invitation": 3, "province": 14}


async def test_odd_stored_details_still_read(repo: Repository) -> None:
    for details in ("", "not json", "[1, 2]"):
        await repo.db.write(
            "INSERT INTO audit_log (actor_id, action, subject_id, details, created_at)"
            " VALUES (NULL, 'something_new', NULL, ?, '2026-11-30T00:00:00+00:00')", (details,))
    listed = await repo.officers.audit_page(0, 10)
    assert [e.details for e in listed] == [{"value": [1, 2]}, {"text": "not json"}, {}]
