"""Helpers for the registration tests: officers with a scope, and a producer filling Mẫu 01."""

from __future__ import annotations

from emulator import BotMessage, SimUser
from knowledge import places
from tests.support.harness import RunningBot
from tests.support.texts import vi, vi_start


def place(province: str, commune: str) -> tuple[int, int]:
    """Codes of a commune found by name, e.g. ("son la", "ta xua")."""
    found = places.search(places.provinces(), province)[0]
    return found.code, places.search(places.communes(found.code), commune)[0].code


async def make_officer(bot: RunningBot, user: SimUser, province: int,
                       commune: int | None) -> None:
    """Give `user` an officer scope directly in the database."""
    await user.ask("/start")
    await bot.services.repo.db.write(
        "INSERT INTO officers (user_id, province_code, commune_code, created_at)"
        " VALUES (?, ?, ?, '2026-11-29T00:00:00+00:00')", (user.id, province, commune))
    await bot.services.repo.db.write("UPDATE users SET role = 'officer' WHERE id = ?", (user.id,))
    bot.services.repo.users.forget(user.id)


STEP = vi_start("<b>Registration · step {i}/{n}</b>").removeprefix("<b>")  # "Đăng ký · bước "


async def until_step(user: SimUser, number: int, reply: BotMessage | None = None) -> BotMessage:
    """Read the replies (from `reply` on, if given) up to registration step `number`'s question;
    return it."""
    while reply is None or f"{STEP}{number}/" not in reply.text:
        reply = await user.next_reply()
    return reply


async def pick_place(user: SimUser, name: str, step: int) -> None:
    """Type a place's name; press the first match unless an exact one was taken at once; wait
    for the question of `step`, the next one."""
    reply = await user.ask(name)
    if reply.text.startswith(vi("Choose one:")):
        await user.press("1. ")
        reply = await user.next_reply()
    await until_step(user, step, reply)


async def up_to_the_kind(user: SimUser, province: str = "son la", commune: str = "ta xua",
                         product: str = "Chè Shan tuyết cổ thụ", kind_word: str = "chè") -> None:
    """Agree and answer Mẫu 01 up to its registration kind (the first one); the criteria sheet
    is the first that `kind_word` finds."""
    await user.ask("/dangky")
    await user.press(vi("✅ I agree"))
    await until_step(user, 1)
    await user.press("1. ")
    await user.next_reply()
    await user.ask("HTX Chè <Tà Xùa>")
    await user.ask("Lò Văn Páo")
    await user.share_contact("+84912345678")
    await until_step(user, 5)
    await user.ask("htx@example.vn")
    await pick_place(user, province, 7)
    await pick_place(user, commune, 8)
    await user.ask(product)
    await user.ask(kind_word)
    await user.press("1. ")
    await until_step(user, 10)
    await user.press("1. ")


async def fill_registration(user: SimUser, province: str = "son la", commune: str = "ta xua",
                            product: str = "Chè Shan tuyết cổ thụ", kind_word: str = "chè"
                            ) -> BotMessage:
    """Answer every step of Mẫu 01, attaching no self-assessment; return the summary."""
    await up_to_the_kind(user, province, commune, product, kind_word)
    return await past_the_assessment(user)


async def past_the_assessment(user: SimUser) -> BotMessage:
    """After the kind: attach no self-assessment when step 11 offers some (it comes only when
    the producer has one on the product's sheet); return the summary."""
    reply = await user.next_reply()
    while vi("Check your registration") not in reply.text:
        if f"{STEP}11/" in reply.text:
            await user.press(vi("No self-assessment"))
        reply = await user.next_reply()
    return reply


async def submit(user: SimUser) -> tuple[BotMessage, BotMessage]:
    """Press Submit; return the confirmation and the filled Mẫu 01 Word file that follows it."""
    await user.press(vi("📨 Submit"))
    confirmation = await user.next_reply()
    form = await user.next_reply(timeout=10.0)
    assert form.kind == "document" and (form.document_name or "").endswith(".docx"), form
    return confirmation, form


async def submitted(bot: RunningBot) -> tuple[SimUser, SimUser]:
    """An officer of Tà Xùa and a producer whose registration reached them (the notice read)."""
    province, commune = place("son la", "ta xua")
    officer, producer = bot.user(), bot.user()
    await make_officer(bot, officer, province, commune)
    await fill_registration(producer)
    await submit(producer)
    await officer.next_reply()
    return officer, producer
