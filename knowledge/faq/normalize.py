"""Vietnamese text normalisation shared by the FAQ index and the queries it answers.

Users type with or without accents, with Telex or VNI keys left over when their input method
was off ("ocop laf gif", "la2 gi2"), with chat abbreviations ("bn diem dc 4 sao") and typos.
Everything is reduced to lowercase, accent-less syllables ("folded" tokens); the accented form
of each original word is kept beside it so that ranking can prefer an exact accented match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# --- accent folding ------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    """Map every Latin letter with diacritics (Vietnamese and others) to its base letter."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x2000):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


_FOLD_TABLE = _build_fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lowercase `text` and remove every tone and vowel mark (đ becomes d)."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)
    # Decomposed input that NFC could not recompose leaves bare combining marks behind.
    return _COMBINING.sub("", text)


# --- syllable shape, Telex and VNI repair --------------------------------------------------

_NUCLEI = re.findall(
    r"\w+",
    "ieu yeu oai oay oeo uay uoi uou uya uye uyu "
    "ai ao au ay eo eu ia ie iu oa oe oi ua ue ui uo uu uy ye a e i o u y",
)
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
    rf"(?:{'|'.join(_NUCLEI)})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TONE_KEYS = "sfrxj"
_TELEX_VOWELS = (("aa", "a"), ("ee", "e"), ("oo", "o"), ("aw", "a"), ("ow", "o"), ("uw", "u"))
_MID_TONE = re.compile(r"(?<=[aeiouyw])[sfrxj](?=[aeiouyw]*(?:ch|ng|nh|[cmnpt])?$)")
_VNI_WORDS = frozenset(re.findall(
    r"\w+",
    "phieu nhom buoc muc mau dieu khoan phan so bo sao hang cap lan nam thang ngay loai "
    "tieu chi dot qd nd tt",
))


def is_syllable(token: str) -> bool:
    """Tell whether a folded token has the shape of one Vietnamese syllable."""
    return _SYLLABLE.fullmatch(token) is not None


_Y_AS_I = re.compile(r"(ch|kh|ph|th|tr|qu|nh|[bdhklmnrstvx])y")


def unify_y(token: str) -> str:
    """Spell a final lone 'y' as 'i' ("ký"/"kí", "lý"/"lí" are both in use)."""
    return _Y_AS_I.sub(r"\1i", token) if _Y_AS_I.fullmatch(token) else token


def repair_telex(token: str) -> str:
    """Undo Telex keys typed with the input method off ("laf"→"la", "ddieemr"→"diem")."""
    if not token.isalpha() or not token.isascii() or is_syllable(token):
        return token
    candidate = token[:-1] if token[-1] in _TONE_KEYS and len(token) > 1 else token
    candidate = _MID_TONE.sub("", candidate, count=1)
    if candidate.startswith("dd"):
        candidate = candidate[1:]
    for typed, vowel in _TELEX_VOWELS:
        candidate = candidate.replace(typed, vowel)
    candidate = candidate.replace("w", "u")
    return candidate if candidate and is_syllable(candidate) else token


def repair_vni(token: str) -> list[str]:
    """Undo VNI digits ("la2"→"la", "d9u7o7c5"→"duoc"); split "4sao" and "phieu1"."""
    letters = re.sub(r"[0-9]", "", token)
    if token[0].isdigit() and re.fullmatch(r"[0-9]+[a-z]+", token):
        digits = re.match(r"[0-9]+", token)
        assert digits is not None
        return [digits.group(), token[digits.end():]]
    if re.fullmatch(r"[a-z]+[0-9]+", token) and letters in _VNI_WORDS:
        return [letters, token[len(letters):]]
    if letters and re.fullmatch(r"[a-z][a-z1-9]*", token) and is_syllable(letters):
        return [letters]
    return re.findall(r"[a-z]+|[0-9]+", token)


# --- abbreviations -----------------------------------------------------------------------

