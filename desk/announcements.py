"""The desk's announcements: compose with a live recipient count and a preview as recipients
will see it, send through the delivery engine, watch the progress, cancel, read the report.

Every decision goes through the announcements package, as the chat's /thongbao does: who may
address whom, creating, confirming (once: a second click finds it no longer a draft),
cancelling. An officer sees and controls their own announcements within their scope; admins
see all of them.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from aiohttp import web
from telegram.error import TelegramError

from announcements import (
    TEXT_LIMIT,
    AnnouncementDenied,
    AnnouncementStateError,
    Audience,
    cancel_announcement,
    create_announcement,
    progress_numbers,
    progress_values,
    queue,
    recipient_parts,
    report_text,
    revise_announcement,
    show_cancelled,
)
from core.i18n import N_, Translator
from core.roles import describe_scope
from core.text import clean
from core.trainings import moment
from core.ui import shorten
from desk.access import Staff
from desk.announcement_form import (
    Composed,
    PhotoRefused,
    allowed,
    content_error,
    image_type,
    keep_photo,
    upload_of,
)
from desk.telegram_html import to_web
from desk.web import (
    PAGE_SIZE,
    application,
    page,
    refused,
    services,
    signed_in,
    staff_only,
    translator,
)
from handlers.announcements import FLOW, KIND_LABELS, KINDS, few_warning
from handlers.trainings.announce import training_choices
from knowledge import places
from storage.announcements import Announcement, AudienceKind, Listed, Status

STATUS_LABELS: dict[str, str] = {Status.DRAFT: N_("Draft"), Status.SENDING: N_("Sending"),
                 Status.DONE: N_("Sent"), Status.CANCELLED: N_("Cancelled")}
ONE = r"/desk/announcements/{id:\d+}"


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/announcements", list_announcements)
    router.add_get("/desk/announcements/new", new_announcement)
    router.add_post("/desk/announcements", create)
    router.add_get(ONE, show)
    router.add_get(ONE + "/edit", edit)
    router.add_post(ONE + "/edit", revise)
    router.add_post(ONE + "/send", send)
    router.add_post(ONE + "/discard", discard)
    router.add_post(ONE + "/cancel", cancel)
    router.add_get(ONE + "/photo", photo)
    router.add_get("/desk/api/announcements/count", count_api)
    router.add_post("/desk/api/announcements/preview", preview_api)
    router.add_get("/desk/api/announcements/communes", communes_api)
    router.add_get(r"/desk/api/announcements/{id:\d+}/progress", progress_api)


def _to(announcement_id: int) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/desk/announcements/{announcement_id}")


# --- the list -------------------------------------------------------------------------------


@staff_only
async def list_announcements(request: web.Request) -> web.Response:
    """This person's announcements (everyone's for admins), newest first, with progress."""
    staff, t = signed_in(request), translator(request)
    number = _page_number(request)
    rows, total = await services(request).repo.announcements.listed(
        None if staff.is_admin else staff.user_id, staff.scope, PAGE_SIZE, number * PAGE_SIZE)
    return page(request, "announcements.html.j2", items=[_item(t, row) for row in rows],
                page=number, pages=max(1, -(-total // PAGE_SIZE)))


def _page_number(request: web.Request) -> int:
    value = request.query.get("page", "")
    return int(value) if value.isdigit() else 0


def _item(t: Translator, row: Listed) -> dict[str, Any]:
    announcement = row.announcement
    return {"id": announcement.id, "when": _when(announcement.created_at),
            "text": shorten(announcement.text, 90), "photo": announcement.photo is not None,
            "who": _who(t, announcement.audience), "where": _where(t, announcement.audience),
            "status": announcement.status, "status_label": t(STATUS_LABELS[announcement.status]),
            "sender": row.sender_name or "", "total": announcement.recipients,
            "done": row.sent + row.failed, "sent": t.number(row.sent),
            "failed": t.number(row.failed)}


def _when(iso: str | None) -> str:
    return moment(datetime.fromisoformat(iso)) if iso else ""


def _who(t: Translator, audience: Audience | None, title: str | None = None) -> str:
    if audience is None:
        return ""
    who = t(KIND_LABELS[AudienceKind(audience.kind)])
    if audience.training_id is not None:
        return f"{who} · {title or '#' + str(audience.training_id)}"
    return who


def _where(t: Translator, audience: Audience | None) -> str:
    return describe_scope(t, audience.area) if audience is not None else ""


# --- composing ------------------------------------------------------------------------------


@staff_only
async def new_announcement(request: web.Request) -> web.Response:
    """An empty composer."""
    return await _composer(request, Composed(), action="/desk/announcements")


@staff_only
async def create(request: web.Request) -> web.StreamResponse:
    """Store the composed announcement as a draft, then show it for checking."""
    staff = signed_in(request)
    fields = await request.post()
    submitted = await _submission(request, fields, None, "/desk/announcements")
    if isinstance(submitted, web.Response):
        return submitted
    text, audience, photo = submitted
    announcement_id = await create_announcement(services(request).repo, staff.user_id, text,
                                                audience, photo=photo)
    raise _to(announcement_id)


@staff_only
async def edit(request: web.Request) -> web.StreamResponse:
    """The composer, filled with the person's own draft."""
    draft = await _own_draft(request)
    if draft is None:
        return refused(request, 403)
    return await _composer(request, Composed.of_draft(draft),
                           action=f"/desk/announcements/{draft.id}/edit", draft=draft)


