"""The score chart (PNG) and the printable self-assessment report (HTML)."""

import dataclasses
import re
import struct
from datetime import date, datetime
from types import MappingProxyType

import pytest
from markupsafe import escape

from core.config import SUPPORTED_LOCALES
from core.i18n import I18n, Translator
from core.render import Renderer
from knowledge.criteria.model import Sheet
from knowledge.criteria.scoring import Score, score
from reports.chart import score_chart, score_chart_png
from reports.document import ascii_slug, assessment_report_html, report_filename
from tests.support.sheets import official_sheets

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
WHEN = datetime(2026, 11, 29, 9, 30)


@pytest.fixture(scope="module")
def tea() -> Sheet:
    return official_sheets()[11]


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n()


def middle_answers(sheet: Sheet) -> dict[str, int]:
    return {c.code: len(c.options) // 2 for c in sheet.criteria}


def best_answers(sheet: Sheet) -> dict[str, int]:
    return {c.code: max(range(len(c.options)), key=lambda i: c.options[i].points)
            for c in sheet.criteria}


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_MAGIC) and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def report(t: Translator, sheet: Sheet, answers: dict[str, int], result: Score,
           product: str | None = "Chè Shan tuyết") -> str:
    html = assessment_report_html(
        Renderer(), t, sheet=sheet, answers=answers, score=result, product_name=product,
        producer_name="HTX Chè Suối Giàng", assessed_at=WHEN,
    )
    return html.decode("utf-8")


# --- chart -----------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("kind", ["five_stars", "middle", "disqualified"])
def test_chart_is_a_phone_sized_png(tea: Sheet, i18n: I18n, locale: str, kind: str) -> None:
    answers = best_answers(tea) if kind == "five_stars" else middle_answers(tea)
    result = score(tea, answers, ["giả mạo hồ sơ"] if kind == "disqualified" else ())
    png = score_chart_png(result, i18n.get(locale))
    assert png_size(png) == (800, 500)
    assert len(png) > 5_000


def test_five_stars_and_disqualified_charts_differ(tea: Sheet, i18n: I18n) -> None:
    t = i18n.get("en")
    top = score(tea, best_answers(tea))
    assert (top.total, top.stars) == (100, 5)
    dropped = score(tea, best_answers(tea), ["giả mạo hồ sơ"])
    assert score_chart_png(top, t) != score_chart_png(dropped, t)


def capped_answers(sheet: Sheet, misses: int) -> dict[str, int]:
    """The best answers but the lowest option on the first `misses` criteria with a 3★ minimum."""
    answers = best_answers(sheet)
    minded = [c for c in sheet.criteria if any(o.stars == 3 for o in c.options)]
    answers.update({c.code: 0 for c in minded[:misses]})
    return answers


def chart_texts(result: Score, t: Translator) -> list[str]:
    return [text.get_text() for text in score_chart(result, t).texts]


@pytest.mark.parametrize(("locale", "note"), [
    ("en", "⚠ Points enough for 5 stars; 2 minimum requirements not met"),
    ("vi", "⚠ Đủ điểm cho 5 sao; còn 2 yêu cầu tối thiểu chưa đạt"),
])
def test_a_chart_capped_by_minima_says_so_like_the_rank_line(
    tea: Sheet, i18n: I18n, locale: str, note: str
) -> None:
    capped = score(tea, capped_answers(tea, 2))
    assert (capped.band, capped.stars) == (5, 2)
    assert note in chart_texts(capped, i18n.get(locale))
    uncapped = dataclasses.replace(capped, unmet=MappingProxyType({}))
    assert not any("⚠" in text for text in chart_texts(uncapped, i18n.get(locale)))
    png = score_chart_png(capped, i18n.get(locale))
    assert png_size(png) == (800, 500) and png != score_chart_png(uncapped, i18n.get(locale))


def test_a_chart_held_by_points_alone_has_no_note(tea: Sheet, i18n: I18n) -> None:
    middle = score(tea, middle_answers(tea))
    assert middle.band == middle.stars
    assert not any("⚠" in text for text in chart_texts(middle, i18n.get("en")))


