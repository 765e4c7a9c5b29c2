"""Answer questions about a criterion or a criteria sheet straight from the decree's data.

"tiêu chí liên kết sản xuất rau quả được mấy điểm", "4 sao cần gì về bao bì", "phiếu chè có
bao nhiêu tiêu chí": the product words pick the sheet (phiếu), the title words pick the
criterion, and the answer is composed from the sheet itself, so it cannot drift from the data.
Anything that is not clearly about a criterion or a sheet returns None and goes to the FAQ.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from knowledge.criteria.model import Criterion, Group, Sheet
from knowledge.criteria.products import SHEET_WORDS as CRITERIA_SHEET_WORDS
from knowledge.criteria.products import english_name
from knowledge.criteria.scoring import STAR_LEVELS, required_minimum
from knowledge.faq import computed as calc
from knowledge.faq.normalize import folded_text
from knowledge.faq.normalize import tokens as fold_tokens

# --- product words → sheets ----------------------------------------------------------------

# Phrases read as no product at all, matched before product words ("hàng hóa" is not "hoa").
NEUTRAL = frozenset(re.split(
    r"\|",
    "hang hoa|van hoa|hoa chat|hoa don|thuong mai hoa|da dang hoa|hien dai hoa|so hoa|"
    "co gioi hoa|tu dong hoa|toan cau hoa|chebien|che do|han che|co che|che tao|khong che|"
    "che pham|kiem tra|tra cuu|dieu tra|thanh tra|tra loi|tra tien|ca nhan|tat ca|ca hai|"
    "moi truong|nuoc ngoai|thong tin|tieng anh|tieu chi|tieu chuan|tieu thu|tieu dung|bao tieu|"
    "chi tieu|muc tieu|y tuong|doi tuong|tuong tu|tuong duong|tuong lai|thu tuong|trung uong|"
    "trung binh|trung tam|tap trung|trung thuc|trung quoc|trung bay|dac trung|thanh pho|pho bien|"
    "pho thong|mien phi|mien nui|mien bac|mien nam|mien trung|mien giam|vai tro|ca the|"
    "ban hanh|hanh chinh|thuc hanh|dieu hanh|cha me",
))
PRODUCTS: dict[str, tuple[int, ...]] = {
    "rau": (1,), "rau cu": (1,), "rau qua": (1,), "cu qua": (1,), "hoa qua": (1,),
    "trai cay": (1,), "qua tuoi": (1,), "hat tuoi": (1,), "nong san tuoi": (1,),
    "thit": (2,), "thuy san": (2,), "trung": (2,), "sua tuoi": (2,), "tom": (2,),
    "ca tuoi": (2,), "hai san": (2,),
    "gao": (3,), "ngu coc": (3,), "nep": (3,), "hat so che": (3,),
    "mat ong": (4, 8), "mat mia": (4,),
    "do an nhanh": (5,), "mi an lien": (5,), "an lien": (5,),
    "banh": (6,), "bun": (6,), "pho": (6,), "mien": (6,), "banh trang": (6,), "banh da": (6,),
    "mut": (7,), "hoa qua say": (7,), "trai cay say": (7,),
    "cha": (8,), "gio cha": (8,), "lap xuong": (8,), "ruoc": (8,), "kho ca": (8,),
    "thit say": (8,), "nem": (8,),
    "nuoc mam": (9,), "tuong": (9,), "xi dau": (9,), "mam": (9,), "gia vi long": (9,),
    "gia vi": (9, 10), "muoi": (10,), "ho tieu": (10,), "tieu": (10,), "cu toi": (10,),
    "ot": (10,), "hanh tim": (10,), "bot nghe": (10,), "vai thieu": (1,),
    "che": (11,), "che tuoi": (11,), "tra xanh": (11,), "che xanh": (11,), "tra": (11, 12),
    "tra thao moc": (12,), "tra hoa": (12,), "tra atiso": (12,), "tra gung": (12,),
    "tra thuc vat": (12,), "thao moc": (12,),
    "ca phe": (13,), "cafe": (13,), "cacao": (13,), "ca cao": (13,),
    "ruou": (14,), "ruou trang": (14,), "ruou gao": (14,), "ruou ngo": (14,),
    "ruou vang": (15,), "vang dau tam": (15,), "vang nho": (15,), "vang sim": (15,),
    "bia": (15,), "ruou trai cay": (15,), "ruou ngam": (15,),
    "do uong co con": (15,),
    "nuoc khoang": (16,), "nuoc dong chai": (16,), "nuoc uong dong chai": (16,),
    "nuoc tinh khiet": (16,),
    "nuoc ep": (17,), "nuoc giai khat": (17,), "do uong khong con": (17,), "sinh to": (17,),
    "thuc pham chuc nang": (18,), "thuoc duoc lieu": (18,), "thuoc co truyen": (18,),
    "thuoc nam": (18,), "thuoc bac": (18,),
    "my pham": (19,), "dau goi": (19,), "sua tam": (19,), "xa phong": (19,),
    "xa bong": (19,),
    "tinh dau": (20,), "duoc lieu": (18, 20),
    "thu cong my nghe": (21,), "thu cong": (21,), "my nghe": (21,), "may tre dan": (21,),
    "may tre": (21,),
    # "gốm" alone folds like "gồm" (includes): named only in a phrase.
    "do gom": (21,), "gom su": (21,), "do go": (21,), "binh gom": (21,), "xuong gom": (21,),
    "lang gom": (21,), "gom bat trang": (21,), "gom phu lang": (21,),
    "vai": (22,), "may mac": (22,), "tho cam": (22,), "det": (22,), "quan ao": (22,),
    "hoa": (23,), "hoa tuoi": (23,), "hoa lan": (23,), "hoa hong": (23,), "hoa cuc": (23,),
    "cay canh": (24,), "bonsai": (24,), "dao canh": (24,), "quat canh": (24,),
    "mai canh": (24,), "dong vat canh": (25,), "ca canh": (25,),
    "chim canh": (25,),
    "du lich": (26,), "du lich cong dong": (26,), "du lich sinh thai": (26,),
    "diem du lich": (26,), "homestay": (26,),
    # Kinds named by their own name: "bánh chưng", "miến dong", "lan hồ điệp".
    "banh chung": (6,), "banh tet": (6,), "mien dong": (6,), "phong lan": (23,),
    "lan ho diep": (23,), "lan rung": (23,), "vuon lan": (23,), "ca koi": (25,), "koi": (25,),
    "nep cai hoa vang": (3,),
    # Fruit and fish named by kind ("sầu riêng", "cá tra"): not the ones whose folded name is
    # another word ("nhãn" of "nhãn mác", "bưởi" of "buổi", "cua" of "của", "chuối" of
    # "chuỗi giá trị").
    "sau rieng": (1,), "xoai": (1,), "thanh long": (1,), "mang cut": (1,), "chom chom": (1,),
    "mit": (1,), "vu sua": (1,), "dua hau": (1,), "chanh day": (1,), "cam sanh": (1,),
    "khoai lang tuoi": (1,), "buoi da xanh": (1,), "buoi dien": (1,),
    "ca tra": (2,), "ca basa": (2,), "tom su": (2,), "tom the": (2,), "ca loc": (2,),
    "ca kho": (8,), "muc kho": (8,), "muc mot nang": (8,), "linh chi": (20,),
}
# Words that make a fresh product a processed one (sheet 1→7, 2→8, 3→6, 4→8).
PROCESSED_WORDS = frozenset({"chebien", "say", "mut", "keo"})
PROCESSED = {1: 7, 2: 8, 3: 6, 4: 8}
RAW_WORDS = frozenset({"nguyen", "tho", "rung"})

# --- query words → criterion title words --------------------------------------------------

_LABEL = "phong cach ghi nhan hang hoa"
ALIASES: dict[str, str] = {
    "bao bi": "dong goi", "bao goi": "dong goi bao bi", "nhan mac": _LABEL, "tem nhan": _LABEL,
    "nhan san pham": _LABEL, "nhan hang": _LABEL, "ghi nhan": _LABEL, "nhan dan": _LABEL,
    "song ngu": "ghi nhan hang hoa su dung song ngu",
    "thuong hieu": "so huu tri tue", "nhan hieu": "so huu tri tue",
    "xuat khau": "co hoi thi truong toan cau", "vietgap": "vung nguyen lieu chung nhan",
    "globalgap": "vung nguyen lieu chung nhan", "haccp": "dam bao chat luong",
    "iso": "dam bao chat luong", "tieng anh": "ghi nhan hang hoa su dung song ngu",
    "phu nu": "nu",
    "doanh thu": "tang truong kinh doanh", "cam quan": "chi tieu cam quan",
    # the local workforce, in the words of an employer ("công nhân" folds to "công nhận")
    "nhan vien": "lao dong", "nhan cong": "lao dong", "nguoi lam": "lao dong",
    "trong xa": "dia phuong", "nguoi dia phuong": "lao dong dia phuong",
}
# Aliases read only for a question that names a product: without one, the FAQ entry on the
# representative's bonus answers better than the criterion's options.
PRODUCT_ALIASES: dict[str, str] = {
    # The title goes on ("… là nữ; hoặc đồng bào dân tộc thiểu số; hoặc người khuyết tật"):
    # its first words name it.
    "dai dien phap luat": "dai dien phap luat chu the nu dong bao dan toc thieu so nguoi "
                          "khuyet tat",
}
GENERIC = frozenset(re.findall(
    r"\w+",
    "san pham xuat cua va trong theo cho cac de hoac la co tu voi ve qua trinh nhung mot duoc "
    "khac tieu chi",
))
POINT_WORDS = frozenset({"diem", "cham", "toi da", "yeu cau", "can gi", "muc", "lua chon",
                         "max"})
# Without a product, only a plain question about points or a star minimum is taken here: "how
# does linkage earn points" is a FAQ question, "how many points is linkage worth" is not.
STRICT_POINT_WORDS = frozenset({"may diem", "bao nhieu diem", "toi da", "diem toi da",
                                "duoc may", "can gi", "yeu cau gi", "can dat gi"})
COUNT_WORDS = frozenset({"bao nhieu", "may", "gom", "gom nhung", "liet ke", "danh sach",
                         "nhung tieu chi", "cac tieu chi"})
# A criterion named without a product must exist on most sheets to be the one meant.
MIN_SHEETS_WITHOUT_PRODUCT = 13
MIN_TITLE_SHARE = 0.5
# Titles whose named shares differ by less than this are a tie.
SHARE_TIE = 0.02
# Answers computed from the sheets that the FAQ text cannot give as precisely.
COMPUTED_KINDS = frozenset({"rank", "part_max", "option", "minimum"})


@dataclass(frozen=True, slots=True)
class CriterionAnswer:
    """An answer composed from the criteria data, in both languages.

    `kind`: "criterion" or "group" (points and options of one criterion or group), "sheet"
    (what a sheet contains), "level" (a sheet's minimum requirements for a star level),
    "which_sheet" (which sheet a product uses), "choose_sheet" (several sheets fit: the user
    should say which) or "need_product" (the criterion differs between sheets).
    `product_named` is false when the question named no product or sheet: the FAQ's own
    confident answer then takes precedence.
    """

    kind: str
    text_vi: str
    text_en: str
    sheets: tuple[int, ...]
    code: str = ""
    title: str = ""
    max_points: float | None = None
    star_level: int | None = None
    locale: str = "vi"
    product_named: bool = True

    @property
    def text(self) -> str:
        """The answer in the locale it was asked in."""
        return self.text_en if self.locale.startswith("en") else self.text_vi


@dataclass(frozen=True, slots=True)
class Target:
    """A criterion, or a group of several criteria, that a question can name."""

    sheet: Sheet
    code: str
    title: str
    max_points: float
    key: frozenset[str]
    pairs: frozenset[str]
    criterion: Criterion | None = None
    group: Group | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a question says: its words, candidate sheets, star level and criterion code."""

    words: tuple[str, ...]
    text: str
    sheets: tuple[int, ...]
    star: int | None
    code: str | None


# --- reading the question --------------------------------------------------------------------

_CODE = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2}){1,2}")
# ASCII only: str.isdigit() accepts "²" and int() refuses it or numbers of thousands of digits.
_SMALL_NUMBER = re.compile(r"[0-9]{1,2}")
_MAX_PHRASE = 4


