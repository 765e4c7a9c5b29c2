"""The fields of Mẫu 01 in the order they are asked, and how typed values are checked."""

from __future__ import annotations

import re
from datetime import date

import phonenumbers

from core.i18n import N_
from core.numbers import parse_number
from core.text import one_line
from storage.registrations import Registration
from storage.registrations import RegistrationStep as Step

ORG_TYPES: tuple[tuple[str, str], ...] = (
    ("cooperative", N_("Cooperative (hợp tác xã)")),
    ("cooperative_group", N_("Cooperative group (tổ hợp tác)")),
    ("sme", N_("Small or medium enterprise")),
    ("farm", N_("Farm (trang trại)")),
    ("household", N_("Household with business registration")),
)
UNREGISTERED_LABEL = N_("A person without business registration")
KINDS: tuple[tuple[str, str], ...] = (
    ("first", N_("First registration")),
    ("upgrade", N_("Upgrade (nâng hạng)")),
    ("reevaluation", N_("Re-evaluation (đánh giá lại)")),
)
# Step → label msgid. The order is Mẫu 01's; two steps apply to some kinds only.
STEPS: tuple[tuple[Step, str], ...] = (
    (Step.ORG_TYPE, N_("Type of organisation")),
    (Step.ORG_NAME, N_("Organisation name")),
    (Step.REPRESENTATIVE, N_("Legal representative")),
    (Step.PHONE, N_("Phone")),
    (Step.EMAIL, N_("Email")),
    (Step.PROVINCE, N_("Province")),
    (Step.COMMUNE, N_("Commune")),
    (Step.PRODUCT_NAME, N_("Product")),
    (Step.SHEET, N_("Criteria sheet")),
    (Step.KIND, N_("Registration kind")),
    (Step.CURRENT_STARS, N_("Current rank")),
    (Step.CERTIFICATE_EXPIRY, N_("Certificate valid until")),
    (Step.ASSESSMENT, N_("Attached self-assessment")),
)
STEP_NAMES = tuple(name for name, _ in STEPS)
TEXT_LIMITS = {Step.ORG_NAME: 200, Step.REPRESENTATIVE: 100, Step.PRODUCT_NAME: 120}
RERANKED = ("upgrade", "reevaluation")  # kinds that ask the current rank and its expiry
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
DATE_RE = re.compile(r"^([^/.-]{1,2})[/.-]([^/.-]{1,2})[/.-]([^/.-]{4})$")


def applies(step: str, registration: Registration) -> bool:
    """Whether a step is asked for this registration (rank and expiry only when re-ranked)."""
    if step in (Step.CURRENT_STARS, Step.CERTIFICATE_EXPIRY):
        return registration.kind in RERANKED
    return True


def next_step(registration: Registration, after: str) -> Step:
    """The step after `after` that applies and is not answered yet, or the summary.

    Later steps hold an answer only when something filled them ahead (an earlier registration,
    a self-assessment): asking them again would make the producer type what is known.
    """
    following = STEP_NAMES[STEP_NAMES.index(Step(after)) + 1 :]
    return next((s for s in following if applies(s, registration)
                 and getattr(registration, ANSWERS[s]) is None), Step.SUMMARY)


# Required step → the column holding its answer.
REQUIRED = {
    Step.ORG_TYPE: "org_type", Step.ORG_NAME: "org_name", Step.REPRESENTATIVE: "representative",
    Step.PHONE: "phone", Step.PROVINCE: "province_code", Step.COMMUNE: "commune_code",
    Step.PRODUCT_NAME: "product_name", Step.SHEET: "sheet", Step.KIND: "kind",
    Step.CURRENT_STARS: "current_stars", Step.CERTIFICATE_EXPIRY: "certificate_expiry",
}

# Every step → its column: a value there means the step need not be asked in order.
ANSWERS = {**REQUIRED, Step.EMAIL: "email", Step.ASSESSMENT: "assessment_id"}


def first_missing(registration: Registration) -> Step | None:
    """The first required step that applies and has no value yet."""
    return next((step for step in STEP_NAMES if step in REQUIRED and applies(step, registration)
                 and getattr(registration, REQUIRED[step]) is None), None)


def clean_text(text: str, limit: int) -> str | None:
    """One line of text within `limit` characters, or None when empty or too long."""
    value = one_line(text)
    return value if 0 < len(value) <= limit else None


def clean_phone(text: str) -> str | None:
    """A valid Vietnamese phone number in E.164 form (+84…), or None."""
    try:
        number = phonenumbers.parse(text.strip(), "VN")
    except phonenumbers.NumberParseException:
        return None
    if not (phonenumbers.is_valid_number(number) and number.country_code == 84):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_email(text: str) -> str | None:
    """An email address of plausible shape, or None."""
    value = one_line(text)
    return value if len(value) <= 254 and EMAIL_RE.match(value) else None


def clean_date(text: str) -> str | None:
    """A date typed as dd/mm/yyyy (a certificate's expiry), as ISO text, or None."""
    match = DATE_RE.match(one_line(text))
    if match is None:
        return None
    day, month, year = (parse_number(part) for part in match.groups())
    if day is None or month is None or year is None:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value.isoformat() if 2019 <= value.year < 2100 else None
