"""The 26 criteria sheets: they load, obey every rule, and match QĐ 26/2026/QĐ-TTg.

The expectations below were read by hand from the decree text (Phụ lục II), not generated from
the YAML files, so a wrong figure in the data fails here.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from knowledge.criteria import loader
from knowledge.criteria.loader import (
    SHEETS_DIR,
    CriteriaError,
    load_sheet,
    load_sheets,
    validate_sheet,
)
from knowledge.criteria.model import Criterion, Group, Option, Part, Sheet
from tests.support import yamlc
from tools import convert_criteria as convert

DECREE = Path(os.environ.get("OCOP_DECREE_TEXT", "/work/shared/reference/qd-26-2026-qd-ttg.txt"))

Points = list[tuple[float, int]]  # (points, star mark) of each option, in printed order


@pytest.fixture(scope="module")
def sheets() -> dict[int, Sheet]:
    return load_sheets()


def criterion(sheet: Sheet, code: str) -> Criterion:
    found = [c for c in sheet.criteria if c.code == code]
    assert len(found) == 1, f"sheet {sheet.number} has {len(found)} criteria coded {code}"
    return found[0]


# --- every sheet loads and obeys the rules -------------------------------------------------


def test_all_26_sheets_load_in_order(sheets: dict[int, Sheet]) -> None:
    assert list(sheets) == list(range(1, 27))
    assert all(sheet.number == number for number, sheet in sheets.items())


@pytest.mark.parametrize("number", range(1, 27))
def test_sheet_is_valid(sheets: dict[int, Sheet], number: int) -> None:
    sheet = sheets[number]
    assert validate_sheet(sheet) == []
    assert [(p.letter, p.max_points) for p in sheet.parts] == [("A", 40), ("B", 25), ("C", 35)]
    assert sheet.max_points == 100


@pytest.mark.parametrize("number", range(1, 27))
def test_criteria_know_their_part_and_group(sheets: dict[int, Sheet], number: int) -> None:
    for part in sheets[number].parts:
        for group in part.groups:
            for item in group.criteria:
                assert (item.part, item.group) == (part.letter, group.code)


def test_yaml_files_are_nfc_with_stable_key_order() -> None:
    order = {
        "sheet": [
            "number", "title", "product_group", "subgroup", "disqualifiers", "notes", "parts",
        ],
        "part": ["letter", "title", "max_points", "groups"],
        "group": ["code", "title", "max_points", "note", "criteria"],
        "criterion": [
            "code", "title", "max_points", "requirement", "note", "correction", "yes_no",
            "parent", "options",
        ],
        "option": ["text", "points", "stars"],
    }  # fmt: skip
    for path in sorted(SHEETS_DIR.glob("*.yaml")):
        text = path.read_bytes().decode("utf-8")
        assert unicodedata.is_normalized("NFC", text), path.name
        _assert_key_order(yamlc.safe_load(text), order, path.name)


def _assert_key_order(data: dict, order: dict[str, list[str]], where: str) -> None:
    def check(node: dict, kind: str) -> None:
        keys = list(node)
        assert keys == [k for k in order[kind] if k in node], f"{where}: {kind} keys {keys}"

    check(data, "sheet")
    for part in data["parts"]:
        check(part, "part")
        for group in part["groups"]:
            check(group, "group")
            for item in group["criteria"]:
                check(item, "criterion")
                for option in item["options"]:
                    check(option, "option")


# --- sheet headings, read from the decree ----------------------------------------------------

HEADINGS = [
    (1, "Rau, củ, quả, hạt tươi", "Thực phẩm", "Thực phẩm tươi sống"),
    (2, "Thịt, thủy sản, trứng, sữa tươi", "Thực phẩm", "Thực phẩm tươi sống"),
    (3, "Gạo, ngũ cốc, hạt sơ chế khác", "Thực phẩm", "Thực phẩm thô, sơ chế"),
    (4, "Mật ong, mật khác và nông sản thực phẩm khác", "Thực phẩm", "Thực phẩm thô, sơ chế"),
    (5, "Đồ ăn nhanh", "Thực phẩm", "Thực phẩm chế biến"),
    (6, "Chế biến từ gạo, ngũ cốc", "Thực phẩm", "Thực phẩm chế biến"),
    (7, "Chế biến từ rau, củ, quả, hạt", "Thực phẩm", "Nông sản chế biến"),
    (
        8,
        "Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản "
        "thực phẩm khác",
        "Thực phẩm",
        "Nông sản chế biến",
    ),
    (9, "Tương, nước mắm, gia vị dạng lỏng khác", "Thực phẩm", "Gia vị"),
    (10, "Gia vị khác (muối, hành, tỏi, tiêu,...)", "Thực phẩm", "Gia vị"),
    (11, "Chè tươi, chè chế biến", "Thực phẩm", "Chè"),
    (12, "Sản phẩm trà từ thực vật khác", "Thực phẩm", "Chè"),
    (13, "Cà phê, cacao", "Thực phẩm", "Cà phê, Ca cao"),
    (14, "Rượu trắng", "Đồ uống", "Đồ uống có cồn"),
    (15, "Đồ uống có cồn khác", "Đồ uống", "Đồ uống có cồn"),
    (16, "Nước khoáng thiên nhiên, nước uống đóng chai", "Đồ uống", "Đồ uống không cồn"),
    (17, "Đồ uống không cồn khác", "Đồ uống", "Đồ uống không cồn"),
    (
        18,
        "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền",
        "Dược liệu",
        "Thực phẩm chức năng, thuốc từ dược liệu, thuốc cổ truyền",
    ),
    (19, "Mỹ phẩm có thành phần từ dược liệu", "Dược liệu", "Mỹ phẩm"),
    (20, "Tinh dầu và dược liệu khác", "Dược liệu", "Dược liệu khác"),
    (
        21,
        "Thủ công mỹ nghệ gia dụng, trang trí",
        "Thủ công mỹ nghệ",
        "Thủ công mỹ nghệ gia dụng, trang trí",
    ),
    (22, "Vải, may mặc", "Hàng thủ công mỹ nghệ", "Vải, may mặc"),
    # Sheets 23–26 print no "Nhóm:"; their group is the one of Phụ lục I.
    (23, "Hoa", "Sinh vật cảnh", "Hoa"),
    (24, "Cây cảnh", "Sinh vật cảnh", "Cây cảnh"),
    (25, "Động vật cảnh", "Sinh vật cảnh", "Động vật cảnh"),
    (
        26,
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
    ),
]


@pytest.mark.parametrize(("number", "title", "product_group", "subgroup"), HEADINGS)
def test_sheet_heading(
    sheets: dict[int, Sheet], number: int, title: str, product_group: str, subgroup: str
) -> None:
    sheet = sheets[number]
    assert (sheet.title, sheet.product_group, sheet.subgroup) == (title, product_group, subgroup)


# --- criteria compared by hand with the decree -------------------------------------------------

HANDBOOK = "HƯỚNG DẪN SỬ DỤNG ĐỂ ĐẢM BẢO SẢN PHẨM CÓ CHẤT LƯỢNG TỐT NHẤT CHO NGƯỜI TIÊU DÙNG"
NUTRITION_4 = (
    "DINH DƯỠNG (Chỉ ra hàm lượng của các chỉ tiêu dinh dưỡng như: Vitamin B2, B3, B5, B6, B9; "
    "đường khử tự đo;... theo phiếu kiểm nghiệm)"
)
FEATURES_22 = (
    "Các tính năng của sản phẩm (Giá trị sử dụng của sản phẩm: Tranh ảnh trang trí; túi đựng "
    "mỹ phẩm; lắc tay;...)"
)

HAND_CHECKED: list[tuple[int, str, str, float, Points]] = [
    (1, "1.3", "Gia tăng giá trị", 3, [(1, 0), (2, 0), (3, 5)]),
    (1, "1.6", "Bảo vệ môi trường trong quá trình sản xuất", 3, [(1, 4), (2, 0), (3, 0)]),
    (1, "6.2", "Màu sắc, độ chín", 4, [(0, 0), (1, 0), (2, 0), (3, 4), (4, 0)]),
    (1, "12", "CƠ HỘI THỊ TRƯỜNG TOÀN CẦU", 3, [(1, 0), (2, 0), (3, 0)]),
    (2, "1.3", "Vùng sản xuất được cấp chứng nhận chất lượng", 2, [(0, 0), (1, 0), (2, 0)]),
    (2, "6.1", "Tạp chất", 4, [(1, 0), (2, 0), (4, 5)]),
    (2, "6.3", "Màu sắc", 5, [(0, 0), (1, 0), (3, 4), (5, 5)]),
    (3, "5.1", "Câu chuyện sản phẩm", 5, [(0, 0), (1, 0), (2, 0), (3, 0), (5, 4)]),
    (3, "6.1", "Tạp chất", 3, [(1, 0), (2, 0), (3, 4)]),
    (3, "6.2", "Kích thước, độ đồng đều", 3, [(0, 0), (1, 0), (2, 0), (3, 4)]),
    (3, "9", "CÔNG BỐ SẢN PHẨM", 5, [(2, 3), (4, 0), (5, 0)]),
    (4, "1.2", "Vùng nguyên liệu được cấp chứng nhận chất lượng", 2, [(0, 0), (1, 0), (2, 0)]),
    (4, "6.3", "Màu sắc, thể chất", 4, [(0, 0), (1, 0), (2, 4), (4, 5)]),
    (4, "6.4", "Mùi, vị", 4, [(0, 0), (1, 0), (2, 0), (3, 4), (4, 5)]),
    (4, "7", NUTRITION_4, 3, [(0, 0), (1, 0), (3, 0)]),
    (5, "1.1", "Nguồn nguyên liệu", 3, [(1, 0), (2, 3), (3, 0)]),
    (5, "2.1", "Nguồn gốc ý tưởng sản phẩm", 5, [(0, 0), (3, 0), (5, 4)]),
    (5, "6.5", "Vị", 4, [(0, 0), (1, 0), (2, 4), (4, 5)]),
    (6, "6.1", "Tạp chất", 3, [(0, 0), (1, 0), (3, 4)]),
    (6, "6.2", "Ngoại hình, đồng đều", 3, [(0, 0), (1, 0), (2, 0), (3, 0)]),
    (6, "6.5", "Vị", 3, [(0, 0), (1, 0), (2, 4), (3, 5)]),
    (7, "1.1", "Nguồn nguyên liệu", 3, [(1, 3), (2, 0), (3, 0)]),
    (7, "3.1", "Loại hình tổ chức sản xuất - kinh doanh", 3, [(1, 0), (2, 0), (3, 0)]),
    (7, "6.4", "Mùi", 3, [(1, 0), (2, 4), (3, 5)]),
    (7, "6.5", "Vị", 5, [(0, 0), (1, 0), (3, 4), (5, 5)]),
    (8, "2.1", "Nguồn gốc ý tưởng sản phẩm", 3, [(1, 0), (2, 0), (3, 4)]),
    (8, "6.2", "Hình dạng, thể chất", 3, [(0, 0), (1, 0), (2, 0), (3, 0)]),
    (8, "6.5", "Vị", 4, [(0, 0), (1, 0), (2, 4), (4, 5)]),
    (9, "1.1", "Nguồn nguyên liệu", 5, [(1, 3), (3, 0), (5, 0)]),
    (9, "6.2", "Thể chất", 3, [(0, 0), (1, 0), (2, 0), (3, 0)]),
    (9, "6.5", "Vị", 4, [(0, 0), (1, 0), (2, 4), (4, 5)]),
    (10, "1.2", "Vùng nguyên liệu được cấp chứng nhận chất lượng", 2, [(0, 0), (1, 0), (2, 0)]),
    (10, "3.5", "Sở hữu trí tuệ", 3, [(1, 3), (2, 0), (3, 0)]),
    (10, "6.3", "Màu sắc", 3, [(0, 0), (1, 0), (2, 4), (3, 5)]),
    (11, "6.1.1", "Tạp chất", 2, [(0, 0), (1, 0), (2, 4)]),
    (11, "6.1.2", "Hình dạng, màu sắc cánh chè", 2, [(0, 0), (1, 0), (2, 4)]),
    (11, "6.2.1", "Màu nước", 3, [(0, 0), (1, 0), (2, 0), (3, 0)]),
    (11, "6.2.3", "Vị nước", 5, [(0, 0), (1, 0), (3, 0), (5, 0)]),
    (12, "6.2", "Hình dạng (Của ngoại hình trà, trà thảo mộc,...)", 2, [(0, 0), (1, 0), (2, 0)]),
    (12, "6.3", "Màu nước", 3, [(0, 0), (1, 0), (2, 4), (3, 0)]),
    (12, "6.5", "Vị nước", 5, [(0, 0), (1, 0), (3, 4), (5, 0)]),
    (13, "4.2", "Tổ chức phân phối (Gồm: Tổ chức kinh doanh, phân phối sản phẩm)", 4,
     [(0, 0), (1, 0), (3, 0), (4, 0)]),
    (13, "4.3", "Quảng bá sản phẩm", 4, [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0)]),
    (13, "6.1.1", "Tạp chất lạ", 2, [(0, 0), (1, 0), (2, 0)]),
    (13, "6.2.2", "Mùi, vị", 3, [(0, 0), (1, 0), (3, 0)]),
    (14, "1.2", "Gia tăng giá trị", 3, [(1, 0), (2, 0), (3, 0)]),
    (14, "6.2", "Màu sắc", 3, [(0, 0), (1, 0), (3, 0)]),
    (14, "6.3", "Mùi", 5, [(0, 0), (1, 0), (2, 0), (3, 0), (5, 0)]),
    (14, "10", "CƠ HỘI THỊ TRƯỜNG TOÀN CẦU", 5, [(1, 0), (3, 0), (5, 0)]),
    (15, "1.1", "Nguồn nguyên liệu", 4, [(1, 3), (2, 0), (4, 0)]),
    (15, "6.2", "Màu sắc", 3, [(0, 0), (1, 4), (3, 0)]),
    (15, "6.4", "Vị", 5, [(0, 0), (1, 0), (2, 0), (3, 4), (5, 0)]),
    (16, "1.2", "Gia tăng giá trị", 3, [(1, 0), (2, 0), (3, 0)]),
    (16, "6.1", "Tạp chất lạ", 3, [(0, 0), (3, 0)]),
    (16, "6.3", "Mùi", 4, [(0, 0), (2, 0), (4, 0)]),
    (16, "9", "ĐIỀU KIỆN ĐẢM BẢO AN TOÀN CHẤT LƯỢNG SẢN PHẨM", 5, [(1, 0), (3, 0), (5, 5)]),
    (17, "6.1", "Tạp chất lạ", 3, [(0, 0), (1, 0), (3, 0)]),
    (17, "6.2", "Màu sắc", 4, [(0, 0), (2, 4), (4, 0)]),
    (17, "6.4", "Vị", 3, [(0, 0), (1, 0), (2, 0), (3, 0)]),
    (18, "6", "CHẤT LƯỢNG AN TOÀN THỰC PHẨM", 5, [(1, 3), (3, 4), (5, 0)]),
    (18, "7", "CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM", 4, [(2, 0), (4, 0)]),
    (18, "10", "KIỂM TRA ĐỊNH KỲ (Hồ sơ kiểm tra định kỳ các chỉ tiêu an toàn)", 3,
     [(1, 0), (3, 0)]),
    (18, "12", "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM", 3, [(0, 0), (1, 0), (3, 0)]),
    (19, "6", "CÔNG BỐ CHẤT LƯỢNG", 5, [(0, 0), (1, 0), (3, 0), (5, 0)]),
    (19, "7", "CHỈ TIÊU CẢM QUAN (Kiểm tra theo tiêu chuẩn công bố)", 3, [(0, 0), (1, 0), (3, 0)]),
    (19, "11", "KIỂM TRA ĐỊNH KỲ (Hồ sơ kiểm tra định kỳ các chỉ tiêu an toàn)", 3,
     [(0, 0), (1, 0), (3, 0)]),
    (20, "6", "CÔNG BỐ CHẤT LƯỢNG", 5, [(1, 0), (3, 0), (5, 0)]),
    (20, "8", "SỰ TIỆN LỢI KHI SỬ DỤNG, BẢO QUẢN", 5, [(0, 0), (1, 0), (3, 0), (5, 0)]),
    (20, "10", "TÍNH AN TOÀN (Theo hồ sơ nghiên cứu, thử nghiệm,...)", 3, [(0, 0), (1, 0), (3, 0)]),
    (21, "1.1", "Nguồn nguyên liệu", 4, [(1, 3), (2, 0), (4, 0)]),
    (21, "2.2", "Bao bì, ghi nhãn sản phẩm", 4, [(1, 3), (3, 0), (4, 4)]),
    (21, "6.2", "Thiết kế độc đáo", 5, [(1, 0), (3, 0), (5, 5)]),
    (21, "7", "CÔNG BỐ CHẤT LƯỢNG SẢN PHẨM", 4, [(1, 3), (2, 0), (4, 0)]),
    (22, "2.2", "Bao bì, ghi nhãn sản phẩm", 5, [(1, 3), (3, 0), (5, 4)]),
    (22, "6.4", FEATURES_22, 4, [(0, 0), (1, 0), (2, 0), (4, 0)]),
    (22, "8", HANDBOOK, 3, [(1, 0), (2, 0), (3, 0)]),
    (23, "6.1", "Kích thước, hình dạng bề ngoài", 5, [(0, 0), (1, 0), (2, 0), (5, 4)]),
    (23, "6.2", "Màu sắc", 5, [(1, 0), (1, 0), (3, 4), (5, 5)]),
    (23, "8", "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM", 4, [(0, 0), (2, 0), (4, 3)]),
    (23, "9", HANDBOOK, 4, [(2, 0), (4, 0)]),
    (24, "1.2", "Gia tăng giá trị", 4, [(1, 0), (2, 0), (4, 0)]),
    (24, "6.1", "Hình dáng so với loại sản phẩm", 5, [(1, 0), (3, 0), (5, 5)]),
    (24, "6.3", "Kiểu dáng, tạo hình, mỹ thuật", 5, [(1, 0), (2, 0), (3, 0), (5, 5)]),
    (25, "1.1", "Nguồn gốc sản phẩm", 4, [(1, 0), (2, 0), (4, 0)]),
    (25, "6.2", "Màu sắc", 5, [(1, 0), (3, 0), (5, 0)]),
    (25, "8", "ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM", 5, [(0, 0), (3, 0), (5, 3)]),
    (26, "1.3", "Bảo vệ môi trường trong cộng đồng làm du lịch/điểm du lịch", 4,
     [(1, 0), (2, 0), (3, 0), (4, 0)]),
    (26, "3.4", "Tăng trưởng sản xuất kinh doanh", 3, [(1, 0), (3, 4)]),
    (26, "4.2", "Liên kết vùng và chuỗi giá trị trong sản phẩm dịch vụ du lịch", 3,
     [(1, 0), (2, 0), (3, 0)]),
    (26, "8", "Đáp ứng điều kiện kinh doanh dịch vụ", 3, [(1, 0), (3, 0), (1, 0), (3, 0)]),
    (26, "14", "Chất lượng phục vụ", 4, [(1, 0), (2, 0), (4, 0)]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "code", "title", "max_points", "options"),
    HAND_CHECKED,
    ids=[f"{n:02d}-{code}" for n, code, *_ in HAND_CHECKED],
)
def test_criterion_matches_decree(
    sheets: dict[int, Sheet], number: int, code: str, title: str, max_points: float,
    options: Points,
) -> None:  # fmt: skip
    item = criterion(sheets[number], code)
    assert item.title == title
    assert item.max_points == max_points
    assert [(o.points, o.stars) for o in item.options] == options


def test_every_sheet_is_hand_checked_at_least_three_times() -> None:
    counts = {n: sum(1 for row in HAND_CHECKED if row[0] == n) for n in range(1, 27)}
    assert min(counts.values()) >= 3, counts


CRITERIA_COUNTS = {
    1: 32, 2: 31, 3: 32, 4: 32, 5: 31, 6: 32, 7: 32, 8: 32, 9: 31, 10: 32, 11: 32, 12: 32,
    13: 34, 14: 29, 15: 29, 16: 29, 17: 29, 18: 31, 19: 30, 20: 30, 21: 28, 22: 28, 23: 26,
    24: 26, 25: 25, 26: 32,
}  # fmt: skip


def test_answerable_criteria_per_sheet(sheets: dict[int, Sheet]) -> None:
    assert {n: len(s.criteria) for n, s in sheets.items()} == CRITERIA_COUNTS


def test_bilingual_label_is_the_only_yes_no_criterion(sheets: dict[int, Sheet]) -> None:
    expected = {n: ["2.4"] for n in range(1, 21)} | {21: ["2.3"], 22: ["2.3"]}
    found = {n: [c.code for c in s.criteria if c.yes_no] for n, s in sheets.items()}
    assert found == expected | {n: [] for n in (23, 24, 25, 26)}
    item = criterion(sheets[21], "2.3")
    assert [(o.text, o.points) for o in item.options] == [("Không", 0), ("Có", 1)]


def test_tea_and_coffee_sub_criteria_have_parents(sheets: dict[int, Sheet]) -> None:
    tea = {c.code: c.parent for c in sheets[11].criteria if c.parent}
    assert tea == {"6.1.1": "6.1", "6.1.2": "6.1", "6.2.1": "6.2", "6.2.2": "6.2", "6.2.3": "6.2"}
    coffee = {c.code: c.parent for c in sheets[13].criteria if c.parent}
    assert coffee == {f"6.1.{i}": "6.1" for i in range(1, 6)} | {"6.2.1": "6.2", "6.2.2": "6.2"}


def test_requirements_notes_and_disqualifiers(sheets: dict[int, Sheet]) -> None:
    assert criterion(sheets[2], "1.1").requirement == (
        "100% sản phẩm được nuôi trồng, đánh bắt trên địa bàn cấp tỉnh "
        "(không tính phạm vi ngư trường đánh bắt)"
    )
    assert criterion(sheets[1], "5.3").title == "Trí tuệ/bản sắc địa phương"
    assert criterion(sheets[1], "5.3").requirement.startswith("Nội dung câu chuyện sản phẩm OCOP")
    assert criterion(sheets[1], "5.2").note == "Chỉ áp dụng khi có câu chuyện sản phẩm"
    assert len(sheets[1].disqualifiers) == 1  # printed twice, kept once
    assert "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc" in (
        sheets[7].disqualifiers
    )
    assert sheets[19].disqualifiers[0].startswith("Bị loại khi: Giả mạo hồ sơ")
    assert all(sheet.disqualifiers for sheet in sheets.values())


# --- recorded corrections of the print -------------------------------------------------------

EXPECTED_CORRECTIONS = {
    3: {"5.1"},
    4: {"1.2", "7"},
    7: {"1.2", "3.1", "7"},
    10: {"1.2"},
    11: {"1.2", "6.1.1"},
    23: {"6.2", "9"},
}


def test_corrections_are_recorded_exactly_where_expected(sheets: dict[int, Sheet]) -> None:
    found = {n: {c.code for c in s.criteria if c.correction} for n, s in sheets.items()}
    assert {n: codes for n, codes in found.items() if codes} == EXPECTED_CORRECTIONS


def test_corrected_figures(sheets: dict[int, Sheet]) -> None:
    cases = [
        (4, "7", 2, 3, '"13"'),
        (11, "6.1.1", 1, 1, '"11"'),
        (7, "3.1", 1, 2, '"1"'),
        (4, "1.2", 0, 0, "để trống"),
    ]
    for number, code, index, points, printed in cases:
        item = criterion(sheets[number], code)
        assert item.options[index].points == points
        assert printed in item.correction, (number, code)
    assert criterion(sheets[23], "9").max_points == 4
    assert '"4 1"' in criterion(sheets[23], "9").correction


def test_sheet_26_records_its_part_a_heading_and_missing_disqualifier(
    sheets: dict[int, Sheet],
) -> None:
    notes = sheets[26].notes
    assert any('"(35 Điểm)"' in note and "40" in note for note in notes)
    assert any("không in dòng" in note for note in notes)
    assert sheets[26].part("A").max_points == 40


def test_sheet_13_prints_every_sub_criterion_number(sheets: dict[int, Sheet]) -> None:
    """The source numbers all coffee/tea sub-criteria and sheet 13's figures add up."""
    assert not [c.code for c in sheets[13].criteria if c.correction]
    assert not [c.code for c in sheets[13].criteria if c.code.endswith((".a", ".b"))]