# Pairs read as one word: "chế biến", "sơ chế", "chế độ" are not the product "chè", "hàng mây
# tre" is not "hạng mấy".
_GLUED = {("che", "bien"): "chebien", ("so", "che"): "soche", ("che", "tac"): "chetac",
          ("che", "tao"): "chetao", ("che", "pham"): "chepham", ("che", "do"): "chedo",
          ("may", "tre"): "maytre"}


def _glue_pairs(words: list[str]) -> list[str]:
    """`words` with the pairs of `_GLUED` joined."""
    out: list[str] = []
    for word in words:
        if out and (out[-1], word) in _GLUED:
            out[-1] = _GLUED[(out[-1], word)]
        else:
            out.append(word)
    return out


def _scan(words: Sequence[str], table: Mapping[str, tuple[int, ...]]) -> list[tuple[int, ...]]:
    """The sheets of the product phrases found left to right."""
    return [table[phrase] for phrase in _scan_phrases(words, table)]


def _scan_phrases(words: Sequence[str], table: Mapping[str, object]) -> list[str]:
    """Product phrases found left to right, longest first; neutral phrases hide their words."""
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            if phrase in _FOLDED_NEUTRAL or phrase in table:
                if phrase in table:
                    found.append(phrase)
                i += size
                break
        else:
            i += 1
    return found


def products_named(words: Sequence[str]) -> list[tuple[str, ...]]:
    """The product names that folded `words` say, each as its words, in order ("mật ong được 3
    sao rồi, in logo lên chai rượu mơ" says "mật ong" and "rượu mơ")."""
    return [tuple(p.split()) for p in _scan_phrases(_glue_pairs(list(words)), _FOLDED_PRODUCTS)]