ABBREVIATIONS: dict[str, str] = {
    "sp": "san pham", "spham": "san pham", "sph": "san pham",
    "htx": "hop tac xa", "dn": "doanh nghiep", "dnnvv": "doanh nghiep nho va vua",
    "hkd": "ho kinh doanh", "hgd": "ho gia dinh", "dkkd": "dang ky kinh doanh",
    "gpkd": "giay phep kinh doanh", "cty": "cong ty",
    "dk": "dang ky", "dky": "dang ky", "dki": "dang ky", "dkien": "dieu kien",
    "ko": "khong", "k": "khong", "kg": "khong", "kh": "khong", "khg": "khong",
    "hok": "khong", "khum": "khong", "hem": "khong",
    "j": "gi", "ji": "gi", "gj": "gi",
    "bn": "bao nhieu", "bnh": "bao nhieu", "bnhieu": "bao nhieu", "baonhieu": "bao nhieu",
    "bnhiu": "bao nhieu", "nhiu": "nhieu",
    "dc": "duoc", "dcj": "duoc",
    "ntn": "nhu the nao", "ntnao": "nhu the nao",
    "ng": "nguoi", "mn": "moi nguoi", "ad": "admin",
    "tt": "thu tuc", "ttuc": "thu tuc", "ttin": "thong tin",
    "ubnd": "uy ban nhan dan", "ub": "uy ban", "hdnd": "hoi dong nhan dan",
    "qd": "quyet dinh", "nd": "nghi dinh", "tw": "trung uong",
    "bnn": "bo nong nghiep", "bnnmt": "bo nong nghiep va moi truong",
    "nnmt": "nong nghiep va moi truong", "snn": "so nong nghiep",
    "gcn": "giay chung nhan", "cn": "chung nhan", "gcnhan": "giay chung nhan", "hs": "ho so",
    "shtt": "so huu tri tue",
    "attp": "an toan thuc pham", "vsattp": "ve sinh an toan thuc pham",
    "atvstp": "an toan ve sinh thuc pham", "atvsttp": "an toan ve sinh thuc pham",
    "vstp": "ve sinh thuc pham",
    "tpcn": "thuc pham chuc nang", "dlcd": "du lich cong dong",
    "ntm": "nong thon moi", "sx": "san xuat", "kd": "kinh doanh",
    "sxkd": "san xuat kinh doanh", "dg": "danh gia", "dgph": "danh gia phan hang",
    "tc": "tieu chi", "tchi": "tieu chi", "vs": "voi", "trc": "truoc",
    "cx": "cung", "cg": "cung", "vd": "vi du", "sdt": "so dien thoai", "dt": "dien thoai",
    # "max bao nhiêu": the Telex repair would read "max" as "mã".
    "max": "toi da",
    "kq": "ket qua", "cq": "co quan", "vb": "van ban", "bt": "binh thuong",
    "ni": "nay",  # Central: "con bot ni", "hôm ni"
    "mk": "minh", "mik": "minh", "bik": "biet", "bit": "biet", "lm": "lam", "lquan": "lien quan",
    "mxmsp": "moi xa mot san pham", "mxmotsp": "moi xa mot san pham",
    "tg": "thoi gian", "tgian": "thoi gian", "ngta": "nguoi ta", "dthoai": "dien thoai",
    "khcn": "khoa hoc cong nghe", "bct": "bo cong thuong", "vn": "viet nam", "tp": "thanh pho",
    "hcm": "ho chi minh", "tphcm": "thanh pho ho chi minh",
    "ttg": "thu tuong", "xai": "dung",
}
_LETTERS_OCOP = ("o", "c", "o", "p")
# Typos that are real syllables ("gai" for "gia"), so no spell check sees them: only the
# neighbouring word tells them apart. (word, neighbour, repaired word, neighbour is after)
_CONTEXT_TYPOS: tuple[tuple[str, str, str, bool], ...] = (
    ("gai", "han", "gia", True), ("gai", "tri", "gia", True), ("gai", "dinh", "gia", True),
    ("gai", "tham", "gia", False), ("gai", "danh", "gia", False), ("gai", "quoc", "gia", False),
    ("phan", "san", "pham", False), ("nhanh", "chung", "nhan", False),
)
_TYPOS_BY_WORD: dict[str, list[tuple[str, str, bool]]] = {}
for _typo, _neighbour, _repaired, _after in _CONTEXT_TYPOS:
    _TYPOS_BY_WORD.setdefault(_typo, []).append((_neighbour, _repaired, _after))


