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


def english_terms(text: str) -> list[str]:
    """Stemmed content words of an English text."""
    return [stem(w) for w in english_words(text) if w not in STOPWORDS]


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
