"""Reading an FAQ engine's reply in tests."""

from __future__ import annotations

from knowledge.faq.engine import Reply


def answered_entry(reply: Reply) -> str | None:
    """The id of the entry a reply answers with, or None when it is not an entry's answer."""
    return reply.entry.id if reply.kind == "answer" and reply.entry is not None else None
