"""/tieuchi (/criteria): browse product groups, sheets, parts and criteria in one edited message.

Callback data (prefix "tc:"): "r" groups, "g:<i>" sheets of group i, "s:<n>" parts of sheet n,
"p:<n>:<letter>:<page>" criteria of a part, "c:<n>:<code>" one criterion.
"""

from __future__ import annotations

import logging
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import escape
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from core.context import App, OcopContext
from core.i18n import N_, Translator
from core.product_groups import GROUP_LABELS
from handlers.main_menu import main_menu
from knowledge.criteria.model import Criterion, Group, Option, Part, Sheet
from knowledge.criteria.products import PRODUCT_GROUPS
from reports import part_name, points_text

log = logging.getLogger(__name__)

PREFIX = "tc:"
PAGE_SIZE = 6  # criteria per page: few enough for a phone screen and a short keyboard
LABEL_WIDTH = 48  # characters of a button label before it is shortened
MAX_NUMBER_DIGITS = 3

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
        lines.append(f"{number}. {t(group.label)} ({sheets})")
    buttons = [_button(f"{i}. {t(g.label)}", f"g:{i - 1}") for i, g in enumerate(groups, 1)]
    return View("\n".join(lines), tuple((button,) for button in buttons))


def group_view(t: Translator, groups: Sequence[ProductGroup], index: int) -> View | None:
    """The sheets of one product group, numbered by sheet number."""
    if not 0 <= index < len(groups):
        return None
    group = groups[index]
    lines = [_bold(t(group.label)), t("Choose a criteria sheet:"), ""]
    lines += [f"{s.number}. {escape(s.title)}" for s in group.sheets]
    rows = [(_button(f"{s.number}. {s.title}", f"s:{s.number}"),) for s in group.sheets]
    return View("\n".join(lines), (*rows, (_back(t, "r"),)))


def sheet_view(t: Translator, groups: Sequence[ProductGroup], sheet: Sheet) -> View:
    """A sheet's parts with their maxima, its notes and its disqualifying conditions."""
    index, group = next((i, g) for i, g in enumerate(groups) if sheet in g.sheets)
    lines = [_sheet_heading(t, sheet), f"{t(group.label)} · {escape(sheet.subgroup)}", "",
             t("Choose a part:")]
    lines += [f"{part_name(t, p.letter)} — {points_text(t, p.max_points)}" for p in sheet.parts]
    lines += ["", _bold(t("Disqualified when:"))]
    lines += [f"• {escape(condition)}" for condition in sheet.disqualifiers]
    lines += [f"<i>{escape(note)}</i>" for note in sheet.notes]
    rows = [(_button(f"{part_name(t, p.letter)} ({t.number(p.max_points)})",
                     f"p:{sheet.number}:{p.letter}:0"),) for p in sheet.parts]
    return View("\n".join(lines), (*rows, (_back(t, f"g:{index}"),)))


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
    rows = [(_button(f"{c.code}. {c.title}", f"c:{sheet.number}:{c.code}"),) for _, c in shown]
    arrows = _arrows(t, f"p:{sheet.number}:{letter}:", page, page_count(part))
    return View("\n".join(lines), (*rows, *arrows, (_back(t, f"s:{sheet.number}"),)))


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
    back = _back(t, f"p:{sheet.number}:{part.letter}:{position // PAGE_SIZE}")
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
    return _bold(t("Sheet {number}: {title}", number=sheet.number, title=sheet.title))


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


def _arrows(t: Translator, data: str, page: int, pages: int) -> tuple[tuple[Any, ...], ...]:
    """The page arrows of a paged list (none on a single page)."""
    row = []
    if page > 0:
        row.append(_button(t("◀️ Previous"), f"{data}{page - 1}"))
    if page + 1 < pages:
        row.append(_button(t("Next ▶️"), f"{data}{page + 1}"))
    return (tuple(row),) if row else ()


def _neighbours(t: Translator, sheet: int, codes: Sequence[str], position: int
                ) -> tuple[tuple[Any, ...], ...]:
    """Buttons to the previous and next criterion of the same part."""
    row = []
    if position > 0:
        row.append(_button(t("◀️ Previous"), f"c:{sheet}:{codes[position - 1]}"))
    if position + 1 < len(codes):
        row.append(_button(t("Next ▶️"), f"c:{sheet}:{codes[position + 1]}"))
    return (tuple(row),) if row else ()


def _button(label: str, data: str) -> InlineKeyboardButton:
    text = textwrap.shorten(label, width=LABEL_WIDTH, placeholder="…")
    return InlineKeyboardButton(text, callback_data=PREFIX + data)


def _back(t: Translator, data: str) -> InlineKeyboardButton:
    return _button(t("⬅️ Back"), data)


# --- routing ----------------------------------------------------------------------------------


def view_for(data: str, t: Translator, sheets: Mapping[int, Sheet]) -> View | None:
    """The view a button's callback data asks for, or None when it is unknown or stale."""
    if not data.startswith(PREFIX) or len(data.encode()) > 64:
        return None
    groups = product_groups(sheets)
    match data.removeprefix(PREFIX).split(":"):
        case ["r"]:
            return root_view(t, groups)
        case ["g", index] if (number := _number(index)) is not None:
            return group_view(t, groups, number)
        case ["s", number] if (sheet := _sheet(sheets, number)) is not None:
            return sheet_view(t, groups, sheet)
        case ["p", number, letter, page] if (sheet := _sheet(sheets, number)) is not None:
            index = _number(page)
            return None if index is None else part_view(t, sheet, letter, index)
        case ["c", number, code] if (sheet := _sheet(sheets, number)) is not None:
            return criterion_view(t, sheet, code)
    return None


def _number(text: str) -> int | None:
    """A small non-negative integer written in ASCII digits, else None."""
    ok = text.isascii() and text.isdigit() and len(text) <= MAX_NUMBER_DIGITS
    return int(text) if ok else None


def _sheet(sheets: Mapping[int, Sheet], number: str) -> Sheet | None:
    value = _number(number)
    return None if value is None else sheets.get(value)


def opening_view(t: Translator, sheets: Mapping[int, Sheet], args: Sequence[str]) -> View:
    """The groups, or the sheet a command names (/tieuchi 11)."""
    sheet = _sheet(sheets, args[0]) if args else None
    if sheet is None:
        return root_view(t, product_groups(sheets))
    return sheet_view(t, product_groups(sheets), sheet)


# --- handlers ---------------------------------------------------------------------------------


async def open_browser(update: Update, context: OcopContext) -> None:
    """Send the browser's first screen."""
    assert update.effective_message is not None
    view = opening_view(context.t, context.services.sheets, context.args or ())
    await update.effective_message.reply_text(view.text, reply_markup=view.markup)


async def navigate(update: Update, context: OcopContext) -> None:
    """Show the screen a button asks for in the same message; refuse stale or forged buttons."""
    query = update.callback_query
    assert query is not None
    view = view_for(query.data or "", context.t, context.services.sheets)
    if view is None:
        await query.answer(context.t("This button is no longer valid."))
        return
    await query.answer()
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
    app.add_handler(CommandHandler(["tieuchi", "criteria"], open_browser))
    app.add_handler(CallbackQueryHandler(navigate, pattern=f"^{PREFIX}"))
    main_menu(app).add(N_("📚 Criteria"), open_browser)
