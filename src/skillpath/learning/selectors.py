"""Reads of the learning app, each scoped to one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skillpath.content import models as cm
from skillpath.domain.gates import Gate, gates
from skillpath.domain.proficiency import SkillLevel, fading_since, skill_level
from skillpath.domain.queue import Kind, Queue, build_queue
from skillpath.domain.variants import next_variant
from skillpath.learning import models as lm
from skillpath.learning.curricula import Built, curriculum_for, memory_model
from skillpath.learning.persistence import ledger_load
from skillpath.people.models import Person


def person_zone(person: Person) -> ZoneInfo:
    for name in (person.timezone, person.organization.timezone, "UTC"):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")  # pragma: no cover - "UTC" always exists


def local_day_end(person: Person, now: datetime) -> datetime:
    """The end of the person's local day containing ``now`` (reviews due before it are due today)."""
    zone = person_zone(person)
    local = now.astimezone(zone)
    end = datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=zone)
    return end.astimezone(now.tzinfo)


def budget_minutes(person: Person) -> int:
    return person.daily_minutes or person.organization.daily_minutes


@dataclass(frozen=True)
class TodayItem:
    kind: str
    ref: str  # concept key or module slug
    title: str
    module: str  # module slug (the concept's module for reinforcement)
    module_title: str
    minutes: float
    recall: float | None
    early: bool
    continuing: bool


@dataclass(frozen=True)
class Today:
    items: list[TodayItem]
    minutes: float
    budget_minutes: int
    due_count: int
    deferred_count: int
    deferred_note: str | None
    next_module: str | None
    next_module_title: str | None


def queue_for_person(person: Person, *, now: datetime) -> Today:
    """What the person should do today within their time budget (a fixed number of queries)."""
    built = curriculum_for(person)
    ledger = ledger_load(person)
    progress = ledger.domain_progress(built)
    queue = build_queue(
        curriculum=built.curriculum,
        gates=gates(built.curriculum, progress),
        memories=ledger.domain_memories(built),
        model=memory_model(person.organization),
        now=now,
        day_end=local_day_end(person, now),
        budget_minutes=budget_minutes(person),
    )
    return _serialize(built, queue)


def _serialize(built: Built, queue: Queue) -> Today:
    c = built.curriculum
    items = []
    for item in queue.items:
        module = c.module_of(item.ref) if item.kind is Kind.REINFORCEMENT else item.ref
        title = c.concept_titles.get(item.ref, item.ref) if item.kind is Kind.REINFORCEMENT else c.title(item.ref)
        items.append(
            TodayItem(
                item.kind.value,
                item.ref,
                title,
                module,
                c.title(module),
                item.minutes,
                item.recall,
                item.early,
                item.continuing,
            )
        )
    nxt = queue.next_module
    return Today(
        items, queue.minutes, queue.budget_minutes, queue.due_count, len(queue.deferred), queue.deferred_note,
        nxt, c.title(nxt) if nxt else None,
    )  # fmt: skip


@dataclass(frozen=True)
class LevelExplanation:
    skill: str
    title: str
    level: SkillLevel
    fading_since: datetime | None


def level_explain(person: Person, skill: str, *, now: datetime) -> LevelExplanation | None:
    """Why the person's skill is at its level (None if the skill is not on their paths)."""
    built = curriculum_for(person)
    if skill not in built.curriculum.skills():
        return None
    ledger = ledger_load(person)
    model = memory_model(person.organization)
    memories = ledger.domain_memories(built)
    level = skill_level(built.curriculum, skill, ledger.domain_progress(built), memories, model, now)
    since = fading_since(built.curriculum, skill, memories, model, now) if level.fading else None
    return LevelExplanation(skill, built.curriculum.skill_titles.get(skill, skill), level, since)


def path_gates(person: Person) -> tuple[Built, dict[str, Gate]]:
    built = curriculum_for(person)
    return built, gates(built.curriculum, ledger_load(person).domain_progress(built))


def reinforcement_variant(person: Person, concept: str) -> cm.Variant | None:
    """The variant to show for a reinforcement of ``concept`` (a concept key): not the one seen last."""
    built = curriculum_for(person)
    pk = built.concept_ids.get(concept)
    if pk is None or pk not in built.variants:
        return None
    state = lm.MemoryState.objects.filter(person=person, concept_id=pk).values_list("variants_seen", flat=True).first()
    if state is None:
        return None
    position = next_variant(built.variants[pk], state)
    return cm.Variant.objects.filter(concept_id=pk, position=position).first()


def run_items(run: lm.ModuleRun) -> list[cm.Variant]:
    """The variants of a module check, in the module's concept order."""
    wanted = {int(concept): position for concept, position in run.variants.items()}
    variants = cm.Variant.objects.filter(concept_id__in=wanted).select_related("concept")
    chosen = [v for v in variants if wanted[v.concept_id] == v.position]
    return sorted(chosen, key=lambda v: v.concept.position)
