"""Observations on the job: a manager (or a named reviewer) scores a person's skill in real work against the
skill's rubric (authored in the package). Each is stored append-only and enters the learner state through the
pure ``apply_observation``, beside answers; ``skillpath rebuild`` replays both. The caller checks who may
observe whom (``skillpath.coaching``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillpath.content import models as cm
from skillpath.domain.learner import OBSERVATION_MEETS, AnswerRefused, Observation, apply_observation
from skillpath.learning import models as lm
from skillpath.learning.curricula import content_index
from skillpath.learning.followups import progressed
from skillpath.learning.store import person_lock, state_load, state_save
from skillpath.people.models import Person

# Lazy: each label is in the language of the page that shows it.
SCORE_LABELS = cast(
    "dict[int, str]",
    {1: gettext_lazy("not yet"), 2: gettext_lazy("partly"), 3: gettext_lazy("yes"), 4: gettext_lazy("exemplary")},
)


class ObservationInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class RubricView:
    skill: str
    title: str
    criteria: tuple[Criterion, ...]
    required_for: int | None


def rubrics_of(person: Person, skills: list[str]) -> list[RubricView]:
    """The rubrics of ``skills`` (slugs, e.g. those on the person's paths) in the person's organization (1 query)."""
    rows = cm.Skill.objects.filter(organization_id=person.organization_id, slug__in=skills, retired_at=None)
    views = []
    for s in rows.order_by("title"):
        rubric: dict[str, Any] = s.rubric or {}
        if rubric.get("criteria"):
            criteria = tuple(Criterion(c["id"], c["title"], c.get("description", "")) for c in rubric["criteria"])
            views.append(RubricView(s.slug, s.title, criteria, rubric.get("required_for")))
    return views


@dataclass(frozen=True)
class ObservationView:
    skill: str
    skill_title: str
    observer: str
    observed_on: date
    meets: bool
    scores: tuple[tuple[str, int, str], ...]  # (criterion title, score, its label)
    note: str


def observations_of(person: Person) -> list[ObservationView]:
    """The person's observations, newest first (1 query)."""
    rows = lm.Observation.objects.filter(person=person).select_related("skill", "observer")
    views = []
    for o in rows:
        titles = {c["id"]: c["title"] for c in (o.skill.rubric or {}).get("criteria", [])}
        scores = tuple((titles.get(k, k), v, str(SCORE_LABELS.get(v, ""))) for k, v in o.scores.items())
        views.append(
            ObservationView(
                o.skill.slug,
                o.skill.title,
                o.observer.name if o.observer else "",
                o.observed_on,
                o.meets,
                scores,
                o.note,
            )
        )
    return views


@dataclass(frozen=True)
class ObservationResult:
    meets: bool
    levels: tuple[tuple[str, int, int], ...]  # (skill, before, after) that changed


def _scores(rubric: RubricView, data: Mapping[str, str], errors: dict[str, str]) -> dict[str, int]:
    scores = {}
    for c in rubric.criteria:
        text = data.get(f"score:{c.id}", "")
        if text not in ("1", "2", "3", "4"):
            errors[f"score:{c.id}"] = _("score “{criterion}” from 1 (not yet) to 4 (exemplary)").format(
                criterion=c.title
            )
        else:
            scores[c.id] = int(text)
    return scores


def observation_record(
    person: Person, observer: Person, data: Mapping[str, str], *, observed_on: date, now: datetime
) -> ObservationResult:
    """Record an observation of ``data["skill"]`` scored per criterion (``score:<criterion>`` = 1..4, and an
    optional ``note``), and apply it to the person's learner state, all in one transaction."""
    errors: dict[str, str] = {}
    rubric = next(iter(rubrics_of(person, [data.get("skill", "")])), None)
    if rubric is None:
        raise ObservationInvalid({"skill": _("choose a skill that has an observation rubric")})
    scores = _scores(rubric, data, errors)
    note = data.get("note", "").strip()
    if len(note) > 1000:
        errors["note"] = _("keep the note within 1000 characters (it has {count})").format(count=len(note))
    if errors:
        raise ObservationInvalid(errors)
    meets = min(scores.values()) >= OBSERVATION_MEETS
    with transaction.atomic():
        person_lock(person)
        index = content_index(person)
        if rubric.skill not in index.skill_pks:
            raise ObservationInvalid({"skill": _("this skill is not on the person's paths")})
        before = state_load(person, checks=(), skills=[rubric.skill], index=index).state
        try:
            after, changes = apply_observation(before, Observation(rubric.skill, scores, now))
        except AnswerRefused as exc:  # pragma: no cover - the skill was checked against the index above
            raise ObservationInvalid({"skill": str(exc)}) from exc
        lm.Observation.objects.create(
            organization_id=person.organization_id,
            person=person,
            observer=observer,
            skill_id=index.skill_pks[rubric.skill],
            scores=scores,
            meets=meets,
            note=note,
            observed_on=observed_on,
            recorded_at=now,
        )
        if changes.skills:
            state_save(person, index, before, after, changes)
        if changes.levels:
            progressed(person.pk, now)
    return ObservationResult(meets, changes.levels)
