"""/tieuchi (/criteria): browse product groups, sheets, parts and criteria in one edited message.

Every screen is a kind of button (below): the button's data names the screen it opens, so a press
needs nothing remembered, and PTB routes each kind to `navigate` by its pattern.
"""

from __future__ import annotations

import logging
import math
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import escape
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler

from core.buttons import ButtonData, StaleButton, button, on_press
from core.context import App, OcopContext
from core.i18n import N_, Translator
from core.numbers import parse_number
from core.product_groups import GROUP_LABELS, glossed_subgroup, glossed_title, sheet_button_label
from handlers.main_menu import main_menu
from knowledge.criteria.model import Criterion, Group, Option, Part, Sheet
from knowledge.criteria.products import PRODUCT_GROUPS
from knowledge.criteria.quotes import condition_without_heading, is_star_note
from reports import part_name, points_text

log = logging.getLogger(__name__)

PAGE_SIZE = 6  # criteria per page: few enough for a phone screen and a short keyboard
LABEL_WIDTH = 48  # characters of a button label before it is shortened


# --- buttons: one kind per screen ---------------------------------------------------------------


@dataclass(frozen=True)
class ToGroups(ButtonData, prefix="tc:r"):
    """The product groups."""


@dataclass(frozen=True)
class ToGroup(ButtonData, prefix="tc:g"):
    index: int  # 0-based, in PRODUCT_GROUPS


@dataclass(frozen=True)
class ToSheet(ButtonData, prefix="tc:s"):
    number: int


@dataclass(frozen=True)
class ToPart(ButtonData, prefix="tc:p"):
    number: int
    letter: str
    page: int  # 0-based


@dataclass(frozen=True)
class ToCriterion(ButtonData, prefix="tc:c"):
    number: int
    code: str


KINDS: tuple[type[ButtonData], ...] = (ToGroups, ToGroup, ToSheet, ToPart, ToCriterion)


@dataclass(frozen=True, slots=True)
class ProductGroup:
    label: str  # msgid
    sheets: tuple[Sheet, ...]


@dataclass(frozen=True, slots=True)
class View:
    """One screen of the browser: HTML text and its inline keyboard."""

    text: str
    buttons: tuple[tuple[InlineKeyboardButton, ...], ...]

    @property
    def markup(self) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(self.buttons)


def product_groups(sheets: Mapping[int, Sheet]) -> list[ProductGroup]:
    """The decree's product groups with their sheets, in the decree's order."""
    return [ProductGroup(GROUP_LABELS[group.name], tuple(sheets[n] for n in group.sheets))
            for group in PRODUCT_GROUPS]


# --- views ------------------------------------------------------------------------------------


def root_view(t: Translator, groups: Sequence[ProductGroup]) -> View:
    """The product groups, numbered."""
    count = sum(len(group.sheets) for group in groups)
    lines = [
        _bold(t("📚 OCOP criteria")),
        t("Decision 26/2026/QĐ-TTg has {sheets} criteria sheets in {groups} product groups. "
          "Choose a group:", sheets=count, groups=len(groups)),
        "",
    ]
    for number, group in enumerate(groups, 1):
        sheets = t.plural("{n} sheet", "{n} sheets", len(group.sheets))
        label = t(group.label)
        lines.append(f"{number}. {label} ({sheets})")
    labels = [t(g.label) for g in groups]
    buttons = [_button(f"{i}. {label}", ToGroup(i - 1)) for i, label in enumerate(labels, 1)]
    return View("\n".join(lines), tuple((button,) for button in buttons))


def group_view(t: Translator, groups: Sequence[ProductGroup], index: int) -> View | None:
    """The sheets of one product group, numbered by sheet number."""
    if not 0 <= index < len(groups):
        return None
    group = groups[index]
    lines = [_bold(t(group.label)), t("Choose a criteria sheet:"), ""]
    lines += [f"{s.number}. {glossed_title(t, s)}" for s in group.sheets]
    rows = [(_button(f"{s.number}. {sheet_button_label(t, s)}", ToSheet(s.number)),)
            for s in group.sheets]
    return View("\n".join(lines), (*rows, (_back(t, ToGroups()),)))


def sheet_view(t: Translator, groups: Sequence[ProductGroup], sheet: Sheet) -> View:
    """A sheet's parts with their maxima, its notes and its disqualifying conditions."""
    index, group = next((i, g) for i, g in enumerate(groups) if sheet in g.sheets)
    lines = [_sheet_heading(t, sheet), _group_line(t, group, sheet), "", t("Choose a part:")]
    lines += [f"{part_name(t, p.letter)} — {points_text(t, p.max_points)}" for p in sheet.parts]
    lines += ["", _bold(t("Disqualified when:"))]
    lines += [f"• {escape(condition_without_heading(c))}" for c in sheet.disqualifiers]
    lines += [f"<i>{_sheet_note(t, note)}</i>" for note in sheet.notes]
    rows = [(_button(f"{part_name(t, p.letter)} ({t.number(p.max_points)})",
                     ToPart(sheet.number, p.letter, 0)),) for p in sheet.parts]
    return View("\n".join(lines), (*rows, (_back(t, ToGroup(index)),)))


