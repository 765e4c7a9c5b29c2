"""The criteria command line, in process on real and synthetic sheets, plus one subprocess run."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("knowledge.criteria.loader", reason="the criteria loader is not there yet")

from knowledge.criteria import cli
from knowledge.criteria.loader import CriteriaError
from knowledge.criteria.model import Sheet
from knowledge.criteria.scoring import answerable
from tests.support.sheets import sheets_from

ROOT = Path(__file__).resolve().parents[2]
SHEETS_DIR = ROOT / "knowledge" / "criteria" / "sheets"
needs_real_sheets = pytest.mark.skipif(
    not SHEETS_DIR.is_dir(), reason="knowledge/criteria/sheets is not there yet"
)
SHEET_NUMBERS = range(1, 27)


@functools.cache
def real_sheets() -> dict[int, Sheet]:
    """The real sheets (read once per run)."""
    return sheets_from()


@pytest.fixture
def loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI reuse the real sheets loaded once (parsing YAML per call is slow)."""
    monkeypatch.setattr(cli, "load_sheets", real_sheets)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in process and return (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """Run the CLI in process, check it succeeded and return its JSON output."""
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    return json.loads(out)


def best_answers(sheet: Sheet) -> str:
    """Return the 1-based answers choosing every criterion's best option."""
    return ",".join(
        str(max(range(len(c.options)), key=[o.points for o in c.options].__getitem__) + 1)
        for c in answerable(sheet)
    )


# --- real sheets ------------------------------------------------------------------------------


@needs_real_sheets
def test_list_prints_every_sheet_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "")
    rows = [line.split("\t") for line in out.splitlines()]
    assert [int(number) for number, _, _ in rows] == list(SHEET_NUMBERS)
    for number, title, group in rows:
        sheet = real_sheets()[int(number)]
        assert (title, group) == (sheet.title, sheet.product_group)
        assert title and group


@needs_real_sheets
def test_dump_all_sheets(capsys: pytest.CaptureFixture[str]) -> None:
    dumped = run_json(capsys, "dump")
    assert [item["number"] for item in dumped] == list(SHEET_NUMBERS)
    for item in dumped:
        assert set(item) == {"number", "title", "group", "parts", "criteria", "disqualifiers"}
        assert item["parts"] == {"A": 40, "B": 25, "C": 35}
        assert all(type(points) is int for points in item["parts"].values())
        assert item["disqualifiers"]


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
@pytest.mark.parametrize("number", SHEET_NUMBERS)
def test_dump_one_sheet(capsys: pytest.CaptureFixture[str], number: int) -> None:
    (item,) = run_json(capsys, "dump", str(number))
    sheet = real_sheets()[number]
    assert (item["number"], item["title"], item["group"]) == (
        number,
        sheet.title,
        sheet.product_group,
    )
    codes = [c["code"] for c in item["criteria"]]
    assert codes == [c.code for c in answerable(sheet)] and len(set(codes)) == len(codes)
    for criterion in item["criteria"]:
        assert set(criterion) == {"code", "part", "title", "max_points", "options"}
        assert criterion["part"] in {"A", "B", "C"} and criterion["options"]
        assert max(o["points"] for o in criterion["options"]) == criterion["max_points"]
        assert all(set(o) == {"text", "points", "stars"} for o in criterion["options"])
    per_part = {letter: 0.0 for letter in "ABC"}
    for criterion in item["criteria"]:
        per_part[criterion["part"]] += criterion["max_points"]
    assert per_part == pytest.approx(item["parts"])


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
@pytest.mark.parametrize("number", SHEET_NUMBERS)
def test_score_all_best_is_100_and_five_stars(
    capsys: pytest.CaptureFixture[str], number: int
) -> None:
    result = run_json(capsys, "score", str(number), best_answers(real_sheets()[number]))
    assert (result["total"], result["band"], result["stars"]) == (100, 5, 5)
    assert result["parts"] == {"A": 40, "B": 25, "C": 35}
    assert (result["unmet"], result["gaps"], result["disqualified"]) == ({}, {}, False)


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
@pytest.mark.parametrize("number", SHEET_NUMBERS)
def test_score_all_first_and_its_gap_plans(capsys: pytest.CaptureFixture[str], number: int) -> None:
    sheet = real_sheets()[number]
    criteria = answerable(sheet)
    result = run_json(capsys, "score", str(number), ",".join("1" * len(criteria)))
    assert result["total"] == pytest.approx(sum(c.options[0].points for c in criteria), abs=0.1)
    assert 1 <= result["stars"] <= result["band"]
    assert sorted(result["unmet"]) == [str(lvl) for lvl in (3, 4, 5) if lvl > result["stars"]]
    assert sorted(result["gaps"]) == [str(lvl) for lvl in range(result["stars"] + 1, 6)]
    for level, plan in result["gaps"].items():
        answers = [1] * len(criteria)
        for change in plan["changes"]:
            answers[[c.code for c in criteria].index(change["code"])] = change["to"]
        after = run_json(capsys, "score", str(number), ",".join(map(str, answers)))
        assert after["stars"] >= int(level)
        assert after["total"] == plan["total_after"]


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
def test_score_with_failed_condition_is_disqualified(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "score", "1", best_answers(real_sheets()[1]), "--failed", "1")
    assert (result["disqualified"], result["stars"], result["gaps"]) == (True, 0, {})
    assert result["disqualifiers"] == [real_sheets()[1].disqualifiers[0]]
    assert "disqualified" in result["note"]


