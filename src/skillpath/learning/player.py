"""Read models of the module player: a module's lesson, the state of a check, and its result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from skillpath.content import models as cm
from skillpath.content.localizing import concept_title, content_language, module_text
from skillpath.content.rendering import markdown_inline
from skillpath.domain.celebration import Moment, moments
from skillpath.domain.checking import check_outcome
from skillpath.domain.curriculum import percent
from skillpath.domain.gates import Gate, module_gate
from skillpath.domain.grading import Grade
from skillpath.domain.retakes import RetakeGate
from skillpath.learning import models as lm
from skillpath.learning.curricula import curriculum_for
from skillpath.learning.services import SubmitResult, regrade, retake_gate_for
from skillpath.learning.store import state_load
from skillpath.people.models import Person


@dataclass(frozen=True)
class LessonBlock:
    kind: str  # text, reveal, timeline, image, video
    html: str | None  # text blocks, sanitised
    data: Any  # the block's own value (list of steps, {src, alt}, ...)


def lesson_blocks(lesson: list[dict[str, Any]], html: list[str | None]) -> list[LessonBlock]:
    """A lesson's blocks as the lesson template shows them (``html``: each text block rendered on import)."""
    blocks = []
    for i, block in enumerate(lesson):
        kind = next(iter(block))
        data = block[kind]
        if kind == "reveal":  # steps and timeline texts may use inline Markdown too
            data = [markdown_inline(step) for step in data]
        elif kind == "timeline":
            data = [{"label": step["label"], "text": markdown_inline(step["text"])} for step in data]
        blocks.append(LessonBlock(kind, html[i] if kind == "text" else None, data))
    return blocks


@dataclass(frozen=True)
class ModulePage:
    slug: str
    title: str
    package: str
    minutes: int
    pass_percent: int
    concepts: int
    lesson: list[LessonBlock]
    gate: Gate
    best_percent: int | None
    open_check: UUID | None
    retake: RetakeGate | None  # after a failed check: whether (and when) the retake opens
    failed_check: UUID | None  # the latest failed check, to review what was missed


def module_page(person: Person, slug: str, *, now: datetime) -> ModulePage | None:
    """A module on the person's paths, with its lesson and the person's standing (None if not theirs)."""
    loaded = state_load(person)
    state = loaded.state
    if slug not in state.curriculum.path_order:
        return None
    module = cm.Module.objects.select_related("package").get(pk=loaded.index.module_pks[slug])
    gate = module_gate(state.curriculum, slug, state.progress)
    title, lesson, html = module_text(module, content_language())
    blocks = lesson_blocks(lesson, html)
    own = state.progress.get(slug)
    open_check = state.open_check(slug)
    retake = None if open_check else retake_gate_for(person, loaded.index, slug, state, now=now)
    failed = (
        lm.ModuleCheck.objects.filter(person=person, module_id=module.pk, completed_at__isnull=False, passed=False)
        .order_by("-completed_at")
        .values_list("pk", flat=True)
        .first()
        if retake is not None
        else None
    )
    return ModulePage(
        slug,
        title,
        module.package.slug,
        module.minutes,
        percent(module.pass_score),
        len(state.curriculum.modules[slug].concepts),
        blocks,
        gate,
        percent(own.best_score) if own and own.best_score is not None else None,
        open_check.id if open_check else None,
        retake,
        failed,
    )


@dataclass(frozen=True)
class CheckPage:
    check: UUID
    module: str
    module_title: str
    total: int
    answered: int
    next_variant: cm.Variant | None  # None when the check is complete


def check_page(person: Person, check_id: UUID) -> CheckPage | None:
    """The person's own module check: how far it is and what comes next (None for anyone else's)."""
    loaded = state_load(person, checks=[check_id])
    check = loaded.state.checks.get(check_id)
    if check is None:
        return None
    pending = check.pending if check.completed_at is None else []
    variant = None
    if pending:
        pk = loaded.index.variant_pks[(pending[0], check.variants[pending[0]])]
        variant = cm.Variant.objects.select_related("concept").filter(pk=pk).first()
    title = loaded.state.curriculum.title(check.module)
    return CheckPage(check.id, check.module, title, check.items, check.answered, variant)


@dataclass(frozen=True)
class CheckResult:
    check: UUID
    module: str
    module_title: str
    score_percent: int
    pass_percent: int
    passed: bool
    unlocked: list[tuple[str, str]]  # (slug, title) of the open modules that require this one
    first_review: datetime | None  # when the module's concepts first come back
    next_module: tuple[str, str] | None
    reason: str  # the verdict in words (which ideas stayed below the floor, the score against the pass mark)
    unlocked_now: bool = False  # this check opened them (its first pass); else they were open before


def check_result(person: Person, check_id: UUID) -> CheckResult | None:
    loaded = state_load(person, checks=[check_id])
    state, c = loaded.state, loaded.state.curriculum
    check = state.checks.get(check_id)
    if check is None or check.completed_at is None or check.score is None:
        return None
    slug = check.module
    unlocked = [
        (m, c.title(m))
        for m in c.path_order
        if slug in c.modules[m].requires and module_gate(c, m, state.progress).open
    ]
    due = [state.memories[k].memory.due for k in c.modules[slug].concepts if k in state.memories]
    following = next(
        (
            m
            for m in c.path_order
            if m != slug and module_gate(c, m, state.progress).status.value in ("available", "in_progress")
        ),
        None,
    )
    record = state.modules.get(slug)
    return CheckResult(
        check.id,
        slug,
        c.title(slug),
        percent(check.score),
        percent(c.modules[slug].pass_score),
        check.passed,
        unlocked,
        min(due) if due else None,
        (following, c.title(following)) if following else None,
        check_outcome(tuple(check.variants), check.scores, c.modules[slug].pass_score, c.concept_titles).reason,
        record is not None and record.passed_at == check.completed_at and record.tested_out_at is None,
    )


@dataclass(frozen=True)
class ReviewItem:
    concept_title: str
    variant: cm.Variant
    response: dict[str, Any]  # what the learner answered
    grade: Grade  # the learner's answer, graded again (with its feedback)


@dataclass(frozen=True)
class CheckReview:
    check: UUID
    module: str
    module_title: str
    score_percent: int
    reviewed: bool
    items: list[ReviewItem]  # the answers below full marks, in the order given


def check_review(person: Person, check_id: UUID) -> CheckReview | None:
    """What the person missed in their own failed check (None for a check that is not theirs or passed)."""
    check = (
        lm.ModuleCheck.objects.filter(pk=check_id, person=person, completed_at__isnull=False, passed=False)
        .select_related("module")
        .first()
    )
    if check is None or check.score is None:
        return None
    attempts = lm.Attempt.objects.filter(module_check=check).select_related("variant__concept").order_by("id")
    language = content_language()
    items = [
        ReviewItem(
            concept_title(a.variant.concept, language), a.variant, a.response, regrade(a.variant, a.response, language)
        )
        for a in attempts
        if a.score < 1
    ]
    title = module_text(check.module, language)[0]
    return CheckReview(check.pk, check.module.slug, title, percent(check.score), check.reviewed_at is not None, items)


def answer_moments(person: Person, result: SubmitResult) -> tuple[Moment, ...]:
    """What the answer gives the learner to celebrate (a milestone, a level, a passed check, an unlock), read from
    the changes ``apply_answer`` returned; no query unless there is something (then the cached curriculum)."""
    changes = result.events
    if not (changes.milestones or changes.levels or changes.unlocked or changes.check_outcome):
        return ()
    return moments(changes, curriculum_for(person))
