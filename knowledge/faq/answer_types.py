"""What kind of fact a question asks for, and whether an entry's answer holds one.

A question that asks how much something costs, how long it takes, when, which decree rules it,
how big a thing must be, which app to use or whom to call is answered only by an answer that
states an amount, a span of time, a date, a legal text's number, a size, an app or a contact
(`ANSWER_TYPES`). An entry that shares every topic word with such a question
but states none ("đăng ký nhãn hiệu mất bao lâu, tốn bao nhiêu tiền" and the entry on brands
as intellectual property) lacks the fact asked for, so answering it would be wrong: the
question is declined honestly instead. Word rules name the topics seen so far; this check
reads what is asked, whatever the topic (issue 10: out-of-scope questions each new writer
invents share their words with some entry).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from knowledge.faq.english import english_words
from knowledge.faq.model import FaqEntry
from knowledge.faq.normalize import tokens, with_neighbours

Words = tuple[str, ...]
# Number words that state an amount or a span without digits ("ba tháng", "five days").
_NUMBER_WORDS = frozenset(re.findall(
    r"\w+",
    "mot hai ba bon tu nam sau bay tam chin muoi vai one two three four five six seven eight "
    "nine ten twelve fifteen thirty"))
_MONEY = frozenset(re.findall(r"\w+", "dong trieu ty ti nghin ngan vnd million billion thousand"))
_SPAN = frozenset(re.findall(
    r"\w+", "ngay thang nam tuan gio day days month months year years week weeks hours hour"))
_LEGAL = frozenset(re.findall(r"\w+", "nghi thong quyet luat decree decision circular law"))
_LENGTH = frozenset(["cm", "mm", "px"])
_MEASURES = frozenset(re.findall(r"\w+", "phan tram kg gam gram lit ml percent degrees"))
_DO_COMPOUNDS = frozenset({"uong", "an", "dung", "go", "hop", "choi"})


Phrases = tuple[str, ...]  # each phrase's words joined, with a space either side


def _padded(words: Words) -> str:
    return f" {' '.join(words)} "


def _phrases(text: str) -> Phrases:
    """Folded Vietnamese phrases, separated by commas."""
    return tuple(_padded(tokens(p)) for p in text.split(",") if tokens(p))


def _english(text: str) -> Phrases:
    """Lowercase English phrases, separated by commas."""
    return tuple(_padded(tuple(english_words(p))) for p in text.split(",") if english_words(p))


@lru_cache(maxsize=64)
def _both(text: str) -> Phrases:
    """Phrases an answer may hold in either language's words (folding mangles English)."""
    return _phrases(text) + _english(text)


def _holds(words: Words, phrases: Phrases) -> bool:
    padded = _padded(words)
    return any(p in padded for p in phrases)


def _counted(words: Words, units: frozenset[str]) -> bool:
    """Whether a number (digits or a number word) stands before one of `units`."""
    return any((w[:1].isdigit() or w in _NUMBER_WORDS) and unit in units
               for w, unit in itertools.pairwise(words))


@dataclass(frozen=True, slots=True)
class AnswerType:
    """One kind of fact: the phrases that ask for it (Vietnamese folded, English), phrases
    that make the question about something else, and whether an answer's words hold it."""

    name: str
    asked: Phrases
    asked_en: Phrases
    held: Callable[[Words], bool]
    unless: Phrases = ()
    # asks for this kind in words set apart ("nghị định về ghi nhãn … là số mấy")
    asked_across: Callable[[Words], bool] | None = None

    def asked_in(self, folded: Words, english: Words) -> bool:
        """Whether a question (its folded and its English words) asks for this kind."""
        asks = _holds(folded, self.asked) or _holds(english, self.asked_en) or bool(
            self.asked_across and self.asked_across(folded))
        return asks and not _holds(folded, self.unless)


def _states_money(words: Words) -> bool:
    return _counted(words, _MONEY) or _holds(words, _both(
        "mien phi, khong mat phi, khong thu phi, le phi, chi phi, kinh phi, free of charge, fee"))


# "nghị định về ghi nhãn hàng hóa là số mấy": a legal text, then its number asked a few words on.
_NUMBER_ASKS = (("so", "may"), ("so", "bao"), ("so", "nao"), ("so", "gi"), ("so", "hieu"))
_LEGAL_TEXTS = (("nghi", "dinh"), ("thong", "tu"), ("quyet", "dinh"), ("luat",), ("van", "ban"))
_NUMBER_SPAN = 10
# "hội đồng tối thiểu phải có bao nhiêu thành viên": a least number of people, asked a few
# words on (not "kích thước tối thiểu bao nhiêu cm", nor "ít nhất mấy lần").
_LEAST = (("toi", "thieu"), ("it", "nhat"))
_HOW_MANY = tuple(tuple(f"{how} {who}".split()) for how in ("bao nhieu", "may")
                  for who in ("thanh vien", "nguoi", "lao dong"))
