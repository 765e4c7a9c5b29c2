"""The fresh set (questions/fresh.yaml; held out once, development data since) is separate from
the other sets and well formed."""

from __future__ import annotations

from collections import Counter

import pytest

from knowledge.faq.evaluate import (
    CRITERION_KINDS,
    DEV_PATH,
    FRESH_PATH,
    OUT_OF_SCOPE_LABEL,
    SMALLTALK_LABELS,
    USER_HELDOUT_PATH,
    Case,
    Question,
    computed_label,
    leaked,
    load_questions,
)
from knowledge.faq.model import FaqEntry, load_entries
from knowledge.faq.normalize import tokens

# The computed kinds the engine documents (knowledge/faq/__init__.py), as labels.
COMPUTED_LABELS = frozenset(
    computed_label(kind) for kind in ("rank", "part_max", "option", "minimum", *CRITERION_KINDS)
)
KNOWN_LABELS = COMPUTED_LABELS | SMALLTALK_LABELS | {OUT_OF_SCOPE_LABEL}


@pytest.fixture(scope="module")
def fresh() -> list[Question]:
    return load_questions(FRESH_PATH)


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_entries()


def _normalised(questions: list[Question]) -> set[object]:
    return {tokens(q.text) for q in questions}


def test_fresh_set_shares_no_question_with_the_dev_set(fresh: list[Question]) -> None:
    shared = _normalised(fresh) & _normalised(load_questions(DEV_PATH))
    assert not shared, [q.text for q in fresh if tokens(q.text) in shared]


def test_fresh_set_shares_no_question_with_the_older_heldout_set(fresh: list[Question]) -> None:
    shared = _normalised(fresh) & _normalised(load_questions(USER_HELDOUT_PATH))
    assert not shared, [q.text for q in fresh if tokens(q.text) in shared]


def test_fresh_questions_are_not_copied_from_entry_texts(
    fresh: list[Question], entries: list[FaqEntry]
) -> None:
    assert leaked([Case(q.text, None) for q in fresh], entries) == []


def test_fresh_questions_are_distinct(fresh: list[Question]) -> None:
    twice = [text for text, n in Counter(tokens(q.text) for q in fresh).items() if n > 1]
    assert not twice


def test_every_label_names_an_entry_or_a_known_label(
    fresh: list[Question], entries: list[FaqEntry]
) -> None:
    allowed = {e.id for e in entries} | KNOWN_LABELS
    wrong = {q.text: sorted(q.labels - allowed) for q in fresh if q.labels - allowed}
    assert not wrong
    assert all(q.labels for q in fresh)
    assert {q.language for q in fresh} <= {"vi", "en"}


def test_fresh_set_has_the_users_mix(fresh: list[Question], entries: list[FaqEntry]) -> None:
    n = len(fresh)
    assert n >= 250
    assert 0.10 <= sum(q.out_of_scope for q in fresh) / n <= 0.15
    assert 0.07 <= sum(q.language == "en" for q in fresh) / n <= 0.15
    assert any(q.smalltalk for q in fresh)
    in_scope = [q for q in fresh if not q.out_of_scope and not q.smalltalk]
    assert {label for q in in_scope for label in q.labels} >= {
        "calc:rank", "calc:part_max", "calc:option", "calc:minimum"}
    topics_asked = {e.topic for e in entries if any(e.id in q.entry_ids for q in in_scope)}
    assert topics_asked == {e.topic for e in entries}
