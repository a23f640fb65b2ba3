"""A learner's derived state, and how one answer changes it.

``LearnerState`` is everything derived about one person from their answers: memory of each concept met,
standing on each module, level of each skill, milestones reached, the module checks under way and the
diagnostic answers. It is keyed by content ids (module ids, concept keys ``"<module>/<concept>"``, skill
ids, milestone keys ``"<role>/<milestone>"``); database keys never appear here.

``apply_answer`` is the one place where an answer changes the state. The live answer path (load, apply,
save) and ``skillpath rebuild`` (replay every stored answer from an empty state) both use it, so the
stored state is always what the answers imply. It calls the rules of ``gates``, ``checks``,
``proficiency`` and ``diagnostic`` instead of restating them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import assert_never
from uuid import UUID

from skillpath.domain.checking import CheckOutcome, check_outcome
from skillpath.domain.curriculum import Curriculum
from skillpath.domain.diagnostic import GOOD_SCORE, modules_tested_out
from skillpath.domain.diagnostic import Answer as DiagnosticAnswer
from skillpath.domain.gates import Progress, gates, newly_unlocked
from skillpath.domain.i18n import gettext
from skillpath.domain.memory import Memory, MemoryModel, Rating
from skillpath.domain.proficiency import earned_level, fading_on
from skillpath.domain.variants import next_variant

SEEN_KEPT = 20  # variant positions remembered per concept (to rotate variants)


class AnswerKind(StrEnum):
    CHECK = "check"  # an answer in a module's check, right after its lesson
    REINFORCEMENT = "reinforcement"  # a spaced reinforcement of a concept already learned
    DIAGNOSTIC = "diagnostic"  # a question of the skill-gap diagnostic


@dataclass(frozen=True)
class ConceptMemory:
    memory: Memory
    variants_seen: tuple[int, ...]  # positions shown, oldest first (the last ``SEEN_KEPT``)


@dataclass(frozen=True)
class ModuleRecord:
    """A person's standing on one module."""

    started_at: datetime
    best_score: float | None = None
    checks: int = 0  # completed checks
    passed_at: datetime | None = None
    tested_out_at: datetime | None = None

    @property
    def progress(self) -> Progress:
        return Progress(self.best_score, self.passed_at is not None, self.tested_out_at is not None, True)

    @property
    def done_at(self) -> datetime | None:
        return self.passed_at or self.tested_out_at


@dataclass(frozen=True)
class SkillRecord:
    level: int  # 0–4 as earned (fading is decided at the moment of asking)
    reached_at: datetime
    fading_on: datetime | None  # when mean predicted recall falls below the fading line without practice
    observed_at: datetime | None = None  # the first observation on the job that met the skill's rubric


@dataclass(frozen=True)
class Check:
    """One go at a module's check: the variant chosen for each concept, and the answers so far."""

    id: UUID
    module: str
    variants: Mapping[str, int]  # concept key → variant position (of its latest item)
    started_at: datetime
    scores: Mapping[str, tuple[float, ...]] = field(default_factory=dict)  # concept key → its scores, in order
    retry: tuple[str, ...] = ()  # concepts asked again (with another variant) before the check completes
    completed_at: datetime | None = None
    score: float | None = None
    passed: bool = False

    @property
    def pending(self) -> list[str]:
        """Concept keys still to answer, in the check's order (retries after the first round)."""
        first = [c for c in self.variants if c not in self.scores]
        return first + [c for c in self.retry if len(self.scores.get(c, ())) < 2]

    @property
    def answered(self) -> int:
        return sum(len(s) for s in self.scores.values())

    @property
    def items(self) -> int:
        """How many items the check has (its concepts, plus the retries once decided)."""
        return len(self.variants) + len(self.retry)


