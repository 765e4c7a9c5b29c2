"""How much it takes to reach each option of the criteria sheets, read from `effort.yaml`.

Rules match criteria by a phrase of their title and options by a phrase of their text (first
match wins), with per-option overrides, so that 2,579 options need about a hundred entries.
Loading checks that every option of every sheet resolves and that no rule is dead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from knowledge.criteria.loader import CriteriaError
from knowledge.criteria.model import Criterion, Sheet

EFFORT_FILE = Path(__file__).with_name("effort.yaml")
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Cheapest first; the position is the cost rank the planner sorts by.
EFFORT_CLASSES: tuple[str, ...] = ("days", "weeks", "months", "out_of_reach")
DAYS, WEEKS, MONTHS, OUT_OF_REACH = EFFORT_CLASSES
LANGUAGES: tuple[str, ...] = ("vi", "en")


@dataclass(frozen=True, slots=True)
class Effort:
    """What reaching one option takes: a class, a one-line reason, money and certificate flags."""

    level: str
    reason: Mapping[str, str]
    money: bool = False
    certificate: bool = False

    @property
    def rank(self) -> int:
        """Position of the class from cheapest (0, days) to out of reach (3)."""
        return EFFORT_CLASSES.index(self.level)

    def reason_in(self, language: str) -> str:
        """The reason in `language` ("vi" or "en"), Vietnamese for any other."""
        return self.reason.get(language) or self.reason["vi"]


@dataclass(frozen=True, slots=True)
class OptionRule:
    """An option-level entry of a rule: options whose text holds one of `phrases`."""

    phrases: tuple[str, ...]
    effort: Effort

    def matches(self, text: str) -> bool:
        folded = fold(text)
        return any(phrase in folded for phrase in self.phrases)


@dataclass(frozen=True, slots=True)
class Rule:
    """Criteria whose title holds one of `phrases` (on `sheets`, when given)."""

    phrases: tuple[str, ...]
    sheets: frozenset[int]
    effort: Effort
    options: tuple[OptionRule, ...]

    def matches(self, sheet: int, criterion: Criterion) -> bool:
        if self.sheets and sheet not in self.sheets:
            return False
        title = fold(criterion.title)
        return any(phrase in title for phrase in self.phrases)


@dataclass(frozen=True, slots=True)
class EffortRules:
    """The rules and overrides of the effort file."""

    rules: tuple[Rule, ...]
    overrides: Mapping[tuple[int, str, int], Effort]


# Per sheet: criterion code → the efforts of its options, in sheet order.
SheetEfforts = Mapping[str, tuple[Effort, ...]]


def fold(text: str) -> str:
    """NFC, case-folded text, so that phrases match however the sheet capitalises them."""
    return unicodedata.normalize("NFC", text).casefold()


# --- reading the file ------------------------------------------------------------------------


def read_rules(path: Path = EFFORT_FILE) -> EffortRules:
    """Parse the effort file; malformed entries raise CriteriaError listing every problem."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as error:
        raise CriteriaError([f"{path.name}: cannot read: {error}"]) from error
    if not isinstance(raw, Mapping) or not isinstance(raw.get("rules"), list):
        raise CriteriaError([f"{path.name}: expected a mapping with a 'rules' list"])
    problems: list[str] = []
    rules = tuple(_rule(item, f"rule {n}", problems) for n, item in enumerate(raw["rules"], 1))
    overrides = _overrides(raw.get("overrides") or [], problems)
    if problems:
        raise CriteriaError(f"{path.name}: {p}" for p in problems)
    return EffortRules(rules, MappingProxyType(overrides))


def _rule(item: Any, where: str, problems: list[str]) -> Rule:
    data = item if isinstance(item, Mapping) else {}
    phrases = _phrases(data.get("title"), where, problems)
    sheets = data.get("sheets") or []
    if not isinstance(sheets, list) or not all(isinstance(n, int) for n in sheets):
        problems.append(f"{where}: 'sheets' must be a list of sheet numbers")
        sheets = []
    where = f"{where} ({', '.join(phrases)})"
    options = tuple(
        OptionRule(_phrases(o.get("text") if isinstance(o, Mapping) else None,
                            f"{where} option {n}", problems),
                   _effort(o, f"{where} option {n}", problems))
        for n, o in enumerate(data.get("options") or [], 1)
    )
    return Rule(phrases, frozenset(sheets), _effort(data, where, problems), options)


