"""/danhgia (/assess): self-assess a product against its official criteria sheet."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.context import App
from core.dialogs import InDialog
from core.i18n import N_
from handlers.assessment.callbacks import PATTERN
from handlers.assessment.entry import start_assessment
from handlers.assessment.router import on_press, on_text
from handlers.assessment.session import FLOW
from handlers.main_menu import main_menu


def register(app: App) -> None:
    typed = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & InDialog(app, FLOW)
    app.add_handler(CommandHandler(["danhgia", "assess"], start_assessment))
    app.add_handler(CallbackQueryHandler(on_press, pattern=PATTERN))
    app.add_handler(MessageHandler(typed, on_text))
    main_menu(app).add(N_("📋 Self-assessment"), start_assessment)
