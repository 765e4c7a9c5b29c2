"""Trainings: officers create and announce them, people RSVP in /lophoc, reminders follow.

A press travels: its kind in buttons.py → the callback registered for it below → storage.
"""

from __future__ import annotations

from telegram.ext import CommandHandler, MessageHandler, filters

from core.buttons import on_press
from core.context import App
from core.dialogs import InDialog
from core.i18n import N_
from core.trainings import Attend, Decline
from handlers.main_menu import main_menu
from handlers.trainings import buttons, home, listing, rsvp, steps
from handlers.trainings.common import FLOW
from handlers.trainings.create import FORM, new_training, start_creation
from handlers.trainings.listing import show_trainings
from handlers.trainings.reminders import reschedule_reminders, send_due_reminders

__all__ = ["register", "reschedule_reminders", "send_due_reminders",
           "show_trainings", "start_creation"]


def register(app: App) -> None:
    """Add /lophoc, the `tr:` buttons, the creation form's text and the menu button."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["lophoc", "trainings"], show_trainings))
    # Answers to a training, from its announcement or /lophoc.
    app.add_handler(on_press(Attend, rsvp.attend))
    app.add_handler(on_press(Decline, rsvp.decline))
    # Officers managing a training in /lophoc.
    app.add_handler(on_press(buttons.Export, listing.export))
    app.add_handler(on_press(buttons.AskCancel, listing.ask_cancel))
    app.add_handler(on_press(buttons.ConfirmCancel, listing.cancel))
    app.add_handler(on_press(buttons.KeepTraining, listing.keep))
    app.add_handler(on_press(buttons.ShowAttendees, listing.show_attendees))
    # The creation form: its buttons, then its typed answers.
    app.add_handler(on_press(buttons.NewTraining, new_training))
    app.add_handler(on_press(buttons.PickProvince, steps.pick_province))
    app.add_handler(on_press(buttons.ToggleTopic, steps.toggle_topic))
    app.add_handler(on_press(buttons.TopicsDone, steps.topics_done))
    app.add_handler(on_press(buttons.PickAudience, steps.pick_audience))
    app.add_handler(on_press(buttons.AddClass, steps.add_class))
    app.add_handler(on_press(buttons.RemoveClass, steps.remove_class))
    app.add_handler(on_press(buttons.ClassesDone, steps.classes_done))
    app.add_handler(on_press(buttons.PickCommune, steps.pick_commune))
    app.add_handler(on_press(buttons.CommunesDone, steps.communes_done))
    app.add_handler(on_press(buttons.EditPart, steps.edit_part))
    app.add_handler(on_press(buttons.Announce, steps.announce_draft))
    app.add_handler(on_press(buttons.Discard, steps.discard))
    app.add_handler(MessageHandler(private_text & InDialog(app, FLOW), FORM.on_text))
    # The province a person hears of.
    app.add_handler(on_press(home.ChooseHome, home.choose_home))
    app.add_handler(on_press(home.PickHome, home.pick_home))
    app.add_handler(MessageHandler(private_text & InDialog(app, home.HOME_FLOW),
                                   home.FORM.on_text))
    main_menu(app).add(N_("🎓 Trainings"), show_trainings, former=("🎓 Lớp tập huấn",))
