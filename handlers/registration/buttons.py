"""The registration's buttons: the form's choices, the officers' decisions, the producer's reply.

Their data (`rg:VERB[:VALUE]`) is what messages already sent carry: keep it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.buttons import ButtonData


@dataclass(frozen=True)
class Consent(ButtonData, prefix="rg:c"):
    agreed: bool


@dataclass(frozen=True)
class OrgType(ButtonData, prefix="rg:t"):
    index: int  # into ORG_TYPES; one past its end is "without business registration"


@dataclass(frozen=True)
class Kind(ButtonData, prefix="rg:k"):
    index: int  # into KINDS


@dataclass(frozen=True)
class Province(ButtonData, prefix="rg:p"):
    code: int


@dataclass(frozen=True)
class Commune(ButtonData, prefix="rg:w"):
    code: int


@dataclass(frozen=True)
class Sheet(ButtonData, prefix="rg:s"):
    number: int


@dataclass(frozen=True)
class Stars(ButtonData, prefix="rg:st"):
    stars: int


@dataclass(frozen=True)
class Skip(ButtonData, prefix="rg:sk"):
    """Leave the optional email, or attach no self-assessment."""


@dataclass(frozen=True)
class Attach(ButtonData, prefix="rg:a"):
    assessment_id: int


@dataclass(frozen=True)
class Edit(ButtonData, prefix="rg:e"):
    index: int  # into STEPS


@dataclass(frozen=True)
class Submit(ButtonData, prefix="rg:go"):
    """Send the finished draft to the officers."""


@dataclass(frozen=True)
class Accept(ButtonData, prefix="rg:ok"):
    registration_id: int


@dataclass(frozen=True)
class AskInfo(ButtonData, prefix="rg:in"):
    registration_id: int


@dataclass(frozen=True)
class Reject(ButtonData, prefix="rg:no"):
    registration_id: int


@dataclass(frozen=True)
class Reply(ButtonData, prefix="rg:rp"):
    registration_id: int


@dataclass(frozen=True)
class Reuse(ButtonData, prefix="rg:ru"):
    """♻️ Take the organisation, representative, phone and place of an earlier registration."""

    registration_id: int


@dataclass(frozen=True)
class Afresh(ButtonData, prefix="rg:af"):
    """✍️ Start the new registration from an empty form."""


@dataclass(frozen=True)
class FromAssessment(ButtonData, prefix="rg:fa"):
    """📝 Register the product of this completed self-assessment (under its result)."""

    assessment_id: int


@dataclass(frozen=True)
class ConsentFrom(ButtonData, prefix="rg:cf"):
    """✅ Agree, then register the product of this self-assessment."""

    assessment_id: int


@dataclass(frozen=True)
class SwitchTo(ButtonData, prefix="rg:fs"):
    """Put this self-assessment's product into the draft that held another product."""

    assessment_id: int


@dataclass(frozen=True)
class Resume(ButtonData, prefix="rg:rs"):
    """▶️ Go on with the draft as it is."""
