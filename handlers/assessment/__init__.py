"""/danhgia (/assess): self-assess a product against its official criteria sheet."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.commands import N_
from core.dialogs import InDialog
from handlers.assessment.callbacks import PATTERN
from handlers.assessment.entry import start_assessment
from handlers.assessment.router import on_press, on_text
from handlers.assessment.session import FLOW
from handlers.menu import main_menu


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    typed = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & InDialog(app, FLOW)
    app.add_handler(CommandHandler(["danhgia", "assess"], start_assessment))
    app.add_handler(CallbackQueryHandler(on_press, pattern=PATTERN))
    app.add_handler(MessageHandler(typed, on_text))
    main_menu(app).add(N_("📋 Self-assessment"), start_assessment)
