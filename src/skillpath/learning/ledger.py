"""Derived learning state of one person, and how one attempt changes it.

The same ``apply_attempt`` serves the live path (``attempt_submit``: load, apply, save) and the
rebuild (replay every stored attempt in order), so the two always agree. No database access here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from skillpath.domain.curriculum import is_passing
from skillpath.domain.diagnostic import GOOD_SCORE
from skillpath.domain.gates import Progress, module_gate
from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.proficiency import fading_on, skill_level
from skillpath.learning.curricula import Built

SEEN_KEPT = 20


@dataclass
class MemoryRec:
    memory: Memory
    variants_seen: list[int]


@dataclass
class ProgressRec:
    started_at: datetime
    best_score: float | None = None
    runs: int = 0
    passed_at: datetime | None = None
    tested_out_at: datetime | None = None

    def domain(self) -> Progress:
        return Progress(self.best_score, self.passed_at is not None, self.tested_out_at is not None, True)


@dataclass
class RunRec:
    module: int
    variants: dict[int, int]  # concept pk → variant position
    started_at: datetime
    answered: dict[int, float] = field(default_factory=dict)  # concept pk → score
    completed_at: datetime | None = None
    score: float | None = None
    passed: bool = False


@dataclass(frozen=True)
class AttemptRec:
    kind: str  # "practice" | "reinforcement" | "diagnostic"
    run: UUID | None
    concept: int
    variant_position: int
    score: float
    rating: Rating
    at: datetime


@dataclass
class Events:
    """What an attempt changed, for the learner's feedback and for follow-up work."""

    run_completed: bool = False
    run_score: float | None = None
    run_passed: bool = False
    module_passed: bool = False  # passed for the first time
    tested_out: list[int] = field(default_factory=list)  # module pks shown in a diagnostic
    unlocked: list[str] = field(default_factory=list)  # module slugs
    levels: list[tuple[str, int, int]] = field(default_factory=list)  # (skill slug, before, after)
    skills: list[str] = field(default_factory=list)  # skill slugs whose stored state changed (level or fading date)
    milestones: list[int] = field(default_factory=list)  # milestone pks reached


@dataclass(frozen=True)
class SkillRec:
    level: int
    reached_at: datetime
    fading_on: datetime | None  # when the skill's mean recall drops below the fading line without practice


@dataclass
class Ledger:
    memories: dict[int, MemoryRec] = field(default_factory=dict)  # concept pk →
    progress: dict[int, ProgressRec] = field(default_factory=dict)  # module pk →
    skills: dict[int, SkillRec] = field(default_factory=dict)  # skill pk →
    milestones: dict[int, datetime] = field(default_factory=dict)  # milestone pk → reached at
    runs: dict[UUID, RunRec] = field(default_factory=dict)
    stored_skills: set[int] = field(default_factory=set)  # skill pks that already have a stored row
    diagnosed: dict[int, bool] = field(default_factory=dict)  # concept pk → latest diagnostic answer was good

    def domain_progress(self, built: Built) -> dict[str, Progress]:
        return {built.module_slugs[m]: p.domain() for m, p in self.progress.items() if m in built.module_slugs}

    def domain_memories(self, built: Built) -> dict[str, Memory]:
        return {built.concept_keys[c]: r.memory for c, r in self.memories.items() if c in built.concept_keys}


