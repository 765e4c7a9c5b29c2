"""Signing in: by a one-time login link (a desktop browser) or by Telegram's init data (the
Mini App); signing out; choosing the desk's language."""

from __future__ import annotations

import json

from aiohttp import web

from core.config import SUPPORTED_LOCALES
from desk.access import staff_role
from desk.init_data import verified_user
from desk.web import (
    SESSION_COOKIE,
    page,
    refused,
    secure_cookies,
    services,
    signed_in,
    staff_only,
)
from storage.desk import SESSION_HOURS


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/login/{token}", confirm_login)
    router.add_post("/desk/login/{token}", use_login)
    router.add_get("/desk/app", mini_app)
    router.add_post("/desk/api/session", mini_app_session)
    router.add_post("/desk/logout", log_out)
    router.add_post("/desk/language", choose_language)


async def confirm_login(request: web.Request) -> web.Response:
    """Ask before using the link, so that a link preview or a scanner cannot use it up."""
    usable = await services(request).repo.desk.login_usable(request.match_info["token"])
    if not usable:
        return page(request, "login.html.j2", status=410, usable=False)
    return page(request, "login.html.j2", usable=True)


async def use_login(request: web.Request) -> web.StreamResponse:
    """Use the one-time link: a session for an officer or admin, else a kind refusal."""
    svc = services(request)
    user_id = await svc.repo.desk.redeem_login(request.match_info["token"])
    if user_id is None:
        return page(request, "login.html.j2", status=410, usable=False)
    return await _signed_in(request, user_id, web.HTTPSeeOther("/desk/"))


async def mini_app(request: web.Request) -> web.Response:
    """The Mini App's first page: its script exchanges the init data for a session."""
    return page(request, "mini_app.html.j2")


async def mini_app_session(request: web.Request) -> web.StreamResponse:
    """Exchange genuine, fresh init data for a session cookie."""
    try:
        body = await request.json()
        raw = body["init_data"] if isinstance(body, dict) else None
    except (json.JSONDecodeError, KeyError, UnicodeDecodeError):
        raw = None
    user = verified_user(raw, services(request).settings.token) if isinstance(raw, str) else None
    if user is None:
        return web.json_response({"error": "invalid init data"}, status=401)
    return await _signed_in(request, user.id, web.json_response({"ok": True}))


async def _signed_in(request: web.Request, user_id: int,
                     response: web.StreamResponse) -> web.StreamResponse:
    svc = services(request)
    user = await svc.repo.users.get(user_id)
    if await staff_role(svc.repo, svc.settings, user_id, user) is None:
        return refused(request, 403)
    token = await svc.repo.desk.create_session(user_id)
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_HOURS * 3600, path="/desk",
                        httponly=True, samesite="Strict", secure=secure_cookies(request))
    if isinstance(response, web.HTTPException):
        raise response
    return response


@staff_only
async def log_out(request: web.Request) -> web.StreamResponse:
    staff = signed_in(request)
    await services(request).repo.desk.end_session(staff.token)
    response = web.HTTPSeeOther("/desk/")
    response.del_cookie(SESSION_COOKIE, path="/desk")
    raise response


@staff_only
async def choose_language(request: web.Request) -> web.StreamResponse:
    """Switch the desk (and the bot, which follows the same choice) to vi or en."""
    staff = signed_in(request)
    locale = str((await request.post()).get("locale", ""))
    if locale in SUPPORTED_LOCALES:
        await services(request).repo.users.set_language(staff.user_id, locale)
    back = str((await request.post()).get("next", ""))
    # Only a path of the desk itself: never a redirect to another site.
    raise web.HTTPSeeOther(back if back.startswith("/desk/") and "//" not in back else "/desk/")