@dataclass(frozen=True)
class LearnerState:
    """Everything derived about one person's learning (immutable: ``apply_answer`` returns a new one)."""

    curriculum: Curriculum
    model: MemoryModel
    memories: Mapping[str, ConceptMemory] = field(default_factory=dict)
    modules: Mapping[str, ModuleRecord] = field(default_factory=dict)
    skills: Mapping[str, SkillRecord] = field(default_factory=dict)
    milestones: Mapping[str, datetime] = field(default_factory=dict)  # milestone key → reached at
    checks: Mapping[UUID, Check] = field(default_factory=dict)
    diagnosed: Mapping[str, tuple[bool, ...]] = field(default_factory=dict)  # concept key → good?, in order

    @cached_property
    def progress(self) -> dict[str, Progress]:
        """Module id → progress, for the gate and proficiency rules."""
        return {m: r.progress for m, r in self.modules.items()}

    @cached_property
    def observed(self) -> dict[str, datetime]:
        """Skill → when an observation on the job first met its rubric."""
        return {s: r.observed_at for s, r in self.skills.items() if r.observed_at is not None}

    @cached_property
    def memory(self) -> dict[str, Memory]:
        """Concept key → memory."""
        return {k: m.memory for k, m in self.memories.items()}

    def open_check(self, module: str) -> Check | None:
        return next((c for c in self.checks.values() if c.module == module and c.completed_at is None), None)


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    concept: str  # concept key
    variant: int  # the variant's position
    score: float
    rating: Rating
    at: datetime
    check: UUID | None = None  # the module check it belongs to (kind CHECK)

    @property
    def good(self) -> bool:
        """Good enough to show the concept in a diagnostic (and to seed its memory there)."""
        return self.score >= GOOD_SCORE


@dataclass(frozen=True)
class Changes:
    """What one answer changed: the records to write, and what to tell the learner."""

    memory: str | None = None  # concept key whose memory changed
    modules: tuple[str, ...] = ()  # module ids whose record changed
    skills: tuple[str, ...] = ()  # skill ids whose record changed (level or fading date)
    milestones: tuple[str, ...] = ()  # milestone keys newly reached
    check: Check | None = None  # the check after this answer (kind CHECK)
    check_outcome: CheckOutcome | None = None  # set when the answer completed the check
    module_passed: bool = False  # the check's module passed for the first time
    tested_out: tuple[str, ...] = ()  # module ids shown in the diagnostic
    unlocked: tuple[str, ...] = ()  # module ids that opened
    levels: tuple[tuple[str, int, int], ...] = ()  # (skill, before, after) for levels that changed


class AnswerRefused(ValueError):
    """The answer does not fit the state (e.g. a check that is complete); nothing changes."""


def apply_answer(state: LearnerState, answer: Answer) -> tuple[LearnerState, Changes]:
    """The state after ``answer``, and what changed."""
    c = state.curriculum
    memories = dict(state.memories)
    modules = dict(state.modules)
    touched = {c.concept_skill[answer.concept]}
    memory_changed = _review(state, memories, answer)
    checks, diagnosed = state.checks, state.diagnosed
    check: Check | None = None
    outcome: CheckOutcome | None = None
    passed_now = False
    tested_out: tuple[str, ...] = ()
    match answer.kind:
        case AnswerKind.CHECK:
            check, outcome = _check_answer(state, memories, answer)
            checks = {**state.checks, check.id: check}
            if outcome is not None:
                passed_now = _record_check(modules, c, check, outcome, answer.at)
                touched |= set(c.modules[check.module].skills)
        case AnswerKind.DIAGNOSTIC:
            diagnosed = {**state.diagnosed, answer.concept: (*state.diagnosed.get(answer.concept, ()), answer.good)}
            tested_out = _test_out(modules, c, diagnosed, answer)
            for module in tested_out:
                touched |= set(c.modules[module].skills)
        case AnswerKind.REINFORCEMENT:
            pass
        case _:  # pragma: no cover - every kind is handled above; mypy checks it
            assert_never(answer.kind)
    after = replace(state, memories=memories, modules=modules, checks=checks, diagnosed=diagnosed)
    unlocked: tuple[str, ...] = ()
    milestones: dict[str, datetime] = dict(state.milestones)
    reached: tuple[str, ...] = ()
    if passed_now or tested_out:
        unlocked = tuple(newly_unlocked(c, state.progress, after.progress))
        reached = _milestones(c, after.progress, milestones, answer.at)
    skills, changed_skills, levels = _levels(after, sorted(touched), answer.at)
    after = replace(after, skills=skills, milestones=milestones)
    changed_modules = tuple(m for m in modules if modules[m] is not state.modules.get(m))
    return after, Changes(
        memory=answer.concept if memory_changed else None,
        modules=changed_modules,
        skills=changed_skills,
        milestones=reached,
        check=check,
        check_outcome=outcome,
        module_passed=passed_now,
        tested_out=tested_out,
        unlocked=unlocked,
        levels=levels,
    )


