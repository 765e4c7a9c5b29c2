"""A small BM25 retriever over FAQ entries, tolerant of missing accents and typos.

Three kinds of document per entry, each scored with BM25 over folded syllables plus domain
concept tokens (synonyms.py): every question and paraphrase alone (the entry takes its best),
all of them pooled, and the answer text (syllables and syllable bigrams). Each kind's score is
divided by what the query would score against itself there, then they are added. Unknown
tokens that are not well-formed syllables are split ("dangky") or corrected one edit away.
Inverse document frequencies count entries, not documents, so that an entry with many
paraphrases does not make its own words look common. Syllable bigrams, character trigrams and
accented words are available as channels but off: cross-validation found no gain from them
(bench/bench_faq.py --calibrate).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from knowledge.faq.criteria_answers import product_words
from knowledge.faq.english import english_terms, english_words, product_stems, stem
from knowledge.faq.model import FaqEntry
from knowledge.faq.normalize import Normalized, fold, is_syllable, normalize, unify_y
from knowledge.faq.synonyms import concept_spans, concepts

# Chat words and function words that say nothing about the topic: when the index does not
# know one, it is dropped instead of counting against the match as an unknown word would.
FILLERS = frozenset(re.findall(
    r"\w+",
    "a ah ak ik oi nhe nha nhi ha hen vay z em e anh chi ban minh toi tui bot admin ad "
    "xin hoi cho giup dum voi lam on vui long cam thanks thank ok oke ba co di "
    "trong cua va la thi nay do den tu o khi nhu cac nhung mot duoc bi se da dang ma nen "
    "neu vi tai theo hay hoac cung con ra vao nua thoi the nao gi ai xiu chut ha vay "
    "ne nhi ku kaka hic huhu hjx hi ui uh u alo v dzay zay nhen",
))
# Words of the chat around a question ("rồi", "giờ", "chưa", "muốn biết", "cái"), and pairs
# that ask rather than name a topic ("bao nhiêu", "thì sao", "đúng không", "gọi là"): whether
# an entry's text has them says nothing about whether it answers the question.
DISCOURSE = frozenset(re.findall(
    r"\w+", "roi gio chua muon biet cai luon xong ay khong phai",
))
ASKING_PAIRS = frozenset({("bao", "nhieu"), ("bao", "lau"), ("bao", "gio"), ("thi", "sao"),
                          ("la", "sao"), ("dung", "khong"), ("goi", "la"), ("co", "phai")})
MIN_TYPO_LENGTH = 3
MAX_TYPO_LENGTH = 24
MAX_QUERY_TOKENS = 60
CHANNELS = ("uni", "bi", "char", "acc", "con")


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Channel weights and BM25 parameters of the retriever (defaults chosen by measurement)."""

    unigram: float = 1.0
    bigram: float = 0.0
    chargram: float = 0.0
    accent: float = 0.0
    concept: float = 0.6
    pooled: float = 1.0
    answer: float = 0.5
    k1: float = 1.2
    b: float = 0.75
    typo_weight: float = 0.8
    typos: bool = True
    normalized: bool = True
    doc_share: float = 1.0
    field_norm: bool = True
    language: str = "vi"


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry (by position), its ranking score and the score of its best-matching text."""

    entry: int
    score: float
    matched: float = 0.0


_STAR_LEVEL = re.compile(r"(?<![0-9])([1-5])\s*(?:-\s*)?(?:sao|stars?)\b")
OTHER_LEVEL_FACTOR = 0.8


_YEAR = re.compile(r"(?<![0-9])(20[0-3][0-9])(?![0-9])")


def years(text: str) -> frozenset[str]:
    """The years (2000–2039) a text names."""
    return frozenset(_YEAR.findall(text))


def star_levels(text: str) -> frozenset[int]:
    """The star levels a text names ("3 sao", "4-star", "5 stars")."""
    return frozenset(int(m) for m in _STAR_LEVEL.findall(fold(text)))


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked hits, the query's own best possible score, and the entry whose question or
    paraphrase the query is, once normalised (`exact`, when exactly one entry has it)."""

    hits: tuple[Hit, ...]
    self_score: float
    terms: tuple[str, ...]
    corrected: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    exact: int | None = None

    def confidence(self, rank: int = 0) -> float:
        """The score at `rank` as a share of what a perfect match would score."""
        if rank >= len(self.hits) or self.self_score <= 0:
            return 0.0
        return self.hits[rank].matched / self.self_score


