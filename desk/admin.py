"""The desk's admin pages: officers and their scopes, invitations (a link and a QR code shown
once), and the audit log. Admins only; the decisions go through the chat's own domain code."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno
from aiohttp import web
from markupsafe import Markup

from core.i18n import N_, Translator
from core.roles import describe_scope
from desk.web import (
    PAGE_SIZE,
    admin_only,
    chat_context,
    not_found,
    page,
    services,
    signed_in,
    translator,
)
from handlers.invitations import create_invitation, known_scope, revoke_officer
from knowledge import places
from storage.officers import AuditEntry, Scope
from storage.users import UserRecord

# What the overview says after a redirect: a fixed key in the URL, never a name.
NOTICES = {
    "revoked": N_("The officer role was taken away. They were told in the chat, and they are "
                  "signed out of the desk."),
    "withdrawn": N_("Invitation withdrawn: its code no longer works."),
    "gone": N_("Nothing changed: this was already done, or is no longer there."),
}
ACTIONS = {
    "officer_joined": N_("Became an officer with an invitation"),
    "officer_revoked": N_("Officer role taken away"),
    "invitation_created": N_("Invitation created"),
    "invitation_withdrawn": N_("Invitation withdrawn"),
    "registration_accepted": N_("Registration accepted"),
    "registration_info_requested": N_("More information requested"),
    "registration_rejected": N_("Registration not accepted"),
    "personal_data_deleted": N_("Personal data deleted at the person's request"),
}
# The counts that an erasure writes in its audit entry (storage/privacy.py).
DETAILS = {
    "assessments": N_("self-assessments"),
    "drafts": N_("registration drafts"),
    "anonymised": N_("registrations kept without the person"),
    "questions": N_("questions asked"),
    "handoffs": N_("questions passed to officers"),
    "consent": N_("consent"),
    "officer": N_("officer role"),
    "dialog": N_("unfinished conversation"),
    "desk_logins": N_("desk sign-in links"),
    "desk_sessions": N_("desk sessions"),
    "user": N_("user record"),
}
AREA_KEYS = ("province", "commune")


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/admin", overview)
    router.add_get("/desk/admin/invitations/new", choose_commune)
    router.add_post("/desk/admin/invitations", create)
    router.add_post(r"/desk/admin/invitations/{invitation_id:\d+}/withdraw", withdraw)
    router.add_post(r"/desk/admin/officers/{user_id:\d+}/revoke", revoke)
    router.add_get("/desk/admin/audit", audit_log)


@admin_only
async def overview(request: web.Request) -> web.Response:
    """Officers with their scopes, pending invitations, and the start of a new invitation."""
    t, repo = translator(request), services(request).repo
    officers = [{"user_id": o.user_id, "name": _name(await repo.users.get(o.user_id), o.user_id),
                 "scope": describe_scope(t, o.scope), "since": _date(t, o.created_at)}
                for o in await repo.officers.all()]
    pending = [{"id": i.id, "scope": describe_scope(t, i.scope),
                "created": t.date(i.created_at), "expires": t.date(i.expires_at),
                "by": _name(await repo.users.get(i.created_by), i.created_by)}
               for i in await repo.officers.pending_invitations()]
    notice = NOTICES.get(request.query.get("done", ""))
    return page(request, "admin.html.j2", officers=officers, pending=pending,
                provinces=places.provinces(), notice=notice)


@admin_only
async def choose_commune(request: web.Request) -> web.Response:
    """The second step of an invitation: one commune of the chosen province, or all of it."""
    province = places.province(_int(request.query.get("province")) or 0)
    if province is None:
        return not_found(request)
    return page(request, "admin_invite.html.j2", province=province,
                communes=places.communes(province.code))


@admin_only
async def create(request: web.Request) -> web.Response:
    """Create the invitation and show it this once: its link and its QR code, never in a URL."""
    staff = signed_in(request)
    form = await request.post()
    province, commune = _int(form.get("province")), _int(form.get("commune"))
    scope = Scope(province, commune) if province is not None else None
    if scope is None or not known_scope(scope):
        return not_found(request)
    invitation = await create_invitation(chat_context(request), staff.user_id, scope)
    t = translator(request)
    return page(request, "admin_invitation.html.j2", link=invitation.link,
                code=invitation.code, scope=describe_scope(t, scope),
                expires=t.date(invitation.expires),
                qr=qr_svg(invitation.link, t("QR code of the invitation link")))


@admin_only
async def withdraw(request: web.Request) -> web.StreamResponse:
    """Withdraw a pending invitation (audited): its code stops working."""
    staff = signed_in(request)
    invitation_id = int(request.match_info["invitation_id"])
    done = await services(request).repo.officers.withdraw_invitation(staff.user_id,
                                                                     invitation_id)
    raise web.HTTPSeeOther(f"/desk/admin?done={'withdrawn' if done else 'gone'}")


@admin_only
async def revoke(request: web.Request) -> web.StreamResponse:
    """Take an officer's role away as the chat does: audited, told, signed out at once."""
    staff = signed_in(request)
    user_id = int(request.match_info["user_id"])
    done = await revoke_officer(chat_context(request), staff.user_id, user_id)
    raise web.HTTPSeeOther(f"/desk/admin?done={'revoked' if done else 'gone'}")