# Politeness around a question ("cho em hỏi", "ad ơi", "ạ"): folded, "hỏi" would be read as
# "hội" (hội chợ, hội đồng), so these phrases are dropped before matching.
FILLER_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split()) for p in (
        "cho minh hoi", "cho em hoi", "cho toi hoi", "cho tui hoi", "cho chau hoi", "cho hoi",
        "cho e hoi", "e muon hoi", "e hoi", "vi sao", "tai sao",
        "xin hoi", "em muon hoi", "minh muon hoi", "toi muon hoi", "em hoi", "minh hoi",
        "admin oi", "ban oi", "bot oi", "anh oi", "chi oi", "tro li oi", "tro ly oi", "voi a",
        "vay a", "a", "nhe", "nha",
        "ak", "oi",
    )
)
_TRAILING_ONLY = frozenset({("a",), ("voi", "a"), ("vay", "a"), ("nhe",), ("nha",)})
_LETTER_NAMERS = frozenset({"phan", "muc", "loai", "nhom", "hang", "mau"})
_FILLERS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(FILLER_PHRASES, key=len, reverse=True):
    _FILLERS_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)


def _filler_at(tokens: list[str], i: int, before: list[str]) -> int:
    """Length of the filler phrase starting at `i` (0 when there is none)."""
    for phrase in _FILLERS_BY_FIRST.get(tokens[i], ()):
        end = i + len(phrase)
        if tuple(tokens[i:end]) != phrase:
            continue
        if end != len(tokens) and phrase in _TRAILING_ONLY:
            continue
        if phrase == ("a",) and before and before[-1] in _LETTER_NAMERS:
            continue
        return len(phrase)
    return 1 if tokens[i] == "cai" and tokens[i + 1:i + 2] == ["gi"] else 0


def strip_fillers(tokens: list[str]) -> list[str]:
    """Drop polite phrases around the question; a lone "a" (ạ) only at the very end."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        # "là cái gì" asks the same as "là gì"; folded, "cai" would read as "cải".
        skip = _filler_at(tokens, i, out)
        if skip:
            i += skip
        else:
            out.append(tokens[i])
            i += 1
    return out


def _expand(tokens: list[str]) -> list[str]:
    """Expand abbreviations, and read 's' or '*' after a number as 'sao'."""
    out: list[str] = []
    for token in tokens:
        if token == "s" and out and out[-1].isdigit():
            out.append("sao")
        else:
            out.extend(unify_y(part) for part in ABBREVIATIONS.get(token, token).split())
    return _join_spelled_ocop(read_bounds(repair_in_context(out)))


# Bounds before a number said in two words, read as the one word the entries use: "ít hơn 50
# điểm" is "dưới 50 điểm", "cao hơn 90" is "trên 90".
_BOUNDS: dict[tuple[str, str], str] = {
    ("it", "hon"): "duoi", ("thap", "hon"): "duoi", ("kem", "hon"): "duoi",
    ("chua", "toi"): "duoi", ("chua", "den"): "duoi", ("khong", "toi"): "duoi",
    ("khong", "den"): "duoi", ("cao", "hon"): "tren", ("nhieu", "hon"): "tren",
}


def read_bounds(tokens: list[str]) -> list[str]:
    """Replace a two-word bound right before a number by its one-word form."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        bound = _BOUNDS.get((tokens[i], tokens[i + 1])) if i + 2 < len(tokens) else None
        if bound is not None and tokens[i + 2][:1].isdigit():
            out.append(bound)
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def repair_in_context(tokens: list[str]) -> list[str]:
    """Repair real-syllable typos that a neighbouring word gives away ("gai han" → "gia han")."""
    out = list(tokens)
    for i, token in enumerate(tokens):
        for neighbour, repaired, after in _TYPOS_BY_WORD.get(token, ()):
            j = i + 1 if after else i - 1
            if 0 <= j < len(tokens) and tokens[j] == neighbour:
                out[i] = repaired
    return out


