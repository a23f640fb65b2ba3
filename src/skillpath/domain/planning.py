"""The 90-day plan: which modules, in which week, to close the gaps to a target level within the
person's daily time budget, with 30/60/90-day milestones and the levels forecast for them.

How it is made:
- Modules to plan: those teaching a skill up to the level of a goal a manager set with the person
  (soonest goal first), those teaching a gap skill up to its required stage, the modules of the role's
  milestones, and their unmet prerequisites; then the rest of the path as stretch work.
- Deadlines: a goal's modules are due by the goal's date; a milestone's modules are due in the last
  week that ends by its day (day 30: week 4), a module closing a gap early enough for the target level
  by day 90 (sustained needs ~2 months after it); a prerequisite is due when the earliest module needing
  it is; everything else by week 13.
- Pace: the plan keeps an even pace towards each deadline instead of cramming: each week takes about
  the minutes still due by a deadline divided by the weeks left until it (the largest such share),
  rounded to whole modules; a module due this week is always taken if it fits. Prerequisites come
  first (in an earlier week or earlier in the same week).
- Budget: a week holds ``daily_minutes`` on ``WORKDAYS`` days. The reinforcement the memory model
  forecasts comes out of it first: every concept already known is reviewed when its memory falls due
  and again at each interval the model then gives; a concept learned in week *w* (mid-week) is
  reviewed at the days of the model's schedule for a concept answered well (``pace.perfect_schedule``,
  e.g. 3, 17, 74 days after learning with FSRS's defaults). Each review costs a minute, and a lapse
  (1 − desired retention of them) costs ``LAPSE_COST`` reviews. New learning gets what is left, and at
  most ``1 − review_share`` of the budget when the person chose a split. No module is planned into a
  week (or adds reviews to a later one) where learning and forecast reviews would exceed the budget.
- Fallback: when the paced plan meets fewer milestones or plans fewer modules than taking every module
  as early as the budget allows would, the earlier plan is used: pacing never costs a milestone.
- Forecast: the levels the planned passes give with the reinforcement the queue brings done on time
  (``pace.py``: a planned module counts as learned at the end of its week; its concepts count as
  recalled and sustained on the days the memory model's schedule allows, e.g. mastery three days
  after the last lesson, sustained about two and a half months after it), never below the current level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop
from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.pace import PerfectSchedule, minimum_days, perfect_schedule, skill_day
from skillpath.domain.queue import DEFAULT_REVIEW_SECONDS
from skillpath.domain.retention import LAPSE_COST

WEEKS = 13
WORKDAYS = 5
LEARNED_ON_DAY = 2  # a module planned for a week is learned about mid-week (day 2 of the week, from 0)
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
    review_minutes: float  # forecast reinforcement
    capacity_minutes: float  # the week's budget

    @property
    def new_minutes(self) -> int:
        return sum(p.minutes for p in self.modules)


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
    review_share: float = 0.0  # share of the weeks' budget forecast to go to reinforcement (from ``from_week``)
    chosen_review_share: float | None = None  # the person's split (None: automatic)

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


# Month abbreviations (English; translated where shown): a goal's date reads "31 Mar", "31. März", "31 de mar.".
_MONTHS = (
    gettext_noop("Jan"),
    gettext_noop("Feb"),
    gettext_noop("Mar"),
    gettext_noop("Apr"),
    gettext_noop("May"),
    gettext_noop("Jun"),
    gettext_noop("Jul"),
    gettext_noop("Aug"),
    gettext_noop("Sep"),
    gettext_noop("Oct"),
    gettext_noop("Nov"),
    gettext_noop("Dec"),
)


def _day_month(day: date) -> str:
    return _("{day} {month}").format(day=day.day, month=_(_MONTHS[day.month - 1]))


def _candidates(
    curriculum: Curriculum,
    target: Mapping[str, int],
    levels: Mapping[str, int],
    done: set[str],
    milestones: Sequence[RoleMilestone],
    elapsed_days: int,
    goals: Sequence[SkillGoal] = (),
) -> list[tuple[str, str]]:
    """(module, reason) in planning order."""
    reasons: dict[str, str] = {}
    for goal in sorted(goals, key=lambda g: (g.due_on, g.skill)):
        if levels.get(goal.skill, 0) < goal.level:
            title = curriculum.skill_titles.get(goal.skill, goal.skill)
            for m in curriculum.modules_teaching(goal.skill):
                if curriculum.stage_of[m.id] <= min(goal.level, 3):
                    reason = _("towards your goal: {skill} at level {level} by {date}").format(
                        skill=title, level=goal.level, date=_day_month(goal.due_on)
                    )
                    reasons.setdefault(m.id, reason)
    for ms in sorted(milestones, key=lambda m: m.day):
        if ms.day > elapsed_days:
            for module in ms.modules:
                reasons.setdefault(module, _("{milestone} (day {day})").format(milestone=ms.title, day=ms.day))
    for skill, required in target.items():
        if levels.get(skill, 0) < required:
            title = curriculum.skill_titles.get(skill, skill)
            for m in curriculum.modules_teaching(skill):
                if curriculum.stage_of[m.id] <= min(required, 3):
                    reasons.setdefault(m.id, _("closes the gap in {skill}").format(skill=title))
    for module in curriculum.path_order:
        reasons.setdefault(module, _("next on your path"))
    ordered = _with_prerequisites(curriculum, list(reasons), done)
    return [(m, reasons.get(m) or _("needed first")) for m in ordered]


def review_minutes_each(model: MemoryModel) -> float:
    """Expected minutes of one review: a minute, and ``LAPSE_COST`` for the share forgotten at due time."""
    retention = model.desired_retention
    return DEFAULT_REVIEW_SECONDS / 60 * (retention + (1 - retention) * LAPSE_COST)


def known_review_load(memories: Mapping[str, Memory], model: MemoryModel, start: date) -> list[float]:
    """Forecast reinforcement minutes in weeks 1..13 (index 0 unused) for the concepts already known:
    each reviewed when due (today at the earliest), then at each interval the model gives after a good answer."""
    load = [0.0] * (WEEKS + 1)
    origin = datetime.combine(start, time(12), tzinfo=UTC)
    end = origin + timedelta(weeks=WEEKS)
    each = review_minutes_each(model)
    for memory in memories.values():
        due = max(memory.due, origin)
        while due < end:  # a review's interval is at least a day
            load[(due - origin).days // 7 + 1] += each
            memory = model.review(memory, Rating.GOOD, due)
            due = memory.due
    return load


def _module_load(concepts: int, week: int, schedule: PerfectSchedule, each: float) -> list[float]:
    """Forecast reinforcement minutes per week added by learning ``concepts`` new concepts in ``week``."""
    load = [0.0] * (WEEKS + 1)
    for after in schedule.review_days:
        reviewed = (week - 1) * 7 + LEARNED_ON_DAY + after
        if reviewed // 7 + 1 <= WEEKS:
            load[reviewed // 7 + 1] += concepts * each
    return load


@dataclass(frozen=True)
class _Frame:
    """What every placement of one plan shares."""

    curriculum: Curriculum
    order: tuple[str, ...]  # modules to plan, earliest deadline first, prerequisites before dependents
    deadline: Mapping[str, int]  # module → the week it is due in
    known: tuple[float, ...]  # forecast reviews of what is known, per week
    budget: float  # minutes a week
    new_cap: float  # most new-learning minutes a week
    from_week: int
    schedule: PerfectSchedule
    each: float  # minutes per review


def _due_days(
    curriculum: Curriculum,
    target: Mapping[str, int],
    levels: Mapping[str, int],
    milestones: Sequence[RoleMilestone],
    start: date,
    role_started: date,
    model: MemoryModel,
    goals: Sequence[SkillGoal] = (),
) -> dict[str, int]:
    """Module → the day (from ``start``) it must be learned by: its milestones' days, and for a module closing a
    gap, early enough for the target level by day 90 (levels that need spaced recalls need their time)."""
    due: dict[str, int] = {}
    for ms in milestones:
        day = (role_started + timedelta(days=ms.day) - start).days
        if day > 0:  # a milestone already past is not planned for
            for module in ms.modules:
                due[module] = min(due.get(module, day), day)
    wait = minimum_days(model)
    for skill, required in target.items():
        if levels.get(skill, 0) < required:
            day = CHECKPOINTS[-1] - wait[min(max(required, 1), 4)]
            for m in curriculum.modules_teaching(skill):
                if curriculum.stage_of[m.id] <= min(required, 3):
                    due[m.id] = min(due.get(m.id, day), day)
    for goal in goals:  # a goal's modules are due by its date (one a day away at the least)
        if levels.get(goal.skill, 0) < goal.level:
            day = max((goal.due_on - start).days, 1)
            for m in curriculum.modules_teaching(goal.skill):
                if curriculum.stage_of[m.id] <= min(goal.level, 3):
                    due[m.id] = min(due.get(m.id, day), day)
    return due


def _deadlines(
    curriculum: Curriculum, order: Sequence[str], due_days: Mapping[str, int], from_week: int
) -> dict[str, int]:
    """Module → the week it is due in: the last week that ends by its day (a prerequisite: by its dependents')."""
    deadline = {m: min(max(due_days[m] // 7, from_week), WEEKS) if m in due_days else WEEKS for m in order}
    for module in reversed(order):  # dependents come after their prerequisites in ``order``
        for required in curriculum.modules[module].requires:
            if required in deadline:
                deadline[required] = min(deadline[required], deadline[module])
    return deadline


def _pace(frame: _Frame, remaining: Sequence[str], week: int) -> float:
    """The new-learning minutes that keep an even pace to every deadline from ``week`` on."""
    due: dict[int, float] = {}
    for module in remaining:
        d = max(frame.deadline[module], week)
        due[d] = due.get(d, 0.0) + frame.curriculum.modules[module].minutes
    pace, total = 0.0, 0.0
    for d in sorted(due):
        total += due[d]
        pace = max(pace, total / (d - week + 1))
    return pace


def _place(frame: _Frame, *, paced: bool) -> dict[str, int]:
    """Module → week. ``paced``: keep an even pace to the deadlines; otherwise as early as the budget allows."""
    placed: dict[str, int] = {}
    load = list(frame.known)
    new = [0.0] * (WEEKS + 1)
    remaining = list(frame.order)
    for week in range(frame.from_week, WEEKS + 1):
        target = _pace(frame, remaining, week) if paced else math.inf
        for module in list(remaining):
            spec = frame.curriculum.modules[module]
            if any(r in frame.deadline and r not in placed for r in spec.requires):
                continue  # a prerequisite still to plan comes first
            starting = week == frame.from_week and not new[week]  # the plan starts with something to learn
            if frame.deadline[module] > week and not starting and new[week] + spec.minutes / 2 > target:
                continue  # ahead of the pace: it can wait for a later week
            if new[week] + spec.minutes > frame.new_cap:
                continue
            extra = _module_load(len(spec.concepts), week, frame.schedule, frame.each)
            if any(
                load[w] + extra[w] + new[w] + (spec.minutes if w == week else 0) > frame.budget
                for w in range(week, WEEKS + 1)
            ):
                continue
            placed[module] = week
            remaining.remove(module)
            new[week] += spec.minutes
            load = [a + b for a, b in zip(load, extra, strict=True)]
    return placed


def _met(placed: Mapping[str, int], milestones: Sequence[RoleMilestone], frame: _Frame) -> int:
    """How many milestones still to come have every module planned by their deadline."""
    due = [ms for ms in milestones if any(m in frame.deadline for m in ms.modules)]
    return sum(
        all(m not in frame.deadline or placed.get(m, WEEKS + 1) <= frame.deadline[m] for m in ms.modules) for ms in due
    )


def plan_90_days(
    curriculum: Curriculum,
    progress: Mapping[str, Progress],
    levels: Mapping[str, int],
    target: Mapping[str, int],
    milestones: Sequence[RoleMilestone],
    *,
    daily_minutes: int,
    start: date,
    role_started: date,
    memories: Mapping[str, Memory] | None = None,
    from_week: int = 1,
    model: MemoryModel | None = None,
    review_share: float | None = None,
    goals: Sequence[SkillGoal] = (),
) -> Plan:
    """A week-by-week plan from ``start`` for the next 90 days.

    ``memories``: the concepts the person already knows (their reviews are forecast from them).
    ``from_week`` re-plans a plan already under way: what is left goes into that week and later ones.
    ``model`` is the organization's memory model (it forecasts reviews and decides when levels that
    need spaced recalls can come; FSRS defaults without one). ``review_share``: the share of the daily
    budget the person keeps for reinforcement (0–1; None: automatic, reviews first). ``goals``: skill-level
    goals a manager set with the person; the modules that teach the skill up to the goal's level come first
    and are due by the goal's date.
    """
    model = model or MemoryModel()
    schedule = perfect_schedule(model)
    done = {m for m in curriculum.modules if progress.get(m, NOT_STARTED).done}
    candidates = _candidates(curriculum, target, levels, done, milestones, (start - role_started).days, goals)
    ordered = [m for m, _ in candidates]
    position = {m: i for i, m in enumerate(ordered)}
    due_days = _due_days(curriculum, target, levels, milestones, start, role_started, model, goals)
    deadline = _deadlines(curriculum, ordered, due_days, from_week)
    budget = float(daily_minutes * WORKDAYS)
    frame = _Frame(
        curriculum,
        tuple(sorted(ordered, key=lambda m: (deadline[m], position[m]))),
        deadline,
        tuple(known_review_load(memories or {}, model, start)),
        budget,
        budget if review_share is None else budget * (1 - review_share),
        from_week,
        schedule,
        review_minutes_each(model),
    )
    paced, early = _place(frame, paced=True), _place(frame, paced=False)
    better = (_met(early, milestones, frame), len(early)) > (_met(paced, milestones, frame), len(paced))
    placed = early if better else paced
    load = list(frame.known)
    for module, week in placed.items():
        extra = _module_load(len(curriculum.modules[module].concepts), week, schedule, frame.each)
        load = [a + b for a, b in zip(load, extra, strict=True)]
    reasons = dict(candidates)
    weeks = tuple(
        Week(
            w,
            start + timedelta(weeks=w - 1),
            tuple(
                PlannedModule(m, curriculum.modules[m].title, w, curriculum.modules[m].minutes, reasons[m])
                for m in frame.order
                if placed.get(m) == w
            ),
            load[w],
            budget,
        )
        for w in range(1, WEEKS + 1)
    )
    span = weeks[from_week - 1 :]
    share = min(sum(w.review_minutes for w in span) / (budget * len(span)), 1.0) if budget else 0.0
    checkpoints = tuple(
        _checkpoint(curriculum, progress, levels, placed, milestones, day, start, role_started, schedule)
        for day in CHECKPOINTS
    )
    unplanned = tuple(curriculum.modules[m].title for m in ordered if m not in placed)
    return Plan(start, dict(target), weeks, checkpoints, unplanned, checkpoints[-1].levels, share, review_share)


def _checkpoint(
    curriculum: Curriculum,
    progress: Mapping[str, Progress],
    current: Mapping[str, int],
    placed: Mapping[str, int],
    milestones: Sequence[RoleMilestone],
    day: int,
    start: date,
    role_started: date,
    schedule: PerfectSchedule,
) -> Checkpoint:
    """Forecast levels on ``day``: modules planned in weeks that end by then count as learned then."""
    learned = {m: 0 for m in curriculum.path_order if progress.get(m, NOT_STARTED).done}
    learned |= {m: w * 7 for m, w in placed.items()}
    levels = {}
    for skill in curriculum.skills():
        reached = [
            k
            for k in (1, 2, 3, 4)
            if (d := skill_day(curriculum, skill, k, learned, schedule)) is not None and d <= day
        ]
        levels[skill] = max([current.get(skill, 0), *reached])
    on = start + timedelta(days=day)
    due = [ms for ms in milestones if start <= role_started + timedelta(days=ms.day) <= on]

    def ready_by(module: str, deadline: date) -> bool:
        if progress.get(module, NOT_STARTED).done:
            return True
        return module in placed and start + timedelta(days=placed[module] * 7) <= deadline

    on_track = all(ready_by(m, role_started + timedelta(days=ms.day)) for ms in due for m in ms.modules)
    return Checkpoint(day, on, levels, tuple(ms.title for ms in due), on_track)
