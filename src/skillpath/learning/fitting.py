"""Fit an organization's FSRS parameters to its own review history, and adopt them only if they predict better."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from skillpath.domain.fitting import FitReport, History, Review, fit_and_evaluate
from skillpath.domain.memory import Rating
from skillpath.learning import models as lm
from skillpath.learning.rebuild import rebuild_organization
from skillpath.people.models import Organization

HELD_OUT_SHARE = 0.2


@dataclass(frozen=True)
class OrganizationFit:
    report: FitReport
    split_at: datetime | None
    histories: int


def review_histories(org: Organization) -> list[History]:
    """Every (person, concept) review history of the organization, oldest first (one query)."""
    histories: dict[tuple[int, int], list[Review]] = {}
    rows = (
        lm.Attempt.objects.filter(organization=org)
        .order_by("id")
        .values_list("person_id", "concept_id", "submitted_at", "rating")
    )
    for person, concept, at, rating in rows.iterator(chunk_size=5000):
        histories.setdefault((person, concept), []).append(Review(at, Rating(rating)))
    return list(histories.values())


def held_out_split(histories: list[History]) -> datetime | None:
    """The moment after which the latest ``HELD_OUT_SHARE`` of reviews fall (they test the fit)."""
    times = sorted(review.at for history in histories for review in history)
    if len(times) < 10:
        return None
    return times[int(len(times) * (1 - HELD_OUT_SHARE))]


def organization_fit(org: Organization, *, now: datetime) -> OrganizationFit:
    """Fit on older reviews, compare on the newer ones, and adopt the fit only when its log loss is lower.

    Adopting rewrites every memory state with the new parameters (a rebuild), so schedules follow at once.
    """
    histories = review_histories(org)
    split_at = held_out_split(histories)
    if split_at is None:
        report = FitReport(tuple(org.memory_parameters or ()), float("nan"), float("nan"), False, 0, 0)
        return OrganizationFit(report, None, len(histories))
    report = fit_and_evaluate(histories, split_at=split_at)
    if report.adopted:
        with transaction.atomic():
            org.memory_parameters = list(report.parameters)
            org.memory_parameters_fitted_at = now
            org.save(update_fields=["memory_parameters", "memory_parameters_fitted_at"])
            rebuild_organization(org)
    return OrganizationFit(report, split_at, len(histories))
