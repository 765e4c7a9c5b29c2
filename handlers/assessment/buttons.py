"""What each assessment button carries (see core/buttons.py for the codec).

The verb comes right after `as:`, before the assessment id: `as:q:AID:POS:OPT`. Before the codec
the id came first (`as:AID:q:POS:OPT`); buttons of messages sent before that change no longer
match any kind and get the stale-button notice, like any finished step.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.buttons import ButtonData

# --- choosing what to assess: no assessment is open yet, or one is offered to continue ---------


@dataclass(frozen=True)
class ShowGroups(ButtonData, prefix="as:grp"):
    """⬅️ Back from the sheets to the product groups."""


@dataclass(frozen=True)
class PickGroup(ButtonData, prefix="as:g"):
    index: int  # 0-based, in PRODUCT_GROUPS


@dataclass(frozen=True)
class PickSheet(ButtonData, prefix="as:s"):
    number: int  # the sheet's number in the decree


@dataclass(frozen=True)
class Continue(ButtonData, prefix="as:cont"):
    aid: int


@dataclass(frozen=True)
class StartOver(ButtonData, prefix="as:new"):
    """Set the unfinished assessment aside."""


@dataclass(frozen=True)
class SkipOrganisation(ButtonData, prefix="as:so"):
    """Skip ➡️ at the organisation question, asked once before the first assessment."""

    sheet: int  # the sheet chosen, assessed once the question is answered


# --- inside one assessment: positions are 0-based, checked against the stored position ---------


@dataclass(frozen=True)
class SkipName(ButtonData, prefix="as:skip"):
    aid: int


@dataclass(frozen=True)
class AnswerCondition(ButtonData, prefix="as:e"):
    aid: int
    position: int
    met: bool


@dataclass(frozen=True)
class ConditionBack(ButtonData, prefix="as:eb"):
    """⬅️ Back from a condition: the one before it, or the product name from the first."""

    aid: int
    position: int


@dataclass(frozen=True)
class ScoreAnyway(ButtonData, prefix="as:any"):
    """After a "no": go on scoring, for reference, though the dossier would be rejected."""

    aid: int


@dataclass(frozen=True)
class AnswerQuestion(ButtonData, prefix="as:q"):
    aid: int
    position: int
    option: int  # 0-based


@dataclass(frozen=True)
class GoBack(ButtonData, prefix="as:b"):
    aid: int
    position: int  # the question shown when it was pressed


@dataclass(frozen=True)
class Pause(ButtonData, prefix="as:p"):
    aid: int


@dataclass(frozen=True)
class ChangeAnswer(ButtonData, prefix="as:c"):
    aid: int
    position: int


@dataclass(frozen=True)
class ReviewPage(ButtonData, prefix="as:rp"):
    aid: int
    page: int  # 0-based


@dataclass(frozen=True)
class Finish(ButtonData, prefix="as:f"):
    aid: int


# --- /ketqua: finished assessments (data unchanged since before the codec) ---------------------


@dataclass(frozen=True)
class Reopen(ButtonData, prefix="rs:o"):
    aid: int


@dataclass(frozen=True)
class Compare(ButtonData, prefix="rs:c"):
    aid: int


@dataclass(frozen=True)
class ShowPlan(ButtonData, prefix="rs:p"):
    """One of a result's plans, by its target rank."""

    aid: int
    target: int


@dataclass(frozen=True)
class ResendFiles(ButtonData, prefix="rs:f"):
    """A reopened result: its chart, Word and PDF files again."""

    aid: int