def product_sheets(words: Sequence[str]) -> tuple[int, ...]:
    """Sheets that the product words of a question point to, in order (several = ambiguous)."""
    found = _scan(words, _FOLDED_PRODUCTS)
    # "nước ép thanh long", "rượu măng cụt": the fruit is what the named product is made of
    # (a rice spirit's sheet becomes the fruit wines' one).
    if len(found) > 1 and (1,) in found:
        found = [(15,) if f == (14,) else f for f in found if f != (1,)] or found
    if PROCESSED_WORDS & set(words):
        found = [tuple(dict.fromkeys(PROCESSED.get(n, n) for n in f)) for f in found]
    elif RAW_WORDS & set(words):
        found = [f[:1] if f == (4, 8) else f for f in found]
    return tuple(dict.fromkeys(n for f in found for n in f))


def _explicit_sheet(words: Sequence[str]) -> tuple[int, ...]:
    for i, word in enumerate(words[:-1]):
        rest = words[i + 1:i + 3]
        number = rest[1] if rest[0] == "so" and len(rest) > 1 else rest[0]
        if word == "phieu" and _SMALL_NUMBER.fullmatch(number) and 1 <= int(number) <= 26:
            return (int(number),)
    return ()


def sheet_choice(words: Sequence[str]) -> tuple[int, ...]:
    """The sheets a question offers to choose between: "phiếu 11 hay 12", "phiếu 11 hay phiếu
    12" (none unless two)."""
    for i in range(len(words) - 3):
        first, middle, rest = words[i + 1], words[i + 2], words[i + 3:i + 5]
        second = rest[1] if rest[0] == "phieu" and len(rest) > 1 else rest[0]
        if (words[i] == "phieu" and middle == "hay" and _SMALL_NUMBER.fullmatch(first)
                and _SMALL_NUMBER.fullmatch(second)):
            return tuple(dict.fromkeys(int(n) for n in (first, second) if 1 <= int(n) <= 26))
    return ()


def _sheets_named(words: Sequence[str]) -> tuple[int, ...]:
    """The sheets a question names: the product's among those it offers to choose between
    ("trà hoa vàng là phiếu 11 hay 12"), else the sheet it names by number, else its product's."""
    choice = sheet_choice(words)
    if len(choice) > 1:
        product = product_sheets(words)
        return product if product and set(product) <= set(choice) else choice
    return _explicit_sheet(words) or product_sheets(words)


def _star(words: Sequence[str]) -> int | None:
    for before, word in itertools.pairwise(words):
        if word == "sao" and before in {"1", "2", "3", "4", "5"}:
            return int(before)
    return None


def _code(words: Sequence[str]) -> str | None:
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if _CODE.fullmatch(word) and after != "diem":
            return word
        if _SMALL_NUMBER.fullmatch(word) and words[i - 2:i] == ["tieu", "chi"] and after != "diem":
            return word
    return None


# What ends "được bao nhiêu ạ": the amount asked is points when a criterion is named.
_AMOUNT_ENDS = frozenset({"", "admin", "a", "ah", "vay", "ha", "nhi", "the", "khong"})


def _points_said(words: list[str]) -> list[str]:
    """"mấy đ" is "mấy điểm"; "tiêu chí 3.2 được bao nhiêu (ạ)" asks its points."""
    out = [("diem" if w == "d" and i and words[i - 1] in ("may", "nhieu") else w)
           for i, w in enumerate(words)]
    if "diem" in out or not (("tieu" in out and "chi" in out) or _code(out)):
        return out
    for i in range(len(out) - 2):
        asked = out[i:i + 3] == ["duoc", "bao", "nhieu"]
        if asked and (out[i + 3] if i + 3 < len(out) else "") in _AMOUNT_ENDS:
            return [*out[:i + 3], "diem", *out[i + 3:]]
    return out


def parse(text: str) -> Parsed:
    """Read the product, star level and criterion code a question mentions."""
    words = _points_said(_glue_pairs(list(fold_tokens(text))))
    sheets = _sheets_named(words)
    return Parsed(tuple(words), f" {' '.join(words)} ", sheets, _star(words), _code(words))


def _has(parsed: Parsed, phrases: frozenset[str]) -> bool:
    return any(f" {p} " in parsed.text for p in phrases)


def _fold_phrase(phrase: str) -> str:
    """A table phrase spelled as questions are once normalised ("my pham" → "mi pham")."""
    return " ".join(_glue_pairs(list(fold_tokens(phrase))))


