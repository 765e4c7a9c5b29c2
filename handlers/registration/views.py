"""Prompts and keyboards of the registration form, and the summary shown before submitting."""

from __future__ import annotations

from html import escape
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from core.buttons import button
from core.context import OcopContext
from core.i18n import Translator
from core.product_groups import sheet_button_label, sheet_line
from core.ui import points, rows, shorten, stars_text
from handlers.registration import buttons
from handlers.registration.fields import KINDS, ORG_TYPES, STEPS, UNREGISTERED_LABEL, applies
from knowledge import places
from knowledge.criteria.model import Sheet
from storage.assessments import AssessmentRecord
from storage.registrations import Registration
from storage.registrations import RegistrationStep as Step

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None
LABEL_LENGTH = 24  # of a product's name on a button
RANKS = (3, 4, 5)  # the current rank of a product being upgraded or re-evaluated


def progress(context: OcopContext, registration: Registration, step: str) -> str:
    """`Step i/n` over the steps that apply to this registration."""
    asked: list[str] = [name for name, _ in STEPS if applies(name, registration)]
    number = asked.index(step) + 1 if step in asked else len(asked)
    return context.t("<b>Registration · step {i}/{n}</b>", i=number, n=len(asked))


def prompt(context: OcopContext, registration: Registration, step: str,
           assessments: list[AssessmentRecord]) -> tuple[str, Markup]:
    """The question of `step`, with its buttons."""
    t = context.t
    texts = {
        Step.ORG_NAME: t("What is the name of your organisation (as registered)?"),
        Step.REPRESENTATIVE: t("Who is the legal representative? Type the full name."),
        Step.PROVINCE: t("Which province is the production site in? Type its name, e.g. Sơn La."),
        Step.COMMUNE: t("Which commune or ward? Type its name, e.g. Tà Xùa."),
        Step.PRODUCT_NAME: t("What is the product's name (up to 120 characters)?"),
        Step.SHEET: t("What kind of product is it? Type a word such as tea, honey, rice wine."),
        Step.CERTIFICATE_EXPIRY: t(
            "Until when is the current certificate valid? Type dd/mm/yyyy."),
    }
    if step in texts:
        return texts[Step(step)], None
    builders = {Step.ORG_TYPE: _org_types, Step.PHONE: _phone, Step.EMAIL: _email,
                Step.KIND: _kinds, Step.CURRENT_STARS: _stars}
    if step == Step.ASSESSMENT:
        return _assessments(context, assessments)
    return builders[Step(step)](context)


