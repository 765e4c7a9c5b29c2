"""/moicanbo (/invite): admins invite officers with one-time codes, list and revoke officers,
list pending invitations and withdraw them.

`/start CODE` (see handlers/start.py) redeems an invitation through `redeem_invitation`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from html import escape

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import CommandHandler, MessageHandler, filters

import announcements
from core.buttons import ButtonData, StaleButton, button, on_press, page_moves
from core.command_menus import set_staff_menu
from core.context import App, OcopContext
from core.dialogs import InDialog
from core.i18n import N_
from core.roles import scope_name
from core.ui import rows, show
from core.vietnam_time import vietnam_time
from handlers.officer import reset_menu_button
from knowledge import places
from storage.officers import INVITATION_DAYS, Invitation, Scope
from storage.users import Role

log = logging.getLogger(__name__)

FLOW = "invitation"
PAGE = 10
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# Where an officer's work is, told on joining and on every /start: the commands of
# interface.md, the desk being reached through /canbo's link.
OFFICER_WORK = N_(
    "🧑‍💼 Your officer work: /canbo opens the officer menu (the registrations of your area, the "
    "producers' questions, and a link to the desk for a computer); /thongbao sends an "
    "announcement and /thongke shows statistics.")


class Step(StrEnum):
    """What the admin types now: the province's name, then a commune's (ref: the province)."""

    PROVINCE = "province"
    COMMUNE = "commune"


@dataclass(frozen=True)
class Officers(ButtonData, prefix="iv:l"):
    page: int


@dataclass(frozen=True)
class ChooseProvince(ButtonData, prefix="iv:p"):
    province_code: int


@dataclass(frozen=True)
class WholeProvince(ButtonData, prefix="iv:w"):
    province_code: int


@dataclass(frozen=True)
class ChooseCommune(ButtonData, prefix="iv:c"):
    province_code: int
    commune_code: int


@dataclass(frozen=True)
class ConfirmRevoke(ButtonData, prefix="iv:r"):
    user_id: int


@dataclass(frozen=True)
class Revoke(ButtonData, prefix="iv:ry"):
    user_id: int


@dataclass(frozen=True)
class Pending(ButtonData, prefix="iv:i"):
    """One page of the invitations not yet redeemed."""

    page: int


@dataclass(frozen=True)
class Withdraw(ButtonData, prefix="iv:x"):
    """Withdraw a pending invitation: its code stops working."""

    invitation_id: int


def is_admin(context: OcopContext) -> bool:
    """Whether the sender is an admin, from the role stored on the server."""
    return Role.of(context.user_record) == Role.ADMIN


async def open_invitations(update: Update, context: OcopContext) -> None:
    """Ask an admin for the new officer's province; refuse anyone else kindly."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    t = context.t
    if not is_admin(context):
        await _refuse(update, context)
        return
    if message.chat.type != "private":
        await message.reply_text(t("Invitation codes are secret: please use /moicanbo in a "
                                   "private chat with me."))
        return
    await context.repo.dialogs.set(user.id, FLOW, Step.PROVINCE)
    text = "\n".join([t("<b>Invite an OCOP officer</b>"),
                      t("Which province will the officer work in? Type its name, e.g. Sơn La."),
                      t("Type /huy to stop.")])
    markup = InlineKeyboardMarkup([[button(t("👥 Officers"), Officers(0)),
                                    button(t("📨 Pending invitations"), Pending(0))]])
    await message.reply_text(text, reply_markup=markup)


async def _refuse(update: Update, context: OcopContext) -> None:
    """Tell a non-admin kindly that invitations are for admins."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(context.t(
        "Inviting OCOP officers is for the service's admins. If you work for the OCOP "
        "programme, ask an admin for an invitation."))


async def on_text(update: Update, context: OcopContext) -> None:
    """Search the typed province or commune name and offer the matches as buttons."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    dialog = context.repo.dialogs.current(user.id)
    if not is_admin(context) or dialog is None:  # no longer an admin since the flow began
        await context.repo.dialogs.clear(user.id)
        await _refuse(update, context)
        return
    choices: list[tuple[str, ButtonData]]
    if dialog.step == Step.COMMUNE and dialog.ref is not None:
        found = places.search(places.communes(dialog.ref), message.text)
        choices = [(p.name, ChooseCommune(dialog.ref, p.code)) for p in found]
    else:
        found = places.search(places.provinces(), message.text)
        choices = [(p.name, ChooseProvince(p.code)) for p in found]
    if not choices:
        await message.reply_text(context.t("I found no place called “{name}”. Try again.",
                                           name=message.text[:60]))
        return
    lines = [f"{i}. {escape(name)}" for i, (name, _) in enumerate(choices, start=1)]
    buttons = [button(f"{i}. {name}", data) for i, (name, data) in enumerate(choices, start=1)]
    await message.reply_text("\n".join([context.t("Choose one:"), *lines]),
                             reply_markup=InlineKeyboardMarkup(rows(buttons, 1)))