@admin_only
async def audit_log(request: web.Request) -> web.Response:
    """The audit log, newest first, 50 entries a page."""
    repo, t = services(request).repo, translator(request)
    pages = max(1, -(-await repo.officers.audit_count() // PAGE_SIZE))
    number = min(max(_int(request.query.get("page")) or 1, 1), pages)
    entries = await repo.officers.audit_page((number - 1) * PAGE_SIZE, PAGE_SIZE)
    return page(request, "admin_audit.html.j2", entries=[_entry(t, e) for e in entries],
                number=number, pages=pages)


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One audit entry as the page shows it."""

    when: str
    action: str
    actor: str
    subject: str
    details: list[Markup]


def _entry(t: Translator, entry: AuditEntry) -> AuditLine:
    action = t(ACTIONS[entry.action]) if entry.action in ACTIONS else entry.action
    actor = _person(entry.actor_id, entry.actor_name) if entry.actor_id is not None else "—"
    return AuditLine(t.datetime(entry.created_at), action, actor, _subject(t, entry),
                     _details(t, entry.details))


def _subject(t: Translator, entry: AuditEntry) -> str:
    """Whom or what the entry is about: a registration for decisions, else a person."""
    if entry.subject_id is None:
        return "—"
    if entry.action.startswith("registration_"):
        return Markup(t("Registration #{id}", id=entry.subject_id))
    return _person(entry.subject_id, entry.subject_name)


def _details(t: Translator, details: dict[str, Any]) -> list[Markup]:
    """The details in words: the area of an invitation or officer, the counts of an erasure."""
    lines = []
    if isinstance(details.get("province"), int):
        commune = details.get("commune")
        scope = Scope(details["province"], commune if isinstance(commune, int) else None)
        lines.append(Markup(t("Area: {area}", area=describe_scope(t, scope))))
    if isinstance(details.get("invitation"), int):
        lines.append(Markup(t("Invitation #{id}", id=details["invitation"])))
    for key, value in details.items():
        if key in (*AREA_KEYS, "invitation") or value in (0, False, None, ""):
            continue
        label = t(DETAILS[key]) if key in DETAILS else key
        lines.append(Markup("{}: {}").format(label, value))
    return lines


def qr_svg(link: str, title: str) -> Markup:
    """The link as a QR code, an inline SVG drawn with attributes only (no style, no script)."""
    code = segno.make(link, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=6, border=4,
              dark="#000", light="#fff", svgclass="qr", lineclass=None, omitsize=True,
              title=title)
    return Markup(out.getvalue().decode())


def _name(user: UserRecord | None, user_id: int) -> str:
    """A person as admins recognise them: their name and @username, or their id."""
    if user is None:
        return f"#{user_id}"
    name = " ".join(part for part in (user.first_name, user.last_name) if part)
    return f"{name} @{user.username}" if user.username else name


def _person(user_id: int, name: str | None) -> str:
    return f"{name} (#{user_id})" if name else f"#{user_id}"


def _date(t: Translator, stored: str) -> str:
    try:
        return t.date(datetime.fromisoformat(stored))
    except ValueError:
        return stored


def _int(value: object) -> int | None:
    """A form's or query's whole number, or None."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isdigit() and len(text) < 16 else None
