"""The desk's HTTP server: middlewares (headers, session, CSRF), routes, start and stop."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from urllib.parse import urlparse

from aiohttp import web

from core.context import App
from desk import admin, announcements, auth, dossier, home, registrations, stats, trainings
from desk.access import Staff, staff_role
from desk.web import (
    APP_KEY,
    SESSION_COOKIE,
    STAFF_KEY,
    Handler,
    failed,
    not_found,
    refused,
    services,
)

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # an announcement's photo
# No inline script or style anywhere: everything comes from /desk/static.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
    "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Login links carry a token in their path: it never leaves for another site. Not
    # no-referrer: under it, browsers send "Origin: null" even with our own forms.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The only unsafe requests without a session yet: they carry their own proof.
CSRF_EXEMPT = ("/desk/login/", "/desk/api/session")
FEATURES = (auth, home, registrations, dossier, stats, announcements, trainings, admin)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Set the security headers on every answer: pages, redirects and errors."""
    try:
        response = await handler(request)
    except web.HTTPNotFound:
        response = not_found(request)
    except web.HTTPException as exc:  # redirects and refusals raised by the handlers
        _secure_headers(request, exc)
        raise
    except Exception:
        log.exception("The desk failed on %s %s", request.method, request.path)
        response = failed(request)
    _secure_headers(request, response)
    return response


def _secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    if not request.path.startswith("/desk/static/"):
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def find_staff(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Find who is signed in, checking their role and scope in the database now."""
    staff = await _staff(request)
    if staff is not None:
        request[STAFF_KEY] = staff
    return await handler(request)


async def _staff(request: web.Request) -> Staff | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    svc = services(request)
    session = await svc.repo.desk.session(token)
    if session is None:
        return None
    user = await svc.repo.users.get(session.user_id)
    role = await staff_role(svc.repo, svc.settings, session.user_id, user)
    if role is None:  # no longer an officer: out now, and everywhere
        await svc.repo.desk.end_sessions_of(session.user_id)
        return None
    locale = svc.i18n.resolve(user.language if user else None,
                              user.telegram_language if user else None)
    return Staff(session.user_id, user.first_name if user else str(session.user_id),
                 role[0], role[1], locale, session, token, user)


@web.middleware
async def csrf_checked(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse unsafe requests from another site, or without the session's CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith(CSRF_EXEMPT):
        return await handler(request)
    if not _same_origin(request) or not await _token_matches(request):
        return refused(request, 403)
    return await handler(request)


def _same_origin(request: web.Request) -> bool:
    origin = request.headers.get("Origin")
    if origin == "null":
        # Privacy settings and extensions can make a browser send "null" even for our own
        # forms; fetch metadata (which no page can set) says where the request came from.
        return request.headers.get("Sec-Fetch-Site") == "same-origin"
    return origin is None or urlparse(origin).netloc == request.host


async def _token_matches(request: web.Request) -> bool:
    staff = request.get(STAFF_KEY)
    if staff is None:
        return False
    given = request.headers.get("X-CSRF-Token")
    if given is None and request.content_type in ("application/x-www-form-urlencoded",
                                                  "multipart/form-data"):
        given = str((await request.post()).get("csrf", ""))
    return hmac.compare_digest((given or "").encode(), staff.csrf.encode())


def desk_application(app: App) -> web.Application:
    """The aiohttp application of the desk, over the bot's services."""
    server = web.Application(middlewares=[security_headers, find_staff, csrf_checked],
                             client_max_size=MAX_UPLOAD_BYTES)
    server[APP_KEY] = app
    for feature in FEATURES:
        feature.add_routes(server.router)
    server.router.add_static("/desk/static/", STATIC_DIR)
    return server


class DeskServer:
    """The running desk: where it listens, and how to stop it."""

    def __init__(self, runner: web.AppRunner, base_url: str) -> None:
        self.runner = runner
        self.base_url = base_url

    @classmethod
    async def start(cls, app: App, listen: str, port: int) -> DeskServer:
        runner = web.AppRunner(desk_application(app), access_log=None, shutdown_timeout=5.0)
        await runner.setup()
        site = web.TCPSite(runner, listen, port)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        host = "127.0.0.1" if listen in ("0.0.0.0", "::", "") else listen
        base_url = f"http://{host}:{bound}"
        log.info("The officers' desk listens on %s:%s (%s/desk/)", listen, bound, base_url)
        return cls(runner, base_url)

    async def stop(self) -> None:
        await self.runner.cleanup()