def _admin_in_private(update: Update, context: OcopContext) -> None:
    """StaleButton unless an admin presses in a private chat (codes are secret)."""
    query = update.callback_query
    private = query is not None and query.message is not None and (
        query.message.chat.type == "private")
    if not (private and is_admin(context)):
        raise StaleButton(None)


async def choose_province(update: Update, context: OcopContext, data: ChooseProvince) -> None:
    """Take the province; ask for a commune or the whole province."""
    _admin_in_private(update, context)
    user = update.effective_user
    assert user is not None
    dialog = context.repo.dialogs.current(user.id)
    province_code = data.province_code
    province = places.province(province_code)
    if province is None or dialog is None or dialog.flow != FLOW:
        raise StaleButton(data)
    await context.repo.dialogs.set(user.id, FLOW, Step.COMMUNE, province_code)
    t = context.t
    text = "\n".join([t("Province: <b>{name}</b>", name=province.name),
                      t("Is the officer for the whole province, or for one commune? Type the "
                        "commune's name (e.g. Tà Xùa), or press the button.")])
    markup = InlineKeyboardMarkup([[button(t("🏛 Whole province"), WholeProvince(province_code))]])
    await show(update, context, text, markup, edit=True)


async def whole_province(update: Update, context: OcopContext, data: WholeProvince) -> None:
    """Invite an officer for the whole province."""
    await _create(update, context, Scope(data.province_code))


async def choose_commune(update: Update, context: OcopContext, data: ChooseCommune) -> None:
    """Invite an officer for one commune."""
    await _create(update, context, Scope(data.province_code, data.commune_code))


async def _create(update: Update, context: OcopContext, scope: Scope) -> None:
    """Create the invitation for the chosen scope and show its code and link."""
    _admin_in_private(update, context)
    user = update.effective_user
    assert user is not None
    dialog = context.repo.dialogs.current(user.id)
    if not known_scope(scope) or dialog is None or (dialog.flow, dialog.step, dialog.ref) != (
            FLOW, Step.COMMUNE, scope.province_code):
        raise StaleButton(scope)
    await context.repo.dialogs.clear(user.id)
    invitation = await create_invitation(context, user.id, scope)
    t = context.t
    text = "\n\n".join([
        t("✅ Invitation created for <b>{scope}</b>.", scope=scope_name(context, scope)),
        t("One-time code: <code>{code}</code>\nLink: {link}", code=invitation.code,
          link=invitation.link),
        t("Send the link to the officer. Opening it (or sending /start {code} to this bot) makes "
          "them an OCOP officer for this area. It works once, until {date}.",
          code=invitation.code, date=t.date(invitation.expires)),
    ])
    await show(update, context, text, None, edit=True)


@dataclass(frozen=True, slots=True)
class NewInvitation:
    """An invitation just made: its code is shown this once, then only its hash is kept."""

    code: str
    link: str  # the bot's deep link: opening it sends /start CODE
    scope: Scope
    expires: datetime  # in Vietnam's time


def known_scope(scope: Scope) -> bool:
    """Whether a scope names a real province, and a commune of that province if any."""
    if places.province(scope.province_code) is None:
        return False
    return scope.commune_code is None or places.commune(scope.province_code,
                                                        scope.commune_code) is not None


def invitation_link(bot_username: str, code: str) -> str:
    """The deep link that redeems `code` in this bot's chat."""
    return f"https://t.me/{bot_username}?start={code}"