# --- the converter and the committed data stay in step ----------------------------------------


@pytest.fixture(scope="module")
def converted() -> dict[int, str]:
    if not DECREE.exists():
        pytest.skip(f"decree text not available at {DECREE}")
    return convert.convert_file(DECREE)


def test_converter_output_equals_committed_yaml(converted: dict[int, str]) -> None:
    committed = {int(p.stem): p.read_text(encoding="utf-8") for p in SHEETS_DIR.glob("*.yaml")}
    assert sorted(converted) == sorted(committed)
    for number, text in converted.items():
        assert text == committed[number], f"sheets/{number:02d}.yaml differs from the converter"


def test_converter_refuses_an_uncorrected_defect(
    converted: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(convert.CORRECTIONS, (4, "7"))
    with pytest.raises(convert.ConversionError, match="sheet 04: criterion 7"):
        convert.convert_file(DECREE)


def test_converter_refuses_a_stale_correction(
    converted: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = convert.Fix("test", points={2: (12, 3)})
    monkeypatch.setitem(convert.CORRECTIONS, (4, "7"), stale)
    monkeypatch.setitem(convert.CORRECTIONS, (4, "9.9"), stale)
    with pytest.raises(convert.ConversionError) as failure:
        convert.convert_file(DECREE)
    assert "expects option 3 printed 12" in str(failure.value)
    assert "(4, '9.9') matched no criterion" in str(failure.value)


# --- validation rejects broken sheets ----------------------------------------------------------


def small_criterion(part: str, code: str, max_points: float) -> Criterion:
    options = (Option("Thấp", 0), Option("Cao", max_points, 3))
    return Criterion(code, part, code.split(".")[0], "Tiêu chí", max_points, options)


def small_sheet() -> Sheet:
    parts = tuple(
        Part(letter, f"Phần {letter}", points, (Group(code, "Nhóm", points, (crit,)),))
        for letter, points, code in (("A", 40, "1"), ("B", 25, "2"), ("C", 35, "3"))
        for crit in (small_criterion(letter, f"{code}.1", points),)
    )
    return Sheet(1, "Thử", "Thực phẩm", "Nhóm thử", parts, ("Hồ sơ bị loại khi: giả mạo",))


def with_criterion(sheet: Sheet, **changes: object) -> Sheet:
    """`sheet` with the criterion of Part A replaced by a changed copy."""
    part = sheet.parts[0]
    group = part.groups[0]
    changed = replace(group.criteria[0], **changes)  # type: ignore[arg-type]
    part = replace(part, groups=(replace(group, criteria=(changed,)),))
    return replace(sheet, parts=(part, *sheet.parts[1:]))


def test_small_sheet_is_valid() -> None:
    assert validate_sheet(small_sheet()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"options": (Option("Thấp", 0), Option("Cao", 30))}, "best option gives 30"),
        ({"options": (Option("Chỉ một", 40),)}, "needs at least 2"),
        ({"options": (Option("", 0), Option("Cao", 40))}, "an option has no text"),
        ({"options": (Option("Thấp", 0), Option("Cao", 40, 2))}, "star marks"),
        ({"title": " "}, "empty code or title"),
        ({"part": "B"}, "belongs to part A"),
        ({"yes_no": True}, "yes/no options"),
        ({"parent": "9.9"}, "parent 9.9 is not a prefix"),
        ({"code": "7.1"}, "does not belong to group 1"),
    ],
)
def test_validation_rejects_a_broken_criterion(changes: dict, message: str) -> None:
    problems = validate_sheet(with_criterion(small_sheet(), **changes))
    assert any(message in p for p in problems), problems