_LEAST_SPAN = 7  # words from "tối thiểu" to where the count may start


def _asked_after(words: Words, openers: tuple[Words, ...], asks: tuple[Words, ...], span: int,
                 unless_after: frozenset[str] = frozenset()) -> bool:
    """Whether one of `asks` comes after one of `openers`, starting within `span` words of the
    opener's start, and not right after a word of `unless_after`."""
    starts = [(i, i + len(o)) for i in range(len(words)) for o in openers
              if words[i:i + len(o)] == o]
    return any(words[j:j + len(a)] == a and words[j - 1] not in unless_after
               for i, end in starts for a in asks for j in range(end, min(len(words), i + span)))


def _asks_a_least_count(words: Words) -> bool:
    return _asked_after(words, _LEAST, _HOW_MANY, _LEAST_SPAN)


# "theo quyết định 26 thì mật ong chấm theo phiếu số mấy": the number of a sheet, not of a text.
_NUMBERED_THINGS = frozenset({"phieu", "bo", "chi", "muc", "dieu", "khoan", "phan"})


def _asks_a_legal_number(words: Words) -> bool:
    return _asked_after(words, _LEGAL_TEXTS, _NUMBER_ASKS, _NUMBER_SPAN, _NUMBERED_THINGS)


def _states_span(words: Words) -> bool:
    return _counted(words, _SPAN) or _holds(words, _both(
        "thoi han, hieu luc, ngay lam viec, working days, valid"))


def _states_legal_number(words: Words) -> bool:
    return any(w in _LEGAL and any(x[:1].isdigit() for x in words[i + 1:i + 5])
               for i, w in enumerate(words))


def _states_share(words: Words) -> bool:
    return _holds(words, _both("phan tram, percent, ty le"))


def _states_contact(words: Words) -> bool:
    return any(len(w) >= 8 and w.isdigit() for w in words) or _holds(words, _both(
        "www, http, gov, email, website, trang web, cong thong tin, dien thoai, phone"))


def _states_date(words: Words) -> bool:
    return any(w[:1].isdigit() for w in words) or _holds(words, _both(
        "hang nam, moi nam, dinh ky, thoi han, every year, annually, deadline"))


def _states_year(words: Words) -> bool:
    return any(len(w) == 4 and w.isdigit() and w[:2] in ("19", "20") for w in words)


def _names_an_app(words: Words) -> bool:
    return _holds(words, _both(
        "app, ung dung, phan mem, zalo, bot, telegram, nen tang, software, platform"))


def _states_a_measure(words: Words) -> bool:
    """A number before a unit; "độ" folds to "do" as "đồ uống" does ("bộ 15 Đồ uống")."""
    return _counted(words, _MEASURES) or any(
        before[:1].isdigit() and unit == "do" and after not in _DO_COMPOUNDS
        for before, unit, after in with_neighbours(words))


def _states_a_count(words: Words) -> bool:
    """Digits: the number words fold to common syllables ("tư vấn" to "tu", "Nam")."""
    return any(w[:1].isdigit() for w in words)


def _states_size(words: Words) -> bool:
    return _counted(words, _LENGTH) or _holds(words, _both("kich thuoc, size"))


