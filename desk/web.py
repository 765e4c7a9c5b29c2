"""What every page of the desk shares: the services, the signed-in person, rendering, guards."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import User
from telegram.ext import Application

from core.context import SERVICES_KEY, App, OcopContext, Services
from core.i18n import Translator
from desk.access import Staff

APP_KEY = web.AppKey("bot_application", Application)
STAFF_KEY = web.RequestKey("staff", Staff)
SESSION_COOKIE = "desk_session"
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


async def chat_context(request: web.Request) -> OcopContext:
    """The context the chat's handlers get, for the signed-in person: so that the desk's
    decisions go through the very same domain code as the chat's buttons."""
    staff = current_staff(request)
    assert staff is not None
    context = OcopContext(application(request), chat_id=staff.user_id, user_id=staff.user_id)
    context.locale = staff.locale
    context.user_record = await services(request).repo.users.get(staff.user_id)
    return context


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
    html = services(request).renderer.render(
        f"desk/{template}", translator(request), staff=staff, path=request.path,
        csrf=staff.csrf if staff else "", **values)
    return web.Response(text=html, content_type="text/html", status=status)


def staff_only(handler: Handler) -> Handler:
    """Let signed-in officers and admins through; show everyone else how to sign in."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        if current_staff(request) is None:
            return refused(request, 401)
        return await handler(request)

    return guarded


def admin_only(handler: Handler) -> Handler:
    """Let signed-in admins through."""

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        staff = current_staff(request)
        if staff is None or not staff.is_admin:
            return refused(request, 401 if staff is None else 403)
        return await handler(request)

    return guarded


def refused(request: web.Request, status: int) -> web.Response:
    """401 (sign in first) or 403 (not yours), as JSON for the API and a page otherwise."""
    if request.path.startswith("/desk/api/"):
        return web.json_response({"error": "unauthorized" if status == 401 else "forbidden"},
                                 status=status)
    return page(request, "refused.html.j2", status=status, signed_in=status == 403)


def not_found(request: web.Request) -> web.Response:
    return page(request, "refused.html.j2", status=404, signed_in=True, missing=True)