def test_validation_rejects_broken_structure() -> None:
    sheet = small_sheet()
    a, b, c = sheet.parts
    group = replace(a.groups[0], max_points=39)
    cases = [
        (replace(sheet, parts=(b, a, c)), "parts are ['B', 'A', 'C']"),
        (replace(sheet, parts=(a, b)), "sheet is worth 65 points"),
        (replace(sheet, parts=(replace(a, groups=(group,)), b, c)), "criteria add up to 40"),
        (replace(sheet, parts=(replace(a, max_points=35), b, c)), "part A is worth 35"),
        (replace(sheet, disqualifiers=()), "no disqualifying condition"),
        (replace(sheet, disqualifiers=("x", "x")), "repeats a disqualifying condition"),
        (replace(sheet, title=""), "sheet title is empty"),
        (replace(sheet, number=27), "outside 1..26"),
    ]
    for broken, message in cases:
        problems = validate_sheet(broken)
        assert any(message in p for p in problems), (message, problems)


def test_duplicate_codes_are_rejected() -> None:
    sheet = small_sheet()
    a, b, c = sheet.parts
    twin = replace(
        a.groups[0].criteria[0], max_points=20, options=(Option("x", 0), Option("y", 20))
    )
    group = replace(a.groups[0], criteria=(twin, twin))
    problems = validate_sheet(replace(sheet, parts=(replace(a, groups=(group,)), b, c)))
    assert "criterion code 1.1 is used more than once" in problems