def _review(state: LearnerState, memories: dict[str, ConceptMemory], answer: Answer) -> bool:
    """Review the concept's memory, unless the answer is a poor diagnostic answer to a concept never learned.

    A diagnostic answer is a retrieval like any other once the concept is known; before that, a poor one
    teaches nothing to remember (no feedback is given in the diagnostic), so it seeds no memory.
    """
    known = memories.get(answer.concept)
    if answer.kind is AnswerKind.DIAGNOSTIC and known is None and not answer.good:
        return False
    memory = state.model.review(known.memory if known else None, answer.rating, answer.at, concept=answer.concept)
    seen = (*(known.variants_seen if known else ()), answer.variant)[-SEEN_KEPT:]
    memories[answer.concept] = ConceptMemory(memory, seen)
    return True


def _check_answer(
    state: LearnerState, memories: Mapping[str, ConceptMemory], answer: Answer
) -> tuple[Check, CheckOutcome | None]:
    check = state.checks.get(answer.check) if answer.check is not None else None
    if check is None:
        raise AnswerRefused(gettext("no such module check; start the module again"))
    if check.completed_at is not None:
        raise AnswerRefused(gettext("this module check is already complete; start a new one to try again"))
    if answer.concept not in check.pending:
        raise AnswerRefused(gettext("this concept was already answered in this check"))
    if check.variants.get(answer.concept) != answer.variant:
        raise AnswerRefused(gettext("this activity is not part of the current module check"))
    scores = {**check.scores, answer.concept: (*check.scores.get(answer.concept, ()), answer.score)}
    c = state.curriculum
    outcome = check_outcome(tuple(check.variants), scores, c.modules[check.module].pass_score, c.concept_titles)
    again = tuple(k for k in outcome.another_go if k not in check.retry)
    variants = {**check.variants}
    for key in again:  # a concept below the floor gets another go, with a question not seen last
        variants[key] = next_variant(c.variants[key], memories[key].variants_seen if key in memories else ())
    check = replace(check, scores=scores, retry=check.retry + again, variants=variants)
    if not outcome.complete:
        return check, None
    assert outcome.score is not None
    return replace(check, completed_at=answer.at, score=outcome.score, passed=outcome.passed), outcome


def _record_check(
    modules: dict[str, ModuleRecord], c: Curriculum, check: Check, outcome: CheckOutcome, at: datetime
) -> bool:
    """Record a completed check on its module; True when it passed the module for the first time."""
    record = modules.get(check.module) or ModuleRecord(started_at=check.started_at)
    first_pass = outcome.passed and record.passed_at is None
    score = check.score if check.score is not None else 0.0
    best = score if record.best_score is None else max(record.best_score, score)
    modules[check.module] = replace(
        record, best_score=best, checks=record.checks + 1, passed_at=at if first_pass else record.passed_at
    )
    return first_pass


def _test_out(
    modules: dict[str, ModuleRecord], c: Curriculum, diagnosed: Mapping[str, tuple[bool, ...]], answer: Answer
) -> tuple[str, ...]:
    """Modules the diagnostic answers now show (tested out), if not already passed or tested out."""
    answers = [DiagnosticAnswer(k, good) for k, goods in diagnosed.items() for good in goods]
    shown = []
    for module in modules_tested_out(c, answers):
        record = modules.get(module)
        if record is not None and record.done_at is not None:
            continue
        modules[module] = replace(record or ModuleRecord(started_at=answer.at), tested_out_at=answer.at)
        shown.append(module)
    return tuple(shown)


