"""The desk's announcements pages (being built)."""

from __future__ import annotations

from aiohttp import web


def add_routes(router: web.UrlDispatcher) -> None:
    """Add this feature's routes."""
