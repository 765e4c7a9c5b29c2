"""FAQ engine, issue 10 round 11: what a run-on message's clause may answer."""

from __future__ import annotations

import pytest

from knowledge.faq.engine import FaqEngine


@pytest.fixture(scope="module")
def engine() -> FaqEngine:
    return FaqEngine.load()


def test_a_clause_that_names_no_topic_answers_nothing(engine: FaqEngine) -> None:
    # "mất bao lâu" alone matched the re-evaluation entry, which the stamp is not about.
    assert engine.respond("đóng dấu giáp lai hồ sơ ở đâu, mất bao lâu").kind == "decline"


@pytest.mark.parametrize(("text", "entry"), [
    ("sp em 3 sao năm 2024, hiệu lực bao lâu vậy", "validity-36-months"),
    ("ocop la j vay ad, e moi nghe", "concepts-what-is-ocop"),
    ("chào ad, chủ thể là gì ạ", "concepts-chu-the"),
])
def test_a_clause_that_names_its_topic_still_answers(engine: FaqEngine, text: str,
                                                     entry: str) -> None:
    reply = engine.respond(text)
    assert reply.kind == "answer"
    assert reply.entry is not None and reply.entry.id == entry
