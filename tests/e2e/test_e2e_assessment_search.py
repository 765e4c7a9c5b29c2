"""End to end: an English user finds a criteria sheet by typing an English product word, and
gets the Mẫu 02 Word file in Vietnamese, as it is filed."""

import io

import docx

from core.i18n import I18n
from tests.support.harness import RunningBot
from tests.support.sheets import official_sheets
from tests.support.texts import vi

EN = I18n().get("en")
HONEY = 4  # Mật ong, mật khác và nông sản thực phẩm khác
HONEY_PRODUCTS = 8  # Chế biến từ … các sản phẩm từ mật ong …
SHEETS = official_sheets()


async def test_an_english_user_types_honey_and_gets_the_honey_sheet(fast_bot: RunningBot) -> None:
    user = fast_bot.user(language_code="en")
    groups = await user.ask("/assess")
    assert "for example: tea, honey, rice wine." in groups.text
    found = await user.ask("honey")
    assert EN("Criteria sheets that match “{query}”:", query="honey") in found.text
    lines = found.text.splitlines()
    assert f"1. {SHEETS[HONEY].title} (honey and other farm foods) · sheet {HONEY}" in lines
    assert any(line.startswith("2. ") and line.endswith(f"· sheet {HONEY_PRODUCTS}")
               for line in lines)
    assert [b.text for b in found.buttons[:2]] == [
        "1. Honey and other farm foods", "2. Meat, fish, milk, honey products"]
    await user.press("1. ")
    await user.next_reply()  # the organisation, asked once
    named = await user.ask("skip")
    assert f"Sheet {HONEY}: {SHEETS[HONEY].title}" in named.text
    assert ("The criteria are quoted in Vietnamese, word for word from Decision "
            "26/2026/QĐ-TTg.") in named.text
    record = await fast_bot.services.repo.assessments.in_progress_for(user.id)
    assert record is not None and record.sheet == HONEY


async def test_an_unknown_english_word_is_answered_kindly_with_the_groups(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user(language_code="en")
    await user.ask("/assess")
    sorry = await user.ask("spaceship")
    groups = await user.next_reply()
    assert sorry.text == EN("I could not find a criteria sheet for “{query}”. "
                            "Please choose the product group instead.", query="spaceship")
    assert groups.text.startswith("Self-assessment: which group is your product in?")
    assert await fast_bot.services.repo.assessments.in_progress_for(user.id) is None


async def test_a_vietnamese_user_still_sees_the_vietnamese_examples_and_titles(
    fast_bot: RunningBot,
) -> None:
    user = fast_bot.user()
    groups = await user.ask("/danhgia")
    assert vi("Or type what you make, for example: tea, honey, rice wine.") in groups.text
    assert "chè, mật ong, rượu" in groups.text
    found = await user.ask("mật ong")
    assert f"1. {SHEETS[HONEY].title} (phiếu {HONEY})" in found.text.splitlines()
    assert found.buttons[0].text == f"1. {SHEETS[HONEY].title}"


async def test_an_english_user_gets_the_word_form_in_vietnamese_and_the_pdf_in_english(
    fast_bot: RunningBot,
) -> None:
    """Found by a user trial: the Word file began "Form No. 02 … SELF-ASSESSMENT REPORT"."""
    user = fast_bot.user(language_code="en")
    await user.ask("/assess")
    await user.ask("honey")
    await user.press("1. ")
    await user.next_reply()  # the organisation
    await user.ask("HTX Mật ong Đồng Văn")
    message = await user.ask("Mountain honey")
    while "Question 1/" not in message.text:
        await user.press(EN("Yes"))
        message = await user.next_reply()
    for _ in SHEETS[HONEY].criteria:
        await user.press("1. ")
        message = await user.next_reply()
    await user.press(EN("✅ See the result"))
    replies = [await user.next_reply(timeout=15.0)]
    while [r.kind for r in replies].count("document") < 2:
        replies.append(await user.next_reply(timeout=15.0))
    word, pdf = (r for r in replies if r.kind == "document")
    assert "in Vietnamese as it is filed" in (word.caption or "")
    paper = docx.Document(io.BytesIO(word.document_bytes or b""))
    text = "\n".join(p.text for p in paper.paragraphs)
    assert "BÁO CÁO" in text and "SELF-ASSESSMENT REPORT" not in text
    assert "HTX Mật ong Đồng Văn" in text
    assert "to read on your phone" in (pdf.caption or "")  # the PDF stays in English
