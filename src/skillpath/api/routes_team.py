"""The manager's endpoints: the team view (heat map rows, a page at a time) and one report's page. Scoped as the
pages: a manager sees their direct and indirect reports, an admin the whole organization, nobody else anyone."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from skillpath import clock
from skillpath.api import schemas as s
from skillpath.api.auth import acting
from skillpath.api.problems import READ_ERRORS, ApiProblem
from skillpath.insights.access import can_see_team
from skillpath.insights.report import report_page
from skillpath.insights.team import team_view

router = Router(tags=["manager"])


@router.get("/team", response={200: s.Team, 404: s.Problem, **READ_ERRORS})
def team(request: HttpRequest, query: Query[s.TeamQuery]) -> dict[str, object]:
    """Each report's skills against their level's targets, readiness, and coming drops (Team)."""
    viewer = acting(request)
    if not can_see_team(viewer):
        raise ApiProblem(404, _("you have no team to show"))
    view = team_view(viewer, now=clock.now(), role=query.role, team=query.team, sort=query.sort)
    rows = view.rows[query.offset : query.offset + query.limit]
    page = {"count": len(view.rows), "limit": query.limit, "offset": query.offset, "items": rows}
    skills = [{"slug": slug, "title": title} for slug, title in view.skills]
    return {"skills": skills, "drops": view.drops, "rows": page}


@router.get("/team/{person_id}", response={200: s.Report, 404: s.Problem, **READ_ERRORS})
def report(request: HttpRequest, person_id: s.Id) -> object:
    """One report's path, skills, readiness, plans and recent answers (a report's page)."""
    page = report_page(acting(request), person_id, now=clock.now())
    if page is None:
        raise ApiProblem(404, _("no such person in your team"))
    return page
