"""Self-assessment outputs (score chart, printable report) and the wording they share."""

from __future__ import annotations

from core.i18n import N_, Translator
from knowledge.criteria.scoring import round_points

# The decree's names of the parts (Phụ lục II), shorter than the sheets' capitalised titles.
PART_NAMES: dict[str, str] = {
    "A": N_("A. Product and community strength"),
    "B": N_("B. Marketing capacity"),
    "C": N_("C. Product quality"),
}


def part_name(t: Translator, letter: str) -> str:
    """The translated name of part A, B or C (the bare letter for any other)."""
    msgid = PART_NAMES.get(letter)
    return t(msgid) if msgid else letter


def shown(value: float) -> float:
    """Points as displayed: rounded down to one decimal, like the result messages."""
    return round_points(value)


def points_text(t: Translator, value: float) -> str:
    """'2 points' / '2 điểm', with the number in the locale's format."""
    # ngettext needs an integer; a fractional amount takes the plural form in English.
    count = int(value) if float(value).is_integer() else 2
    return t.plural("{n} point", "{n} points", count, n=t.number(shown(value)))


def rank_text(t: Translator, stars: int) -> str:
    """The rank as the conventions print it: 'N sao' / 'N stars'."""
    return t.plural("{n} star", "{n} stars", stars)


def score_line(t: Translator, total: float, stars: int, disqualified: bool) -> str:
    """'72,5/100 · 4 sao', or the total with a disqualification notice."""
    rank = t("disqualified, no rank") if disqualified else rank_text(t, stars)
    return f"{t.number(shown(total))}/100 · {rank}"