def _org_types(context: OcopContext) -> tuple[str, Markup]:
    t = context.t
    labels = [t(label) for _, label in ORG_TYPES] + [t(UNREGISTERED_LABEL)]
    lines = [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
    choices = [button(f"{i}. {label}", buttons.OrgType(i - 1))
               for i, label in enumerate(labels, start=1)]
    return "\n".join([t("What type of organisation registers the product?"), *lines]), \
        InlineKeyboardMarkup(rows(choices, 1))


def _phone(context: OcopContext) -> tuple[str, Markup]:
    t = context.t
    keyboard = ReplyKeyboardMarkup([[KeyboardButton(t("📱 Share my phone number"),
                                                    request_contact=True)]],
                                   resize_keyboard=True, one_time_keyboard=True)
    return t("Your phone number: press the button below, or type it (e.g. 0912 345 678)."), \
        keyboard


def _email(context: OcopContext) -> tuple[str, Markup]:
    t = context.t
    return t("Your email (optional): type it, or skip."), \
        InlineKeyboardMarkup([[button(t("Skip ➡️"), buttons.Skip())]])


def _kinds(context: OcopContext) -> tuple[str, Markup]:
    t = context.t
    labels = [t(label) for _, label in KINDS]
    lines = [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
    choices = [button(f"{i}. {label}", buttons.Kind(i - 1))
               for i, label in enumerate(labels, start=1)]
    return "\n".join([t("Is this a first registration, an upgrade or a re-evaluation?"),
                      *lines]), InlineKeyboardMarkup(rows(choices, 1))


def _stars(context: OcopContext) -> tuple[str, Markup]:
    t = context.t
    choices = [button(f"{n}. {stars_text(t, n)}", buttons.Stars(n)) for n in RANKS]
    return t("What is the product's current rank?"), InlineKeyboardMarkup([choices])


def _assessments(context: OcopContext, assessments: list[AssessmentRecord]
                 ) -> tuple[str, Markup]:
    t = context.t
    lines, choices = [], []
    for i, record in enumerate(assessments, start=1):
        label = f"{i}. {record.product_name or ''} · " + t("sheet {n}", n=record.sheet)
        lines.append(f"{escape(label)} · {points(record.total or 0)}/100 · "
                     f"{stars_text(t, record.stars or 0)}")
        choices.append(button(label[:60], buttons.Attach(record.id)))
    choices.append(button(t("No self-assessment"), buttons.Skip()))
    head = t("Attach one of your self-assessments (its score and rank go to the officers)?") if (
        assessments) else t("You have no finished self-assessment on this product's sheet.")
    return "\n".join([head, *lines]), InlineKeyboardMarkup(rows(choices, 1))


def numbered(head: str, labels: list[str]) -> str:
    """A question and its choices as numbered lines `1. …` (labels escaped)."""
    return "\n".join([head, *(f"{i}. {escape(label)}" for i, label in enumerate(labels, 1))])


def reuse_offer(t: Translator, previous: Registration) -> tuple[str, InlineKeyboardMarkup]:
    """Offer the organisation, representative, phone and place of an earlier registration."""
    province = places.province(previous.province_code or 0)
    commune = places.commune(previous.province_code or 0, previous.commune_code or 0)
    where = ", ".join(p.name for p in (commune, province) if p is not None) or "–"
    details = [(t("Organisation name"), previous.org_name), (t("Legal representative"),
               previous.representative), (t("Phone"), previous.phone), (t("Commune"), where)]
    lines = [t("You registered before (#{id}). Use the same details again?", id=previous.id),
             *(f"• {label}: {escape(value or '–')}" for label, value in details)]
    return "\n".join(lines), InlineKeyboardMarkup([
        [button(t("♻️ Use them"), buttons.Reuse(previous.id))],
        [button(t("✍️ Start afresh"), buttons.Afresh())]])


def draft_clash(t: Translator, draft: Registration, record: AssessmentRecord
                ) -> tuple[str, InlineKeyboardMarkup]:
    """A draft of another product is open: register the assessed product instead, or go on."""
    drafted = escape(draft.product_name or t("another product"))
    assessed = escape(record.product_name or "")
    text = t("You have a registration not sent yet, for “{drafted}”. Register “{assessed}” in "
             "it instead? The organisation, representative, phone and place you typed stay.",
             drafted=drafted, assessed=assessed)
    return text, InlineKeyboardMarkup([
        [button(t("📝 Register “{product}” instead",
                  product=shorten(record.product_name or "", LABEL_LENGTH)),
                buttons.SwitchTo(record.id))],
        [button(t("▶️ Go on with “{product}”",
                  product=shorten(draft.product_name or "", LABEL_LENGTH)),
                buttons.Resume())]])


def place_buttons(found: list[places.Place],
                  kind: type[buttons.Province] | type[buttons.Commune]) -> InlineKeyboardMarkup:
    """Numbered buttons for matching provinces or communes."""
    return InlineKeyboardMarkup(rows(
        [button(f"{i}. {p.name}", kind(p.code)) for i, p in enumerate(found, 1)], 1))


def sheet_choices(t: Translator, sheets: list[Sheet]) -> tuple[str, InlineKeyboardMarkup]:
    """The criteria sheets matching the typed word, numbered, glossed in English as /danhgia
    shows them, with a button each."""
    lines = [f"{i}. {sheet_line(t, sheet)}" for i, sheet in enumerate(sheets, start=1)]
    keys = [button(f"{i}. {sheet_button_label(t, sheet)}", buttons.Sheet(sheet.number))
            for i, sheet in enumerate(sheets, start=1)]
    return "\n".join([t("Choose the criteria sheet:"), *lines]), InlineKeyboardMarkup(
        rows(keys, 1))


def summary_markup(t: Translator, fields: list[dict[str, Any]]) -> InlineKeyboardMarkup:
    """An edit button per field shown, then Submit."""
    index = {name: i for i, (name, _) in enumerate(STEPS)}
    edits = [button(f"✏️ {field['label']}", buttons.Edit(index[field['step']]))
             for field in fields]
    return InlineKeyboardMarkup([*rows(edits, 2), [button(t("📨 Submit"), buttons.Submit())]])


def decision_markup(t: Translator, registration_id: int) -> InlineKeyboardMarkup:
    """The officers' decisions on a registration waiting for them."""
    return InlineKeyboardMarkup([[
        button(t("✅ Accept"), buttons.Accept(registration_id)),
        button(t("❓ Ask for more"), buttons.AskInfo(registration_id)),
        button(t("❌ Reject"), buttons.Reject(registration_id)),
    ]])


def summary_values(context: OcopContext, t: Translator, registration: Registration,
                   assessment: AssessmentRecord | None) -> list[dict[str, Any]]:
    """Label and value of every field that applies, for the summary and the officers."""
    r = registration
    province = places.province(r.province_code) if r.province_code else None
    commune = places.commune(r.province_code, r.commune_code) if (
        r.province_code and r.commune_code) else None
    values = {
        "org_type": t(dict(ORG_TYPES).get(r.org_type or "", "–")),
        "org_name": r.org_name, "representative": r.representative,
        "phone": r.phone, "email": r.email or "–",
        "province": province.name if province else None,
        "commune": commune.name if commune else None, "product_name": r.product_name,
        "sheet": _sheet(context, r.sheet), "kind": t(dict(KINDS).get(r.kind or "", "–")),
        "current_stars": stars_text(t, r.current_stars) if r.current_stars else None,
        "certificate_expiry": r.certificate_expiry,
        "assessment": _assessment(t, assessment),
    }
    return [{"step": name, "label": t(label), "value": values[name] or "–"}
            for name, label in STEPS if applies(name, r)]


def _sheet(context: OcopContext, number: int | None) -> str | None:
    if number is None:
        return None
    return f"{number}. {context.services.sheets[number].title}"


def _assessment(t: Translator, record: AssessmentRecord | None) -> str:
    if record is None:
        return t("none")
    score = f"{points(record.total or 0)}/100 · {stars_text(t, record.stars or 0)}"
    return f"{record.product_name} · {score}" if record.product_name else score
