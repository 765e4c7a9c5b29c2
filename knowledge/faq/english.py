"""English questions: which language a question is in, and English features for the index.

Users who write in English type plain words; a light suffix stemmer ("valid"/"validity",
"registers"/"register") and a stop-word list are enough to match them against the entries'
English questions and answers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from knowledge.faq.normalize import fold, is_syllable

# "who", "when", "where" and "why" are kept: they tell "who revokes" from "when is it revoked".
STOPWORDS = frozenset(re.findall(r"\w+", """
a an the is are was were be been being am do does did doing have has had having i me my we
our you your he she it its they them their this that these those of in on at to for from by
with about as into than then so and or but if not no can could would should will shall may
might must there here what which whom whose how please tell hi hello hey
thanks thank some any all just also very much many get got s t d ll m re ve y let lets one
work works happen happens happened thing things way ways want wants
like know really actually exactly ok okay i'm im gets getting reach reached achieve become
now only still already don doesn didn isn aren wasn weren won wouldn shouldn couldn hasn haven
thing everyone everybody keep keeps kept talk talks talking
said say says saying roughly far guys sir madam dear us instead would getting whats
pls plz anything ever sorry honest honestly info question questions moment case piece along
gone whether curiosity curious
"""))
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_SUFFIXES = ("ations", "ation", "ities", "ity", "ings", "ing", "ness", "ions", "ion", "ies",
             "ied", "ers", "er", "ed", "es", "ly", "s")
# Kept whole: the stemmer would otherwise merge them with unrelated words.
_KEEP = frozenset({"ocop", "stars", "star", "points", "news", "bus", "this", "is", "was",
                   "has", "yes", "less", "process", "business", "address", "access", "apply"})


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude English stem: the word without its commonest inflection or derivation suffix."""
    if word in _KEEP or word.isdigit() or len(word) <= 4:
        return word.rstrip("s") if word in {"stars", "points"} else word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_RE_PREFIX = re.compile(r"\bre-(?=[a-z])")


def english_words(text: str) -> list[str]:
    """Lowercase English words of `text`, HTML tags removed, stop words kept ("re-evaluate"
    is one word)."""
    return _WORD.findall(_RE_PREFIX.sub("re", re.sub(r"<[^>]+>", " ", fold(text))))


# Words users type for what the entries word otherwise ("papers" for "dossier", "apply" for
# "register"), as stems mapped to the entries' stem, so that they match and count as covered.
_SAME_AS: dict[str, tuple[str, ...]] = {
    "regist": ("apply", "appl", "appli", "applic", "registr", "enrol", "enroll", "signup",
               "particip", "participate", "participat", "join"),
    "dossi": ("document", "pap", "paperwork", "file"),
    "valid": ("last", "durat", "expiry"),
    "revok": ("revoc", "revoke", "withdraw", "withdrawn", "strip", "stripp", "lose", "lost",
              "removed", "remov"),
    "submit": ("send", "sent", "lodg", "lodge", "hand"),
    "point": ("score", "scor"),
    "star": ("rank", "rat", "rating", "grade", "grad"),
    "evalu": ("evaluate", "evaluat", "assess", "assessm", "assessment", "apprais", "judg", "judge"),
    "state": ("government", "govern", "authoriti", "authority"),
    "recognis": ("recogniz", "recognit", "certifi", "certify", "approv", "approve", "grant",
                 "award", "issu", "issue"),
    "upgrade": ("upgrad", "rais", "raise", "promot", "promote"),
    "sampl": ("specimen",),
    "produc": ("producer", "farmer", "maker", "grower", "manufactur", "suppli", "supplier"),
    "commune": ("village", "ward", "local"),
    "criteria": ("criterion", "scorecard"),
    "oth": ("anoth",),
    # "re-evaluation" is read as one word: "re" alone would be dropped as a contraction.
    "programme": ("program", "programm", "scheme", "initiat"),
    "certificate": ("cert", "certif"),
    "expir": ("expire", "laps", "lapse"),
    "fund": ("money", "financ", "subsid", "subsidi"),
    "japan": ("japanese",),
    "handicraft": ("craft", "crafts"),
    "type": ("kind", "sort", "categori", "category"),
    "limit": ("cap", "capp"),
    "packag": ("bag", "box", "bottl", "bottle", "wrapp"),
    "online": ("ecommerc", "ecommerce", "platform", "internet", "web", "shopee"),
    "compar": ("differ", "differenc"),
    "maximum": ("max", "top"),
    "cooperative": ("coop", "op"),
    "household": ("fami", "famil"),
    "decis": ("decree",),
    "sheet": ("form", "scoresheet"),
    "reevalu": ("reevaluate", "reevaluat", "reasses", "reassess", "reassessment", "renew",
                "renewal", "rerank", "recertific", "reapprais"),
    "cop": ("copy", "imitat"),  # "copied" stems to "cop"
    "support": ("favour", "favor"),
}
_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "twelve": "12"}
_CANONICAL = {variant: stem_ for stem_, variants in _SAME_AS.items() for variant in variants}
_CANONICAL.update(_NUMBER_WORDS)
# Two-word phrases that mean one thing ("taken away" = revoked).
_PHRASES = {("taken", "away"): "revoked", ("take", "away"): "revoked",
            ("take", "back"): "revoked", ("taken", "back"): "revoked",
            ("took", "back"): "revoked",
            # "under what circumstances", "in which situations": when
            ("what", "circumstances"): "when", ("which", "circumstances"): "when",
            ("what", "situations"): "when", ("which", "situations"): "when",
            ("what", "cases"): "when", ("which", "cases"): "when",
            ("legal", "document"): "decision", ("legal", "text"): "decision",
            ("right", "now"): "now", ("in", "force"): "current",
            ("back", "out"): "exit",
            ("thrown", "out"): "rejected", ("throw", "out"): "rejected",
            ("rule", "out"): "rejected", ("rules", "out"): "rejected",
            ("ruled", "out"): "rejected", ("shipped", "in"): "imported",
            ("sign", "up"): "register", ("take", "part"): "participate",
            ("how", "long"): "long", ("move", "up"): "upgrade",
            ("go", "up"): "upgrade", ("step", "up"): "upgrade", ("level", "up"): "upgrade"}