async def create_invitation(context: OcopContext, admin_id: int, scope: Scope) -> NewInvitation:
    """Create a one-time invitation for `scope` (audited): the chat's and the desk's way."""
    code = await context.repo.officers.invite(admin_id, scope)
    expires = datetime.now(UTC) + timedelta(days=INVITATION_DAYS)
    return NewInvitation(code, invitation_link(context.bot.username, code), scope,
                         vietnam_time(expires))


async def list_officers(update: Update, context: OcopContext, data: Officers) -> None:
    """Show one page of officers with their scope and a revoke button each."""
    _admin_in_private(update, context)
    page = data.page
    officers = await context.repo.officers.all()
    t = context.t
    if not officers and page == 0:
        text = t("There are no OCOP officers yet. Type /moicanbo to invite one.")
        await show(update, context, text, None, edit=True)
        return
    shown = officers[page * PAGE : (page + 1) * PAGE]
    if not shown:
        raise StaleButton(data)
    lines, buttons = [t("<b>👥 OCOP officers: {n}</b>", n=len(officers))], []
    for i, officer in enumerate(shown, start=page * PAGE + 1):
        name = await _person(context, officer.user_id)
        lines.append(t("{i}. {name}: {scope}", i=i, name=name,
                       scope=scope_name(context, officer.scope)))
        buttons.append(button(f"🚫 {i}. {name}"[:60], ConfirmRevoke(officer.user_id)))
    lines.append(t("Press 🚫 to take away an officer's role."))
    moves = page_moves(t, page, _page_count(len(officers)), Officers)
    markup = InlineKeyboardMarkup([*rows(buttons, 1), *moves])
    await show(update, context, "\n".join(lines), markup, edit=True)


