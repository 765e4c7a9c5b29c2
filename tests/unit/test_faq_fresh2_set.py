"""The second fresh held-out set (questions/fresh2.yaml) is separate and well formed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from knowledge.faq.evaluate import (
    CRITERION_KINDS,
    DEV_PATH,
    OUT_OF_SCOPE_LABEL,
    QUESTIONS_DIR,
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

FRESH2_PATH = QUESTIONS_DIR / "fresh2.yaml"
FRESH_PATH = QUESTIONS_DIR / "fresh.yaml"
# The computed kinds the engine documents (knowledge/faq/__init__.py), as labels.
COMPUTED_LABELS = frozenset(
    computed_label(kind) for kind in ("rank", "part_max", "option", "minimum", *CRITERION_KINDS)
)
KNOWN_LABELS = COMPUTED_LABELS | SMALLTALK_LABELS | {OUT_OF_SCOPE_LABEL}


@pytest.fixture(scope="module")
def fresh2() -> list[Question]:
    return load_questions(FRESH2_PATH)


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_entries()


def _normalised(questions: list[Question]) -> set[object]:
    return {tokens(q.text) for q in questions}


@pytest.mark.parametrize("other", [DEV_PATH, USER_HELDOUT_PATH, FRESH_PATH],
                         ids=["dev", "heldout", "fresh"])
def test_fresh2_set_shares_no_question_with_another_set(
    fresh2: list[Question], other: Path
) -> None:
    shared = _normalised(fresh2) & _normalised(load_questions(other))
    assert not shared, [q.text for q in fresh2 if tokens(q.text) in shared]


def test_fresh2_questions_are_not_copied_from_entry_texts(
    fresh2: list[Question], entries: list[FaqEntry]
) -> None:
    assert leaked([Case(q.text, None) for q in fresh2], entries) == []


def test_fresh2_questions_are_distinct(fresh2: list[Question]) -> None:
    twice = [text for text, n in Counter(tokens(q.text) for q in fresh2).items() if n > 1]
    assert not twice


def test_every_label_names_an_entry_or_a_known_label(
    fresh2: list[Question], entries: list[FaqEntry]
) -> None:
    allowed = {e.id for e in entries} | KNOWN_LABELS
    wrong = {q.text: sorted(q.labels - allowed) for q in fresh2 if q.labels - allowed}
    assert not wrong
    assert all(q.labels for q in fresh2)
    assert {q.language for q in fresh2} <= {"vi", "en"}


def test_out_of_scope_and_small_talk_labels_stand_alone(fresh2: list[Question]) -> None:
    mixed = [q.text for q in fresh2
             if (q.out_of_scope or q.smalltalk) and len(q.labels) != 1]
    assert not mixed


def test_fresh2_set_has_the_users_mix(fresh2: list[Question], entries: list[FaqEntry]) -> None:
    n = len(fresh2)
    assert n >= 250
    assert 0.10 <= sum(q.out_of_scope for q in fresh2) / n <= 0.15
    assert 0.07 <= sum(q.language == "en" for q in fresh2) / n <= 0.15
    assert any(q.smalltalk for q in fresh2)
    in_scope = [q for q in fresh2 if not q.out_of_scope and not q.smalltalk]
    assert {label for q in in_scope for label in q.labels} >= {
        "calc:rank", "calc:part_max", "calc:option", "calc:minimum", "calc:criterion"}
    assert any(q.language == "en" for q in in_scope)
    topics_asked = {e.topic for e in entries if any(e.id in q.entry_ids for q in in_scope)}
    assert topics_asked == {e.topic for e in entries}
