"""Answers computed from the criteria sheets without naming a product (issue 10, part 3).

- a score to its rank: "89 điểm được mấy sao";
- the maximum of a part: "phần C tối đa bao nhiêu điểm";
- the points of an option on a named criterion: "hộ gia đình được mấy điểm", "đại diện là nữ có
  được cộng điểm không": the value common to the sheets, and the sheets that differ;
- the star minimum of a criterion: "bao bì thế nào thì đạt 3 sao", "truy xuất nguồn gốc cần cho
  mấy sao": the option each star level needs, common value and differing sheets.

Each reader takes the folded words of a question and returns the texts in both languages, or
None when the question is not of its kind.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from knowledge.criteria.model import PART_MAXIMA, Criterion, Sheet
from knowledge.criteria.scoring import STAR_LEVELS, band_of, required_minimum
from knowledge.faq.markets import agent_count, counted_option, market_option, states_a_count
from knowledge.faq.normalize import folded_text, positions, with_neighbours
from knowledge.faq.normalize import tokens as fold_tokens

LANGS = ("vi", "en")
# How to pick the option a question describes on one criterion: its points and wording, or None.
Chooser = Callable[[Criterion, frozenset[str]], tuple[float, str] | None]
# "cộng" alone would be the "công" of "công ty", "công nhận" once folded.
POINT_WORDS = ("diem", "cong diem", "cong them", "duoc cong", "them diem", "tinh diem", "point",
               "points")
# "xếp tier nào": "tier" reads as "tie" once folded (a trailing "r" is a Telex tone key).
STAR_ASKS = ("may sao", "bao nhieu sao", "hang may", "hang gi", "xep hang", "sao nao",
             "hang nao", "how many stars", "which star", "what star", "3 sao hay 4 sao",
             "dat 3 sao", "dat 4 sao", "dat 5 sao", "duoc 4 sao", "stars", "xep vao dau",
             "xep vo dau", "xep o dau", "xep loai gi", "xep loai nao", "thuoc hang",
             "xep the nao", "xep nhu the nao", "tie nao", "xep hang the nao", "hang cao nhat")
MINIMUM_ASKS = ("the nao thi dat", "the nao de", "the nao moi", "de dat", "de duoc", "thi dat",
                "can cho may sao", "cho may sao", "tu may sao", "cua may sao", "muc nao", "can gi",
                "can dat", "yeu cau", "moi dat", "phai the nao", "bat buoc", "dieu kien",
                "toi thieu", "dat the nao", "de len", "moi duoc", "dat duoc", "phai co")
_RANK_WORDS = frozenset({"sao", "hang", "star", "stars", "rank", "rated"})
# Without a word that asks for a rank, a number with points is a score to rank only in a short
# question: in a longer one ("gửi lên bộ mà chỉ được 85 điểm thì xử lý sao") it is a detail of
# another question. "là sao" asks "how come" as often as "which star".
LOOSE_SCORE_MAX_WORDS = 12
_NUMBER = re.compile(r"[0-9]{1,3}(?:\.[0-9]+)?")
# Words before a score that make it an upper bound, not a score: "dưới 50 điểm" is not 50
# points ("trên 90 điểm" still ranks as 90 does).
_BELOW_WORDS = frozenset({"duoi", "gan", "under", "below"})
# Two words: "ít hơn", "thấp hơn", "chưa tới", "không tới".
_BELOW_PAIRS = frozenset({("it", "hon"), ("thap", "hon"), ("kem", "hon"), ("chua", "toi"),
                          ("khong", "toi"), ("chua", "den"), ("khong", "den")})


@dataclass(frozen=True, slots=True)
class Computed:
    """A computed answer: its kind, texts in both languages and what it is about."""

    kind: str
    text_vi: str
    text_en: str
    sheets: tuple[int, ...] = ()
    code: str = ""
    title: str = ""


@cache
def folded_words(text: str) -> frozenset[str]:
    """The folded words of a sheet's text."""
    return frozenset(fold_tokens(text))


_CRITERIA: dict[int, tuple[Sheet, tuple[Criterion, ...]]] = {}


def criteria_of(sheet: Sheet) -> tuple[Criterion, ...]:
    """`sheet.criteria`, built once per sheet object (the property rebuilds it on every call)."""
    kept = _CRITERIA.get(id(sheet))
    if kept is None or kept[0] is not sheet:
        kept = _CRITERIA[id(sheet)] = (sheet, sheet.criteria)
    return kept[1]


def _has(text: str, phrases: Sequence[str]) -> bool:
    return any(f" {p} " in text for p in phrases)


# Folded, "nhãn" and "nhận" are both "nhan": "công nhận sản phẩm" is not "nhãn sản phẩm".
_NOT_A_LABEL_AFTER = ("cong", "chung", "xac", "tiep", "thua")


def names(text: str, phrase: str) -> bool:
    """Whether the folded `text` (spaces around) names `phrase`; a phrase starting with "nhan"
    (nhãn) does not count inside "công nhận", "chứng nhận", "xác nhận"…"""
    if not phrase.startswith("nhan "):
        return f" {phrase} " in text
    return _named_not_after(text, phrase, _NOT_A_LABEL_AFTER)


def _named_not_after(text: str, phrase: str, before: Sequence[str]) -> bool:
    """Whether the folded `text` (spaces around) holds `phrase` somewhere not right after one
    of the words `before`."""
    after_one = tuple(f" {w}" for w in before)
    return any(not text[:i].endswith(after_one) for i in positions(text, f" {phrase} "))


def _pts(value: float, lang: str) -> str:
    number = f"{value:g}"
    if lang == "vi":
        return f"{number.replace('.', ',')} điểm"
    return f"{number} point" if value == 1 else f"{number} points"


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


# --- a score to its rank -----------------------------------------------------------------

BAND_TEXT = {
    "vi": {5: "từ 90 đến 100 điểm", 4: "từ 70 đến dưới 90 điểm", 3: "từ 50 đến dưới 70 điểm",
           2: "từ 30 đến dưới 50 điểm", 1: "dưới 30 điểm"},
    "en": {5: "90 to 100 points", 4: "70 to under 90 points", 3: "50 to under 70 points",
           2: "30 to under 50 points", 1: "under 30 points"},
}
RANK_TEXT = {
    "vi": "{score} thuộc khoảng {band}: hạng <b>{star} sao</b>.",
    "en": "{score} falls in the band {band}: <b>{star} stars</b>.",
}
# Only 3★ to 5★ have star-marked minima on the sheets; 1★ and 2★ are decided by points alone.
MINIMA_NOTE = {
    "vi": " Hạng chỉ đạt khi sản phẩm cũng đạt mọi mức tối thiểu có dấu sao của hạng đó trong "
          "phiếu (nếu thiếu, xếp hạng thấp hơn).",
    "en": " The rank holds only if the product also meets every star-marked minimum of that "
          "level on its sheet (otherwise it ranks lower).",
}
NO_CERTIFICATE = {
    "vi": " Sản phẩm 1 sao, 2 sao không được cấp giấy chứng nhận OCOP.",
    "en": " Products at 1 or 2 stars get no OCOP certificate.",
}


def _upper_bound(words: Sequence[str], i: int) -> bool:
    """Whether the number at `i` follows a word of "less than" ("dưới 50", "chưa tới 50")."""
    return (i >= 1 and words[i - 1] in _BELOW_WORDS) or (
        i >= 2 and (words[i - 2], words[i - 1]) in _BELOW_PAIRS)


# "có được công nhận không", "will we get a certificate": whether a score earns the OCOP
# certificate is its rank (1★ and 2★ get none).
RECOGNITION_ASKS = ("duoc cong nhan", "cong nhan khong", "duoc cap giay", "cap giay chung nhan",
                    "giay chung nhan", "duoc ocop", "dat ocop", "la ocop", "truot", "bi rot")
# "90 điểm thì ai công nhận 5 sao", "85 điểm thì hiệu lực bao lâu": a score that is a detail of
# a question about who, when, where or how long, not asking its rank.
OTHER_ASKS = ("ai", "who", "bao lau", "hieu luc", "khi nao", "bao gio", "o dau", "ho so",
              "thu tuc", "het han", "nop")