def _page_count(total: int) -> int:
    return max(1, -(-total // PAGE))


async def list_pending(update: Update, context: OcopContext, data: Pending) -> None:
    """Show one page of pending invitations, each with a withdraw button."""
    _admin_in_private(update, context)
    await _show_pending(update, context, data.page)


async def _show_pending(update: Update, context: OcopContext, page: int) -> None:
    pending = await context.repo.officers.pending_invitations()
    t = context.t
    if not pending[page * PAGE : (page + 1) * PAGE]:
        page = 0  # the page emptied since (withdrawn, redeemed or expired)
    shown = pending[page * PAGE : (page + 1) * PAGE]
    if not shown:
        await show(update, context, t("There is no pending invitation. Type /moicanbo to "
                                      "invite an officer."), None, edit=True)
        return
    lines, buttons = [t("<b>📨 Pending invitations: {n}</b>", n=len(pending))], []
    for i, invitation in enumerate(shown, start=page * PAGE + 1):
        lines.append(_pending_line(context, i, invitation))
        label = f"🗑 {i}. {scope_name(context, invitation.scope)}"
        buttons.append(button(label[:60], Withdraw(invitation.id)))
    lines.append(t("Press 🗑 to withdraw an invitation: its code will no longer work."))
    moves = page_moves(t, page, _page_count(len(pending)), Pending)
    markup = InlineKeyboardMarkup([*rows(buttons, 1), *moves])
    await show(update, context, "\n".join(lines), markup, edit=True)


def _pending_line(context: OcopContext, number: int, invitation: Invitation) -> str:
    t = context.t
    return t("{i}. {scope}: created {created}, valid until {expires}", i=number,
             scope=scope_name(context, invitation.scope),
             created=t.date(invitation.created_at), expires=t.date(invitation.expires_at))


async def withdraw(update: Update, context: OcopContext, data: Withdraw) -> str:
    """Withdraw a pending invitation (audited) and show the list again."""
    _admin_in_private(update, context)
    admin = update.effective_user
    assert admin is not None
    if not await context.repo.officers.withdraw_invitation(admin.id, data.invitation_id):
        raise StaleButton(data)
    await _show_pending(update, context, 0)
    return context.t("Invitation withdrawn: its code no longer works.")


async def _person(context: OcopContext, user_id: int) -> str:
    """A user's name as an admin recognises it: first name and @username."""
    user = await context.repo.users.get(user_id)
    if user is None:
        return f"#{user_id}"
    return f"{user.first_name} @{user.username}" if user.username else user.first_name


async def confirm_revoke(update: Update, context: OcopContext, data: ConfirmRevoke) -> None:
    """Ask the admin to confirm taking an officer's role away."""
    _admin_in_private(update, context)
    user_id = data.user_id
    officer = await context.repo.officers.get(user_id)
    if officer is None:
        raise StaleButton(data)
    t = context.t
    text = t("Take away the officer role of <b>{name}</b> ({scope})? They will no longer see "
             "the registrations and questions of this area.",
             name=await _person(context, user_id), scope=scope_name(context, officer.scope))
    markup = InlineKeyboardMarkup([[button(t("✅ Yes, revoke"), Revoke(user_id)),
                                    button(t("⬅️ Back"), Officers(0))]])
    await show(update, context, text, markup, edit=True)


async def revoke(update: Update, context: OcopContext, data: Revoke) -> None:
    """Take the officer role away (audited) and tell the former officer."""
    _admin_in_private(update, context)
    admin = update.effective_user
    assert admin is not None
    user_id = data.user_id
    name = await _person(context, user_id)
    if not await revoke_officer(context, admin.id, user_id):
        raise StaleButton(data)
    t = context.t
    markup = InlineKeyboardMarkup([[button(t("👥 Officers"), Officers(0))]])
    await show(update, context, t("🚫 {name} is no longer an OCOP officer.", name=name), markup,
               edit=True)


async def revoke_officer(context: OcopContext, admin_id: int, user_id: int) -> bool:
    """Take the officer role away (audited): out of the desk at once, told in the chat, and a
    producer's menus back. False if the user was not an officer. The chat's and the desk's way."""
    if not await context.repo.officers.revoke(admin_id, user_id):
        return False
    if Role.of(await context.repo.users.get(user_id)) == Role.ADMIN:
        return True  # an admin who had also taken a scope keeps the admin's desk and menus
    await context.repo.desk.end_sessions_of(user_id)
    await _tell_revoked(context, user_id)
    await set_staff_menu(context.bot, context.t, user_id, Role.PRODUCER)
    await reset_menu_button(context, user_id)
    return True


async def _tell_revoked(context: OcopContext, user_id: int) -> None:
    """Tell the former officer, in their language, if they can still be reached."""
    t = await context.translator_for(user_id)
    try:
        await context.bot.send_message(user_id, t(
            "An admin has ended your OCOP officer role. You can go on using the bot as a "
            "producer."))
    except (Forbidden, BadRequest) as exc:
        log.info("Could not tell user %s about the revoked role: %s", user_id, exc)


async def redeem_invitation(update: Update, context: OcopContext, code: str,
                            menu: ReplyKeyboardMarkup | None = None) -> bool:
    """Make the sender an officer if `code` is a valid invitation; say so either way, and where
    the officer's work is, with `menu` under it. Whether the sender became an officer."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    t = context.t
    scope = await context.repo.officers.redeem(code, user.id) if CODE_RE.match(code) else None
    if scope is None:
        await message.reply_text(t(
            "This invitation is not valid: it may have been used already, have expired or "
            "been withdrawn. Please ask the admin who invited you for a new one."))
        return False
    if await context.repo.outbox.release_held(user.id, scope):
        announcements.post_notices(context.application)  # registrations kept for this area
    context.user_record = await context.repo.users.get(user.id)
    if context.user_record is not None:
        await set_staff_menu(context.bot, t, user.id, context.user_record.role)
    await message.reply_text("\n".join([
        t("🎉 You are now an OCOP officer for <b>{scope}</b>.",
          scope=scope_name(context, scope)),
        t(OFFICER_WORK),
    ]), reply_markup=menu)
    return True


def register(app: App) -> None:
    """Add this feature's handlers, in this order."""
    private_text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["moicanbo", "invite"], open_invitations))
    # Admins only, in a private chat: choose the scope, then list and revoke officers.
    app.add_handler(on_press(ChooseProvince, choose_province))
    app.add_handler(on_press(WholeProvince, whole_province))
    app.add_handler(on_press(ChooseCommune, choose_commune))
    app.add_handler(on_press(Officers, list_officers))
    app.add_handler(on_press(ConfirmRevoke, confirm_revoke))
    app.add_handler(on_press(Revoke, revoke))
    app.add_handler(on_press(Pending, list_pending))
    app.add_handler(on_press(Withdraw, withdraw))
    app.add_handler(MessageHandler(private_text & InDialog(app, FLOW), on_text))
