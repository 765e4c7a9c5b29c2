"""/thongbao (/broadcast): compose, preview and send an announcement; /nhanthongbao
(/announcements) and the button under every announcement: stop or resume receiving them.

A draft lives in the broadcasts table (its `step` says where the sender is), so composing
survives restarts; every button re-checks that the presser owns the draft and may still send.
Sending itself belongs to the `announcements` package.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from html import escape
from typing import TypeVar

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler, MessageHandler, filters

from announcements import (
    TEXT_LIMIT,
    AnnouncementDenied,
    AnnouncementStateError,
    CancelSending,
    Resubscribe,
    Unsubscribe,
    cancel_announcement,
    check_content,
    progress_view,
    queue,
    send_preview,
    sender_scope,
    show_cancelled,
    subscription_button,
    with_subscription,
)
from core.buttons import ButtonData, StaleButton, button, on_press, page_moves
from core.context import App, OcopContext
from core.dialogs import InDialog
from core.drafts import DraftForm, answered_as_side_question
from core.i18n import N_, Translator
from core.roles import scope_name
from core.text import clean
from core.ui import rows, shorten, show
from handlers.trainings.announce import training_choices, training_label_of
from knowledge import places
from storage.announcements import (
    Announcement,
    AnnouncementsRepo,
    Audience,
    AudienceKind,
    DeliveryStatus,
    Status,
    Step,
    audience_columns,
)
from storage.officers import Scope

log = logging.getLogger(__name__)

FLOW = "broadcast"  # the composer's name in stored dialogs: kept so open drafts still answer
KIND_LABELS: dict[AudienceKind, str] = {
    AudienceKind.EVERYONE: N_("Everyone"),
    AudienceKind.PRODUCERS: N_("Producers"),
    AudienceKind.OFFICERS: N_("Officers"),
    AudienceKind.TRAINING: N_("Those who accepted a training"),
}
KINDS = list(KIND_LABELS)  # a kind's button carries its index here
TRAININGS_PER_PAGE = 8
TITLE_SHOWN = 90  # characters of a training's title in the list: 8 of them stay far below 4,096
FEW = 5  # a training's audience this small is worth a second look before sending


def few_warning(t: Translator, count: int) -> str:
    """The warning for a small audience (in the bot and on the desk); "" when it is not small."""
    if not 0 < count < FEW:
        return ""
    return t.plural("Only {n} person will receive it: check the audience before sending.",
                    "Only {n} people will receive it: check the audience before sending.", count)


@dataclass(frozen=True)
class Composing:
    """An open draft, and the scope its sender may address (None: anywhere)."""

    draft: Announcement
    scope: Scope | None

    @property
    def audience(self) -> Audience:
        """The draft's audience; a button that needs one is stale without it."""
        if self.draft.audience is None:
            raise StaleButton("no audience yet")
        return self.draft.audience


# --- the buttons (data strings as in messages already sent: `bc:verb:draft[:value]`) ---------


@dataclass(frozen=True)
class DraftButton(ButtonData):
    draft: int


@dataclass(frozen=True)
class PickKind(DraftButton, prefix="bc:k"):
    index: int


@dataclass(frozen=True)
class PickTraining(DraftButton, prefix="bc:tr"):
    training: int


@dataclass(frozen=True)
class TrainingPage(DraftButton, prefix="bc:tg"):
    page: int


@dataclass(frozen=True)
class PreviewUnsubscribe(ButtonData, prefix="bc:pu"):
    """🔕 under the sender's preview: as real as under the announcement itself."""


@dataclass(frozen=True)
class Everywhere(DraftButton, prefix="bc:ae"):
    pass


@dataclass(frozen=True)
class WholeProvince(DraftButton, prefix="bc:ap"):
    pass


@dataclass(frozen=True)
class AskProvince(DraftButton, prefix="bc:sp"):
    pass


@dataclass(frozen=True)
class AskCommune(DraftButton, prefix="bc:sc"):
    pass


@dataclass(frozen=True)
class PickProvince(DraftButton, prefix="bc:p"):
    code: int