# "là 4 sao hay vẫn 3 sao": two star levels to choose between ask which one a score gives.
_STAR_CHOICE = re.compile(r" [1-5] (?:sao )?hay (?:van |la |chi |duoc |con )?(?:la )?[1-5] sao ")
# Words before a total that tie it to the word for points said a few words earlier: "điểm
# trung bình hội đồng là 49,8".
_SCORE_VERBS = frozenset({"la", "duoc", "dat"})
SCORE_WORD_SPAN = 5


# "91 điểm, vậy là 5 sao luôn hả", "có lên 3 sao không", "coi như 4 sao chưa": a star level
# said and asked to be confirmed; not when a criterion falls short ("93 điểm mà 1 tiêu chí chưa
# đạt thì có được 5 sao không" asks about the star-marked minima).
_STAR_CONFIRM = re.compile(
    r" (?:la|duoc|dat|len|nhu|thanh) [1-5] sao (?:ha|a|khong|luon|roi|chu|chua|nhi|phai|"
    r"duoc khong) (?!biet )")
_SHORT_OF = ("chua dat", "khong dat", "tieu chi", "chua co", "khong co")
# "thiếu 1 tiêu chí", "thiếu 1 mục 5 sao", "thiếu hồ sơ": something missing; "còn thiếu 0,5 là
# lên 5 sao", "thiếu 1 điểm", "hay còn thiếu" ask whether the points are enough: the rank.
_MISSING = re.compile(
    r" thieu (?!(?:[0-9.]+ (?:diem|d|la|thi|nua|thoi|ha|a|ko|khong) )|khong |ko |k |a |ha |vay "
    r"|nua |$)")


def misses_something(text: str) -> bool:
    """Whether the folded `text` (spaces around) says something other than points is missing
    ("thiếu 1 tiêu chí", "thiếu giấy ATTP", "chưa đạt 1 mục có dấu sao")."""
    return _MISSING.search(text) is not None or _MISSED_MINIMUM.search(text) is not None


_MISSED_MINIMUM = re.compile(r" (?:chua|khong) dat (?:\w+ ){0,2}(?:muc|tieu chi|dau sao|yeu cau"
                             r"|toi thieu) | (?:chua|khong) co (?:\w+ ){0,2}(?:truy xuat|qr|ma vach"
                             r"|cong bo chat luong) ")


def falls_short(text: str) -> bool:
    """Whether the folded `text` (spaces around) says something other than points is missing."""
    return _has(text, _SHORT_OF) or _MISSING.search(text) is not None


def asks_a_star(text: str) -> bool:
    """Whether the folded `text` (spaces around) asks for a star rank in so many words."""
    return (_has(text, STAR_ASKS) or _STAR_CHOICE.search(text) is not None
            or (_STAR_CONFIRM.search(text) is not None and not falls_short(text)))


def score_asked(words: Sequence[str], text: str) -> float | None:
    """The total score a question asks to rank ("89 điểm … mấy sao"), if any."""
    # A score with any word of rank asks for its rank: "95 điểm là 5 sao đúng không", "38
    # điểm thì sao".
    loose = not (asks_a_star(text) or _has(text, RECOGNITION_ASKS))
    if loose and (len(words) > LOOSE_SCORE_MAX_WORDS
                  or not (_RANK_WORDS & set(words) or reports_a_score(words))):
        return None
    if not asks_a_star(text) and _has(text, OTHER_ASKS):
        return None
    for i, (before, word, after) in enumerate(with_neighbours(words)):
        # "không đủ 90 điểm thì sao" asks about missing a threshold, not to rank a score.
        if loose and before == "du":
            continue
        if _NUMBER.fullmatch(word) and (after in ("diem", "point", "points", "d")
                                         or _score_after_its_word(before, word, after)
                                         or _score_said_earlier(words, i)
                                         or _score_after_scoring(words, i)):
            if _upper_bound(words, i):
                return None
            value = _out_of_100(words, i)
            return value if 0 <= value <= 100 else None
    return None


_AFTER_SCORING = frozenset({"duoc", "dat", "la", "ra", "lai", "thu", "chi", "co"})
SCORING_SPAN = 3
# What may follow a total after the verb for scoring ("chấm được 64 thì…"): not a thing counted
# ("chấm 12 sản phẩm", "tự chấm 30 tiêu chí").
_AFTER_A_TOTAL = frozenset({"", "thi", "diem", "d", "roi", "ma", "vay", "ha", "nen", "co",
                            "khong", "thoi", "la", "nhung", "admin", "va", "trong", "o", "tai"})


def _out_of_100(words: Sequence[str], i: int) -> float:
    """The score at `i`, or the one before it when it is written out of 100 ("68/100 điểm")."""
    before = words[i - 1] if i else ""
    if words[i] == "100" and _NUMBER.fullmatch(before) and float(before) < 100:
        return float(before)
    return float(words[i])


def _score_after_scoring(words: Sequence[str], i: int) -> bool:
    """"tự chấm được 85", "hội đồng chấm 72", "chấm lại được 64": a total right after the verb
    for scoring and its particles (a star level after it is not a score)."""
    after = words[i + 1] if i + 1 < len(words) else ""
    start = i
    while start > 0 and i - start < SCORING_SPAN and words[start - 1] in _AFTER_SCORING:
        start -= 1
    scored = start > 0 and words[start - 1] == "cham"
    return scored and after in _AFTER_A_TOTAL and 5 < float(words[i]) <= 100


def _score_said_earlier(words: Sequence[str], i: int) -> bool:
    """"điểm trung bình hội đồng là 49,8": a total after "là", "được" or "đạt", with the word
    for points a few words before it (a star level after it is not a score, and "thang điểm
    tổng là 100" is the scale, not a product's total)."""
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[max(0, i - 1 - SCORE_WORD_SPAN):i - 1]
    # "điểm phần A là 30", "điểm tiêu chí liên kết là 3": a part's or a criterion's score.
    return (i >= 2 and words[i - 1] in _SCORE_VERBS and after not in ("sao", "star", "stars")
            and "diem" in before and not _NOT_A_TOTAL.intersection(before)
            and 5 < float(words[i]) < 100)


# --- part scores to a rank: "A 30 B 20 C 22 thì đạt mấy sao" ------------------------------

# "A 40 B 25 C 35 là tối đa phải không": the parts' maxima asked, not a product's scores.
_PART_MAX_WORDS = ("toi da", "max", "maximum", "chiem", "gom", "moi phan")


@dataclass(frozen=True, slots=True)
class PartScores:
    """The score a question gives each part, A, B and C, in that order."""

    scores: tuple[tuple[str, float], ...]

    @property
    def total(self) -> float:
        return sum(value for _, value in self.scores)

    def over(self) -> tuple[str, float] | None:
        """The first part scored above its maximum, if any."""
        return next(((letter, value) for letter, value in self.scores
                     if value > PART_MAXIMA[letter]), None)


# "phần A được 35, B 22": a verb may stand between a part's letter and its score.
_PART_VERBS = frozenset({"duoc", "dat", "la", "co"})


def _lettered_numbers(words: Sequence[str]) -> Iterator[tuple[str, str]]:
    """The (letter, number) pairs of a message: "A 30", "phần A được 30"."""
    for i, letter in enumerate(words):
        if letter not in ("a", "b", "c"):
            continue
        after = words[i + 1:i + 3]
        if after and after[0] in _PART_VERBS:
            after = after[1:]
        if after and _NUMBER.fullmatch(after[0]):
            yield letter, after[0]


