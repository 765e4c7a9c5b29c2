"""The data of every training button, one kind per verb (`tr:verb:fields`).

The strings are those of the buttons already sent (announcements keep their RSVP buttons for
weeks), so neither a prefix nor the order of the fields may change. The RSVP buttons under an
announcement (Attend, Decline) are in core.trainings, which announcements/ imports too.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.buttons import ButtonData

# People and officers: /lophoc and the announcements ---------------------------------------


@dataclass(frozen=True)
class Export(ButtonData, prefix="tr:xl"):
    """📤 Excel: the attendees of a training the officer manages."""

    training_id: int


@dataclass(frozen=True)
class AskCancel(ButtonData, prefix="tr:cx"):
    """🚫 Cancel the training (asks for a confirmation)."""

    training_id: int


@dataclass(frozen=True)
class ConfirmCancel(ButtonData, prefix="tr:cy"):
    """🚫 Yes, cancel it."""

    training_id: int


@dataclass(frozen=True)
class KeepTraining(ButtonData, prefix="tr:ck"):
    """⬅️ Don't cancel: the training stays as it was."""

    training_id: int


@dataclass(frozen=True)
class ShowAttendees(ButtonData, prefix="tr:ls"):
    """👥 Attendees: who answered a training the officer manages, in the chat."""

    training_id: int


@dataclass(frozen=True)
class NewTraining(ButtonData, prefix="tr:new"):
    """➕ Create a training."""


# The creation form: each button belongs to one step ----------------------------------------


@dataclass(frozen=True)
class PickProvince(ButtonData, prefix="tr:p"):
    """A province found by the name an admin typed."""

    code: int


@dataclass(frozen=True)
class ToggleTopic(ButtonData, prefix="tr:t"):
    """Tick or untick a standard topic (numbered from 1)."""

    number: int


@dataclass(frozen=True)
class TopicsDone(ButtonData, prefix="tr:tn"):
    """Continue after the topics."""


@dataclass(frozen=True)
class PickAudience(ButtonData, prefix="tr:a"):
    """An audience, by its index in `Audience`."""

    index: int


@dataclass(frozen=True)
class AddClass(ButtonData, prefix="tr:k"):
    """➕ Add a class."""


@dataclass(frozen=True)
class RemoveClass(ButtonData, prefix="tr:kr"):
    """🗑 Remove a class of the draft."""

    class_id: int


@dataclass(frozen=True)
class ClassesDone(ButtonData, prefix="tr:kn"):
    """Continue after the classes."""


@dataclass(frozen=True)
class PickCommune(ButtonData, prefix="tr:w"):
    """A commune found by its typed name, for the class being set up."""

    code: int


@dataclass(frozen=True)
class CommunesDone(ButtonData, prefix="tr:wd"):
    """Done with the communes of the class being set up."""


@dataclass(frozen=True)
class EditPart(ButtonData, prefix="tr:e"):
    """✏️ Change a part from the summary, by its index in `views.EDITABLE`."""

    index: int


@dataclass(frozen=True)
class Announce(ButtonData, prefix="tr:go"):
    """📣 Announce the draft."""


@dataclass(frozen=True)
class Discard(ButtonData, prefix="tr:dd"):
    """🗑 Discard the draft (at any step)."""
