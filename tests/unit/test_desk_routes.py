"""Every route of the desk checks the role first, except the doors in."""

from __future__ import annotations

from typing import Any

from desk.server import desk_application
from desk.web import is_guarded

# Signing in, and the pages that lead to it; static files hold no data.
PUBLIC = {"confirm_login", "use_login", "mini_app", "mini_app_session", "to_home"}


def test_every_route_but_the_doors_in_checks_the_role() -> None:
    server = desk_application(object())  # type: ignore[arg-type]
    unguarded: list[Any] = []
    for route in server.router.routes():
        handler = route.handler
        name = getattr(handler, "__name__", "")
        if route.resource is not None and route.resource.canonical.startswith("/desk/static"):
            continue
        if name not in PUBLIC and not is_guarded(handler):
            unguarded.append((route.method, route.resource.canonical if route.resource else name))
    assert unguarded == []
    names = {getattr(r.handler, "__name__", "") for r in server.router.routes()}
    assert names >= PUBLIC  # the allowance names real routes