def part_scores(words: Sequence[str], text: str) -> PartScores | None:
    """The three part scores a question gives to be ranked ("A 30 B 20 C 22", "phần A 30đ, B
    20, C 22"), if it gives each part once and does not ask about the parts' maxima."""
    found: dict[str, float] = {}
    for letter, value in _lettered_numbers(words):
        if letter.upper() in found:
            return None
        found[letter.upper()] = float(value)
    if len(found) != len(PART_MAXIMA) or _has(text, _PART_MAX_WORDS):
        return None
    if not asks_a_star(text) and _has(text, OTHER_ASKS):
        return None
    # "mục a 1, b 2, c 3 là gì" lists items: the scores are ranked when a rank is asked, or
    # when the message asks nothing else ("A 30 B 20 C 22").
    ranked = asks_a_star(text) or _has(text, RECOGNITION_ASKS) or _RANK_WORDS & set(words)
    if not ranked and _ASKING & set(words):
        return None
    return PartScores(tuple(sorted(found.items())))


PARTS_TEXT = {
    "vi": "Tổng {parts} = {total}",
    "en": "The total {parts} = {total}",
}
OVER_TEXT = {
    "vi": "Phần {letter} tối đa {max}, nên {letter} {value} vượt mức tối đa của phần này: "
          "bạn hãy kiểm tra lại điểm từng phần (A 40 + B 25 + C 35 = 100 điểm).",
    "en": "Part {letter} is worth at most {max}, so {letter} {value} is above its maximum: "
          "please check the part scores again (A 40 + B 25 + C 35 = 100 points).",
}


def _number_in(value: float, lang: str) -> str:
    return f"{value:g}".replace(".", ",") if lang == "vi" else f"{value:g}"


def parts_answer(parts: PartScores) -> Computed:
    """The rank of the sum of three part scores, or which part is above its maximum."""
    over = parts.over()
    if over is not None:
        letter, value = over
        texts = [OVER_TEXT[lang].format(letter=letter, value=_number_in(value, lang),
                                        max=_pts(PART_MAXIMA[letter], lang)) for lang in LANGS]
        return Computed("part_max", texts[0], texts[1])
    said = {lang: PARTS_TEXT[lang].format(
        parts=" + ".join(f"{letter} {_number_in(value, lang)}" for letter, value in parts.scores),
        total=_pts(parts.total, lang)) for lang in LANGS}
    return rank_answer(parts.total, said)


# --- the council members' totals to their average: "hội đồng 3 người chấm 68 72 71" ------

# The rank is read on the average of the members' totals (Điều 3 khoản 3 of the decree: "tổng
# điểm trung bình").
AVERAGE_TEXT = {
    "vi": "Điểm trung bình của các thành viên hội đồng: ({scores}) : {count} = {mean},",
    "en": "The council members' average is ({scores}) / {count} = {mean}, which",
}
_LISTING_WORDS = frozenset({"va", "voi", "diem", "d", "and"})
# Words that say the totals listed are the council members' ("chấm lần lượt 72, 68, 75").
_MEMBERS = ("lan luot", "thanh vien", "giam khao", "nguoi cham")
# A number before one of these counts something else ("20 ngày sau", "30% nguyên liệu").
_NOT_A_TOTAL_AFTER = frozenset({"ngay", "thang", "nam", "tuan", "phan", "tieu", "san", "sp",
                                "nguoi", "lan", "ho"})
MIN_MEMBER_TOTAL = 10  # the least a listed number may be to be read as a total


def members_totals(words: Sequence[str], text: str) -> tuple[float, ...] | None:
    """Two or more totals listed one after another by the council's members ("3 người chấm
    68, 72, 71"), when the members are named and no other question (when, where…) is asked."""
    if not _has(text, _MEMBERS) or (_has(text, OTHER_ASKS) and not asks_a_star(text)):
        return None
    runs: list[list[float]] = [[]]
    for word, after in itertools.zip_longest(words, words[1:], fillvalue=""):
        if (_NUMBER.fullmatch(word) and MIN_MEMBER_TOTAL <= float(word) <= 100
                and after not in _NOT_A_TOTAL_AFTER):
            runs[-1].append(float(word))
        elif not (word in _LISTING_WORDS and runs[-1]):
            runs.append([])
    longest = max(runs, key=len)
    return tuple(longest) if len(longest) >= 2 else None


def average_answer(totals: Sequence[float]) -> Computed:
    """The rank of the average of several members' totals."""
    mean = round(sum(totals) / len(totals), 2)
    said = {lang: AVERAGE_TEXT[lang].format(
        scores=" + ".join(_number_in(t, lang) for t in totals), count=len(totals),
        mean=_pts(mean, lang)) for lang in LANGS}
    return rank_answer(mean, said)


# A message that only reports a total ("nấm rơm của htx được 61đ", "93đ") asks its rank: it
# asks nothing else (no question word or particle: "tổng điểm OCOP là 100 điểm hả" asks about
# the structure) and names no part, criterion or maximum.
_ASKING = frozenset(re.findall(r"\w+", """
gi sao nao dau ai bao may khong chua the lam nhieu khi can phai nen hay ha nhi chu dung la what
how when where who why which can does do is are should
"""))
_NOT_A_TOTAL = frozenset(re.findall(r"\w+", """
phan tieu chi muc nhom a b c toi max part criterion section
"""))
# Points added or taken ("được cộng 5 điểm"; "công ty" folds to "cong ti").
_NOT_A_TOTAL_PHRASES = (" cong diem ", " cong them ", " duoc cong ", " tru diem ", " them diem ",
                        " bi tru ")


def reports_a_score(words: Sequence[str]) -> bool:
    """Whether a message only reports a total score, asking nothing else. A bare "45 điểm" is
    also what an English question glosses to ("my product only got 45 points, what now"): it
    reports a score only in chat shorthand ("93đ") or with words around it."""
    seen = set(words)
    joined = f" {' '.join(words)} "
    bare = len(words) <= 2 and "d" not in seen
    return not (bare or seen & _ASKING or seen & _NOT_A_TOTAL
                or any(p in joined for p in _NOT_A_TOTAL_PHRASES))


def _score_after_its_word(before: str, word: str, after: str) -> bool:
    """"tổng điểm 92", "score 85": a total written after the word for points (a star level
    after it, "điểm 4 sao", is not a score)."""
    return (before in ("diem", "score", "total") and after not in ("sao", "star", "stars")
            and float(word) > 5)


def rank_answer(score: float, said: Mapping[str, str] | None = None) -> Computed:
    """The star band of a total score (`said`: how to write the score, by language)."""
    star = band_of(score)
    texts = []
    for lang in LANGS:
        shown = said[lang] if said else _pts(score, lang)
        text = RANK_TEXT[lang].format(score=shown, band=BAND_TEXT[lang][star], star=star)
        texts.append(text + (MINIMA_NOTE[lang] if star in STAR_LEVELS else NO_CERTIFICATE[lang]))
    return Computed("rank", texts[0], texts[1])


# --- the maximum of a part ---------------------------------------------------------------

PART_TEXT = {
    "vi": "Phần {letter} ({title}) tối đa <b>{max}</b> trên tổng 100 điểm, như nhau ở cả 26 "
          "phiếu (A 40 + B 25 + C 35).",
    "en": "Part {letter} ({title}) is worth at most <b>{max}</b> of the 100, the same on all 26 "
          "sheets (A 40 + B 25 + C 35).",
}
PART_TITLES = {
    "vi": {"A": "Sản phẩm và sức mạnh cộng đồng", "B": "Khả năng tiếp thị",
           "C": "Chất lượng sản phẩm"},
    "en": {"A": "product and community strength", "B": "marketing capacity",
           "C": "product quality"},
}
# A part named by its title instead of its letter ("phần chất lượng tối đa bao nhiêu điểm").
PART_BY_TITLE = {"phan chat luong": "C", "phan tiep thi": "B", "phan kha nang tiep thi": "B",
                 "phan suc manh cong dong": "A", "phan san pham va suc manh": "A",
                 "quality part": "C", "marketing part": "B",
                 # Part B's own title; group 4 within it is "Tiếp thị" alone.
                 "kha nang tiep thi": "B",
                 # "chất lượng sản phẩm chiếm mấy điểm trên tổng 100": a part's share of the total.
                 "chat luong san pham chiem": "C", "kha nang tiep thi chiem": "B",
                 "suc manh cong dong chiem": "A"}
PART_ASKS = ("toi da", "bao nhieu diem", "may diem", "chiem bao nhieu", "how many points",
             "maximum", "max", "chiem may")


