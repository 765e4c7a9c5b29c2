"""The self-assessment's pure parts: its button kinds and the order of questions."""

from __future__ import annotations

import inspect
import re

import pytest

from core.buttons import ButtonData, StaleButton
from handlers.assessment import buttons
from handlers.assessment.decide import next_unanswered
from tests.support.sheets import official_sheets

KINDS = [k for _, k in inspect.getmembers(buttons, inspect.isclass)
         if issubclass(k, ButtonData) and k is not ButtonData]
SHEET = official_sheets()[1]


@pytest.mark.parametrize(("press", "data"), [
    (buttons.ShowGroups(), "as:grp"), (buttons.PickGroup(2), "as:g:2"),
    (buttons.PickSheet(11), "as:s:11"), (buttons.Continue(7), "as:cont:7"),
    (buttons.StartOver(), "as:new"), (buttons.SkipName(7), "as:skip:7"),
    (buttons.AnswerCondition(7, 2, True), "as:e:7:2:1"),
    (buttons.AnswerQuestion(7, 3, 0), "as:q:7:3:0"), (buttons.GoBack(7, 3), "as:b:7:3"),
    (buttons.Pause(7), "as:p:7"), (buttons.ChangeAnswer(7, 12), "as:c:7:12"),
    (buttons.Finish(7), "as:f:7"), (buttons.Reopen(7), "rs:o:7"), (buttons.Compare(7), "rs:c:7"),
])
def test_each_kind_packs_to_its_documented_data_and_only_it_matches(
        press: ButtonData, data: str) -> None:
    assert press.pack() == data
    assert [k for k in KINDS if re.fullmatch(k.pattern(), data)] == [type(press)]
    assert type(press).unpack(data) == press


@pytest.mark.parametrize("data", ["as:7:q:3:0", "as:7:skip", "as:7:e:2:1", "as:7:p",
                                  "as:7:rv", "as:q:7:3", "as:q:7:3:0:1", "as:g:²"])
def test_data_of_the_old_layout_or_forged_matches_no_kind(data: str) -> None:
    assert not [k for k in KINDS if re.fullmatch(k.pattern(), data)]
    with pytest.raises(StaleButton):
        buttons.AnswerQuestion.unpack(data)


def test_next_unanswered_looks_ahead_then_wraps_around() -> None:
    codes = [c.code for c in SHEET.criteria]
    assert next_unanswered(SHEET, {}, 0) == 1
    assert next_unanswered(SHEET, {codes[1]: 0, codes[2]: 0}, 0) == 3
    assert next_unanswered(SHEET, {c: 0 for c in codes[1:]}, 5) == 0
    assert next_unanswered(SHEET, {c: 0 for c in codes}, len(codes) - 1) is None
    assert next_unanswered(SHEET, {c: 0 for c in codes if c != codes[4]}, 4) == 4