@dataclass(frozen=True)
class PickCommune(DraftButton, prefix="bc:w"):
    code: int


@dataclass(frozen=True)
class EditText(DraftButton, prefix="bc:et"):
    pass


@dataclass(frozen=True)
class EditAudience(DraftButton, prefix="bc:ea"):
    pass


@dataclass(frozen=True)
class Discard(DraftButton, prefix="bc:d"):
    pass


@dataclass(frozen=True)
class Send(DraftButton, prefix="bc:ok"):
    pass


@dataclass(frozen=True)
class Toggle(ButtonData, prefix="bc:t"):
    on: bool


B = TypeVar("B", bound=DraftButton)
DraftAction = Callable[[Update, OcopContext, Composing, B], Awaitable[None]]


def repo_of(context: OcopContext) -> AnnouncementsRepo:
    return context.repo.announcements


async def load_draft(context: OcopContext, draft_id: int, user_id: int) -> Composing | None:
    """The draft if it is still open and the user's, while they may still send."""
    draft = await repo_of(context).get(draft_id)
    allowed, scope = await sender_scope(context.repo, user_id)
    if draft is None or draft.sender_id != user_id or draft.status != Status.DRAFT:
        return None
    return Composing(draft, scope) if allowed else None


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
        draft = await repo_of(context).create(user.id, step=Step.TEXT)
    else:
        await message.reply_text(context.t(
            "You have an announcement in progress: here is where you left it."))
    await present(update, context, Composing(draft, scope), edit=False)


async def present(update: Update, context: OcopContext, composing: Composing, *, edit: bool,
                  page: int = 0) -> None:
    """Show the draft's current step and give the flow the sender's text.

    A step that Telegram refuses to show must not hold the sender for good (a later /thongbao
    would fail the same way): the draft goes back to choosing its audience, with a way out.
    """
    assert update.effective_user is not None
    draft = composing.draft
    step = FORM.step(composing)
    await context.repo.dialogs.set(update.effective_user.id, FLOW, step, draft.id)
    try:
        await _show_step(update, context, composing, step, edit=edit, page=page)
    except BadRequest:
        log.exception("Step %s of announcement draft %s could not be shown", step, draft.id)
        await _step_failed(update, context, composing, step)


async def _show_step(update: Update, context: OcopContext, composing: Composing, step: str,
                     *, edit: bool, page: int) -> None:
    draft = composing.draft
    if step == Step.PREVIEW:
        await show_preview(update, context, draft)
        return
    text, markup = await _prompt(context, composing, step, page)
    discard = [button(context.t("🗑 Discard"), Discard(draft.id))]
    keyboard = [*(markup.inline_keyboard if markup else ()), discard]
    await show(update, context, text, InlineKeyboardMarkup(keyboard), edit=edit)


async def _step_failed(update: Update, context: OcopContext, composing: Composing, step: str
                       ) -> None:
    """Move the draft off a step that cannot be shown, and say what the sender can do."""
    assert update.effective_chat is not None
    draft = composing.draft
    fallback = Step.TEXT if step in (Step.TEXT, Step.AUDIENCE) else Step.AUDIENCE
    with contextlib.suppress(AnnouncementStateError):
        await repo_of(context).update(draft.id, step=fallback)
    t = context.t
    await context.bot.send_message(update.effective_chat.id, t(
        "Sorry, this step could not be shown. Choose the audience again, discard the draft, "
        "or type /huy to leave."), reply_markup=InlineKeyboardMarkup([
            [button(t("👥 Change the audience"), EditAudience(draft.id))],
            [button(t("🗑 Discard"), Discard(draft.id))]]))


