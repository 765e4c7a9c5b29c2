"""/dangky (/register) and /trangthai (/status): register a product, follow its status."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.commands import N_
from core.dialogs import InDialog
from handlers.menu import main_menu
from handlers.registration import entry, review
from handlers.registration.form import FLOW, start_registration
from handlers.registration.router import on_press
from handlers.registration.status import show_status
from handlers.registration.views import PREFIX


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
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
