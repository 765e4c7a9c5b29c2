"""/huy (/cancel): leave the current flow; whatever was answered stays saved."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from core.context import App, OcopContext
from core.i18n import N_, Translator
from handlers.announcements import FLOW as ANNOUNCEMENT
from handlers.assessment.session import FLOW as ASSESSMENT
from handlers.faq.handoff import FLOW as FAQ_REPLY
from handlers.invitations import FLOW as INVITATION
from handlers.main_menu import menu_keyboard
from handlers.registration.form import FLOW as REGISTRATION
from handlers.registration.review import NOTE_FLOW as DECISION_NOTE
from handlers.registration.review import REPLY_FLOW as PRODUCER_REPLY
from handlers.trainings.common import FLOW as TRAINING
from handlers.trainings.home import HOME_FLOW as HOME_PROVINCE

# Each msgid names its command itself, so that the English catalogue can give the English alias
# (tools/english_commands.py); a command passed as a placeholder would stay Vietnamese.
STOPPED = {
    # Flows whose answers are stored step by step: their command takes them up where they stopped.
    ASSESSMENT: N_("Stopped. Everything you answered is saved: type /danhgia to continue."),
    REGISTRATION: N_("Stopped. Everything you answered is saved: type /dangky to continue."),
    ANNOUNCEMENT: N_("Stopped. Your draft announcement is saved: type /thongbao to continue."),
    TRAINING: N_("Stopped. Your draft training is saved: type /lophoc and press "
                 "“➕ Create a training” to continue."),
    # Flows that wait for one typed answer, so nothing is half done: their command leads back.
    INVITATION: N_("Stopped. Type /moicanbo when you want to come back to it."),
    HOME_PROVINCE: N_("Stopped. Type /lophoc when you want to come back to it."),
    DECISION_NOTE: N_("Stopped. Type /canbo when you want to come back to it."),
    FAQ_REPLY: N_("Stopped. Type /canbo when you want to come back to it."),
    PRODUCER_REPLY: N_("Stopped. To answer the officer later, press “✍️ Reply” under their "
                       "message."),
}


async def cancel(update: Update, context: OcopContext) -> None:
    """Leave the current flow, if any, and show the menu."""
    assert update.effective_message is not None and update.effective_user is not None
    dialogs = context.repo.dialogs
    dialog = dialogs.current(update.effective_user.id)
    if dialog is None:
        text = context.t("There is nothing to cancel. What would you like to do?")
    else:
        await dialogs.clear(update.effective_user.id)
        text = stopped_text(context.t, dialog.flow)
    await update.effective_message.reply_text(text, reply_markup=menu_keyboard(context))


def stopped_text(t: Translator, flow: str) -> str:
    """What /huy says after leaving `flow`: the command (or button) that takes it up again."""
    if flow in STOPPED:
        return t(STOPPED[flow])
    return t("Stopped. Everything you answered is saved: "
             "use the same command again to continue.")


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    app.add_handler(CommandHandler(["huy", "cancel"], cancel))