@staff_only
async def revise(request: web.Request) -> web.StreamResponse:
    """Change the person's own draft; a draft sent meanwhile is shown as it is."""
    draft = await _own_draft(request)
    if draft is None:
        return refused(request, 403)
    fields = await request.post()
    submitted = await _submission(request, fields, draft, f"/desk/announcements/{draft.id}/edit")
    if isinstance(submitted, web.Response):
        return submitted
    text, audience, photo = submitted
    with contextlib.suppress(AnnouncementStateError):  # sent or discarded meanwhile: its page says
        await revise_announcement(services(request).repo, draft.id, signed_in(request).user_id,
                                  text, audience, photo=photo)
    raise _to(draft.id)


async def _submission(request: web.Request, fields: Any, draft: Announcement | None,
                      action: str) -> tuple[str, Audience, str | None] | web.Response:
    """(text, audience, photo) of a submitted composer, or the answer that refuses it: 403
    outside the sender's scope (nothing stored), else the composer again with what is wrong."""
    staff, t = signed_in(request), translator(request)
    try:
        composed = Composed.of(fields)
        audience = await allowed(request, staff, composed)
    except AnnouncementDenied:
        return refused(request, 403)
    except ValueError:
        return await _composer(request, Composed(text=clean(str(fields.get("text", "")))),
                               action=action, draft=draft, status=400,
                               error=t("Please choose the audience again."))
    upload = upload_of(fields)
    kept = None if fields.get("remove_photo") or draft is None else draft.photo
    error = content_error(t, composed.text, upload or kept)
    if error is None and upload is not None:
        try:
            kept = await keep_photo(request, staff, upload)
        except PhotoRefused as exc:
            error = t(str(exc))
    if error is not None:
        return await _composer(request, replace(composed, photo=kept), action=action,
                               draft=draft, status=400, error=error)
    return composed.text, audience, kept


async def _composer(request: web.Request, composed: Composed, *, action: str,
                    draft: Announcement | None = None, status: int = 200,
                    error: str | None = None) -> web.Response:
    staff, t = signed_in(request), translator(request)
    trainings = await training_choices(services(request).repo, staff.scope)
    kinds = [(str(kind), t(KIND_LABELS[kind])) for kind in KINDS
             if kind != AudienceKind.TRAINING or trainings]
    return page(
        request, "announcements_compose.html.j2", status=status, form=composed, action=action,
        draft=draft, error=error, limit=TEXT_LIMIT, kinds=kinds, trainings=trainings,
        provinces=places.provinces() if staff.scope is None else (),
        communes=_communes_to_choose(staff, composed),
        fixed_area=describe_scope(t, staff.scope) if staff.scope is not None else None,
        recipients=await _count_values(request, composed),
        parts=_preview_parts(t, _sketch(composed.text, composed.photo)),
        photo_url=f"/desk/announcements/{draft.id}/photo" if draft and draft.photo else None)


def _communes_to_choose(staff: Staff, composed: Composed) -> tuple[places.Place, ...]:
    """The communes a sender may pick from: none for a commune officer (theirs is fixed)."""
    if staff.scope is not None:
        return places.communes(staff.scope.province_code) if staff.scope.commune_code is None \
            else ()
    return places.communes(composed.province) if composed.province else ()


# --- the live count, preview and places -----------------------------------------------------


