"""The desk's first page: what waits for this officer, and where to go from here."""

from __future__ import annotations

from aiohttp import web

from core.roles import describe_scope
from desk.web import page, services, signed_in, staff_only, translator
from storage.registrations import RegistrationStatus


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/", home)
    router.add_get("/desk", to_home)


async def to_home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/desk/")


@staff_only
async def home(request: web.Request) -> web.Response:
    """Counts of the registrations in scope by status, with links to each list."""
    staff = signed_in(request)
    found = await services(request).repo.registrations.count_by_status(staff.scope)
    counts = {status: found.get(status, 0)
              for status in (RegistrationStatus.SUBMITTED, RegistrationStatus.INFO_REQUESTED,
                             RegistrationStatus.ACCEPTED, RegistrationStatus.REJECTED)}
    return page(request, "home.html.j2", counts=counts,
                scope=describe_scope(translator(request), staff.scope))
