"""FAQ engine, issue 10 round 13: English questions asking what OCOP is, and others found
on the blind sets of round 13."""

from __future__ import annotations

import pytest

from knowledge.faq.engine import FaqEngine
from tests.support.faq import answered_entry


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


@pytest.mark.parametrize(("text", "entry"), [
    ("What is OCOP?", "concepts-what-is-ocop"),
    ("whats OCOP exactly?", "concepts-what-is-ocop"),
    ("Hi, what exactly is this OCOP thing my village keeps talking about?",
     "concepts-what-is-ocop"),
    ("What is an OCOP product?", "concepts-ocop-product"),
    ("what is OCOP for", "objectives-goals"),  # its purpose, not what it is
])
def test_asking_what_a_thing_is_in_english(engine: FaqEngine, text: str, entry: str) -> None:
    assert answered_entry(engine.respond(text)) == entry
