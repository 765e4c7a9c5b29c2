"""Catalogues complete and in step with the code; templates render in both languages."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from markupsafe import Markup

from core.config import SUPPORTED_LOCALES
from core.i18n import LOCALES_DIR, I18n, compile_catalogues
from core.render import Renderer
from handlers.assessment import render
from tests.support.sheets import official_conditions, official_sheets

ROOT = Path(__file__).resolve().parents[2]
OTHER_TESTS = {"report.html.j2"}  # rendered in both languages by tests/unit/test_reports.py
DESK_PAGES = "desk/"  # the web desk's pages: rendered by tests/e2e/test_desk_*.py
SHEET = official_sheets()[11]
CONDITION = official_conditions()[0]
EVIL = "<Lan & Huệ>"
TRAINING = {"title": EVIL, "place": EVIL, "topics": [EVIL], "period": EVIL, "venue": EVIL,
            "audience": EVIL, "classes": [{"name": EVIL, "communes": EVIL, "places": EVIL}]}
SUMMARY = {"id": 7, "date": "29/11/2026", "time": "29/11/2026 14:05", "product": EVIL,
           "sheet": 11, "rejected": False, "reference": True, "total": "72", "rank": "4 sao",
           "clash": True}
PLAN = {"rank": "5 sao", "steps_text": EVIL, "reached": False, "more": False, "total": "73",
        "stars": "4 sao", "legend": EVIL, "steps": [
            {"number": 1, "code": "1.3", "title": EVIL, "words": EVIL, "points": "1",
             "effort": EVIL, "marks": EVIL}]}
TEMPLATE_VALUES: dict[str, dict[str, object]] = {
    "welcome.j2": {"name": EVIL},
    "help.j2": {"commands": [{"usage": "/start", "description": EVIL}]},
    "assessment/question.j2": render.question_context(SHEET, 0, 1),
    "assessment/eligibility.j2": {**render.eligibility_context(CONDITION, "vi", 0, 3, SHEET),
                                  "question": EVIL},
    "assessment/rejected.j2": {"disqualifier": EVIL, "advice": EVIL},
    "assessment/review.j2": {"sheet": SHEET, "page": 1, "pages": 2, "entries": [
        {"part": "A", "points": "3", "max": "40"},
        {"code": "1.1", "title": EVIL, "words": EVIL, "points": "2", "max": "3"}]},
    "assessment/result.j2": {
        "product": EVIL, "sheet": SHEET, "total": "72", "parts": {"A": 30, "B": 20, "C": 22},
        "rank_line": EVIL, "meaning": EVIL, "next_rank": "5 sao",
        "blocked": [{"code": "1.3", "title": EVIL}], "reference": EVIL, "plan": PLAN,
        "others": True},
    "assessment/plan.j2": {"plan": PLAN},
    "assessment/plan_message.j2": {"product": EVIL, "plan": PLAN, "continued": True},
    "assessment/history.j2": {"items": [SUMMARY, {**SUMMARY, "rejected": True}]},
    "registration/summary.j2": {"title": EVIL, "hint": EVIL,
                                "fields": [{"step": "org_name", "label": "x", "value": EVIL}]},
    "registration/notice.j2": {"title": EVIL, "note": EVIL, "note_label": "x",
                               "fields": [{"step": "org_name", "label": "x", "value": EVIL}]},
    "registration/timeline.j2": {"items": [{"id": 1, "product": EVIL, "status": "x", "events": [
        {"date": "29/11/2026", "status": "x", "note": EVIL}]}]},
    "stats/summary.j2": {
        "scope": EVIL, "everywhere": False, "users": "3", "officers": "1", "assessments": "4",
        "ranks": [{"label": EVIL, "count": "1"}], "submitted": "3",
        "statuses": [{"label": EVIL, "count": "2"}], "drafts": "0",
        "communes": [{"label": EVIL, "count": "3"}], "more": "2"},
    "privacy/summary.j2": {
        "user": {"name": EVIL, "username": EVIL, "role": EVIL, "since": "29/11/2026"},
        "consent": "29/11/2026", "officer": Markup("Xã Tà Xùa, Sơn La"),
        "assessments": {"count": 6, "shown": [{"product": EVIL, "sheet": 11, "result": EVIL}],
                        "more": 1},
        "registrations": {"count": 1, "drafts": 1, "more": 0,
                          "shown": [{"id": 3, "product": EVIL, "status": EVIL}]},
        "questions": 2, "handoffs": 1, "in_progress": True},
    "broadcast/progress.j2": {"id": 7, "state": "sending", "sent": "1", "failed": "0",
                              "remaining": "2"},
    "broadcast/report.j2": {"title": EVIL, "total": "5", "sent": 1, "blocked": 1, "failed": 1,
                            "unknown": 1, "pending": 1},
    "broadcast/summary.j2": {"who": EVIL, "area": EVIL, "count": 3, "shown": "3", "few": EVIL,
                             "picture_only": True},
    "trainings/summary.j2": TRAINING,
    "trainings/announcement.j2": TRAINING,
    "trainings/card.j2": {**TRAINING, "my_class": EVIL, "answer": EVIL, "counts": EVIL},
    "trainings/reminder.j2": {**TRAINING, "when": EVIL, "class_name": EVIL},
    "assessment/comparison.j2": {
        "product": EVIL, "sheet": 11, "before": SUMMARY, "after": SUMMARY, "gain": "+2",
        "changes": [{"code": "2.2", "title": EVIL, "before": "1", "after": "3", "max": "5",
                     "gain": "+2"}]},
}


def catalogue(locale: str):
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


def extracted_msgids(tmp_path: Path) -> set[str]:
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "t", "-k", "plural:1,2", "-k", "N_", "-k", "_", "--no-default-keywords",
         "--ignore-dirs=.venv tests bench emulator", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_every_message_in_the_code_is_in_both_catalogues(tmp_path: Path) -> None:
    in_code = extracted_msgids(tmp_path)
    for locale in SUPPORTED_LOCALES:
        in_catalogue = {_as_list(m.id)[0] for m in catalogue(locale) if m.id}
        missing = in_code - in_catalogue
        assert not missing, f"{locale} lacks {sorted(missing)[:5]}: run `make update-catalogues`"


def test_vietnamese_catalogue_is_complete_and_not_fuzzy() -> None:
    untranslated = [m.id for m in catalogue("vi") if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


def test_placeholders_survive_translation() -> None:
    for m in catalogue("vi"):
        if not m.id or not m.string:
            continue
        for source, target in zip(_as_list(m.id), _as_list(m.string), strict=False):
            assert _placeholders(source) == _placeholders(target), m.id


def _as_list(value: str | tuple[str, ...]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"\{\w+\}|%\(\w+\)s", text))


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_template_renders_in_both_languages_with_user_text_escaped(locale: str) -> None:
    renderer, t = Renderer(), I18n().get(locale)
    messages = {n for n in renderer.template_names() if not n.startswith(DESK_PAGES)}
    assert messages - OTHER_TESTS == set(TEMPLATE_VALUES)
    for name, values in TEMPLATE_VALUES.items():
        text = renderer.render(name, t, **values)
        assert text.strip()
        assert "<Lan" not in text, name
    welcome = renderer.render("welcome.j2", t, name="<Lan & Huệ>")
    assert "&lt;Lan &amp; Huệ&gt;" in welcome
    assert ("Xin chào" in welcome) == (locale == "vi")


def test_translator_escapes_values_but_not_markup() -> None:
    t = I18n().get("vi")
    assert t("Language: {name}", name="<b>") == "Ngôn ngữ: &lt;b&gt;"
    assert t("Language: {name}", name=Markup("<b>x</b>")) == "Ngôn ngữ: <b>x</b>"


def test_locale_resolution_order() -> None:
    i18n = I18n(default_locale="vi")
    assert i18n.resolve("en", "vi") == "en"
    assert i18n.resolve(None, "en-US") == "en"
    assert i18n.resolve(None, "fr") == "vi"
    assert I18n(default_locale="en").resolve(None, None) == "en"


def test_numbers_and_dates_follow_the_locale() -> None:
    vi, en = I18n().get("vi"), I18n().get("en")
    assert vi.number(1234.5) == "1.234,5" and en.number(1234.5) == "1,234.5"
    assert vi.date(date(2026, 5, 22)) != en.date(date(2026, 5, 22))
    assert vi.date(date(2026, 5, 2)) == "02/05/2026" and en.date(date(2026, 5, 2)) == "May 2, 2026"


def test_missing_compiled_catalogues_are_compiled(tmp_path: Path) -> None:
    target = tmp_path / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    source = LOCALES_DIR / "vi" / "LC_MESSAGES" / "messages.po"
    (target / "messages.po").write_bytes(source.read_bytes())
    written = compile_catalogues(tmp_path)
    assert written == [target / "messages.mo"]
    assert compile_catalogues(tmp_path) == []


def test_a_renamed_menu_label_on_old_keyboards_still_opens_its_feature() -> None:
    from handlers.main_menu import MainMenu

    async def trainings(update: object, context: object) -> None:
        """Stand-in feature."""

    menu = MainMenu()
    menu.add("🎓 Trainings", trainings, former=("🎓 Lớp tập huấn",))
    i18n = I18n()
    assert menu.find("🎓 Lớp tập huấn", i18n) is menu.find(I18n().get("vi")("🎓 Trainings"), i18n)
    assert menu.find("🎓 Lớp tập huấn", i18n) is not None
    assert I18n().get("vi")("🎓 Trainings") == "🎓 Đợt tập huấn"


def test_english_messages_name_the_english_commands() -> None:
    """An English reader is told /assess, not /danhgia (both work; the menu shows /assess)."""
    from tools.english_commands import VIETNAMESE_COMMAND, in_english

    assert in_english("type /danhgia or /huy, then /dangky") == (
        "type /assess or /cancel, then /register")
    assert in_english("/start and /danhgiax stay") == "/start and /danhgiax stay"
    named = []
    for message in catalogue("en"):
        if not message.id:
            continue
        texts = _as_list(message.string) if any(_as_list(message.string)) else _as_list(message.id)
        named += [text for text in texts if VIETNAMESE_COMMAND.search(text)]
    assert not named, f"run `make update-catalogues`: {named[:3]}"


def test_an_english_user_is_told_the_english_command() -> None:
    english = I18n().get("en")
    assert "/assess" in english(
        "⏸ Paused. Your answers are saved: type /danhgia whenever you want to continue.")