# The parts' maxima are those of Decision 26/2026: a question about an earlier set of criteria
# ("bộ tiêu chí năm 2019", "theo QĐ 1048") is for the entries on those decisions.
_EARLIER_CRITERIA = frozenset({"2019", "2020", "2021", "2022", "2023", "2024", "2025", "1048",
                               "148"})


def part_asked(words: Sequence[str], text: str) -> str | None:
    """The part letter whose maximum a question asks ("phần C tối đa bao nhiêu điểm")."""
    if not _has(text, PART_ASKS) or _EARLIER_CRITERIA.intersection(words):
        return None
    for i, (before, word) in enumerate(itertools.pairwise(words)):
        if before in ("phan", "part") and word.upper() in PART_MAXIMA:
            # "phần A B C cộng lại tối đa bao nhiêu": the parts listed, their total asked.
            listed = i + 2 < len(words) and words[i + 2].upper() in PART_MAXIMA
            return None if listed else word.upper()
    return next((letter for title, letter in PART_BY_TITLE.items() if f" {title} " in text),
                None)


def part_answer(letter: str) -> Computed:
    """The maximum of one part of the criteria."""
    texts = [PART_TEXT[lang].format(letter=letter, title=PART_TITLES[lang][letter],
                                    max=_pts(PART_MAXIMA[letter], lang)) for lang in LANGS]
    return Computed("part_max", texts[0], texts[1])


# --- where criteria differ between sheets -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """A criterion on one sheet, and the value a question asks about there."""

    sheet: int
    criterion: Criterion
    value: str


def points_only(value: str) -> str:
    """A value without its option wording: sheets that word an option differently but give it
    the same points agree."""
    return "\n".join("|".join(line.split("|")[:2 if line.count("|") >= 2 else 1])
                     for line in value.split("\n"))


def common_and_differing(found: Sequence[Found]) -> tuple[str, list[int], dict[str, list[int]]]:
    """The commonest value (by points) with its sheets, and the other values with theirs."""
    counts = Counter(points_only(f.value) for f in found)
    common = counts.most_common(1)[0][0]
    others: dict[str, list[int]] = {}
    for f in found:
        if points_only(f.value) != common:
            others.setdefault(points_only(f.value), []).append(f.sheet)
    return common, [f.sheet for f in found if points_only(f.value) == common], others


_TITLED: dict[tuple[int, frozenset[str]], tuple[Mapping[int, Sheet], list[Found]]] = {}


def criteria_titled(sheets: Mapping[int, Sheet], words: frozenset[str]) -> list[Found]:
    """The criterion, on each sheet, whose title holds all of `words` (found once per sheets
    mapping and words)."""
    kept = _TITLED.get((id(sheets), words))
    if kept is None or kept[0] is not sheets:
        kept = _TITLED[(id(sheets), words)] = (sheets, _criteria_titled(sheets, words))
    return list(kept[1])


def criteria_phrased(sheets: Mapping[int, Sheet], phrase: str) -> list[Found]:
    """The criterion, on each sheet, whose short title holds `phrase` (folded words)."""
    found = []
    for number, sheet in sheets.items():
        for criterion in criteria_of(sheet):
            if f" {phrase} " in f" {folded_text(_short(criterion.title))} ":
                found.append(Found(number, criterion, ""))
                break
    return found


def _criteria_titled(sheets: Mapping[int, Sheet], words: frozenset[str]) -> list[Found]:
    found = []
    for number, sheet in sheets.items():
        for criterion in criteria_of(sheet):
            if words <= folded_words(criterion.title):
                found.append(Found(number, criterion, ""))
                break
    return found


def _clip(text: str, size: int = 110) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _short(title: str) -> str:
    head = title.split(" (")[0].strip().rstrip(":")
    return head.capitalize() if head.isupper() else head


def _lines(found: Sequence[Found], line: Callable[[str, str], str]) -> dict[str, dict[str, str]]:
    """Each language's line for each value (by points), worded as its first sheet words it."""
    lines: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for f in found:
        key = points_only(f.value)
        if key in lines[LANGS[0]]:
            continue
        for lang in LANGS:
            lines[lang][key] = line(f.value, lang)
    return lines


def _where(numbers: Sequence[int], total: int, lang: str) -> str:
    if len(numbers) == total and total > 1:
        return f"cả {total} phiếu" if lang == "vi" else f"all {total} sheets"
    sheet = "sheets " if len(numbers) > 1 else "sheet "
    return ("phiếu " if lang == "vi" else sheet) + _numbers(numbers)


def _spread(found: Sequence[Found], lines: Mapping[str, Mapping[str, str]],
            head: Mapping[str, str], total: int) -> tuple[str, str]:
    """Head line, the common value with its sheets, then each differing value with its sheets."""
    common, on, others = common_and_differing(found)
    texts = []
    for lang in LANGS:
        # The sheets belong to the head, before its colon: "tiêu chí 2.2 “…” (phiếu 11):".
        rows = [f"{head[lang].removesuffix(':')} ({_where(on, total, lang)}):",
                lines[lang][common]]
        rows += [f"{('Khác – ' if lang == 'vi' else 'Differs – ')}{_where(n, total, lang)}:\n"
                 f"{lines[lang][v]}" for v, n in others.items()]
        texts.append("\n".join(rows))
    return texts[0], texts[1]


# --- the points of an option on a named criterion ----------------------------------------

ORGANISATION = frozenset({"loai", "hinh", "to", "chuc"})
REPRESENTATIVE = frozenset({"dai", "dien", "phap", "luat"})
# Who the question names → (criterion title words, words the option text must hold).
OPTION_SUBJECTS: dict[str, tuple[frozenset[str], str, str]] = {
    "ho gia dinh": (ORGANISATION, "ho", "a household"),
    "ho san xuat": (ORGANISATION, "ho", "a household"),
    "ho kinh doanh": (ORGANISATION, "ho", "a household"),
    "trang trai": (ORGANISATION, "trang trai", "a farm"),
    "to hop tac": (ORGANISATION, "to hop tac", "a cooperative group"),
    "hop tac xa": (ORGANISATION, "hop tac xa to chuc", "a cooperative"),
    "cong ty": (ORGANISATION, "cong ty", "a company"),
    "doanh nghiep": (ORGANISATION, "doanh nghiep", "an enterprise"),
    "phu nu": (REPRESENTATIVE, "la nu", "a woman representative"),
    "la nu": (REPRESENTATIVE, "la nu", "a woman representative"),
    "dan toc": (REPRESENTATIVE, "la nu", "an ethnic minority representative"),
    "khuyet tat": (REPRESENTATIVE, "la nu", "a disabled representative"),
}
# "chủ hộ là người Dao đứng tên đại diện": an ethnic minority named by its people. Names that
# fold into common words ("Chăm"/"chấm", "Tày"/"Tây", "Hoa", "Lào") are left out.
ETHNIC_MINORITIES = ("thai", "muong", "khmer", "nung", "hmong", "h mong", "mong", "dao", "gia rai",
                     "e de", "ede", "ba na", "xo dang", "san chay", "co ho", "san diu", "hre",
                     "mnong", "m nong", "ra glai", "raglai", "xtieng", "bru van kieu", "co tu",
                     "gie trieng", "kho mu", "ta oi", "cho ro", "khang", "xinh mun", "ha nhi",
                     "chu ru", "la chi", "la ha", "phu la", "la hu", "lo lo", "pa then", "co lao",
                     "bo y", "si la", "pu peo", "brau", "o du", "ro mam")
ETHNIC_SUBJECTS = frozenset(f"{lead} {people}" for lead in ("nguoi", "dong bao")
                            for people in ETHNIC_MINORITIES)