def _join_spelled_ocop(tokens: list[str]) -> list[str]:
    """Rejoin "o c o p" (from "O.C.O.P") into one token."""
    for i in range(len(tokens) - 3):
        if tuple(tokens[i:i + 4]) == _LETTERS_OCOP:
            return [*tokens[:i], "ocop", *_join_spelled_ocop(tokens[i + 4:])]
    return tokens


# --- central dialect ------------------------------------------------------------------------

# The north-central and central coast words for "gì", "nào/đâu", "sao" and "vậy" ("ocop là cái chi
# rứa", "chấm theo phiếu mô", "làm răng"), read as the standard words the entries use. An
# accented form is one word only; a bare one ("chi", "mo", "rua") is also "chị/chỉ", "mở/mỡ" or
# "rửa", so it is read so only between the words that give it away.
_DIALECT_ACCENTED = {"rứa": "vậy", "răng": "sao", "chừ": "giờ", "nỏ": "không", "mô": "nào",
                     # the south's: "được hông", "mần kẹo", "xài được nhiêu lâu", "dzậy"
                     "hông": "không", "hổng": "không", "mần": "làm", "nhiêu": "bao nhiêu",
                     "dzậy": "vậy", "zậy": "vậy", "dậy": "vậy"}
# "quy mô", "mô hình", "kem đánh răng": the accented words in compounds of their own.
_DIALECT_COMPOUNDS = frozenset({("quy", "mo"), ("mo", "hinh"), ("mo", "ta"), ("mo", "phong"),
                                ("mo", "dun"), ("mo", "to"), ("danh", "rang"), ("ham", "rang"),
                                ("rang", "mieng"), ("rang", "sau"), ("bay", "chu"),
                                ("bao", "nhieu")})
# Where a bare "chi", "mo" or "rua" is the dialect word: after a word it asks about ("cái chi",
# "phiếu mô"; "bên chị", "người chị" are a person) and before the end of a clause or a
# particle; "rua" before one, or before what follows "vậy" ("rứa hội đồng có công nhận"), not
# before a thing washed ("rửa nguyên liệu").
_ASKED_ABOUT = frozenset({"cai", "la", "lam", "nhung", "viec", "loi", "bo", "phieu", "muc",
                          "ten", "khac", "quan", "tac", "nop", "can", "ben", "hom", "nam",
                          "loai", "nhom", "nguoi", "so", "o", "dat", "theo", "vao"})
_CLAUSE_ENDS = frozenset({"", "rua", "ri", "ad", "admin", "a", "ha", "hi", "khong", "ko", "k",
                          "vay", "the", "nua", "thay", "de", "toi", "ma", "dung",
                          "roi", "chu", "ta", "nhi", "ne", "di", "rang", "ho", "con", "bot"})
_AFTER_RUA = frozenset({"", "ad", "admin", "a", "ha", "hi", "thi", "la", "co", "khong", "ko", "k",
                        "ma", "roi", "nha", "nhe", "chu", "hoi", "buoc", "nop", "con", "vay",
                        "sao", "e", "em", "minh", "tui", "toi", "giay", "sp", "san"})
_NEGATED = frozenset({"biet", "thay", "co", "phai", "duoc", "dc", "ra", "hieu", "can", "ro",
                      "nho", "dang", "lam", "ban"})
_PINK = frozenset({"hoa", "so", "mau", "trai", "qua", "hong"})
# "chiếu cói", "thảm cói": sedge wares, typed without accents.
_SEDGE_WARES = frozenset({"chieu", "tham", "hang", "day", "tui", "lang", "coi"})
_NOT_BEFORE_CHI = frozenset({"ben", "nguoi", "o", "theo", "vao", "so", "hom", "nam", "cho"})
_WHERE_BEFORE = frozenset({"o", "di", "tu", "ve", "den", "toi", "cho"})


_DIALECT_CANDIDATES = frozenset(_DIALECT_ACCENTED) | {"chi", "mo", "rua", "hong", "coi"}


