"""The desk's list of registrations: filters in the address, search by name through a form
(never in an address), pages of 50, the commune's deadline, and exports of what the list shows.

Filtering, sorting, counting and paging all happen in SQL, within the officer's scope.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup

from core.dossier_deadline import deadline_of, received_on
from core.i18n import N_, Translator
from core.text import one_line
from core.vietnam_time import VIETNAM, vietnam_today
from desk.access import Staff
from desk.web import (
    PAGE_SIZE,
    attachment,
    page,
    refused,
    services,
    signed_in,
    staff_only,
    translator,
)
from knowledge import places
from knowledge.criteria.products import fold
from knowledge.deadlines import DeadlineState, deadline_state, working_days_left
from reports.exports import KIND_NAMES, registrations_csv, registrations_xlsx, status_name
from storage.registrations import (
    Registration,
    RegistrationQuery,
    RegistrationSort,
    RegistrationStatus,
)

LIST_PATH = "/desk/registrations"
SEARCH_MAX = 100
# The same words as the desk's first page.
STATUS_LABELS: dict[str, str] = {
    RegistrationStatus.SUBMITTED: N_("waiting for the commune"),
    RegistrationStatus.INFO_REQUESTED: N_("more information requested"),
    RegistrationStatus.ACCEPTED: N_("accepted"),
    RegistrationStatus.REJECTED: N_("not accepted"),
}
SORT_LABELS: dict[str, str] = {
    RegistrationSort.NEWEST: N_("Newest first"),
    RegistrationSort.OLDEST: N_("Oldest first"),
    RegistrationSort.DEADLINE: N_("Nearest deadline first"),
}
BADGES = {DeadlineState.ON_TIME: "ok", DeadlineState.NEAR: "near",
          DeadlineState.OVERDUE: "overdue"}
Choice = TypeVar("Choice", bound=StrEnum)


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get(LIST_PATH, list_registrations)
    router.add_post(LIST_PATH, search_registrations)
    router.add_get(LIST_PATH + "/export.{kind:xlsx|csv}", export_registrations)
    router.add_post(LIST_PATH + "/export.{kind:xlsx|csv}", export_registrations)


def _number(value: object, low: int, high: int) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def _choice(value: object, choices: type[Choice]) -> Choice | None:
    try:
        return choices(str(value or ""))
    except ValueError:
        return None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _start_of(day: date) -> str:
    """Midnight of `day` in Vietnam, as the ISO instant in UTC that storage compares with."""
    return datetime.combine(day, time(), VIETNAM).astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Filters:
    """The list's filters, as the address's query (or a form) gives them; odd values ignored."""

    status: RegistrationStatus | None = None
    commune: int | None = None
    sheet: int | None = None
    kind: str | None = None
    since: date | None = None  # "from", included
    until: date | None = None  # "to", included
    sort: RegistrationSort = RegistrationSort.NEWEST

    @classmethod
    def read(cls, values: Mapping[str, Any]) -> Filters:
        status = _choice(values.get("status"), RegistrationStatus)
        kind = str(values.get("kind") or "")
        return cls(status if status in STATUS_LABELS else None,
                   _number(values.get("commune"), 1, 10**9), _number(values.get("sheet"), 1, 26),
                   kind if kind in KIND_NAMES else None,
                   _day(values.get("from")), _day(values.get("to")),
                   _choice(values.get("sort"), RegistrationSort) or RegistrationSort.NEWEST)

    def fields(self) -> list[tuple[str, str]]:
        """The filters that are set, as (name, value): for links and hidden form fields."""
        pairs = [("status", self.status), ("commune", self.commune), ("sheet", self.sheet),
                 ("kind", self.kind), ("from", self.since), ("to", self.until),
                 ("sort", None if self.sort == RegistrationSort.NEWEST else self.sort)]
        return [(name, str(value)) for name, value in pairs if value is not None]

    def address(self, page_number: int = 1) -> str:
        """The list's address with these filters (codes and dates only: nothing personal)."""
        pairs = self.fields() + ([("page", str(page_number))] if page_number > 1 else [])
        return LIST_PATH + ("?" + urlencode(pairs) if pairs else "")

    def query(self, staff: Staff, search: str = "") -> RegistrationQuery:
        """The storage query: these filters within the officer's scope."""
        return RegistrationQuery(
            scope=staff.scope, status=self.status, commune_code=self.commune, sheet=self.sheet,
            kind=self.kind, search=search, sort=self.sort,
            submitted_from=_start_of(self.since) if self.since else None,
            submitted_before=_start_of(self.until + timedelta(days=1)) if self.until else None)


def commune_allowed(staff: Staff, commune: int | None) -> bool:
    """Whether an officer may filter on this commune: one of their area (any, for admins)."""
    if commune is None or staff.scope is None:
        return True
    if staff.scope.commune_code is not None:
        return commune == staff.scope.commune_code
    return places.commune(staff.scope.province_code, commune) is not None


def search_text(value: object) -> str:
    """What was typed in the search box, on one line and not too long."""
    return one_line(str(value or ""))[:SEARCH_MAX]


@dataclass(frozen=True, slots=True)
class Row:
    """One registration as the list shows it."""

    id: int
    product: str
    organisation: str
    commune: str
    sheet: int | None
    kind: str
    status: str
    submitted: str
    deadline: str  # empty unless the commune still has to decide
    badge: str  # ok, near or overdue
    badge_text: str


