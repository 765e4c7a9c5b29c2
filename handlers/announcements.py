"""/thongbao (/broadcast): compose, preview and send an announcement; /nhanthongbao
(/announcements) and the button under every announcement: stop or resume receiving them.

A draft lives in the broadcasts table (its `step` says where the sender is), so composing
survives restarts; every button re-checks that the presser owns the draft and may still send.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable
from html import escape

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from core.context import App, OcopContext
from announcements.engine import engine_of
from announcements.api import BroadcastDenied, check_content, confirm, sender_scope
from announcements.message import PREFIX, parts, subscription_button, with_subscription
from announcements.progress import cancel_markup, progress_values
from announcements.send import send_part
from core.dialogs import InDialog
from core.i18n import N_
from core.roles import scope_name
from core.ui import button, rows, show
from knowledge import places
from storage.announcements import (
    TEXT_LIMIT,
    Audience,
    Broadcast,
    BroadcastsRepo,
    BroadcastStateError,
    audience_columns,
)
from storage.officers import Scope

FLOW = "broadcast"
KIND_LABELS: dict[str, str] = {
    "everyone": N_("Everyone"),
    "producers": N_("Producers"),
    "officers": N_("Officers"),
    "training": N_("Those who accepted a training"),
}
Action = Callable[[Update, OcopContext, list[int]], Awaitable[bool | str]]
DraftAction = Callable[[Update, OcopContext, Broadcast, Scope | None, list[int]],
                       Awaitable[bool]]


def repo_of(context: OcopContext) -> BroadcastsRepo:
    return context.repo.broadcasts  # type: ignore[attr-defined,no-any-return]


# --- composing ----------------------------------------------------------------------------


async def start_compose(update: Update, context: OcopContext) -> None:
    """Open the sender's draft (or a new one); refuse anyone but officers and admins."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    allowed, scope = await sender_scope(context.repo, user.id)
    if not allowed:
        await message.reply_text(context.t(
            "Announcements are sent by OCOP officers and admins. To choose whether you "
            "receive them, type /nhanthongbao."))
        return
    draft = await repo_of(context).draft_for(user.id)
    if draft is None:
        draft = await repo_of(context).create(user.id, step="text")
    else:
        await message.reply_text(context.t(
            "You have an announcement in progress: here is where you left it."))
    await present(update, context, draft, scope, edit=False)


async def present(update: Update, context: OcopContext, draft: Broadcast, scope: Scope | None,
                  *, edit: bool) -> None:
    """Show the draft's current step and give the flow the sender's text."""
    assert update.effective_user is not None
    step = draft.step or "text"
    await context.repo.dialogs.set(update.effective_user.id, FLOW, step, draft.id)
    if step == "preview":
        await show_preview(update, context, draft)
        return
    text, markup = await _prompt(context, draft, scope, step)
    discard = [button(context.t("🗑 Discard"), f"{PREFIX}:d:{draft.id}")]
    keyboard = [*(markup.inline_keyboard if markup else ()), discard]
    await show(update, context, text, InlineKeyboardMarkup(keyboard), edit=edit)


async def _prompt(context: OcopContext, draft: Broadcast, scope: Scope | None, step: str
                  ) -> tuple[str, InlineKeyboardMarkup | None]:
    t = context.t
    province = places.province(draft.audience.province_code or 0) if draft.audience else None
    if step == "audience":
        return _kinds_prompt(context, draft)
    if step == "training":
        return await _trainings_prompt(context, draft, scope)
    if step == "area":
        return _area_prompt(context, draft, scope)
    if step == "province":
        return t("Type the name of the province, e.g. Sơn La."), None
    if step == "commune":
        return t("Type the name of the commune or ward in {province}, e.g. Tà Xùa.",
                 province=province.name if province else ""), None
    return t("<b>New announcement</b>\nType the text (up to {limit} characters), or send a "
             "photo with a caption. It goes out exactly as you type it.", limit=TEXT_LIMIT), None


def _kinds(context: OcopContext) -> list[str]:
    """The audience kinds on offer (trainings only once they can be listed)."""
    kinds = ["everyone", "producers", "officers"]
    return [*kinds, "training"] if repo_of(context).training_choices else kinds


