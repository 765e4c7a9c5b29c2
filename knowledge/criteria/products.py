"""The six product groups of Điều 2.2 and a search from a typed product to its sheets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProductGroup:
    name: str  # as listed in Điều 2 khoản 2 of the decree
    sheets: tuple[int, ...]


PRODUCT_GROUPS: tuple[ProductGroup, ...] = (
    ProductGroup("Thực phẩm", tuple(range(1, 14))),
    ProductGroup("Đồ uống", (14, 15, 16, 17)),
    ProductGroup("Dược liệu và sản phẩm từ dược liệu", (18, 19, 20)),
    ProductGroup("Hàng thủ công mỹ nghệ", (21, 22)),
    ProductGroup("Sinh vật cảnh", (23, 24, 25)),
    ProductGroup("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", (26,)),
)

# Everyday words for the products of each sheet, to find sheets from what people type.
# They only help search: the user always confirms the sheet by its official title.
SHEET_WORDS: dict[int, tuple[str, ...]] = {
    1: ("rau", "cu", "qua", "trai cay", "hoa qua", "hat tuoi", "rau qua"),
    2: ("thit", "thuy san", "hai san", "ca", "tom", "trung", "sua tuoi"),
    3: ("gao", "ngu coc", "ngo", "dau", "lac", "hat"),
    4: ("mat ong", "mat"),
    5: ("do an nhanh", "an nhanh", "mi"),
    6: ("bun", "pho", "mien", "banh", "com", "banh da", "che bien tu gao"),
    7: ("mut", "o mai", "say", "dua muoi", "che bien rau qua"),
    8: ("gio", "cha", "lap xuong", "gac bep", "ruoc", "nem", "sua chua", "mat ong"),
    9: ("nuoc mam", "tuong", "xi dau", "mam"),
    10: ("muoi", "hanh", "toi", "tieu", "gia vi", "ot"),
    11: ("che", "tra xanh", "shan tuyet", "tra"),
    12: ("tra", "tra thao moc", "tra hoa", "atiso"),
    13: ("ca phe", "cafe", "cacao", "ca cao"),
    14: ("ruou", "ruou trang"),
    15: ("ruou vang", "ruou ngam", "bia", "do uong co con", "ruou"),
    16: ("nuoc khoang", "nuoc uong dong chai", "nuoc suoi", "nuoc tinh khiet"),
    17: ("nuoc ep", "nuoc giai khat", "do uong khong con", "siro"),
    18: ("thuc pham chuc nang", "thuoc duoc lieu", "thuoc nam", "thuoc co truyen", "cao"),
    19: ("my pham", "dau goi", "xa phong", "son", "kem"),
    20: ("tinh dau", "duoc lieu"),
    21: ("thu cong", "my nghe", "may tre", "gom", "su", "go", "coi", "dan lat"),
    22: ("vai", "may mac", "tho cam", "lua", "det", "quan ao"),
    23: ("hoa", "hoa lan", "lan", "hoa hong", "dao"),
    24: ("cay canh", "bonsai"),
    25: ("dong vat canh", "ca canh", "chim canh"),
    26: ("du lich", "homestay", "sinh thai", "diem du lich", "du lich cong dong"),
}


def fold(text: str) -> str:
    """Lowercase, strip Vietnamese marks (đ → d) and punctuation, collapse spaces."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def group_of(sheet: int) -> ProductGroup:
    """The product group a sheet belongs to."""
    return next(g for g in PRODUCT_GROUPS if sheet in g.sheets)


def find_sheets(query: str, titles: dict[int, str], limit: int = 6) -> list[int]:
    """Sheets whose title or everyday words appear in `query`, best match first."""
    words = f" {fold(query)} "
    if not words.strip():
        return []
    scores: dict[int, int] = {}
    for sheet, title in titles.items():
        phrases = (*SHEET_WORDS.get(sheet, ()), fold(title))
        best = max((len(p) for p in phrases if f" {p} " in words), default=0)
        if best:
            scores[sheet] = best
    return sorted(scores, key=lambda s: (-scores[s], s))[:limit]
