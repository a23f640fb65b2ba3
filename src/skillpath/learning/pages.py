"""Read models of the learner's pages (My path, Skills, a module), as plain dataclasses for templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from skillpath.content import models as cm
from skillpath.domain.curriculum import STAGE_NUMBERS, ModuleSpec, percent
from skillpath.domain.gates import Gate, Progress, Status, gates
from skillpath.domain.proficiency import LEVEL_NAMES, fading_since, skill_level
from skillpath.learning.curricula import curriculum_for, memory_model
from skillpath.learning.ledger import Ledger
from skillpath.learning.persistence import ledger_load
from skillpath.learning.selectors import person_zone
from skillpath.people.models import Person, PersonRole

STATUS_LABELS = {
    Status.LOCKED: "Locked",
    Status.AVAILABLE: "Ready to start",
    Status.IN_PROGRESS: "In progress",
    Status.PASSED: "Passed",
    Status.TESTED_OUT: "Tested out",
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


def path_page(person: Person, *, now: datetime) -> list[RoleView]:
    """Every role's path with each module's status, lock reasons, and the role's milestones (7 queries)."""
    built = curriculum_for(person)
    ledger = ledger_load(person)
    progress = ledger.domain_progress(built)
    status = gates(built.curriculum, progress)
    holdings = {h.role.slug: h for h in PersonRole.objects.filter(person=person).select_related("role", "level")}
    milestones = list(cm.Milestone.objects.filter(role__holders__person=person, retired_at=None).select_related("role"))
    today = now.astimezone(person_zone(person)).date()
    roles = []
    for path in built.curriculum.paths:
        stages = []
        for stage, ids in path.stages:
            cards = [_card(built.curriculum.modules[m], status[m], progress.get(m)) for m in ids]
            if cards:
                done = sum(c.status in (Status.PASSED, Status.TESTED_OUT) for c in cards)
                finished = [_done_at(ledger, built.module_ids[m]) for m in ids]
                completed = max(finished) if done == len(cards) and all(finished) else None  # type: ignore[type-var]
                stages.append(
                    StageView(stage, STAGE_NUMBERS[stage], cards, done, completed.date() if completed else None)
                )
        holding = holdings.get(path.role)
        start = holding.assigned_on if holding else person.started_on
        views = [
            _milestone(ms, start, ledger.milestones.get(ms.pk), today, built.curriculum.modules)
            for ms in milestones
            if ms.role.slug == path.role
        ]
        level = holding.level.title if holding and holding.level else None
        roles.append(RoleView(path.role, path.title, level, stages, views))
    return roles


def _done_at(ledger: Ledger, module_pk: int) -> datetime | None:
    rec = ledger.progress.get(module_pk)
    return (rec.passed_at or rec.tested_out_at) if rec else None


def _card(module: ModuleSpec, gate: Gate, progress: Progress | None) -> ModuleCard:
    best = progress.best_score if progress is not None else None
    return ModuleCard(
        module.id, module.title, module.minutes, gate.status.value, STATUS_LABELS[gate.status], gate.reasons,
        percent(best) if best is not None else None, percent(module.pass_score),
    )  # fmt: skip


def _milestone(
    ms: cm.Milestone, start: date, reached: datetime | None, today: date, modules: Mapping[str, ModuleSpec]
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


def skills_page(person: Person, *, now: datetime, days: int = 30) -> list[SkillView]:
    """Every skill on the person's paths: level, why, fading, and a 30-day recall forecast."""
    built = curriculum_for(person)
    ledger = ledger_load(person)
    model = memory_model(person.organization)
    progress, memories = ledger.domain_progress(built), ledger.domain_memories(built)
    views = []
    c = built.curriculum
    for skill in c.skills():
        level = skill_level(c, skill, progress, memories, model, now)
        met = [memories[k] for k in c.concepts_of_skill(skill) if k in memories]
        forecast = [
            RecallPoint(d, sum(model.retrievability(m, now + timedelta(days=d)) for m in met) / len(met))
            for d in range(days + 1)
        ] if met else []  # fmt: skip
        since = fading_since(c, skill, memories, model, now) if level.fading else None
        views.append(
            SkillView(
                skill,
                c.skill_titles.get(skill, skill),
                level.level,
                LEVEL_NAMES[level.level],
                level.effective,
                level.fading,
                since,
                percent(level.mean_recall) if level.mean_recall is not None else None,
                level.explanation,
                level.next_step,
                forecast,
            )
        )
    return views
