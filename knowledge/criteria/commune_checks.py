"""The criteria behind what the commune itself assesses (QĐ 26/2026/QĐ-TTg, Điều 7.2.a, Mẫu 03).

The commune judges "nguồn gốc sản phẩm, nguyên liệu địa phương; sử dụng lao động địa phương; nguồn
gốc ý tưởng sản phẩm; bản sắc, trí tuệ địa phương". Each sheet has its own criterion for each, under
its own code and wording, so they are found by their titles:
- raw materials: "Nguồn nguyên liệu" (processed goods) or "Nguồn gốc sản phẩm" (fresh produce,
  flowers, ornamental plants and animals), never "Vùng nguyên liệu được cấp chứng nhận…";
- local labour: "Sử dụng lao động địa phương" (every sheet);
- origin of the idea: "Nguồn gốc ý tưởng sản phẩm", "… dịch vụ du lịch" for tourism;
- local identity: "Trí tuệ/bản sắc địa phương".
The tourism sheet (26) has no raw-material nor local-identity criterion: those stay unmatched.
"""

from __future__ import annotations

import re
from enum import StrEnum

from knowledge.criteria.model import Criterion, Sheet
from knowledge.criteria.products import fold


class CommuneCheck(StrEnum):
    """The four contents of Part II of Mẫu 03, in the form's order."""

    RAW_MATERIALS = "raw_materials"
    LOCAL_LABOUR = "local_labour"
    IDEA_ORIGIN = "idea_origin"
    LOCAL_IDENTITY = "local_identity"


# Whole folded titles (fold(): no marks, lower case, punctuation as spaces).
_TITLES: dict[CommuneCheck, re.Pattern[str]] = {
    CommuneCheck.RAW_MATERIALS: re.compile(r"nguon nguyen lieu|nguon goc san pham"),
    CommuneCheck.LOCAL_LABOUR: re.compile(r"su dung lao dong dia phuong"),
    CommuneCheck.IDEA_ORIGIN: re.compile(r"nguon goc y tuong san pham( dich vu du lich)?"),
    CommuneCheck.LOCAL_IDENTITY: re.compile(r"tri tue ban sac dia phuong"),
}


def check_of(criterion: Criterion) -> CommuneCheck | None:
    """The commune check a criterion answers, if any."""
    title = fold(criterion.title)
    return next((check for check, pattern in _TITLES.items() if pattern.fullmatch(title)), None)


def commune_criteria(sheet: Sheet) -> dict[CommuneCheck, Criterion]:
    """Each commune check the sheet has a criterion for, with that criterion (sheet order)."""
    found: dict[CommuneCheck, Criterion] = {}
    for criterion in sheet.criteria:
        check = check_of(criterion)
        if check is not None:
            found.setdefault(check, criterion)
    return found
