"""Route a user's free text to the flow that owns it (see storage/dialogs.py)."""

from __future__ import annotations

from telegram import Message
from telegram.ext import filters

from core.context import SERVICES_KEY, App, Services


class InDialog(filters.MessageFilter):
    """Matches a message whose sender is in `flow` (at one of `steps`, if given)."""

    def __init__(self, app: App, flow: str,
                 steps: frozenset[str] | None = None) -> None:
        super().__init__(name=f"InDialog({flow})")
        self.app, self.flow, self.steps = app, flow, steps

    def filter(self, message: Message) -> bool:
        if message.from_user is None:
            return False
        services: Services = self.app.bot_data[SERVICES_KEY]
        dialog = services.repo.dialogs.current(message.from_user.id)
        if dialog is None or dialog.flow != self.flow:
            return False
        return self.steps is None or dialog.step in self.steps