# "top rank", "highest rating", "top tier": the highest rank is 5 stars.
_TOP = frozenset({"top", "highest", "best"})
_RANKS = frozenset({"star", "stars", "rank", "rating", "rated", "tier", "level", "grade"})
_STAR_DIGITS = frozenset("12345")
_MOVE_WORDS = frozenset({"to", "up", "become", "reach", "next", "higher", "move", "go"})


# "how do I get out (of this step)": exit; "what do we get out of it": a benefit.
_GAINED_FROM = frozenset({"it", "this", "ocop", "joining", "that"})


def _exits(words: list[str], i: int) -> bool:
    """Whether "get out" at `i` asks to leave, not what is gained ("get out of it")."""
    gained = words[i + 2:i + 3] == ["of"] and bool(_GAINED_FROM & set(words[i + 3:i + 4]))
    return words[i:i + 2] == ["get", "out"] and not gained


def _joined(words: list[str]) -> list[str]:
    exits = {i for i in range(len(words)) if _exits(words, i)}
    words = ["exit" if i in exits else w for i, w in enumerate(words)
             if i - 1 not in exits]
    out: list[str] = []
    for word in words:
        phrase = _PHRASES.get((out[-1], word)) if out else None
        if phrase is not None:
            out[-1] = phrase
        else:
            out.append(word)
    return out


def _moves_up_a_star(words: list[str]) -> bool:
    """"from 3 stars to 4", "we are 4 star, how do we become 5 star": an upgrade."""
    digits = {w for w in words if w in _STAR_DIGITS}
    return (len(digits) >= 2 and bool({"star", "stars"} & set(words))
            and bool(_MOVE_WORDS & set(words)))


def _top_rank(words: list[str]) -> list[str]:
    """The words with "top rank" (and its like) read as "5 star"."""
    out: list[str] = []
    for word in words:
        if out and out[-1] in _TOP and word in _RANKS:
            out[-1:] = ["5", "star"]
        else:
            out.append(word)
    return out


@lru_cache(maxsize=1)
def product_stems() -> frozenset[str]:
    """Stems of the everyday English one-word names of the sheets' products ("mango",
    "squid"; not the words of "skin care" or "guest house")."""
    from knowledge.criteria.products import english_sheets

    return frozenset(stem(phrase) for sheet in english_sheets().values()
                     for phrase in sheet.words if " " not in phrase)