OPTION_SUBJECTS.update({subject: OPTION_SUBJECTS["dan toc"] for subject in ETHNIC_SUBJECTS})
# "người Thái Bình", "người Thái Nguyên": a province's people, not the Thái.
_PROVINCE_AFTER = re.compile(r" nguoi thai (?:binh|nguyen|lan) ")
# Words for the person who represents the participant.
PERSON_WORDS = ("giam doc", "dai dien", "nguoi dung ten", "chu co so", "chu tich", "chu nhiem")
SUBJECT_VI = {"ho": "hộ sản xuất/hộ gia đình", "trang trai": "trang trại",
              "to hop tac": "tổ hợp tác", "hop tac xa to chuc": "hợp tác xã",
              "cong ty": "công ty", "doanh nghiep": "doanh nghiệp",
              "la nu": "đại diện pháp luật là nữ, đồng bào dân tộc thiểu số hoặc người "
                       "khuyết tật"}


# Folded, "được công nhận" and "được công bố" read as "được cộng" (points added): they are
# recognition and declaration, not points.
_NOT_ADDED_AFTER = frozenset({"nhan", "bo"})


def asks_points(text: str) -> bool:
    """Whether the folded `text` (spaces around) asks about points (`POINT_WORDS`)."""
    return any(p in text for p in (f" {w} " for w in POINT_WORDS if w != "duoc cong")) or any(
        not text[i + len(" duoc cong "):].startswith(tuple(f"{w} " for w in _NOT_ADDED_AFTER))
        for i in positions(text, " duoc cong "))


# "htx em 4 sao rồi, muốn lên 5 sao thì phải được bao nhiêu điểm", "nhắm 3 sao": the
# points of a star rank asked; the cooperative is only who asks.
_STAR_TARGET = re.compile(
    r" (?:len|dat|de duoc|muon|toi thieu|it nhat|can|nham|target|huong toi) [345] sao ")


def targets_a_star(text: str) -> bool:
    """Whether the folded `text` (spaces around) names the star rank it aims at ("nhắm 3
    sao", "muốn lên 5 sao"): its points then ask for that rank's band, not an option's."""
    return _STAR_TARGET.search(text) is not None


def option_subject(text: str) -> str | None:
    """The participant or representative a points question names, if any."""
    if not asks_points(text) or targets_a_star(text):
        return None
    named = [s for s in OPTION_SUBJECTS if _names_the_asker(text, folded_text(s))
             and (s not in ETHNIC_SUBJECTS or _names_the_representative(text))]
    # "htx em có chị người Thái làm giám đốc", "chủ htx là người dân tộc thiểu số": the person
    # named is the representative; the cooperative is only who asks.
    person = _has(text, PERSON_WORDS) or (
        _HEAD_WHO_IS.search(text) is not None and not _has(text, _NOT_A_TRAIT)
        and any(OPTION_SUBJECTS[s][0] == REPRESENTATIVE for s in named))
    return next((s for s in named if not (person and OPTION_SUBJECTS[s][0] == ORGANISATION)),
                None)


# Who heads the participant: `PERSON_WORDS` and "chủ hộ là người Dao".
_HEADS = (*PERSON_WORDS, "chu ho", "chu hop tac xa", "chu doanh nghiep", "chu cong ti",
          "truong nhom")


# "chủ htx là người dân tộc thiểu số": the head said to be what earns criterion 3.2; not "htx
# toàn phụ nữ, chủ htx là nam", nor a question on criterion 3.1 ("tiêu chí loại hình").
_HEAD_WHO_IS = re.compile(r" (?:chu ho|chu hop tac xa|chu doanh nghiep|chu cong ti|truong nhom) "
                          r"la (?:\w+ ){0,2}(?:nu|phu nu|dan toc|nguoi dan toc|khuyet tat"
                          r"|dong bao) ")
_NOT_A_TRAIT = ("la nam", "nguoi kinh", "loai hinh")


def _names_the_representative(text: str) -> bool:
    """Whether a people named is the representative's ("giám đốc là người Khmer"), not workers'
    ("thuê công nhân người Hmông") nor a province's ("người Thái Bình")."""
    return _has(text, _HEADS) and _PROVINCE_AFTER.search(text) is None


# "hợp đồng bao tiêu với công ty": the company is a partner, not who asks.
_PARTNER_BEFORE = ("voi", "cho", "tu")


def _names_the_asker(text: str, subject: str) -> bool:
    """Whether the folded `text` names `subject` other than as a partner."""
    return _named_not_after(text, subject, _PARTNER_BEFORE)


def _option_of(criterion: Criterion, needle: str) -> tuple[float, str] | None:
    """Points and text of the first option whose words hold `needle`."""
    for option in criterion.options:
        if f" {needle} " in f" {folded_text(option.text)} ":
            return option.points, option.text
    return None


def option_answer(sheets: Mapping[int, Sheet], subject: str) -> Computed | None:
    """Points of the named option on its criterion: common value, then the sheets that differ."""
    title_words, needle, who_en = OPTION_SUBJECTS[subject]
    needle = folded_text(needle)  # "công ty" is read as "cong ti", as option texts are
    found = []
    for f in criteria_titled(sheets, title_words):
        hit = _option_of(f.criterion, needle)
        if hit is not None:
            found.append(Found(f.sheet, f.criterion, f"{hit[0]:g}|{' '.join(hit[1].split())}"))
    if not found:
        return None
    first = found[0].criterion
    who = {"vi": SUBJECT_VI[OPTION_SUBJECTS[subject][1]], "en": who_en}
    head = {"vi": f"Tiêu chí {first.code} “{_short(first.title)}” – {who['vi']}:",
            "en": f"Criterion {first.code} “{_short(first.title)}” – {who['en']}:"}
    vi, en = _spread(found, _lines(found, _option_line), head, len(sheets))
    return Computed("option", vi, en, tuple(f.sheet for f in found), first.code,
                    _short(first.title))


# An option is the one asked about when the question holds this many of its distinctive words
# and clearly more than any other option of the criterion.
MIN_OPTION_WORDS = 2
_OPTION_GENERIC = frozenset(re.findall(
    r"\w+", "co khong chua duoc va cua cac la tu tren duoi theo mot nhung san pham voi cho "
    "trong hoac it nhat da dang ky bao nhieu may diem dc thi sao gi nao",
))


def _without_criterion_words(words: frozenset[str]) -> frozenset[str]:
    """The question's words less "tiêu chí" (folded "chi" is also "chỉ" of an option)."""
    return words - {"tieu", "chi"} if "tieu" in words else words


def _option_asked(criterion: Criterion, words: frozenset[str]) -> tuple[float, str] | None:
    """The option of `criterion` whose distinctive words the question names, if one stands out.
    Words of the criterion's title, or of "tiêu chí", name the criterion, not an option."""
    words = _without_criterion_words(words)
    title = folded_words(criterion.title)
    own = [folded_words(o.text) - _OPTION_GENERIC - title for o in criterion.options]
    shared = frozenset.intersection(*own) if own else frozenset()
    scored = sorted(((len((w - shared) & words), o) for w, o in zip(own, criterion.options,
                                                                    strict=True)),
                    key=lambda p: -p[0])
    if not scored or scored[0][0] < MIN_OPTION_WORDS:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None
    return scored[0][1].points, scored[0][1].text


def yes_option(criterion: Criterion, _words: frozenset[str]) -> tuple[float, str] | None:
    """The "Có" option of a yes/no criterion ("ghi nhãn song ngữ": Có / Không)."""
    yes = [o for o in criterion.options if folded_text(o.text) == "co"]
    return (yes[0].points, yes[0].text) if len(yes) == 1 else None


def lacks(words: Sequence[str]) -> bool:
    """Whether a question says something is missing ("không có", "chưa có"): then a yes/no
    criterion's "Có" is not the option it describes."""
    return any(pair in (("khong", "co"), ("chua", "co")) for pair in itertools.pairwise(words))


def no_option(criterion: Criterion, _words: frozenset[str]) -> tuple[float, str] | None:
    """The option of a criterion for lacking what it asks ("Không", "Không có câu chuyện sản
    phẩm"), if it has exactly one."""
    lacking = [o for o in criterion.options if folded_text(o.text).split()[:1] == ["khong"]]
    return (lacking[0].points, lacking[0].text) if len(lacking) == 1 else None


