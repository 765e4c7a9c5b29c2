"""Bot API error type and Telegram's exact error descriptions."""

from __future__ import annotations

from typing import Any

TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
ANSWER_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
QUERY_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup"
    " are exactly the same as a current content and reply markup of the message"
)
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
DEACTIVATED = "Forbidden: user is deactivated"
PARSE_PREFIX = "Bad Request: can't parse entities: "
MARKUP_INVALID = "Bad Request: can't parse reply keyboard markup JSON object"
TEXT_BUTTON_IN_INLINE = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first"
)
POLL_TERMINATED = (
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running"
)


class ApiError(Exception):
    """A Bot API failure answered as `{"ok": false, ...}` with an HTTP status."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """Return the JSON body Telegram would send for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(description: str) -> ApiError:
    """Build a 400 error; `description` may omit the "Bad Request: " prefix."""
    if not description.startswith("Bad Request: "):
        description = "Bad Request: " + description
    return ApiError(400, description)


def too_many_requests(retry_after: int) -> ApiError:
    """Build Telegram's flood-control 429 error."""
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
    )
