"""Announcements: composed by officers, sent by a paced background engine."""

from announcements.engine import (
    Audience,
    BroadcastDenied,
    DeliveryEngine,
    EngineConfig,
    confirm,
    create_broadcast,
    engine_of,
    sender_scope,
    start_delivery,
    stop_delivery,
)

__all__ = ["Audience", "BroadcastDenied", "DeliveryEngine", "EngineConfig", "confirm",
           "create_broadcast", "engine_of", "sender_scope", "start_delivery", "stop_delivery"]