def _kinds_prompt(context: OcopContext, draft: Broadcast) -> tuple[str, InlineKeyboardMarkup]:
    t = context.t
    labels = [t(KIND_LABELS[kind]) for kind in _kinds(context)]
    lines = [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
    buttons = [button(f"{i}. {label}", f"{PREFIX}:k:{draft.id}:{i - 1}")
               for i, label in enumerate(labels, start=1)]
    return "\n".join([t("Who should receive it?"), *lines]), InlineKeyboardMarkup(
        rows(buttons, 1))


async def _trainings_prompt(context: OcopContext, draft: Broadcast, scope: Scope | None
                            ) -> tuple[str, InlineKeyboardMarkup]:
    choices = await _training_choices(context, scope)
    lines = [f"{i}. {escape(title)}" for i, (_, title) in enumerate(choices, start=1)]
    buttons = [button(f"{i}. {title}"[:60], f"{PREFIX}:tr:{draft.id}:{tid}")
               for i, (tid, title) in enumerate(choices, start=1)]
    head = context.t("Which training's participants?") if choices else context.t(
        "There is no training to choose from.")
    back = [button(context.t("👥 Change the audience"), f"{PREFIX}:ea:{draft.id}")]
    return "\n".join([head, *lines]), InlineKeyboardMarkup([*rows(buttons, 1), back])


async def _training_choices(context: OcopContext, scope: Scope | None) -> list[tuple[int, str]]:
    choose = repo_of(context).training_choices
    return await choose(scope) if choose else []


def _area_prompt(context: OcopContext, draft: Broadcast, scope: Scope | None
                 ) -> tuple[str, InlineKeyboardMarkup]:
    t = context.t
    assert draft.audience is not None
    province = places.province(draft.audience.province_code or 0)
    if province is None:
        return t("Where? In all provinces, or in one province (and, if you like, one of its "
                 "communes)."), InlineKeyboardMarkup([
                     [button(t("🌏 All provinces"), f"{PREFIX}:ae:{draft.id}")],
                     [button(t("🔎 Choose a province"), f"{PREFIX}:sp:{draft.id}")]])
    keyboard = [[button(t("📍 All of {province}", province=province.name),
                        f"{PREFIX}:ap:{draft.id}")],
                [button(t("🔎 Choose a commune"), f"{PREFIX}:sc:{draft.id}")]]
    if scope is None:
        keyboard.append([button(t("🔎 Another province"), f"{PREFIX}:sp:{draft.id}")])
    return t("Where? In all of {province}, or in one of its communes.",
             province=province.name), InlineKeyboardMarkup(keyboard)


async def show_preview(update: Update, context: OcopContext, draft: Broadcast) -> None:
    """The announcement as recipients will see it, then the audience, count and Confirm."""
    assert update.effective_chat is not None and draft.audience is not None
    t = context.t
    for part in parts(t, draft, None):
        await send_part(context.bot, update.effective_chat.id, part)
    count = await repo_of(context).count_recipients(draft.audience)
    who = t(KIND_LABELS[draft.audience.kind])
    if draft.audience.training_id is not None:
        who = f"{who} · #{draft.audience.training_id}"
    text = context.render("broadcast/summary.j2", who=who, count=count, shown=t.number(count),
                          area=scope_name(context, draft.audience.area))
    keyboard = [[button(t("✏️ Change the text"), f"{PREFIX}:et:{draft.id}"),
                 button(t("👥 Change the audience"), f"{PREFIX}:ea:{draft.id}")],
                [button(t("🗑 Discard"), f"{PREFIX}:d:{draft.id}")]]
    if count:
        keyboard.insert(0, [button(t.plural("✅ Send to {n} person", "✅ Send to {n} people",
                                            count), f"{PREFIX}:ok:{draft.id}")])
    await context.bot.send_message(update.effective_chat.id, text,
                                   reply_markup=InlineKeyboardMarkup(keyboard))


# --- typed text and photos ----------------------------------------------------------------


async def _current_draft(context: OcopContext, user_id: int
                         ) -> tuple[Broadcast, Scope | None] | None:
    """The draft the user's dialog points at, if it is still theirs and they may send."""
    dialog = context.repo.dialogs.current(user_id)
    draft = await repo_of(context).get(dialog.ref or 0) if dialog else None
    allowed, scope = await sender_scope(context.repo, user_id)
    if draft is None or draft.sender_id != user_id or draft.status != "draft" or not allowed:
        return None
    return draft, scope


async def on_text(update: Update, context: OcopContext) -> None:
    """Take typed text as the announcement, or as the name of a place to search."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.text is not None
    found = await _current_draft(context, user.id)
    if found is None:
        await context.repo.dialogs.clear(user.id)
        return
    draft, scope = found
    if draft.step == "text":
        await _take_content(update, context, draft, scope, message.text, draft.photo)
    elif draft.step in ("province", "commune"):
        await _search_places(update, context, draft, scope, message.text)
    else:
        await message.reply_text(context.t("Please use the buttons above."))


async def on_photo(update: Update, context: OcopContext) -> None:
    """Take a photo (its caption as the text) as the announcement."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.photo
    found = await _current_draft(context, user.id)
    if found is None or found[0].step != "text":
        await message.reply_text(context.t("Please use the buttons above."))
        return
    draft, scope = found
    await _take_content(update, context, draft, scope, message.caption or "",
                        message.photo[-1].file_id)


async def _take_content(update: Update, context: OcopContext, draft: Broadcast,
                        scope: Scope | None, text: str, photo: str | None) -> None:
    assert update.effective_message is not None
    try:
        check_content(text, photo)
    except ValueError:
        await update.effective_message.reply_text(context.t(
            "That text has {n} characters; an announcement can have at most {limit}. "
            "Please shorten it.", n=len(text), limit=TEXT_LIMIT))
        return
    step = "preview" if draft.audience is not None else "audience"
    updated = await repo_of(context).update(draft.id, text=text, photo=photo, step=step)
    await present(update, context, updated, scope, edit=False)


async def _search_places(update: Update, context: OcopContext, draft: Broadcast,
                         scope: Scope | None, text: str) -> None:
    assert update.effective_message is not None and draft.audience is not None
    if draft.step == "province":
        found, verb = places.search(places.provinces(), text), "p"
    else:
        found = places.search(places.communes(draft.audience.province_code or 0), text)
        verb = "w"
    if not found:
        await update.effective_message.reply_text(context.t(
            "I found no place called “{name}”. Try again.", name=text[:60]))
        return
    buttons = [button(f"{i}. {p.name}", f"{PREFIX}:{verb}:{draft.id}:{p.code}")
               for i, p in enumerate(found, start=1)]
    await update.effective_message.reply_text(context.t("Choose one:"),
                                              reply_markup=InlineKeyboardMarkup(rows(buttons, 1)))


# --- buttons of a draft -------------------------------------------------------------------


async def _save(update: Update, context: OcopContext, draft: Broadcast, scope: Scope | None,
                step: str, audience: Audience | None) -> bool:
    """Store the audience and step, and show that step in place of the pressed message."""
    updated = await repo_of(context).update(draft.id, step=step, **audience_columns(audience))
    await present(update, context, updated, scope, edit=step != "preview")
    return True


async def _after_kind(update: Update, context: OcopContext, draft: Broadcast,
                      scope: Scope | None, audience: Audience) -> bool:
    """A commune officer's area is their commune; others choose one."""
    bounded = audience.bounded_by(scope)
    step = "preview" if scope is not None and scope.commune_code is not None else "area"
    return await _save(update, context, draft, scope, step, bounded)


async def _kind(update: Update, context: OcopContext, draft: Broadcast, scope: Scope | None,
                values: list[int]) -> bool:
    kinds = _kinds(context)
    if len(values) < 2 or values[1] >= len(kinds):
        return False
    if kinds[values[1]] == "training":
        return await _save(update, context, draft, scope, "training", None)
    return await _after_kind(update, context, draft, scope, Audience(kinds[values[1]]))


async def _training(update: Update, context: OcopContext, draft: Broadcast,
                    scope: Scope | None, values: list[int]) -> bool:
    choices = dict(await _training_choices(context, scope))
    if len(values) < 2 or values[1] not in choices:
        return False
    audience = Audience("training", training_id=values[1])
    return await _after_kind(update, context, draft, scope, audience)


def _with_area(audience: Audience, province: int | None, commune: int | None) -> Audience:
    return Audience(audience.kind, province, commune, audience.training_id)


async def _everywhere(update: Update, context: OcopContext, draft: Broadcast,
                      scope: Scope | None, values: list[int]) -> bool:
    if scope is not None or draft.audience is None or draft.step != "area":
        return False
    audience = _with_area(draft.audience, None, None)
    return await _save(update, context, draft, scope, "preview", audience)


async def _whole_province(update: Update, context: OcopContext, draft: Broadcast,
                          scope: Scope | None, values: list[int]) -> bool:
    if draft.audience is None or draft.audience.province_code is None or draft.step != "area":
        return False
    audience = _with_area(draft.audience, draft.audience.province_code, None)
    return await _save(update, context, draft, scope, "preview", audience)


async def _ask_province(update: Update, context: OcopContext, draft: Broadcast,
                        scope: Scope | None, values: list[int]) -> bool:
    if scope is not None or draft.audience is None:
        return False
    return await _save(update, context, draft, scope, "province", draft.audience)


async def _ask_commune(update: Update, context: OcopContext, draft: Broadcast,
                       scope: Scope | None, values: list[int]) -> bool:
    if draft.audience is None or draft.audience.province_code is None:
        return False
    return await _save(update, context, draft, scope, "commune", draft.audience)


async def _province(update: Update, context: OcopContext, draft: Broadcast,
                    scope: Scope | None, values: list[int]) -> bool:
    if (scope is not None or draft.audience is None or len(values) < 2
            or places.province(values[1]) is None):
        return False
    audience = _with_area(draft.audience, values[1], None)
    return await _save(update, context, draft, scope, "area", audience)


async def _commune(update: Update, context: OcopContext, draft: Broadcast,
                   scope: Scope | None, values: list[int]) -> bool:
    audience = draft.audience
    if audience is None or audience.province_code is None or len(values) < 2:
        return False
    chosen = _with_area(audience, audience.province_code, values[1])
    if places.commune(audience.province_code, values[1]) is None or not chosen.within(scope):
        return False
    return await _save(update, context, draft, scope, "preview", chosen)


async def _edit_text(update: Update, context: OcopContext, draft: Broadcast,
                     scope: Scope | None, values: list[int]) -> bool:
    return await _save(update, context, draft, scope, "text", draft.audience)


async def _edit_audience(update: Update, context: OcopContext, draft: Broadcast,
                         scope: Scope | None, values: list[int]) -> bool:
    return await _save(update, context, draft, scope, "audience", draft.audience)


async def _discard(update: Update, context: OcopContext, draft: Broadcast,
                   scope: Scope | None, values: list[int]) -> bool:
    assert update.effective_user is not None
    await repo_of(context).discard(draft.id)
    await context.repo.dialogs.clear(update.effective_user.id)
    await show(update, context, context.t("Announcement discarded."), None, edit=True)
    return True


async def _confirm(update: Update, context: OcopContext, draft: Broadcast,
                   scope: Scope | None, values: list[int]) -> bool:
    """Turn the summary into the progress message, then hand the broadcast to the engine."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user
    assert draft.audience is not None
    # Edited before confirming: once confirmed, the engine edits this message and must win.
    expected = await repo_of(context).count_recipients(draft.audience)
    shown = progress_values(context.t, draft.id, Counter({"pending": expected}), "sending", 0.0)
    await show(update, context, context.render("broadcast/progress.j2", **shown),
               cancel_markup(context.t, draft.id), edit=True)
    try:
        await confirm(context.repo, draft.id, progress_message_id=query.message.message_id)
    except BroadcastDenied:
        await show(update, context, context.t(
            "You can no longer send to this audience. Type /thongbao to choose another."),
            None, edit=True)
        return True
    await context.repo.dialogs.clear(update.effective_user.id)
    return True


def draft_action(action: DraftAction) -> Action:
    """Run `action` only on the presser's own draft, while they may still send."""
    async def run(update: Update, context: OcopContext, values: list[int]) -> bool | str:
        assert update.effective_user is not None
        user_id = update.effective_user.id
        draft = await repo_of(context).get(values[0]) if values else None
        allowed, scope = await sender_scope(context.repo, user_id)
        if not allowed or draft is None or draft.sender_id != user_id or draft.status != "draft":
            return False
        try:
            return await action(update, context, draft, scope, values)
        except BroadcastStateError:
            return False
    return run


# --- sending, and receiving or not --------------------------------------------------------


async def _cancel_sending(update: Update, context: OcopContext, values: list[int]
                          ) -> bool | str:
    """Stop a broadcast being sent (its sender, or an admin)."""
    assert update.effective_user is not None
    user_id = update.effective_user.id
    broadcast = await repo_of(context).get(values[0]) if values else None
    allowed, scope = await sender_scope(context.repo, user_id)
    mine = broadcast is not None and (broadcast.sender_id == user_id or (allowed and not scope))
    if broadcast is None or not mine or not await repo_of(context).cancel(broadcast.id):
        return False
    if not engine_of(context.application).cancel(broadcast.id):
        counts = await repo_of(context).counts(broadcast.id)
        shown = progress_values(context.t, broadcast.id, counts, "cancelled", 0.0)
        await show(update, context, context.render("broadcast/progress.j2", **shown), None,
                   edit=True)
    return context.t("Cancelling…")


async def _subscribe(update: Update, context: OcopContext, on: bool) -> str:
    """Turn the presser's announcements on or off from the button under one."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user
    await repo_of(context).set_announcements(update.effective_user.id, on)
    markup = getattr(query.message, "reply_markup", None)
    with contextlib.suppress(BadRequest):  # an announcement too old to edit still counts
        await query.edit_message_reply_markup(
            with_subscription(markup, subscription_button(context.t, subscribed=on)))
    if on:
        return context.t("You will receive announcements again.")
    return context.t("You will no longer receive announcements. Type /nhanthongbao to turn "
                     "them back on.")


def _setting(context: OcopContext, on: bool) -> tuple[str, InlineKeyboardMarkup]:
    t = context.t
    if on:
        return t("🔔 You receive OCOP announcements."), InlineKeyboardMarkup(
            [[button(t("🔕 Stop announcements"), f"{PREFIX}:t:0")]])
    return t("🔕 You do not receive OCOP announcements."), InlineKeyboardMarkup(
        [[button(t("🔔 Receive announcements"), f"{PREFIX}:t:1")]])


async def announcements_setting(update: Update, context: OcopContext) -> None:
    """/nhanthongbao: say whether the user receives announcements, with a toggle."""
    assert update.effective_message is not None and update.effective_user is not None
    on = await repo_of(context).announcements(update.effective_user.id)
    text, markup = _setting(context, on)
    await update.effective_message.reply_text(text, reply_markup=markup)


async def _toggle(update: Update, context: OcopContext, values: list[int]) -> bool:
    assert update.effective_user is not None
    if not values or values[0] not in (0, 1):
        return False
    await repo_of(context).set_announcements(update.effective_user.id, bool(values[0]))
    text, markup = _setting(context, bool(values[0]))
    await show(update, context, text, markup, edit=True)
    return True


_ACTIONS: dict[str, Action] = {
    "k": draft_action(_kind), "tr": draft_action(_training), "ae": draft_action(_everywhere),
    "ap": draft_action(_whole_province), "sp": draft_action(_ask_province),
    "sc": draft_action(_ask_commune), "p": draft_action(_province),
    "w": draft_action(_commune), "et": draft_action(_edit_text),
    "ea": draft_action(_edit_audience), "d": draft_action(_discard),
    "ok": draft_action(_confirm), "x": _cancel_sending, "t": _toggle,
    "u": lambda u, c, v: _subscribe(u, c, False), "s": lambda u, c, v: _subscribe(u, c, True),
}


def parse(data: str) -> tuple[str, list[int]]:
    """`bc:verb:1:2` → ("verb", [1, 2]); anything not a small number ends the values."""
    verb, *raw = data.removeprefix(f"{PREFIX}:").split(":")
    values = []
    for item in raw:
        if not item.isdigit() or len(item) > 11:
            break
        values.append(int(item))
    return verb, values


async def on_press(update: Update, context: OcopContext) -> None:
    """Dispatch a broadcast button; a stale or forged one gets a short notice."""
    query = update.callback_query
    assert query is not None
    verb, values = parse(query.data or "")
    action = _ACTIONS.get(verb)
    result = await action(update, context, values) if action else False
    if result is False:
        await query.answer(context.t("This button is no longer valid."))
    else:
        await query.answer(result if isinstance(result, str) else None)


def register(app: App) -> None:
    """Register before the FAQ handler: the flow owns its sender's text."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["thongbao", "broadcast"], start_compose))
    app.add_handler(CommandHandler(["nhanthongbao", "announcements"], announcements_setting))
    app.add_handler(CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:"))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND
                                   & InDialog(app, FLOW), on_text))
    app.add_handler(MessageHandler(private & filters.PHOTO & InDialog(app, FLOW), on_photo))