# "what is OCOP?", "whats ocop exactly": asking what the programme is, as "what does OCOP
# mean" asks; "what is the highest rating" asks a figure.
_WHAT_IS = (("what", "is"), ("what", "s"), ("whats",), ("what", "exactly", "is"))
_MEANING = "mean"
_PROGRAMME = frozenset({"ocop", "programme"})
# Where the writer heard of it: "this OCOP thing everyone in my commune talks about".
_SETTINGS = frozenset({"commune", "vietnam", "village", "province", "programme", "ocop"})


def _asks_what_it_is(words: list[str], terms: list[str]) -> bool:
    """Whether the words ask what OCOP is ("what is OCOP", "what is this OCOP thing my
    commune talks about"; not "what is OCOP for", which asks its purpose)."""
    if not terms or terms[0] not in _PROGRAMME or "for" in words:
        return False
    if not set(terms[1:]) <= _SETTINGS:  # "what is OCOP registration" asks about registering
        return False
    return any(tuple(words[i:i + len(p)]) == p for p in _WHAT_IS for i in range(len(words)))


def english_terms(text: str) -> list[str]:
    """Stemmed content words of an English text, synonyms mapped to the entries' words."""
    words = _top_rank(_joined(english_words(text)))
    terms = [_CANONICAL.get(s, s) for s in (stem(w) for w in words if w not in STOPWORDS)]
    if _asks_what_it_is(words, terms):
        # "what is the OCOP scheme in Vietnam": where it runs is not what is asked.
        terms = [*(t for t in terms if t in _PROGRAMME or t not in _SETTINGS), _MEANING]
    return [*terms, "upgrade"] if _moves_up_a_star(words) else terms


# A sentence that asks: it ends with a question mark or opens with a question word.
_ASKS = re.compile(r"^(?:how|what|whats|what's|which|who|when|where|why|can|could|does|do|did|"
                   r"is|are|should|will|would|has|have|may|must)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.?!:])\s+|\s+[-–]\s+")


def the_one_question(text: str) -> str | None:
    """The one sentence that asks, in a message of several whose others tell ("I moved back
    from Hanoi to help with the family's rice wine. Where do I start with OCOP?"), else None."""
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(text) if s.strip()]
    asking = [s for s in sentences if s.endswith("?") or _ASKS.match(s)]
    return asking[0] if len(sentences) > 1 and len(asking) == 1 else None


# Two words that open an English question and never an unaccented Vietnamese one ("can I
# use the OCOP logo": "can", "I" and "the" are also folded Vietnamese words).
_OPENINGS = frozenset(itertools.product(
    ("can", "could", "do", "does", "is", "are", "should", "will", "may", "must", "did", "how",
     "where", "when", "why", "who", "which"),
    ("i", "we", "my", "our", "you", "there", "it", "a", "an", "the", "this", "they", "he",
     "she", "someone", "anyone", "foreigners", "do", "does", "can", "is", "are", "long",
     "much", "many", "to")))


class LanguageGuess:
    """Tells English questions from Vietnamese ones typed without accents.

    Unaccented Vietnamese shares short words with English ("to", "an", "do"), so a question is
    English when more of its words are English-only than Vietnamese-only.
    """

    def __init__(self, english_texts: Iterable[str], vietnamese_words: Iterable[str]) -> None:
        english = {w for text in english_texts for w in english_words(text)} | STOPWORDS
        vietnamese = set(vietnamese_words)
        self.english_only = frozenset(english - vietnamese)
        # Loanwords the Vietnamese entries write ("homestay", "logo") are no sign of Vietnamese.
        self.vietnamese_only = frozenset(w for w in vietnamese - english if is_syllable(w))

    def is_english(self, text: str) -> bool:
        """True when `text` reads as English: no Vietnamese letters, mostly English words
        (an English opening, "can I", "is there", counts as one)."""
        if fold(text) != text.lower():
            return False
        words = [w for w in english_words(text) if not w.isdigit() and w != "ocop"]
        english = sum(w in self.english_only for w in words) + (tuple(words[:2]) in _OPENINGS)
        vietnamese = sum(w in self.vietnamese_only for w in words)
        return english >= 2 and english > 2 * vietnamese