def _milestones(
    c: Curriculum, progress: Mapping[str, Progress], reached: dict[str, datetime], at: datetime
) -> tuple[str, ...]:
    done = {m for m, p in progress.items() if p.done}
    new = [ms.key for ms in c.milestones if ms.key not in reached and set(ms.modules) <= done]
    for key in new:
        reached[key] = at
    return tuple(new)


def _levels(
    state: LearnerState, skills: list[str], at: datetime
) -> tuple[dict[str, SkillRecord], tuple[str, ...], tuple[tuple[str, int, int], ...]]:
    c = state.curriculum
    records = dict(state.skills)
    changed, levels = [], []
    for skill in skills:
        observed = skill in state.observed
        level = earned_level(c, skill, state.progress, state.memory, observed=observed)
        fades = fading_on([state.memory[k] for k in c.concepts_of_skill(skill) if k in state.memory], state.model)
        old = records.get(skill)
        before = old.level if old else 0
        if old is None or old.level != level or old.fading_on != fades:
            reached = at if old is None or level != before else old.reached_at
            records[skill] = SkillRecord(level, reached, fades, old.observed_at if old else None)
            changed.append(skill)
        if level != before:
            levels.append((skill, before, level))
    return records, tuple(changed), tuple(levels)


@dataclass(frozen=True)
class Observation:
    """An observation of a skill in real work, scored against the skill's rubric (1 not yet … 4 exemplary)."""

    skill: str
    scores: Mapping[str, int]  # criterion id → 1..4
    at: datetime

    @property
    def meets(self) -> bool:
        """Every criterion scored 3 (yes) or more: the observation counts as evidence for the rubric's levels."""
        return bool(self.scores) and min(self.scores.values()) >= OBSERVATION_MEETS


OBSERVATION_MEETS = 3


def apply_observation(state: LearnerState, observation: Observation) -> tuple[LearnerState, Changes]:
    """The state after an observation on the job: one that meets the rubric is evidence beside answers
    (a level that requires observation can now be reached); one that does not changes nothing."""
    skill = observation.skill
    if skill not in state.curriculum.skill_titles:
        raise AnswerRefused(gettext("skill '{skill}' is not on this person's paths").format(skill=skill))
    old = state.skills.get(skill)
    if not observation.meets or (old is not None and old.observed_at is not None):
        return state, Changes()
    record = old or SkillRecord(0, observation.at, None)
    after = replace(state, skills={**state.skills, skill: replace(record, observed_at=observation.at)})
    skills, _, levels = _levels(after, [skill], observation.at)
    return replace(after, skills=skills), Changes(skills=(skill,), levels=levels)


def start_check(state: LearnerState, module: str, *, check_id: UUID, at: datetime) -> tuple[LearnerState, Check]:
    """Open a check of ``module``: one variant per concept, a fresh one for concepts seen before.

    Raises ``AnswerRefused`` with the gate's reasons when the module is locked.
    """
    c = state.curriculum
    gate = gates(c, state.progress)[module] if module in c.path_order else None
    if gate is None:
        raise AnswerRefused(gettext("module '{module}' is not on your path").format(module=module))
    if not gate.open:
        raise AnswerRefused(gettext("This module is locked. {reasons}").format(reasons=" ".join(gate.reasons)))
    variants = {
        key: next_variant(c.variants[key], state.memories[key].variants_seen if key in state.memories else ())
        for key in c.modules[module].concepts
    }
    check = Check(check_id, module, variants, at)
    modules = dict(state.modules)
    modules.setdefault(module, ModuleRecord(started_at=at))
    return replace(state, checks={**state.checks, check_id: check}, modules=modules), check
