"""The six product groups of Điều 2.2 and a search from a typed product (Vietnamese or English)
to its sheets; the English words and names of the sheets are in products_en.yaml."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.criteria.loader import SHEET_COUNT

ENGLISH_FILE = Path(__file__).with_name("products_en.yaml")
SHEET_NUMBERS = range(1, SHEET_COUNT + 1)


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
# English words are data in products_en.yaml (ENGLISH_SHEETS below).
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


@dataclass(frozen=True, slots=True)
class EnglishSheet:
    name: str  # a short gloss of the official Vietnamese title
    words: tuple[str, ...]  # everyday English words, singular


def _english_sheet(number: int, raw: Any) -> EnglishSheet:
    where = f"{ENGLISH_FILE.name}, sheet {number}"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise ValueError(f"{where}: needs a name")
    words = raw.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise ValueError(f"{where}: needs a list of words")
    if any(fold(w) != w for w in words):
        raise ValueError(f"{where}: words must be plain lowercase: {words}")
    return EnglishSheet(raw["name"], tuple(words))


def load_english(path: Path = ENGLISH_FILE) -> dict[int, EnglishSheet]:
    """The English name and words of every sheet; a sheet missing or unknown is an error."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping) or sorted(raw) != list(SHEET_NUMBERS):
        raise ValueError(f"{path.name}: needs exactly the sheets {SHEET_NUMBERS.start}–"
                         f"{SHEET_NUMBERS.stop - 1}")
    return {number: _english_sheet(number, raw[number]) for number in SHEET_NUMBERS}


@cache
def english_sheets() -> dict[int, EnglishSheet]:
    """products_en.yaml, read once on first use (start-up asks for it, so a broken file stops
    the bot there)."""
    return load_english()


def english_name(sheet: int) -> str:
    """The short English gloss of a sheet's official title."""
    return english_sheets()[sheet].name


# Short English glosses of the sheets' groups ("Nhóm" in each sheet's heading, Phụ lục I–II),
# keyed by the Vietnamese name as the sheets print it; shown beside it to English users.
SUBGROUP_GLOSSES: dict[str, str] = {
    "Thực phẩm tươi sống": "fresh food",
    "Thực phẩm thô, sơ chế": "raw, pre-processed food",
    "Thực phẩm chế biến": "processed food",
    "Nông sản chế biến": "processed farm produce",
    "Gia vị": "seasonings",
    "Chè": "tea",
    "Cà phê, Ca cao": "coffee, cocoa",
    "Đồ uống có cồn": "alcoholic drinks",
    "Đồ uống không cồn": "non-alcoholic drinks",
    "Thực phẩm chức năng, thuốc từ dược liệu, thuốc cổ truyền": (
        "functional foods, herbal medicines, traditional medicines"),
    "Mỹ phẩm": "cosmetics",
    "Dược liệu khác": "other medicinal herbs",
    "Thủ công mỹ nghệ gia dụng, trang trí": "household and decorative handicrafts",
    "Vải, may mặc": "textiles, clothing",
    "Hoa": "flowers",
    "Cây cảnh": "ornamental plants",
    "Động vật cảnh": "ornamental animals",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": (
        "community tourism, eco-tourism and tourist sites"),
}


def english_subgroup(name: str) -> str | None:
    """The short English gloss of a sheet's group (its Vietnamese name), if it has one."""
    return SUBGROUP_GLOSSES.get(name)


def _stem(word: str) -> str:
    # Cut what separates singular from plural, so that both sides meet: "berries" and "berry"
    # → "berri", "sauces" and "sauce" → "sauc", "noodles" → "noodl"; "glass", "cactus" stay.
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("y"):
        word = word[:-1] + "i"
    return word


def english_key(text: str) -> str:
    """`text` folded, each word cut to a stem shared by its singular and plural."""
    return " ".join(_stem(word) for word in fold(text).split())


@cache
def _english_phrases() -> dict[int, tuple[str, ...]]:
    return {number: tuple({english_key(p) for p in (*sheet.words, sheet.name)})
            for number, sheet in english_sheets().items()}


def _best_phrases(words: str, phrases: Mapping[int, tuple[str, ...]]) -> dict[int, int]:
    """For each sheet, the length of its longest phrase found in the padded `words`."""
    scores = {sheet: max((len(p) for p in candidates if f" {p} " in words), default=0)
              for sheet, candidates in phrases.items()}
    return {sheet: best for sheet, best in scores.items() if best}


def vietnamese_matches(query: str, titles: Mapping[int, str]) -> dict[int, int]:
    """Sheets whose title or Vietnamese words appear in `query`, with their longest match."""
    phrases = {sheet: (*SHEET_WORDS.get(sheet, ()), fold(title))
               for sheet, title in titles.items()}
    return _best_phrases(f" {fold(query)} ", phrases)


def english_matches(query: str) -> dict[int, int]:
    """Sheets whose English words or name appear in `query`, singular or plural."""
    return _best_phrases(f" {english_key(query)} ", _english_phrases())


def find_sheets(query: str, titles: Mapping[int, str], limit: int = 6) -> list[int]:
    """Sheets whose title or everyday words (Vietnamese or English) appear in `query`, best
    match first."""
    scores = vietnamese_matches(query, titles)
    for sheet, best in english_matches(query).items():
        if sheet in titles:
            scores[sheet] = max(best, scores.get(sheet, 0))
    return sorted(scores, key=lambda s: (-scores[s], s))[:limit]
