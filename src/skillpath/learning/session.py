"""A learning session: today's queue run item by item, then a summary of what changed.

The session's state is a small JSON-able dict (kept in the web session): the plan taken from the
queue at the start, how far it got, and the levels and open modules at the start to compare with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from skillpath.domain.gates import gates
from skillpath.domain.learner import LearnerState
from skillpath.domain.proficiency import LEVEL_NAMES
from skillpath.learning import models as lm
from skillpath.learning.pages import STAGE_LABELS
from skillpath.learning.selectors import queue_for_person
from skillpath.learning.store import state_load
from skillpath.people.models import Person

State = dict[str, Any]


def _snapshot(state: LearnerState) -> tuple[dict[str, int], list[str]]:
    """Each skill's level and the open modules (to compare the session's start and end)."""
    c = state.curriculum
    levels = {s: state.skills[s].level if s in state.skills else 0 for s in c.skills()}
    return levels, [m for m, g in gates(c, state.progress).items() if g.open]


def session_start(person: Person, *, now: datetime) -> State:
    """Plan a session from today's queue."""
    state = state_load(person, checks=()).state
    queue = queue_for_person(person, now=now, state=state)
    levels, open_modules = _snapshot(state)
    return {
        "started": now.isoformat(),
        "plan": [{"kind": item.kind, "ref": item.ref, "minutes": round(item.minutes, 2)} for item in queue.items],
        "index": 0,
        "levels": levels,
        "open": open_modules,
        # Each planned reinforcement's memory stability (days until recall falls to 90 %), to say what improved.
        "stability": {
            item.ref: round(state.memories[item.ref].memory.stability, 2)
            for item in queue.items
            if item.kind == "reinforcement" and item.ref in state.memories
        },
    }


@dataclass(frozen=True)
class SessionProgress:
    position: int  # 1-based: the item the learner is on
    total: int
    minutes_left: int  # the planned minutes of this item and the ones after it, rounded up (at least 1)

    @property
    def done(self) -> int:
        """Items finished before this one (for a progress bar)."""
        return self.position - 1


def session_progress(state: State) -> SessionProgress | None:
    """Where a session is ("item 2 of 7, about 6 min left"): read from its state alone, no query (None for an
    empty plan). Sessions planned before items carried their minutes count one minute per item."""
    plan = state.get("plan", [])
    total = len(plan)
    if not total:
        return None
    position = min(int(state.get("index", 0)) + 1, total)
    left = sum(float(item.get("minutes", 1.0)) for item in plan[position - 1 :])
    return SessionProgress(position, total, max(1, math.ceil(left - 1e-9)))


def _done(person: Person, item: dict[str, str], started: datetime) -> bool:
    if item["kind"] == "reinforcement":
        module, concept = item["ref"].split("/", 1)
        return lm.Attempt.objects.filter(
            person=person, concept__slug=concept, concept__module__slug=module, submitted_at__gte=started
        ).exists()
    return lm.ModuleCheck.objects.filter(person=person, module__slug=item["ref"], completed_at__gte=started).exists()


def session_next(person: Person, state: State, *, now: datetime) -> tuple[State, str | None]:
    """The URL of the next unfinished item of the plan (None when the session is complete)."""
    started = datetime.fromisoformat(state["started"])
    plan = state["plan"]
    index = state["index"]
    while index < len(plan) and _done(person, plan[index], started):
        index += 1
    state = {**state, "index": index}
    if index >= len(plan):
        return state, None
    item = plan[index]
    if item["kind"] == "reinforcement":
        return state, f"/reinforcement/{item['ref']}/"
    return state, f"/modules/{item['ref']}/?session=1"


def _completed_since(finished: list[datetime | None], started: datetime) -> bool:
    """True when every module of a stage is done and the last of them was done during the session."""
    times = [t for t in finished if t is not None]
    return len(times) == len(finished) and max(times) >= started


@dataclass(frozen=True)
class Summary:
    answers: int
    minutes: float
    improved: list[tuple[str, str, str]]  # (skill title, level before, level after)
    strengthened: list[tuple[str, int, int]]  # (idea title, days recall holds before, after)
    unlocked: list[tuple[str, str]]  # (slug, title)
    milestones: list[str]
    next_module: tuple[str, str] | None
    next_review: datetime | None


def session_finish(person: Person, state: State, *, now: datetime) -> Summary:
    """What the session changed, and what comes next and when."""
    started = datetime.fromisoformat(state["started"])
    attempts = lm.Attempt.objects.filter(person=person, submitted_at__gte=started)
    seconds = attempts.aggregate(total=Sum("duration_seconds"))["total"] or 0.0
    learner = state_load(person, checks=()).state
    levels, open_modules = _snapshot(learner)
    c = learner.curriculum
    before = state.get("levels", {})
    improved = [
        (c.skill_titles.get(s, s), _(LEVEL_NAMES[before.get(s, 0)]), _(LEVEL_NAMES[lv]))
        for s, lv in levels.items()
        if lv > before.get(s, 0)
    ]
    unlocked = [(m, c.title(m)) for m in open_modules if m not in state.get("open", [])]
    strengthened = _strengthened(learner, state.get("stability", {}))
    milestones = [
        ms.title for ms in c.milestones if ms.key in learner.milestones and learner.milestones[ms.key] >= started
    ]
    milestones += [
        _("{path}: {stage} stage complete").format(
            path=path.title, stage=str(STAGE_LABELS.get(stage, stage.capitalize()))
        )
        for path in c.paths
        for stage, ids in path.stages
        if ids
        and _completed_since([learner.modules[m].done_at if m in learner.modules else None for m in ids], started)
    ]
    queue = queue_for_person(person, now=now, state=learner)
    upcoming = [m.memory.due for m in learner.memories.values() if m.memory.due > now]
    following = (queue.next_module, queue.next_module_title) if queue.next_module and queue.next_module_title else None
    return Summary(
        attempts.count(),
        seconds / 60,
        improved,
        strengthened,
        unlocked,
        milestones,
        following,
        min(upcoming, default=None),
    )


def _strengthened(learner: LearnerState, before: dict[str, float]) -> list[tuple[str, int, int]]:
    """The session's reinforced ideas whose memory now holds longer: (title, days before, days after), the
    days being how long recall stays above 90 % (FSRS stability), rounded."""
    out = []
    for key, stability in before.items():
        memory = learner.memories.get(key)
        if memory is not None and memory.memory.stability > stability + 0.5:
            title = learner.curriculum.concept_titles.get(key, key)
            out.append((title, max(1, round(stability)), round(memory.memory.stability)))
    return sorted(out, key=lambda t: t[2] - t[1], reverse=True)