ANSWER_TYPES = (
    # "được hỗ trợ bao nhiêu tiền", "thưởng bao nhiêu": the support entries say who decides
    # the amount, which is the fact a producer can have.
    AnswerType(
        "cost",
        _phrases("bao nhieu tien, bn tien, may tien, het bao nhieu, ton bao nhieu, het bn, "
                 "ton bn, chi phi, le phi, mat phi, phi bao nhieu, gia bao nhieu, gia bn, "
                 "bao nhieu 1 cai, bao nhieu mot cai, ton kem, hoc phi, phi bn, mat tien, "
                 "thu tien, tra tien, nop tien, co phi"),
        _english("how much, cost, costs, fee, fees, price, prices"),
        _states_money,
        _phrases("duoc ho tro, ho tro bao nhieu, ho tro bn, ho tro may, nha nuoc ho tro, "
                 "thuong bao nhieu, thuong bn, duoc thuong, tinh thuong, support, reward, bonus, "
                 "grant, diem"),
    ),
    AnswerType(
        "duration",
        _phrases("bao lau, bn lau, may ngay, bao nhieu ngay, bn ngay, may thang, "
                 "bao nhieu thang, may tuan, bao nhieu tuan, thoi han may nam, "
                 "thoi han bao nhieu nam, hieu luc may nam"),
        _english("how long, how many days, how many weeks, how many months"),
        _states_span,
    ),
    AnswerType(
        "legal number",
        _phrases("nghi dinh so may, nghi dinh so bao nhieu, nghi dinh nao, thong tu nao, "
                 "thong tu so may, quyet dinh so may, quyet dinh nao, van ban so may, "
                 "so hieu van ban"),
        _english("which decree, what decree, decree number, which circular, which law"),
        _states_legal_number,
        asked_across=_asks_a_legal_number,
    ),
    AnswerType(
        "share",
        _phrases("bao nhieu phan tram, may phan tram, ty le bao nhieu, bn phan tram"),
        _english("what percentage, what percent, how many percent"),
        _states_share,
    ),
    AnswerType(
        "contact",
        _phrases("so dien thoai, sdt, hotline, dia chi email, email nao, trang web nao, "
                 "website nao, link nao, xin link, gui link"),
        _english("phone number, hotline, email address, which website, the link"),
        _states_contact,
    ),
    AnswerType(
        "date",
        _phrases("ngay nao, ngay bao nhieu, han chot, han cuoi, ngay may"),
        _english("which date, what date, deadline"),
        _states_date,
    ),
    # "năm mấy" is also "a year, how many times" ("1 năm mấy lần"): not asked as a year.
    AnswerType(
        "year",
        _phrases("nam nao, nam bao nhieu, tu nam nao"),
        _english("what year, which year, since when"),
        _states_year,
        _phrases("het han"),
    ),
    # "cấp tháng 3/2024, tới tháng mấy năm nào thì hết hạn": a validity span answers it.
    AnswerType(
        "expiry",
        _phrases("nam nao thi het han, khi nao het han, bao gio het han, het han khi nao, "
                 "het han vao, thang may nam nao"),
        _english("when does it expire, when will it expire, expiry date"),
        _states_span,
    ),
    AnswerType(
        "app",
        _phrases("app nao, ung dung nao, phan mem nao, app gi, phan mem gi, ung dung gi"),
        _english("which app, what app, which software"),
        _names_an_app,
    ),
    AnswerType(
        "measure",
        _phrases("bao nhieu do, may do, nong do, bao nhieu kg, bao nhieu gam, bao nhieu lit, "
                 "bao nhieu ml, do am bao nhieu"),
        _english("how many degrees, alcohol content, how many grams, how many litres"),
        _states_a_measure,
    ),
    AnswerType(
        "headcount",
        # "hội đồng có bao nhiêu thành viên" is answered by the members listed; a least
        # number of members is not.
        _phrases("toi thieu bao nhieu thanh vien, it nhat bao nhieu thanh vien, bao nhieu nguoi, "
                 "may nguoi, bn nguoi"),
        _english("how many people, minimum number of members"),
        _states_a_count,
        asked_across=_asks_a_least_count,
    ),
    AnswerType(
        "size",
        _phrases("kich thuoc, kich co, bao nhieu cm, bao nhieu mm, may cm, to bao nhieu"),
        _english("what size, how big, dimensions, how large"),
        _states_size,
    ),
)


@lru_cache(maxsize=512)
def _answer_words(entry: FaqEntry) -> tuple[Words, Words]:
    return tokens(entry.answer_vi), tuple(english_words(entry.answer_en))


@lru_cache(maxsize=4096)  # asked by the computed answers' check and the entries' check
def asked_types(text: str) -> tuple[AnswerType, ...]:
    """The kinds of fact `text` asks for."""
    folded, english = tokens(text), tuple(english_words(text))
    return tuple(kind for kind in ANSWER_TYPES if kind.asked_in(folded, english))


def lacks_asked_fact(text: str, entry: FaqEntry) -> bool:
    """Whether `text` asks for kinds of fact and `entry`'s answer (in either language) holds
    none of them."""
    asked = asked_types(text)
    if not asked:
        return False
    vietnamese, english = _answer_words(entry)
    return not any(kind.held(vietnamese) or kind.held(english) for kind in asked)


# The criteria data state points, ranks, shares and workforces ("nguyên liệu trong tỉnh tối
# thiểu bao nhiêu %", "xưởng bao nhiêu người thì lao động được mấy điểm"), never an amount of
# money, a span, a date or a contact.
_CRITERIA_HOLD = frozenset({"share", "headcount"})


def asks_beyond_the_criteria(text: str) -> bool:
    """Whether `text` asks for a kind of fact no computed criteria answer holds."""
    return any(kind.name not in _CRITERIA_HOLD for kind in asked_types(text))
