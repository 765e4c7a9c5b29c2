"""The officers' desk on the web, served by the bot's own process over the same services.

`start_desk` and `stop_desk` are its only entry points; `login_link` makes the one-time link
that /canbo shows.
"""

from __future__ import annotations

from core.context import SERVICES_KEY, App, Services

DESK_KEY = "desk_server"


async def start_desk(app: App) -> None:
    """Start the desk's HTTP server at WEB_LISTEN:WEB_PORT."""
    from desk.server import DeskServer  # its routes import handlers, which import this package

    services: Services = app.bot_data[SERVICES_KEY]
    await services.repo.desk.sweep()  # sessions and links that expired while it was down
    web = services.settings.web
    app.bot_data[DESK_KEY] = await DeskServer.start(app, web.listen, web.port)


async def stop_desk(app: App) -> None:
    """Stop the desk's HTTP server, if it runs."""
    server = app.bot_data.pop(DESK_KEY, None)
    if server is not None:
        await server.stop()


def base_url(app: App) -> str:
    """The desk's address for people: WEB_PUBLIC_URL, else where it listens."""
    services: Services = app.bot_data[SERVICES_KEY]
    if services.settings.web.public_url:
        return services.settings.web.public_url.rstrip("/")
    server = app.bot_data.get(DESK_KEY)
    return server.base_url if server is not None else ""


async def login_link(app: App, user_id: int) -> str:
    """A one-time login link for `user_id`, valid 10 minutes."""
    services: Services = app.bot_data[SERVICES_KEY]
    token = await services.repo.desk.create_login(user_id)
    return f"{base_url(app)}/desk/login/{token}"