# English words and phrases read by the criteria answers, as the folded Vietnamese they look
# for: "how many points is part C worth" → "bao nhieu diem phan c toi da". Other words drop.
_GLOSS_PHRASES: dict[tuple[str, ...], str] = {
    ("how", "many"): "bao nhieu", ("how", "much"): "bao nhieu",
    ("which", "sheet"): "phieu nao", ("what", "sheet"): "phieu nao",
    ("which", "form"): "phieu nao", ("which", "criteria"): "bo tieu chi nao",
    ("which", "scoring"): "phieu nao", ("what", "scoring"): "phieu nao",
    ("which", "star"): "sao nao", ("what", "star"): "sao nao",
    ("fish", "sauce"): "nuoc mam", ("essential", "oil"): "tinh dau",
    ("intellectual", "property"): "so huu tri tue", ("ethnic", "minority"): "dan toc",
    ("product", "story"): "cau chuyen", ("fresh", "fruit"): "trai cay",
    ("less", "than"): "duoi", ("fewer", "than"): "duoi", ("more", "than"): "tren",
    ("what", "rank"): "hang may", ("which", "rank"): "hang may", ("what", "rating"): "hang may",
    ("local", "labour"): "lao dong dia phuong", ("local", "labor"): "lao dong dia phuong",
    ("local", "workers"): "lao dong dia phuong", ("local", "staff"): "lao dong dia phuong",
    ("local", "people"): "lao dong dia phuong", ("raw", "materials"): "nguyen lieu",
    ("raw", "material"): "nguyen lieu", ("co", "op"): "hop tac xa",
    ("distribution", "area"): "khu vuc phan phoi", ("sales", "area"): "khu vuc phan phoi",
}
_GLOSS: dict[str, str] = {
    "point": "diem", "points": "diem", "score": "diem", "scores": "diem", "scored": "diem",
    "most": "toi da", "highest": "toi da",
    "star": "sao", "stars": "sao", "maximum": "toi da", "max": "toi da", "worth": "toi da",
    "part": "phan", "sheet": "phieu", "criterion": "tieu chi", "criteria": "tieu chi",
    "packaging": "bao bi", "package": "bao bi", "label": "nhan mac", "labels": "nhan mac",
    "labelling": "nhan mac", "labeling": "nhan mac", "story": "cau chuyen",
    "distribution": "phan phoi", "traceability": "truy xuat nguon goc",
    "traceable": "truy xuat nguon goc", "bilingual": "song ngu", "promotion": "quang ba",
    "advertising": "quang ba", "linkage": "lien ket", "household": "ho gia dinh",
    "farm": "trang trai", "cooperative": "hop tac xa", "coop": "hop tac xa", "company": "cong ty",
    "enterprise": "doanh nghiep", "woman": "la nu", "female": "la nu", "women": "la nu",
    "ethnic": "dan toc", "disabled": "khuyet tat", "representative": "dai dien",
    "need": "can", "needs": "can", "required": "yeu cau", "require": "yeu cau",
    "requirement": "yeu cau", "minimum": "yeu cau", "bonus": "cong diem", "extra": "cong diem",
    "coffee": "ca phe", "tea": "che", "honey": "mat ong", "rice": "gao", "wine": "ruou vang",
    "liquor": "ruou", "spirits": "ruou", "vegetables": "rau", "vegetable": "rau",
    "fruit": "trai cay", "handicraft": "thu cong my nghe", "handicrafts": "thu cong my nghe",
    "tourism": "du lich", "homestay": "homestay", "flowers": "hoa", "flower": "hoa",
    "bonsai": "bonsai", "cosmetics": "my pham", "herbal": "duoc lieu", "pepper": "ho tieu",
    "meat": "thit", "seafood": "hai san", "juice": "nuoc ep", "textile": "vai",
    "textiles": "vai", "cocoa": "ca cao", "noodles": "bun", "under": "duoi", "below": "duoi",
    "over": "tren", "above": "tren", "rank": "hang", "ranked": "hang", "rated": "hang",
    "percent": "phan tram", "labour": "lao dong", "labor": "lao dong", "workers": "lao dong",
    "pts": "diem", "pt": "diem", "certificate": "giay chung nhan", "certified": "giay chung nhan",
    "commune": "xa", "who": "ai", "whom": "ai", "dried": "say", "processed": "chebien",
    "iso": "iso",
    "haccp": "haccp", "trademark": "nhan hieu", "trademarks": "nhan hieu",
    "council": "hoi dong", "members": "thanh vien", "judges": "giam khao",
    "procedure": "thu tuc ra sao", "process": "thu tuc ra sao",
    # where a producer sells: the distribution area and global market criteria
    "inside": "trong", "within": "trong", "outside": "ngoai", "export": "xuat khau",
    "exports": "xuat khau", "exported": "xuat khau", "exporting": "xuat khau",
    "abroad": "nuoc ngoai", "japan": "nhat ban", "europe": "chau au", "agents": "dai ly",
    "distributors": "dai ly", "dealers": "dai ly", "province": "tinh", "provinces": "tinh",
    "service": "dich vu", "services": "dich vu", "quality": "chat luong",
    "management": "quan ly", "national": "quoc gia", "international": "quoc te",
    "standard": "tieu chuan", "standards": "tieu chuan", "environment": "moi truong",
    "environmental": "moi truong", "market": "thi truong", "markets": "thi truong",
    "spice": "gia vi", "spices": "gia vi", "seasoning": "gia vi", "mandatory": "bat buoc",
    "compulsory": "bat buoc", "growth": "tang truong", "profit": "loi nhuan", "eu": "chau au",
}
# "80%" is read as "80 percent" (the sign is not a word).
_PERCENT_SIGN = re.compile(r"(?<=\d)\s*%")


