"""Forms filled in one step at a time, whose answers live in SQLite: drafts.

Why not PTB's `ConversationHandler` with persistence: PTB writes persistence on an interval
(`update_interval`, 60 s by default) and at a clean shutdown, so a kill -9 would lose every answer
typed since the last flush, and the state would disagree with what the user last saw. Here each
answer is written to the draft's row when it comes, inside the handler, and the dialogs table
(storage/dialogs.py, mirrored in memory for PTB's synchronous filters) says which form owns the
user's next text. A draft's `step` names the question on screen; `edit:STEP` means that step is
being changed from the summary, which the form shows again afterwards.

A feature describes its form once with `DraftForm`: how to load the user's open draft (checking
owner, status and rights), the step of a draft, and which steps take typed text. The form then
answers typed text, and buttons call `require()`, which raises `StaleButton` when the draft is gone.

A question typed at a step that takes only buttons ("phần C tối đa bao nhiêu điểm?") is answered
by the hook the FAQ registers with `answer_side_questions_with`, and then the form shows its
step again (`show_step`) instead of asking the user to press a button.

A sticker, photo or location that no handler of the form takes reaches the bot's fallback, which
hands it to the form that owns the sender's dialog (`form_of`): the form says what the step needs
and shows the step again, instead of the FAQ's "type your question" and the main menu.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from telegram import Update

from core.buttons import StaleButton
from core.context import OcopContext
from core.i18n import N_

EDIT = "edit:"

D = TypeVar("D")
D_contra = TypeVar("D_contra", contravariant=True)
TextStep = Callable[[Update, OcopContext, D, str], Awaitable[None]]
Loader = Callable[[OcopContext, int, int], Awaitable[D | None]]
# (update, context, typed text) → whether the text was answered as a question.
SideQuestion = Callable[[Update, OcopContext, str], Awaitable[bool]]


class ShowStep(Protocol[D_contra]):
    """Shows a draft's current step with its buttons (a form's `present`)."""

    def __call__(self, update: Update, context: OcopContext, draft: D_contra, /, *,
                 edit: bool) -> Awaitable[None]: ...


# Core cannot import a feature: the FAQ registers its answerer here when it is set up.
_side_questions: list[SideQuestion] = []
# Every form, by its dialog name, so that the fallback can find the one owning a dialog.
_forms: dict[str, DraftForm[object]] = {}

NOT_TEXT = N_("This step needs text or one of the buttons above.")


def form_of(flow: str) -> DraftForm[object] | None:
    """The form whose dialog is `flow`, if one was declared."""
    return _forms.get(flow)


def answer_side_questions_with(answer: SideQuestion) -> None:
    """Let forms answer a question typed at a step that takes only buttons."""
    _side_questions[:] = [answer]


async def answered_as_side_question(update: Update, context: OcopContext, text: str) -> bool:
    """Whether the registered answerer took `text` as a question (False when there is none)."""
    return bool(_side_questions) and await _side_questions[0](update, context, text)


def base_step(step: str | None, first: str = "") -> str:
    """The step a stored step asks, whether it is being filled in or edited."""
    return (step or first).removeprefix(EDIT)


def is_editing(step: str | None) -> bool:
    """Whether the stored step is an edit from the summary."""
    return (step or "").startswith(EDIT)


@dataclass(frozen=True)
class DraftForm(Generic[D]):
    """One form: its dialog name, how to load its draft, and the steps that take typed text."""

    flow: str
    load: Loader[D]  # (context, draft id, user id) → the draft if still open and theirs
    step_of: Callable[[D], str | None]
    text_steps: Mapping[str, TextStep[D]]
    gone: str  # msgid: what to say when typed text finds the draft gone
    first_step: str = ""
    show_step: ShowStep[D] | None = None  # shows the step again after a side question
    # msgid per step: what to say when something other than text comes (default NOT_TEXT)
    not_text: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _forms[self.flow] = self  # type: ignore[assignment]

    async def current(self, context: OcopContext, user_id: int) -> D | None:
        """The open draft the user's dialog points at, if any."""
        dialog = context.repo.dialogs.current(user_id)
        if dialog is None or dialog.flow != self.flow:
            return None
        return await self.load(context, dialog.ref or 0, user_id)

    async def require(self, context: OcopContext, user_id: int) -> D:
        """The open draft, for a button; StaleButton when it has gone."""
        draft = await self.current(context, user_id)
        if draft is None:
            raise StaleButton(self.flow)
        return draft

    def step(self, draft: D) -> str:
        """The step the draft asks now."""
        return base_step(self.step_of(draft), self.first_step)

    async def _open_or_gone(self, update: Update, context: OcopContext) -> D | None:
        """The sender's open draft; None, with the dialog closed and the sender told, when it
        went away (deleted with /dulieu, say): a message is never left unanswered."""
        message, user = update.effective_message, update.effective_user
        assert message is not None and user is not None
        draft = await self.current(context, user.id)
        if draft is None:
            await context.repo.dialogs.clear(user.id)
            await message.reply_text(context.t(self.gone))
        return draft

    async def on_text(self, update: Update, context: OcopContext) -> None:
        """Take typed text as the current step's answer, or say how to go on."""
        message = update.effective_message
        assert message is not None and message.text is not None
        draft = await self._open_or_gone(update, context)
        if draft is None:
            return
        take = self.text_steps.get(self.step(draft))
        if take is not None:
            await take(update, context, draft, message.text)
        elif self.show_step is not None and await answered_as_side_question(
                update, context, message.text):
            await self.show_step(update, context, draft, edit=False)
        else:
            await message.reply_text(context.t("Please use the buttons above."))

    async def on_other(self, update: Update, context: OcopContext) -> None:
        """A sticker, photo or location mid-form: say what the step needs, then show it again."""
        message = update.effective_message
        assert message is not None
        draft = await self._open_or_gone(update, context)
        if draft is None:
            return
        await message.reply_text(context.t(self.not_text.get(self.step(draft), NOT_TEXT)))
        if self.show_step is not None:
            await self.show_step(update, context, draft, edit=False)
