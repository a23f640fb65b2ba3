"""Read models of the module player: a module's lesson, the state of a check, and its result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from skillpath.content import models as cm
from skillpath.content.rendering import markdown_inline
from skillpath.domain.curriculum import percent
from skillpath.domain.gates import Gate, module_gate
from skillpath.learning import models as lm
from skillpath.learning.curricula import curriculum_for
from skillpath.learning.persistence import ledger_load
from skillpath.learning.selectors import run_items
from skillpath.people.models import Person


@dataclass(frozen=True)
class LessonBlock:
    kind: str  # text, reveal, timeline, image, video
    html: str | None  # text blocks, sanitised
    data: Any  # the block's own value (list of steps, {src, alt}, ...)


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
    open_run: UUID | None


def module_page(person: Person, slug: str) -> ModulePage | None:
    """A module on the person's paths, with its lesson and the person's standing (None if not theirs)."""
    built = curriculum_for(person)
    if slug not in built.curriculum.path_order:
        return None
    module = cm.Module.objects.select_related("package").get(pk=built.module_ids[slug])
    ledger = ledger_load(person)
    progress = ledger.domain_progress(built)
    gate = module_gate(built.curriculum, slug, progress)
    blocks = []
    for i, block in enumerate(module.lesson):
        kind = next(iter(block))
        data = block[kind]
        if kind == "reveal":  # steps and timeline texts may use inline Markdown too
            data = [markdown_inline(step) for step in data]
        elif kind == "timeline":
            data = [{"label": step["label"], "text": markdown_inline(step["text"])} for step in data]
        blocks.append(LessonBlock(kind, module.lesson_html[i] if kind == "text" else None, data))
    own = progress.get(slug)
    open_run = lm.ModuleRun.objects.filter(person=person, module=module, completed_at=None).values_list("pk", flat=True)
    return ModulePage(
        slug, module.title, module.package.slug, module.minutes, percent(module.pass_score),
        len(built.curriculum.modules[slug].concepts), blocks, gate,
        percent(own.best_score) if own and own.best_score is not None else None, open_run.first(),
    )  # fmt: skip


@dataclass(frozen=True)
class CheckPage:
    run: UUID
    module: str
    module_title: str
    total: int
    answered: int
    next_variant: cm.Variant | None  # None when the check is complete


def check_page(person: Person, run_id: UUID) -> CheckPage | None:
    """The person's own module check: how far it is and what comes next (None for anyone else's)."""
    run = lm.ModuleRun.objects.filter(pk=run_id, person=person).select_related("module").first()
    if run is None:
        return None
    items = run_items(run)
    answered = set(lm.Attempt.objects.filter(run=run).values_list("concept_id", flat=True))
    pending = [v for v in items if v.concept_id not in answered]
    return CheckPage(run.pk, run.module.slug, run.module.title, len(items), len(items) - len(pending),
                     pending[0] if pending else None)  # fmt: skip


@dataclass(frozen=True)
class CheckResult:
    run: UUID
    module: str
    module_title: str
    score_percent: int
    pass_percent: int
    passed: bool
    unlocked: list[tuple[str, str]]  # (slug, title) of the open modules that require this one
    first_review: datetime | None  # when the module's concepts first come back
    next_module: tuple[str, str] | None
    unlocked_now: bool = False  # this check opened them (its first pass); else they were open before


def check_result(person: Person, run_id: UUID) -> CheckResult | None:
    run = (
        lm.ModuleRun.objects.filter(pk=run_id, person=person, completed_at__isnull=False)
        .select_related("module")
        .first()
    )
    if run is None or run.score is None:
        return None
    built = curriculum_for(person)
    c = built.curriculum
    progress = ledger_load(person).domain_progress(built)
    slug = run.module.slug
    unlocked = [
        (m, c.title(m)) for m in c.path_order if slug in c.modules[m].requires and module_gate(c, m, progress).open
    ]
    concepts = [built.concept_ids[k] for k in c.modules[slug].concepts] if slug in c.modules else []
    due = (
        lm.MemoryState.objects.filter(person=person, concept_id__in=concepts)
        .order_by("due")
        .values_list("due", flat=True)
    )
    following = next(
        (
            m
            for m in c.path_order
            if m != slug and module_gate(c, m, progress).status.value in ("available", "in_progress")
        ),
        None,
    )
    own = progress.get(slug)
    earlier_pass = lm.ModuleRun.objects.filter(
        person=person, module=run.module, passed=True, completed_at__lt=run.completed_at
    )
    unlocked_now = bool(run.passed and not (own and own.tested_out) and not earlier_pass.exists())
    return CheckResult(
        run.pk, slug, run.module.title, percent(run.score), percent(run.module.pass_score), run.passed, unlocked,
        due.first(), (following, c.title(following)) if following else None, unlocked_now,
    )  # fmt: skip
