"""/danhgia (/assess) and /ketqua (/results): self-assess a product against its criteria sheet.

The states, like the `states={}` table of PTB's conversationbot example. Each is the `status` of
the assessment's row (storage/assessments.py), written before the next screen is shown; the
dialogs table gives the user's typed text to this flow (see core/drafts.py for why the state is
in SQLite and not in a ConversationHandler).

    state          input                        next state
    (none)         /danhgia, 📋 menu button      pick: the product groups
    pick           group button or number       pick: that group's sheets
                   typed product ("mật ong")    pick: the matching sheets
                   sheet button                 organisation, the first time (no registration
                                                names it); else NAMING, a new assessment
    organisation   typed name, Skip, "bỏ qua"   NAMING, a new assessment
    NAMING         typed name, Skip, "bỏ qua"   ELIGIBILITY, condition 1
    ELIGIBILITY    Có (Yes)                     ELIGIBILITY, next condition; after the last:
                                                ANSWERING, question 1
                   Back                         the condition before (NAMING before the first)
                   Không (No)                   REJECTED: why, what to do (kept in /ketqua),
                                                with "score anyway" (on, for reference) and
                                                "change my answer" (that condition again)
    ANSWERING      option button or number      ANSWERING, next unanswered question; when none
                                                is left: REVIEW
                   Back                         ANSWERING, the previous question
    REVIEW         ✏️ code                      ANSWERING, that question (then REVIEW again)
                   ◀️ / ▶️                       REVIEW, another page
                   See the result               COMPLETED: result, chart, Mẫu 02 report
    any of those   Pause, /huy                  same state, out of the dialog; /danhgia offers
                                                Continue (same state) or Start over (ABANDONED)

A sticker or photo at any step gets a reminder and the step again. A result shows the plan for
the next certified rank, a button per other plan, then the chart, the Mẫu 02 Word and PDF files.
/ketqua lists COMPLETED and REJECTED assessments; a result can be reopened (its files sent again)
and compared with the one before it. Modules: `buttons` (what each button carries), `session` (one
assessment as the handlers see it), `render` (every screen, no I/O), `decide` (what each input
does), `papers` (the producer, the plans, the chart and the Word and PDF files).
"""

from __future__ import annotations

from telegram.ext import CommandHandler, MessageHandler, filters

from core.buttons import on_press
from core.context import App
from core.dialogs import InDialog
from core.i18n import N_
from handlers.assessment import buttons, decide
from handlers.assessment.session import FLOW
from handlers.main_menu import main_menu


def register(app: App) -> None:
    """The handlers of /danhgia and /ketqua; PTB routes each button kind by its pattern."""
    typed = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & InDialog(app, FLOW)
    # Stickers, photos, files while the flow owns the chat: before handlers/fallback.py's.
    other = (~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL
             & filters.ChatType.PRIVATE & InDialog(app, FLOW))
    app.add_handler(CommandHandler(["danhgia", "assess"], decide.start))
    # Choosing what to assess.
    app.add_handler(on_press(buttons.ShowGroups, decide.press_groups))
    app.add_handler(on_press(buttons.PickGroup, decide.press_group))
    app.add_handler(on_press(buttons.PickSheet, decide.press_sheet))
    app.add_handler(on_press(buttons.Continue, decide.press_continue))
    app.add_handler(on_press(buttons.StartOver, decide.press_start_over))
    app.add_handler(on_press(buttons.SkipOrganisation, decide.press_skip_organisation))
    # Inside one assessment.
    app.add_handler(on_press(buttons.SkipName, decide.press_skip_name))
    app.add_handler(on_press(buttons.AnswerCondition, decide.press_condition))
    app.add_handler(on_press(buttons.ConditionBack, decide.press_condition_back))
    app.add_handler(on_press(buttons.ScoreAnyway, decide.press_score_anyway))
    app.add_handler(on_press(buttons.AnswerQuestion, decide.press_answer))
    app.add_handler(on_press(buttons.GoBack, decide.press_back))
    app.add_handler(on_press(buttons.ChangeAnswer, decide.press_change))
    app.add_handler(on_press(buttons.ReviewPage, decide.press_review_page))
    app.add_handler(on_press(buttons.Finish, decide.press_finish))
    app.add_handler(on_press(buttons.Pause, decide.press_pause))
    # Typed text while the flow owns it (a name, a group or option number, a product).
    app.add_handler(MessageHandler(typed, decide.on_text))
    app.add_handler(MessageHandler(other, decide.on_other))
    # /ketqua, after the flow as before: its command is not text the flow takes.
    app.add_handler(CommandHandler(["ketqua", "results"], decide.list_results))
    app.add_handler(on_press(buttons.Reopen, decide.press_reopen))
    app.add_handler(on_press(buttons.Compare, decide.press_compare))
    app.add_handler(on_press(buttons.ShowPlan, decide.press_show_plan))
    app.add_handler(on_press(buttons.ResendFiles, decide.press_resend))
    # The menu's order: self-assessment, then my results.
    main_menu(app).add(N_("📋 Self-assessment"), decide.start)
    main_menu(app).add(N_("📊 My results"), decide.list_results)
