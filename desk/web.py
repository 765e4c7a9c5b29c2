"""What every page of the desk shares: the services, the signed-in person, rendering, guards."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import json
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import User
from telegram.ext import Application

from core.context import SERVICES_KEY, App, OcopContext, Services
from core.i18n import Translator
from desk.access import Staff
from storage.users import Role

APP_KEY = web.AppKey("bot_application", Application)
STAFF_KEY = web.RequestKey("staff", Staff)
SESSION_COOKIE = "desk_session"
FLASH_COOKIE = "desk_flash"  # the message a redirect carries to the next page (never the URL)
FLASH_SECONDS = 60
MAX_FLASH = 500
PAGE_SIZE = 50

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def application(request: web.Request) -> App:
    """The bot's Application, whose services the desk shares."""
    return request.app[APP_KEY]


def services(request: web.Request) -> Services:
    shared: Services = application(request).bot_data[SERVICES_KEY]
    return shared


def current_staff(request: web.Request) -> Staff | None:
    """The officer or admin signed in on this request, if any (set by the middleware)."""
    return request.get(STAFF_KEY)


def chat_context(request: web.Request) -> OcopContext:
    """The context the chat's handlers get, for the signed-in person: so that the desk's
    decisions go through the very same domain code as the chat's buttons."""
    staff = signed_in(request)
    context = OcopContext(application(request), chat_id=staff.user_id, user_id=staff.user_id)
    context.locale = staff.locale
    record = staff.record  # read by the middleware for this very request
    if record is not None and staff.is_admin and record.role != Role.ADMIN:
        # ADMIN_IDS decides; the stored role catches up only at the admin's next message.
        record = dataclasses.replace(record, role=Role.ADMIN)
    context.user_record = record
    return context


FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
}


def attachment(data: bytes, name: str) -> web.Response:
    """A file to download, typed by its extension; `name` must hold nothing personal."""
    return web.Response(body=data, content_type=FILE_TYPES[name.rsplit(".", 1)[1]],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


def signed_in(request: web.Request) -> Staff:
    """The officer or admin of a request that `staff_only` or `admin_only` let through."""
    staff = current_staff(request)
    assert staff is not None, "a handler behind staff_only or admin_only"
    return staff


def telegram_user(staff: Staff) -> User:
    """The signed-in person as a Telegram user (for code that names who acted)."""
    return User(staff.user_id, staff.name, is_bot=False)


def translator(request: web.Request) -> Translator:
    """The translator in the signed-in person's language (the default one otherwise)."""
    staff = current_staff(request)
    return services(request).i18n.get(staff.locale if staff else None)


def page(request: web.Request, template: str, /, *, status: int = 200,
         **values: Any) -> web.Response:
    """Render `templates/desk/<template>` as an HTML page."""
    staff = current_staff(request)
    flash = _flash_of(request)
    html = services(request).renderer.render(
        f"desk/{template}", translator(request), staff=staff, path=request.path_qs,
        csrf=staff.csrf if staff else "", flash=flash, **values)
    response = web.Response(text=html, content_type="text/html", status=status)
    if flash is not None:
        response.del_cookie(FLASH_COOKIE, path="/desk")
    return response


@dataclass(frozen=True, slots=True)
class Flash:
    """A short message shown once on the page a form's redirect leads to."""

    text: str
    error: bool = False


def see_other(request: web.Request, location: str, message: str, *,
              error: bool = False) -> web.HTTPSeeOther:
    """Post/Redirect/Get: a redirect to `location` whose page shows `message` once.

    `message` is plain text (it is escaped when shown): translate it with ids and counts only,
    never personal data, since it travels in a cookie."""
    response = web.HTTPSeeOther(location)
    payload = json.dumps({"text": message[:MAX_FLASH], "error": error}).encode()
    response.set_cookie(FLASH_COOKIE, base64.urlsafe_b64encode(payload).decode().rstrip("="),
                        max_age=FLASH_SECONDS, path="/desk", httponly=True,
                        samesite="Strict", secure=secure_cookies(request))
    return response


def _flash_of(request: web.Request) -> Flash | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        return Flash(str(value["text"])[:MAX_FLASH], bool(value.get("error")))
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError):
        return None


def secure_cookies(request: web.Request) -> bool:
    """Secure cookies over https: the request's own, or a proxy's in front of WEB_PUBLIC_URL."""
    return request.secure or bool(services(request).settings.web.public_url)


_GUARDED: weakref.WeakSet[Handler] = weakref.WeakSet()  # every handler behind a role check


def is_guarded(handler: object) -> bool:
    """Whether a route's handler checks the role first (the tests walk every route)."""
    return handler in _GUARDED


def staff_only(handler: Handler) -> Handler:
    """Let signed-in officers and admins through; show everyone else how to sign in."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        if current_staff(request) is None:
            return refused(request, 401)
        return await handler(request)

    _GUARDED.add(guarded)
    return guarded


def admin_only(handler: Handler) -> Handler:
    """Let signed-in admins through."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        staff = current_staff(request)
        if staff is None or not staff.is_admin:
            return refused(request, 401 if staff is None else 403)
        return await handler(request)

    _GUARDED.add(guarded)
    return guarded


def refused(request: web.Request, status: int) -> web.Response:
    """401 (sign in first) or 403 (not yours), as JSON for the API and a page otherwise."""
    if request.path.startswith("/desk/api/"):
        return web.json_response({"error": "unauthorized" if status == 401 else "forbidden"},
                                 status=status)
    return page(request, "refused.html.j2", status=status, signed_in=status == 403)


def not_found(request: web.Request) -> web.Response:
    return page(request, "refused.html.j2", status=404, signed_in=True, missing=True)


def failed(request: web.Request) -> web.Response:
    """500 after an unexpected error: say only that it did not finish, never what was kept."""
    if request.path.startswith("/desk/api/"):
        return web.json_response({"error": "failed"}, status=500)
    return page(request, "refused.html.j2", status=500, signed_in=True, broken=True)
