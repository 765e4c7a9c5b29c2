"""Eligibility questions asked before a sheet's criteria, derived from its disqualifiers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.criteria.model import Sheet

ELIGIBILITY_FILE = Path(__file__).with_name("eligibility.yaml")


@dataclass(frozen=True, slots=True)
class Condition:
    """One yes/no condition: "yes" meets it, "no" gets the dossier rejected."""

    id: str
    match: tuple[str, ...]
    question: dict[str, str]
    advice: dict[str, str]

    def applies_to(self, disqualifier: str) -> bool:
        text = _fold_case(disqualifier)
        return any(_fold_case(phrase) in text for phrase in self.match)


def _fold_case(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def load_conditions(path: Path = ELIGIBILITY_FILE) -> tuple[Condition, ...]:
    """Read the conditions file."""
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return tuple(
        Condition(
            id=item["id"],
            match=tuple(item["match"]),
            question={"vi": item["question_vi"], "en": item["question_en"]},
            advice={"vi": item["advice_vi"], "en": item["advice_en"]},
        )
        for item in raw
    )


def conditions_for(sheet: Sheet, conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The conditions named by the sheet's disqualifiers, in the file's order."""
    return tuple(c for c in conditions if any(c.applies_to(d) for d in sheet.disqualifiers))


def disqualifier_for(sheet: Sheet, condition: Condition) -> str:
    """The sheet's printed disqualifier that a failed condition falls under."""
    return next(d for d in sheet.disqualifiers if condition.applies_to(d))
