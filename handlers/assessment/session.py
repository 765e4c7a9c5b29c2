"""One assessment as the handlers see it: its stored record, sheet, conditions and answers."""

from __future__ import annotations

from dataclasses import dataclass

from core.context import OcopContext
from knowledge.criteria.eligibility import Condition, conditions_for
from knowledge.criteria.model import Criterion, Sheet
from storage.assessments import AssessmentRecord

FLOW = "assessment"  # the dialog that gives a user's typed text to this flow
PICK = "pick"  # its dialog step while choosing a group or typing a product (no assessment yet)
ORGANISATION = "organisation"  # asking the organisation once; the dialog's ref is the sheet


@dataclass(frozen=True, slots=True)
class Session:
    record: AssessmentRecord
    sheet: Sheet
    conditions: tuple[Condition, ...]

    @property
    def aid(self) -> int:
        return self.record.id

    @property
    def count(self) -> int:
        return len(self.sheet.criteria)

    @property
    def question(self) -> Criterion:
        """The criterion at the stored position (while answering)."""
        return self.sheet.criteria[self.record.position]


async def load_session(context: OcopContext, aid: int, user_id: int) -> Session | None:
    """The user's own assessment `aid`, or None if it is not theirs."""
    record = await context.repo.assessments.get(aid)
    if record is None or record.user_id != user_id:
        return None
    sheet = context.services.sheets[record.sheet]
    return Session(record, sheet, conditions_for(sheet, context.services.conditions))


async def reload(context: OcopContext, session: Session) -> Session:
    """The same session with its record read again after a change."""
    fresh = await load_session(context, session.aid, session.record.user_id)
    assert fresh is not None
    return fresh