def option_named(criterion: Criterion, words: frozenset[str]) -> tuple[float, str] | None:
    """`_option_closest`, for a question that names some of the option's own words."""
    return _option_closest(criterion, words, yes_without_words=False)


def _option_closest(criterion: Criterion, words: frozenset[str],
                    yes_without_words: bool = True) -> tuple[float, str] | None:
    """The option a question describes by its own words (not its criterion's title): of the
    options holding every such word the question names, the one the others build on ("trên
    75%" is the "≥ 75%" option, "website, hội chợ ngoài tỉnh" the least one that has both);
    none when they differ in what the question does not say. "Có" of a yes/no criterion when
    the question names no option's words."""
    words = _without_criterion_words(words)
    title = folded_words(criterion.title)
    own = [folded_words(o.text) - _OPTION_NEUTRAL - title for o in criterion.options]
    shared = frozenset.intersection(*own) if own else frozenset()
    own = [w - shared for w in own]
    named = frozenset().union(*own) & words
    if not named:
        if not yes_without_words:
            return None
        yes = [o for o in criterion.options if folded_text(o.text) == "co"]
        return (yes[0].points, yes[0].text) if yes else None
    fitting = [i for i, w in enumerate(own) if named <= w]
    least = [i for i in fitting if all(own[i] <= own[j] for j in fitting)]
    if len(least) != 1 and not _WHICH_ASKED & words and not words >= _MOST_ASKED:
        least = _saying_least_else(own, fitting, named)
    if len(least) != 1:
        return None
    option = criterion.options[least[0]]
    return option.points, option.text


# "nên làm chứng nhận ISO, HACCP gì để được điểm cao": which option to aim at, not one's points.
_WHICH_ASKED = frozenset({"gi", "nao", "nen", "which", "should", "max", "maximum", "most"})
# "được tối đa bao nhiêu điểm": the criterion's most, not the least option a word fits.
_MOST_ASKED = frozenset({"toi", "da"})


def _saying_least_else(own: Sequence[frozenset[str]], fitting: Sequence[int],
                       named: frozenset[str]) -> list[int]:
    """Of the fitting options, the one asking clearly least besides what the question names:
    "có HACCP" is the national-standard option "(ISO, HACCP, ...)", not the international one
    that also asks export conditions the question does not state."""
    if len(fitting) != 2:
        return []
    extra = sorted((len(own[i] - named), i) for i in fitting)
    return [extra[0][1]] if 2 * extra[0][0] < extra[1][0] else []


def option_by_words(criteria: Sequence[tuple[int, Criterion]], words: frozenset[str],
                    total: int,
                    choose: Chooser = _option_asked) -> Computed | None:
    """Points of the option a question describes ("dùng trên 75% lao động"), on a criterion
    that differs between sheets: the value common to the sheets, then the sheets that differ."""
    found = []
    for number, criterion in criteria:
        hit = choose(criterion, words)
        if hit is not None:
            found.append(Found(number, criterion, f"{hit[0]:g}|{' '.join(hit[1].split())}"))
    if len(found) * 2 <= len(criteria):
        return None
    code, named = _named(found)
    head = {"vi": f"Tiêu chí {named['vi']}, lựa chọn này:",
            "en": f"Criterion {named['en']}, this option:"}
    vi, en = _spread(found, _lines(found, _option_line), head, total)
    return Computed("option", vi, en, tuple(f.sheet for f in found), code,
                    _short(found[0].criterion.title))


def _named(found: Sequence[Found]) -> tuple[str, dict[str, str]]:
    """The commonest code of the criterion found and how to name it in each language, with
    the codes of the sheets that number it otherwise ("ghi nhãn song ngữ" is 2.4, 2.3 on
    sheets 21 and 22)."""
    by_code: dict[str, list[int]] = {}
    for f in found:
        by_code.setdefault(f.criterion.code, []).append(f.sheet)
    code = max(by_code, key=lambda c: len(by_code[c]))
    title = _short(found[0].criterion.title)
    named = {}
    for lang in LANGS:
        where = "ở" if lang == "vi" else "on"
        others = "; ".join(f"{other} {where} {_where(sheets, 0, lang)}"
                           for other, sheets in by_code.items() if other != code)
        named[lang] = f"{code} “{title}”" + (f" ({others})" if others else "")
    return code, named


# A points question that describes an option without naming its criterion ("có website với đi
# hội chợ ngoại tỉnh thì được mấy điểm"): the criterion whose option and title words it names
# most, by the rarity of those words among criteria, when clearly ahead of every other.
_DESCRIBING_GENERIC = _OPTION_GENERIC | frozenset(re.findall(
    r"\w+", "diem cong them tinh phan tieu chi ve hay khi can phai lam the nao ra sao tro len "
    "xuong ocop moi muc gom tung danh hang"))  # "đánh giá", "hạng": said of every criterion
# Bounds tell options apart ("trên 75%", "từ 50% đến dưới 75%").
_OPTION_NEUTRAL = _DESCRIBING_GENERIC - {"tren", "duoi", "tu"}
MIN_DESCRIBED = 3
MIN_DESCRIBED_WEIGHT = 6.0
DESCRIBED_LEAD = 1.5
# A question that names no product asks about a criterion most sheets share, not one sheet's.
MIN_GROUP_SHEETS = 8


@dataclass(frozen=True, slots=True)
class OptionIndex:
    """The criteria of every sheet grouped by title, with the words that describe each group
    (in its title or options on at least half of its sheets) and their rarity."""

    groups: tuple[tuple[tuple[int, Criterion], ...], ...]
    words: tuple[frozenset[str], ...]
    idf: Mapping[str, float]
    # The words of each group's title and of its options that state a share ("≥ 75% lao động
    # là người trên địa bàn cấp xã"): what a question stating a share describes.
    share_words: tuple[frozenset[str], ...] = ()


def _group_words(members: Sequence[tuple[int, Criterion]], shares: bool = False) -> frozenset[str]:
    """The words of a group's title and options (`shares`: only options that state a share;
    none when no option does) on at least half of its sheets."""
    counts: Counter[str] = Counter()
    for _, criterion in members:
        options = [o for o in criterion.options if not shares or option_share(o.text)]
        if not options:
            continue
        found = set(folded_words(criterion.title))
        for option in options:
            found |= folded_words(option.text)
        counts.update(found - _DESCRIBING_GENERIC)
    return frozenset(w for w, n in counts.items() if 2 * n >= len(members))


def option_index(sheets: Mapping[int, Sheet]) -> OptionIndex:
    """Group the criteria of all sheets by their short title (codes differ between sheets)."""
    by_title: dict[str, list[tuple[int, Criterion]]] = {}
    for number, sheet in sheets.items():
        for criterion in criteria_of(sheet):
            by_title.setdefault(folded_text(_short(criterion.title)), []).append(
                (number, criterion))
    groups = tuple(tuple(g) for g in by_title.values()
                   if len(g) >= MIN_GROUP_SHEETS and any(c.options for _, c in g))
    words = tuple(_group_words(g) for g in groups)
    df = Counter(w for ws in words for w in ws)
    idf = {w: math.log(1 + len(groups) / n) for w, n in df.items()}
    return OptionIndex(groups, words, idf, tuple(_group_words(g, shares=True) for g in groups))


@dataclass(frozen=True, slots=True)
class Share:
    """The bounds of a share an option states ("từ 50% đến dưới 75%", "≥ 75%", "dưới 50%")."""

    low: float
    low_in: bool
    high: float
    high_in: bool

    def holds(self, value: float) -> bool:
        above = value > self.low or (self.low_in and value == self.low)
        return above and (value < self.high or (self.high_in and value == self.high))


_SHARE_RANGE = re.compile(r"(\d+)\s*%?\s*(?:đến|-|–)\s*(dưới\s*)?(\d+)\s*%")
_SHARE_ABOVE = re.compile(r"(trên|>=|≥|>)\s*(\d+)\s*%")
_SHARE_BELOW = re.compile(r"(dưới|<=|≤|<)\s*(\d+)\s*%")