def read_dialect(raw: list[str]) -> list[str]:
    """`raw` (lowercase accented tokens) with the central dialect's question words read as the
    standard ones."""
    if _DIALECT_CANDIDATES.isdisjoint(raw):  # most messages: nothing to read
        return raw
    out: list[str] = []
    for i, word in enumerate(raw):
        if word not in _DIALECT_CANDIDATES:
            out.append(word)
            continue
        before, after = fold(raw[i - 1]) if i else "", fold(raw[i + 1]) if i + 1 < len(raw) else ""
        out += _standard_word(word, before, after).split()
    return out


def _standard_word(word: str, before: str, after: str) -> str:
    """The standard word for dialect `word` between folded `before` and `after` (or `word`)."""
    bare = fold(word)
    if (before, bare) in _DIALECT_COMPOUNDS or (bare, after) in _DIALECT_COMPOUNDS:
        return word
    if word in _DIALECT_ACCENTED:
        return "đâu" if word == "mô" and before in _WHERE_BEFORE else _DIALECT_ACCENTED[word]
    if word == "rua" and after in _AFTER_RUA and before not in ("nuoc", "may", "khu", "viec"):
        return "vậy"
    if word == "chi" and before in _NOT_BEFORE_CHI:
        return word
    if word == "hong" and (after in _CLAUSE_ENDS or after in _NEGATED) and before not in _PINK:
        return "không"  # "được hong", "hong biết"; not "hồng sấy", "hoa hồng", "sổ hồng"
    if word == "coi" and after not in ("nhu", "la", "nhe") and before not in _SEDGE_WARES:
        return "xem"  # the south's "coi lịch", "coi lại"; "coi như" is "as if"
    if word in ("chi", "mo") and before in _ASKED_ABOUT and after in _CLAUSE_ENDS:
        return "gì" if word == "chi" else "đâu" if before in _WHERE_BEFORE else "nào"
    return word


# --- tokenisation --------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")
_STAR_SIGNS = re.compile(r"[*★☆⭐]+")
# "72,1%" in an answer and "bao nhiêu phần trăm" in a question name the same thing.
_PERCENT = re.compile(r"%")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A text as folded syllables (for matching) and accented lowercase words (for ranking)."""

    folded: tuple[str, ...]
    accented: tuple[str, ...]


def _raw_tokens(text: str) -> list[str]:
    """NFC-lowercase `text`, read star signs as 'sao', and split it into word tokens."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _PERCENT.sub(" phần trăm ", _STAR_SIGNS.sub(" sao ", text))
    return read_dialect([_DECIMAL_COMMA.sub(".", t) for t in _TOKEN.findall(text)])


def _fold_token(token: str) -> list[str]:
    """Fold one raw token and repair Telex or VNI leftovers; may split it."""
    folded = fold(token)
    if folded in ABBREVIATIONS:
        return [folded]
    if any(ch.isdigit() for ch in folded) and not folded.replace(".", "").isdigit():
        return repair_vni(folded)
    return [unify_y(repair_telex(folded))]


@lru_cache(maxsize=16384)
def normalize(text: str) -> Normalized:
    """Normalise a query or an indexed text into folded syllables plus accented words."""
    raw = _raw_tokens(text)
    folded = [part for token in raw for part in _fold_token(token)]
    accented = tuple(t for t in raw if not t.isascii())
    return Normalized(tuple(strip_fillers(_expand(folded))), accented)


def with_neighbours(words: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """Each word with the one before and after it ("" at either end): how a folded syllable is
    told apart from its homographs ("lương" from "chất lượng", "giá" from "đánh giá")."""
    return zip(["", *words], words, [*words[1:], ""], strict=False)  # the first is one longer


def tokens(text: str) -> tuple[str, ...]:
    """Return the folded, repaired and expanded syllables of `text`."""
    return normalize(text).folded


@cache
def folded_text(text: str) -> str:
    """A text as folded words joined by spaces (a sheet's texts are few: kept for good)."""
    return " ".join(tokens(text))


def positions(text: str, needle: str) -> list[int]:
    """Where `needle` starts in `text` (overlapping occurrences included)."""
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found
