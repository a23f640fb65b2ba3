"""Desired retention for admins: the organization's workload / retention trade-off, and choosing a point on it.

:func:`retention_view` (selector) is what the organization settings page shows (the choice is saved, and
recorded, by ``skillpath.insights.organization.org_settings_update``);
the rule and the simulation are :mod:`skillpath.domain.retention`. Until the nightly fit has given the
organization a model of its own (``Organization.memory_parameters_fitted_at``), the default 0.90 stays
and cannot be changed: a trade-off computed from the defaults would say nothing about its people.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from skillpath.domain.queue import DEFAULT_REVIEW_SECONDS
from skillpath.domain.retention import RetentionPoint, minutes_per_day, recommended_retention, retention_tradeoff
from skillpath.learning import models as lm
from skillpath.learning.memory_models import memory_model_for
from skillpath.people.models import Organization, Person


class RetentionError(Exception):
    """A retention that cannot be set (the message says why and what to do)."""


@dataclass(frozen=True)
class RetentionView:
    current: float
    fitted_at: datetime | None
    """When the organization's model was fitted (``None``: not yet, the default stays)."""
    points: tuple[RetentionPoint, ...]
    recommended: float | None
    decisions: tuple[tuple[str, bool, str], ...]
    """The latest nightly fit's decisions: (part, adopted, reason)."""
    concepts_per_person: float = 0.0
    """Ideas a learner of the organization keeps in mind on average (memory states per person with any)."""
    seconds_per_review: float = DEFAULT_REVIEW_SECONDS
    """Mean time of the organization's reinforcement answers (the default until there are some)."""

    @property
    def can_choose(self) -> bool:
        return self.fitted_at is not None

    @property
    def rows(self) -> tuple[tuple[RetentionPoint, float], ...]:
        """Each point with its forecast review minutes per day per person."""
        return tuple(
            (p, minutes_per_day(p, concepts=self.concepts_per_person, seconds_per_review=self.seconds_per_review))
            for p in self.points
        )


_cache: OrderedDict[tuple[int, datetime], tuple[RetentionPoint, ...]] = OrderedDict()
_lock = Lock()


def retention_view(viewer: Person) -> RetentionView:
    """The viewer's organization's trade-off table and current choice (admins only: ``RetentionError`` otherwise)."""
    _require_admin(viewer)
    org = viewer.organization
    record = lm.MemoryFit.objects.filter(organization=org).values_list("decisions", flat=True).first() or []
    decisions = tuple((d["part"], bool(d["adopted"]), d["reason"]) for d in record)
    if org.memory_parameters_fitted_at is None:
        return RetentionView(org.desired_retention, None, (), None, decisions)
    points = _points(org)
    return RetentionView(
        org.desired_retention,
        org.memory_parameters_fitted_at,
        points,
        recommended_retention(list(points)),
        decisions,
        *_workload(org),
    )


def _workload(org: Organization) -> tuple[float, float]:
    """Ideas kept per person and seconds per reinforcement answer (two aggregate queries)."""
    memory = lm.MemoryState.objects.filter(organization=org).aggregate(
        states=Count("pk"), people=Count("person", distinct=True)
    )
    concepts = memory["states"] / memory["people"] if memory["people"] else 0.0
    seconds = lm.Attempt.objects.filter(
        organization=org, kind=lm.Attempt.Kind.REINFORCEMENT, duration_seconds__isnull=False
    ).aggregate(mean=Avg("duration_seconds"))["mean"]
    return concepts, seconds or DEFAULT_REVIEW_SECONDS


def _require_admin(viewer: Person) -> None:
    if not viewer.is_admin:
        raise RetentionError(_("only an organization's admins can see or change its desired retention"))


def _points(org: Organization) -> tuple[RetentionPoint, ...]:
    assert org.memory_parameters_fitted_at is not None
    key = (org.pk, org.memory_parameters_fitted_at)
    with _lock:
        if key in _cache:
            return _cache[key]
    points = tuple(retention_tradeoff(memory_model_for(org)))
    with _lock:
        _cache[key] = points
        while len(_cache) > 32:
            _cache.popitem(last=False)
    return points