Features = dict[str, list[str]]


def _char_grams(terms: Sequence[str], n: int = 3) -> list[str]:
    """Character n-grams of the folded text, across word boundaries."""
    text = f" {' '.join(terms)} "
    return [text[i:i + n] for i in range(len(text) - n + 1)]


def features(norm: Normalized) -> Features:
    """Terms of every channel for one normalised text."""
    uni = list(norm.folded)
    return {
        "uni": uni,
        "bi": [f"{a}_{b}" for a, b in itertools.pairwise(uni)],
        "char": _char_grams(uni),
        "acc": list(norm.accented),
        "con": concepts(uni),
    }


@lru_cache(maxsize=16384)
def text_features(text: str) -> Features:
    """Features of an indexed text, cached so that re-indexing redoes only new texts."""
    return features(normalize(text))


def english_features(text: str) -> Features:
    """English features: stemmed content words only."""
    return {"uni": english_terms(text), "bi": [], "char": [], "acc": [], "con": []}


def plain_features(text: str) -> Features:
    """Baseline features: lowercase whitespace-split words only."""
    words = [w.strip(".,;:!?()\"'") for w in text.lower().split()]
    return {"uni": [w for w in words if w], "bi": [], "char": [], "acc": [], "con": []}


class _Channel:
    """One BM25 channel: postings of precomputed term weights per document, as arrays."""

    def __init__(self, docs: Sequence[list[str]], owners: Sequence[int], k1: float, b: float):
        self.k1, self.b = k1, b
        self.avgdl = max(sum(len(d) for d in docs) / max(len(docs), 1), 1.0)
        counts = [Counter(terms) for terms in docs]
        self._set_idf(counts, owners)
        lists: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.mass = np.zeros(len(docs))
        for doc, (terms, counted) in enumerate(zip(docs, counts, strict=True)):
            norm = k1 * (1 - b + b * len(terms) / self.avgdl)
            for term, tf in counted.items():
                value = self.idf[term] * tf * (k1 + 1) / (tf + norm)
                lists[term].append((doc, value))
                self.mass[doc] += value
        # Arrays, so that a query's scores are one bincount instead of a loop per posting.
        self.postings: dict[str, tuple[NDArray[np.intp], NDArray[np.float64]]] = {
            term: (np.array([d for d, _ in pairs], dtype=np.intp),
                   np.array([v for _, v in pairs], dtype=np.float64))
            for term, pairs in lists.items()
        }

    def _set_idf(self, counts: Sequence[Counter[str]], owners: Sequence[int]) -> None:
        """IDF over entries (not documents), and the IDF of a word no entry uses."""
        entries_of: dict[str, set[int]] = defaultdict(set)
        for counted, owner in zip(counts, owners, strict=True):
            for term in counted:
                entries_of[term].add(owner)
        n_entries = max(len(set(owners)), 1)
        self.idf = {t: _idf(len(e), n_entries) for t, e in entries_of.items()}
        self.max_idf = _idf(0, n_entries)

    def _tf_part(self, tf: int, length: int) -> float:
        norm = 1 - self.b + self.b * length / self.avgdl
        return tf * (self.k1 + 1) / (tf + self.k1 * norm)

    def self_score(self, terms: Sequence[str], oov: bool) -> float:
        """Score of a document made of the query's terms; with `oov`, unknown terms count too."""
        # Unknown words count as the rarest possible, so that a question about something the
        # FAQ never mentions cannot look like a good match because its common words match.
        tf_part = self._tf_part(1, len(terms))
        idf = self.idf
        if oov:
            return tf_part * sum(idf.get(t, self.max_idf) for t in terms)
        return tf_part * sum(idf.get(t, 0.0) for t in terms)


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Tell whether `a` and `b` differ by one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return swapped or a[i + 1:] == b[i + 1:]


_TRIPLED = re.compile(r"(.)\1\1")


