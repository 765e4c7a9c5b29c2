"""The blind sets, each written apart and evaluated once (questions/fresh*.yaml, development data
since), are separate from the other sets and well formed."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import pytest

from knowledge.faq.engine import FaqEngine
from knowledge.faq.evaluate import (
    CRITERION_KINDS,
    DEV_PATH,
    OUT_OF_SCOPE_LABEL,
    QUESTIONS_DIR,
    SMALLTALK_LABELS,
    USER_HELDOUT_PATH,
    Case,
    computed_label,
    evaluate_user,
    leaked,
    load_questions,
)
from knowledge.faq.model import FaqEntry, load_entries
from knowledge.faq.normalize import tokens
from tests.support.sheets import official_sheets

# The blind sets in the order they were written; each must not repeat the sets written before
# it (and dev.yaml, heldout.yaml).
BLIND = (QUESTIONS_DIR / "fresh.yaml",
         *(QUESTIONS_DIR / f"fresh{n}.yaml" for n in range(2, 38)))
FRESH, FRESH2, FRESH3, FRESH4, FRESH5, FRESH6, FRESH7, FRESH8, FRESH9, FRESH10, FRESH11, \
    FRESH12, FRESH13, FRESH14, FRESH15, FRESH16, FRESH17, FRESH18, FRESH19, FRESH20, \
    FRESH21, FRESH22, FRESH23, FRESH24, FRESH25, FRESH26, FRESH27, FRESH28, FRESH29, \
    FRESH30, FRESH31, FRESH32, FRESH33, FRESH34, FRESH35, FRESH36, FRESH37 = BLIND
EARLIER = {path: (DEV_PATH, USER_HELDOUT_PATH, *BLIND[:i]) for i, path in enumerate(BLIND)}
BLIND_SETS = pytest.mark.parametrize("path", BLIND, ids=[p.stem for p in BLIND])
# The computed kinds the engine documents (knowledge/faq/__init__.py), as labels.
COMPUTED_LABELS = frozenset(
    computed_label(kind) for kind in ("rank", "part_max", "option", "minimum", *CRITERION_KINDS)
)
KNOWN_LABELS = COMPUTED_LABELS | SMALLTALK_LABELS | {OUT_OF_SCOPE_LABEL}


@pytest.fixture(scope="module")
def entries() -> list[FaqEntry]:
    return load_entries()


@functools.cache
def _normalised_set(path: Path) -> frozenset[object]:
    """The questions of a set as their normalised words (each set is read once per run)."""
    return frozenset(tokens(q.text) for q in load_questions(path))


@BLIND_SETS
def test_a_blind_set_shares_no_question_with_an_earlier_set(path: Path) -> None:
    blind = load_questions(path)
    for other in EARLIER[path]:
        shared = _normalised_set(path) & _normalised_set(other)
        assert not shared, (other.name, [q.text for q in blind if tokens(q.text) in shared])


@BLIND_SETS
def test_blind_questions_are_distinct_and_not_copied_from_entries(
        path: Path, entries: list[FaqEntry]) -> None:
    blind = load_questions(path)
    assert leaked([Case(q.text, None) for q in blind], entries) == []
    twice = [text for text, n in Counter(tokens(q.text) for q in blind).items() if n > 1]
    assert not twice


@BLIND_SETS
def test_every_label_names_an_entry_or_a_known_label(path: Path, entries: list[FaqEntry]
                                                     ) -> None:
    blind = load_questions(path)
    allowed = {e.id for e in entries} | KNOWN_LABELS
    wrong = {q.text: sorted(q.labels - allowed) for q in blind if q.labels - allowed}
    assert not wrong
    assert all(q.labels for q in blind)
    assert {q.language for q in blind} <= {"vi", "en"}
    mixed = [q.text for q in blind if (q.out_of_scope or q.smalltalk) and len(q.labels) != 1]
    assert not mixed  # out of scope and small talk stand alone


@BLIND_SETS
def test_a_blind_set_has_the_users_mix(path: Path, entries: list[FaqEntry]) -> None:
    blind = load_questions(path)
    n = len(blind)
    assert n >= 250
    assert 0.10 <= sum(q.out_of_scope for q in blind) / n <= 0.15
    assert 0.07 <= sum(q.language == "en" for q in blind) / n <= 0.15
    assert any(q.smalltalk for q in blind)
    in_scope = [q for q in blind if not q.out_of_scope and not q.smalltalk]
    assert {label for q in in_scope for label in q.labels} >= {
        "calc:rank", "calc:part_max", "calc:option", "calc:minimum"}
    assert any(q.language == "en" for q in in_scope)
    topics_asked = {e.topic for e in entries if any(e.id in q.entry_ids for q in in_scope)}
    assert topics_asked == {e.topic for e in entries}


# Every set is development data once evaluated: slightly below the figures measured with
# bench/bench_faq.py --questions, so that a regression fails.
# direct right, precision, out of scope declined, small talk right, of the rules alone (the
# question memory of round 15 holds every set; test_faq_memory.py measures it on a set it
# leaves out). Round 10 tuned on every set
# evaluated before fresh7 (fresh7's blind figures after it: 0.920, 0.962, 0.889 on 355
# questions; 0.909, 0.956, 0.884 on the 314 left after removing repeats; fresh8's after it and
# fresh7's rules: 0.916, 0.939, 0.929 on 339; 0.903, 0.929, 0.925 on the 292 left;
# fresh9's blind figures at a107400: 0.872, 0.946, 0.897 on 330; 0.863, 0.942, 0.889 on the 300
# left; fresh10's at f8c04c8: 0.936, 0.967, 0.944 on 327; 0.932, 0.963, 0.941 on the 285 left;
# fresh11's at cccbe27: 0.919, 0.943, 0.865 on 318; 0.901, 0.930, 0.861 on the 262 left.
# Round 11: fresh12's at 7f309a0: 0.884, 0.942, 0.868 on 324; 0.881, 0.940, 0.865 on the 312
# left; fresh13's at 7f309a0: 0.864, 0.907, 0.868 on 320; 0.860, 0.905, 0.853 on the 306 left;
# fresh14's at a141637: 0.876, 0.938, 0.895 on 323; 0.873, 0.938, 0.919 on the 302 left;
# fresh15's at 31ba744: 0.785, 0.908, 0.921 on 323; 0.783, 0.909, 0.921 on the 313 left.
# Round 12: fresh16's at 5830cfd: 0.827, 0.900, 0.789 on 320; 0.821, 0.896, 0.789 on the 308
# left; fresh17's at 5830cfd: 0.794, 0.885, 0.947 on 320; 0.792, 0.884, 0.947 on the 317 left;
# fresh18's at a69bc3d: 0.890, 0.934, 0.921 on 320; 0.885, 0.932, 0.914 on the 305 left.
# Round 13: fresh19's at b730d00: 0.879, 0.956, 0.974 on 320; 0.875, 0.954, 0.973 on the 308
# left; fresh20's at 3015c82: 0.845, 0.920, 0.789 on 320; 0.842, 0.918, 0.784 on the 313 left;
# fresh21's at 3015c82: 0.821, 0.915, 0.947 on 322; 0.819, 0.913, 0.947 on the 317 left;
# fresh22's at 1f6f361, the round's end: 0.855, 0.922, 0.921 on 324; 0.847, 0.917, 0.919 on
# the 306 left.
# Round 14: fresh24's at 3c3db17: 0.859, 0.920, 0.895 on 317; 0.855, 0.918, 0.892 on the 309
# left; fresh23's at e611ca7, the round's end: 0.871, 0.948, 0.974 on 320; 0.867, 0.946, 0.973
# on the 308 left; fresh25's at e611ca7: 0.775, 0.882, 0.921 on 319; 0.768, 0.878, 0.917 on
# the 308 left. Round 15: fresh26's and fresh27's at 6bd83a0, the round's start (the rules
# alone, unchanged since): 0.811, 0.890, 0.925 and 0.923, 0.977, 0.974 on 320; 0.808, 0.888 and
# 0.919, 0.975 on the 310 and 301 left; fresh28's and fresh29's at 6bd83a0: 0.835, 0.923, 0.947
# and 0.875, 0.937, 0.947 on 321 and 320; 0.830, 0.921 and 0.868, 0.933, 0.943 on the 306 and
# 295 left; fresh30's and fresh31's at 6bd83a0: 0.868, 0.952, 0.947 and 0.850, 0.924, 0.947 on
# 320 and 321; 0.866, 0.951, 0.946 and 0.846, 0.922, 0.947 on the 313 and 310 left. Round 16:
# fresh32's and fresh33's rules alone (unchanged since round 15): 0.850, 0.924, 0.947 and 0.885,
# 0.941, 0.947 on 321 and 318; 0.842, 0.920, 0.946 and 0.873, 0.934, 0.946 on the 302 and 286
# left once repeats and copies of entries' questions were removed; fresh34's and fresh35's:
# 0.925, 0.965, 0.947 and 0.901, 0.943, 0.842 on 316 and 322; 0.915, 0.960, 0.946 and 0.899,
# 0.941, 0.838 on the 277 and 308 left; fresh36's and fresh37's (after round 16's word rules):
# 0.857, 0.921, 0.974 and 0.868, 0.963, 0.947 on 321 and 320; 0.854, 0.919, 0.972 and 0.859,
# 0.961, 0.941 on the 309 and 294 left.)
GATES = {FRESH: (0.97, 0.98, 0.99, 1.0), FRESH2: (0.98, 0.98, 0.99, 1.0),
         FRESH3: (0.91, 0.96, 0.99, 1.0), FRESH4: (0.90, 0.95, 0.99, 1.0),
         FRESH5: (0.97, 0.98, 0.99, 1.0), FRESH6: (0.94, 0.96, 0.99, 1.0),
         FRESH7: (0.93, 0.96, 0.99, 1.0), FRESH8: (0.92, 0.94, 0.99, 0.7),
         FRESH9: (0.85, 0.93, 0.99, 1.0),
         FRESH10: (0.92, 0.95, 0.99, 1.0),
         FRESH11: (0.92, 0.95, 0.9, 0.9), FRESH12: (0.94, 0.96, 0.97, 0.9),
         FRESH13: (0.92, 0.94, 0.97, 0.7), FRESH14: (0.94, 0.95, 0.99, 0.8),
         FRESH15: (0.83, 0.93, 0.99, 0.9), FRESH16: (0.86, 0.92, 0.97, 0.8),
         FRESH17: (0.83, 0.89, 0.99, 0.7), FRESH18: (0.88, 0.93, 0.91, 0.9),
         FRESH19: (0.92, 0.97, 0.97, 0.9), FRESH20: (0.89, 0.95, 0.83, 0.9),
         FRESH21: (0.87, 0.94, 0.97, 0.8), FRESH22: (0.88, 0.93, 0.94, 0.5),
         FRESH23: (0.86, 0.94, 0.97, 0.6), FRESH24: (0.89, 0.94, 0.94, 0.5),
         FRESH25: (0.76, 0.87, 0.91, 0.4), FRESH26: (0.80, 0.88, 0.92, 0.9),
         FRESH27: (0.91, 0.97, 0.97, 0.8), FRESH28: (0.82, 0.91, 0.94, 0.6),
         FRESH29: (0.86, 0.93, 0.94, 0.9), FRESH30: (0.86, 0.94, 0.94, 0.7),
         FRESH31: (0.84, 0.91, 0.94, 0.6), FRESH32: (0.83, 0.91, 0.94, 0.6),
         FRESH33: (0.86, 0.93, 0.94, 0.9), FRESH34: (0.90, 0.95, 0.94, 0.3),
         FRESH35: (0.88, 0.93, 0.83, 0.9), FRESH36: (0.84, 0.91, 0.97, 0.6),
         FRESH37: (0.85, 0.95, 0.94, 0.9)}


@pytest.fixture(scope="module")
def rules() -> FaqEngine:
    """The engine without the question memory, which holds every set: the rules' figures."""
    return FaqEngine(load_entries(), official_sheets())


@BLIND_SETS
def test_the_figures_on_a_blind_set_hold(path: Path, rules: FaqEngine) -> None:
    m = evaluate_user(load_questions(path), rules.respond, lambda _: [])
    direct, precision, declined, talk = GATES[path]
    assert m.direct_rate >= direct
    assert m.precision >= precision
    assert m.oos_declined >= declined
    assert m.smalltalk_right >= talk * m.smalltalk
