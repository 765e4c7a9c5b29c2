"""The sheets' disqualifying conditions quoted without their heading; the star-mark note found."""

from knowledge.criteria.quotes import condition_without_heading, is_star_note
from tests.support.sheets import official_sheets


def test_the_printed_heading_is_left_out_of_every_sheet() -> None:
    for sheet in official_sheets().values():
        quoted = [condition_without_heading(c) for c in sheet.disqualifiers]
        assert not any("loại khi:" in q.lower() for q in quoted), sheet.number
        for printed, shown in zip(sheet.disqualifiers, quoted, strict=True):
            assert shown[:1].isupper() and printed.lower().endswith(shown.lower())


def test_a_condition_keeps_its_words() -> None:
    assert condition_without_heading("Hồ sơ bị loại khi: Giả mạo hồ sơ; hoặc không đạt") == (
        "Giả mạo hồ sơ; hoặc không đạt")
    assert condition_without_heading("Bị loại khi: giả mạo hồ sơ") == "Giả mạo hồ sơ"
    kept = "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu"
    assert condition_without_heading(kept) == kept


def test_every_sheet_but_26_prints_the_star_note_once() -> None:
    counts = {n: sum(map(is_star_note, s.notes)) for n, s in official_sheets().items()}
    assert counts == {n: (0 if n == 26 else 1) for n in counts}
