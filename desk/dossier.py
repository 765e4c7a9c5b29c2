"""One registration at the desk: every Mẫu 01 field, the attached self-assessment with its
chart, the timeline and message thread; the officers' decisions, the forwarding to the province
and the commune's Mẫu 03.

Decisions go through the chat's own `review.decide`, so the producer is told exactly as when an
officer presses the chat's buttons, and the other officers' copies are edited the same way.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiohttp import web
from markupsafe import Markup

from core.buttons import StaleButton
from core.context import OcopContext
from core.dossier_deadline import deadline_of
from core.i18n import N_, Translator
from core.vietnam_time import vietnam_time, vietnam_today
from desk.access import Staff
from desk.score_chart import BarChart, score_bars
from desk.web import (
    Handler,
    attachment,
    chat_context,
    not_found,
    page,
    refused,
    see_other,
    services,
    signed_in,
    staff_only,
    telegram_user,
    translator,
)
from handlers.registration import review, views
from knowledge.criteria.scoring import score
from knowledge.deadlines import DeadlineState, deadline_state, working_days_left
from knowledge.rounds import Round, next_province_round
from reports import score_line
from reports.commune_report import commune_report_docx
from storage.assessments import AssessmentRecord, AssessmentStatus
from storage.registrations import (
    FORWARDED_EVENT,
    OPEN_STATUSES,
    Registration,
    RegistrationStatus,
)
from storage.repository import Repository

ACTIONS = {
    "accept": RegistrationStatus.ACCEPTED,
    "ask-more": RegistrationStatus.INFO_REQUESTED,
    "reject": RegistrationStatus.REJECTED,
}
DONE = {
    RegistrationStatus.ACCEPTED: N_("✅ Registration #{id} accepted; the producer was told."),
    RegistrationStatus.INFO_REQUESTED: N_("✅ Done; the producer was told."),
    RegistrationStatus.REJECTED: N_("✅ Done; the producer was told."),
}
NOTE_MISSING = {
    RegistrationStatus.INFO_REQUESTED: N_(
        "Please write what is missing: the producer gets your message with the request."),
    RegistrationStatus.REJECTED: N_(
        "Please write the reason: the producer gets it with the decision."),
}
DEADLINE_BADGES = {DeadlineState.ON_TIME: "ok", DeadlineState.NEAR: "near",
                   DeadlineState.OVERDUE: "overdue"}
# The desk's words for a status and for the events of a timeline (the home page's tiles').
STATUS_LABELS: dict[str, str] = {
    RegistrationStatus.SUBMITTED: N_("waiting for the commune"),
    RegistrationStatus.INFO_REQUESTED: N_("more information requested"),
    RegistrationStatus.ACCEPTED: N_("accepted"),
    RegistrationStatus.REJECTED: N_("not accepted"),
    RegistrationStatus.WITHDRAWN: N_("withdrawn"),
}
EVENT_LABELS: dict[str, str] = {**STATUS_LABELS, RegistrationStatus.SUBMITTED: N_("submitted"),
                FORWARDED_EVENT: N_("forwarded to the province")}
STATUS_BADGES = {RegistrationStatus.ACCEPTED: "ok", RegistrationStatus.REJECTED: "overdue",
                 RegistrationStatus.INFO_REQUESTED: "near"}

DossierHandler = Callable[[web.Request, Staff, Registration], Awaitable[web.StreamResponse]]


def add_routes(router: web.UrlDispatcher) -> None:
    """Add this feature's routes."""
    dossier = r"/desk/registrations/{id:\d{1,18}}"  # within SQLite's integers
    router.add_get(dossier, show_dossier)
    router.add_post(dossier + "/{action:accept|ask-more|reject}", decide_on)
    router.add_post(dossier + "/forward", forward)
    router.add_get(dossier + "/mau-03.docx", commune_report)