def option_share(text: str) -> Share | None:
    """The share an option's text states, if any."""
    lowered = text.lower()
    if (m := _SHARE_RANGE.search(lowered)) is not None:
        return Share(float(m[1]), True, float(m[3]), not m[2])
    if (m := _SHARE_ABOVE.search(lowered)) is not None:
        return Share(float(m[2]), m[1] in ("≥", ">="), 100.0, True)
    if (m := _SHARE_BELOW.search(lowered)) is not None:
        return Share(0.0, True, float(m[2]), m[1] in ("≤", "<="))
    return None


# "trên 80%" is more than 80, "dưới 50%" less than 50: a bound moves the share off its number.
_SHARE_NUDGE = {"tren": 0.5, "hon": 0.5, "vuot": 0.5, "duoi": -0.5}


def stated_share(words: Sequence[str]) -> float | None:
    """The one share a question states ("dùng 60% lao động trong xã" is 60, "6 trên 10 người",
    "10 người làm thì 6 người là người trong xã" are 60), if exactly one."""
    found = [_inside(float(w) + _SHARE_NUDGE.get(words[i - 1] if i else "", 0.0),
                     words[i + 3:i + 8])
             for i, w in enumerate(words)
             if w.isdigit() and tuple(words[i + 1:i + 3]) == ("phan", "tram")]
    if not found:
        found = [share for share in (_share_of(words),) if share is not None]
    return found[0] if len(found) == 1 and 0 <= found[0] <= 100 else None


# "6 trên 10", "6 trong số 10": a part of a whole.
_OUT_OF = frozenset({("tren",), ("trong",), ("trong", "so"), ("tren", "tong", "so"),
                     ("trong", "tong", "so")})
# Two counts of the same people or things, the whole and then its part ("10 người làm thì 6
# người là người trong xã").
_COUNTED_PEOPLE = frozenset({"nguoi", "lao", "cong", "ho", "thanh"})


# "dùng 40% nguyên liệu ngoài tỉnh": the options count what comes from inside (60%).
_OUTSIDE = frozenset({"ngoai", "khac", "nhap"})


def _inside(share: float, after: Sequence[str]) -> float:
    """A share of raw materials or workers, as the share from inside the province or commune."""
    return 100 - share if _OUTSIDE & set(after) else share


def _share_of(words: Sequence[str]) -> float | None:
    """The share a question states as a part of a whole, in percent, if it states one."""
    numbers = [i for i, w in enumerate(words) if w.isdigit()]
    for i in numbers:
        for gap in (1, 2, 3):
            j = i + 1 + gap
            if tuple(words[i + 1:j]) in _OUT_OF and j < len(words) and words[j].isdigit():
                return _percent(float(words[i]), float(words[j]))
    counted = [i for i in numbers if words[i + 1:i + 2] and words[i + 1] in _COUNTED_PEOPLE]
    if len(numbers) == 2 and len(counted) == 2 and words[counted[0] + 1] == words[counted[1] + 1]:
        return _percent(float(words[counted[1]]), float(words[counted[0]]))
    return None


def _percent(part: float, whole: float) -> float | None:
    return 100 * part / whole if 0 < part <= whole else None


def option_by_share(criterion: Criterion, share: float) -> tuple[float, str] | None:
    """The option whose stated share holds `share`: of several, the one the others build on
    ("trên 75%" before "trên 75% và ổn định từ 12 tháng")."""
    fitting = [o for o in criterion.options
               if (bounds := option_share(o.text)) is not None and bounds.holds(share)]
    least = [o for o in fitting
             if all(folded_words(o.text) <= folded_words(other.text) for other in fitting)]
    return (least[0].points, least[0].text) if len(least) == 1 else None


def option_chooser(words: Sequence[str], default: Chooser = _option_asked) -> Chooser:
    """How to pick the option a question describes: by the share it states, if it states one
    (a criterion whose options state none is then read by `default`), else by `default`. On
    the criteria about markets only the market stated picks an option: their options' words
    ("Mỹ" is "mi", as in "mỹ phẩm") would pick one the question does not describe."""
    chooser = _counted_first(words, _share_or_default(words, default))
    text = f" {' '.join(words)} "
    count = agent_count(words)

    def by_market(criterion: Criterion, asked: frozenset[str]) -> tuple[float, str] | None:
        about_markets, option = market_option(criterion, text, count)
        return option if about_markets else chooser(criterion, asked)

    return by_market


def _counted_first(words: Sequence[str], chooser: Chooser) -> Chooser:
    """`chooser`, after the option holding the number of things the question states."""
    if not states_a_count(words):
        return chooser
    return lambda criterion, asked: (counted_option(criterion, words)
                                     or chooser(criterion, asked))


def _share_or_default(words: Sequence[str], default: Chooser) -> Chooser:
    share = stated_share(words)
    if share is None and not lacks(words):
        default = _quoted_first(words, default)
    if share is None and lacks(words):
        return lambda criterion, asked: no_option(criterion, asked) or (
            None if yes_option(criterion, asked) else default(criterion, asked))
    if share is None:
        return default

    def by_share(criterion: Criterion, asked: frozenset[str]) -> tuple[float, str] | None:
        if not any(option_share(o.text) for o in criterion.options):
            return default(criterion, asked)
        return option_by_share(criterion, share)

    return by_share


# An option quoted whole is named by at least this many words ("trong suốt, không màu").
MIN_QUOTED_WORDS = 2


def _quoted_first(words: Sequence[str], default: Chooser) -> Chooser:
    """`default`, after the option whose whole wording the question quotes, if any: such an
    option's words may all be generic or the criterion's own ("không màu" of "Màu sắc")."""
    text = f" {' '.join(words)} "

    def choose(criterion: Criterion, asked: frozenset[str]) -> tuple[float, str] | None:
        quoted = [o for o in criterion.options if len(folded_words(o.text)) >= MIN_QUOTED_WORDS
                  and f" {folded_text(o.text)} " in text]
        if quoted:
            option = max(quoted, key=lambda o: len(folded_text(o.text)))
            return option.points, option.text
        return default(criterion, asked)

    return choose


def option_described(index: OptionIndex, words: frozenset[str],
                     total: int, ordered: Sequence[str] = ()) -> Computed | None:
    """Points of the option a question describes on the criterion it does not name
    (`ordered`: the question's words in order, to read a share it states)."""
    asked = words - _DESCRIBING_GENERIC
    # A share stated ("80% lao động") is told by the options that state shares, by the words
    # other than those of the share itself ("phần trăm").
    described = index.words
    if stated_share(ordered) is not None:
        described, asked = index.share_words, asked - {"phan", "tram"}
    scored = sorted(((sum(index.idf.get(w, 0.0) for w in ws & asked), len(index.groups[i]), i)
                     for i, ws in enumerate(described) if len(ws & asked) >= MIN_DESCRIBED),
                    reverse=True)
    if not scored or scored[0][0] < MIN_DESCRIBED_WEIGHT:
        return None
    if len(scored) > 1 and scored[0][0] < DESCRIBED_LEAD * scored[1][0]:
        return None
    members = index.groups[scored[0][2]]
    return option_by_words(list(members), words, total, option_chooser(ordered, _option_closest))


def _option_line(value: str, lang: str) -> str:
    points, text = value.split("|", 1)
    return f"<b>{_pts(float(points), lang)}</b> (“{_clip(text)}”)"


# --- the star minimum of a criterion -----------------------------------------------------

