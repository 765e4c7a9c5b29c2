"""Officers' open questions: the scope is applied in SQL before the limit."""

from storage import Repository
from storage.faq import Outcome
from storage.officers import Scope

SON_LA, TA_XUA, MUONG_BU = 14, 3868, 3871
HA_NOI, BA_DINH = 1, 4


async def asker_in(repo: Repository, user_id: int, province: int, commune: int | None) -> int:
    """A person whose latest registration is in `commune`, with one question handed off."""
    await repo.users.touch(user_id, f"User {user_id}")
    draft = await repo.registrations.create_draft(user_id)
    await repo.registrations.update(draft.id, province_code=province, commune_code=commune)
    log_id = await repo.faq.log(user_id, f"Câu hỏi của {user_id}", Outcome.NONE, None)
    handoff = await repo.faq.hand_off(log_id, user_id)
    assert handoff is not None
    return handoff.id


async def test_a_question_in_scope_is_not_crowded_out_by_older_ones_elsewhere(
        repo: Repository) -> None:
    for user_id in range(1, 61):
        await asker_in(repo, user_id, HA_NOI, BA_DINH)
    ta_xua = await asker_in(repo, 100, SON_LA, TA_XUA)
    muong_bu = await asker_in(repo, 101, SON_LA, MUONG_BU)
    assert ta_xua not in [h.id for h in await repo.faq.open_handoffs(50)]
    found = await repo.faq.open_handoffs_in(Scope(SON_LA), 50)
    assert [h.id for h in found] == [ta_xua, muong_bu]
    assert [h.id for h in await repo.faq.open_handoffs_in(Scope(SON_LA, TA_XUA), 50)] == [ta_xua]
    assert len(await repo.faq.open_handoffs_in(Scope(HA_NOI), 50)) == 50
    assert len(await repo.faq.open_handoffs_in(None, 100)) == 62


async def test_the_askers_latest_place_decides_and_answered_questions_leave(
        repo: Repository) -> None:
    moved = await asker_in(repo, 1, HA_NOI, BA_DINH)
    later = await repo.registrations.create_draft(1)
    await repo.registrations.update(later.id, province_code=SON_LA, commune_code=TA_XUA)
    assert [h.id for h in await repo.faq.open_handoffs_in(Scope(SON_LA, TA_XUA))] == [moved]
    assert await repo.faq.open_handoffs_in(Scope(HA_NOI)) == []
    await repo.users.touch(2, "Officer")
    assert await repo.faq.answer_handoff(moved, 2, "Trả lời")
    assert await repo.faq.open_handoffs_in(Scope(SON_LA)) == []