def with_dossier(handler: DossierHandler) -> Handler:
    """Give the handler the registration of the URL: 404 for a draft or an unknown id, 403
    outside the officer's scope."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        staff = signed_in(request)
        registration = await services(request).repo.registrations.get(
            int(request.match_info["id"]))
        if registration is None or registration.status == RegistrationStatus.DRAFT:
            return not_found(request)
        if not staff.covers(registration.province_code, registration.commune_code):
            return refused(request, 403)
        return await handler(request, staff, registration)

    return guarded


def dossier_path(registration_id: int) -> str:
    return f"/desk/registrations/{registration_id}"


@staff_only
@with_dossier
async def show_dossier(request: web.Request, staff: Staff,
                       registration: Registration) -> web.Response:
    """The dossier: its fields, self-assessment, deadline or forwarding, timeline, actions."""
    context = chat_context(request)
    t, repo = translator(request), services(request).repo
    attached = await _attached(repo, registration)
    today = vietnam_today()
    return page(
        request, "dossier.html.j2", dossier=registration,
        status_label=t(STATUS_LABELS[registration.status]),
        status_badge=STATUS_BADGES.get(RegistrationStatus(registration.status), ""),
        submitted=_day(t, registration.submitted_at),
        fields=_fields(context, t, registration, attached),
        assessment=await _assessment(context, t, attached),
        deadline=_deadline(t, registration, today),
        forwarding=await _forwarding(repo, t, registration, today),
        timeline=await _timeline(repo, t, registration),
        open=registration.status in OPEN_STATUSES, max_note=review.MAX_NOTE)


@staff_only
@with_dossier
async def decide_on(request: web.Request, staff: Staff,
                    registration: Registration) -> web.StreamResponse:
    """Accept, ask for more (with a note) or reject (with a reason), as the chat's buttons do."""
    t, here = translator(request), dossier_path(registration.id)
    decision = ACTIONS[request.match_info["action"]]
    if registration.status not in OPEN_STATUSES:
        raise see_other(request, here, t("This registration can no longer be changed."),
                        error=True)
    note = None
    if decision in review.NOTE_DECISIONS:
        note = review.officer_note(str((await request.post()).get("note", "")))
        if not note:
            raise see_other(request, here, t(NOTE_MISSING[decision]), error=True)
        if not review.meaningful_note(note):
            raise see_other(request, here, t(
                "Please write your message in words: emoji or signs alone do not tell the "
                "producer anything."), error=True)
    context = chat_context(request)
    try:
        current = await review.decidable(context, staff.user_id, registration.id)
    except StaleButton:
        return refused(request, 403)
    # own_copy: the officer's chat copy of the notice loses its buttons too, as on a press.
    if await review.decide(context, current, telegram_user(staff), decision, note,
                           own_copy=True) is None:
        raise see_other(request, here, t("This registration can no longer be changed."),
                        error=True)
    raise see_other(request, here, t(DONE[decision], id=registration.id))


@staff_only
@with_dossier
async def forward(request: web.Request, staff: Staff,
                  registration: Registration) -> web.StreamResponse:
    """Record that the commune sent the accepted dossier to the province."""
    t, repo = translator(request), services(request).repo
    here = dossier_path(registration.id)
    forwarded = await repo.registrations.mark_forwarded(registration.id, staff.user_id)
    if forwarded is None:
        raise see_other(request, here, t(
            "Only an accepted dossier that was not forwarded yet can be marked as forwarded."),
            error=True)
    await repo.officers.audit(staff.user_id, "registration_forwarded", registration.id)
    raise see_other(request, here, t("Marked as forwarded to the province."))


@staff_only
@with_dossier
async def commune_report(request: web.Request, staff: Staff,
                         registration: Registration) -> web.StreamResponse:
    """Mẫu 03 filled from the dossier, for the commune officer to complete and sign."""
    svc = services(request)
    attached = await _attached(svc.repo, registration)
    answers = await svc.repo.assessments.answers(attached.id) if attached else {}
    data = await asyncio.to_thread(commune_report_docx, registration, attached,
                                   answers=answers, sheets=svc.sheets)
    name = f"mau-03-ho-so-{registration.id}.docx"
    return attachment(data, name)


async def _attached(repo: Repository, registration: Registration) -> AssessmentRecord | None:
    if registration.assessment_id is None:
        return None
    return await repo.assessments.get(registration.assessment_id)


def _day(t: Translator, stamp: str | None) -> str:
    return t.date(vietnam_time(stamp)) if stamp else "–"


def _fields(context: OcopContext, t: Translator, registration: Registration,
            attached: AssessmentRecord | None) -> list[dict[str, Any]]:
    """Every Mẫu 01 field that applies, labelled as the chat's summary labels them."""
    fields = views.summary_values(context, t, registration, attached)
    for field in fields:
        if field["step"] == "certificate_expiry" and registration.certificate_expiry:
            field["value"] = t.date(date.fromisoformat(registration.certificate_expiry))
    return fields


