"""90-day plans: made for a role and a target level, re-planned from today's progress on every view, and
compared with the plan as first made to say whether the person is on track."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from skillpath.coaching.selectors import GoalView, goals_for_person, skill_goals, skill_goals_of
from skillpath.content.models import RoleLevel
from skillpath.domain.learner import LearnerState
from skillpath.domain.planning import Plan, RoleMilestone, SkillGoal, plan_90_days
from skillpath.insights.growth import RoleGrowth, growth_page, standing_for
from skillpath.insights.models import LearningPlan
from skillpath.learning.selectors import budget_minutes, person_zone, review_share_of
from skillpath.learning.store import state_load
from skillpath.people.models import Person, PersonRole


class PlanError(ValueError):
    """A plan cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class PlanView:
    id: int
    role: str
    target: str
    plan: Plan
    week: int  # the current week (1–13; 14 once the 90 days are over)
    status: str  # "on_track", "behind", "finished"
    behind: list[str]  # titles of modules planned for past weeks and not passed
    forecast_rows: list[tuple[str, int, int, int, int]]  # (skill, target, day 30, day 60, day 90)
    daily_minutes: int = 0

    @property
    def review_percent(self) -> int:
        """The forecast share of the budget reinforcement takes, in percent."""
        return round(self.plan.review_share * 100)

    @property
    def chosen_percent(self) -> int | None:
        share = self.plan.chosen_review_share
        return None if share is None else round(share * 100)


def _today(person: Person, now: datetime) -> date:
    return now.astimezone(person_zone(person)).date()


def _make(
    person: Person,
    state: LearnerState,
    holding: PersonRole,
    target: RoleLevel,
    *,
    start: date,
    from_week: int,
    goals: list[SkillGoal],
) -> Plan:
    levels = {s: st.effective for s, st in standing_for(state, now=_noon(start)).items()}
    milestones = [
        RoleMilestone(ms.day, ms.title, ms.modules)
        for ms in state.curriculum.milestones
        if ms.role == holding.role.slug
    ]
    return plan_90_days(
        state.curriculum,
        state.progress,
        levels,
        target.requires,
        milestones,
        daily_minutes=budget_minutes(person),
        start=start,
        role_started=holding.assigned_on,
        memories=state.memory,
        from_week=from_week,
        model=state.model,
        review_share=review_share_of(person),
        goals=goals,
    )


def _noon(day: date) -> datetime:
    from datetime import UTC

    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@transaction.atomic
def plan_create(person: Person, role_slug: str, target_slug: str, *, now: datetime) -> LearningPlan:
    """Make (or remake) the person's 90-day plan for a role and a target level of it, starting today."""
    holding = PersonRole.objects.filter(person=person, role__slug=role_slug).select_related("role").first()
    if holding is None:
        raise PlanError(_("You do not hold the role “{role}”.").format(role=role_slug))
    target = RoleLevel.objects.filter(role=holding.role, slug=target_slug, retired_at=None).first()
    if target is None:
        raise PlanError(_("The role {role} has no level “{level}”.").format(role=holding.role.title, level=target_slug))
    start = _today(person, now)
    state = state_load(person, checks=()).state
    plan = _make(person, state, holding, target, start=start, from_week=1, goals=skill_goals(person))
    baseline = {p.module: p.week for w in plan.weeks for p in w.modules}
    record, _created = LearningPlan.objects.update_or_create(
        person=person,
        role=holding.role,
        defaults={
            "organization_id": person.organization_id,
            "target": target,
            "starts_on": start,
            "baseline": baseline,
            "created_at": now,
        },
    )
    return record


def plans_page(
    person: Person, *, now: datetime, state: LearnerState | None = None, goals: list[SkillGoal] | None = None
) -> list[PlanView]:
    """Every plan of the person, re-planned from today, with on-track / behind against its baseline, working
    towards the person's skill-level ``goals`` (read when not given)."""
    views = []
    today = _today(person, now)
    records = list(LearningPlan.objects.filter(person=person).select_related("role", "target"))
    if not records:
        return []
    state = state or state_load(person, checks=()).state
    holdings = {h.role_id: h for h in PersonRole.objects.filter(person=person).select_related("role")}
    done = {m for m, p in state.progress.items() if p.done}
    goals = skill_goals(person) if goals is None else goals
    for record in records:
        holding = holdings.get(record.role_id)
        if holding is None:
            continue
        week = (today - record.starts_on).days // 7 + 1
        plan = _make(
            person, state, holding, record.target, start=record.starts_on, from_week=min(max(week, 1), 13), goals=goals
        )
        behind = [plan_title(plan, m) or m for m, w in record.baseline.items() if w < week and m not in done]
        status = "finished" if week > 13 else "behind" if behind else "on_track"
        titles = state.curriculum.skill_titles
        rows = [
            (titles.get(skill, skill), required, *(c.levels.get(skill, 0) for c in plan.checkpoints))
            for skill, required in plan.target.items()
        ]
        views.append(
            PlanView(
                record.pk,
                record.role.title,
                record.target.title,
                plan,
                week,
                status,
                behind,
                rows,  # type: ignore[arg-type]
                budget_minutes(person),
            )
        )
    return views


@dataclass(frozen=True)
class GrowthPage:
    roles: list[RoleGrowth]
    plans: list[PlanView]
    goals: list[GoalView]


def growth_overview(person: Person, *, now: datetime) -> GrowthPage:
    """The Growth page: readiness for each role, the person's goals and 90-day plans (the learner state loaded once)."""
    state = state_load(person, checks=()).state
    goals = goals_for_person(person, now=now)
    plans = plans_page(person, now=now, state=state, goals=skill_goals_of(goals))
    return GrowthPage(growth_page(person, now=now, state=state), plans, goals)


def plan_title(plan: Plan, module: str) -> str | None:
    return next((p.title for w in plan.weeks for p in w.modules if p.module == module), None)


def plan_ics(view: PlanView, person: Person) -> bytes:
    """The plan as a calendar: one all-day event per week with its modules, and the 30/60/90-day checkpoints."""
    calendar = Calendar()
    calendar.add("prodid", "-//SkillPath//90-day plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"SkillPath: {view.role} → {view.target}")
    for week in view.plan.weeks:
        if not week.modules:
            continue
        event = Event()
        event.add("uid", f"skillpath-plan-{view.id}-week-{week.number}@skillpath")
        modules = ", ".join(p.title for p in week.modules)
        event.add("summary", _("SkillPath week {number}: {modules}").format(number=week.number, modules=modules))
        event.add(
            "description",
            "\n".join(
                _("{module} ({minutes} min): {reason}").format(module=p.title, minutes=p.minutes, reason=p.reason)
                for p in week.modules
            ),
        )
        event.add("dtstart", week.starts)
        event.add("dtend", week.starts + timedelta(days=WORKWEEK))
        event.add("dtstamp", _noon(view.plan.start))
        calendar.add_component(event)
    for checkpoint in view.plan.checkpoints:
        event = Event()
        event.add("uid", f"skillpath-plan-{view.id}-day-{checkpoint.day}@skillpath")
        event.add("summary", _("SkillPath day {day} checkpoint: {role}").format(day=checkpoint.day, role=view.role))
        event.add("dtstart", checkpoint.on)
        event.add("dtend", checkpoint.on + timedelta(days=1))
        event.add("dtstamp", _noon(view.plan.start))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


WORKWEEK = 5
