"""`make demo` keeps every file the bot sends, so that a person can open the Word and PDF files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot as PtbBot

from core.i18n import I18n
from emulator import BotApiEmulator
from emulator.terminal import run_terminal_chat
from knowledge.criteria.scoring import score
from reports.chart import score_chart_png
from tests.support.sheets import official_sheets

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(global_limit_per_second=None) as server:
        yield server


async def test_every_sent_file_is_saved_and_its_path_printed(emu: BotApiEmulator,
                                                              tmp_path: Path) -> None:
    user = emu.user()
    output: list[str] = []
    script = iter(["/thoat"])

    async def read_line() -> str | None:
        async with PtbBot(emu.token, base_url=emu.base_url,
                          base_file_url=emu.base_file_url) as bot:
            await bot.send_document(user.id, b"PK-docx", filename="bao-cao.docx")
            await bot.send_photo(user.id, PNG, caption="chart")
        await user.next_reply()
        return next(script)

    await run_terminal_chat(emu, user, read_line=read_line, write=output.append,
                            save_dir=tmp_path, settle=0.2)
    saved = sorted(p.name for p in tmp_path.iterdir())
    assert len(saved) == 2 and saved[0].endswith("bao-cao.docx") and saved[1].endswith(".png")
    shown = "".join(output)
    assert all(str(tmp_path / name) in shown for name in saved)


def test_the_chart_names_the_product() -> None:
    # The product name changes the drawing; the same call twice draws the same picture.
    sheet = official_sheets()[4]
    result = score(sheet, {c.code: 0 for c in sheet.criteria})
    t = I18n().get("vi")
    plain = score_chart_png(result, t)
    named = score_chart_png(result, t, "Mật ong bạc hà")
    assert named != plain and named == score_chart_png(result, t, "Mật ong bạc hà")