def apply_attempt(ledger: Ledger, built: Built, model: MemoryModel, attempt: AttemptRec) -> Events:
    """Change ``ledger`` by one attempt; return what changed.

    A diagnostic answer seeds the concept's memory only when it was good (``GOOD_SCORE``); a module
    whose every concept was shown that way counts as tested out.
    """
    events = Events()
    before = ledger.domain_progress(built)
    touched = {built.curriculum.concept_skill[built.concept_keys[attempt.concept]]}
    good = attempt.score >= GOOD_SCORE
    if attempt.kind != "diagnostic" or good:
        rec = ledger.memories.get(attempt.concept)
        key = built.concept_keys[attempt.concept]
        memory = model.review(rec.memory if rec else None, attempt.rating, attempt.at, concept=key)
        seen = [*(rec.variants_seen if rec else []), attempt.variant_position][-SEEN_KEPT:]
        ledger.memories[attempt.concept] = MemoryRec(memory, seen)
    if attempt.kind == "diagnostic":
        ledger.diagnosed[attempt.concept] = good
        touched |= _test_out(ledger, built, attempt, events)
    if attempt.run is not None:
        run = ledger.runs[attempt.run]
        run.answered[attempt.concept] = attempt.score
        if run.completed_at is None and set(run.answered) >= set(run.variants):
            _complete_run(ledger, built, run, attempt.at, events)
            touched |= set(built.curriculum.modules[built.module_slugs[run.module]].skills)
    after = ledger.domain_progress(built)
    if events.module_passed or events.tested_out:
        events.unlocked = [
            m
            for m in built.curriculum.path_order
            if not module_gate(built.curriculum, m, before).open and module_gate(built.curriculum, m, after).open
        ]
        _milestones(ledger, built, attempt.at, events)
    _levels(ledger, built, model, sorted(touched), attempt.at, events)
    return events


def _test_out(ledger: Ledger, built: Built, attempt: AttemptRec, events: Events) -> set[str]:
    """Mark the attempt's module tested out when all its concepts were shown in diagnostics."""
    key = built.concept_keys[attempt.concept]
    slug = built.curriculum.module_of(key)
    spec = built.curriculum.modules.get(slug)
    if spec is None:
        return set()
    shown = all(ledger.diagnosed.get(built.concept_ids[c]) for c in spec.concepts)
    pk = built.module_ids[slug]
    progress = ledger.progress.get(pk)
    if not shown or (progress and (progress.passed_at or progress.tested_out_at)):
        return set()
    progress = ledger.progress.setdefault(pk, ProgressRec(started_at=attempt.at))
    progress.tested_out_at = attempt.at
    events.tested_out.append(pk)
    return set(spec.skills)


def _complete_run(ledger: Ledger, built: Built, run: RunRec, at: datetime, events: Events) -> None:
    spec = built.curriculum.modules[built.module_slugs[run.module]]
    run.completed_at = at
    run.score = sum(run.answered.values()) / len(run.answered)
    run.passed = is_passing(run.score, spec.pass_score)
    progress = ledger.progress.setdefault(run.module, ProgressRec(started_at=run.started_at))
    progress.runs += 1
    progress.best_score = run.score if progress.best_score is None else max(progress.best_score, run.score)
    events.run_completed, events.run_score, events.run_passed = True, run.score, run.passed
    if run.passed and progress.passed_at is None:
        progress.passed_at = at
        events.module_passed = True


def _milestones(ledger: Ledger, built: Built, at: datetime, events: Events) -> None:
    done = {slug for slug, p in ledger.domain_progress(built).items() if p.done}
    for milestone, modules in built.milestones:
        if milestone not in ledger.milestones and set(modules) <= done:
            ledger.milestones[milestone] = at
            events.milestones.append(milestone)


def _levels(ledger: Ledger, built: Built, model: MemoryModel, skills: list[str], at: datetime, events: Events) -> None:
    progress = ledger.domain_progress(built)
    memories = ledger.domain_memories(built)
    c = built.curriculum
    for slug in skills:
        if slug not in built.skill_ids:
            continue
        level = skill_level(c, slug, progress, memories, model, at).level
        fades = fading_on([memories[k] for k in c.concepts_of_skill(slug) if k in memories], model)
        pk = built.skill_ids[slug]
        old = ledger.skills.get(pk)
        before = old.level if old else 0
        if old is None or old.level != level or old.fading_on != fades:
            reached = at if level != before or old is None else old.reached_at
            ledger.skills[pk] = SkillRec(level, reached, fades)
            events.skills.append(slug)
        if level != before:
            events.levels.append((slug, before, level))


def start_progress(ledger: Ledger, module: int, at: datetime) -> None:
    """A module counts as in progress from its first run."""
    ledger.progress.setdefault(module, ProgressRec(started_at=at))


def copy_run(run: RunRec) -> RunRec:
    return replace(run, variants=dict(run.variants), answered=dict(run.answered))
