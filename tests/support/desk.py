"""Helpers for the desk's HTTP tests: a test client on the running bot, and signing in."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer

import desk
from desk.init_data import sign
from desk.server import desk_application
from tests.support.harness import TEST_TOKEN, RunningBot


@asynccontextmanager
async def desk_client(bot: RunningBot) -> AsyncIterator[TestClient[object, object]]:
    """aiohttp's test client on the desk of `bot`."""
    assert bot.app is not None
    async with TestClient(TestServer(desk_application(bot.app))) as client:
        yield client


async def sign_in(client: TestClient[object, object], bot: RunningBot, user_id: int) -> str:
    """Sign `user_id` in by a login link; return the session's CSRF token."""
    assert bot.app is not None
    link = await desk.login_link(bot.app, user_id)
    path = link[link.index("/desk/login/"):]
    response = await client.post(path, allow_redirects=False)
    assert response.status == 303, await response.text()
    return await csrf_of(client)


async def csrf_of(client: TestClient[object, object]) -> str:
    """The CSRF token written in the desk's pages for this session."""
    html = await (await client.get("/desk/")).text()
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html
    return found[1]


def init_data(user_id: int, *, token: str = TEST_TOKEN, age: float = 0,
              first_name: str = "Lan") -> str:
    """Init data as Telegram signs it for the Mini App of the bot with `token`."""
    user = json.dumps({"id": user_id, "first_name": first_name, "language_code": "vi"})
    return sign({"query_id": "AAH", "user": user, "auth_date": str(int(time.time() - age))},
                token)
