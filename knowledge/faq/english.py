"""English questions: which language a question is in, and English features for the index.

Users who write in English type plain words; a light suffix stemmer ("valid"/"validity",
"registers"/"register") and a stop-word list are enough to match them against the entries'
English questions and answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from knowledge.faq.normalize import fold

STOPWORDS = frozenset(re.findall(r"\w+", """
a an the is are was were be been being am do does did doing have has had having i me my we
our you your he she it its they them their this that these those of in on at to for from by
with about as into than then so and or but if not no can could would should will shall may
might must there here what which who whom whose when where why how please tell hi hello hey
thanks thank some any all just also very much many get got s t d ll m re ve y let lets one
"""))
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_SUFFIXES = ("ations", "ation", "ities", "ity", "ings", "ing", "ness", "ions", "ion", "ies",
             "ied", "ers", "er", "ed", "es", "ly", "s")
# Kept whole: the stemmer would otherwise merge them with unrelated words.
_KEEP = frozenset({"ocop", "stars", "star", "points", "news", "bus", "this", "is", "was",
                   "has", "yes", "less", "process", "business", "address", "access"})


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude English stem: the word without its commonest inflection or derivation suffix."""
    if word in _KEEP or word.isdigit() or len(word) <= 4:
        return word.rstrip("s") if word in {"stars", "points"} else word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def english_words(text: str) -> list[str]:
    """Lowercase English words of `text`, HTML tags removed, stop words kept."""
    return _WORD.findall(re.sub(r"<[^>]+>", " ", fold(text)))


# Words users type for what the entries word otherwise ("papers" for "dossier", "apply" for
# "register"), as stems mapped to the entries' stem, so that they match and count as covered.
_SAME_AS: dict[str, tuple[str, ...]] = {
    "regist": ("apply", "appl", "appli", "applic", "enrol", "enroll", "signup", "particip"),
    "dossi": ("document", "pap", "paperwork", "file"),
    "valid": ("last", "durat", "expiry"),
    "expir": ("expire",),
    "revok": ("revoc", "revoke", "withdraw", "withdrawn", "strip", "stripp", "lose", "lost",
              "removed", "remov"),
    "submit": ("send", "sent", "lodg", "lodge", "hand"),
    "point": ("score", "scor"),
    "star": ("rank", "rat", "rating", "grade", "grad"),
    "evalu": ("evaluate", "evaluat", "assess", "assessm", "assessment", "apprais", "judg", "judge"),
    "state": ("government", "govern", "authoriti", "authority"),
    "recognis": ("recogniz", "recognit", "certifi", "certify", "approv", "approve", "grant",
                 "award"),
    "upgrade": ("upgrad", "rais", "raise", "promot", "promote"),
    "sampl": ("specimen",),
    "produc": ("producer", "farmer", "maker", "grower", "manufactur"),
    "commune": ("village", "ward", "local"),
    "criteria": ("criterion", "scorecard"),
    "sheet": ("form",),
}
_CANONICAL = {variant: stem_ for stem_, variants in _SAME_AS.items() for variant in variants}
# Two-word phrases that mean one thing ("taken away" = revoked).
_PHRASES = {("taken", "away"): "revoked", ("take", "away"): "revoked",
            ("sign", "up"): "register", ("how", "long"): "long"}


def _joined(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        phrase = _PHRASES.get((out[-1], word)) if out else None
        if phrase is not None:
            out[-1] = phrase
        else:
            out.append(word)
    return out


def english_terms(text: str) -> list[str]:
    """Stemmed content words of an English text, synonyms mapped to the entries' words."""
    stems = (stem(w) for w in _joined(english_words(text)) if w not in STOPWORDS)
    return [_CANONICAL.get(s, s) for s in stems]


class LanguageGuess:
    """Tells English questions from Vietnamese ones typed without accents.

    Unaccented Vietnamese shares short words with English ("to", "an", "do"), so a question is
    English when more of its words are English-only than Vietnamese-only.
    """

    def __init__(self, english_texts: Iterable[str], vietnamese_words: Iterable[str]) -> None:
        english = {w for text in english_texts for w in english_words(text)} | STOPWORDS
        vietnamese = set(vietnamese_words)
        self.english_only = frozenset(english - vietnamese)
        self.vietnamese_only = frozenset(vietnamese - english)

    def is_english(self, text: str) -> bool:
        """True when `text` reads as English: no Vietnamese letters, mostly English words."""
        if fold(text) != text.lower():
            return False
        words = [w for w in english_words(text) if not w.isdigit() and w != "ocop"]
        english = sum(w in self.english_only for w in words)
        vietnamese = sum(w in self.vietnamese_only for w in words)
        return english >= 2 and english > 2 * vietnamese