# The narrower topic first: a bilingual label is asked about as "nhãn song ngữ".
MINIMUM_TOPICS: dict[str, frozenset[str]] = {
    "song ngu": frozenset({"song", "ngu"}),
    "bao bi": frozenset({"dong", "goi"}), "dong goi": frozenset({"dong", "goi"}),
    "nhan mac": frozenset({"phong", "cach", "ghi", "nhan"}),
    "tem nhan": frozenset({"phong", "cach", "ghi", "nhan"}),
    "ghi nhan": frozenset({"phong", "cach", "ghi", "nhan"}),
    "nhan san pham": frozenset({"phong", "cach", "ghi", "nhan"}),
    "cau chuyen": frozenset({"cau", "chuyen"}),
    "phan phoi": frozenset({"khu", "vuc", "phan", "phoi"}),
    "so huu tri tue": frozenset({"so", "huu", "tri", "tue"}),
    "nhan hieu": frozenset({"so", "huu", "tri", "tue"}),
    "quang ba": frozenset({"quang", "ba"}),
    "lien ket": frozenset({"lien", "ket"}),
    "moi truong": frozenset({"bao", "ve", "moi", "truong"}),
    "cong bo": frozenset({"cong", "bo", "chat", "luong"}),
    "lao dong": frozenset({"lao", "dong", "dia", "phuong"}),
    "vung nguyen lieu": frozenset({"vung", "nguyen", "lieu"}),
    "nguon nguyen lieu": frozenset({"nguon", "nguyen", "lieu"}),
    "cong nghe": frozenset({"cong", "nghe", "ben", "vung"}),
    "nhan hang": frozenset({"phong", "cach", "ghi", "nhan"}),
    "tinh doc dao": frozenset({"tinh", "doc", "dao"}),
    "tinh xao": frozenset({"tinh", "xao"}),
    "y tuong": frozenset({"nguon", "goc", "y", "tuong"}),
    "tang truong": frozenset({"tang", "truong", "kinh", "doanh"}),
    "loi nhuan": frozenset({"tang", "truong", "kinh", "doanh"}),
    # Where a product is sold is the main distribution area: its 5★ option names the
    # international market and supermarkets.
    "ban trong": frozenset({"khu", "vuc", "phan", "phoi"}),
    "ban ra": frozenset({"khu", "vuc", "phan", "phoi"}),
    "ban ngoai": frozenset({"khu", "vuc", "phan", "phoi"}),
    "thi truong quoc te": frozenset({"khu", "vuc", "phan", "phoi"}),
    "xuat khau": frozenset({"khu", "vuc", "phan", "phoi"}),
    "sieu thi": frozenset({"khu", "vuc", "phan", "phoi"}),
    "dai ly": frozenset({"khu", "vuc", "phan", "phoi"}),
}
# Topics found by a phrase of the criterion's short title: "hướng dẫn sử dụng để đảm bảo sản
# phẩm có chất lượng" holds the words of "đảm bảo chất lượng" but is another criterion.
TITLE_PHRASE_TOPICS = {"haccp": "dam bao chat luong", "iso": "dam bao chat luong",
                       "dam bao chat luong": "dam bao chat luong"}
# Topics that are also said of a product in general ("OCOP 5 sao có phải xuất khẩu được
# không"): a star minimum only when a requirement is asked ("bắt buộc", "điều kiện", "mới đạt").
ASKED_TOPICS = frozenset({"haccp", "iso", "dam bao chat luong", "nhan hang", "tinh doc dao",
                          "tinh xao", "y tuong", "tang truong", "loi nhuan", "ban trong",
                          "ban ra", "ban ngoai", "thi truong quoc te", "xuat khau", "sieu thi",
                          "dai ly"})
TRACE_TOPIC = "truy xuat"
MARK_WORDS = ("logo", "tem ocop", "dan tem", "in logo", "bieu trung", "nhan hieu ocop")
TRACE = ("truy xuat nguon goc", "truy xuat", "ma qr")


# Without a star level, only an ask that names stars ("cần cho mấy sao") or a requirement asks
# a star minimum: "làm thế nào để đăng ký nhãn hiệu" or "mục nào" do not.
_MINIMUM_ASKS_WITHOUT_STAR = tuple(a for a in MINIMUM_ASKS
                                   if "sao" in a.split() or a == "yeu cau")
# "muốn lên 4 sao thì nộp hồ sơ nâng hạng ở đâu" asks about the procedure, not a minimum.
# ("hồ sơ thủ tục môi trường" is a criterion: only the procedure asked counts)
_PROCEDURE_ASKS = ("nop ho so", "ho so nang hang", "nang hang", "o dau", "nop o", "thu tuc sao",
                   "thu tuc ra sao", "thu tuc the nao", "thu tuc gi", "lam thu tuc", "xin len",
                   "xin xet")


def minimum_topic(text: str, star: int | None) -> str | None:
    """The criterion topic whose star minimum a question asks, if any."""
    asks = MINIMUM_ASKS if star is not None else _MINIMUM_ASKS_WITHOUT_STAR
    if star is None and not _has(text, asks) and not _has(text, STAR_ASKS):
        return None
    if _has(text, _PROCEDURE_ASKS):
        return None
    # "3 sao có được in logo lên bao bì không" asks about the OCOP mark, not the packaging.
    if _has(text, MARK_WORDS):
        return None
    if _has(text, TRACE):
        return TRACE_TOPIC
    topic = next((t for t in (*TITLE_PHRASE_TOPICS, *MINIMUM_TOPICS) if names(text, t)), None)
    if topic in ASKED_TOPICS and not _has(text, MINIMUM_ASKS):
        return None
    return topic


def _minima_value(criterion: Criterion, levels: Sequence[int]) -> str:
    parts = []
    for level in levels:
        option = required_minimum(criterion, level)
        text = "" if option is None else " ".join(option.text.split())
        parts.append(f"{level}|" + ("" if option is None else f"{option.points:g}|{text}"))
    return "\n".join(parts)


def _minima_line(value: str, lang: str) -> str:
    rows = []
    for part in value.split("\n"):
        level, _, rest = part.partition("|")
        if not rest:
            rows.append(f"• {level} sao: không có mức riêng" if lang == "vi"
                        else f"• {level} stars: no minimum of its own")
            continue
        points, text = rest.split("|", 1)
        word = "từ" if lang == "vi" else "at least"
        star = "sao" if lang == "vi" else "stars"
        rows.append(f"• {level} {star}: {word} {_pts(float(points), lang)} (“{_clip(text)}”)")
    return "\n".join(rows)


def minimum_answer(sheets: Mapping[int, Sheet], topic: str, star: int | None) -> Computed | None:
    """The option each star level needs on the named criterion, across the sheets."""
    if topic == TRACE_TOPIC:
        return trace_answer(sheets)
    if topic in TITLE_PHRASE_TOPICS:
        found = criteria_phrased(sheets, TITLE_PHRASE_TOPICS[topic])
    else:
        found = criteria_titled(sheets, MINIMUM_TOPICS[topic])
    if not found:
        return None
    levels = (star,) if star in STAR_LEVELS else STAR_LEVELS
    found = [Found(f.sheet, f.criterion, _minima_value(f.criterion, levels)) for f in found]
    code, named = _named(found)
    head = {"vi": f"Mức tối thiểu theo hạng sao của tiêu chí {named['vi']}:",
            "en": f"Star-level minimum of criterion {named['en']}:"}
    vi, en = _spread(found, _lines(found, _minima_line), head, len(sheets))
    return Computed("minimum", vi, en, tuple(f.sheet for f in found), code,
                    _short(found[0].criterion.title))


TRACE_TEXT = {
    "vi": "Truy xuất nguồn gốc điện tử là mức tối thiểu cho <b>4 sao</b> ở {count} phiếu, "
          "trong các tiêu chí: {items}.",
    "en": "Electronic traceability is a <b>4-star</b> minimum on {count} sheets, in these "
          "criteria: {items}.",
}


def trace_answer(sheets: Mapping[int, Sheet]) -> Computed | None:
    """Where electronic traceability is a star-marked minimum."""
    marked: dict[str, list[int]] = {}
    for n, sheet in sheets.items():
        for c in criteria_of(sheet):
            if any(o.stars == 4 and "truy xuat" in folded_text(o.text)
                   for o in c.options):
                marked.setdefault(f"{c.code} “{_short(c.title)}”", []).append(n)
    if not marked:
        return None
    numbers = sorted({n for found in marked.values() for n in found})
    texts = []
    for lang in LANGS:
        items = "; ".join(f"{name} ({_where(on, len(sheets), lang)})"
                          for name, on in marked.items())
        texts.append(TRACE_TEXT[lang].format(count=len(numbers), items=items))
    return Computed("minimum", texts[0], texts[1], tuple(numbers), next(iter(marked))[:3])
