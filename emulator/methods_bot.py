"""Bot-level methods: identity, updates, webhook, commands, chats, files."""

from __future__ import annotations

import re
from typing import Any

from .context import Call, Handler
from .errors import WEBHOOK_ACTIVE, ApiError, bad_request
from .webhook import DEFAULT_MAX_CONNECTIONS, MAX_CONNECTIONS

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]*$")  # td::is_base64url_characters


async def get_me(call: Call) -> dict[str, Any]:
    """getMe: the bot user with its capability flags."""
    return {
        **call.state.bot_user(), "can_join_groups": True, "can_read_all_group_messages": False,
        "supports_inline_queries": False, "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(call: Call) -> list[dict[str, Any]]:
    """getUpdates: confirm by offset, then long-poll for up to `timeout` seconds."""
    state, params = call.state, call.params
    if state.webhook.url:
        raise ApiError(409, WEBHOOK_ACTIVE)
    if isinstance(params.get("offset"), int):
        state.updates.confirm(params["offset"])
    _allow_updates(call)
    raw_limit, raw_timeout = params.get("limit"), params.get("timeout")
    limit = raw_limit if isinstance(raw_limit, int) else 100
    timeout = raw_timeout if isinstance(raw_timeout, int | float) else 0
    return await state.updates.poll(min(max(limit, 1), 100), max(float(timeout), 0.0))


def _allow_updates(call: Call) -> None:
    """`allowed_updates` of getUpdates or setWebhook: kept until given again."""
    allowed = call.params.get("allowed_updates")
    if isinstance(allowed, list):
        call.state.updates.allowed = frozenset(allowed) if allowed else None


async def set_webhook(call: Call) -> bool:
    """setWebhook: push updates to the URL (emulator/webhook.py); an empty URL deletes it."""
    url = str(call.params.get("url") or "")
    drop = bool(call.params.get("drop_pending_updates"))
    if not url:
        await call.state.webhook.delete(drop_pending=drop)
        return True
    secret = str(call.params.get("secret_token") or "")
    if len(secret) > 256:
        raise bad_request("secret token is too long")
    if not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    _allow_updates(call)
    raw = call.params.get("max_connections")
    connections = raw if isinstance(raw, int) else DEFAULT_MAX_CONNECTIONS
    await call.state.webhook.set(url, secret, min(max(connections, 1), MAX_CONNECTIONS),
                                 drop_pending=drop)
    return True


async def delete_webhook(call: Call) -> bool:
    """deleteWebhook: stop pushing, optionally dropping pending updates."""
    await call.state.webhook.delete(drop_pending=bool(call.params.get("drop_pending_updates")))
    return True


async def get_webhook_info(call: Call) -> dict[str, Any]:
    """getWebhookInfo: url, pending_update_count, max_connections and the last error."""
    return call.state.webhook.info()


def commands_key(params: dict[str, Any]) -> tuple[str, str]:
    """(scope type, language_code or "") — chat scopes get their ids appended to the type."""
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    for id_key in ("chat_id", "user_id"):
        if id_key in scope:
            kind += f":{scope[id_key]}"
    return kind, str(params.get("language_code") or "")


def _validate_commands(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        raise bad_request("can't parse commands JSON object")
    commands = []
    for item in raw:
        if not isinstance(item, dict) or not _COMMAND.match(str(item.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        description = str(item.get("description", ""))
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        commands.append({"command": item["command"], "description": description})
    return commands


async def set_my_commands(call: Call) -> bool:
    """setMyCommands: store per (scope, language); an empty list deletes."""
    commands = _validate_commands(call.params.get("commands"))
    key = commands_key(call.params)
    if commands:
        call.state.commands[key] = commands
    else:
        call.state.commands.pop(key, None)
    return True


async def get_my_commands(call: Call) -> list[dict[str, str]]:
    """getMyCommands for exactly that scope and language."""
    return list(call.state.commands.get(commands_key(call.params), []))


async def delete_my_commands(call: Call) -> bool:
    """deleteMyCommands."""
    call.state.commands.pop(commands_key(call.params), None)
    return True


async def get_chat(call: Call) -> dict[str, Any]:
    """getChat: a minimal but complete `ChatFullInfo`."""
    chat = call.chat(reachable=False)
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription",
         "gifts_from_channels"), False)
    return {**chat.chat, "accent_color_id": 0, "max_reaction_count": 11,
            "accepted_gift_types": gifts}


async def send_chat_action(call: Call) -> bool:
    """sendChatAction: checks the chat, shows nothing."""
    call.chat()
    if not call.params.get("action"):
        raise bad_request("action is empty")
    return True


async def get_file(call: Call) -> dict[str, Any]:
    """getFile: path under base_file_url for a stored file."""
    stored = call.state.files.get(str(call.params.get("file_id", "")))
    if stored is None:
        raise bad_request("invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
            "file_size": len(stored.data), "file_path": stored.path}


async def always_true(call: Call) -> bool:
    """close, logOut and bot-profile setters the emulator accepts and ignores."""
    return True


BOT_METHODS: dict[str, Handler] = {
    "getMe": get_me, "getUpdates": get_updates, "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook, "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands, "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands, "getChat": get_chat,
    "sendChatAction": send_chat_action, "getFile": get_file, "close": always_true,
    "logOut": always_true, "setMyDescription": always_true,
    "setMyShortDescription": always_true, "setMyName": always_true,
    "setChatMenuButton": always_true,
}