@staff_only
async def count_api(request: web.Request) -> web.StreamResponse:
    """How many the audience of these codes reaches now (no personal data asked or told)."""
    try:
        values = await _count_values(request, Composed.of(request.query), strict=True)
    except AnnouncementDenied:
        return refused(request, 403)
    except ValueError:
        return web.json_response({"error": "bad audience"}, status=400)
    assert values is not None
    html = _fragment(request, "announcements_count.html.j2", recipients=values)
    return web.json_response({"count": values["count"], "html": html})


async def _count_values(request: web.Request, composed: Composed, *, strict: bool = False
                        ) -> dict[str, Any] | None:
    """The recipient count's values; None for an audience not (yet) valid, unless strict."""
    try:
        audience = await allowed(request, signed_in(request), composed)
    except (AnnouncementDenied, ValueError):
        if strict:
            raise
        return None
    count = await services(request).repo.announcements.count_recipients(audience)
    t = translator(request)
    return {"count": count, "shown": t.number(count), "few": few_warning(t, count)}


@staff_only
async def preview_api(request: web.Request) -> web.StreamResponse:
    """The text (sent by POST: it is the sender's words) as recipients will see it."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return web.json_response({"error": "bad request"}, status=400)
    text = clean(str(body.get("text", "")))[:TEXT_LIMIT]
    sketch = _sketch(text, "photo" if body.get("photo") else None)
    parts = _preview_parts(translator(request), sketch)
    return web.json_response({"html": _fragment(request, "announcements_preview.html.j2",
                                                parts=parts, photo_url=None)})


@staff_only
async def communes_api(request: web.Request) -> web.StreamResponse:
    """The communes of a province (official names and codes), for the composer's choice."""
    code = request.query.get("province", "")
    province = places.province(int(code)) if code.isdigit() else None
    if province is None:
        return web.json_response({"error": "unknown province"}, status=404)
    return web.json_response([{"code": c.code, "name": c.name}
                              for c in places.communes(province.code)])


def _sketch(text: str, photo: str | None) -> Announcement:
    """A draft not stored, to render as recipients would see it."""
    return Announcement(0, None, text, photo, None, None, Status.DRAFT, None, 0, None, "", None,
                        None)


def _preview_parts(t: Translator, announcement: Announcement) -> list[dict[str, Any]]:
    """The messages recipients get (as the engine builds them), as safe web HTML."""
    return [{"html": to_web(part.text), "photo": part.photo is not None,
             "buttons": [[button.text for button in row] for row in part.markup.inline_keyboard]
             if part.markup is not None else []}
            for part in recipient_parts(t, announcement)]


def _fragment(request: web.Request, template: str, **values: Any) -> str:
    return services(request).renderer.render(f"desk/{template}", translator(request), **values)


# --- one announcement -----------------------------------------------------------------------


async def _visible(request: web.Request) -> Announcement | None:
    """The path's announcement if this person may see it, else None; 404 if there is none."""
    staff = signed_in(request)
    announcement = await services(request).repo.announcements.get(int(request.match_info["id"]))
    if announcement is None:
        raise web.HTTPNotFound()
    if staff.is_admin:
        return announcement
    mine = announcement.sender_id == staff.user_id
    inside = announcement.audience is None or announcement.audience.within(staff.scope)
    return announcement if mine and inside else None


async def _own_draft(request: web.Request) -> Announcement | None:
    """The path's announcement if it is this person's own draft (admins' too: only theirs)."""
    announcement = await _visible(request)
    if announcement is None or announcement.sender_id != signed_in(request).user_id:
        return None
    return announcement if announcement.status == Status.DRAFT else None


@staff_only
async def show(request: web.Request) -> web.StreamResponse:
    """A draft to check and send, or the progress and report of one sent."""
    announcement = await _visible(request)
    if announcement is None:
        return refused(request, 403)
    t = translator(request)
    titles = dict(await training_choices(services(request).repo, signed_in(request).scope))
    audience = announcement.audience
    values: dict[str, Any] = {
        "a": announcement, "who": _who(t, audience, titles.get(audience.training_id or 0)
                                       if audience else None),
        "where": _where(t, audience), "status_label": t(STATUS_LABELS[announcement.status]),
        "mine": announcement.sender_id == signed_in(request).user_id,
        "parts": _preview_parts(t, announcement),
        "photo_url": f"/desk/announcements/{announcement.id}/photo"
        if announcement.photo else None}
    if announcement.status == Status.DRAFT:
        values["recipients"] = await _draft_count(request, announcement)
    else:
        values.update(await _progress_values(request, announcement))
    return page(request, "announcements_show.html.j2", **values)


