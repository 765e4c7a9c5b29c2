"""Who may see what: the officer's scope, checked on the server for every officer action."""

from __future__ import annotations

from core.context import OcopContext
from knowledge import places
from storage.officers import Scope


async def staff_scope(context: OcopContext, user_id: int) -> tuple[bool, Scope | None]:
    """(allowed, scope): admins see everywhere (scope None), officers their own area."""
    role = context.user_record.role if context.user_record else "producer"
    if role == "admin":
        return True, None
    officer = await context.repo.officers.get(user_id) if role == "officer" else None
    return officer is not None, officer.scope if officer else None


def scope_name(context: OcopContext, scope: Scope | None) -> str:
    """Name a scope: "Xã Tà Xùa, Sơn La", "Sơn La", or all provinces."""
    if scope is None:
        return context.t("all provinces")
    province = places.province(scope.province_code)
    commune = places.commune(scope.province_code, scope.commune_code) if (
        scope.commune_code is not None) else None
    return ", ".join(p.name for p in (commune, province) if p is not None)
