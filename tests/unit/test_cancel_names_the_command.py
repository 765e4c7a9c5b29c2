"""/huy names the command (or button) that takes the cancelled flow up again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.i18n import I18n
from handlers.cancel import stopped_text

ROOT = Path(__file__).resolve().parents[2]
GENERIC = "Stopped. Everything you answered is saved: use the same command again to continue."


def declared_flows() -> set[str]:
    """Every dialog flow name the handlers declare (`FLOW = "…"`, `NOTE_FLOW = "…"`, …)."""
    pattern = re.compile(r'^\w*FLOW = "(\w+)"', re.MULTILINE)
    return {name for path in (ROOT / "handlers").rglob("*.py")
            for name in pattern.findall(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize(("flow", "command"), [
    ("assessment", "/danhgia"), ("registration", "/dangky"), ("broadcast", "/thongbao"),
    ("training", "/lophoc"), ("home_province", "/lophoc"), ("invitation", "/moicanbo"),
    ("registration_note", "/canbo"), ("faq_reply", "/canbo")])
def test_the_message_names_the_flows_command(flow: str, command: str) -> None:
    text = stopped_text(I18n("vi").get("vi"), flow)
    assert f"gõ {command} " in text
    assert "lệnh đó" not in text and "lệnh lúc nãy" not in text


def test_an_assessment_is_continued_with_danhgia_in_both_languages() -> None:
    assert stopped_text(I18n("vi").get("vi"), "assessment") == (
        "Đã dừng. Mọi câu trả lời của bạn vẫn được lưu: gõ /danhgia để làm tiếp.")
    assert "type /assess to continue" in stopped_text(I18n("en").get("en"), "assessment")


@pytest.mark.parametrize(("flow", "command"), [
    ("assessment", "/assess"), ("registration", "/register"), ("broadcast", "/broadcast"),
    ("training", "/trainings"), ("home_province", "/trainings"), ("invitation", "/invite"),
    ("registration_note", "/officer"), ("faq_reply", "/officer")])
def test_in_english_the_message_names_the_english_alias(flow: str, command: str) -> None:
    text = stopped_text(I18n("en").get("en"), flow)
    assert f"type {command} " in text.lower()
    assert not re.search(r"/(danhgia|dangky|thongbao|lophoc|moicanbo|canbo)\b", text)


def test_a_stopped_announcement_keeps_its_draft_not_answers() -> None:
    text = stopped_text(I18n("vi").get("vi"), "broadcast")
    assert text == "Đã dừng. Bản nháp thông báo vẫn được lưu: gõ /thongbao để làm tiếp."
    assert "draft announcement is saved" in stopped_text(I18n("en").get("en"), "broadcast")


def test_every_declared_flow_gets_its_own_way_back() -> None:
    flows = declared_flows()
    assert {"assessment", "registration", "broadcast", "training"} <= flows
    en = I18n("en").get("en")
    assert [f for f in sorted(flows) if stopped_text(en, f) == GENERIC] == []


def test_an_unknown_flow_falls_back_to_the_generic_message() -> None:
    assert stopped_text(I18n("en").get("en"), "gone_flow") == GENERIC
