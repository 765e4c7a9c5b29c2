"""Starting an assessment: resume or start over, product group, sheet, typed product search."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Update

from core.context import OcopContext
from core.product_groups import group_label
from core.ui import button, show
from handlers.assessment import views
from handlers.assessment.callbacks import encode
from handlers.assessment.session import FLOW, load_session
from handlers.assessment.steps import present
from knowledge.criteria.products import PRODUCT_GROUPS, find_sheets

PICK = "pick"


async def start_assessment(update: Update, context: OcopContext) -> None:
    """Offer to continue an unfinished assessment, or ask for the product group."""
    assert update.effective_user is not None
    record = await context.repo.assessments.in_progress_for(update.effective_user.id)
    if record is None:
        await show_groups(update, context, edit=False)
        return
    t = context.t
    sheet = context.services.sheets[record.sheet]
    text = t("You have an unfinished assessment: <b>{product}</b> (sheet {number}: {title}).\n"
             "Continue where you stopped, or start over?",
             product=record.product_name or sheet.title, number=sheet.number, title=sheet.title)
    markup = InlineKeyboardMarkup([[button(t("▶️ Continue"), encode("cont", record.id)),
                                    button(t("🔄 Start over"), encode("new"))]])
    await show(update, context, text, markup, edit=False)


async def show_groups(update: Update, context: OcopContext, *, edit: bool) -> None:
    """Ask for the product group (or a typed product)."""
    assert update.effective_user is not None
    lines = [f"{i}. {group_label(context.t, g)}" for i, g in enumerate(PRODUCT_GROUPS, start=1)]
    text = "\n".join([
        context.t("<b>Self-assessment</b>: which group is your product in?"), "", *lines, "",
        context.t("Or type what you make, for example: chè, mật ong, rượu."),
    ])
    await show(update, context, text, views.groups_keyboard(context.t), edit=edit)
    await context.repo.dialogs.set(update.effective_user.id, FLOW, PICK)


async def show_sheets(update: Update, context: OcopContext, numbers: list[int],
                      heading: str, *, edit: bool) -> None:
    """List sheets to choose from, numbered in the text and on the buttons."""
    sheets = context.services.sheets
    lines = [f"{i}. {escape(sheets[n].title)} ({context.t('sheet {n}', n=n)})"
             for i, n in enumerate(numbers, start=1)]
    text = "\n".join([heading, "", *lines])
    await show(update, context, text, views.sheets_keyboard(context.t, sheets, numbers),
               edit=edit)


async def pick_group(update: Update, context: OcopContext, index: int) -> None:
    """Show the sheets of product group number `index`."""
    group = PRODUCT_GROUPS[index]
    heading = context.t("<b>{group}</b>: choose the criteria sheet of your product.",
                        group=group_label(context.t, group))
    await show_sheets(update, context, list(group.sheets), heading, edit=True)


async def search_product(update: Update, context: OcopContext, query: str) -> None:
    """Find the sheets for a typed product, or ask for the group again."""
    titles = {n: s.title for n, s in context.services.sheets.items()}
    found = find_sheets(query, titles)
    if not found:
        await update.effective_message.reply_text(  # type: ignore[union-attr]
            context.t("I could not find a criteria sheet for “{query}”. "
                      "Please choose the product group instead.", query=query[:60]))
        await show_groups(update, context, edit=False)
        return
    heading = context.t("Criteria sheets that match “{query}”:", query=query[:60])
    await show_sheets(update, context, found, heading, edit=False)


async def pick_sheet(update: Update, context: OcopContext, number: int) -> None:
    """Create the assessment of sheet `number` and ask the product name."""
    assert update.effective_user is not None
    record = await context.repo.assessments.create(update.effective_user.id, number)
    session = await load_session(context, record.id, update.effective_user.id)
    assert session is not None
    await present(update, context, session, edit=True)


async def continue_assessment(update: Update, context: OcopContext, aid: int) -> bool:
    """Show the step where the user stopped; False when there is nothing to continue."""
    assert update.effective_user is not None
    session = await load_session(context, aid, update.effective_user.id)
    if session is None or not session.record.in_progress:
        return False
    await present(update, context, session, edit=True)
    return True


async def start_over(update: Update, context: OcopContext) -> None:
    """Set the unfinished assessment aside and start a new one."""
    assert update.effective_user is not None
    record = await context.repo.assessments.in_progress_for(update.effective_user.id)
    if record is not None:
        await context.repo.assessments.abandon(record.id)
    await show_groups(update, context, edit=True)