async def _draft_count(request: web.Request, draft: Announcement) -> dict[str, Any] | None:
    if draft.audience is None:
        return None
    count = await services(request).repo.announcements.count_recipients(draft.audience)
    t = translator(request)
    return {"count": count, "shown": t.number(count), "few": few_warning(t, count),
            "send": t.plural("✅ Send to {n} person", "✅ Send to {n} people", count)}


async def _progress_values(request: web.Request, announcement: Announcement) -> dict[str, Any]:
    """Counts, the bar, and (once it is over) the chat's report."""
    t = translator(request)
    counts = await services(request).repo.announcements.counts(announcement.id)
    sent, failed, _ = progress_numbers(counts)
    state = Status(announcement.status)
    values = {**progress_values(t, announcement.id, counts, state),
              "total": announcement.recipients, "done": sent + failed, "report": None}
    if state in (Status.DONE, Status.CANCELLED):
        values["report"] = to_web(report_text(
            services(request).renderer, t, announcement.id, state, counts))
    return values


@staff_only
async def progress_api(request: web.Request) -> web.StreamResponse:
    """The progress of an announcement being sent, for the page to refresh itself."""
    announcement = await _visible(request)
    if announcement is None:
        return refused(request, 403)
    values = await _progress_values(request, announcement)
    return web.json_response({
        "status": announcement.status, "total": values["total"], "done": values["done"],
        "html": _fragment(request, "announcements_progress.html.j2", **values)})


@staff_only
async def send(request: web.Request) -> web.StreamResponse:
    """✅ Send, as the chat's button does: confirm (once) and wake the delivery engine."""
    announcement = await _visible(request)
    if announcement is None or announcement.sender_id != signed_in(request).user_id:
        return refused(request, 403)
    if announcement.status != Status.DRAFT or announcement.audience is None:
        raise _to(announcement.id)  # a second click: already sent, nothing twice
    repo = services(request).repo
    if not await repo.announcements.count_recipients(announcement.audience):
        raise _to(announcement.id)  # nobody to send to: the page says so
    try:
        await queue(application(request), announcement.id)
    except AnnouncementStateError:
        pass  # confirmed by another click meanwhile: the domain lets only one through
    except AnnouncementDenied:
        return refused(request, 403)
    await _release_chat_dialog(request, announcement.id)
    raise _to(announcement.id)


@staff_only
async def discard(request: web.Request) -> web.StreamResponse:
    """🗑 Discard the person's own draft."""
    draft = await _own_draft(request)
    if draft is None:
        return refused(request, 403)
    await services(request).repo.announcements.discard(draft.id)
    await _release_chat_dialog(request, draft.id)
    raise web.HTTPSeeOther("/desk/announcements")


async def _release_chat_dialog(request: web.Request, announcement_id: int) -> None:
    """If the chat's composer was on this draft, it no longer is (as after its own Send)."""
    dialogs, user_id = services(request).repo.dialogs, signed_in(request).user_id
    dialog = dialogs.current(user_id)
    if dialog is not None and dialog.flow == FLOW and dialog.ref == announcement_id:
        await dialogs.clear(user_id)


@staff_only
async def cancel(request: web.Request) -> web.StreamResponse:
    """⏹ Stop sending, through the same domain code as the chat's button."""
    announcement = await _visible(request)
    if announcement is None:
        return refused(request, 403)
    app = application(request)
    stopped = await cancel_announcement(app, signed_in(request).user_id, announcement.id)
    if stopped is False:
        await show_cancelled(app.bot, services(request), announcement.id)
    raise _to(announcement.id)


@staff_only
async def photo(request: web.Request) -> web.StreamResponse:
    """The announcement's photo, fetched from Telegram (which keeps it)."""
    announcement = await _visible(request)
    if announcement is None:
        return refused(request, 403)
    if announcement.photo is None:
        raise web.HTTPNotFound()
    try:
        file = await application(request).bot.get_file(announcement.photo)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:  # Telegram no longer has it
        raise web.HTTPNotFound() from exc
    return web.Response(body=data, content_type=image_type(data) or "application/octet-stream")
