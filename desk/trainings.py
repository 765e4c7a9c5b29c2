"""The desk's trainings ("đợt tập huấn"): the list in the officer's scope, a training's answers
and attendees (exported as the chat exports them), and creating, changing or cancelling one
with its classes by commune.

Every check and every consequence is the chat's own (handlers/trainings): the same rules for
each part, the same announcement, reminders replanned and those who accepted told.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from math import ceil
from typing import Any

from aiohttp import web
from markupsafe import Markup

from core.i18n import N_, Translator
from core.numbers import parse_number
from core.trainings import (
    AUDIENCE_LABELS,
    STANDARD_TOPICS,
    commune_names,
    period,
    place_name,
    topic_names,
    where,
)
from core.vietnam_time import vietnam_today
from desk.access import Staff
from desk.training_form import Area, TrainingForm, check, form_from, form_of
from desk.web import (
    PAGE_SIZE,
    application,
    attachment,
    chat_context,
    page,
    refused,
    see_other,
    services,
    signed_in,
    staff_only,
    translator,
)
from handlers.trainings.announce import announce_published
from handlers.trainings.common import may_manage
from handlers.trainings.reminders import after_revision, cancel_training
from knowledge import places
from reports.attendees import attendee_line, attendees_csv, attendees_xlsx
from storage.trainings import Counts, Training, TrainingStatus

STATES: dict[str, str] = {
    "upcoming": N_("Upcoming"), "running": N_("Under way"), "over": N_("Over"),
    "cancelled": N_("Cancelled"),
}


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/trainings", list_trainings)
    router.add_get("/desk/trainings/new", new_form)
    router.add_post("/desk/trainings/new", create)
    router.add_get(r"/desk/trainings/{id:\d{1,9}}", show)
    router.add_get(r"/desk/trainings/{id:\d{1,9}}/edit", edit_form)
    router.add_post(r"/desk/trainings/{id:\d{1,9}}/edit", edit)
    router.add_post(r"/desk/trainings/{id:\d{1,9}}/cancel", cancel)
    router.add_get(r"/desk/trainings/{id:\d{1,9}}/attendees.{kind:xlsx|csv}", export)


def state(training: Training, now: datetime) -> str:
    """upcoming, running, over or cancelled (a key of STATES)."""
    if training.status == TrainingStatus.CANCELLED:
        return "cancelled"
    if training.starts_at is not None and training.starts_at > now:
        return "upcoming"
    return "running" if training.ends_at is not None and training.ends_at > now else "over"


def editable(training: Training, now: datetime) -> bool:
    """A training may be changed while it is planned and not yet started (RSVPs are open)."""
    return training.status == TrainingStatus.PLANNED and state(training, now) == "upcoming"


# The list -------------------------------------------------------------------------------


@staff_only
async def list_trainings(request: web.Request) -> web.Response:
    """The trainings this officer manages, upcoming first, with their answers counted."""
    staff, repo = signed_in(request), services(request).repo.trainings
    number = parse_number(request.query.get("page"), 1, 100_000) or 1
    now, t = datetime.now(UTC), translator(request)
    listed = await repo.managed_by(staff.user_id, staff.scope, now,
                                   offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    total = await repo.count_managed_by(staff.user_id, staff.scope)
    rows = [{"id": item.training.id, "title": item.training.title or "–",
             "period": period(item.training), "place": where(item.training),
             "state": state(item.training, now),
             "label": t(STATES[state(item.training, now)]),
             "yes": item.yes, "no": item.no, "places": item.places} for item in listed]
    return page(request, "trainings.html.j2", rows=rows, page_number=number, total=total,
                pages=max(1, ceil(total / PAGE_SIZE)))


# One training ---------------------------------------------------------------------------


async def managed(request: web.Request) -> Training | None:
    """The training of the path if this person manages it as the chat decides (None: refuse);
    404 when there is none (a draft is its creator's, in the chat)."""
    training_id = parse_number(request.match_info["id"])
    training = await services(request).repo.trainings.get(training_id or 0)
    if training is None or training.status == TrainingStatus.DRAFT:
        raise web.HTTPNotFound()
    staff = signed_in(request)
    return training if may_manage(True, staff.scope, training, staff.user_id) else None


@staff_only
async def show(request: web.Request) -> web.Response:
    """A training's details, its classes' places, and everyone's answers."""
    training = await managed(request)
    if training is None:
        return refused(request, 403)
    return await _details(request, training, None)


async def _details(request: web.Request, training: Training, notice: Markup | None, *,
                   status: int = 200, error: bool = False) -> web.Response:
    t, repo, now = translator(request), services(request).repo.trainings, datetime.now(UTC)
    counts = await repo.counts(training.id)
    attendees = await repo.attendees(training.id, signed_in(request).scope)
    return page(request, "trainings_detail.html.j2", status=status, training=training,
                info=_info(t, training), classes=_classes(t, training, counts), counts=counts,
                attendees=[attendee_line(a, t) for a in attendees], notice=notice,
                error=error, state=state(training, now), label=t(STATES[state(training, now)]),
                editable=editable(training, now),
                cancellable=training.status == TrainingStatus.PLANNED)


def _info(t: Translator, training: Training) -> dict[str, Any]:
    return {"title": training.title or "–", "period": period(training),
            "venue": training.venue or "–", "place": where(training),
            "topics": topic_names(t, training),
            "audience": t(AUDIENCE_LABELS[training.audience]) if training.audience else "–"}


def _classes(t: Translator, training: Training, counts: Counts) -> list[dict[str, Any]]:
    return [{"name": k.name, "communes": commune_names(training, k.communes, limit=40),
             "taken": counts.by_class.get(k.id, 0), "capacity": k.capacity or 0}
            for k in training.classes]


@staff_only
async def export(request: web.Request) -> web.StreamResponse:
    """The attendee list as the chat's 📤 Excel gives it, or the same as CSV."""
    training = await managed(request)
    if training is None:
        return refused(request, 403)
    rows = await services(request).repo.trainings.attendees(training.id, signed_in(request).scope)
    t, kind = translator(request), request.match_info["kind"]
    body = attendees_xlsx(training, rows, t) if kind == "xlsx" else attendees_csv(rows, t)
    name = f"hoc-vien-lop-{training.id}-{vietnam_today().isoformat()}.{kind}"
    return attachment(body, name)


@staff_only
async def cancel(request: web.Request) -> web.StreamResponse:
    """Cancel the training as the chat's 🚫 does: those who accepted are told."""
    training = await managed(request)
    if training is None:
        return refused(request, 403)
    if not await cancel_training(application(request), training):
        return await _closed(request, training)
    t = translator(request)
    raise see_other(request, f"/desk/trainings/{training.id}", t(
        "🚫 The training is cancelled; those who accepted are being told."))


async def _closed(request: web.Request, training: Training) -> web.Response:
    t = translator(request)
    notice = Markup(t("This training has started or is cancelled: it can no longer be changed."))
    return await _details(request, training, notice, status=409, error=True)


# Creating and changing ------------------------------------------------------------------


def new_area(staff: Staff, province: object) -> Area | None:
    """Where a new training is: the officer's scope, or the province an admin chose."""
    if staff.scope is not None:
        return Area(staff.scope.province_code, staff.scope.commune_code)
    code = parse_number(province if isinstance(province, str) else None, 1, 999_999)
    return Area(code, None) if code is not None and places.province(code) else None


@staff_only
async def new_form(request: web.Request) -> web.Response:
    """An empty training form (an admin first chooses its province)."""
    area = new_area(signed_in(request), request.query.get("province"))
    if area is None:
        return page(request, "trainings_form.html.j2", choose_province=True, training=None,
                    provinces=places.provinces())
    return _form_page(request, TrainingForm(), area, {}, None)


@staff_only
async def create(request: web.Request) -> web.Response:
    """Check the form as the chat checks each answer, store it, and announce it as the chat's
    📣 Announce does."""
    staff, post = signed_in(request), await request.post()
    area = new_area(staff, post.get("province"))
    if area is None:
        return page(request, "trainings_form.html.j2", status=400, choose_province=True,
                    training=None,
                    provinces=places.provinces())
    form = form_from(post, None)
    plan, errors = check(form, area, {}, datetime.now(UTC))
    if plan is None:
        return _form_page(request, form, area, errors, None, status=400)
    repo = services(request).repo.trainings
    training = await repo.create_planned(staff.user_id, area.province_code, area.commune_code,
                                         plan)
    count = await announce_published(chat_context(request), staff.user_id, training)
    t = translator(request)
    raise see_other(request, f"/desk/trainings/{training.id}", t(
        "The training is saved and listed in /lophoc, but its announcement could not be sent. "
        "Please tell an admin.") if count is None else t.plural(
        "📣 Saved and announced to {n} person; the sending progress follows in Telegram.",
        "📣 Saved and announced to {n} people; the sending progress follows in Telegram.",
        count), error=count is None)


@staff_only
async def edit_form(request: web.Request) -> web.Response:
    """The training's form, filled in."""
    training = await managed(request)
    if training is None:
        return refused(request, 403)
    if not editable(training, datetime.now(UTC)):
        return await _closed(request, training)
    return _form_page(request, form_of(training), _area(training), {}, training,
                      taken=(await services(request).repo.trainings.counts(training.id)).by_class)


@staff_only
async def edit(request: web.Request) -> web.Response:
    """Check and save the changes; reminders follow a new start, attendees are told."""
    training = await managed(request)
    if training is None:
        return refused(request, 403)
    if not editable(training, datetime.now(UTC)):
        return await _closed(request, training)
    repo = services(request).repo.trainings
    taken = (await repo.counts(training.id)).by_class
    form = form_from(await request.post(), training)
    plan, errors = check(form, _area(training), taken, datetime.now(UTC))
    if plan is None:
        return _form_page(request, form, _area(training), errors, training, taken=taken,
                          status=400)
    after = await repo.revise(training.id, plan)
    if after is None:
        return await _closed(request, training)
    await after_revision(application(request), training, after)
    t = translator(request)
    raise see_other(request, f"/desk/trainings/{training.id}", t(
        "✏️ Your changes are saved. Those who will attend are told of a new time or venue."))


def _area(training: Training) -> Area:
    return Area(training.province_code or 0, training.commune_code)


def _form_page(request: web.Request, form: TrainingForm, area: Area,
               errors: Mapping[str, Any], training: Training | None, *,
               taken: Mapping[int, int] | None = None, status: int = 200) -> web.Response:
    t = translator(request)
    return page(
        request, "trainings_form.html.j2", status=status, choose_province=False, form=form,
        training=training, area=area, communes=area.communes,
        place=place_name(area.province_code, area.commune_code),
        errors={key: Markup(refusal.text(t)) for key, refusal in errors.items()},
        topics=[(i, t(msgid)) for i, msgid in enumerate(STANDARD_TOPICS, start=1)],
        audiences=[(a.value, t(label)) for a, label in AUDIENCE_LABELS.items()],
        taken=taken or {}, next_index=max((k.index for k in form.classes), default=-1) + 1)
