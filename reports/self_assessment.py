"""What the Mẫu 02 self-assessment documents say, shared by the Word and the PDF versions.

The texts are gettext msgids so that the documents follow the user's language; the copy to file
at the commune should be made with the Vietnamese translator.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from core.commands import N_
from core.i18n import Translator
from knowledge.criteria.effort import EFFORT_CLASSES
from knowledge.criteria.model import Sheet
from knowledge.criteria.planner import Advice, Plan, Step
from knowledge.criteria.scoring import UnmetMinimum
from reports import rank_text, shown
from reports.document import PartRows, part_rows, unmet_by_level

EFFORT_NAMES: Mapping[str, str] = {
    "days": N_("a few days"),
    "weeks": N_("a few weeks"),
    "months": N_("a few months"),
    "out_of_reach": N_("out of reach for a household"),
}
assert set(EFFORT_NAMES) == set(EFFORT_CLASSES)


@dataclass(frozen=True, slots=True)
class Producer:
    """Who made the self-assessment: Part I of Mẫu 02 (None where not known)."""

    organisation: str | None = None
    org_type: str | None = None
    representative: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class AssessmentReport:
    """Everything the Mẫu 02 documents show about one scored assessment."""

    sheet: Sheet
    advice: Advice
    parts: tuple[PartRows, ...]
    producer: Producer
    product_name: str | None
    assessed_at: datetime

    @property
    def unmet(self) -> list[tuple[int, list[UnmetMinimum]]]:
        return unmet_by_level(self.advice.score)


def assessment_report(
    t: Translator, *, sheet: Sheet, answers: Mapping[str, int], advice: Advice,
    producer: Producer, product_name: str | None, assessed_at: datetime,
) -> AssessmentReport:
    """Gather the contents of the documents for 0-based `answers` and their `advice`."""
    parts = part_rows(t, sheet, answers, advice.score)
    return AssessmentReport(sheet, advice, parts, producer, product_name, assessed_at)


def plain(translated: str) -> str:
    """A translated text for a document: t() escapes values for HTML, and here is none."""
    return html.unescape(translated)


BLANK = "……………………"  # a value the producer fills in by hand


def known_values(report: AssessmentReport) -> dict[str, str | None]:
    """What the bot knows for the fields of Part I, by the keys of reports.mau02.PART_I_FIELDS."""
    producer = report.producer
    return {"organisation": producer.organisation, "org_type": producer.org_type,
            "address": producer.address, "phone": producer.phone, "email": producer.email,
            "representative": producer.representative, "product": report.product_name}


def result_lines(t: Translator, report: AssessmentReport) -> list[tuple[str, str]]:
    """Which criteria sheet the self-assessment used and when it was made."""
    sheet = report.sheet
    return [
        (t("Criteria sheet"), plain(t("Sheet {number}: {title}", number=sheet.number,
                                      title=sheet.title))),
        (t("Date of the self-assessment"), t.date(report.assessed_at)),
    ]


def info_lines(t: Translator, report: AssessmentReport) -> list[tuple[str, str]]:
    """A summary of Part I: label and value, with a dotted line where a value is unknown."""
    producer, blank = report.producer, BLANK
    return [
        (t("Organisation name"), producer.organisation or blank),
        (t("Type of organisation"), producer.org_type or blank),
        (t("Address"), producer.address or blank),
        (t("Phone"), producer.phone or blank),
        (t("Email"), producer.email or blank),
        (t("Legal representative"), producer.representative or blank),
        (t("Product"), report.product_name or blank),
        *result_lines(t, report),
    ]


def total_text(t: Translator, report: AssessmentReport) -> str:
    """'72,5/100' in the locale's number format."""
    return f"{t.number(shown(report.advice.score.total))}/100"


def rank_line(t: Translator, report: AssessmentReport) -> str:
    """The rank, or the disqualification with its reasons."""
    score = report.advice.score
    if score.disqualified:
        return t("disqualified, no rank") + ": " + "; ".join(score.disqualifiers)
    return rank_text(t, score.stars)


def points_of(t: Translator, value: float, maximum: float) -> str:
    """'3/5' in the locale's number format."""
    return f"{t.number(shown(value))}/{t.number(shown(maximum))}"


def plan_heading(t: Translator, plan: Plan) -> str:
    """'Plan for 3 stars: 4 steps, to 52/100 (3 stars)'."""
    # Values first: Babel's extractor loses the plural form after a nested call's arguments.
    rank, result = rank_text(t, plan.target), rank_text(t, plan.stars)
    total, count = t.number(shown(plan.total)), len(plan.steps)
    return plain(t.plural("Plan for {rank}: {n} step, to {total}/100 ({result})",
                          "Plan for {rank}: {n} steps, to {total}/100 ({result})",
                          count, rank=rank, total=total, result=result))


def step_lines(t: Translator, number: int, step: Step) -> tuple[str, str, str]:
    """A step as three lines: what to reach, its effort and needs, the result after it."""
    what = plain(t("{number}. {code} {title}: reach “{option}” (+{points})", number=number,
                   code=step.code, title=step.title, option=step.option.text,
                   points=t.number(shown(step.points))))
    needs = [t(EFFORT_NAMES[step.effort.level])]
    if step.effort.money:
        needs.append(t("needs money"))
    if step.effort.certificate:
        needs.append(t("needs a certificate"))
    if step.required:
        needs.append(t("required for the rank"))
    effort = ", ".join(needs) + " – " + step.effort.reason_in(t.locale)
    after = plain(t("After this step: {total}/100, {rank}",
                    total=t.number(shown(step.total)), rank=rank_text(t, step.stars)))
    return what, effort, after


def plans_intro(t: Translator, report: AssessmentReport) -> str:
    """Why there are plans, or why there are none."""
    advice = report.advice
    if advice.score.disqualified:
        return t("A disqualified product cannot reach a rank by changing answers: meet the "
                 "eligibility conditions first.")
    if not advice.plans:
        return t("The product already reaches 5 stars: no plan is needed.")
    return t("Each plan starts from the answers above and takes the cheapest steps first: "
             "first the minimum levels the rank requires, then the points.")
