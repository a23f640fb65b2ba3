"""The 90-day plan: which modules, in which week, to close the gaps to a target level within the
person's daily time budget, with 30/60/90-day milestones and the levels forecast for them.

How it is made:
- Modules to plan: those teaching a gap skill up to its required stage, the modules of the role's
  milestones, and their unmet prerequisites; then the rest of the path as stretch work.
- Order: the skill-level goals a manager set with the person (soonest first: the modules that teach the
  skill up to the goal's level, so they come before the goal's date where the budget allows), then
  milestone deadlines, then gaps, then the path; a module never before its prerequisites.
- Capacity: the daily budget on 5 days a week, less the expected reinforcement: each concept already
  learned costs about ``REVIEW_MINUTES_PER_CONCEPT_WEEK`` a week, and each newly learned one adds its
  first spaced reviews (1, 2, 4 and 9 weeks later, a minute each), as FSRS spaces them for most people.
- Forecast: the levels the planned passes give with the reinforcement the queue brings done on time
  (``pace.py``: a planned module counts as learned at the end of its week; its concepts count as
  recalled and sustained on the days the memory model's schedule allows, e.g. mastery two days
  after the last lesson, sustained about two months after it), never below the current level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.memory import MemoryModel
from skillpath.domain.pace import PerfectSchedule, perfect_schedule, skill_day

WEEKS = 13
WORKDAYS = 5
REVIEW_MINUTES_PER_CONCEPT_WEEK = 0.5
FIRST_REVIEWS_AFTER_WEEKS = (1, 2, 4, 9)
CHECKPOINTS = (30, 60, 90)


@dataclass(frozen=True)
class RoleMilestone:
    day: int  # days after the person started the role
    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class SkillGoal:
    skill: str
    level: int  # 1..4
    due_on: date


@dataclass(frozen=True)
class PlannedModule:
    module: str
    title: str
    week: int  # 1..13
    minutes: int
    reason: str


@dataclass(frozen=True)
class Week:
    number: int
    starts: date
    modules: tuple[PlannedModule, ...]
    review_minutes: float
    capacity_minutes: float


@dataclass(frozen=True)
class Checkpoint:
    day: int
    on: date
    levels: Mapping[str, int]  # forecast skill levels that day
    milestones: tuple[str, ...]  # role milestones due by then
    on_track: bool  # every milestone due by then is planned in time


@dataclass(frozen=True)
class Plan:
    start: date
    target: Mapping[str, int]
    weeks: tuple[Week, ...]
    checkpoints: tuple[Checkpoint, ...]
    unplanned: tuple[str, ...]  # titles of needed modules that do not fit in 90 days
    forecast: Mapping[str, int]  # levels at day 90

    def week_of(self, module: str) -> int | None:
        return next((p.week for w in self.weeks for p in w.modules if p.module == module), None)


def _with_prerequisites(curriculum: Curriculum, wanted: list[str], done: set[str]) -> list[str]:
    """``wanted`` plus every unmet prerequisite, each after what it needs (stable in path order)."""
    order: list[str] = []

    def visit(module: str, trail: tuple[str, ...]) -> None:
        if module in order or module in done or module not in curriculum.modules or module in trail:
            return
        for required in curriculum.modules[module].requires:
            visit(required, (*trail, module))
        order.append(module)

    for module in wanted:
        visit(module, ())
    return order


def _candidates(
    curriculum: Curriculum, target: Mapping[str, int], levels: Mapping[str, int], done: set[str],
    milestones: Sequence[RoleMilestone], elapsed_days: int, goals: Sequence[SkillGoal] = (),
) -> list[tuple[str, str]]:  # fmt: skip
    """(module, reason) in planning order."""
    reasons: dict[str, str] = {}
    for goal in sorted(goals, key=lambda g: (g.due_on, g.skill)):
        if levels.get(goal.skill, 0) < goal.level:
            title = curriculum.skill_titles.get(goal.skill, goal.skill)
            for m in curriculum.modules_teaching(goal.skill):
                if curriculum.stage_of[m.id] <= min(goal.level, 3):
                    reasons.setdefault(
                        m.id, f"towards your goal: {title} at level {goal.level} by {goal.due_on.day} {goal.due_on:%b}"
                    )
    for ms in sorted(milestones, key=lambda m: m.day):
        if ms.day > elapsed_days:
            for module in ms.modules:
                reasons.setdefault(module, f"{ms.title} (day {ms.day})")
    for skill, required in target.items():
        if levels.get(skill, 0) < required:
            title = curriculum.skill_titles.get(skill, skill)
            for m in curriculum.modules_teaching(skill):
                if curriculum.stage_of[m.id] <= min(required, 3):
                    reasons.setdefault(m.id, f"closes the gap in {title}")
    for module in curriculum.path_order:
        reasons.setdefault(module, "next on your path")
    ordered = _with_prerequisites(curriculum, list(reasons), done)
    return [(m, reasons.get(m, "needed first")) for m in ordered]


def _review_load(learned_weeks: Sequence[int], known_concepts: int) -> list[float]:
    """Expected reinforcement minutes in each week 1..13."""
    load = [known_concepts * REVIEW_MINUTES_PER_CONCEPT_WEEK] * (WEEKS + 1)
    for week in learned_weeks:
        for after in FIRST_REVIEWS_AFTER_WEEKS:
            if week + after <= WEEKS:
                load[week + after] += 1.0
    return load


def plan_90_days(
    curriculum: Curriculum, progress: Mapping[str, Progress], levels: Mapping[str, int], target: Mapping[str, int],
    milestones: Sequence[RoleMilestone], *, daily_minutes: int, start: date, role_started: date,
    known_concepts: int, from_week: int = 1, model: MemoryModel | None = None, goals: Sequence[SkillGoal] = (),
) -> Plan:  # fmt: skip
    """A week-by-week plan from ``start`` for the next 90 days.

    ``from_week`` re-plans a plan already under way: what is left goes into that week and later ones.
    ``model`` is the organization's memory model (its schedule decides when levels that need spaced
    recalls can come; FSRS defaults without one). ``goals`` are skill-level goals to work towards first.
    """
    done = {m for m in curriculum.modules if progress.get(m, NOT_STARTED).done}
    candidates = _candidates(curriculum, target, levels, done, milestones, (start - role_started).days, goals)
    capacity = daily_minutes * WORKDAYS
    placed: dict[str, int] = {}
    learned_weeks: list[int] = []
    used = [0.0] * (WEEKS + 1)
    unplanned = []
    for module, _ in candidates:
        spec = curriculum.modules[module]
        earliest = max([from_week, *(placed[r] for r in spec.requires if r in placed)])
        for week in range(earliest, WEEKS + 1):
            reviews = _review_load(learned_weeks, known_concepts)[week]
            if used[week] + spec.minutes + reviews <= capacity or (used[week] == 0 and reviews < capacity):
                placed[module] = week
                used[week] += spec.minutes
                learned_weeks += [week] * len(spec.concepts)
                break
        else:
            unplanned.append(spec.title)
    reasons = dict(candidates)
    load = _review_load(learned_weeks, known_concepts)
    weeks = tuple(
        Week(
            w, start + timedelta(weeks=w - 1),
            tuple(PlannedModule(m, curriculum.modules[m].title, w, curriculum.modules[m].minutes, reasons[m])
                  for m, pw in placed.items() if pw == w),
            load[w], float(capacity),
        )
        for w in range(1, WEEKS + 1)
    )  # fmt: skip
    schedule = perfect_schedule(model or MemoryModel())
    checkpoints = tuple(
        _checkpoint(curriculum, progress, levels, placed, milestones, day, start, role_started, schedule)
        for day in CHECKPOINTS
    )
    return Plan(start, dict(target), weeks, checkpoints, tuple(unplanned), checkpoints[-1].levels)


def _checkpoint(
    curriculum: Curriculum, progress: Mapping[str, Progress], current: Mapping[str, int],
    placed: Mapping[str, int], milestones: Sequence[RoleMilestone], day: int, start: date, role_started: date,
    schedule: PerfectSchedule,
) -> Checkpoint:  # fmt: skip
    """Forecast levels on ``day``: modules planned in weeks that end by then count as learned then."""
    learned = {m: 0 for m in curriculum.path_order if progress.get(m, NOT_STARTED).done}
    learned |= {m: w * 7 for m, w in placed.items()}
    levels = {}
    for skill in curriculum.skills():
        reached = [k for k in (1, 2, 3, 4) if (d := skill_day(curriculum, skill, k, learned, schedule)) is not None
                   and d <= day]  # fmt: skip
        levels[skill] = max([current.get(skill, 0), *reached])
    on = start + timedelta(days=day)
    due = [ms for ms in milestones if start <= role_started + timedelta(days=ms.day) <= on]

    def ready_by(module: str, deadline: date) -> bool:
        if progress.get(module, NOT_STARTED).done:
            return True
        return module in placed and start + timedelta(days=placed[module] * 7) <= deadline

    on_track = all(ready_by(m, role_started + timedelta(days=ms.day)) for ms in due for m in ms.modules)
    return Checkpoint(day, on, levels, tuple(ms.title for ms in due), on_track)