def _phrases(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(
        isinstance(p, str) and p.strip() for p in value
    ):
        problems.append(f"{where}: needs a non-empty list of phrases")
        return ()
    return tuple(fold(p) for p in value)


def _effort(data: Any, where: str, problems: list[str]) -> Effort:
    """Read effort, reasons and flags; record what is wrong and return a placeholder then."""
    if not isinstance(data, Mapping):
        problems.append(f"{where}: expected a mapping")
        return Effort(DAYS, {"vi": "", "en": ""})
    level = data.get("effort")
    if level not in EFFORT_CLASSES:
        problems.append(f"{where}: effort {level!r} is not one of {', '.join(EFFORT_CLASSES)}")
        level = DAYS
    reason = {lang: data.get(f"reason_{lang}") for lang in LANGUAGES}
    for lang, text in reason.items():
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
            problems.append(f"{where}: reason_{lang} must be one non-empty line")
    flags = {name: data.get(name, False) for name in ("money", "certificate")}
    for name, flag in flags.items():
        if not isinstance(flag, bool):
            problems.append(f"{where}: '{name}' must be true or false")
    return Effort(str(level), MappingProxyType({k: str(v or "") for k, v in reason.items()}),
                  money=flags["money"] is True, certificate=flags["certificate"] is True)


def _overrides(items: Any, problems: list[str]) -> dict[tuple[int, str, int], Effort]:
    found: dict[tuple[int, str, int], Effort] = {}
    if not isinstance(items, list):
        problems.append("'overrides' must be a list")
        return found
    for n, item in enumerate(items, 1):
        where = f"override {n}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: expected a mapping")
            continue
        sheet, code, option = item.get("sheet"), item.get("code"), item.get("option")
        if not (isinstance(sheet, int) and isinstance(code, str) and isinstance(option, int)):
            problems.append(f"{where}: needs sheet (number), code (text) and option (1-based)")
            continue
        if (sheet, code, option) in found:
            problems.append(f"{where}: sheet {sheet} {code} option {option} is overridden twice")
        found[(sheet, code, option)] = _effort(item, where, problems)
    return found


# --- resolving options ------------------------------------------------------------------------


def resolve_sheet(rules: EffortRules, sheet: Sheet) -> SheetEfforts:
    """The effort of every option of `sheet`; raises CriteriaError naming unresolved options."""
    problems: list[str] = []
    efforts = {
        criterion.code: _resolve_criterion(rules, sheet.number, criterion, problems)
        for criterion in sheet.criteria
        if criterion.options
    }
    if problems:
        raise CriteriaError(problems)
    return MappingProxyType(efforts)


def _resolve_criterion(
    rules: EffortRules, sheet: int, criterion: Criterion, problems: list[str]
) -> tuple[Effort, ...]:
    rule = next((r for r in rules.rules if r.matches(sheet, criterion)), None)
    efforts = []
    for number, option in enumerate(criterion.options, 1):
        override = rules.overrides.get((sheet, criterion.code, number))
        if override is not None:
            efforts.append(override)
        elif rule is None:
            problems.append(f"sheet {sheet:02d} criterion {criterion.code} option {number}: "
                            f"no effort rule matches the title {criterion.title!r}")
            efforts.append(Effort(OUT_OF_REACH, {"vi": "", "en": ""}))
        else:
            entry = next((o for o in rule.options if o.matches(option.text)), None)
            efforts.append(rule.effort if entry is None else entry.effort)
    return tuple(efforts)


def load_efforts(
    sheets: Mapping[int, Sheet], path: Path = EFFORT_FILE
) -> dict[int, SheetEfforts]:
    """Resolve every option of `sheets`; CriteriaError lists unresolved options and dead rules."""
    rules = read_rules(path)
    problems: list[str] = []
    efforts: dict[int, SheetEfforts] = {}
    for number, sheet in sheets.items():
        try:
            efforts[number] = resolve_sheet(rules, sheet)
        except CriteriaError as error:
            problems.extend(error.problems)
    problems.extend(_unused(rules, sheets.values()))
    if problems:
        raise CriteriaError(f"{path.name}: {p}" for p in problems)
    return efforts


def _unused(rules: EffortRules, sheets: Iterable[Sheet]) -> list[str]:
    """Rules, option entries and overrides that no option of `sheets` uses."""
    used: set[int] = set()
    used_entries: set[tuple[int, int]] = set()
    options = {(s.number, c.code, n) for s in sheets for c in s.criteria
               for n in range(1, len(c.options) + 1)}
    for sheet in sheets:
        for criterion in (c for c in sheet.criteria if c.options):
            index = next((i for i, r in enumerate(rules.rules) if r.matches(sheet.number,
                                                                            criterion)), None)
            if index is None:
                continue
            used.add(index)
            for option in criterion.options:
                entry = _first_entry(rules.rules[index].options, option.text)
                if entry is not None:
                    used_entries.add((index, entry))
    problems = [f"rule {i + 1} ({', '.join(r.phrases)}) matches no criterion"
                for i, r in enumerate(rules.rules) if i not in used]
    problems += [f"rule {i + 1} option {j + 1} ({', '.join(o.phrases)}) matches no option"
                 for i, r in enumerate(rules.rules) if i in used
                 for j, o in enumerate(r.options) if (i, j) not in used_entries]
    problems += [f"override sheet {s} {c} option {n} names no option"
                 for s, c, n in rules.overrides if (s, c, n) not in options]
    return problems


def _first_entry(entries: Sequence[OptionRule], text: str) -> int | None:
    return next((j for j, entry in enumerate(entries) if entry.matches(text)), None)


@lru_cache(maxsize=1)
def default_rules() -> EffortRules:
    """The rules of the shipped effort file, read once."""
    return read_rules()


_resolved: dict[int, tuple[Sheet, SheetEfforts]] = {}


def efforts_for(sheet: Sheet) -> SheetEfforts:
    """The efforts of `sheet`'s options under the shipped rules (checked by the test suite)."""
    # Keyed by identity like the scoring profiles: hashing a whole sheet costs more than this.
    hit = _resolved.get(id(sheet))
    if hit is not None and hit[0] is sheet:
        return hit[1]
    efforts = resolve_sheet(default_rules(), sheet)
    if len(_resolved) >= 64:
        _resolved.clear()
    _resolved[id(sheet)] = (sheet, efforts)
    return efforts
