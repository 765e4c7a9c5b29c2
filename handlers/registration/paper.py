"""The filled Mẫu 01 registration form, sent to the producer as a Word file after submitting.

The form is printed, signed and filed at the commune; the bot fills in what the producer told it.
Building the file takes about a second, so it runs in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from telegram import InputFile
from telegram.error import TelegramError

from core.context import OcopContext
from reports.document import document_filename
from reports.registration_form import registration_form, registration_form_docx
from storage.registrations import Registration

log = logging.getLogger(__name__)


async def send_registration_form(context: OcopContext, registration: Registration) -> None:
    """Send Mẫu 01 filled from `registration` to its producer (their private chat).

    A failure is logged: the submission stands, and the officers are notified all the same.
    """
    if registration.user_id is None:
        return
    sheet = context.services.sheets.get(registration.sheet) if registration.sheet else None
    form = registration_form(registration, sheet)
    when = datetime.fromisoformat(registration.submitted_at or registration.updated_at)
    name = document_filename("phieu-dang-ky-ocop", registration.sheet,
                             registration.product_name, when, "docx")
    caption = context.t(
        "📝 Your registration form, Form 01 (Mẫu 01), filled in with what you told me. "
        "Print it, complete any dotted line, sign it and file it at your commune with your "
        "dossier.")
    try:
        data = await asyncio.to_thread(registration_form_docx, form)
        await context.bot.send_document(registration.user_id, InputFile(data, filename=name),
                                        caption=caption)
    except TelegramError:
        log.exception("Could not send the Mẫu 01 form of registration #%s", registration.id)
