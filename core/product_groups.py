"""The six product groups of the decree (Điều 2.2), named in the user's language."""

from __future__ import annotations

from core.i18n import N_, Translator
from knowledge.criteria.products import ProductGroup

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