class _Speller:
    """Maps an unknown token to known syllables: split when glued, else one edit away."""

    def __init__(self, frequency: Counter[str]) -> None:
        self.frequency = frequency
        self.by_delete: dict[str, set[str]] = defaultdict(set)
        for word in frequency:
            if len(word) >= MIN_TYPO_LENGTH - 1:
                for variant in _deletes(word) | {word}:
                    self.by_delete[variant].add(word)

    def correct(self, token: str) -> list[str] | None:
        """Known syllables for `token`, or None when it is known or cannot be corrected."""
        if token in self.frequency or not MIN_TYPO_LENGTH <= len(token) <= MAX_TYPO_LENGTH:
            return None
        # A letter typed three times over ("aaaaa", "hmmm") is a sound, not a word to correct.
        if not token.isalpha() or _TRIPLED.search(token):
            return None
        # A well-formed syllable is a real word the FAQ does not use, not a typo: correcting
        # it ("chao" → "cham") would make greetings and off-topic questions look answerable.
        if is_syllable(token):
            return None
        return self._split(token) or self._one_edit(token)

    def _one_edit(self, token: str) -> list[str] | None:
        found = set(self.by_delete.get(token, ()))
        for variant in _deletes(token):
            found |= self.by_delete.get(variant, set())
        found = {w for w in found if within_one_edit(token, w)}
        if not found:
            return None
        return [max(sorted(found), key=lambda w: self.frequency[w])]

    def _split(self, token: str) -> list[str] | None:
        """Split glued syllables ("dangky") into known ones, fewest parts first."""
        best: list[list[str] | None] = [[]] + [None] * len(token)
        for end in range(1, len(token) + 1):
            for start in range(max(0, end - 7), end):
                head, part = best[start], unify_y(token[start:end])
                if head is None or not is_syllable(token[start:end]):
                    continue
                current = best[end]
                if part in self.frequency and (current is None or len(head) + 1 < len(current)):
                    best[end] = [*head, part]
        parts = best[-1]
        return parts if parts is not None and len(parts) >= 2 else None


class _ChannelSet:
    """The weighted BM25 channels over one kind of document (texts, pooled texts, answers)."""

    def __init__(self, docs: Sequence[Features], owners: Sequence[int], weights: dict[str, float],
                 config: IndexConfig) -> None:
        self.weights = {name: w for name, w in weights.items() if any(d[name] for d in docs)}
        self.channels = {
            name: _Channel([d[name] for d in docs], owners, config.k1, config.b)
            for name in self.weights
        }
        self.size = len(docs)

    def scores(self, feats: Features, corrected: frozenset[str],
               typo_weight: float) -> NDArray[np.float64]:
        """The score of every document for a query's features."""
        docs: list[NDArray[np.intp]] = []
        values: list[NDArray[np.float64]] = []
        for name, weight in self.weights.items():
            postings = self.channels[name].postings
            for term in set(feats[name]):
                found = postings.get(term)
                if found is not None:
                    docs.append(found[0])
                    values.append(found[1] * (weight * (typo_weight if term in corrected
                                                        else 1.0)))
        if not docs:
            return np.zeros(self.size)
        summed = np.bincount(np.concatenate(docs), weights=np.concatenate(values),
                             minlength=self.size)
        return summed.astype(np.float64, copy=False)

    def self_score(self, feats: Features) -> float:
        """What a document identical to the query would score (unknown words count as rare)."""
        return sum(
            weight * self.channels[name].self_score(list(set(feats[name])), oov=name == "uni")
            for name, weight in self.weights.items()
        )


_TAG = re.compile(r"<[^>]+>")


def _pool(docs: Sequence[Features]) -> Features:
    """One document made of several (an entry's question and paraphrases together)."""
    return {name: [t for d in docs for t in d[name]] for name in CHANNELS}


TOPICAL_MEMO_SIZE = 4096


