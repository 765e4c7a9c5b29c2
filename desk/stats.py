"""The desk's statistics: the figures of /thongke, counted by the same query over the same
scope, with the same labels, drawn as charts in the page."""

from __future__ import annotations

from aiohttp import web

from core.roles import describe_scope
from desk.charts import bar_chart
from desk.web import page, services, signed_in, staff_only, translator
from reports.stats_chart import commune_bars, rank_bars, status_bars


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/desk/stats", show_stats)


@staff_only
async def show_stats(request: web.Request) -> web.Response:
    """Users, self-assessments by rank, registrations by status and by commune, in scope."""
    staff = signed_in(request)
    t = translator(request)
    stats = await services(request).repo.stats.statistics(staff.scope)
    communes, hidden = commune_bars(stats, t)
    return page(
        request, "stats.html.j2", scope=describe_scope(t, staff.scope),
        everywhere=stats.scope is None, users=t.number(stats.users),
        officers=t.number(stats.officers), assessments=t.number(stats.assessments),
        ranks=bar_chart(rank_bars(stats, t), t), submitted=t.number(stats.submitted),
        statuses=bar_chart(status_bars(stats, t), t), drafts=t.number(stats.drafts),
        communes=bar_chart(communes, t) if communes else None,
        more=t.number(hidden) if hidden > 0 else "")
