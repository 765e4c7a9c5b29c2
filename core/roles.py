"""Who may see what: the officer's scope, checked on the server for every officer action."""

from __future__ import annotations

from markupsafe import Markup

from core.context import OcopContext
from core.i18n import Translator
from knowledge import places
from storage.officers import Scope


async def staff_scope(context: OcopContext, user_id: int) -> tuple[bool, Scope | None]:
    """(allowed, scope): admins see everywhere (scope None), officers their own area."""
    role = context.user_record.role if context.user_record else "producer"
    if role == "admin":
        return True, None
    officer = await context.repo.officers.get(user_id) if role == "officer" else None
    return officer is not None, officer.scope if officer else None


def scope_name(context: OcopContext, scope: Scope | None) -> Markup:
    """Name a scope as safe HTML in this update's language."""
    return describe_scope(context.t, scope)


def describe_scope(t: Translator, scope: Scope | None) -> Markup:
    """Name a scope as safe HTML: "Xã Tà Xùa, Sơn La", "Sơn La (whole province)", or all."""
    if scope is None:
        return Markup(t("all provinces"))
    province = places.province(scope.province_code)
    province_name = province.name if province else str(scope.province_code)
    if scope.commune_code is None:
        return Markup(t("{province} (whole province)", province=province_name))
    commune = places.commune(scope.province_code, scope.commune_code)
    commune_name = commune.name if commune else str(scope.commune_code)
    return Markup("{}, {}").format(commune_name, province_name)