async def _prompt(context: OcopContext, composing: Composing, step: str, page: int = 0
                  ) -> tuple[str, InlineKeyboardMarkup | None]:
    t, audience = context.t, composing.draft.audience
    if step == Step.AUDIENCE:
        return _kinds_prompt(context, composing.draft)
    if step == Step.TRAINING:
        return await _trainings_prompt(context, composing, page)
    if step == Step.AREA:
        return _area_prompt(context, composing)
    if step == Step.PROVINCE:
        return t("Type the name of the province, e.g. Sơn La."), None
    if step == Step.COMMUNE:
        province = places.province(audience.province_code or 0) if audience else None
        return t("Type the name of the commune or ward in {province}, e.g. Tà Xùa.",
                 province=province.name if province else ""), None
    return t("<b>New announcement</b>\nType the text (up to {limit} characters), or send a "
             "photo with a caption. It goes out exactly as you type it.", limit=TEXT_LIMIT), None


def _kinds_prompt(context: OcopContext, draft: Announcement
                  ) -> tuple[str, InlineKeyboardMarkup]:
    labels = [context.t(KIND_LABELS[kind]) for kind in KINDS]
    lines = [f"{i}. {label}" for i, label in enumerate(labels, start=1)]
    buttons = [button(f"{i}. {label}", PickKind(draft.id, i - 1))
               for i, label in enumerate(labels, start=1)]
    return "\n".join([context.t("Who should receive it?"), *lines]), InlineKeyboardMarkup(
        rows(buttons, 1))


