"""The manager's read-only view of one report: path, skills, readiness, plans and recent answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from skillpath.insights.access import access_report
from skillpath.insights.growth import RoleGrowth, growth_page
from skillpath.insights.history import HistoryItem, recent_history
from skillpath.insights.plans import PlanView, plans_page
from skillpath.learning.pages import RoleView, SkillView, path_page, skills_page
from skillpath.learning.store import state_load
from skillpath.people.models import Person


@dataclass(frozen=True)
class ReportPage:
    person: Person
    roles: list[RoleView]
    skills: list[SkillView]
    growth: list[RoleGrowth]
    plans: list[PlanView]
    history: list[HistoryItem]


def report_page(viewer: Person, person_id: int, *, now: datetime) -> ReportPage | None:
    """One report of ``viewer`` (None if ``viewer`` may not see them), their learner state loaded once."""
    person = access_report(viewer, person_id)
    if person is None:
        return None
    state = state_load(person, checks=()).state
    return ReportPage(
        person=person,
        roles=path_page(person, now=now, state=state),
        skills=skills_page(person, now=now, state=state),
        growth=growth_page(person, now=now, state=state),
        plans=plans_page(person, now=now, state=state),
        history=recent_history(person),
    )
