"""The nightly memory fit of an organization: load its reviews, fit, store what was adopted, rebuild.

The fit is :func:`skillpath.domain.scheduling.fit_organization` (organization parameters, personal
scales, concept difficulty, calibration; each adopted only when it predicts held-out reviews better by
more than noise). What it adopts is stored where :func:`skillpath.learning.memory_models.memory_model_for`
reads it: ``Organization.memory_parameters``, ``Person.memory_parameters`` (a personal scale),
:class:`~skillpath.learning.models.ConceptDifficulty` and :class:`~skillpath.learning.models.MemoryFit`
(calibration and the decisions, for admins). If anything changed, every memory state is rebuilt so
schedules follow at once, and ``Organization.memory_parameters_fitted_at`` moves (it versions the
organization's cached model).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from skillpath.content import models as cm
from skillpath.domain.diagnostic import GOOD_SCORE
from skillpath.domain.fitting import DEFAULTS, Review
from skillpath.domain.memory import Rating
from skillpath.domain.scheduling import FitProposal, fit_organization
from skillpath.domain.scheduling import OrganizationFit as DomainFit
from skillpath.learning import models as lm
from skillpath.learning.memory_models import fit_in_use, forget
from skillpath.learning.rebuild import rebuild_organization
from skillpath.people.models import Organization, Person

_SCALE_DIGITS = 4  # stored scales are rounded, so a refit on the same reviews changes nothing


@dataclass(frozen=True)
class OrganizationFit:
    """What the nightly fit found and did."""

    proposal: FitProposal[int, int]
    histories: int
    people: int
    changed: bool
    """Something stored changed (and every memory state was rebuilt with it)."""

    @property
    def split_at(self) -> datetime | None:
        return self.proposal.split_at

    @property
    def adopted(self) -> bool:
        return any(decision.adopted for decision in self.proposal.decisions)


def review_histories(org: Organization) -> dict[int, dict[int, list[Review]]]:
    """person pk → concept pk → the reviews that shaped that memory, oldest first (one query).

    The same reviews the ledger applies: a diagnostic answer counts only when it was good.
    """
    histories: dict[int, dict[int, list[Review]]] = {}
    rows = (
        lm.Attempt.objects.filter(organization=org)
        .exclude(kind=lm.Attempt.Kind.DIAGNOSTIC, score__lt=GOOD_SCORE)
        .order_by("id")
        .values_list("person_id", "concept_id", "submitted_at", "rating")
    )
    for person, concept, at, rating in rows.iterator(chunk_size=5000):
        histories.setdefault(person, {}).setdefault(concept, []).append(Review(at, Rating(rating)))
    return histories


def organization_fit(org: Organization, *, now: datetime) -> OrganizationFit:
    """Fit on every review up to ``now``, store what was adopted, and rebuild memory states if anything changed."""
    histories = review_histories(org)
    parameters, calibration = fit_in_use(org)
    # What is in use: the fresh fit is judged against it, and its parameters stay unless clearly beaten.
    current: DomainFit[int, int] = DomainFit(parameters, calibration)
    proposal: FitProposal[int, int] = fit_organization(histories, until=now, current=current)
    changed = _store(org, proposal, now)
    if changed:
        rebuild_organization(org)
    return OrganizationFit(proposal, sum(len(c) for c in histories.values()), len(histories), changed)


@transaction.atomic
def _store(org: Organization, proposal: FitProposal[int, int], now: datetime) -> bool:
    """Write the adopted fit; True when anything that schedules changed."""
    fit = proposal.fit
    parameters = list(fit.parameters) if fit.parameters != DEFAULTS else None
    calibration = (
        {"offset": round(fit.calibration.offset, _SCALE_DIGITS), "slope": round(fit.calibration.slope, _SCALE_DIGITS)}
        if fit.calibration is not None
        else None
    )
    record = lm.MemoryFit.objects.filter(organization=org).first()
    concepts = _concepts_changed(org, proposal, now)
    shared = org.memory_parameters != parameters or (record.calibration if record else None) != calibration
    lm.MemoryFit.objects.update_or_create(
        organization=org,
        defaults={
            "fitted_at": now,
            "calibration": calibration,
            "decisions": [{"part": str(d.part), "adopted": d.adopted, "reason": d.reason} for d in proposal.decisions],
            "reliability": [[b.low, b.high, b.reviews, b.predicted, b.observed] for b in proposal.held_out_after],
            "reviews": proposal.train_reviews + proposal.held_out_reviews,
        },
    )
    forget(org)
    if shared or concepts:
        org.memory_parameters = parameters
        org.memory_parameters_fitted_at = now
        org.save(update_fields=["memory_parameters", "memory_parameters_fitted_at"])
    return _people_changed(org, proposal) or shared or concepts


def _people_changed(org: Organization, proposal: FitProposal[int, int]) -> bool:
    people = []
    for person in Person.objects.filter(organization=org).only("pk", "memory_parameters"):
        scale = round(proposal.fit.people.get(person.pk, 1.0), _SCALE_DIGITS)
        reviews = proposal.scales.reviews.get(person.pk, 0)
        wanted = {"scale": scale, "reviews": reviews} if scale != 1.0 else None
        if (person.memory_parameters or {}).get("scale") != (wanted or {}).get("scale"):
            person.memory_parameters = wanted
            people.append(person)
    Person.objects.bulk_update(people, ["memory_parameters"], batch_size=1000)
    return bool(people)


def _concepts_changed(org: Organization, proposal: FitProposal[int, int], now: datetime) -> bool:
    wanted = {c: round(s, _SCALE_DIGITS) for c, s in proposal.fit.concepts.items() if not math.isclose(s, 1.0)}
    existing = set(cm.Concept.objects.filter(pk__in=list(wanted)).values_list("pk", flat=True))
    wanted = {c: s for c, s in wanted.items() if c in existing}  # a concept deleted since the reviews were read
    stored = dict(lm.ConceptDifficulty.objects.filter(organization=org).values_list("concept_id", "stability_scale"))
    if stored == wanted:
        return False
    lm.ConceptDifficulty.objects.filter(organization=org).delete()
    reviews = proposal.scales.concept_reviews
    lm.ConceptDifficulty.objects.bulk_create(
        [
            lm.ConceptDifficulty(
                organization=org, concept_id=c, stability_scale=s, reviews=reviews.get(c, 0), fitted_at=now
            )
            for c, s in wanted.items()
        ],
        batch_size=1000,
    )
    return True
