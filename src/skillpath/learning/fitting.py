"""Fit an organization's FSRS parameters, and each person's own on top, to the organization's review history.

The nightly fit is :func:`skillpath.domain.personal.fit_memory`. The organization's parameters are
adopted only when they predict the latest reviews clearly and materially better than the defaults.
Each person then gets a personal scale on top of the organization's parameters when their own reviews
support one. If anything changed, every memory state is rebuilt with the new parameters, so schedules
follow at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from skillpath.domain.fitting import FitReport, History, Review
from skillpath.domain.memory import Rating
from skillpath.domain.personal import MemoryFit, PersonalFit, fit_memory
from skillpath.learning import models as lm
from skillpath.learning.rebuild import rebuild_organization
from skillpath.people.models import Organization, Person

HELD_OUT_SHARE = 0.2


@dataclass(frozen=True)
class PersonFit:
    person_id: int
    name: str
    fit: PersonalFit


@dataclass(frozen=True)
class OrganizationFit:
    report: FitReport
    split_at: datetime | None
    histories: int
    people: tuple[PersonFit, ...] = ()
    spread: float = 0.0
    """Estimated spread of ``ln k`` between the organization's people (0 = they do not measurably differ)."""
    rebuilt: bool = False
    """Parameters changed (the organization's or someone's), so every memory state was recomputed."""

    @property
    def personal(self) -> tuple[PersonFit, ...]:
        """The people who were given personal parameters."""
        return tuple(person for person in self.people if person.fit.adopted)


def review_histories(org: Organization) -> dict[int, list[History]]:
    """Every person's (concept) review histories in the organization, oldest first (one query)."""
    histories: dict[int, dict[int, list[Review]]] = {}
    rows = (
        lm.Attempt.objects.filter(organization=org)
        .order_by("id")
        .values_list("person_id", "concept_id", "submitted_at", "rating")
    )
    for person, concept, at, rating in rows.iterator(chunk_size=5000):
        histories.setdefault(person, {}).setdefault(concept, []).append(Review(at, Rating(rating)))
    return {person: list(concepts.values()) for person, concepts in histories.items()}


def held_out_split(histories: list[History]) -> datetime | None:
    """The moment after which the latest ``HELD_OUT_SHARE`` of reviews fall (they test the fit)."""
    times = sorted(review.at for history in histories for review in history)
    if len(times) < 10:
        return None
    return times[int(len(times) * (1 - HELD_OUT_SHARE))]


def organization_fit(org: Organization, *, now: datetime) -> OrganizationFit:
    """Fit on older reviews, test on newer ones, and adopt the organization's and people's parameters that pass.

    Adopting rewrites every memory state with the new parameters (a rebuild), so schedules follow at once.
    """
    by_person = review_histories(org)
    pooled = [history for histories in by_person.values() for history in histories]
    split_at = held_out_split(pooled)
    if split_at is None:
        report = FitReport(tuple(org.memory_parameters or ()), float("nan"), float("nan"), False, 0, 0)
        return OrganizationFit(report, None, len(pooled))
    fit = fit_memory(by_person, split_at=split_at)
    names = dict(Person.objects.filter(organization=org, pk__in=fit.people).values_list("pk", "name"))
    people = tuple(
        sorted((PersonFit(pk, names[pk], personal) for pk, personal in fit.people.items()), key=lambda p: p.name)
    )
    rebuilt = _adopt(org, fit, now)
    return OrganizationFit(fit.organization, split_at, len(pooled), people, fit.spread, rebuilt)


@transaction.atomic
def _adopt(org: Organization, fit: MemoryFit[int], now: datetime) -> bool:
    """Store the organization's and everyone's parameters; rebuild memory states if any changed."""
    parameters = list(fit.parameters) if fit.parameters is not None else None
    changed = org.memory_parameters != parameters
    if changed:
        org.memory_parameters = parameters
        org.memory_parameters_fitted_at = now if parameters is not None else None
        org.save(update_fields=["memory_parameters", "memory_parameters_fitted_at"])
    people = []
    for person in Person.objects.filter(organization=org).only("pk", "memory_parameters"):
        personal = fit.people.get(person.pk)
        wanted = list(personal.parameters) if personal is not None and personal.parameters is not None else None
        if person.memory_parameters != wanted:
            person.memory_parameters = wanted
            people.append(person)
    Person.objects.bulk_update(people, ["memory_parameters"])
    if changed or people:
        rebuild_organization(org)
    return changed or bool(people)
