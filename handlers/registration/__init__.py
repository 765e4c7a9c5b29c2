"""/dangky (/register) and /trangthai (/status): register a product, follow its status."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.context import App
from core.dialogs import InDialog
from core.i18n import N_
from handlers.main_menu import main_menu
from handlers.registration import entry, review
from handlers.registration.form import FLOW, start_registration
from handlers.registration.router import on_press
from handlers.registration.status import show_status
from handlers.registration.views import PREFIX


def register(app: App) -> None:
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["dangky", "register"], start_registration))
    app.add_handler(CommandHandler(["trangthai", "status"], show_status))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    app.add_handler(MessageHandler(filters.CONTACT & InDialog(app, FLOW), entry.on_contact))
    app.add_handler(MessageHandler(private_text & InDialog(app, FLOW), entry.on_text))
    app.add_handler(MessageHandler(private_text & InDialog(app, review.NOTE_FLOW),
                                   review.receive_note))
    app.add_handler(MessageHandler(private_text & InDialog(app, review.REPLY_FLOW),
                                   review.receive_reply))
    main_menu(app).add(N_("📝 Register a product"), start_registration)
