"""What a question says of the producer that picks a criterion's option: the market it sells in
(the distribution area and global market criteria) and how many of a thing it has (promotion
activities, nutrition indicators). Text is folded (knowledge/faq/normalize.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.criteria.model import Criterion
from knowledge.faq.normalize import folded_text, positions

# --- the market a producer sells in: the distribution area and the global market criteria ---

Levels = tuple[tuple[str, tuple[str, ...]], ...]  # (level, its phrases), narrowest first


def _folded(levels: Levels) -> Levels:
    """`levels` with their phrases folded as questions are ("Đông Nam Á" is "dong nam")."""
    return tuple((name, tuple(folded_text(p) for p in phrases)) for name, phrases in levels)


# Where a producer says it sells, narrowest first; the widest one said (and not denied, "chưa
# ra ngoài tỉnh") is its market.
MARKETS = _folded((
    ("commune", ("trong xa", "quanh xa", "trong thon", "trong ban", "trong lang", "cho xa",
                 "tai xa", "o xa thoi", "trong dia ban xa", "trong dia ban cap xa")),
    ("wider", ("ngoai xa", "trong tinh", "ngoai tinh", "trong huyen", "toan quoc", "ca nuoc",
               "cac tinh", "tinh khac", "ra ngoai", "sang xa", "xa ben canh", "xa khac",
               "xa lan can", "ngoai dia ban", "tinh ngoai")),
    ("abroad", ("xuat khau", "nuoc ngoai", "quoc te", "xuat sang")),
))
# Supermarkets and e-commerce count for the 5-point option only with contracts ("… hoặc phân
# phối tại các kênh thương mại hiện đại: siêu thị, thương mại điện tử … (có hợp đồng …)"):
# selling there alone places no option.
MODERN_CHANNELS = ("sieu thi", "thuong mai dien tu", "tmdt", "san thuong mai")
CONTRACTS = ("hop dong",)
_PROVINCES_COUNTED = re.compile(r" \d+ tinh ")  # "bán ở 3 tỉnh"
# The markets of the global market criterion the sheets name ("Mỹ, Nhật, EU…" are its
# high-standard examples): other countries are not placed. Folded, "Đông Nam Á" is "dong nam"
# and "Mỹ" is "mi": `_said` tells them from "Đông Nam Bộ" and "mỹ phẩm".
GLOBAL_MARKETS = _folded((
    ("south_east_asia", ("dong nam a", "asean", "thai lan", "campuchia", "singapore",
                         "malaysia", "indonesia", "philippines", "myanmar")),
    ("high_standard", ("nhat ban", "sang nhat", "thi truong nhat", "hoa ky", "sang my",
                       "thi truong my", "nuoc my", "eu", "chau au")),
))
_DENIALS = frozenset({"chua", "khong", "chang"})
DENIAL_SPAN = 6  # "chưa có đại lý nào ở nước ngoài"
_NOT_A_MARKET_AFTER = ("bo ", "pham ", "nghe ", "thuat ")  # Đông Nam Bộ, mỹ phẩm, mỹ nghệ
_COMMUNE_OPTION, _WIDER_OPTION, _ABROAD_OPTION, _SEA, _OUTSIDE_SEA, _HIGH_STANDARD = (
    folded_text(p) for p in ("trong địa bàn cấp xã", "ngoài địa bàn cấp xã", "quốc tế",
                             "Đông Nam Á", "ngoài khu vực", "tiêu chuẩn cao"))
_AGENTS = (("dai",), ("diem", "ban"))  # "đại lý", "đại diện", "điểm bán"
MANY_AGENTS = 5


def _said(text: str, phrase: str) -> bool:
    """Whether the folded `text` says `phrase` as a market, without denying it just before."""
    needle = f" {phrase} "
    return any(not _DENIALS & set(text[:i].split()[-DENIAL_SPAN:])
               and not text[i + len(needle):].startswith(_NOT_A_MARKET_AFTER)
               for i in positions(text, needle))


def _widest(text: str, levels: Levels) -> str | None:
    said = [name for name, phrases in levels if any(_said(text, p) for p in phrases)]
    return said[-1] if said else None


def _market_said(text: str) -> str | None:
    """The widest market `text` says a producer sells in (`MARKETS`), modern channels with
    contracts counting as the widest."""
    modern = (any(_said(text, p) for p in MODERN_CHANNELS)
              and any(_said(text, p) for p in CONTRACTS))
    if modern:
        return "abroad"
    return _widest(text, MARKETS) or ("wider" if _PROVINCES_COUNTED.search(text) else None)


def agent_count(words: Sequence[str]) -> int | None:
    """The number of agents a question states ("có 6 đại lý"), if any."""
    found = [int(w) for i, w in enumerate(words)
             if w.isdigit() and any(tuple(words[i + 1:i + 1 + len(a)]) == a for a in _AGENTS)]
    return found[0] if len(found) == 1 else None


def market_option(criterion: Criterion, text: str,
                   count: int | None) -> tuple[bool, tuple[float, str] | None]:
    """Whether `criterion` is about markets (distribution area, global market), and its option
    for the market `text` states (None when that market leaves the option open: outside the
    commune without the number of agents)."""
    folded = [(o, folded_text(o.text)) for o in criterion.options]
    if any(_COMMUNE_OPTION in f for _, f in folded):
        level = _market_said(text)
        fits = {"commune": lambda f: _COMMUNE_OPTION in f,
                "abroad": lambda f: _ABROAD_OPTION in f,
                "wider": lambda f: _WIDER_OPTION in f and (
                    count is not None and ("duoi" in f) == (count < MANY_AGENTS))}
    elif any(_SEA in f for _, f in folded):
        level = _widest(text, GLOBAL_MARKETS)
        fits = {"south_east_asia": lambda f: _SEA in f and _OUTSIDE_SEA not in f,
                "high_standard": lambda f: _HIGH_STANDARD in f}
    else:
        return False, None
    chosen = [o for o, f in folded if level is not None and fits[level](f)]
    return True, (chosen[0].points, chosen[0].text) if len(chosen) == 1 else None


# --- a number of things stated: promotion activities, nutrition indicators -------------------

COUNTED_THINGS = (("hoat", "dong"), ("chi", "tieu"))
# Folded, "năm" (year) and "sáu" (after) are "nam" and "sau": only the small numbers are read.
_NUMBER_NAMES = {"mot": 1, "hai": 2, "ba": 3, "bon": 4}


def _count_of(words: Sequence[str], thing: tuple[str, ...]) -> int | None:
    """The number said right before `thing` ("2 hoạt động", "hai chỉ tiêu"), if one is."""
    found = [int(words[i - 1]) if words[i - 1].isdigit() else _NUMBER_NAMES[words[i - 1]]
             for i in range(1, len(words)) if tuple(words[i:i + len(thing)]) == thing
             and (words[i - 1].isdigit() or words[i - 1] in _NUMBER_NAMES)]
    return found[0] if len(found) == 1 else None


def _holds_count(option: str, thing: tuple[str, ...], count: int) -> bool:
    """Whether a folded option's bound on `thing` holds `count` ("có 03 hoạt động … trở
    xuống", "có trên 2 chỉ tiêu", "có 1 2 chỉ tiêu"; "không có" holds none)."""
    words = option.split()
    at = next((i for i in range(len(words)) if tuple(words[i:i + len(thing)]) == thing), None)
    if at is None:
        return option == "khong co" and count == 0
    before = words[max(0, at - 2):at]
    numbers = [int(w) for w in before if w.isdigit()]
    if not numbers:
        return False
    if "tren" in before:
        return count > numbers[-1]
    if len(numbers) == 2:
        return numbers[0] <= count <= numbers[1]
    return 0 < count <= numbers[0] if "tro xuong" in option else count == numbers[0]


def counted_option(criterion: Criterion, words: Sequence[str]) -> tuple[float, str] | None:
    """The one option whose bound holds the number of things a question states."""
    for thing in COUNTED_THINGS:
        count = _count_of(words, thing)
        if count is None:
            continue
        fitting = [o for o in criterion.options if _holds_count(folded_text(o.text), thing, count)]
        if len(fitting) == 1:
            return fitting[0].points, fitting[0].text
    return None


def states_a_count(words: Sequence[str]) -> bool:
    """Whether a question states how many of a counted thing it has."""
    return any(_count_of(words, thing) is not None for thing in COUNTED_THINGS)
