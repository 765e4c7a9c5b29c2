"""Drive a simulated user through /danhgia as a person would, for the end-to-end tests."""

from __future__ import annotations

import random
import re

from emulator import BotMessage, SimUser
from knowledge.criteria.model import Sheet
from knowledge.criteria.products import PRODUCT_GROUPS
from knowledge.criteria.scoring import score
from storage import Repository
from storage.assessments import AssessmentRecord
from tests.support.texts import vi, vi_start

QUESTION = vi_start("Question %(i)s/%(n)s")  # "Câu "

TOTAL_RE = re.compile(r"(\d+(?:\.\d)?)/100")
STARS_RE = re.compile(r"(\d) sao")


ORGANISATION_QUESTION = vi_start(
    "First, the name of your organisation (cooperative, company or household business), "
    "as it will be written on your self-assessment report. Type it (up to {n} "
    "characters), or skip. I will ask only once.")
DEFAULT_ORGANISATION = "HTX Nông sản Tân Cương"


async def open_sheet(user: SimUser, sheet: int, name: str | None = "Sản phẩm thử",
                     organisation: str | None = DEFAULT_ORGANISATION) -> BotMessage:
    """Run /danhgia, pick the sheet through its group, answer the organisation question if it
    comes (the first time), give a name; return the next message."""
    await user.ask("/danhgia")
    group = next(i for i, g in enumerate(PRODUCT_GROUPS) if sheet in g.sheets)
    await user.press(f"{group + 1}. ")
    await user.next_reply()
    await user.press(f"{PRODUCT_GROUPS[group].sheets.index(sheet) + 1}. ")
    asked = await user.next_reply()
    if ORGANISATION_QUESTION in asked.text:
        if organisation is None:
            await user.press(vi("Skip ➡️"))
            await user.next_reply()
        else:
            await user.ask(organisation)
    if name is None:
        await user.press(vi("Skip ➡️"))
        return await user.next_reply()
    return await user.ask(name)


async def pass_eligibility(user: SimUser, first: BotMessage) -> BotMessage:
    """Answer Có to every eligibility condition; return the first question."""
    message = first
    while f"{QUESTION}1/" not in message.text:
        assert vi_start("Before the criteria: condition %(i)s of %(n)s") in message.text
        await user.press(vi("Yes"))
        message = await user.next_reply()
    return message


def random_answers(sheet: Sheet, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    return {c.code: rng.randrange(len(c.options)) for c in sheet.criteria}


async def answer_all(user: SimUser, sheet: Sheet, answers: dict[str, int]) -> BotMessage:
    """Press the chosen option of every question in order; return the review message."""
    message = user.last
    for number, criterion in enumerate(sheet.criteria, start=1):
        expected = f"{QUESTION}{number}/{len(sheet.criteria)}"
        assert message is not None and expected in message.text, (
            message.text if message else None)
        await user.press(f"{answers[criterion.code] + 1}. ")
        message = await user.next_reply()
    assert message is not None and vi("Check your answers") in message.text
    return message


async def finish_with_papers(user: SimUser) -> tuple[BotMessage, BotMessage, BotMessage]:
    """Press “See the result”; return the result, the Word and the PDF files (after the chart)."""
    return await_papers(await finish_all(user))


async def finish_all(user: SimUser) -> list[BotMessage]:
    """Press “See the result”; every reply up to the PDF file, the last one."""
    await user.press(vi("✅ See the result"))
    replies = [await user.next_reply(timeout=15.0)]
    while [r.kind for r in replies].count("document") < 2:
        replies.append(await user.next_reply(timeout=15.0))
    kinds = [r.kind for r in replies]
    assert kinds[-3:] == ["photo", "document", "document"], kinds
    return replies


def await_papers(replies: list[BotMessage]) -> tuple[BotMessage, BotMessage, BotMessage]:
    """The result message and the two files among the replies; each file has a caption."""
    word, pdf = (r for r in replies if r.kind == "document")
    assert word.document_name and word.document_name.endswith(".docx"), word.document_name
    assert pdf.document_name and pdf.document_name.endswith(".pdf"), pdf.document_name
    assert all(r.caption for r in replies if r.kind in ("photo", "document"))
    return next(r for r in replies if "/100" in r.text), word, pdf


async def finish(user: SimUser) -> BotMessage:
    """Press “See the result”; check the chart and the files come too; return the result."""
    return (await finish_with_papers(user))[0]


def parse_result(message: BotMessage) -> tuple[float, int]:
    total = TOTAL_RE.search(message.text)
    stars = STARS_RE.search(message.text)
    assert total and stars, message.text
    return float(total.group(1)), int(stars.group(1))


async def completed_assessment(repo: Repository, sheet: Sheet, user_id: int,
                               product: str | None = None) -> AssessmentRecord:
    """A finished self-assessment stored directly, every answer the best option."""
    record = await repo.assessments.create(user_id, sheet.number)
    if product is not None:
        await repo.assessments.update(record.id, product_name=product)
    for position, criterion in enumerate(sheet.criteria):
        if criterion.options:
            await repo.assessments.answer(record.id, criterion.code,
                                          len(criterion.options) - 1, position + 1)
    result = score(sheet, await repo.assessments.answers(record.id))
    await repo.assessments.complete(record.id, result.total, result.band, result.stars)
    found = await repo.assessments.get(record.id)
    assert found is not None
    return found
