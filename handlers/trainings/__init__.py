"""Trainings: officers create and announce them, people RSVP in /lophoc, reminders follow."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.context import App
from core.dialogs import InDialog
from core.i18n import N_
from handlers.main_menu import main_menu
from handlers.trainings.announce import rsvp_markup
from handlers.trainings.common import FLOW, PREFIX
from handlers.trainings.create import on_text, start_creation
from handlers.trainings.listing import show_trainings
from handlers.trainings.reminders import reschedule_reminders, send_due_reminders
from handlers.trainings.router import on_press

__all__ = ["register", "reschedule_reminders", "rsvp_markup", "send_due_reminders",
           "show_trainings", "start_creation"]


def register(app: App) -> None:
    """Add /lophoc, the creation flow's text, the `tr:` buttons and the menu button."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["lophoc", "trainings"], show_trainings))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    app.add_handler(MessageHandler(private_text & InDialog(app, FLOW), on_text))
    main_menu(app).add(N_("🎓 Trainings"), show_trainings)
