"""The round-robin forwarder that stands in for a load balancer in front of bot workers."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.support.forwarder import Forwarder
from tests.support.receiver import Receiver

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def dead_backend() -> str:
    """A loopback URL nothing listens on (the connection is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
async def dropping_backend() -> AsyncIterator[str]:
    """A server that reads the request and closes the connection without answering."""
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    async with server:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def post(forwarder: Forwarder, update_id: int, path: str = "/tg-hook"
               ) -> tuple[int, str, dict[str, str]]:
    async with aiohttp.ClientSession() as session, session.post(
            forwarder.url + path, json={"update_id": update_id},
            headers={SECRET_HEADER: "s3cret"}) as answer:
        return answer.status, await answer.text(), dict(answer.headers)


async def test_requests_go_to_each_backend_in_turn_unchanged() -> None:
    async with Receiver() as one, Receiver() as two, Forwarder([one.url, two.url]) as lb:
        answers = [await post(lb, n, "/tg-hook?x=1") for n in (1, 2, 3, 4)]
    assert [status for status, _, _ in answers] == [200] * 4
    assert (one.ids(), two.ids()) == ([1, 3], [2, 4])
    assert lb.requests == {one.url: 2, two.url: 2} and not lb.failures
    for received in one.posts + two.posts:
        assert (received.path, received.query) == ("/tg-hook", "x=1")
        assert received.headers[SECRET_HEADER] == "s3cret"


async def test_the_backends_status_body_and_headers_come_back() -> None:
    async with Receiver() as backend, Forwarder([backend.url]) as lb:
        backend.answer(1, (429, {"Retry-After": "7"}, {"ok": False, "why": "busy"}))
        status, body, headers = await post(lb, 1)
    assert (status, json.loads(body)) == (429, {"ok": False, "why": "busy"})
    assert headers["Retry-After"] == "7"
    assert headers["Content-Type"] == "application/json; charset=utf-8"


async def test_a_backend_that_refuses_is_skipped_for_the_next() -> None:
    dead = dead_backend()
    async with Receiver() as live, Forwarder([dead, live.url]) as lb:
        statuses = [(await post(lb, n))[0] for n in (1, 2, 3)]
    assert statuses == [200, 200, 200] and live.ids() == [1, 2, 3]
    assert lb.failures == {dead: 2} and lb.requests == {live.url: 3}


async def test_a_dropped_connection_goes_to_the_next_backend_unless_told_not_to(
        dropping_backend: str) -> None:
    async with Receiver() as live, Forwarder([dropping_backend, live.url]) as lb:
        assert (await post(lb, 1))[0] == 200
        lb.next_on_drop = False
        assert (await post(lb, 2))[0] == 200  # live's turn
        assert (await post(lb, 3))[0] == 502  # dropped, and POSTs are not sent twice
    assert live.ids() == [1, 2] and lb.failures == {dropping_backend: 2}


async def test_when_every_backend_fails_the_answer_is_502() -> None:
    async with Forwarder([dead_backend(), dead_backend()]) as lb:
        assert (await post(lb, 1))[0] == 502
        lb.set_backends([])
        assert (await post(lb, 2))[0] == 502


async def test_a_restarted_worker_is_reached_at_its_new_address() -> None:
    old = dead_backend()
    async with Receiver() as restarted, Forwarder([old]) as lb:
        assert (await post(lb, 1))[0] == 502
        lb.replace_backend(old, restarted.url)
        assert (await post(lb, 2))[0] == 200
        lb.add_backend(old)
        lb.remove_backend(old)
        assert lb.backends == [restarted.url]
    assert restarted.ids() == [2]