@dataclass(frozen=True, slots=True)
class AssessmentView:
    """The attached self-assessment as the page shows it."""

    id: int
    product: str | None
    sheet: int
    sheet_title: str
    assessed_on: str
    result: str | None  # "72,5/100 · 4 sao"; None when an eligibility condition was not met
    reference: bool  # scored although a condition was not met
    chart: BarChart | None


async def _assessment(context: OcopContext, t: Translator, record: AssessmentRecord | None
                      ) -> AssessmentView | None:
    if record is None:
        return None
    sheet = context.services.sheets.get(record.sheet)
    chart = None
    if sheet is not None and record.status == AssessmentStatus.COMPLETED:
        try:
            chart = score_bars(t, sheet, score(sheet, await context.repo.assessments.answers(
                record.id)))
        except ValueError:  # answers no longer match the sheet: the stored result stands
            chart = None
    completed = record.status == AssessmentStatus.COMPLETED
    return AssessmentView(
        id=record.id, product=record.product_name,
        sheet=record.sheet, sheet_title=sheet.title if sheet else "",
        assessed_on=t.date(record.completed_at or record.updated_at),
        result=score_line(t, record.total or 0, record.stars or 0, False) if completed
        else None, reference=record.for_reference, chart=chart)


@dataclass(frozen=True, slots=True)
class DeadlineView:
    day: str
    left: str
    badge: str


def _deadline(t: Translator, registration: Registration, today: date) -> DeadlineView | None:
    """The commune's 15 working days, while the dossier waits for its decision."""
    deadline = deadline_of(registration)
    if deadline is None:
        return None
    left = working_days_left(deadline, today)
    if left > 0:
        text = t.plural("{n} working day left", "{n} working days left", left)
    elif left == 0:
        text = t("due today")
    else:
        text = t.plural("{n} working day late", "{n} working days late", -left)
    return DeadlineView(t.date(deadline), text,
                        DEADLINE_BADGES[deadline_state(deadline, today)])


@dataclass(frozen=True, slots=True)
class ForwardingView:
    """Where an accepted dossier stands towards the province."""

    forwarded_on: str | None  # None: not yet
    by: str | None
    next_round: Markup


async def _forwarding(repo: Repository, t: Translator, registration: Registration,
                      today: date) -> ForwardingView | None:
    if registration.status != RegistrationStatus.ACCEPTED:
        return None
    if registration.forwarded_at is None:
        return ForwardingView(None, None, _round_text(t, next_province_round(today)))
    forwarded_on = vietnam_time(registration.forwarded_at).date()
    return ForwardingView(t.date(forwarded_on), await _name(repo, registration.forwarded_by),
                          _round_text(t, next_province_round(forwarded_on)))


def _round_text(t: Translator, found: Round) -> Markup:
    """The round of Điều 5.1 as the decree words it; a province may hold more rounds."""
    return Markup(t(
        "Round {number} of {year}: for dossiers the commune proposes before {cutoff}; the "
        "province evaluates them before {by}.", number=found.number, year=str(found.year),
        cutoff=t.date(found.proposal_cutoff), by=t.date(found.evaluated_by)))


async def _name(repo: Repository, user_id: int | None) -> str | None:
    user = await repo.users.get(user_id) if user_id is not None else None
    return user.first_name if user else None


@dataclass(frozen=True, slots=True)
class EventView:
    """One line of the timeline: when, who, what, and the message that went with it."""

    when: str
    who: str
    what: str
    note: str | None
    by_producer: bool


async def _timeline(repo: Repository, t: Translator, registration: Registration
                    ) -> list[EventView]:
    events = await repo.registrations.events(registration.id)
    names: dict[int | None, str] = {None: ""}
    items = []
    for number, event in enumerate(events):
        by_producer = event.actor_id is not None and event.actor_id == registration.user_id
        if event.actor_id not in names:
            names[event.actor_id] = t("the producer") if by_producer else (
                await _name(repo, event.actor_id) or str(event.actor_id))
        answered = by_producer and number > 0 and event.status == RegistrationStatus.SUBMITTED
        what = t("the producer answered") if answered else t(
            EVENT_LABELS.get(event.status) or review.STATUS_LABELS.get(event.status, "message"))
        items.append(EventView(t.datetime(vietnam_time(event.created_at)), names[event.actor_id],
                               what, event.note, by_producer))
    return items
