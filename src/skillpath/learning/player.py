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
from skillpath.learning.store import state_load
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
    loaded = state_load(person)
    state = loaded.state
    if slug not in state.curriculum.path_order:
        return None
    module = cm.Module.objects.select_related("package").get(pk=loaded.index.module_pks[slug])
    gate = module_gate(state.curriculum, slug, state.progress)
    blocks = []
    for i, block in enumerate(module.lesson):
        kind = next(iter(block))
        data = block[kind]
        if kind == "reveal":  # steps and timeline texts may use inline Markdown too
            data = [markdown_inline(step) for step in data]
        elif kind == "timeline":
            data = [{"label": step["label"], "text": markdown_inline(step["text"])} for step in data]
        blocks.append(LessonBlock(kind, module.lesson_html[i] if kind == "text" else None, data))
    own = state.progress.get(slug)
    open_check = state.open_check(slug)
    return ModulePage(
        slug, module.title, module.package.slug, module.minutes, percent(module.pass_score),
        len(state.curriculum.modules[slug].concepts), blocks, gate,
        percent(own.best_score) if own and own.best_score is not None else None,
        open_check.id if open_check else None,
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
    loaded = state_load(person, checks=[run_id])
    check = loaded.state.checks.get(run_id)
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
    run: UUID
    module: str
    module_title: str
    score_percent: int
    pass_percent: int
    passed: bool
    unlocked: list[tuple[str, str]]  # (slug, title) of modules this module opened
    first_review: datetime | None  # when the module's concepts first come back
    next_module: tuple[str, str] | None


def check_result(person: Person, run_id: UUID) -> CheckResult | None:
    loaded = state_load(person, checks=[run_id])
    state, c = loaded.state, loaded.state.curriculum
    check = state.checks.get(run_id)
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
    return CheckResult(
        check.id, slug, c.title(slug), percent(check.score), percent(c.modules[slug].pass_score), check.passed,
        unlocked, min(due) if due else None, (following, c.title(following)) if following else None,
    )  # fmt: skip