def lowest_answers(sheet: Sheet) -> list[int]:
    """Return the 1-based answers choosing every criterion's lowest-scoring option."""
    return [min(range(len(c.options)), key=[o.points for o in c.options].__getitem__) + 1
            for c in answerable(sheet)]


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
@pytest.mark.parametrize("number", SHEET_NUMBERS)
def test_plan_from_the_lowest_answers_reaches_every_certified_rank(
    capsys: pytest.CaptureFixture[str], number: int
) -> None:
    sheet = real_sheets()[number]
    codes = [c.code for c in answerable(sheet)]
    start = lowest_answers(sheet)
    result = run_json(capsys, "plan", str(number), ",".join(map(str, start)))
    scored = run_json(capsys, "score", str(number), ",".join(map(str, start)))
    assert (result["total"], result["stars"]) == (scored["total"], scored["stars"])
    assert [plan["target"] for plan in result["plans"]] == list(
        range(max(3, result["stars"] + 1), 6))
    for plan in result["plans"]:
        answers = list(start)
        for step in plan["steps"]:
            assert set(step) >= {"code", "to", "points", "effort"}
            assert step["effort"] in ("days", "weeks", "months", "out_of_reach")
            position = codes.index(step["code"])
            assert step["to"] != answers[position] and step["points"] > 0
            answers[position] = step["to"]
        after = run_json(capsys, "score", str(number), ",".join(map(str, answers)))
        assert after["stars"] >= plan["target"]
        assert (after["total"], after["stars"]) == (plan["total"], plan["stars"])


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
def test_plan_for_one_target_and_for_a_five_star_product(
    capsys: pytest.CaptureFixture[str],
) -> None:
    honey = real_sheets()[4]
    lowest = ",".join(map(str, lowest_answers(honey)))
    result = run_json(capsys, "plan", "4", lowest, "--target", "4", "--org-type", "sme")
    assert [plan["target"] for plan in result["plans"]] == [4]
    assert result["plans"][0]["stars"] >= 4
    best = run_json(capsys, "plan", "4", best_answers(honey))
    assert (best["stars"], best["plans"]) == (5, [])


@pytest.mark.usefixtures("loaded_once")
@needs_real_sheets
@pytest.mark.parametrize("target", ["0", "6", "x"])
def test_plan_rejects_a_target_outside_the_ranks(
    capsys: pytest.CaptureFixture[str], target: str
) -> None:
    code, out, err = run(capsys, "plan", "4", best_answers(real_sheets()[4]), "--target", target)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "--target" in err


@needs_real_sheets
def test_subprocess_smoke() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "knowledge.criteria", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert len(done.stdout.splitlines()) == 26


# --- argument errors (synthetic sheets, so they run without the data) --------------------------


@pytest.fixture
def synthetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI load two tiny synthetic sheets."""
    from tests.unit.test_scoring import FRACTIONAL, MINI

    monkeypatch.setattr(cli, "load_sheets", lambda: {1: MINI, 2: FRACTIONAL})


@pytest.mark.usefixtures("synthetic")
@pytest.mark.parametrize(
    "argv",
    [
        ["frob"],
        [],
        ["score"],
        ["score", "1"],
        ["score", "3", "1,1,1,1"],
        ["score", "0", "1,1,1,1"],
        ["score", "abc", "1,1,1,1"],
        ["dump", "27"],
        ["dump", "1", "2"],
        ["score", "1", "1,1,1"],
        ["score", "1", "1,1,1,1,1"],
        ["score", "1", "1,x,1,1"],
        ["score", "1", "1,,1,1"],
        ["score", "1", "1,-1,1,1"],
        ["score", "1", "1,0,1,1"],
        ["score", "1", "1,4,1,1"],
        ["score", "1", "1,1.5,1,1"],
        ["score", "1", "1,1,1,1", "--failed", "2"],
        ["score", "1", "1,1,1,1", "--failed", "x"],
        ["score", "1", "1,1,1,1", "--bogus"],
        ["plan", "1"],
        ["plan", "1", "1,1,1"],
        ["plan", "1", "1,1,1,1", "--org-type", "palace"],
    ],
)
def test_bad_arguments_exit_2_with_one_stderr_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and "error" in err


@pytest.mark.usefixtures("synthetic")
def test_score_on_synthetic_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "score", "1", "1,3,4,4")
    assert (result["total"], result["band"], result["stars"]) == (80, 4, 2)
    assert result["unmet"]["3"] == [
        {
            "code": "1.1",
            "title": "Tiêu chí 1.1",
            "chosen": 1,
            "chosen_points": 0,
            "required": 2,
            "required_points": 5,
        }
    ]
    assert result["gaps"]["3"] == {
        "changes": [
            {
                "code": "1.1",
                "title": "Tiêu chí 1.1",
                "from": 1,
                "to": 2,
                "from_points": 0,
                "to_points": 5,
                "gain": 5,
                "forced": True,
            }
        ],
        "total_after": 85,
        "reachable": True,
    }


@pytest.mark.usefixtures("synthetic")
def test_fractional_points_printed_with_one_decimal(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "score", "2", "2,1,1,1,2,1")
    assert (result["total"], result["stars"]) == (69.9, 3)
    assert result["parts"] == {"A": 69.7, "B": 0.2, "C": 0}  # 0.25 shown rounded down


def test_data_error_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[int, Sheet]:
        raise CriteriaError(["07.yaml: bad\npoints", "08.yaml: missing key 'title'"])

    monkeypatch.setattr(cli, "load_sheets", broken)
    code, out, err = run(capsys, "list")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "python -m knowledge.criteria: criteria data error: 07.yaml: bad points (and 1 more)"
    ]


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "score" in out
