"""The fastest honest route: how soon a learner who does everything right can reach a level.

Levels need recalls spaced in time (``proficiency.py``), and the memory model decides when a concept
comes back for reinforcement, so no amount of effort makes a level come sooner than the schedule
allows. The *perfect learner* passes every module the first time and answers every reinforcement
well ("Good", not "Easy": "Easy" depends on other people's times) on the day it is due. From its
schedule:

- ``perfect_schedule``: the days after learning a concept at which it is reviewed, the first day it
  counts as *recalled* and the first day it counts as *sustained* (with FSRS's default parameters
  and 90 % desired retention: reviews on days 2, 13, 59: recalled on day 2, sustained on day 59).
- ``minimum_days``: the least number of days from a skill's last needed lesson to each level.
- ``fastest_readiness``: the first day a ladder's role level can be 100 % ready, when the needed
  modules are learned in path order within a daily time budget (or all on day 0 without one).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from skillpath.domain.curriculum import Curriculum
from skillpath.domain.evidence import LEVEL_STAGES, concept_evidence, recalled, sustain_missing
from skillpath.domain.gates import NOT_STARTED, Progress
from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.proficiency import level_from_evidence

MAX_REVIEWS = 30
_EPOCH = datetime(2000, 1, 3, 9, 0, tzinfo=UTC)  # any fixed instant: only the differences matter


@dataclass(frozen=True)
class PerfectSchedule:
    review_days: tuple[int, ...]  # days after learning on which the concept is reviewed (learning excluded)
    recalled_day: int  # first day it counts as recalled (answered well a day or more after learning)
    sustained_day: int  # first day it counts as sustained


@dataclass(frozen=True)
class SkillRoute:
    skill: str
    required: int
    day: int | None  # the first day the skill can be at its required level; None: the path cannot get there


@dataclass(frozen=True)
class Route:
    days: int | None  # first day of 100 % readiness (None: some required level cannot be reached on the path)
    skills: tuple[SkillRoute, ...]
    module_days: Mapping[str, int]  # module id → the day it is learned


def perfect_schedule(model: MemoryModel) -> PerfectSchedule:
    """The reviews of a concept answered well every time it is due, and when its evidence grows."""
    memory: Memory = model.review(None, Rating.GOOD, _EPOCH)
    days: list[int] = []
    recalled_day = None
    for _ in range(MAX_REVIEWS):
        at = memory.due
        memory = model.review(memory, Rating.GOOD, at)
        day = math.ceil((at - _EPOCH) / timedelta(days=1))
        days.append(day)
        if recalled_day is None and recalled(memory):
            recalled_day = day
        if recalled(memory) and not sustain_missing(memory):
            assert recalled_day is not None
            return PerfectSchedule(tuple(days), recalled_day, day)
    raise ValueError("this memory model never lets a concept count as sustained")  # pragma: no cover


def minimum_days(model: MemoryModel) -> dict[int, int]:
    """Level → the least number of days from learning a skill's last needed concept to that level."""
    schedule = perfect_schedule(model)
    return {1: 0, 2: schedule.recalled_day, 3: schedule.recalled_day, 4: schedule.sustained_day}


def _needed_modules(curriculum: Curriculum, requires: Mapping[str, int], progress: Mapping[str, Progress]) -> list[str]:
    """The modules a role level needs, with their prerequisites, in path order (done ones left out)."""
    wanted = {
        m.id
        for skill, level in requires.items()
        for m in curriculum.modules_teaching(skill)
        if level > 0 and curriculum.stage_of[m.id] in LEVEL_STAGES and curriculum.stage_of[m.id] <= level
    }
    frontier = list(wanted)
    while frontier:
        for required in curriculum.modules[frontier.pop()].requires:
            if required in curriculum.modules and required not in wanted:
                wanted.add(required)
                frontier.append(required)
    return [m for m in curriculum.path_order if m in wanted and not progress.get(m, NOT_STARTED).done]


def learning_days(curriculum: Curriculum, modules: list[str], daily_minutes: int | None) -> dict[str, int]:
    """The day each module is learned, in order, filling each day up to ``daily_minutes`` (a longer
    module gets a day of its own); all on day 0 without a budget."""
    days: dict[str, int] = {}
    day, used = 0, 0
    for module in modules:
        minutes = curriculum.modules[module].minutes
        if daily_minutes is not None and used and used + minutes > daily_minutes:
            day, used = day + 1, 0
        days[module] = day
        used += minutes
    return days


def skill_day(
    curriculum: Curriculum, skill: str, level: int, learned: Mapping[str, int], schedule: PerfectSchedule
) -> int | None:
    """The first day ``skill`` is at ``level`` when each module is learned on its ``learned`` day."""
    base = concept_evidence(curriculum, skill, {}, {})
    day_of = {e.concept: learned.get(curriculum.module_of(e.concept)) for e in base}
    steps = (0, schedule.recalled_day, schedule.sustained_day)
    candidates = sorted({d + extra for d in day_of.values() if d is not None for extra in steps})
    for day in candidates:
        evidence = [
            replace(
                e,
                shown=(d := day_of[e.concept]) is not None and d <= day,
                recalled=d is not None and d + schedule.recalled_day <= day,
                sustained=d is not None and d + schedule.sustained_day <= day,
            )
            for e in base
        ]
        if level_from_evidence(evidence) >= level:
            return day
    return None


def fastest_readiness(
    curriculum: Curriculum,
    requires: Mapping[str, int],
    model: MemoryModel,
    *,
    daily_minutes: int | None = None,
    progress: Mapping[str, Progress] | None = None,
) -> Route:
    """The first day (from today, day 0) a perfect learner can be 100 % ready for ``requires``.

    Modules in ``progress`` that are done count as learned on day 0 (their concepts' real history
    may be further along: this is an upper bound for them, exact for a newcomer).
    """
    progress = progress or {}
    schedule = perfect_schedule(model)
    todo = _needed_modules(curriculum, requires, progress)
    learned = {m: 0 for m in curriculum.path_order if progress.get(m, NOT_STARTED).done}
    learned |= learning_days(curriculum, todo, daily_minutes)
    routes = tuple(
        SkillRoute(skill, level, skill_day(curriculum, skill, level, learned, schedule))
        for skill, level in sorted(requires.items())
        if level > 0
    )
    reachable = [r.day for r in routes if r.day is not None]
    days = max(reachable, default=0) if len(reachable) == len(routes) else None
    return Route(days, routes, learned)