def _row(r: Registration, t: Translator, today: date) -> Row:
    received, deadline = received_on(r), deadline_of(r)
    badge, badge_text = _badge(t, deadline, today) if deadline else ("", "")
    return Row(r.id, r.product_name or "", r.org_name or "",
               _commune_name(r.province_code, r.commune_code), r.sheet,
               t(KIND_NAMES[r.kind]) if r.kind in KIND_NAMES else "", _status(t, r.status),
               t.date(received) if received else "", t.date(deadline) if deadline else "",
               badge, badge_text)


def _badge(t: Translator, deadline: date, today: date) -> tuple[str, str]:
    """The badge's class and words: working days left, due today, or overdue (the date shows
    by how much: counting the working days since would cost a walk over every day since)."""
    state = deadline_state(deadline, today)
    if state == DeadlineState.OVERDUE:
        return BADGES[state], t("overdue")
    left = working_days_left(deadline, today)
    text = t("due today") if left == 0 else t.plural(
        "{n} working day left", "{n} working days left", left)
    return BADGES[state], text


def _status(t: Translator, status: str) -> str:
    label = STATUS_LABELS.get(status)
    return t(label).capitalize() if label else status_name(t, status)


@cache
def _commune_name(province_code: int | None, commune_code: int | None) -> str:
    """A commune's official name (the places never change while the bot runs)."""
    if province_code is None or commune_code is None:
        return ""
    commune = places.commune(province_code, commune_code)
    return commune.name if commune else str(commune_code)


@cache
def _province_name(province_code: int) -> str:
    province = places.province(province_code)
    return province.name if province else str(province_code)


@cache
def _sort_key(name: str) -> str:
    return fold(name)


def _summary(t: Translator, total: int, search: str) -> Markup:
    """How many registrations the list holds (and for which search words)."""
    if not search:
        return Markup(t.plural("{n} registration", "{n} registrations", total))
    # The translator escapes the words; the catalogue's text is ours.
    return Markup(t.plural("{n} registration found for “{words}”",
                           "{n} registrations found for “{words}”", total, words=search))


async def _commune_groups(request: web.Request, staff: Staff, selected: int | None
                          ) -> list[tuple[str, list[tuple[int, str]]]]:
    """The communes with registrations in scope, by province, for the commune filter."""
    found = await services(request).repo.registrations.communes_with_registrations(staff.scope)
    groups: dict[str, list[tuple[int, str]]] = {}
    for province_code, commune_code in found:
        groups.setdefault(_province_name(province_code), []).append(
            (commune_code, _commune_name(province_code, commune_code)))
    if selected is not None and selected not in (c for _, c in found):  # none there yet
        province = staff.scope.province_code if staff.scope else None
        groups.setdefault(_province_name(province) if province else "", []).append(
            (selected, _commune_name(province, selected) if province else str(selected)))
    return [(name, sorted(communes, key=lambda c: _sort_key(c[1])))
            for name, communes in groups.items()]


async def _choices(request: web.Request, staff: Staff, filters: Filters) -> dict[str, Any]:
    """What each filter of the form offers, in the officer's language."""
    t = translator(request)
    own = staff.scope.commune_code if staff.scope else None
    return {
        "statuses": [(s, t(label).capitalize()) for s, label in STATUS_LABELS.items()],
        "sorts": [(s, t(label)) for s, label in SORT_LABELS.items()],
        "kinds": [(k, t(label)) for k, label in KIND_NAMES.items()],
        "sheets": [(n, f"{n}. {sheet.title}")
                   for n, sheet in sorted(services(request).sheets.items())],
        "communes": [] if own else await _commune_groups(request, staff, filters.commune),
        "own_commune": _commune_name(staff.scope.province_code, own) if staff.scope else "",
    }


@staff_only
async def list_registrations(request: web.Request) -> web.StreamResponse:
    """A page of the registrations in scope, filtered by the address's query."""
    return await _listing(request, request.query, search="")


@staff_only
async def search_registrations(request: web.Request) -> web.StreamResponse:
    """The list searched by name: the words travel in forms, never in an address."""
    form = await request.post()
    search = search_text(form.get("q"))
    if not search:  # only filters: show them in the address, where they can be kept
        raise web.HTTPSeeOther(Filters.read(form).address())
    return await _listing(request, form, search)


async def _listing(request: web.Request, values: Mapping[str, Any],
                   search: str) -> web.StreamResponse:
    staff = signed_in(request)
    filters = Filters.read(values)
    if not commune_allowed(staff, filters.commune):
        return refused(request, 403)
    found = await services(request).repo.registrations.page(
        filters.query(staff, search), PAGE_SIZE, _number(values.get("page"), 1, 10**6) or 1)
    t, today = translator(request), vietnam_today()
    return page(request, "registrations.html.j2", rows=[_row(r, t, today) for r in found.rows],
                filters=filters, search=search, summary=_summary(t, found.total, search),
                page_number=found.number, pages=max(1, -(-found.total // PAGE_SIZE)),
                **await _choices(request, staff, filters))


@staff_only
async def export_registrations(request: web.Request) -> web.StreamResponse:
    """The list's rows (filtered; searched too when posted) as an Excel or CSV file."""
    staff = signed_in(request)
    posted = request.method == "POST"
    values: Mapping[str, Any] = await request.post() if posted else request.query
    filters = Filters.read(values)
    if not commune_allowed(staff, filters.commune):
        return refused(request, 403)
    search = search_text(values.get("q")) if posted else ""  # a search only by form
    found = await services(request).repo.registrations.find(filters.query(staff, search))
    kind = request.match_info["kind"]
    build = registrations_xlsx if kind == "xlsx" else registrations_csv
    # Thousands of rows take a while: not on the loop that also serves the bot.
    data = await asyncio.to_thread(build, found, translator(request))
    name = f"dang-ky-ocop-{vietnam_today().isoformat()}.{kind}"  # nothing personal in it
    return attachment(data, name)