def vietnamese_gloss(text: str) -> str:
    """The words of an English question that the criteria answers read, in folded Vietnamese."""
    words = english_words(_PERCENT_SIGN.sub(" percent", text))
    out: list[str] = []
    i = 0
    while i < len(words):
        score = _score_given(words, i)
        if score is not None:
            out += [score, "diem"]
            i += 2 + (words[i + 1] == "of")
            continue
        sheet_at = _sheet_asked(words, i)
        if sheet_at:
            out.append("phieu nao")
            i = sheet_at + 1
            continue
        pair = tuple(words[i:i + 2])
        if pair in _GLOSS_PHRASES:
            out.append(_GLOSS_PHRASES[pair])
            i += 2
            continue
        word = words[i]
        if word in _GLOSS:
            out.append(_GLOSS[word])
        elif word.isdigit() or (len(word) == 1 and out and out[-1] == "phan"):
            out.append(word)
        elif word in _PART_LETTERS and words[i + 1:i + 2] and words[i + 1].isdigit():
            out.append(word)  # "A 35 B 20 C 30": a part's score
        i += 1
    return " ".join([*out, *_product_gloss(text, out)])


_WHICH = frozenset({"which", "what"})
_SHEET_WORDS = frozenset({"sheet", "scoresheet", "form"})
_SHEET_SPAN = 3  # "which OCOP evaluation sheet"


def _sheet_asked(words: list[str], i: int) -> int:
    """Where the sheet word is when "which" at `i` asks for a sheet a few words on ("which
    OCOP sheet", "which evaluation sheet"), else 0."""
    if words[i] not in _WHICH:
        return 0
    ahead = words[i + 1:i + 1 + _SHEET_SPAN]
    return next((i + 1 + k for k, w in enumerate(ahead) if w in _SHEET_WORDS), 0)


def _product_gloss(text: str, glossed: list[str]) -> list[str]:
    """A Vietnamese product word for the product an English question names ("dried mango",
    "koi"), from the sheets' English words, when the gloss names no product yet."""
    from knowledge.criteria.products import english_matches
    from knowledge.faq.criteria_answers import product_sheets, sheet_product_word

    if product_sheets(glossed):
        return []
    found = english_matches(text)
    best = max(found.values(), default=0)
    sheets = [sheet for sheet, size in found.items() if size == best]
    return [sheet_product_word(sheets[0])] if len(sheets) == 1 else []


_PART_LETTERS = frozenset({"a", "b", "c"})
_SCORE_VERBS = frozenset({"score", "scores", "scored", "scoring"})
_STARS = frozenset({"star", "stars"})


def _score_given(words: list[str], i: int) -> str | None:
    """The number in "scores 93", "scored 72", "a score of 85" (read as "93 điểm"), else None."""
    if words[i] not in _SCORE_VERBS:
        return None
    at = i + 2 if words[i + 1:i + 2] == ["of"] else i + 1
    number, unit = words[at:at + 1], words[at + 1:at + 2]
    if number and number[0].isdigit() and not (unit and unit[0] in _STARS):
        return number[0]
    return None
