"""Command line over the criteria sheets: `python -m knowledge.criteria list|dump|score|plan`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

from knowledge.criteria.gaps import GapAnalysis, LevelPlan, analyse_gaps
from knowledge.criteria.loader import CriteriaError, load_sheets
from knowledge.criteria.model import Criterion, Sheet
from knowledge.criteria.planner import LIMITED_REACH_ORG_TYPES, Advice, Plan, Step, plan_ranks
from knowledge.criteria.scoring import MAX_LEVEL, UnmetMinimum, answerable, round_points

ORG_TYPES = ("cooperative", "sme", *sorted(LIMITED_REACH_ORG_TYPES))

PROG = "python -m knowledge.criteria"
USAGE_ERROR = 2
DATA_ERROR = 1


class UsageError(Exception):
    """A bad command line: reported on one stderr line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise the parse error as a UsageError."""
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of the list, dump, score and plan subcommands."""
    parser = _Parser(prog=PROG, description="OCOP criteria sheets (QĐ 26/2026/QĐ-TTg).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="the 26 sheets: number, title, product group")
    dump = commands.add_parser("dump", help="sheets as JSON")
    dump.add_argument("sheet", nargs="?", help="sheet number (all sheets when omitted)")
    score = commands.add_parser("score", help="score answers and plan the gaps, as JSON")
    score.add_argument("sheet", help="sheet number")
    score.add_argument("answers", help="1-based option numbers in criteria order, comma-separated")
    score.add_argument(
        "--failed",
        action="append",
        default=[],
        metavar="N",
        help="1-based number of a failed eligibility condition (repeatable)",
    )
    plan = commands.add_parser("plan", help="plans to the certified ranks, cheapest first, as JSON")
    plan.add_argument("sheet", help="sheet number")
    plan.add_argument("answers", help="1-based option numbers in criteria order, comma-separated")
    plan.add_argument("--target", metavar="N", help="plan for rank N (1-5) only")
    plan.add_argument("--org-type", choices=ORG_TYPES, default=None,
                      help="organisation type (default: unknown, planned like a household)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        output = COMMANDS[args.command](load_sheets(), args)
    except UsageError as error:
        print(f"{PROG}: error: {_fold(str(error))}", file=sys.stderr)
        return USAGE_ERROR
    except CriteriaError as error:
        print(f"{PROG}: criteria data error: {_first_problem(error)}", file=sys.stderr)
        return DATA_ERROR
    except SystemExit as leaving:  # --help
        return leaving.code if isinstance(leaving.code, int) else 0
    print(output)
    return 0


def _fold(text: str) -> str:
    """Return `text` folded onto one line."""
    return " ".join(text.split())


def _first_problem(error: CriteriaError) -> str:
    """Return the first data problem on one line, counting the others."""
    problems = [_fold(p) for p in error.problems] or [_fold(str(error))]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return problems[0] + more


def run_list(sheets: Mapping[int, Sheet], _: argparse.Namespace) -> str:
    """Return one tab-separated line per sheet: number, title, product group."""
    lines = (f"{n}\t{sheet.title}\t{sheet.product_group}" for n, sheet in sorted(sheets.items()))
    return "\n".join(lines)


def run_dump(sheets: Mapping[int, Sheet], args: argparse.Namespace) -> str:
    """Return the chosen sheet, or every sheet, as a JSON array."""
    chosen = (
        [pick_sheet(sheets, args.sheet)]
        if args.sheet is not None
        else [sheet for _, sheet in sorted(sheets.items())]
    )
    return _json([sheet_json(sheet) for sheet in chosen])


def run_score(sheets: Mapping[int, Sheet], args: argparse.Namespace) -> str:
    """Return the score and gap plans of the given answers as JSON."""
    sheet = pick_sheet(sheets, args.sheet)
    answers = parse_answers(sheet, args.answers)
    failed = parse_failed(sheet, args.failed)
    return _json(analysis_json(analyse_gaps(sheet, answers, failed)))


def run_plan(sheets: Mapping[int, Sheet], args: argparse.Namespace) -> str:
    """Return the current total and stars and the plans to the certified ranks as JSON."""
    sheet = pick_sheet(sheets, args.sheet)
    answers = parse_answers(sheet, args.answers)
    targets = None if args.target is None else (_target(args.target),)
    return _json(advice_json(plan_ranks(sheet, answers, org_type=args.org_type,
                                        targets=targets)))


def _target(text: str) -> int:
    """Parse --target: a rank from 1 to 5."""
    number = _positive_int(text, "--target")
    if number > MAX_LEVEL:
        raise UsageError(f"--target must be a rank from 1 to {MAX_LEVEL}, got {text!r}")
    return number


COMMANDS: Mapping[str, Callable[[Mapping[int, Sheet], argparse.Namespace], str]] = {
    "list": run_list,
    "dump": run_dump,
    "score": run_score,
    "plan": run_plan,
}


def pick_sheet(sheets: Mapping[int, Sheet], text: str) -> Sheet:
    """Return the sheet numbered `text`, or raise UsageError."""
    number = _positive_int(text, "sheet")
    if number not in sheets:
        known = f"{min(sheets)}–{max(sheets)}" if sheets else "none"
        raise UsageError(f"unknown sheet {text!r} (sheets: {known})")
    return sheets[number]


def parse_answers(sheet: Sheet, text: str) -> dict[str, int]:
    """Turn comma-separated 1-based option numbers into 0-based answers keyed by code."""
    criteria = answerable(sheet)
    items = text.split(",")
    if len(items) != len(criteria):
        raise UsageError(f"sheet {sheet.number} needs {len(criteria)} answers, got {len(items)}")
    pairs = enumerate(zip(criteria, items, strict=True), 1)
    return {c.code: _option_index(c, item, n) for n, (c, item) in pairs}


def _option_index(criterion: Criterion, item: str, position: int) -> int:
    """Return the 0-based option index that answer `item` (1-based) names."""
    number = _positive_int(item, f"answer {position} ({criterion.code})")
    if number > len(criterion.options):
        raise UsageError(
            f"answer {position} ({criterion.code}) is {number}, "
            f"but the criterion has {len(criterion.options)} options"
        )
    return number - 1


def parse_failed(sheet: Sheet, items: Sequence[str]) -> list[str]:
    """Return the texts of the failed eligibility conditions numbered (1-based) in `items`."""
    failed = []
    for item in items:
        number = _positive_int(item, "--failed")
        if number > len(sheet.disqualifiers):
            raise UsageError(
                f"--failed {number}: sheet {sheet.number} has "
                f"{len(sheet.disqualifiers)} eligibility conditions"
            )
        failed.append(sheet.disqualifiers[number - 1])
    return failed


def _positive_int(text: str, what: str) -> int:
    """Parse a positive decimal integer, or raise UsageError naming `what`."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit()) or int(stripped) < 1:
        raise UsageError(f"{what} must be a positive whole number, got {text!r}")
    return int(stripped)


def sheet_json(sheet: Sheet) -> dict[str, Any]:
    """Return the JSON object of one sheet: its parts, answerable criteria and disqualifiers."""
    return {
        "number": sheet.number,
        "title": sheet.title,
        "group": sheet.product_group,
        "parts": {part.letter: _number(part.max_points) for part in sheet.parts},
        "criteria": [criterion_json(criterion) for criterion in answerable(sheet)],
        "disqualifiers": list(sheet.disqualifiers),
    }


def criterion_json(criterion: Criterion) -> dict[str, Any]:
    """Return the JSON object of one criterion and its options."""
    return {
        "code": criterion.code,
        "part": criterion.part,
        "title": criterion.title,
        "max_points": _number(criterion.max_points),
        "options": [
            {"text": o.text, "points": _number(o.points), "stars": o.stars}
            for o in criterion.options
        ],
    }


def analysis_json(analysis: GapAnalysis) -> dict[str, Any]:
    """Return the JSON object of a score and its gap plans."""
    score = analysis.score
    return {
        "sheet": score.sheet,
        "total": _total(score.total),
        "parts": {letter: _total(points) for letter, points in score.parts.items()},
        "band": score.band,
        "stars": score.stars,
        "unmet": {str(lvl): [unmet_json(u) for u in found] for lvl, found in score.unmet.items()},
        "gaps": {str(level): plan_json(plan) for level, plan in analysis.plans.items()},
        "disqualified": score.disqualified,
        "disqualifiers": list(score.disqualifiers),
        "note": analysis.note,
    }


def unmet_json(unmet: UnmetMinimum) -> dict[str, Any]:
    """Return the JSON object of one unmet minimum (options numbered from 1)."""
    return {
        "code": unmet.code,
        "title": unmet.title,
        "chosen": unmet.chosen_index + 1,
        "chosen_points": _number(unmet.chosen.points),
        "required": unmet.required_index + 1,
        "required_points": _number(unmet.required_points),
    }


def plan_json(plan: LevelPlan) -> dict[str, Any]:
    """Return the JSON object of one level's plan (options numbered from 1)."""
    changes = [
        {
            "code": c.code,
            "title": c.title,
            "from": c.from_index + 1,
            "to": c.to_index + 1,
            "from_points": _number(c.from_option.points),
            "to_points": _number(c.to_option.points),
            "gain": _number(c.gain),
            "forced": c.forced,
        }
        for c in plan.changes
    ]
    return {
        "changes": changes,
        "total_after": _total(plan.total_after),
        "reachable": plan.reachable,
    }


def advice_json(advice: Advice) -> dict[str, Any]:
    """Return the JSON object of the plans: current total and stars, then one plan per target."""
    return {
        "sheet": advice.score.sheet,
        "total": _total(advice.score.total),
        "stars": advice.score.stars,
        "plans": [plan_steps_json(plan) for plan in advice.plans],
        "note": advice.note,
    }


def plan_steps_json(plan: Plan) -> dict[str, Any]:
    """Return one plan: its target, steps, and the total and stars it leads to."""
    return {
        "target": plan.target,
        "steps": [step_json(step) for step in plan.steps],
        "total": _total(plan.total),
        "stars": plan.stars,
    }


def step_json(step: Step) -> dict[str, Any]:
    """Return one step: `to` is the 1-based option number, `points` the points it adds."""
    return {
        "code": step.code,
        "to": step.number,
        "points": _number(step.points),
        "effort": step.effort.level,
        "from": step.from_index + 1,
        "money": step.effort.money,
        "certificate": step.effort.certificate,
        "required": step.required,
        "total": _total(step.total),
        "stars": step.stars,
        "reason": step.effort.reason_in("vi"),
    }


def _number(value: float) -> int | float:
    """Return option-level points as an int when integral, without float noise."""
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


def _total(value: float) -> int | float:
    """Return a total for display: one decimal, as an int when integral."""
    return _number(round_points(value))


def _json(value: Any) -> str:
    """Serialise `value` as indented JSON, keeping Vietnamese letters."""
    return json.dumps(value, ensure_ascii=False, indent=2)
