"""The emulator pushes updates to a webhook the way Telegram's Bot API server does."""

from __future__ import annotations

import itertools
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from emulator import BotApiEmulator
from emulator.errors import WEBHOOK_ACTIVE
from emulator.webhook import ABANDONED, REFUSED, TIMED_OUT, UNRESOLVED, queue_key
from tests.support.receiver import HANG, Receiver

BASE = 0.02  # seconds per second of Telegram's resend schedule
SECRET = "s3cret_-token"


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(global_limit_per_second=None, webhook_retry_base=BASE,
                              webhook_timeout=10.0) as server:
        yield server


@pytest.fixture
async def hook() -> AsyncIterator[Receiver]:
    async with Receiver() as receiver:
        yield receiver


async def api(emu: BotApiEmulator, method: str, **params: Any) -> dict[str, Any]:
    """Call a Bot API method as a bot would; the decoded answer, error or not."""
    async with aiohttp.ClientSession() as session, session.post(
            f"{emu.base_url}{emu.token}/{method}", json=params) as response:
        answer: dict[str, Any] = await response.json()
        return answer


async def set_hook(emu: BotApiEmulator, url: str, **params: Any) -> None:
    assert (await api(emu, "setWebhook", url=url, **params))["ok"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def statuses(emu: BotApiEmulator, update_id: int) -> list[int | None]:
    return [attempt.status for attempt in emu.webhook_deliveries[update_id]]


async def test_updates_are_posted_with_the_secret_header_and_getupdates_refuses(
        emu: BotApiEmulator, hook: Receiver) -> None:
    await set_hook(emu, f"{hook.url}/tg-hook?x=1", secret_token=SECRET, max_connections=5)
    await emu.user(first_name="Lan").send("/start")
    await emu.webhook_idle()
    [post] = hook.posts
    assert (post.path, post.query) == ("/tg-hook", "x=1")
    assert post.headers["X-Telegram-Bot-Api-Secret-Token"] == SECRET
    assert post.headers["Content-Type"] == "application/json"
    assert post.update["update_id"] == 1 and post.update["message"]["text"] == "/start"
    conflict = await api(emu, "getUpdates")
    assert (conflict["error_code"], conflict["description"]) == (409, WEBHOOK_ACTIVE)
    info = (await api(emu, "getWebhookInfo"))["result"]
    assert info == {"url": f"{hook.url}/tg-hook?x=1", "has_custom_certificate": False,
                    "pending_update_count": 0, "max_connections": 5}


async def test_without_a_secret_no_secret_header_is_sent(emu: BotApiEmulator,
                                                         hook: Receiver) -> None:
    await set_hook(emu, hook.url)
    await emu.user().send("hello")
    await emu.webhook_idle()
    assert "X-Telegram-Bot-Api-Secret-Token" not in hook.posts[0].headers
    assert (await api(emu, "getWebhookInfo"))["result"]["max_connections"] == 40


async def test_a_failed_update_is_sent_again_before_the_next_of_its_chat(
        emu: BotApiEmulator, hook: Receiver) -> None:
    hook.answer(1, 500)
    await set_hook(emu, hook.url)
    lan = emu.user()
    for text in ("one", "two", "three"):
        await lan.send(text)
    await emu.webhook_idle()
    assert hook.ids() == [1, 1, 2, 3]
    assert statuses(emu, 1) == [500, 200] and statuses(emu, 2) == statuses(emu, 3) == [200]
    first, again = emu.webhook_deliveries[1]
    assert first.retry_in == 0  # Telegram resends at once after a first failure
    assert again.ended is not None and emu.webhook_deliveries[2][0].started >= again.ended
    info = (await api(emu, "getWebhookInfo"))["result"]
    assert info["last_error_message"] == (
        "Wrong response from the webhook: 500 Internal Server Error")
    assert isinstance(info["last_error_date"], int) and info["pending_update_count"] == 0


async def test_resends_wait_twice_as_long_each_time_or_as_long_as_retry_after_says(
        emu: BotApiEmulator, hook: Receiver) -> None:
    hook.answer(1, 502, 503, 500)
    hook.answer(2, (429, {"Retry-After": "3"}, {"ok": False}))
    hook.answer(3, (429, {}, {"ok": False, "parameters": {"retry_after": 30}}), 500)
    await set_hook(emu, hook.url)
    for user_id in (11, 12, 13):
        await emu.user(user_id).send("hi")
    await emu.webhook_idle()
    waits = {uid: [a.retry_in for a in tries] for uid, tries in emu.webhook_deliveries.items()}
    assert waits[1] == [0, 2 * BASE, 4 * BASE, None]
    assert waits[2] == [3 * BASE, None]
    # Telegram reads only the Retry-After header, never a retry_after in the body.
    assert waits[3] == [0, 2 * BASE, None]
    for tries in emu.webhook_deliveries.values():
        for failed, resent in itertools.pairwise(tries):
            assert failed.ended is not None and failed.retry_in is not None
            assert resent.started - failed.ended >= failed.retry_in - 0.001


async def test_chats_are_sent_in_parallel_one_update_of_each_chat_at_a_time(
        emu: BotApiEmulator, hook: Receiver) -> None:
    hook.open.clear()
    await set_hook(emu, hook.url)
    lan, minh, hoa = emu.user(), emu.user(), emu.user()
    for user in (lan, minh, hoa, lan):
        await user.send("hi")
    await hook.until(lambda: hook.inside == 3)
    assert sorted(hook.ids()) == [1, 2, 3] and emu.webhook.in_flight == 3  # not lan's second
    hook.open.set()
    await emu.webhook_idle()
    assert hook.ids().index(4) > hook.ids().index(1) and hook.most_inside == 3


async def test_no_more_than_max_connections_are_in_flight(emu: BotApiEmulator,
                                                         hook: Receiver) -> None:
    hook.open.clear()
    await set_hook(emu, hook.url, max_connections=2)
    for _ in range(4):
        await emu.user().send("hi")
    await hook.until(lambda: hook.inside == 2)
    assert hook.ids() == [1, 2] and emu.webhook.in_flight == 2
    hook.open.set()
    await emu.webhook_idle()
    assert sorted(hook.ids()) == [1, 2, 3, 4] and hook.most_inside == 2


async def test_a_persons_button_presses_queue_apart_from_their_messages(
        emu: BotApiEmulator, hook: Receiver) -> None:
    hook.open.clear()
    await set_hook(emu, hook.url)
    lan = emu.user()
    await lan.send("typed first")
    emu.state.updates.push("callback_query", {
        "id": "77", "from": lan.info, "chat_instance": "1", "data": "menu:criteria"})
    # As on Telegram, the press does not wait for the message before it: both are in flight.
    await hook.until(lambda: hook.inside == 2)
    assert queue_key(hook.posts[0].update) != queue_key(hook.posts[1].update)
    hook.open.set()
    await emu.webhook_idle()


async def test_no_answer_within_the_timeout_is_a_failure(emu: BotApiEmulator,
                                                         hook: Receiver) -> None:
    emu.webhook.timeout = 0.2
    hook.answer(1, HANG)
    await set_hook(emu, hook.url)
    await emu.user().send("hi")
    await emu.webhook_idle()
    *timed_out, delivered = emu.webhook_deliveries[1]
    assert delivered.status == 200 and timed_out  # (a loaded machine may time out once more)
    assert all((a.status, a.error) == (None, TIMED_OUT) for a in timed_out)


async def test_a_changed_webhook_gets_again_what_was_in_flight(emu: BotApiEmulator,
                                                              hook: Receiver) -> None:
    hook.open.clear()
    await set_hook(emu, f"{hook.url}/old", secret_token=SECRET)
    await emu.user().send("hi")
    await hook.until(lambda: hook.inside == 1)
    await set_hook(emu, f"{hook.url}/old", secret_token=SECRET)  # the same: nothing changes
    assert emu.webhook.in_flight == 1
    await set_hook(emu, f"{hook.url}/new", secret_token=SECRET)
    hook.open.set()
    await emu.webhook_idle()
    # At least once, as on Telegram: the first POST may have been handled before it was dropped.
    assert [post.path for post in hook.posts] == ["/old", "/new"]
    assert [(a.status, a.error) for a in emu.webhook_deliveries[1]] == [
        (None, ABANDONED), (200, None)]


async def test_delete_webhook_gives_pending_updates_back_to_getupdates(
        emu: BotApiEmulator) -> None:
    await set_hook(emu, f"http://127.0.0.1:{closed_port()}/hook")
    lan = emu.user()
    await lan.send("one")
    await lan.send("two")
    await emu.webhook.wait_for(lambda: any(a.error for a in emu.webhook.attempts))
    info = (await api(emu, "getWebhookInfo"))["result"]
    assert (info["pending_update_count"], info["last_error_message"]) == (2, REFUSED)
    assert (await api(emu, "deleteWebhook"))["ok"]
    assert (await api(emu, "getWebhookInfo"))["result"] == {
        "url": "", "has_custom_certificate": False, "pending_update_count": 2}
    updates = (await api(emu, "getUpdates"))["result"]
    assert [u["message"]["text"] for u in updates] == ["one", "two"]


async def test_delete_webhook_can_drop_the_pending_updates(emu: BotApiEmulator) -> None:
    await set_hook(emu, f"http://127.0.0.1:{closed_port()}/hook")
    await emu.user().send("one")
    assert (await api(emu, "deleteWebhook", drop_pending_updates=True))["ok"]
    await emu.webhook_idle(timeout=0)
    assert (await api(emu, "getUpdates"))["result"] == []


async def test_a_host_is_reached_only_once_routed_there(emu: BotApiEmulator,
                                                        hook: Receiver) -> None:
    await set_hook(emu, "https://ocop.example.vn/tg-hook", secret_token=SECRET)
    await emu.user().send("hi")
    await emu.webhook.wait_for(lambda: bool(emu.webhook.attempts)
                               and emu.webhook.attempts[0].error is not None)
    assert emu.webhook.attempts[0].error == UNRESOLVED and not hook.posts
    emu.route_webhook("ocop.example.vn", hook.url)
    await emu.webhook_idle()
    assert hook.posts[0].path == "/tg-hook" and hook.posts[0].headers["Host"] == "ocop.example.vn"


async def test_webhook_idle_says_why_it_timed_out(emu: BotApiEmulator) -> None:
    await set_hook(emu, f"http://127.0.0.1:{closed_port()}/hook")
    await emu.user().send("hi")
    await emu.webhook.wait_for(lambda: emu.webhook.last_error_message != "")
    with pytest.raises(TimeoutError, match=r"1 updates pending.*Connection refused"):
        await emu.webhook_idle(timeout=0.05)


@pytest.mark.parametrize(("secret", "description"), [
    ("bad secret!", "Bad Request: secret token contains unallowed characters"),
    ("x" * 257, "Bad Request: secret token is too long"),
])
async def test_set_webhook_checks_the_secret_token(emu: BotApiEmulator, secret: str,
                                                   description: str) -> None:
    answer = await api(emu, "setWebhook", url="https://ocop.example.vn/h", secret_token=secret)
    assert (answer["error_code"], answer["description"]) == (400, description)
    assert (await api(emu, "getWebhookInfo"))["result"]["url"] == ""


@pytest.mark.parametrize(("asked", "kept"), [(0, 1), (7, 7), (1000, 100)])
async def test_max_connections_is_kept_within_1_to_100(emu: BotApiEmulator, asked: int,
                                                       kept: int) -> None:
    await set_hook(emu, "https://ocop.example.vn/h", max_connections=asked)
    assert (await api(emu, "getWebhookInfo"))["result"]["max_connections"] == kept


def test_queues_follow_telegram() -> None:
    lan = {"id": 5, "is_bot": False, "first_name": "Lan"}
    group = {"id": -100, "type": "supergroup", "title": "HTX"}
    assert queue_key({"update_id": 1, "message": {"chat": group, "from": lan}}) == (0, -100)
    assert queue_key({"update_id": 2, "edited_message": {"chat": group}}) == (0, -100)
    assert queue_key({"update_id": 3, "callback_query": {"from": lan}}) == (3, 5)
    assert queue_key({"update_id": 4, "my_chat_member": {"chat": group}}) == (5, -100)
    assert queue_key({"update_id": 5, "something_new": {}}) == ("unique", 5)