def _fold_keys(table: Mapping[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    return {_fold_phrase(k): v for k, v in table.items()}


# --- finding the criterion ---------------------------------------------------------------


def short_title(title: str) -> str:
    """A title without its parenthesised explanation, in sentence case if printed in capitals."""
    head = title.split(" (")[0].strip().rstrip(":")
    return head.capitalize() if head.isupper() else head


def _key(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """A title's distinctive words, and its pairs of adjacent words ("lien ket")."""
    words = fold_tokens(short_title(title))
    pairs = frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))
    return frozenset(t for t in words if t not in GENERIC), pairs


def sheet_targets(sheet: Sheet) -> list[Target]:
    """Every criterion of `sheet`, and every group of two or more criteria, as targets."""
    targets: list[Target] = []
    for part in sheet.parts:
        for group in part.groups:
            if len(group.criteria) > 1:
                targets.append(Target(sheet, group.code, group.title, group.max_points,
                                      *_key(group.title), group=group))
            targets += [
                Target(sheet, c.code, c.title, c.max_points, *_key(c.title), criterion=c)
                for c in group.criteria
            ]
    return targets


@dataclass(frozen=True, slots=True)
class Match:
    """A target and how much of its title the question names."""

    target: Target
    share: float
    matched: int


class _TitleMatcher:
    """Scores targets by the IDF-weighted share of their title words found in a question."""

    def __init__(self, targets: Sequence[Target]) -> None:
        keys = {t.key for t in targets}
        counts: dict[str, int] = defaultdict(int)
        for key in keys:
            for word in key:
                counts[word] += 1
        self.idf = {w: math.log(1 + len(keys) / c) for w, c in counts.items()}

    def words(self, parsed: Parsed) -> tuple[frozenset[str], frozenset[str]]:
        """The question's words plus the title words its aliases stand for, and the latter."""
        aliases = [*_FOLDED_ALIASES.items(), *(PRODUCT_ALIASES.items() if parsed.sheets else ())]
        extra = frozenset(w for a, t in aliases if calc.names(parsed.text, a) for w in t.split())
        return frozenset(parsed.words) | extra, extra

    def match(self, target: Target, parsed: Parsed, words: tuple[frozenset[str], ...]) -> Match:
        """How much of the target's title the question names; nothing unless it names a phrase."""
        # Scattered words are not a name: "bao" in "bao nhiêu" and "mới" do not make "bảo vệ
        # môi trường", so two adjacent title words (or an alias) must appear together.
        found_words, alias_words = words
        named = len(target.key) == 1 or bool(alias_words & target.key) or any(
            f" {pair} " in parsed.text for pair in target.pairs
        )
        # Named only through an alias, the title must hold most of the alias's words: "nhãn
        # mác" means "phong cách, ghi nhãn hàng hóa", not "hàng hóa dịch vụ" (sheet 26).
        if alias_words and not (set(parsed.words) & target.key):
            named = named and len(alias_words & target.key) >= 0.6 * len(alias_words)
        total = sum(self.idf[w] for w in target.key)
        found = [w for w in target.key if w in found_words] if named else []
        share = sum(self.idf[w] for w in found) / total if total else 0.0
        return Match(target, share, len(found))

    def best(
        self, targets: Sequence[Target], parsed: Parsed, seen: dict[object, Match],
        words: tuple[frozenset[str], frozenset[str]] | None = None,
    ) -> Match | None:
        """The best-named target, if the question names enough of its title."""
        words = words or self.words(parsed)
        matches = []
        for target in targets:
            if target.key.isdisjoint(words[0]):
                continue  # names none of its title words: cannot be good
            known = seen.get((target.key, target.pairs))
            if known is None:
                known = seen[(target.key, target.pairs)] = self.match(target, parsed, words)
            matches.append(Match(target, known.share, known.matched))
        good = [
            m for m in matches
            if m.share >= MIN_TITLE_SHARE and m.matched >= min(2, len(m.target.key))
        ]
        # Near a tie, the title the question names more words of wins ("vùng nguyên liệu được
        # chứng nhận" over "nguồn nguyên liệu"); a criterion wins over its own group.
        top = max((m.share for m in good), default=0.0)
        close = [m for m in good if m.share >= top - SHARE_TIE]
        return max(close, key=lambda m: (m.matched, round(m.share, 6), m.target.group is None),
                   default=None)


# --- composing answers -------------------------------------------------------------------

PHRASES: dict[str, dict[str, str]] = {
    "vi": {
        "head": "Phiếu {n} ({sheet}) – tiêu chí {code} “{title}”: tối đa {max}.",
        "head_many": "Tiêu chí {code} “{title}” (giống nhau ở {count} phiếu: {numbers}): "
        "tối đa {max}.",
        "group": "Phiếu {n} ({sheet}) – nhóm {code} “{title}”: tối đa {max}, gồm:",
        "item": "• {code} {title}: {max}",
        "requirement": "Yêu cầu: {text}",
        "options": "Các mức chấm:",
        "wording": "(Lời văn các mức theo phiếu {n}; ở phiếu khác điểm như nhau nhưng lời văn "
        "có thể khác đôi chút.)",
        "option": "• {pts}: {text}{mark}",
        "mark": " (mức tối thiểu cho {stars} sao)",
        "needs": "Để đạt {star} sao, tiêu chí này cần tối thiểu mức {pts}: “{text}”.",
        "no_need": "Tiêu chí này không có mức tối thiểu riêng cho {star} sao: chỉ cần đủ "
        "tổng điểm ({band}).",
        "share_meets": "Tỷ lệ bạn nêu thuộc mức {pts}: đạt mức tối thiểu này.",
        "share_short": "Tỷ lệ bạn nêu thuộc mức {pts}: chưa đạt mức tối thiểu này.",
        "sheet": "Phiếu {n} – {sheet} ({group}, {subgroup}): {count} tiêu chí chấm điểm, "
        "tổng 100 điểm.",
        "part": "• Phần {letter} – {title}: {max} ({groups})",
        "level": "Để đạt {star} sao theo phiếu {n} ({sheet}), sản phẩm cần tổng điểm {band} "
        "và đạt tối thiểu ở {count} tiêu chí sau:",
        "level_item": "• {code} {title}: từ {pts} (“{text}”)",
        "level_none": "Để đạt {star} sao theo phiếu {n} ({sheet}), sản phẩm cần tổng điểm "
        "{band}; phiếu này không có mức tối thiểu riêng theo tiêu chí.",
        "which": "• Phiếu {n} – {sheet} (nhóm {group}, phân nhóm {subgroup})",
        "which_one": "Sản phẩm này được đánh giá theo phiếu {n} – {sheet} (nhóm {group}, "
        "phân nhóm {subgroup}).",
        "which_many": "Tùy sản phẩm cụ thể, có thể là một trong các phiếu sau:",
        "differs": "“{title}” được chấm khác nhau tùy phiếu:",
        "variant": "• Tiêu chí {code}, tối đa {max}{req}: phiếu {numbers}",
        "variant_req": "; {star} sao cần từ {pts}",
        "ask_product": "Bạn cho biết sản phẩm (ví dụ: chè, mật ong, rượu, du lịch…) để xem "
        "các mức chấm cụ thể.",
        "ask_sheet": "Bạn hỏi về phiếu nào? Hãy nói rõ sản phẩm (tươi hay đã chế biến…).",
        "band3": "từ 50 đến dưới 70", "band4": "từ 70 đến dưới 90", "band5": "từ 90 trở lên",
    },
    "en": {
        "head": "Sheet {n} ({sheet}) – criterion {code} “{title}”: up to {max}.",
        "head_many": "Criterion {code} “{title}” (the same on {count} sheets: {numbers}): "
        "up to {max}.",
        "group": "Sheet {n} ({sheet}) – group {code} “{title}”: up to {max}, made of:",
        "item": "• {code} {title}: {max}",
        "requirement": "Requirement: {text}",
        "options": "Options:",
        "wording": "(Option wording from sheet {n}; other sheets give the same points with "
        "slightly different wording.)",
        "option": "• {pts}: {text}{mark}",
        "mark": " (minimum for {stars} stars)",
        "needs": "For {star} stars this criterion needs at least the option worth {pts}: "
        "“{text}”.",
        "no_need": "This criterion sets no minimum of its own for {star} stars: only the total "
        "counts ({band}).",
        "share_meets": "The share you give is the option worth {pts}: it meets this minimum.",
        "share_short": "The share you give is the option worth {pts}: it falls short of this "
        "minimum.",
        "sheet": "Sheet {n} – {sheet} ({group}, {subgroup}): {count} scored criteria, "
        "100 points in all.",
        "part": "• Part {letter} – {title}: {max} ({groups})",
        "level": "For {star} stars on sheet {n} ({sheet}) a product needs a total of {band} "
        "points and at least the following on {count} criteria:",
        "level_item": "• {code} {title}: {pts} or more (“{text}”)",
        "level_none": "For {star} stars on sheet {n} ({sheet}) a product needs a total of "
        "{band} points; this sheet sets no per-criterion minimum.",
        "which": "• Sheet {n} – {sheet} ({english})",
        "which_one": "This product is assessed on sheet {n} – {sheet} ({english}).",
        "which_many": "Depending on the exact product, one of these sheets:",
        "differs": "“{title}” is scored differently depending on the sheet:",
        "variant": "• Criterion {code}, up to {max}{req}: sheet {numbers}",
        "variant_req": "; {star} stars need {pts} or more",
        "ask_product": "Tell me the product (for example tea, honey, rice wine, tourism…) to "
        "see the options.",
        "ask_sheet": "Which sheet do you mean? Please say more about the product (fresh or "
        "processed…).",
        "band3": "50 to under 70", "band4": "70 to under 90", "band5": "90 or more",
    },
}
LANGS = ("vi", "en")
CLIP = 140


def _pts(value: float, lang: str) -> str:
    """Points with their unit: "1,5 điểm", "1 point", "3 points"."""
    number = _number(value, lang)
    if lang == "vi":
        return f"{number} điểm"
    return f"{number} point" if value == 1 else f"{number} points"


def _number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "vi" else text


def _clip(text: str, size: int = CLIP) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _band(star: int, lang: str) -> str:
    return PHRASES[lang][f"band{star}"]


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _option_lines(criterion: Criterion, lang: str) -> list[str]:
    p = PHRASES[lang]
    return [p["options"]] + [
        p["option"].format(
            pts=_pts(o.points, lang), text=_clip(o.text),
            mark=p["mark"].format(stars=o.stars) if o.stars else "",
        )
        for o in criterion.options
    ]


def _star_line(criterion: Criterion, star: int, lang: str, share: float | None = None) -> str:
    p = PHRASES[lang]
    needed = required_minimum(criterion, star)
    if needed is None:
        return p["no_need"].format(star=star, band=_band(star, lang))
    line = p["needs"].format(star=star, pts=_pts(needed.points, lang), text=_clip(needed.text))
    held = calc.option_by_share(criterion, share) if share is not None else None
    if held is None:
        return line
    verdict = p["share_meets" if held[0] >= needed.points else "share_short"]
    return f"{line}\n{verdict.format(pts=_pts(held[0], lang))}"


def criterion_text(
    target: Target, star: int | None, lang: str, same_on: Sequence[int] = (), worded: bool = True,
    share: float | None = None,
) -> str:
    """Points, options and star minimum of one criterion (or the criteria of one group), and
    whether the `share` a question states meets that minimum."""
    p, sheet = PHRASES[lang], target.sheet
    fields = {"n": sheet.number, "sheet": sheet.title, "code": target.code,
              "title": short_title(target.title), "max": _pts(target.max_points, lang)}
    if target.group is not None:
        return "\n".join([p["group"].format(**fields)] + [
            p["item"].format(code=c.code, title=short_title(c.title), max=_pts(c.max_points, lang))
            for c in target.group.criteria
        ])
    criterion = target.criterion
    assert criterion is not None
    head = p["head_many"] if len(same_on) > 1 else p["head"]
    lines = [head.format(count=len(same_on), numbers=_numbers(same_on), **fields)]
    if criterion.requirement:
        lines.append(p["requirement"].format(text=_clip(criterion.requirement, 300)))
    lines += _option_lines(criterion, lang)
    if not worded:
        lines.append(p["wording"].format(n=sheet.number))
    if star is not None and star >= 3:
        lines.append(_star_line(criterion, star, lang, share))
    return "\n".join(lines)


def sheet_text(sheet: Sheet, lang: str) -> str:
    """What a sheet contains: its criteria count and its parts and groups with their points."""
    p = PHRASES[lang]
    lines = [p["sheet"].format(n=sheet.number, sheet=sheet.title, group=sheet.product_group,
                               subgroup=sheet.subgroup, count=len(sheet.criteria))]
    for part in sheet.parts:
        groups = "; ".join(
            f"{g.code}. {short_title(g.title)} {_number(g.max_points, lang)}" for g in part.groups
        )
        lines.append(p["part"].format(letter=part.letter, title=short_title(part.title),
                                      max=_pts(part.max_points, lang), groups=groups))
    return "\n".join(lines)


def level_text(sheet: Sheet, star: int, lang: str) -> str:
    """The total and the per-criterion minima a sheet requires for a star level."""
    p = PHRASES[lang]
    fields = {"n": sheet.number, "sheet": sheet.title, "star": star, "band": _band(star, lang)}
    items = [
        p["level_item"].format(code=c.code, title=short_title(c.title),
                               pts=_pts(option.points, lang), text=_clip(option.text, 90))
        for c in sheet.criteria
        if (option := required_minimum(c, star)) is not None
    ]
    if not items:
        return p["level_none"].format(**fields)
    return "\n".join([p["level"].format(count=len(items), **fields), *items])


def which_text(sheets: Sequence[Sheet], lang: str) -> str:
    """Which sheet a product is assessed on (or the candidates, when several fit)."""
    p = PHRASES[lang]
    # English users read the official title with its gloss ("handicrafts, home decor").
    fields = [{"n": s.number, "sheet": s.title, "group": s.product_group,
               "subgroup": s.subgroup, "english": english_name(s.number)} for s in sheets]
    if len(fields) == 1:
        return p["which_one"].format(**fields[0])
    return "\n".join([p["which_many"], *(p["which"].format(**f) for f in fields),
                      p["ask_sheet"]])


def variants_text(matches: Sequence[Match], star: int | None, lang: str, ask: str) -> str:
    """How a criterion differs between sheets: code, maximum and star minima, by sheet."""
    p = PHRASES[lang]
    levels = STAR_LEVELS if star is None or star < 3 else (star,)
    groups: dict[tuple[str, float, tuple[tuple[int, float], ...]], list[int]] = defaultdict(list)
    for m in matches:
        key = (m.target.code, m.target.max_points, _minima(m.target, levels))
        groups[key].append(m.target.sheet.number)
    lines = [p["differs"].format(title=short_title(matches[0].target.title))]
    for (code, maximum, minima), numbers in groups.items():
        req = "".join(p["variant_req"].format(star=lv, pts=_pts(v, lang)) for lv, v in minima)
        lines.append(p["variant"].format(code=code, max=_pts(maximum, lang), req=req,
                                         numbers=_numbers(numbers)))
    return "\n".join([*lines, p[ask]])


def _minima(target: Target, levels: Sequence[int]) -> tuple[tuple[int, float], ...]:
    """(level, points) for each level whose minimum the criterion sets."""
    if target.criterion is None:
        return ()
    needed = [(level, required_minimum(target.criterion, level)) for level in levels]
    return tuple((level, option.points) for level, option in needed if option is not None)


# --- the responder -----------------------------------------------------------------------

LEVEL_WORDS = frozenset({"can", "yeu cau", "dieu kien", "gi", "tieu chi", "phai", "nhung",
                         "lam the nao", "lam sao", "the nao de", "how"})
# A product's sheet asked in so many words (not whether the product may take part).
_SHEET_ASKED = frozenset({"phieu nao", "thuoc phieu", "phieu so may", "bo tieu chi nao",
                          "thuoc bo nao", "theo bo nao", "bo so may", "thuoc bo may",
                          "thuoc bo so may", "bo so bao nhieu", "phieu so bao nhieu"})
WHICH_WORDS = _SHEET_ASKED | frozenset({
    "phieu may", "phieu gi", "theo phieu", "nhom nao", "phan nhom nao", "bo tieu chi so may",
    # "rượu có được tham gia OCOP không": the product's sheet says that it can, and on which.
    "duoc tham gia", "tham gia duoc", "co the tham gia",
})
# A dossier or procedure question is not about a sheet's star minima, even when it names a
# product and a star level ("muốn nâng lên 4 sao thì cần chuẩn bị hồ sơ gì").
PROCEDURE_WORDS = frozenset({"ho so", "giay to", "thu tuc", "nang hang", "nang sao"})
# "cà phê thuộc bộ nào chủ trì quản lý": "bộ nào" that leads, manages or is in charge is a
# ministry, not a set of criteria.
MINISTRY_ASKS = frozenset({"bo nao chu tri", "bo nao quan li", "bo nao phu trach",
                           "bo nao quan li nha nuoc"})
SHEET_WORDS = frozenset({"tieu chi", "phieu"})
# "không biết thuộc nhóm nào thì hỏi ai", "căn cứ vào đâu để biết": how to find the sheet out,
# which criteria-find-sheet answers.
_FINDING_ASKS = frozenset({"hoi ai", "tra cuu", "tra o dau", "can cu vao dau", "lam sao biet",
                           "cach nao biet", "lam the nao biet", "how do i find", "how can i find"})
# "phiếu 26 khác các phiếu kia chỗ nào": how a sheet differs from the others, which the entry
# on that sheet says (criteria-tourism-sheet), not the sheet's title.
_DIFFERENCE_ASKS = frozenset({"khac gi", "khac cho nao", "khac nhau", "co khac", "khac cac",
                              "khac may", "differ", "different", "difference"})
# "phiếu chấm nào", "chấm theo bộ mấy", "bộ tiêu chí gì": a sheet word, then within a few words
# a word that asks which. "bộ" alone is also a ministry ("bộ nào quản lý"): it names a set of
# criteria only before "tiêu chí", after "chấm", "theo" or "vào" ("mít sấy thì vô bộ nào"), or
# after "thì" when the message ends there.
WHICH_ASKS = frozenset({"nao", "gi", "j", "may"})
WHICH_SPAN = 3
_SET_VERBS = frozenset({"cham", "theo", "vao", "vo"})
_TRAILING = frozenset({"admin", "vay", "z", "ha", "nhi", "nhe", "the", "day", "ta"})
_LICENSING = frozenset({"phep", "quan", "cap"})


def _names_sheet(words: Sequence[str], i: int) -> bool:
    if words[i] == "phieu":
        return True
    if words[i] != "bo":
        return False
    if tuple(words[i + 1:i + 3]) == ("tieu", "chi"):
        return True
    if i and words[i - 1] == "thi":
        # "cá tra phi lê thì bộ nào" ends there; "thì bộ nào chịu trách nhiệm" is a ministry,
        # and so is the one that licenses ("giấy phép mỹ phẩm thì bộ nào").
        return set(words[i + 2:]) <= _TRAILING and not _LICENSING & set(words)
    return i > 0 and words[i - 1] in _SET_VERBS


def asks_which_sheet(words: Sequence[str]) -> bool:
    """Whether a question asks which sheet (or set of criteria) applies."""
    return any(_names_sheet(words, i) and WHICH_ASKS & set(words[i + 1:i + 1 + WHICH_SPAN])
               for i in range(len(words)))


def _signature(target: Target) -> tuple[object, ...]:
    """What must be equal for two sheets' criteria to get one shared answer (not the wording)."""
    criterion = target.criterion
    options = () if criterion is None else tuple((o.points, o.stars) for o in criterion.options)
    return (target.code, " ".join(sorted(target.key)), target.max_points, options)


def _same_wording(matches: Sequence[Match]) -> bool:
    texts = {
        tuple(folded_text(o.text) for o in m.target.criterion.options)
        for m in matches if m.target.criterion is not None
    }
    return len(texts) <= 1


def _folded_set(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(_fold_phrase(p) for p in phrases)


def _with_sheet_words(table: Mapping[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """`table` and the everyday product phrases of the criteria package (knowledge.criteria.
    products), phrases of two syllables or more only: one syllable alone ("lan", "gio", "toi")
    is as often another word."""
    merged = dict(table)
    for number, phrases in CRITERIA_SHEET_WORDS.items():
        for phrase in phrases:
            if len(phrase.split()) >= 2 and phrase not in merged:
                merged[phrase] = (number,)
    return merged


_FOLDED_PRODUCTS = _fold_keys(_with_sheet_words(PRODUCTS))
_FOLDED_NEUTRAL = _folded_set(NEUTRAL)
_PRODUCT_PHRASES = frozenset(tuple(k.split()) for k in _FOLDED_PRODUCTS)


def sheet_product_word(sheet: int) -> str:
    """A product word that names `sheet` alone ("mut" for sheet 7), to gloss a product named
    in English."""
    return _SHEET_PRODUCT_WORDS[sheet]


_SHEET_PRODUCT_WORDS: dict[int, str] = {}
for _phrase, _numbers_of in _FOLDED_PRODUCTS.items():
    if len(_numbers_of) == 1:
        _SHEET_PRODUCT_WORDS.setdefault(_numbers_of[0], _phrase)


def product_words(words: Sequence[str]) -> set[str]:
    """The words of `words` that belong to a product's name ("ruou ngo", "lan ho diep")."""
    found: set[str] = set()
    for size in range(1, _MAX_PHRASE + 1):
        for i in range(len(words) - size + 1):
            if tuple(words[i:i + size]) in _PRODUCT_PHRASES:
                found.update(words[i:i + size])
    return found
_FOLDED_ALIASES = {_fold_phrase(k): " ".join(fold_tokens(v)) for k, v in ALIASES.items()}
_STRICT = _folded_set(STRICT_POINT_WORDS)
# A question for the points of what it describes: "mấy điểm", "được cộng điểm không".
_OPTION_ASKS = _STRICT | _folded_set(frozenset({
    "cong diem", "them diem", "tinh diem", "duoc diem", "co diem", "diem cong", "cong may diem",
    "cong them"}))


# Points added for having something: "được thêm mấy điểm", "có được cộng điểm".
_ADDED_ASKS = _folded_set(frozenset({"duoc them", "them bao nhieu", "them may", "cong them",
                                     "duoc cong", "them diem", "cong diem", "in them",
                                     "co them"}))


# "chưa có câu chuyện thì được mấy điểm": what the criterion asks for is missing.
_LACKING = _folded_set(frozenset({"chua co", "khong co"}))


def _plain_option(parsed: Parsed) -> calc.Chooser | None:
    """How to pick an option the question describes only by having or lacking what the
    criterion asks: "nhãn có cả tiếng Anh thì được thêm mấy điểm" (its "Có"), "chưa có câu
    chuyện thì được mấy điểm" (its "Không có…"); None for the default."""
    if _has(parsed, _LACKING):
        return calc.no_option
    return calc.yes_option if _has(parsed, _ADDED_ASKS) else None


class CriteriaResponder:
    """Answers criterion and sheet questions from the sheets; None for anything else."""

    def __init__(self, sheets: Mapping[int, Sheet]) -> None:
        self.sheets = dict(sorted(sheets.items()))
        self.targets = {n: sheet_targets(s) for n, s in self.sheets.items()}
        self.matcher = _TitleMatcher([t for ts in self.targets.values() for t in ts])
        self.options = calc.option_index(self.sheets)
        self._computed_cache: dict[tuple[object, ...], calc.Computed | None] = {}
        self._warm()

    def _warm(self) -> None:
        """Compose now the computed answers slowest to compose on a first question (a few
        tens of milliseconds at start, none in a reply)."""
        if not self.sheets:
            return
        for subject in calc.OPTION_SUBJECTS:
            self._computed_cache[("option", subject)] = calc.option_answer(self.sheets, subject)
        self._memo(("minimum", calc.TRACE_TOPIC, None, ()),
                   lambda: calc.minimum_answer(self.sheets, calc.TRACE_TOPIC, None))

    def answer(self, text: str, locale: str = "vi") -> CriterionAnswer | None:
        """A CriterionAnswer when `text` asks about a criterion or a sheet, else None."""
        if not self.sheets:
            return None
        parsed = parse(text)
        sheets = tuple(n for n in parsed.sheets if n in self.sheets)
        # The criteria the question names: read once, when first needed.
        named_criteria = cache(lambda: self._matches(parsed, sheets or tuple(self.sheets)))
        found = self._computed(parsed, sheets, named_criteria)
        if (found is None and not sheets and parsed.code is None and _has(parsed, _OPTION_ASKS)
                and not calc.targets_a_star(parsed.text)):
            found = calc.option_described(self.options, frozenset(parsed.words),
                                          len(self.sheets), parsed.words)
        if found is not None:
            return CriterionAnswer(found.kind, found.text_vi, found.text_en, found.sheets,
                                   code=found.code, title=found.title, star_level=parsed.star,
                                   locale=locale, product_named=False)
        asks_points = (parsed.star is not None or parsed.code is not None
                       or _has(parsed, POINT_WORDS) or _has(parsed, _STRICT)
                       or _asks_a_minimum(parsed))
        if not sheets and not (_has(parsed, _STRICT) or parsed.code):
            return None
        matches = named_criteria()
        if not sheets and parsed.code is None and len(matches) < MIN_SHEETS_WITHOUT_PRODUCT:
            return None
        if matches and asks_points:
            return self._about_criterion(parsed, sheets, matches, locale)
        # "cà phê rang xay thuộc bộ tiêu chí nào": "tiêu chí" names no criterion there.
        if sheets and (not matches or (_has(parsed, _SHEET_ASKED) and not asks_points)):
            return self._about_sheet(parsed, sheets, locale)
        return None

    def _computed(self, parsed: Parsed, sheets: tuple[int, ...],
                  named_criteria: Callable[[], list[Match]]) -> calc.Computed | None:
        """A rank, part maximum, option's points or star minimum, when that is what is asked."""
        parts = calc.part_scores(parsed.words, parsed.text)
        if parts is not None:
            return calc.parts_answer(parts)
        totals = calc.members_totals(parsed.words, parsed.text)
        if totals is not None:
            return calc.average_answer(totals)
        score = calc.score_asked(parsed.words, parsed.text)
        if score is not None:
            return calc.rank_answer(score)
        letter = calc.part_asked(parsed.words, parsed.text)
        if letter is not None and parsed.code is None:
            return calc.part_answer(letter)
        # "htx dùng 60% lao động địa phương thì được mấy điểm": a stated share describes the
        # option asked; the participant only says who asks.
        stated = calc.stated_share(parsed.words) is not None
        subject = None if stated else calc.option_subject(parsed.text)
        if sheets:
            # "htx làm nước mắm thì loại hình tổ chức được mấy điểm": that sheet's option.
            return self._minimum(parsed, sheets) or self._subject_option(parsed, subject, sheets,
                                                                         named_criteria)
        if subject is not None:
            found = self._memo(("option", subject),
                               lambda: calc.option_answer(self.sheets, subject))
            # "hộ kinh doanh thì tiêu chí 3.1 được mấy điểm": the code names the same criterion.
            same = parsed.code is None or (found is not None and found.code == parsed.code)
            if same and (found is None or not _names_another_criterion(named_criteria(), found)):
                return found
        if parsed.code is not None:
            return None
        return self._minimum(parsed)

    def _subject_option(self, parsed: Parsed, subject: str | None, sheets: tuple[int, ...],
                        named_criteria: Callable[[], list[Match]]) -> calc.Computed | None:
        """The points of the participant's option on the sheets of the product named, asked
        plainly ("bao nhiêu điểm"): "có giúp tăng điểm không" asks whether, not how much."""
        if subject is None or parsed.code is not None or not _has(parsed, _STRICT):
            return None
        named = {n: self.sheets[n] for n in sheets}
        found = self._memo(("option", subject, sheets),
                           lambda: calc.option_answer(named, subject))
        return None if found and _names_another_criterion(named_criteria(), found) else found

    def _minimum(self, parsed: Parsed, sheets: tuple[int, ...] = ()) -> calc.Computed | None:
        """The star minimum of a criterion across the sheets, or on the sheets of the product a
        question names ("nước mắm nhà em thì công bố chất lượng bắt buộc từ mấy sao")."""
        if parsed.code is not None:
            return None
        topic = calc.minimum_topic(parsed.text, parsed.star)
        if topic is None:
            return None
        star = None if topic == calc.TRACE_TOPIC else parsed.star  # the same for every star
        named = {n: self.sheets[n] for n in sheets} if sheets else self.sheets
        return self._memo(("minimum", topic, star, sheets),
                          lambda: calc.minimum_answer(named, topic, parsed.star))

    def _memo(self, key: tuple[object, ...],
              compute: Callable[[], calc.Computed | None]) -> calc.Computed | None:
        """A computed answer depends only on its key: compose it once."""
        if key not in self._computed_cache:
            self._computed_cache[key] = compute()
        return self._computed_cache[key]

    def _matches(self, parsed: Parsed, numbers: Sequence[int]) -> list[Match]:
        """The criterion the question names, in each sheet that has it."""
        seen: dict[object, Match] = {}
        found: list[Match] = []
        words = self.matcher.words(parsed)
        for n in numbers:
            targets = self.targets[n]
            if parsed.code is not None:
                coded = [t for t in targets if t.code == parsed.code]
                found += [Match(coded[-1], 1.0, len(coded[-1].key))] if coded else []
            elif (best := self.matcher.best(targets, parsed, seen, words)) is not None:
                found.append(best)
        return found

    def _about_criterion(
        self, parsed: Parsed, sheets: tuple[int, ...], matches: list[Match], locale: str
    ) -> CriterionAnswer:
        by_signature: dict[tuple[object, ...], list[Match]] = defaultdict(list)
        for m in matches:
            by_signature[_signature(m.target)].append(m)
        # "nguyên liệu trong tỉnh có 40% thì có đủ mức 3 sao không": the star minimum, and
        # whether the share stated meets it, not the share's points alone.
        share_against_minimum = parsed.star is not None and _asks_a_minimum(parsed)
        shared = None if share_against_minimum else self._option_of_share(parsed, matches, locale)
        if shared is not None:
            return shared
        # "rau có chứng nhận VietGAP thì tiêu chí vùng nguyên liệu được mấy điểm": the option
        # the question describes, when it asks its points (not what the criterion requires).
        if len(by_signature) == 1 and "diem" in parsed.words:
            described = self._option_named_or_plain(parsed, matches, locale)
            if described is not None:
                return described
        if len(by_signature) == 1:
            return self._one_criterion(parsed, sheets, matches, locale)
        # "cơ sở sơ chế rau có HACCP thì đảm bảo chất lượng được mấy điểm": the sheets of the
        # product number the criterion differently but give the option described alike.
        if not sheets or "diem" in parsed.words:
            picked = self._option_described(parsed, matches, locale,
                                            calc.option_named if sheets else _plain_option(parsed))
            if picked is not None:
                return picked
        ask = "ask_sheet" if sheets else "ask_product"
        vi, en = (variants_text(matches, parsed.star, lang, ask) for lang in LANGS)
        kind = "choose_sheet" if sheets else "need_product"
        numbers = tuple(m.target.sheet.number for m in matches)
        return _criterion_answer(kind, (vi, en), numbers, matches[0].target, parsed, locale,
                                 bool(sheets))

    @staticmethod
    def _one_criterion(parsed: Parsed, sheets: tuple[int, ...], matches: list[Match],
                       locale: str) -> CriterionAnswer:
        """A criterion worded alike on every sheet that has it: its options, or its group's
        criteria, or the level it needs for the star asked."""
        first = matches[0].target
        same_on = [m.target.sheet.number for m in matches]
        worded = _same_wording(matches)
        share = calc.stated_share(parsed.words)
        vi, en = (criterion_text(first, parsed.star, lang, same_on, worded, share)
                  for lang in LANGS)
        kind = ("group" if first.group is not None
                else "minimum" if _asks_a_minimum(parsed) else "criterion")
        return _criterion_answer(kind, (vi, en), tuple(same_on), first, parsed, locale,
                                 bool(sheets), first.max_points)

    def _option_named_or_plain(self, parsed: Parsed, matches: Sequence[Match],
                               locale: str) -> CriterionAnswer | None:
        """The option whose own words the question names, else the "Có" of a yes/no criterion
        ("nhãn có thêm dòng tiếng Anh thì được thêm mấy điểm"), or its "Không có" when what it
        asks is missing."""
        described = self._option_described(parsed, matches, locale, calc.option_named)
        plain = _plain_option(parsed)
        if described is None and plain is not None:
            described = self._option_described(parsed, matches, locale, plain)
        return described

    def _option_described(
        self, parsed: Parsed, matches: Sequence[Match], locale: str,
        choose: calc.Chooser | None = None,
    ) -> CriterionAnswer | None:
        """The points of the option the question describes, when most sheets give it alike
        (`choose`: how to pick it by the question's words)."""
        chooser = calc.option_chooser(parsed.words, *([choose] if choose else []))
        found = calc.option_by_words(_named_criteria(matches), frozenset(parsed.words),
                                     len(self.sheets), chooser)
        return _option_reply(found, parsed, locale, product_named=False)

    def _option_of_share(self, parsed: Parsed, matches: Sequence[Match],
                         locale: str) -> CriterionAnswer | None:
        """The points of the option holding the share a question states ("homestay dùng 80%
        lao động trong xã thì tiêu chí lao động địa phương được mấy điểm"), when the named
        criterion's options state shares."""
        share = calc.stated_share(parsed.words)
        criteria = _named_criteria(matches)
        if share is None or not criteria:
            return None
        found = calc.option_by_words(criteria, frozenset(parsed.words), len(self.sheets),
                                     lambda criterion, _: calc.option_by_share(criterion, share))
        return _option_reply(found, parsed, locale, product_named=bool(parsed.sheets))

    def _about_sheet(
        self, parsed: Parsed, sheets: tuple[int, ...], locale: str
    ) -> CriterionAnswer | None:
        chosen = [self.sheets[n] for n in sheets]
        asks_level = (parsed.star is not None and parsed.star >= 3 and _has(parsed, LEVEL_WORDS)
                      and not _has(parsed, PROCEDURE_WORDS))
        # Several sheets fit ("mật ong": raw or processed): say which each is, then ask.
        differs = _has(parsed, _DIFFERENCE_ASKS) and not _has(parsed, _SHEET_ASKED)
        if _has(parsed, _FINDING_ASKS) or differs:
            return None
        which = (_has(parsed, WHICH_WORDS) or asks_which_sheet(parsed.words)
                 or len(sheet_choice(parsed.words)) > 1) and not _has(parsed, MINISTRY_ASKS)
        if which or (len(chosen) > 1 and (_has(parsed, SHEET_WORDS) or asks_level)):
            vi, en = (which_text(chosen, lang) for lang in LANGS)
            kind = "which_sheet" if len(chosen) == 1 else "choose_sheet"
            return CriterionAnswer(kind, vi, en, sheets, locale=locale)
        if len(chosen) > 1:
            return None
        sheet = chosen[0]
        if asks_level and parsed.star is not None:
            vi, en = (level_text(sheet, parsed.star, lang) for lang in LANGS)
            return CriterionAnswer("level", vi, en, sheets, star_level=parsed.star, locale=locale)
        if _has(parsed, SHEET_WORDS) and _has(parsed, COUNT_WORDS):
            vi, en = (sheet_text(sheet, lang) for lang in LANGS)
            return CriterionAnswer("sheet", vi, en, sheets, locale=locale)
        return None


# "mây tre đan muốn 5 sao thì thiết kế độc đáo phải đạt mức nào", "tiêu chí 1.1 có dấu sao
# không": the level a named criterion needs for a star rank, which its answer states.
_LEVEL_ASKS = frozenset({"muc nao", "muc gi", "toi thieu", "it nhat", "can dat", "phai dat",
                         "what level", "minimum", "at least", "du muc", "moi du", "du dieu kien",
                         "dat yeu cau", "du yeu cau", "vuong yeu cau"})
_STAR_MARK_ASKS = frozenset({"dau sao", "danh dau sao", "star mark", "starred"})
# "công bố chất lượng là bắt buộc từ mấy sao", "thiết kế độc đáo bắt buộc ở hạng mấy": the star
# rank from which a named criterion is required.
_WHICH_STAR = frozenset({"may sao", "hang may", "bao nhieu sao", "sao nao", "hang nao",
                         "which star", "what star"})
_REQUIRED = frozenset({"bat buoc", "toi thieu", "yeu cau", "can co", "phai co", "required",
                       "mandatory"})


def _asks_a_minimum(parsed: Parsed) -> bool:
    """Whether a question asks the level its criterion needs for a star rank, or the rank
    from which it is required."""
    return ((parsed.star is not None and parsed.star >= 3 and _has(parsed, _LEVEL_ASKS))
            or _has(parsed, _STAR_MARK_ASKS)
            or (_has(parsed, _WHICH_STAR) and _has(parsed, _REQUIRED)))


def _names_another_criterion(matches: Sequence[Match], found: calc.Computed) -> bool:
    """"htx bán trong tỉnh thì khu vực phân phối được mấy điểm": the question names a criterion
    other than the participant's option's, so that option is not asked."""
    return any(m.target.criterion is not None and m.target.code != found.code for m in matches)


def _named_criteria(matches: Sequence[Match]) -> list[tuple[int, Criterion]]:
    """The criteria the matches name, with their sheets' numbers."""
    return [(m.target.sheet.number, m.target.criterion) for m in matches
            if m.target.criterion is not None]


def _option_reply(found: calc.Computed | None, parsed: Parsed, locale: str, *,
                  product_named: bool) -> CriterionAnswer | None:
    """The answer giving an option's points, when one was found."""
    if found is None:
        return None
    return CriterionAnswer(found.kind, found.text_vi, found.text_en, found.sheets,
                           code=found.code, title=found.title, star_level=parsed.star,
                           locale=locale, product_named=product_named)


def _criterion_answer(
    kind: str, texts: tuple[str, str], numbers: tuple[int, ...], first: Target, parsed: Parsed,
    locale: str, product_named: bool, max_points: float | None = None,
) -> CriterionAnswer:
    """A CriterionAnswer about one criterion (or its variants across sheets)."""
    return CriterionAnswer(
        kind, texts[0], texts[1], numbers, code=first.code, title=short_title(first.title),
        max_points=max_points, star_level=parsed.star, locale=locale,
        product_named=product_named,
    )