def part_view(t: Translator, sheet: Sheet, letter: str, page: int) -> View | None:
    """One page of a part's criteria, under their group headings."""
    part = next((p for p in sheet.parts if p.letter == letter), None)
    if part is None or not 0 <= page < page_count(part):
        return None
    shown = part_criteria(part)[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    body: list[str] = []
    for group, criterion in shown:
        if (criterion is shown[0][1] or criterion is group.criteria[0]) and _titled(group):
            body += ["", _group_heading(t, group)] if body else [_group_heading(t, group)]
        body.append(f"{escape(criterion.code)}. {escape(criterion.title)} — "
                    f"{points_text(t, criterion.max_points)}")
    lines = [_sheet_heading(t, sheet),
             f"{_bold(part_name(t, letter))} — {points_text(t, part.max_points)}",
             t("Page {page}/{pages}. Choose a criterion:", page=page + 1, pages=page_count(part)),
             "", *body]
    rows = [(_button(f"{c.code}. {c.title}", ToCriterion(sheet.number, c.code)),)
            for _, c in shown]
    arrows = _arrows(t, lambda to: ToPart(sheet.number, letter, to), page, page_count(part))
    return View("\n".join(lines), (*rows, *arrows, (_back(t, ToSheet(sheet.number)),)))


def criterion_view(t: Translator, sheet: Sheet, code: str) -> View | None:
    """One criterion: its options in printed order with points and star marks, and its notes."""
    criterion = next((c for c in sheet.criteria if c.code == code), None)
    if criterion is None:
        return None
    part = sheet.part(criterion.part)
    siblings = [c.code for _, c in part_criteria(part)]
    position = siblings.index(code)
    lines = [f"{_sheet_heading(t, sheet)} · {part_name(t, part.letter)}", "",
             f"<b>{escape(code)}. {escape(criterion.title)}</b>",
             t("Maximum: {points}", points=points_text(t, criterion.max_points)), ""]
    lines += [_option_line(t, i, option) for i, option in enumerate(criterion.options, 1)]
    lines += _criterion_notes(t, criterion)
    arrows = _neighbours(t, sheet.number, siblings, position)
    back = _back(t, ToPart(sheet.number, part.letter, position // PAGE_SIZE))
    return View("\n".join(lines), (*arrows, (back,)))


# --- pieces of views --------------------------------------------------------------------------


def part_criteria(part: Part) -> list[tuple[Group, Criterion]]:
    """The criteria of a part in sheet order, each with its group."""
    return [(group, criterion) for group in part.groups for criterion in group.criteria]


def page_count(part: Part) -> int:
    return max(1, math.ceil(len(part_criteria(part)) / PAGE_SIZE))


def _bold(html: str) -> str:
    return f"<b>{html}</b>"


def _sheet_heading(t: Translator, sheet: Sheet) -> str:
    return _bold(t("Sheet {number}: {title}", number=sheet.number, title=glossed_title(t, sheet)))


def _group_line(t: Translator, group: ProductGroup, sheet: Sheet) -> str:
    """The product group and the sheet's group as the decree prints it (glossed in English)."""
    return t(group.label) + " · " + glossed_subgroup(t, sheet)


def _sheet_note(t: Translator, note: str) -> str:
    """A sheet's printed note (HTML); the star-mark note in the user's language."""
    if is_star_note(note) and t.locale == "en":
        return t("“Minimum for 3★” (4★, 5★) marks the option a product must at least reach on "
                 "that criterion to be ranked 3 (4, 5) stars.")
    return escape(note)


def _titled(group: Group) -> bool:
    """False for a group that is a single criterion of the same code and title (sheet 26)."""
    return not (len(group.criteria) == 1 and group.criteria[0].code == group.code)


def _group_heading(t: Translator, group: Group) -> str:
    heading = t("Group {code}: {title}", code=group.code, title=group.title)
    return f"{_bold(heading)} · {points_text(t, group.max_points)}"


def _option_line(t: Translator, number: int, option: Option) -> str:
    """'2. Đóng gói sáng tạo, bao bì đẹp — 2 điểm · tối thiểu cho 3★'."""
    line = f"{number}. {escape(option.text)} — {points_text(t, option.points)}"
    return line + (" · " + t("minimum for {n}★", n=option.stars) if option.stars else "")


def _criterion_notes(t: Translator, criterion: Criterion) -> list[str]:
    """The criterion's requirement and notes, after a blank line; nothing when it has none."""
    notes = [(t("Requirement:"), criterion.requirement), (t("Note:"), criterion.note),
             (t("Note on the printed decree:"), criterion.correction)]
    lines = [f"<i>{label} {escape(text)}</i>" for label, text in notes if text]
    return ["", *lines] if lines else []


def _arrows(t: Translator, to_page: Callable[[int], ButtonData], page: int, pages: int
            ) -> tuple[tuple[Any, ...], ...]:
    """The page arrows of a paged list (none on a single page)."""
    row = []
    if page > 0:
        row.append(_button(t("◀️ Previous"), to_page(page - 1)))
    if page + 1 < pages:
        row.append(_button(t("Next ▶️"), to_page(page + 1)))
    return (tuple(row),) if row else ()


def _neighbours(t: Translator, sheet: int, codes: Sequence[str], position: int
                ) -> tuple[tuple[Any, ...], ...]:
    """Buttons to the previous and next criterion of the same part."""
    row = []
    if position > 0:
        row.append(_button(t("◀️ Previous"), ToCriterion(sheet, codes[position - 1])))
    if position + 1 < len(codes):
        row.append(_button(t("Next ▶️"), ToCriterion(sheet, codes[position + 1])))
    return (tuple(row),) if row else ()


def _button(label: str, data: ButtonData) -> InlineKeyboardButton:
    return button(textwrap.shorten(label, width=LABEL_WIDTH, placeholder="…"), data)


def _back(t: Translator, data: ButtonData) -> InlineKeyboardButton:
    return _button(t("⬅️ Back"), data)


# --- routing ----------------------------------------------------------------------------------


def screen(press: ButtonData, t: Translator, sheets: Mapping[int, Sheet]) -> View | None:
    """The screen a press asks for, or None when it names nothing that exists."""
    groups = product_groups(sheets)
    match press:
        case ToGroups():
            return root_view(t, groups)
        case ToGroup(index):
            return group_view(t, groups, index)
        case ToSheet(number) if number in sheets:
            return sheet_view(t, groups, sheets[number])
        case ToPart(number, letter, page) if number in sheets:
            return part_view(t, sheets[number], letter, page)
        case ToCriterion(number, code) if number in sheets:
            return criterion_view(t, sheets[number], code)
    return None


def view_for(data: str, t: Translator, sheets: Mapping[int, Sheet]) -> View | None:
    """The screen a button's callback data asks for, or None when it is unknown or stale."""
    kind = next((k for k in KINDS if re.fullmatch(k.pattern(), data)), None)
    return None if kind is None else screen(kind.unpack(data), t, sheets)


def opening_view(t: Translator, sheets: Mapping[int, Sheet], args: Sequence[str]) -> View:
    """The groups, or the sheet a command names (/tieuchi 11)."""
    number = parse_number(args[0]) if args else None
    sheet = sheets.get(number) if number is not None else None
    if sheet is None:
        return root_view(t, product_groups(sheets))
    return sheet_view(t, product_groups(sheets), sheet)


# --- handlers ---------------------------------------------------------------------------------


async def open_browser(update: Update, context: OcopContext) -> None:
    """Send the browser's first screen."""
    assert update.effective_message is not None
    view = opening_view(context.t, context.services.sheets, context.args or ())
    await update.effective_message.reply_text(view.text, reply_markup=view.markup)


async def navigate(update: Update, context: OcopContext, press: ButtonData) -> None:
    """Show the screen a button asks for in the same message; refuse stale or forged buttons."""
    view = screen(press, context.t, context.services.sheets)
    if view is None:
        raise StaleButton(press)
    await _show(update, context, view)


async def _show(update: Update, context: OcopContext, view: View) -> None:
    """Edit the browser message, or send a new one when it can no longer be edited."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    if isinstance(query.message, Message):
        try:
            await query.edit_message_text(view.text, reply_markup=view.markup)
            return
        except BadRequest as exc:
            reason = exc.message.lower()
            if "not modified" in reason:
                return  # a double tap: the screen already shows this
            if "can't be edited" not in reason and "not found" not in reason:
                raise
            log.info("Browser message %s not editable (%s)", query.message.message_id, reason)
    await context.bot.send_message(update.effective_chat.id, view.text, reply_markup=view.markup)


def register(app: App) -> None:
    """The command, one handler per kind of button (all showing a screen), the menu button."""
    app.add_handler(CommandHandler(["tieuchi", "criteria"], open_browser))
    for kind in KINDS:
        app.add_handler(on_press(kind, navigate))
    main_menu(app).add(N_("📚 Criteria"), open_browser)
