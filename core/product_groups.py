"""The six product groups of the decree (Điều 2.2) and the criteria sheets, named in the user's
language."""

from __future__ import annotations

from html import escape

from core.i18n import N_, Translator
from knowledge.criteria.model import Sheet
from knowledge.criteria.products import ProductGroup, english_name, english_subgroup

# Keyed by the decree's Vietnamese names in knowledge.criteria.products.PRODUCT_GROUPS.
GROUP_LABELS: dict[str, str] = {
    "Thực phẩm": N_("Food"),
    "Đồ uống": N_("Beverages"),
    "Dược liệu và sản phẩm từ dược liệu": N_("Medicinal herbs and herbal products"),
    "Hàng thủ công mỹ nghệ": N_("Handicrafts"),
    "Sinh vật cảnh": N_("Ornamental plants and animals"),
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": N_(
        "Community tourism, eco-tourism and tourist sites"
    ),
}


def group_label(t: Translator, group: ProductGroup) -> str:
    """The group's name in `t`'s language (the decree's own words in Vietnamese)."""
    return t(GROUP_LABELS[group.name])


def glossed_title(t: Translator, sheet: Sheet) -> str:
    """A sheet's official title (HTML), with its short English gloss for English users:
    "Rượu trắng (white liquor)"."""
    title = escape(sheet.title)
    if t.locale != "en":
        return title
    return f"{title} ({escape(english_name(sheet.number))})"


def glossed_subgroup(t: Translator, sheet: Sheet) -> str:
    """A sheet's group as the sheet prints it (HTML), with its short English gloss for English
    users: "Thực phẩm thô, sơ chế (raw, pre-processed food)"."""
    name = escape(sheet.subgroup)
    gloss = english_subgroup(sheet.subgroup) if t.locale == "en" else None
    return f"{name} ({escape(gloss)})" if gloss else name


def sheet_line(t: Translator, sheet: Sheet) -> str:
    """A sheet in a choice list (HTML): its glossed title and its number.

    "Rượu trắng (phiếu 14)"; in English "Rượu trắng (white liquor) · sheet 14".
    """
    number = t("sheet {n}", n=sheet.number)
    if t.locale != "en":
        return f"{glossed_title(t, sheet)} ({number})"
    return f"{glossed_title(t, sheet)} · {number}"


def sheet_button_label(t: Translator, sheet: Sheet) -> str:
    """A sheet's button: its official title, or in English its short gloss (the list above the
    buttons gives the title), so that the button stays readable on a phone."""
    if t.locale != "en":
        return sheet.title
    name = english_name(sheet.number)
    return name[:1].upper() + name[1:]
