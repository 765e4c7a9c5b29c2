"""The FAQ knowledge base, knowledge/faq/entries/<topic>.yaml, checked as plain data."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.support import yamlc

ENTRIES_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "faq" / "entries"

TOPICS = (
    "concepts",
    "objectives",
    "organisation",
    "criteria",
    "trends",
    "registration",
    "procedure",
    "validity",
    "revocation",
    "mark",
    "support",
    "figures",
)
KEYS = ("id", "topic", "question", "question_en", "paraphrases", "answer_vi", "answer_en",
        "source", "related")
MIN_ENTRIES = 150
MIN_PARAPHRASES = 5
MAX_ANSWER_CHARS = 700
ALLOWED_TAGS = frozenset({"b", "i"})

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_RE = re.compile(r"<(/?)([a-zA-Z]+)>")


def fold(text: str) -> str:
    """Lower-case, drop Vietnamese diacritics (đ -> d), punctuation and repeated spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", bare).split())


def has_diacritics(text: str) -> bool:
    return fold(text) != " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def load_files() -> dict[str, list[dict[str, Any]]]:
    files = {}
    for path in sorted(ENTRIES_DIR.glob("*.yaml")):
        files[path.stem] = yamlc.safe_load(path.read_text(encoding="utf-8"))
    return files


FILES = load_files()
ENTRIES = [entry for entries in FILES.values() for entry in (entries or [])]
IDS = {entry.get("id") for entry in ENTRIES if isinstance(entry, dict)}


def entry_id(entry: Any) -> str:
    return str(entry.get("id")) if isinstance(entry, dict) else repr(entry)[:40]


def texts(entry: dict[str, Any]) -> list[str]:
    """Every free-text field of an entry."""
    return [
        entry["question"],
        *entry["paraphrases"],
        entry["answer_vi"],
        entry["answer_en"],
        entry["source"],
    ]


def html_problems(text: str) -> list[str]:
    """Tags other than <b>/<i>, unclosed or crossed tags, and bare <, > or &."""
    problems = []
    stack: list[str] = []
    for match in TAG_RE.finditer(text):
        closing, name = match.group(1) == "/", match.group(2)
        if name not in ALLOWED_TAGS:
            problems.append(f"tag <{match.group(0)[1:]} not allowed")
        elif not closing:
            if name in stack:
                problems.append(f"<{name}> nested in itself")
            stack.append(name)
        elif not stack or stack.pop() != name:
            problems.append(f"</{name}> closes nothing or the wrong tag")
    problems += [f"<{name}> never closed" for name in stack]
    rest = TAG_RE.sub("", text)
    problems += [f"bare {char!r}" for char in "<>&" if char in rest]
    return problems


# --- the files as a whole -------------------------------------------------------------------


def test_every_topic_has_a_file_and_no_other_files_exist():
    assert set(FILES) == set(TOPICS)


def test_each_file_is_a_non_empty_list_of_mappings():
    for topic, entries in FILES.items():
        assert isinstance(entries, list) and entries, topic
        assert all(isinstance(entry, dict) for entry in entries), topic


def test_files_are_nfc_utf8_text():
    for path in ENTRIES_DIR.glob("*.yaml"):
        raw = path.read_bytes().decode("utf-8")
        assert raw == unicodedata.normalize("NFC", raw), path.name
        assert "\t" not in raw and "\r" not in raw, path.name


def test_there_are_enough_entries():
    assert len(ENTRIES) >= MIN_ENTRIES


def test_ids_are_unique():
    duplicates = [i for i, n in Counter(entry_id(e) for e in ENTRIES).items() if n > 1]
    assert not duplicates


def test_no_paraphrase_or_question_is_shared_between_entries():
    owners: dict[str, set[str]] = {}
    for entry in ENTRIES:
        for text in [entry["question"], *entry["paraphrases"]]:
            owners.setdefault(fold(text), set()).add(entry["id"])
    shared = {text: ids for text, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_questions_are_distinct():
    counts = Counter(fold(entry["question"]) for entry in ENTRIES)
    assert [q for q, n in counts.items() if n > 1] == []


# --- each entry ------------------------------------------------------------------------------


@pytest.fixture(params=ENTRIES, ids=entry_id)
def entry(request: pytest.FixtureRequest) -> dict[str, Any]:
    return request.param


def test_entry_has_exactly_the_expected_keys(entry):
    optional = ("paraphrases_en", "asked_with_ocop")
    assert tuple(k for k in entry if k not in optional) == KEYS
    if "paraphrases_en" in entry:
        assert list(entry).index("paraphrases_en") == list(entry).index("paraphrases") + 1
    if "asked_with_ocop" in entry:
        assert entry["asked_with_ocop"] is True
        assert list(entry).index("asked_with_ocop") == KEYS.index("topic") + 1


def test_id_is_kebab_case_and_prefixed_with_its_topic(entry):
    assert ID_RE.match(entry["id"])
    assert entry["topic"] in TOPICS
    assert entry["id"].startswith(entry["topic"] + "-")
    assert entry in FILES[entry["topic"]], "entry is not in its topic's file"


def test_text_fields_are_non_empty_nfc_strings(entry):
    for text in texts(entry):
        assert isinstance(text, str) and text.strip()
        assert text == unicodedata.normalize("NFC", text)
        assert text == text.strip()


def test_question_is_vietnamese_with_diacritics(entry):
    assert has_diacritics(entry["question"])


def test_paraphrases_are_enough_distinct_and_some_without_diacritics(entry):
    paraphrases = entry["paraphrases"]
    assert isinstance(paraphrases, list)
    assert len(paraphrases) >= MIN_PARAPHRASES
    folded = [fold(p) for p in paraphrases]
    assert len(set(folded)) == len(folded), "paraphrases repeat each other"
    assert any(not has_diacritics(p) for p in paraphrases), "no paraphrase without diacritics"


def test_answers_are_short(entry):
    for key in ("answer_vi", "answer_en"):
        assert len(entry[key]) <= MAX_ANSWER_CHARS, (key, len(entry[key]))


def test_vietnamese_answer_has_diacritics_and_english_answer_is_present(entry):
    assert has_diacritics(entry["answer_vi"])
    assert len(entry["answer_en"].split()) >= 5


def test_answers_use_only_closed_b_and_i_tags(entry):
    for key in ("answer_vi", "answer_en"):
        assert html_problems(entry[key]) == [], key


def test_related_ids_exist_and_are_not_self(entry):
    related = entry["related"]
    assert isinstance(related, list) and 1 <= len(related) <= 4
    assert len(set(related)) == len(related)
    assert entry["id"] not in related
    assert set(related) <= IDS, set(related) - IDS


# --- the helpers themselves -------------------------------------------------------------------


def test_fold_removes_diacritics_case_and_punctuation():
    assert fold("Hồ sơ nộp ở ĐÂU?") == "ho so nop o dau"
    assert not has_diacritics("bn diem dc 4 sao")
    assert has_diacritics("bao nhiêu điểm")


def test_html_checker_catches_bad_markup():
    assert html_problems("<b>ok</b> và <i>ok</i>") == []
    assert html_problems("<b>open") == ["<b> never closed"]
    assert html_problems("<a>x</a>") != []
    assert html_problems("<b><i>x</b></i>") != []
    assert html_problems("dưới <30 điểm") != []
    assert html_problems("A & B") != []
