"""Reads of the learning app, each scoped to one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from skillpath.content import models as cm
from skillpath.domain.curriculum import Curriculum
from skillpath.domain.gates import gates
from skillpath.domain.learner import LearnerState
from skillpath.domain.proficiency import SkillLevel, fading_since, skill_level
from skillpath.domain.queue import Kind, Queue, build_queue
from skillpath.domain.variants import next_variant
from skillpath.learning import models as lm
from skillpath.learning.curricula import content_index
from skillpath.learning.store import state_load, variants_seen
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


def review_share_of(person: Person) -> float | None:
    """The share of the daily budget the person keeps for reinforcement (None: automatic, reviews first)."""
    return None if person.plan_review_share is None else person.plan_review_share / 100


@dataclass(frozen=True)
class ShareChoice:
    percent: int  # kept for reinforcement
    new_percent: int
    review_minutes: int  # of the daily budget
    new_minutes: int
    selected: bool


def review_share_choices(budget: int, chosen: str) -> list[ShareChoice]:
    """The splits a person can choose, in minutes of their ``budget`` (``chosen``: the percent picked, as text)."""
    return [
        ShareChoice(p, 100 - p, round(budget * p / 100), budget - round(budget * p / 100), str(p) == chosen)
        for p in Person.REVIEW_SHARES
    ]


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
    review_budget_minutes: float | None = None  # reinforcement's part of the budget under a chosen split


def queue_for_person(person: Person, *, now: datetime, state: LearnerState | None = None) -> Today:
    """What the person should do today within their time budget (a fixed number of queries)."""
    state = state or state_load(person, checks=()).state
    queue = build_queue(
        curriculum=state.curriculum,
        gates=gates(state.curriculum, state.progress),
        memories=state.memory,
        model=state.model,
        now=now,
        day_end=local_day_end(person, now),
        budget_minutes=budget_minutes(person),
        review_share=review_share_of(person),
    )
    return _serialize(state.curriculum, queue)


def _serialize(c: Curriculum, queue: Queue) -> Today:
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
        items,
        queue.minutes,
        queue.budget_minutes,
        queue.due_count,
        len(queue.deferred),
        queue.deferred_note,
        nxt,
        c.title(nxt) if nxt else None,
        queue.review_budget_minutes,
    )


@dataclass(frozen=True)
class LevelExplanation:
    skill: str
    title: str
    level: SkillLevel
    fading_since: datetime | None


def level_explain(person: Person, skill: str, *, now: datetime) -> LevelExplanation | None:
    """Why the person's skill is at its level (None if the skill is not on their paths)."""
    state = state_load(person, checks=()).state
    c = state.curriculum
    if skill not in c.skills():
        return None
    level = skill_level(c, skill, state.progress, state.memory, state.model, now, observed=skill in state.observed)
    since = fading_since(c, skill, state.memory, state.model, now) if level.fading else None
    return LevelExplanation(skill, c.skill_titles.get(skill, skill), level, since)


def reinforcement_variant(person: Person, concept: str) -> cm.Variant | None:
    """The variant to show for a reinforcement of ``concept`` (a concept key): not the one seen last."""
    return reinforcement_item(person, concept)


def reinforcement_item(person: Person, concept: str, *, shown: str | None = None) -> cm.Variant | None:
    """The variant of a reinforcement of ``concept`` (a concept key); None if the person has not learned it.

    ``shown``: when an answer is posted, the variant its form showed (the rotation may have moved on since,
    e.g. on a resubmit); used when it is a live variant of the concept, else ignored. The answer's service then
    refuses it if the person has not learned the concept, so the variants they have seen are not read.
    """
    index = content_index(person)
    pk = index.concept_pks.get(concept)
    if pk is None or concept not in index.curriculum.variants:
        return None
    posted = _small_int(shown)
    if posted is not None and posted in index.variants and index.variants[posted].concept == concept:
        return index.variant_model(posted)
    seen = variants_seen(person, pk)
    if seen is None:
        return None
    return index.variant_model(index.variant_pks[(concept, next_variant(index.curriculum.variants[concept], seen))])


def _small_int(text: str | None) -> int | None:
    """A database id written in a form field, or None for anything else (``abc``, ``1e5``, ``²``, 5000 digits)."""
    if text is None or not (0 < len(text) <= 18 and text.isascii() and text.isdigit()):
        return None
    return int(text)


def check_items(check: lm.ModuleCheck) -> list[cm.Variant]:
    """The variants of a module check, in the module's concept order."""
    wanted = {int(concept): position for concept, position in check.variants.items()}
    variants = cm.Variant.objects.filter(concept_id__in=wanted).select_related("concept")
    chosen = [v for v in variants if wanted[v.concept_id] == v.position]
    return sorted(chosen, key=lambda v: v.concept.position)
