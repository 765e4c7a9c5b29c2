"""A Telegram Bot API emulator for end-to-end tests, benchmarks and the terminal demo."""

from .faults import FaultPlan
from .models import BotMessage, Button, ChatEvent
from .server import BotApiEmulator
from .sim import SimGroup, SimUser
from .stats import ApiCall, EmulatorStats
from .webhook import Webhook, WebhookAttempt

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "BotMessage",
    "Button",
    "ChatEvent",
    "EmulatorStats",
    "FaultPlan",
    "SimGroup",
    "SimUser",
    "Webhook",
    "WebhookAttempt",
]
