"""Desired retention for admins: the organization's workload / retention trade-off, and choosing a point on it.

:func:`retention_view` (selector) and :func:`retention_set` (service) are what a settings page uses;
the rule and the simulation are :mod:`skillpath.domain.retention`. Until the nightly fit has given the
organization a model of its own (``Organization.memory_parameters_fitted_at``), the default 0.90 stays
and cannot be changed: a trade-off computed from the defaults would say nothing about its people.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.db import transaction

from skillpath.domain.memory import DEFAULT_RETENTION
from skillpath.domain.retention import CHOICES, RetentionPoint, recommended_retention, retention_tradeoff
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

    @property
    def can_choose(self) -> bool:
        return self.fitted_at is not None


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
        org.desired_retention, org.memory_parameters_fitted_at, points, recommended_retention(list(points)), decisions
    )


@transaction.atomic
def retention_set(viewer: Person, value: str) -> float:
    """Set the viewer's organization's desired retention to one of ``CHOICES`` (a string from a form)."""
    _require_admin(viewer)
    org = Organization.objects.select_for_update().get(pk=viewer.organization_id)
    try:
        retention = round(float(value), 2)
    except ValueError:
        raise RetentionError(f"desired retention '{value}' is not a number; pick one of the rows") from None
    if retention not in CHOICES:
        listed = ", ".join(f"{c:.2f}" for c in CHOICES)
        raise RetentionError(f"desired retention {retention:.2f} is not offered; pick one of {listed}")
    if org.memory_parameters_fitted_at is None and retention != DEFAULT_RETENTION:
        raise RetentionError(
            "your organization keeps 0.90 until the nightly fit has a model of its own people "
            "(it needs a few hundred spaced reviews); come back after it has run"
        )
    org.desired_retention = retention
    org.save(update_fields=["desired_retention"])
    return retention


def _require_admin(viewer: Person) -> None:
    if not viewer.is_admin:
        raise RetentionError("only an organization's admins can see or change its desired retention")


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