def test_load_sheets_lists_every_problem_of_every_file(tmp_path: Path) -> None:
    shutil.copy(SHEETS_DIR / "01.yaml", tmp_path / "01.yaml")
    shutil.copy(SHEETS_DIR / "02.yaml", tmp_path / "05.yaml")
    text = (SHEETS_DIR / "03.yaml").read_text(encoding="utf-8")
    (tmp_path / "03.yaml").write_text(text.replace("max_points: 40", "max_points: 41", 1))
    (tmp_path / "04.yaml").write_text("number: 4\ntitle: Thiếu phần\n", encoding="utf-8")
    with pytest.raises(CriteriaError) as failure:
        load_sheets(tmp_path)
    message = str(failure.value)
    assert "05.yaml: holds sheet 2" in message
    assert "03.yaml: part A is worth 41, expected 40" in message
    assert "04.yaml: sheet 04: missing key 'product_group'" in message
    assert "01.yaml" not in message


def test_load_sheet_rejects_numeric_codes(tmp_path: Path) -> None:
    text = (SHEETS_DIR / "01.yaml").read_text(encoding="utf-8")
    path = tmp_path / "01.yaml"
    path.write_text(text.replace("code: '7'", "code: 7", 1), encoding="utf-8")
    with pytest.raises(CriteriaError, match="expected text, got 7"):
        load_sheet(path)


def test_default_folder_must_hold_all_26_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in SHEETS_DIR.glob("*.yaml"):
        if path.stem != "13":
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(loader, "SHEETS_DIR", tmp_path)
    with pytest.raises(CriteriaError, match=r"sheets \[13\] are missing"):
        load_sheets()
    assert len(load_sheets(tmp_path)) == 25
