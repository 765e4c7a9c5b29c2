"""Training buttons keep the data of the messages already sent; the form's order of steps."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from core.buttons import ButtonData
from core.trainings import Attend, Decline
from handlers.trainings import buttons
from handlers.trainings.common import VIETNAM, parse_moment
from handlers.trainings.create import next_step

# Every kind with the data string its buttons carried before the codec existed.
LEGACY: list[tuple[ButtonData, str]] = [
    (Attend(12, 0), "tr:y:12:0"), (Attend(12, 7), "tr:y:12:7"),
    (Decline(12), "tr:n:12"), (buttons.Export(12), "tr:xl:12"),
    (buttons.AskCancel(12), "tr:cx:12"), (buttons.ConfirmCancel(12), "tr:cy:12"),
    (buttons.NewTraining(), "tr:new"), (buttons.PickProvince(14), "tr:p:14"),
    (buttons.ToggleTopic(3), "tr:t:3"), (buttons.TopicsDone(), "tr:tn"),
    (buttons.PickAudience(0), "tr:a:0"), (buttons.AddClass(), "tr:k"),
    (buttons.RemoveClass(5), "tr:kr:5"), (buttons.ClassesDone(), "tr:kn"),
    (buttons.PickCommune(4045), "tr:w:4045"), (buttons.CommunesDone(), "tr:wd"),
    (buttons.EditPart(2), "tr:e:2"), (buttons.Announce(), "tr:go"), (buttons.Discard(), "tr:dd"),
]


@pytest.mark.parametrize(("data", "packed"), LEGACY)
def test_data_strings_are_those_already_sent(data: ButtonData, packed: str) -> None:
    assert data.pack() == packed
    assert type(data).unpack(packed) == data


@pytest.mark.parametrize(("data", "packed"), LEGACY)
def test_each_string_is_routed_to_exactly_one_kind(data: ButtonData, packed: str) -> None:
    kinds = {type(d) for d, _ in LEGACY}
    matching = [kind for kind in kinds if re.fullmatch(kind.pattern(), packed)]
    assert matching == [type(data)]


@pytest.mark.parametrize(("step", "following"), [
    ("province", "title"), ("title", "topics"), ("audience", "classes"), ("classes", "summary"),
    ("class_capacity", "summary"), ("edit:starts", "edit:ends"), ("edit:ends", "summary"),
    ("edit:venue", "summary"),
])
def test_next_step_follows_the_form_and_returns_to_the_summary(step: str, following: str
                                                               ) -> None:
    assert next_step(step) == following


def test_moments_take_ascii_digits_only() -> None:
    assert parse_moment(" 15/12/2026 08h00 ") == datetime(2026, 12, 15, 8, 0, tzinfo=VIETNAM)
    assert parse_moment("١٥/١٢/٢٠٢٦ ٠٨:٠٠") is None
    assert parse_moment("31/02/2026 08:00") is None
