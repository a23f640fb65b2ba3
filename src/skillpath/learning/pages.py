"""Read models of the learner's pages (My path, Skills, a module), as plain dataclasses for templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.utils.translation import gettext, gettext_lazy

from skillpath.domain.curriculum import STAGE_NUMBERS, Curriculum, MilestoneSpec, ModuleSpec, PathSpec, percent
from skillpath.domain.gates import Gate, Progress, Status, gates
from skillpath.domain.learner import LearnerState
from skillpath.domain.proficiency import LEVEL_NAMES, fading_since, skill_level
from skillpath.domain.reinforcement import ReinforcementStage, reinforcement_stage
from skillpath.learning.selectors import person_zone
from skillpath.learning.store import state_load
from skillpath.people.models import Person, PersonRole

STATUS_LABELS = {
    Status.LOCKED: gettext_lazy("Locked"),
    Status.AVAILABLE: gettext_lazy("Ready to start"),
    Status.IN_PROGRESS: gettext_lazy("In progress"),
    Status.PASSED: gettext_lazy("Passed"),
    Status.TESTED_OUT: gettext_lazy("Tested out"),
}
STAGE_LABELS = {
    "foundation": gettext_lazy("Foundation"),
    "application": gettext_lazy("Application"),
    "mastery": gettext_lazy("Mastery"),
    "reinforcement": gettext_lazy("Reinforcement"),
}


@dataclass(frozen=True)
class ModuleCard:
    slug: str
    title: str
    minutes: int
    status: str
    status_label: str
    reasons: tuple[str, ...]
    best_percent: int | None
    pass_percent: int


@dataclass(frozen=True)
class StageView:
    name: str
    number: int
    modules: list[ModuleCard]
    done: int
    completed_on: date | None  # the stage-completion milestone: when its last module was passed
    reinforcement: ReinforcementStage | None = None  # the fourth stage: spaced reinforcement of what was learned

    @property
    def label(self) -> str:
        """The stage's name in the person's language ("Foundation")."""
        return str(STAGE_LABELS.get(self.name, self.name.capitalize()))

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.modules)) if self.modules else 0


@dataclass(frozen=True)
class MilestoneView:
    title: str
    day: int
    due_on: date
    reached_on: date | None
    status: str  # "reached", "missed", "upcoming"
    modules: list[str]


@dataclass(frozen=True)
class RoleView:
    slug: str
    title: str
    level: str | None
    stages: list[StageView]
    milestones: list[MilestoneView]


def path_page(person: Person, *, now: datetime, state: LearnerState | None = None) -> list[RoleView]:
    """Every role's path with each module's status, lock reasons, and the role's milestones."""
    state = state or state_load(person, checks=()).state
    c = state.curriculum
    status = gates(c, state.progress)
    holdings = {h.role.slug: h for h in PersonRole.objects.filter(person=person).select_related("role", "level")}
    today = now.astimezone(person_zone(person)).date()
    roles = []
    reinforced = reinforcement_stage(c, state.memory, state.model, now)
    for path in c.paths:
        stages = []
        for stage, ids in path.stages:
            cards = [_card(c.modules[m], status[m], state.progress.get(m)) for m in ids]
            if stage == "reinforcement":  # always shown: everything learned comes back here
                stages.append(_reinforcement_view(path, c, cards, reinforced))
            elif cards:
                done = sum(card.status in (Status.PASSED, Status.TESTED_OUT) for card in cards)
                finished = [state.modules[m].done_at if m in state.modules else None for m in ids]
                completed = max(finished) if done == len(cards) and all(finished) else None  # type: ignore[type-var]
                stages.append(
                    StageView(stage, STAGE_NUMBERS[stage], cards, done, completed.date() if completed else None)
                )
        holding = holdings.get(path.role)
        start = holding.assigned_on if holding else person.started_on
        views = [
            _milestone(ms, start, state.milestones.get(ms.key), today, c.modules)
            for ms in c.milestones
            if ms.role == path.role
        ]
        level = holding.level.title if holding and holding.level else None
        roles.append(RoleView(path.role, path.title, level, stages, views))
    return roles


def _reinforcement_view(
    path: PathSpec, c: Curriculum, cards: list[ModuleCard], reinforced: ReinforcementStage
) -> StageView:
    """The reinforcement stage of one role: its own skills' spaced reinforcement, and any modules authors put there."""
    skills = {s for m in path.module_ids() for s in c.modules[m].skills}
    own = replace(reinforced, skills=tuple(s for s in reinforced.skills if s.skill in skills))
    done = sum(card.status in (Status.PASSED, Status.TESTED_OUT) for card in cards)
    return StageView("reinforcement", STAGE_NUMBERS["reinforcement"], cards, done, None, own)


def _card(module: ModuleSpec, gate: Gate, progress: Progress | None) -> ModuleCard:
    best = progress.best_score if progress is not None else None
    return ModuleCard(
        module.id,
        module.title,
        module.minutes,
        gate.status.value,
        str(STATUS_LABELS[gate.status]),
        gate.reasons,
        percent(best) if best is not None else None,
        percent(module.pass_score),
    )


def _milestone(
    ms: MilestoneSpec, start: date, reached: datetime | None, today: date, modules: Mapping[str, ModuleSpec]
) -> MilestoneView:
    due = start + timedelta(days=ms.day)
    state = "reached" if reached else "missed" if today > due else "upcoming"
    titles = [modules[m].title for m in ms.modules if m in modules]
    return MilestoneView(ms.title, ms.day, due, reached.date() if reached else None, state, titles)


@dataclass(frozen=True)
class RecallPoint:
    day: int
    recall: float


@dataclass(frozen=True)
class SkillView:
    slug: str
    title: str
    level: int
    level_name: str
    effective: int
    fading: bool
    fading_since: datetime | None
    recall_percent: int | None
    explanation: tuple[str, ...]
    next_step: str | None
    forecast: list[RecallPoint]  # mean predicted recall over the next 30 days, without practice
    observed_at: datetime | None = None  # an observation on the job met the skill's rubric


def skills_page(person: Person, *, now: datetime, days: int = 30, state: LearnerState | None = None) -> list[SkillView]:
    """Every skill on the person's paths: level, why, fading, and a 30-day recall forecast."""
    state = state or state_load(person, checks=()).state
    model, progress, memories = state.model, state.progress, state.memory
    views = []
    c = state.curriculum
    for skill in c.skills():
        level = skill_level(c, skill, progress, memories, model, now, observed=skill in state.observed)
        met = [memories[k] for k in c.concepts_of_skill(skill) if k in memories]
        forecast = (
            [
                RecallPoint(d, sum(model.retrievability(m, now + timedelta(days=d)) for m in met) / len(met))
                for d in range(days + 1)
            ]
            if met
            else []
        )
        since = fading_since(c, skill, memories, model, now) if level.fading else None
        views.append(
            SkillView(
                skill,
                c.skill_titles.get(skill, skill),
                level.level,
                gettext(LEVEL_NAMES[level.level]),
                level.effective,
                level.fading,
                since,
                percent(level.mean_recall) if level.mean_recall is not None else None,
                level.explanation,
                level.next_step,
                forecast,
                state.observed.get(skill),
            )
        )
    return views