# --- document --------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_report_lists_every_criterion_with_the_chosen_option(
    tea: Sheet, i18n: I18n, locale: str
) -> None:
    answers = middle_answers(tea)
    html = report(i18n.get(locale), tea, answers, score(tea, answers))
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert f'lang="{locale}"' in html
    for criterion in tea.criteria:
        assert f"<td>{criterion.code}</td>" in html
        assert f"<td>{escape(criterion.options[answers[criterion.code]].text)}</td>" in html
    assert "Chè tươi, chè chế biến" in html and "HTX Chè Suối Giàng" in html


def test_report_totals_follow_the_conventions(tea: Sheet, i18n: I18n) -> None:
    answers = middle_answers(tea)
    result = score(tea, answers)
    html = report(i18n.get("en"), tea, answers, result)
    parts = result.parts
    assert f"{result.total:g}/100" in html
    for letter, maximum in (("A", 40), ("B", 25), ("C", 35)):
        assert f"{letter}: {parts[letter]:g}/{maximum}" in html
    first_rank = re.search(r"(\d) stars?\b", html)
    assert first_rank is not None and int(first_rank.group(1)) == result.stars
    assert html.index("/100") < html.index(f"{result.stars} stars")
    for found in result.unmet.values():
        for minimum in found:
            assert escape(f"{minimum.code} {minimum.title}: ") in html
    assert "not an official result" in html


def test_report_formats_numbers_the_vietnamese_way(tea: Sheet, i18n: I18n) -> None:
    answers = middle_answers(tea)
    result = dataclasses.replace(
        score(tea, answers), total=72.5, parts=MappingProxyType({"A": 30.5, "B": 18, "C": 24})
    )
    html = report(i18n.get("vi"), tea, answers, result)
    assert "72,5/100" in html and "A: 30,5/40" in html and "B: 18/25" in html


def test_report_escapes_user_text(tea: Sheet, i18n: I18n) -> None:
    answers = middle_answers(tea)
    html = report(i18n.get("vi"), tea, answers, score(tea, answers),
                  product="<script>alert(1)</script> & Co")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_report_is_standalone(tea: Sheet, i18n: I18n) -> None:
    answers = middle_answers(tea)
    html = report(i18n.get("en"), tea, answers, score(tea, answers), product=None)
    assert not re.search(r"<(script|link|img|iframe)\b|\bsrc=|url\(", html)
    assert "@page" in html and "A4" in html
    assert "(not given)" in html


def test_disqualified_report_has_no_rank(tea: Sheet, i18n: I18n) -> None:
    answers = best_answers(tea)
    condition = "Giả mạo hồ sơ <đăng ký>"
    html = report(i18n.get("en"), tea, answers, score(tea, answers, [condition]))
    assert "disqualified, no rank" in html.lower() and escape(condition) in html
    assert not re.search(r"\d stars?\b", html)


# --- file name -------------------------------------------------------------------------------


def test_filename_is_ascii() -> None:
    assert report_filename(11, "Chè Shan tuyết", date(2026, 11, 29)) == (
        "danh-gia-ocop-phieu-11-che-shan-tuyet-2026-11-29.html"
    )
    assert report_filename(3, None, WHEN) == "danh-gia-ocop-phieu-3-2026-11-29.html"
    name = report_filename(22, "ĐẶC SẢN <Đồng Tháp>/../Ỷ 🍵 " + "x" * 80, WHEN)
    assert name.isascii() and "/" not in name and ".." not in name
    assert name.startswith("danh-gia-ocop-phieu-22-dac-san-dong-thap-y-")
    assert re.fullmatch(r"[a-z0-9-]+\.html", name) and len(name) < 90


def test_filename_is_in_the_words_of_the_reader() -> None:
    assert report_filename(11, "Chè Shan tuyết", WHEN, "pdf", "en") == (
        "ocop-self-assessment-sheet-11-che-shan-tuyet-2026-11-29.pdf")
    assert report_filename(11, None, WHEN, "pdf", "vi") == "danh-gia-ocop-phieu-11-2026-11-29.pdf"
    assert report_filename(11, None, WHEN, "pdf", "fr") == "danh-gia-ocop-phieu-11-2026-11-29.pdf"


def test_slug_folds_every_vietnamese_letter() -> None:
    assert ascii_slug("ăâđêôơư ĂÂĐÊÔƠƯ ạảãáà ỵỷỹýỳ") == "aadeoou-aadeoou-aaaaa-yyyyy"
