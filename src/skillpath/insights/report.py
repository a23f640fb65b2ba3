"""The manager's read-only view of one report: path, skills, readiness, plans and recent answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_noop

from skillpath.coaching.selectors import GoalView, goals_for_person, skill_goals_of
from skillpath.domain.curriculum import Curriculum
from skillpath.insights.access import access_report
from skillpath.insights.growth import RoleGrowth, growth_page
from skillpath.insights.history import HistoryItem, recent_history
from skillpath.insights.plans import PlanView, plans_page
from skillpath.learning.pages import RoleView, SkillView, path_page, skills_page
from skillpath.learning.store import state_load
from skillpath.people.models import Person

# The report page shows a path's stage names and skill level names (the core's English keys) in the reader's
# language: they are in this app's catalogue.
STAGE_AND_LEVEL_NAMES = (
    gettext_noop("foundation"),
    gettext_noop("application"),
    gettext_noop("mastery"),
    gettext_noop("reinforcement"),
    gettext_noop("not started"),
    gettext_noop("sustained"),
)


@dataclass(frozen=True)
class ReportPage:
    person: Person
    roles: list[RoleView]
    skills: list[SkillView]
    growth: list[RoleGrowth]
    plans: list[PlanView]
    history: list[HistoryItem]
    goals: list[GoalView]
    curriculum: Curriculum


def report_page(viewer: Person, person_id: int, *, now: datetime) -> ReportPage | None:
    """One report of ``viewer`` (None if ``viewer`` may not see them), their learner state loaded once."""
    person = access_report(viewer, person_id)
    if person is None:
        return None
    state = state_load(person, checks=()).state
    goals = goals_for_person(person, now=now)
    return ReportPage(
        person=person,
        roles=path_page(person, now=now, state=state),
        skills=skills_page(person, now=now, state=state),
        growth=growth_page(person, now=now, state=state),
        plans=plans_page(person, now=now, state=state, goals=skill_goals_of(goals)),
        history=recent_history(person),
        goals=goals,
        curriculum=state.curriculum,
    )
