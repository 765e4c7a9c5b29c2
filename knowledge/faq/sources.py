"""An FAQ entry's source as English users read it.

The entries cite the decree the Vietnamese way ("QĐ 26/2026/QĐ-TTg, Điều 6 khoản 1, 2"); an
English reader gets the English convention of the bot's other texts ("Decision 26/2026/QĐ-TTg,
Article 6(1), (2)"). Web sites, file names and quoted words of the decree stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The remarks the entries add in words, in English (exact phrases; longest first where nested).
_PHRASES: tuple[tuple[str, str], ...] = (
    ('dòng "Hồ sơ bị loại khi" và ghi chú các phiếu',
     'the line "Hồ sơ bị loại khi" and the sheets\' notes'),
    ('dòng "Hồ sơ bị loại khi"', 'the line "Hồ sơ bị loại khi"'),
    ("tiêu chí 2.2, 2.3, 4.1, 5.1; lựa chọn có dấu sao",
     "criteria 2.2, 2.3, 4.1, 5.1; options with star marks"),
    ("tiêu chí 2.3 và 5.1, lựa chọn có dấu ****", "criteria 2.3 and 5.1, options marked ****"),
    ("tiêu chí 2.4 của các phiếu sản phẩm", "criterion 2.4 of the product sheets"),
    ("tiêu chí 3.2 của các phiếu", "criterion 3.2 of the sheets"),
    ("tiêu chí quảng bá sản phẩm", "product promotion criterion"),
    ("tiêu chí sở hữu trí tuệ", "intellectual property criterion"),
    ("nhóm câu chuyện sản phẩm, tiêu chí", "product story group, criteria"),
    ("nhóm sức mạnh cộng đồng", "community strength group"),
    ("ghi chú phần cảm quan các phiếu", "notes on the sensory part of sheets"),
    ("ghi chú cuối các phiếu", "notes at the end of the sheets"),
    ("ghi chú phiếu", "notes of sheets"),
    ("phiếu 1 và các phiếu khác", "sheet 1 and the other sheets"),
    ("bảng tài liệu minh chứng", "table of supporting evidence"),
    ("đầu mỗi phiếu", "heading of each sheet"),
    ("mã số sản phẩm", "product code"),
    ("phần căn cứ", "preamble"),
    ("Trợ lý OCOP – bảng lệnh", "OCOP assistant – command list"),
    ("Tài liệu tham khảo của dự án", "The project's reference documents"),
    ("tài liệu tham khảo của dự án", "the project's reference documents"),
    ("chương trình tập huấn", "training programme"),
    ("số liệu Sơn La", "Sơn La figures"),
    ("đơn vị hành chính", "administrative units"),
    ("Báo cáo Festival OCOP 2025", "OCOP Festival 2025 report"),
    ("báo cáo Festival OCOP 2025", "OCOP Festival 2025 report"),
)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

_NUMBERS = r"\d+(?:–\d+)?"
_LETTERS = r"[a-zđ](?:–[a-zđ])?(?!\w)"
_CLAUSE = rf"khoản {_NUMBERS}(?:, {_NUMBERS})*(?: điểm {_LETTERS}(?:, {_LETTERS})*)?"
_CLAUSES = rf"{_CLAUSE}(?:, {_CLAUSE})*"
_CITATION = re.compile(rf"Điều (?P<article>\d+)(?: (?P<clauses>{_CLAUSES}))?"
                       rf"|(?<=; )(?P<more>{_CLAUSES})")

_WORDS: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"\bQĐ (\d+(?:/\d+)?/QĐ-TTg)", r"Decision \1"),
    (r"\bngày (\d{1,2})/(\d{1,2})/(\d{4})",
     lambda m: f"of {int(m[1])} {_MONTHS[int(m[2]) - 1]} {m[3]}"),
    (r"\bPhụ lục ([IVX]+–[IVX]+)", r"Appendices \1"),
    (r"\bPhụ lục\b", "Appendix"),
    (r"\bMẫu (\d+)", r"Form \1"),
    (r"\bPhần ([IVX]+(?:, [IVX]+)+)", r"Parts \1"),
    (r"\bPhần ([IVX]+|[A-C])\b", r"Part \1"),
    (r"\b(?:bộ|phiếu) (\d+(?:(?:–|, )\d+)+)", r"sheets \1"),
    (r"\b(?:bộ|phiếu) (\d+)", r"sheet \1"),
)


def _references(clauses: str) -> str:
    """'khoản 3 điểm a, đ; …' → '(3)(a), (đ)': clauses and their points in brackets."""
    out, kind, first = "", "", True
    for token in re.findall(rf"khoản|điểm|{_NUMBERS}|{_LETTERS}", clauses):
        if token in ("khoản", "điểm"):
            kind, first = token, True
            continue
        reference = "–".join(f"({part})" for part in token.split("–"))
        # A clause's first point follows it directly: "(3)(a)"; the others are listed: ", (b)".
        attached = (kind == "điểm" and first) or not out
        out += reference if attached else ", " + reference
        first = False
    return out


def _articles(source: str) -> str:
    """Every 'Điều N khoản …' as 'Article N(…)'; a '; khoản …' continues the article before."""
    article = ""

    def cite(match: re.Match[str]) -> str:
        nonlocal article
        if match["more"] is not None:
            return f"Article {article}{_references(match['more'])}" if article else match[0]
        article = match["article"]
        return f"Article {article}{_references(match['clauses'] or '')}"

    return _CITATION.sub(cite, source)


def english_source(source: str) -> str:
    """A Vietnamese citation of the decree in the English convention; other words unchanged."""
    for vietnamese, english in _PHRASES:
        source = source.replace(vietnamese, english)
    for pattern, replacement in _WORDS:
        source = re.sub(pattern, replacement, source)
    return _articles(source)