class FaqIndex:
    """Ranks entries for a query; rebuilt from scratch whenever entries change."""

    def __init__(self, entries: Sequence[FaqEntry], config: IndexConfig | None = None) -> None:
        self.entries = tuple(entries)
        self.config = config or IndexConfig()
        per_entry = [[self._features(t) for t in self._texts(e)] for e in self.entries]
        docs = [d for texts in per_entry for d in texts]
        self.owners = [i for i, texts in enumerate(per_entry) for _ in texts]
        weights = self.weights
        self.texts = _ChannelSet(docs, self.owners, weights, self.config)
        everyone = range(len(self.entries))
        self.pooled = _ChannelSet([_pool(t) for t in per_entry], everyone, weights, self.config)
        answers = [self._features(_TAG.sub(" ", self._answer(e))) for e in self.entries]
        self.answers = _ChannelSet(answers, everyone, {"uni": 1.0, "bi": 0.5}, self.config)
        mass = sum((w * self.texts.channels[n].mass for n, w in self.texts.weights.items()),
                   np.zeros(len(docs)))
        self.doc_mass = np.maximum(mass, 1e-12)
        # Each entry's texts are consecutive documents: where each entry's run starts.
        self.starts = np.searchsorted(np.array(self.owners, dtype=np.intp),
                                      np.arange(len(self.entries)))
        self.vocabulary = Counter(t for d in docs for t in set(d["uni"]))
        # Words of the answer count as covered: "89" or "tờ rơi" may be found only there.
        self.entry_terms = [{t for d in texts for t in d["uni"]} | set(a["uni"])
                            for texts, a in zip(per_entry, answers, strict=True)]
        self.all_terms = frozenset(t for terms in self.entry_terms for t in terms)
        # Coverage, known share and a clause's check each read a query's topical words.
        self._topical_memo: dict[tuple[str, ...], frozenset[str]] = {}
        # Adjacent words the entries write ("son la"): a place named so is a phrase they use.
        self.pairs = frozenset(p for d in [*docs, *answers] for p in itertools.pairwise(d["uni"]))
        # A word of a concept phrase ("kinh phí" for support) is explained by an entry that
        # names the concept in other words.
        self.entry_concepts = [{c for d in texts for c in d["con"]} | set(a["con"])
                               for texts, a in zip(per_entry, answers, strict=True)]
        self.speller = _Speller(self.vocabulary) if self.config.typos else None
        self.star_levels = [star_levels(f"{e.question} {e.question_en}") for e in self.entries]
        self.years = [years(f"{' '.join(e.texts)} {self._answer(e)}") for e in self.entries]
        self.exact: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for owner, doc in zip(self.owners, docs, strict=True):
            self.exact[tuple(doc["uni"])].add(owner)

    @property
    def weights(self) -> dict[str, float]:
        """Weights of the channels in use."""
        c = self.config
        named = {"uni": c.unigram, "bi": c.bigram, "char": c.chargram, "acc": c.accent,
                 "con": c.concept}
        return {name: w for name, w in named.items() if w > 0}

    @property
    def english(self) -> bool:
        """Whether this index matches English texts (questions_en and answers_en)."""
        return self.config.language == "en"

    def _texts(self, entry: FaqEntry) -> tuple[str, ...]:
        if self.english:
            texts = (entry.question_en, *entry.paraphrases_en) if entry.question_en else ()
            return texts or (entry.answer_en,)
        return entry.texts

    def _answer(self, entry: FaqEntry) -> str:
        return entry.answer_en if self.english else entry.answer_vi

    def _features(self, text: str) -> Features:
        if self.english:
            return english_features(text)
        return text_features(text) if self.config.normalized else plain_features(text)

    def _query(self, text: str) -> tuple[Features, frozenset[str]]:
        """Features of a query after spelling correction, and the corrected terms."""
        if self.english:
            # A place named ("from Cần Thơ") says nothing of what is asked, nor how well.
            feats = self._features(text)
            neutral = self.neutral_unknown(feats["uni"]) | {
                t for t in english_place_stems(text) if t not in self.vocabulary}
            return {**feats, "uni": [t for t in feats["uni"] if t not in neutral]}, frozenset()
        if not self.config.normalized:
            return self._features(text), frozenset()
        norm = normalize(text)
        folded: list[str] = []
        corrected: list[str] = []
        for token in norm.folded[:MAX_QUERY_TOKENS]:
            fixed = self.speller.correct(token) if self.speller else None
            folded.extend(fixed or [token])
            corrected.extend(fixed or [])
        kept = [t for t in folded if t in self.vocabulary or t not in FILLERS]
        return features(Normalized(tuple(kept), norm.accented)), frozenset(corrected)

    def _best_texts(self, scores: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each entry's best text score (shrunk for texts the query explains only in part)."""
        share = self.config.doc_share
        if share:
            scores = scores * (1 - share + share * np.minimum(scores / self.doc_mass, 1.0))
        if not len(scores):
            return np.zeros(len(self.entries))
        return np.maximum.reduceat(scores, self.starts)

    def search(self, text: str, limit: int = 5) -> SearchResult:
        """Rank entries for `text`; returns at most `limit` hits with a positive score."""
        feats, corrected = self._query(text)
        typo = self.config.typo_weight
        matched = self._best_texts(self.texts.scores(feats, corrected, typo))
        self_score = self.texts.self_score(feats)
        scale = 1 / self_score if self.config.field_norm and self_score > 0 else 1.0
        ranking = matched * scale
        for weight, channels in ((self.config.pooled, self.pooled),
                                 (self.config.answer, self.answers)):
            if weight <= 0:
                continue
            if self.config.field_norm:
                own = channels.self_score(feats)
                weight = weight / own if own > 0 else 0.0
            if weight > 0:
                ranking = ranking + weight * channels.scores(feats, corrected, typo)
        ranking = self._prefer_level_asked(ranking, star_levels(text))
        ranking = self._prefer_year_asked(ranking, years(text))
        terms = tuple(feats["uni"])
        # A stable sort on the negated score keeps ties in entry order.
        order = np.argsort(-ranking, kind="stable")[:limit]
        hits = tuple(Hit(int(e), float(ranking[e]), float(matched[e]))
                     for e in order if ranking[e] > 0)
        owners = self.exact.get(terms, set()) if self.config.normalized else set()
        exact = next(iter(owners)) if len(owners) == 1 else None
        return SearchResult(hits, self_score, terms, tuple(sorted(corrected)),
                            normalize(text).folded, exact)

    def _prefer_level_asked(self, ranking: NDArray[np.float64],
                            asked: frozenset[int]) -> NDArray[np.float64]:
        """Entries about another star level than the single one asked drop a little: folded,
        "đạt chuẩn 3 sao" shares "chuẩn" with the 5-star entry, but asks about 3 stars."""
        if len(asked) != 1:
            return ranking
        other = [i for i, levels in enumerate(self.star_levels) if levels and not levels & asked]
        if not other:
            return ranking
        ranking = ranking.copy()
        ranking[other] *= OTHER_LEVEL_FACTOR
        return ranking

    def _prefer_year_asked(self, ranking: NDArray[np.float64],
                           asked: frozenset[str]) -> NDArray[np.float64]:
        """Entries that give figures for other years than the one asked drop a little: "năm
        2024 cả nước có bao nhiêu sản phẩm" is answered by the entry that has 2024."""
        if len(asked) != 1:
            return ranking
        other = [i for i, found in enumerate(self.years) if found and not found & asked]
        if not other or len(other) == len(self.years):
            return ranking
        ranking = ranking.copy()
        ranking[other] *= OTHER_LEVEL_FACTOR
        return ranking

    def entry_coverage(self, entry: int, terms: Sequence[str]) -> float:
        """Share of the query's topical IDF mass found in an entry's texts and answer.

        Fillers, numbers and place names the index does not know are left out: "89" or "Tà
        Xùa" says nothing about which entry is meant, and must not make a question look
        out of scope.
        """
        channel = self.texts.channels["uni"]
        known = self.entry_terms[entry] | self._named_concepts(terms, self.entry_concepts[entry])
        unique = self.topical(terms)
        total = sum(channel.idf.get(t, channel.max_idf) for t in unique)
        found = sum(channel.idf.get(t, channel.max_idf) for t in unique if t in known)
        return found / total if total else 0.0

    def known_share(self, terms: Sequence[str]) -> float:
        """Share of the query's topical IDF mass made of words some entry uses anywhere."""
        channel = self.texts.channels["uni"]
        unique = self.topical(terms)
        weights = {t: channel.idf.get(t, channel.max_idf) for t in unique}
        total = sum(weights.values())
        named = self._named_concepts(terms, None)
        known = sum(w for t, w in weights.items() if t in self.all_terms or t in named)
        return known / total if total else 0.0

    def _named_concepts(self, terms: Sequence[str], concepts_of: set[str] | None) -> set[str]:
        """The words of `terms` in a concept phrase whose concept is in `concepts_of` (any
        concept when None)."""
        if self.english or not self.config.concept:
            return set()
        return {t for found, start, end in concept_spans(terms)
                if concepts_of is None or concepts_of.intersection(found)
                for t in terms[start:end]}

    def topical(self, terms: Sequence[str]) -> frozenset[str]:
        """The query's words that say what it is about: not fillers, numbers or place names.
        A query made only of fillers the index knows ("bot này giúp được gì") is about them."""
        key = tuple(terms)
        if key not in self._topical_memo:
            if len(self._topical_memo) >= TOPICAL_MEMO_SIZE:  # a bot runs for months
                self._topical_memo.clear()
            self._topical_memo[key] = frozenset(self._topical(key))
        return self._topical_memo[key]

    def _topical(self, terms: Sequence[str]) -> set[str]:
        neutral = self.neutral_unknown(terms) | asking_words(terms)
        words = {t for t in terms if t not in neutral}
        return ({t for t in words if t not in FILLERS and t not in DISCOURSE}
                or {t for t in words if t in self.vocabulary})

    def neutral_unknown(self, terms: Sequence[str]) -> set[str]:
        """Unknown terms that are numbers, part of a place name of two or more syllables or of
        a product's name ("rượu ngô", "lan hồ điệp"; in English, "mango"): what is produced
        where says nothing about which entry is meant (English places: `_query`)."""
        neutral = {t for t in terms if any(ch.isdigit() for ch in t)} | product_words(terms)
        if self.english:
            neutral |= product_stems().intersection(terms)  # "mango", "squid"
        unknown = {t for t in neutral if t not in self.vocabulary}
        return unknown | self._places_unknown_as_phrases(terms)

    def _places_unknown_as_phrases(self, terms: Sequence[str]) -> set[str]:
        """The syllables of place names the entries never write as a phrase: "Tà Xùa" is a
        place, whatever "ta" ("người ta") and "xua" mean alone; "Sơn La" is written."""
        return {t for span in place_spans(terms)
                if not any(pair in self.pairs for pair in itertools.pairwise(span)) for t in span}

    def coverage(self, result: SearchResult, rank: int = 0) -> float:
        """Share of the query's unigram IDF mass found in the entry at `rank`."""
        if rank >= len(result.hits):
            return 0.0
        return self.entry_coverage(result.hits[rank].entry, result.terms)


def asking_words(terms: Sequence[str]) -> set[str]:
    """The words of `terms` that belong to a pair that asks ("bao nhieu", "thi sao")."""
    found: set[str] = set()
    for pair in itertools.pairwise(terms):
        if pair in ASKING_PAIRS:
            found.update(pair)
    return found


_UNIT_WORDS = frozenset({"tinh", "thanh", "pho", "xa", "phuong", "dac", "khu"})


def english_place_stems(text: str) -> set[str]:
    """The stems of the words of an English text that name a place of two or three syllables
    ("Can Tho": "can" is a stop word once stemmed, so the place is found in the plain words)."""
    return {stem(w) for span in place_spans(english_words(text)) for w in span}


def place_spans(words: Sequence[str]) -> list[tuple[str, ...]]:
    """The runs of two or three of `words` that are a place's name."""
    places = place_names()
    spans = (tuple(words[i:i + size]) for size in (2, 3) for i in range(len(words) - size + 1))
    return [span for span in spans if span in places]


@lru_cache(maxsize=1)
def place_names() -> frozenset[tuple[str, ...]]:
    """Province, commune and ward names as folded syllables, without their unit word."""
    from knowledge.places import communes, provinces

    names = [p.name for p in provinces()]
    names += [c.name for p in provinces() for c in communes(p.code)]
    found = set()
    for name in names:
        words = list(normalize(name).folded)
        while words and words[0] in _UNIT_WORDS:
            words.pop(0)
        if len(words) >= 2:
            found.add(tuple(words))
    return frozenset(found)
