"""Texts and keyboards of the assessment flow, built from the sheet and the stored answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram import InlineKeyboardMarkup

from core.i18n import Translator
from core.product_groups import group_label
from core.ui import button, points, rows, shorten
from handlers.assessment.callbacks import encode
from knowledge.criteria.eligibility import Condition
from knowledge.criteria.model import Criterion, Sheet
from knowledge.criteria.products import PRODUCT_GROUPS

OPTION_BUTTONS_PER_ROW = 4








def groups_keyboard(t: Translator) -> InlineKeyboardMarkup:
    """One numbered button per product group."""
    buttons = [button(f"{i}. {group_label(t, g)}", encode("g", i - 1))
               for i, g in enumerate(PRODUCT_GROUPS, start=1)]
    return InlineKeyboardMarkup(rows(buttons, 1))


def sheets_keyboard(t: Translator, sheets: Mapping[int, Sheet], numbers: list[int],
                    ) -> InlineKeyboardMarkup:
    """One numbered button per sheet, then a way back to the groups."""
    buttons = [button(f"{i}. {sheets[n].title}", encode("s", n))
               for i, n in enumerate(numbers, start=1)]
    return InlineKeyboardMarkup([*rows(buttons, 1), [button(t("⬅️ Back"), encode("grp"))]])


def option_keyboard(t: Translator, aid: int, position: int, criterion: Criterion,
                    *, can_go_back: bool) -> InlineKeyboardMarkup:
    """One button per option (label starts with its number), then back and pause."""
    options = [button(t("{n} ({points} pt)", n=i, points=points(option.points)),
                      encode("q", position, i - 1, aid=aid))
               for i, option in enumerate(criterion.options, start=1)]
    navigation = [button(t("⏸ Pause"), encode("p", aid=aid))]
    if can_go_back:
        navigation.insert(0, button(t("⬅️ Back"), encode("b", position, aid=aid)))
    return InlineKeyboardMarkup([*rows(options, OPTION_BUTTONS_PER_ROW), navigation])


def eligibility_keyboard(t: Translator, aid: int, position: int) -> InlineKeyboardMarkup:
    """`Có` / `Không` (Yes / No), then pause."""
    return InlineKeyboardMarkup([
        [button(t("Yes"), encode("e", position, 1, aid=aid)),
         button(t("No"), encode("e", position, 0, aid=aid))],
        [button(t("⏸ Pause"), encode("p", aid=aid))],
    ])


def question_context(sheet: Sheet, position: int, chosen: int | None) -> dict[str, Any]:
    """What the question template needs for criterion number `position` (0-based)."""
    criterion = sheet.criteria[position]
    part = sheet.part(criterion.part)
    group = next(g for g in part.groups if g.code == criterion.group)
    return {
        "number": position + 1, "count": len(sheet.criteria), "part": part, "group": group,
        "criterion": criterion, "chosen": chosen, "points": points,
        "single": len(group.criteria) == 1 and group.code == criterion.code,
        "hint": shorten(criterion.requirement or criterion.note, 300),
    }


def eligibility_context(condition: Condition, locale: str, position: int, count: int,
                        sheet: Sheet) -> dict[str, Any]:
    """What the eligibility template needs."""
    return {"question": condition.question[locale], "number": position + 1, "count": count,
            "sheet": sheet}

