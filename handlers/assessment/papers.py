"""Who the producer is, and the chart, Word and PDF files sent with a result.

Building a Word or PDF file takes a second or more: it runs in a thread, so that other users are
not kept waiting. Every file goes with a caption saying what it is and what to do with it.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Mapping
from datetime import datetime

from telegram import InputFile

from core.context import OcopContext
from core.i18n import Translator
from handlers.assessment.session import Session
from handlers.registration.fields import ORG_TYPES
from knowledge.criteria.planner import Advice, plan_ranks
from reports.chart import score_chart_png
from reports.document import report_filename
from reports.registration_form import registration_form
from reports.self_assessment import AssessmentReport, Producer, assessment_report
from reports.self_assessment_docx import self_assessment_docx
from reports.self_assessment_pdf import self_assessment_pdf
from storage.assessments import AssessmentRecord
from storage.registrations import Registration
from storage.users import UserRecord

MAX_ORGANISATION_NAME = 200
# The language of the forms filed at the commune: an official form is never translated.
FILED_LOCALE = "vi"
SKIP_WORDS = frozenset({"bỏ qua", "bo qua", "skip"})


def is_skip(text: str) -> bool:
    """Whether typed text means "skip" ("Bỏ qua", "bo qua", "Skip"), in any case."""
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold() in SKIP_WORDS


async def _latest_registration(context: OcopContext, user_id: int) -> Registration | None:
    registrations = await context.repo.registrations.for_user(user_id)
    return registrations[0] if registrations else None


async def needs_organisation(context: OcopContext, user_id: int) -> bool:
    """Ask the organisation only once, and never when a registration already names it."""
    user = await context.repo.users.get(user_id)
    if user is not None and user.org_name is not None:
        return False
    latest = await _latest_registration(context, user_id)
    return latest is None or not latest.org_name


async def producer_facts(context: OcopContext, user_id: int
                         ) -> tuple[UserRecord | None, Registration | None]:
    """What Part I of Mẫu 02 is filled from: the user, and their latest registration."""
    return await context.repo.users.get(user_id), await _latest_registration(context, user_id)


def producer_of(t: Translator, user: UserRecord | None, latest: Registration | None) -> Producer:
    """Part I of Mẫu 02: the organisation the user gave, else their latest registration's;
    the organisation type in `t`'s language."""
    own = user.org_name if user is not None and user.org_name else None
    if latest is None:
        return Producer(organisation=own)
    labels = dict(ORG_TYPES)
    kind = t(labels[latest.org_type]) if latest.org_type in labels else None
    return Producer(
        organisation=own or latest.org_name, org_type=kind,
        representative=latest.representative, address=registration_form(latest, None).address,
        phone=latest.phone, email=latest.email)


async def org_type_of(context: OcopContext, user_id: int) -> str | None:
    """The organisation type of the user's latest registration (the planner's caution)."""
    latest = await _latest_registration(context, user_id)
    return latest.org_type if latest is not None else None


async def advice_for(context: OcopContext, session: Session,
                     answers: Mapping[str, int]) -> Advice:
    """The score and the plans to each certified rank above it."""
    org_type = await org_type_of(context, session.record.user_id)
    return plan_ranks(session.sheet, answers, org_type=org_type)


def finished_at(record: AssessmentRecord) -> datetime:
    return record.completed_at or record.updated_at


async def send_papers(context: OcopContext, chat_id: int, session: Session,
                      answers: Mapping[str, int], advice: Advice) -> None:
    """Send the chart, the Mẫu 02 Word file and its PDF, each with a caption.

    The Word file is the form filed at the commune, so it is always in Vietnamese (as Mẫu 01
    is); the chart and the PDF are for reading, in the user's language.
    """
    t, record = context.t, session.record
    product = record.product_name or session.sheet.title
    chart = await asyncio.to_thread(score_chart_png, advice.score, t, product)
    await context.bot.send_photo(chat_id, InputFile(chart, filename=_file_name(
        session, "png", t.locale)), caption=t(
        "📊 The points of “{product}” in each part, against the maximum.", product=product))
    facts = await producer_facts(context, record.user_id)
    filed = context.services.i18n.get(FILED_LOCALE)
    filed_report = _report(session, answers, advice, filed, producer_of(filed, *facts))
    docx = await asyncio.to_thread(self_assessment_docx, filed, filed_report)
    await context.bot.send_document(chat_id, InputFile(docx, filename=_file_name(
        session, "docx", FILED_LOCALE)), caption=_word_caption(t))
    report = filed_report if t.locale == FILED_LOCALE else _report(
        session, answers, advice, t, producer_of(t, *facts))
    pdf = await asyncio.to_thread(self_assessment_pdf, t, report)
    await context.bot.send_document(chat_id, InputFile(pdf, filename=_file_name(
        session, "pdf", t.locale)), caption=t(
        "📄 Your score and every plan to the higher ranks as a PDF, to read on your phone "
        "or share."))


def _file_name(session: Session, extension: str, locale: str) -> str:
    """The file's name in the words of the language it is in (Mẫu 02's Word file: Vietnamese)."""
    record = session.record
    return report_filename(session.sheet.number, record.product_name, finished_at(record),
                           extension, locale)


def _report(session: Session, answers: Mapping[str, int], advice: Advice, t: Translator,
            producer: Producer) -> AssessmentReport:
    record = session.record
    return assessment_report(
        t, sheet=session.sheet, answers=answers, advice=advice, producer=producer,
        product_name=record.product_name, assessed_at=finished_at(record))


def _word_caption(t: Translator) -> str:
    """What the Word file is for; a reader of another language learns why it is Vietnamese."""
    if t.locale == FILED_LOCALE:
        return t("📝 Your self-assessment report (Form 02) as a Word file: check it, complete "
                 "what is missing, print and sign it, and file it with your registration "
                 "dossier.")
    return t("📝 Your self-assessment report, Form 02 (Mẫu 02), as a Word file, in Vietnamese "
             "as it is filed: check it, complete what is missing, print and sign it, and file "
             "it with your registration dossier.")
