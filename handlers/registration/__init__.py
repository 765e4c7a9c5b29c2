"""/dangky (/register) and /trangthai (/status): register a product, follow its status.

Modules: `buttons` (the data of every button), `fields` (Mẫu 01's steps and checks), `views`
(prompts and keyboards), `form` (showing and saving the draft), `entry` (typed text: the draft
form), `presses` (what each button does), `review` (submission, the officers' decisions and the
notes and answers typed after them), `status` (/trangthai).
"""

from __future__ import annotations

from telegram.ext import CommandHandler, MessageHandler, filters

from core.buttons import on_press
from core.context import App
from core.dialogs import InDialog
from core.i18n import N_
from handlers.main_menu import main_menu
from handlers.registration import buttons, entry, presses, review
from handlers.registration.form import FLOW, start_registration
from handlers.registration.status import show_status


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["dangky", "register"], start_registration))
    app.add_handler(CommandHandler(["trangthai", "status"], show_status))
    # The form's buttons, then the officers' decisions and the producer's reply to them.
    for handler in (
        on_press(buttons.Consent, presses.on_consent),
        on_press(buttons.FromAssessment, presses.on_from_assessment),
        on_press(buttons.ConsentFrom, presses.on_consent_from),
        on_press(buttons.SwitchTo, presses.on_switch_to),
        on_press(buttons.Resume, presses.on_resume),
        on_press(buttons.Reuse, presses.on_reuse),
        on_press(buttons.Afresh, presses.on_afresh),
        on_press(buttons.OrgType, presses.on_org_type),
        on_press(buttons.Kind, presses.on_kind),
        on_press(buttons.Province, presses.on_province),
        on_press(buttons.Commune, presses.on_commune),
        on_press(buttons.Sheet, presses.on_sheet),
        on_press(buttons.Stars, presses.on_stars),
        on_press(buttons.Skip, presses.on_skip),
        on_press(buttons.Attach, presses.on_attach),
        on_press(buttons.Edit, presses.on_edit),
        on_press(buttons.Submit, presses.on_submit),
        on_press(buttons.Accept, presses.on_accept),
        on_press(buttons.AskInfo, presses.on_ask_info),
        on_press(buttons.Reject, presses.on_reject),
        on_press(buttons.Reply, presses.on_reply),
    ):
        app.add_handler(handler)
    # Typed text and contacts, each to the flow that owns the sender's dialog.
    app.add_handler(MessageHandler(filters.CONTACT & InDialog(app, FLOW), entry.on_contact))
    app.add_handler(MessageHandler(private_text & InDialog(app, FLOW), entry.FORM.on_text))
    app.add_handler(MessageHandler(private_text & InDialog(app, review.NOTE_FLOW),
                                   review.NOTE_FORM.on_text))
    app.add_handler(MessageHandler(private_text & InDialog(app, review.REPLY_FLOW),
                                   review.REPLY_FORM.on_text))
    app.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & (filters.PHOTO | filters.Document.ALL)
        & InDialog(app, review.REPLY_FLOW), review.on_reply_media))
    main_menu(app).add(N_("📝 Register a product"), start_registration)
