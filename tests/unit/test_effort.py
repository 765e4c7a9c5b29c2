"""The effort data: every option of every sheet has a class, and the rules read as intended."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from knowledge.criteria.effort import (
    EFFORT_CLASSES,
    EFFORT_FILE,
    Effort,
    SheetEfforts,
    efforts_for,
    fold,
    load_efforts,
)
from knowledge.criteria.loader import CriteriaError
from knowledge.criteria.model import Sheet
from tests.support import yamlc
from tests.support.sheets import official_sheets


@pytest.fixture(scope="module")
def sheets() -> Mapping[int, Sheet]:
    return official_sheets()


@pytest.fixture(scope="module")
def efforts(sheets: dict[int, Sheet]) -> dict[int, SheetEfforts]:
    return load_efforts(sheets)


def effort_of(sheets: dict[int, Sheet], efforts: dict[int, SheetEfforts], number: int,
              code: str, phrase: str) -> Effort:
    """The effort of the only option of `code` on sheet `number` whose text holds `phrase`."""
    criterion = next(c for c in sheets[number].criteria if c.code == code)
    found = [e for o, e in zip(criterion.options, efforts[number][code], strict=True)
             if fold(phrase) in fold(o.text)]
    assert len(found) == 1, f"{len(found)} options of {number}/{code} hold {phrase!r}"
    return found[0]


def test_every_option_of_every_sheet_has_an_effort_class(
    sheets: dict[int, Sheet], efforts: dict[int, SheetEfforts]
) -> None:
    assert sorted(efforts) == sorted(sheets)
    for number, sheet in sheets.items():
        for criterion in (c for c in sheet.criteria if c.options):
            resolved = efforts[number][criterion.code]
            assert len(resolved) == len(criterion.options)
            for effort in resolved:
                assert effort.level in EFFORT_CLASSES
                assert effort.reason_in("vi").strip() and effort.reason_in("en").strip()


def test_the_issue_examples_get_their_classes(
    sheets: dict[int, Sheet], efforts: dict[int, SheetEfforts]
) -> None:
    story = effort_of(sheets, efforts, 1, "5.1", "tư liệu hóa và thể hiện trên tờ rơi")
    label = effort_of(sheets, efforts, 1, "2.3", "mã truy xuất nguồn gốc điện tử")
    vietgap = effort_of(sheets, efforts, 1, "1.2", "VietGAP")
    haccp = effort_of(sheets, efforts, 1, "10", "tiêu chuẩn quốc gia (ISO, HACCP")
    export = effort_of(sheets, efforts, 24, "4.1", "thị trường quốc tế")
    assert (story.level, label.level, vietgap.level, haccp.level, export.level) == (
        "days", "weeks", "months", "months", "out_of_reach")
    assert vietgap.certificate and vietgap.money and haccp.certificate
    assert not story.certificate


def test_high_technology_and_international_certification_are_out_of_reach(
    sheets: dict[int, Sheet], efforts: dict[int, SheetEfforts]
) -> None:
    assert effort_of(sheets, efforts, 1, "1.3", "công nghệ tiên tiến").level == "out_of_reach"
    assert effort_of(sheets, efforts, 1, "1.2", "GlobalGAP").level == "out_of_reach"


def test_the_cached_lookup_agrees_with_the_full_load(
    sheets: dict[int, Sheet], efforts: dict[int, SheetEfforts]
) -> None:
    for number in (1, 11, 26):
        assert dict(efforts_for(sheets[number])) == dict(efforts[number])
    assert efforts_for(sheets[11]) is efforts_for(sheets[11])


def _write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "effort.yaml"
    path.write_text(yamlc.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _shipped() -> dict[str, object]:
    loaded = yamlc.safe_load(EFFORT_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_an_option_without_a_rule_fails_the_load(
    tmp_path: Path, sheets: dict[int, Sheet]
) -> None:
    data = _shipped()
    rules = data["rules"]
    assert isinstance(rules, list)
    data["rules"] = [r for r in rules if "câu chuyện" not in r["title"]]
    with pytest.raises(CriteriaError, match="no effort rule matches the title 'Câu chuyện"):
        load_efforts(sheets, _write(tmp_path, data))


def test_a_dead_rule_and_a_stray_override_fail_the_load(
    tmp_path: Path, sheets: dict[int, Sheet]
) -> None:
    data = _shipped()
    rules = data["rules"]
    assert isinstance(rules, list)
    rules.insert(0, {"title": ["không có tiêu chí này"], "effort": "days",
                     "reason_vi": "x", "reason_en": "x"})
    data["overrides"] = [{"sheet": 1, "code": "1.1", "option": 9, "effort": "days",
                          "reason_vi": "x", "reason_en": "x"}]
    with pytest.raises(CriteriaError) as failure:
        load_efforts(sheets, _write(tmp_path, data))
    problems = "\n".join(failure.value.problems)
    assert "rule 1 (không có tiêu chí này) matches no criterion" in problems
    assert "override sheet 1 1.1 option 9 names no option" in problems


def test_an_unknown_class_or_a_missing_reason_fails_the_load(
    tmp_path: Path, sheets: dict[int, Sheet]
) -> None:
    data = _shipped()
    rules = data["rules"]
    assert isinstance(rules, list)
    rules[0]["effort"] = "years"
    del rules[1]["reason_en"]
    with pytest.raises(CriteriaError) as failure:
        load_efforts(sheets, _write(tmp_path, data))
    problems = "\n".join(failure.value.problems)
    assert "effort 'years' is not one of days, weeks, months, out_of_reach" in problems
    assert "reason_en must be one non-empty line" in problems


def test_an_override_wins_over_the_rules(tmp_path: Path, sheets: dict[int, Sheet]) -> None:
    data = _shipped()
    data["overrides"] = [{"sheet": 1, "code": "5.1", "option": 2, "effort": "months",
                          "money": True, "reason_vi": "Ghi đè.", "reason_en": "Overridden."}]
    efforts = load_efforts(sheets, _write(tmp_path, data))
    overridden = efforts[1]["5.1"][1]
    assert (overridden.level, overridden.money, overridden.reason_in("en")) == (
        "months", True, "Overridden.")
