"""/help names each command once for English readers, both names for Vietnamese readers."""

from __future__ import annotations

from core.commands import COMMANDS, command
from handlers.guide import usage


def test_english_readers_see_only_the_english_alias() -> None:
    assert usage(command("danhgia"), "en") == "/assess"
    assert usage(command("start"), "en") == "/start"  # no alias: its one name
    assert all(usage(cmd, "en") == f"/{cmd.alias or cmd.name}" for cmd in COMMANDS)


def test_vietnamese_readers_see_both_names() -> None:
    assert usage(command("danhgia"), "vi") == "/danhgia /assess"
    assert usage(command("start"), "vi") == "/start"