async def _trainings_prompt(context: OcopContext, composing: Composing, page: int
                            ) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the trainings, titles shortened: always far below Telegram's limit."""
    t, draft_id = context.t, composing.draft.id
    choices = await training_choices(context.repo, composing.scope)
    pages = max(1, -(-len(choices) // TRAININGS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * TRAININGS_PER_PAGE
    shown = list(enumerate(choices, start=1))[first:first + TRAININGS_PER_PAGE]
    lines = [f"{i}. {escape(shorten(title, TITLE_SHOWN))}" for i, (_, title) in shown]
    buttons = [button(f"{i}. {shorten(title, 40)}", PickTraining(draft_id, training_id))
               for i, (training_id, title) in shown]
    head = t("Which training's participants?") if choices else t(
        "There is no training to choose from.")
    if pages > 1:
        page_label = t("page {i}/{n}", i=page + 1, n=pages)
        head = f"{head} ({page_label})"
    moves = page_moves(t, page, pages, lambda p: TrainingPage(draft_id, p))
    back = [button(t("👥 Change the audience"), EditAudience(draft_id))]
    keyboard = [*rows(buttons, 1), *moves, back]
    return "\n".join([head, *lines]), InlineKeyboardMarkup(keyboard)


def _area_prompt(context: OcopContext, composing: Composing) -> tuple[str, InlineKeyboardMarkup]:
    t, draft_id = context.t, composing.draft.id
    province = places.province(composing.audience.province_code or 0)
    if province is None:
        return t("Where? In all provinces, or in one province (and, if you like, one of its "
                 "communes)."), InlineKeyboardMarkup([
                     [button(t("🌏 All provinces"), Everywhere(draft_id))],
                     [button(t("🔎 Choose a province"), AskProvince(draft_id))]])
    keyboard = [[button(t("📍 All of {province}", province=province.name),
                        WholeProvince(draft_id))],
                [button(t("🔎 Choose a commune"), AskCommune(draft_id))]]
    if composing.scope is None:
        keyboard.append([button(t("🔎 Another province"), AskProvince(draft_id))])
    return t("Where? In all of {province}, or in one of its communes.",
             province=province.name), InlineKeyboardMarkup(keyboard)


async def show_preview(update: Update, context: OcopContext, draft: Announcement) -> None:
    """The announcement as recipients will see it, then the audience, count and Confirm."""
    assert update.effective_chat is not None and draft.audience is not None
    t = context.t
    await send_preview(context.bot, update.effective_chat.id, t, draft,
                       button(t("🔕 Stop announcements"), PreviewUnsubscribe()))
    count = await repo_of(context).count_recipients(draft.audience)
    who = t(KIND_LABELS[AudienceKind(draft.audience.kind)])
    if draft.audience.training_id is not None:
        who = f"{who} · {await training_label_of(context.repo, draft.audience.training_id)}"
    text = context.render("broadcast/summary.j2", who=who, count=count, shown=t.number(count),
                          few=few_warning(t, count),
                          picture_only=bool(draft.photo) and not draft.text,
                          area=scope_name(context, draft.audience.area))
    keyboard = [[button(t("✏️ Change the text"), EditText(draft.id)),
                 button(t("👥 Change the audience"), EditAudience(draft.id))],
                [button(t("🗑 Discard"), Discard(draft.id))]]
    if count:
        keyboard.insert(0, [button(t.plural("✅ Send to {n} person", "✅ Send to {n} people",
                                            count), Send(draft.id))])
    await context.bot.send_message(update.effective_chat.id, text,
                                   reply_markup=InlineKeyboardMarkup(keyboard))


# --- typed text and photos ----------------------------------------------------------------


async def take_text(update: Update, context: OcopContext, composing: Composing, text: str
                    ) -> None:
    """The typed text is the announcement (keeping a photo sent before)."""
    await _take_content(update, context, composing, text, composing.draft.photo)


async def on_photo(update: Update, context: OcopContext) -> None:
    """Take a photo (its caption as the text) as the announcement."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None and message.photo
    composing = await FORM.current(context, user.id)
    if composing is None:
        await context.repo.dialogs.clear(user.id)
        await message.reply_text(context.t(FORM.gone))
        return
    if FORM.step(composing) != Step.TEXT:
        await FORM.on_other(update, context)
        return
    await _take_content(update, context, composing, message.caption or "",
                        message.photo[-1].file_id)


async def _take_content(update: Update, context: OcopContext, composing: Composing, text: str,
                        photo: str | None) -> None:
    assert update.effective_message is not None
    text = clean(text)
    try:
        check_content(text, photo)
    except ValueError:
        await update.effective_message.reply_text(context.t(
            "That text has {n} characters; an announcement can have at most {limit}. "
            "Please shorten it.", n=len(text), limit=TEXT_LIMIT))
        return
    step = Step.PREVIEW if composing.draft.audience is not None else Step.AUDIENCE
    updated = await repo_of(context).update(composing.draft.id, text=text, photo=photo,
                                            step=step)
    await present(update, context, Composing(updated, composing.scope), edit=False)


async def search_places(update: Update, context: OcopContext, composing: Composing, text: str
                        ) -> None:
    """The typed name of a province or commune: offer the places it matches. At the area
    step, whose prompt speaks of a commune (or a province), the name is taken too."""
    assert update.effective_message is not None
    draft_id = composing.draft.id
    kind: type[PickProvince] | type[PickCommune]
    province_code = composing.audience.province_code
    if FORM.step(composing) == Step.PROVINCE or province_code is None:
        found, kind = places.search(places.provinces(), text), PickProvince
    else:
        found, kind = places.search(places.communes(province_code), text), PickCommune
    if not found and FORM.step(composing) == Step.AREA and await answered_as_side_question(
            update, context, text):
        await present(update, context, composing, edit=False)
        return
    if not found:
        await update.effective_message.reply_text(context.t(
            "I found no place called “{name}”. Try again.", name=text[:60]))
        return
    exact = places.exact(found, text)
    if exact is not None:  # one exact match needs no tap, as in the registration form
        await update.effective_message.reply_text(context.t("📍 {place}", place=exact.name))
        if kind is PickProvince:
            await pick_province(update, context, composing, PickProvince(draft_id, exact.code))
        else:
            await pick_commune(update, context, composing, PickCommune(draft_id, exact.code))
        return
    buttons = [button(f"{i}. {p.name}", kind(draft_id, p.code))
               for i, p in enumerate(found, start=1)]
    lines = [f"{i}. {escape(p.name)}" for i, p in enumerate(found, start=1)]
    await update.effective_message.reply_text("\n".join([context.t("Choose one:"), *lines]),
                                              reply_markup=InlineKeyboardMarkup(rows(buttons, 1)))


FORM: DraftForm[Composing] = DraftForm(
    flow=FLOW, load=load_draft, step_of=lambda composing: composing.draft.step,
    text_steps={Step.TEXT: take_text, Step.AREA: search_places, Step.PROVINCE: search_places,
                Step.COMMUNE: search_places},
    gone=N_("The announcement you were writing is gone. Type /thongbao to start a new one."),
    first_step=Step.TEXT, show_step=present,
    not_text={Step.TEXT: N_("Please send the announcement as text, or as a photo with its text "
                            "as the caption.")})


# --- buttons of a draft -------------------------------------------------------------------


def on_draft(action: DraftAction[B]) -> Callable[[Update, OcopContext, B],
                                                 Awaitable[str | None]]:
    """Run `action` only on the presser's own draft, while they may still send."""

    async def run(update: Update, context: OcopContext, data: B) -> str | None:
        assert update.effective_user is not None
        composing = await load_draft(context, data.draft, update.effective_user.id)
        if composing is None:
            raise StaleButton(data)
        try:
            await action(update, context, composing, data)
        except AnnouncementStateError as exc:  # sent or discarded meanwhile
            raise StaleButton(data) from exc
        return None

    run.__doc__ = action.__doc__
    return run


async def _save(update: Update, context: OcopContext, composing: Composing, step: Step,
                audience: Audience | None) -> None:
    """Store the audience and step, and show that step in place of the pressed message."""
    updated = await repo_of(context).update(composing.draft.id, step=step,
                                            **audience_columns(audience))
    await present(update, context, Composing(updated, composing.scope),
                  edit=step != Step.PREVIEW)


async def _after_kind(update: Update, context: OcopContext, composing: Composing,
                      audience: Audience) -> None:
    """A commune officer's area is their commune; others choose one."""
    scope = composing.scope
    step = Step.PREVIEW if scope is not None and scope.commune_code is not None else Step.AREA
    await _save(update, context, composing, step, audience.bounded_by(scope))


async def pick_kind(update: Update, context: OcopContext, composing: Composing,
                    data: PickKind) -> None:
    """Who receives it: everyone, producers, officers, or a training's participants."""
    if data.index >= len(KINDS):
        raise StaleButton(data)
    if KINDS[data.index] == AudienceKind.TRAINING:
        await _save(update, context, composing, Step.TRAINING, None)
        return
    await _after_kind(update, context, composing, Audience(KINDS[data.index]))


async def training_page(update: Update, context: OcopContext, composing: Composing,
                        data: TrainingPage) -> None:
    """⬅️ / ➡️ through the trainings."""
    if FORM.step(composing) != Step.TRAINING:
        raise StaleButton(data)
    await present(update, context, composing, edit=True, page=data.page)


async def pick_training(update: Update, context: OcopContext, composing: Composing,
                        data: PickTraining) -> None:
    """Those who accepted this training."""
    choices = dict(await training_choices(context.repo, composing.scope))
    if data.training not in choices:
        raise StaleButton(data)
    audience = Audience(AudienceKind.TRAINING, training_id=data.training)
    await _after_kind(update, context, composing, audience)


async def everywhere(update: Update, context: OcopContext, composing: Composing,
                     data: Everywhere) -> None:
    """In all provinces (admins only)."""
    if composing.scope is not None or FORM.step(composing) != Step.AREA:
        raise StaleButton(data)
    audience = composing.audience.in_area(None, None)
    await _save(update, context, composing, Step.PREVIEW, audience)


async def whole_province(update: Update, context: OcopContext, composing: Composing,
                         data: WholeProvince) -> None:
    """In all of the chosen province."""
    audience = composing.audience
    if audience.province_code is None or FORM.step(composing) != Step.AREA:
        raise StaleButton(data)
    await _save(update, context, composing, Step.PREVIEW,
                audience.in_area(audience.province_code, None))


async def ask_province(update: Update, context: OcopContext, composing: Composing,
                       data: AskProvince) -> None:
    """Ask for a province's name (admins only)."""
    if composing.scope is not None:
        raise StaleButton(data)
    await _save(update, context, composing, Step.PROVINCE, composing.audience)


async def ask_commune(update: Update, context: OcopContext, composing: Composing,
                      data: AskCommune) -> None:
    """Ask for the name of a commune of the chosen province."""
    if composing.audience.province_code is None:
        raise StaleButton(data)
    await _save(update, context, composing, Step.COMMUNE, composing.audience)


async def pick_province(update: Update, context: OcopContext, composing: Composing,
                        data: PickProvince) -> None:
    """A province found by name (admins only)."""
    if composing.scope is not None or places.province(data.code) is None:
        raise StaleButton(data)
    await _save(update, context, composing, Step.AREA,
                composing.audience.in_area(data.code, None))


async def pick_commune(update: Update, context: OcopContext, composing: Composing,
                       data: PickCommune) -> None:
    """A commune found by name, within the sender's scope."""
    province_code = composing.audience.province_code
    if province_code is None:
        raise StaleButton(data)
    chosen = composing.audience.in_area(province_code, data.code)
    if places.commune(province_code, data.code) is None or not chosen.within(composing.scope):
        raise StaleButton(data)
    await _save(update, context, composing, Step.PREVIEW, chosen)


async def edit_text(update: Update, context: OcopContext, composing: Composing,
                    data: EditText) -> None:
    """✏️ Change the text."""
    await _save(update, context, composing, Step.TEXT, composing.draft.audience)


async def edit_audience(update: Update, context: OcopContext, composing: Composing,
                        data: EditAudience) -> None:
    """👥 Change the audience."""
    await _save(update, context, composing, Step.AUDIENCE, composing.draft.audience)


async def discard(update: Update, context: OcopContext, composing: Composing,
                  data: Discard) -> None:
    """🗑 Discard the draft."""
    assert update.effective_user is not None
    await repo_of(context).discard(composing.draft.id)
    await context.repo.dialogs.clear(update.effective_user.id)
    await show(update, context, context.t("Announcement discarded."), None, edit=True)


async def send(update: Update, context: OcopContext, composing: Composing, data: Send) -> None:
    """✅ Send: the summary becomes the progress message, then the engine sends."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user
    draft_id = composing.draft.id
    # Edited before queueing: once queued, the engine edits this message and must win.
    expected = await repo_of(context).count_recipients(composing.audience)
    text, markup = progress_view(context.services.renderer, context.t, draft_id,
                                 Counter({DeliveryStatus.PENDING: expected}), Status.SENDING)
    await show(update, context, text, markup, edit=True)
    try:
        await queue(context.application, draft_id, progress_message_id=query.message.message_id)
    except AnnouncementDenied:
        await show(update, context, context.t(
            "You can no longer send to this audience. Type /thongbao to choose another."),
            None, edit=True)
        return
    await context.repo.dialogs.clear(update.effective_user.id)


# --- sending, and receiving or not --------------------------------------------------------


async def cancel_sending(update: Update, context: OcopContext, data: CancelSending
                         ) -> str | None:
    """⏹ Stop an announcement being sent (its sender, or an admin)."""
    assert update.effective_user is not None
    stopped = await cancel_announcement(context.application, update.effective_user.id,
                                        data.announcement)
    if stopped is None:
        raise StaleButton(data)
    if not stopped:
        await show_cancelled(context.bot, context.services, data.announcement)
    return context.t("Cancelling…")


async def _subscribe(update: Update, context: OcopContext, on: bool) -> str:
    """Turn the presser's announcements on or off from the button under one."""
    query = update.callback_query
    assert query is not None and query.message is not None and update.effective_user
    await repo_of(context).set_receives(update.effective_user.id, on)
    markup = getattr(query.message, "reply_markup", None)  # absent on an inaccessible message
    with contextlib.suppress(BadRequest):  # an announcement too old to edit still counts
        await query.edit_message_reply_markup(
            with_subscription(markup, subscription_button(context.t, subscribed=on)))
    if on:
        return context.t("You will receive announcements again.")
    return context.t("You will no longer receive announcements. Type /nhanthongbao to turn "
                     "them back on.")


async def preview_unsubscribe(update: Update, context: OcopContext, data: PreviewUnsubscribe
                              ) -> str:
    """🔕 under the sender's own preview: it stops their announcements, as it says."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    await repo_of(context).set_receives(update.effective_user.id, False)
    markup = getattr(query.message, "reply_markup", None)
    kept = [[b for b in row if b.callback_data != data.pack()]
            for row in (markup.inline_keyboard if markup is not None else ())]
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(with_subscription(
            InlineKeyboardMarkup([row for row in kept if row]),
            subscription_button(context.t, subscribed=False)))
    return context.t("You will no longer receive announcements. Type /nhanthongbao to turn "
                     "them back on.")


async def unsubscribe(update: Update, context: OcopContext, data: Unsubscribe) -> str:
    """🔕 under an announcement."""
    return await _subscribe(update, context, False)


async def resubscribe(update: Update, context: OcopContext, data: Resubscribe) -> str:
    """🔔 under an announcement, once stopped."""
    return await _subscribe(update, context, True)


def _setting(context: OcopContext, on: bool) -> tuple[str, InlineKeyboardMarkup]:
    t = context.t
    if on:
        return t("🔔 You receive OCOP announcements."), InlineKeyboardMarkup(
            [[button(t("🔕 Stop announcements"), Toggle(False))]])
    return t("🔕 You do not receive OCOP announcements."), InlineKeyboardMarkup(
        [[button(t("🔔 Receive announcements"), Toggle(True))]])


async def announcements_setting(update: Update, context: OcopContext) -> None:
    """/nhanthongbao: say whether the user receives announcements, with a toggle."""
    assert update.effective_message is not None and update.effective_user is not None
    on = await repo_of(context).receives(update.effective_user.id)
    text, markup = _setting(context, on)
    await update.effective_message.reply_text(text, reply_markup=markup)


async def toggle(update: Update, context: OcopContext, data: Toggle) -> None:
    """The toggle under /nhanthongbao."""
    assert update.effective_user is not None
    await repo_of(context).set_receives(update.effective_user.id, data.on)
    text, markup = _setting(context, data.on)
    await show(update, context, text, markup, edit=True)


def register(app: App) -> None:
    """Register before the FAQ handler: the flow owns its sender's text."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["thongbao", "broadcast"], start_compose))
    app.add_handler(CommandHandler(["nhanthongbao", "announcements"], announcements_setting))
    # The composer's buttons, in the order a draft meets them.
    app.add_handler(on_press(PickKind, on_draft(pick_kind)))
    app.add_handler(on_press(TrainingPage, on_draft(training_page)))
    app.add_handler(on_press(PickTraining, on_draft(pick_training)))
    app.add_handler(on_press(Everywhere, on_draft(everywhere)))
    app.add_handler(on_press(WholeProvince, on_draft(whole_province)))
    app.add_handler(on_press(AskProvince, on_draft(ask_province)))
    app.add_handler(on_press(AskCommune, on_draft(ask_commune)))
    app.add_handler(on_press(PickProvince, on_draft(pick_province)))
    app.add_handler(on_press(PickCommune, on_draft(pick_commune)))
    app.add_handler(on_press(EditText, on_draft(edit_text)))
    app.add_handler(on_press(EditAudience, on_draft(edit_audience)))
    app.add_handler(on_press(Discard, on_draft(discard)))
    app.add_handler(on_press(Send, on_draft(send)))
    # Sending, and receiving or not.
    app.add_handler(on_press(CancelSending, cancel_sending))
    app.add_handler(on_press(Unsubscribe, unsubscribe))
    app.add_handler(on_press(PreviewUnsubscribe, preview_unsubscribe))
    app.add_handler(on_press(Resubscribe, resubscribe))
    app.add_handler(on_press(Toggle, toggle))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND
                                   & InDialog(app, FLOW), FORM.on_text))
    app.add_handler(MessageHandler(private & filters.PHOTO & InDialog(app, FLOW), on_photo))
