"""The one place production gets a memory model: :func:`memory_model_for`.

It puts together what the nightly fit stored (:mod:`skillpath.learning.fitting`): the organization's
FSRS parameters, calibration and concept difficulties (cached per process, keyed by the organization's
``memory_parameters_fitted_at`` stamp, so a new fit is picked up by every process without asking the
database each time), the person's own scale, and the organization's desired retention.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.utils.translation import gettext as _

from skillpath.domain.calibration import Calibration
from skillpath.domain.curriculum import concept_key
from skillpath.domain.fitting import DEFAULTS
from skillpath.domain.memory import MemoryModel
from skillpath.learning import models as lm
from skillpath.people.models import Organization, Person

CACHE_SIZE = 64
_NOTICEABLE = 0.1
"""A personal scale within 10 % of the organization's is not worth a sentence on the Skills page."""


@dataclass(frozen=True)
class _Shared:
    parameters: tuple[float, ...]
    calibration: Calibration | None
    concepts: Mapping[str, float]


_cache: OrderedDict[tuple[int, datetime], _Shared] = OrderedDict()
_lock = Lock()


def memory_model_for(owner: Person | Organization) -> MemoryModel:
    """The model to schedule a person with (or, given an organization, its model without a personal scale).

    No query when the organization was loaded with the person and its fit is cached (2 queries otherwise).
    """
    org = owner.organization if isinstance(owner, Person) else owner
    shared = _shared(org)
    return MemoryModel(
        parameters=shared.parameters,
        desired_retention=org.desired_retention,
        scale=personal_scale(owner) if isinstance(owner, Person) else 1.0,
        concept_scales=shared.concepts,
        calibration=shared.calibration,
    )


def fit_in_use(org: Organization) -> tuple[tuple[float, ...], Calibration | None]:
    """The organization's FSRS parameters and calibration in use (what the next nightly fit starts from)."""
    shared = _shared(org)
    return shared.parameters, shared.calibration


def personal_scale(person: Person) -> float:
    """How many times as long this person's memories last as the organization's (1 = no personal fit)."""
    stored = person.memory_parameters
    if isinstance(stored, dict) and isinstance(stored.get("scale"), int | float) and stored["scale"] > 0:
        return float(stored["scale"])
    return 1.0


def memory_explanation(person: Person) -> str | None:
    """A plain-words sentence about the person's personal scale for the Skills page (``None`` when unremarkable)."""
    scale = personal_scale(person)
    if abs(scale - 1.0) < _NOTICEABLE:
        return None
    if scale > 1:
        return _(
            "You tend to keep ideas longer than most people here: reviews are spaced a little wider for you "
            "(about {scale}× as long)."
        ).format(scale=f"{scale:.1f}")
    return _(
        "Ideas tend to fade a little sooner for you than for most people here: reviews come back a little "
        "sooner for you (after about {percent} of the usual time), so they stick."
    ).format(percent=f"{scale:.0%}")


def forget(org: Organization) -> None:
    """Drop the organization's cached fit (the nightly fit calls it after storing a new one)."""
    with _lock:
        for key in [key for key in _cache if key[0] == org.pk]:
            del _cache[key]


def _shared(org: Organization) -> _Shared:
    stamp = org.memory_parameters_fitted_at
    if stamp is None:
        return _Shared(tuple(org.memory_parameters) if org.memory_parameters else DEFAULTS, None, {})
    key = (org.pk, stamp)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    record = lm.MemoryFit.objects.filter(organization=org).values_list("calibration", flat=True).first()
    rows = lm.ConceptDifficulty.objects.filter(organization=org).values_list(
        "concept__module__slug", "concept__slug", "stability_scale"
    )
    shared = _Shared(
        tuple(org.memory_parameters) if org.memory_parameters else DEFAULTS,
        Calibration(record["offset"], record["slope"]) if isinstance(record, dict) else None,
        {concept_key(module, concept): scale for module, concept, scale in rows},
    )
    with _lock:
        _cache[key] = shared
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return shared
