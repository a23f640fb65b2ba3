"""Computing an organization's item analytics from its attempts (nightly, ``skillpath analytics``, the demo).

One streaming pass over the attempts, ordered by person, concept and time (the ``(person, concept)``
index), feeds each (person, concept) history to :class:`skillpath.domain.itemstats.ItemAnalysis`; only
running totals are kept, so a year of answers of a thousand people needs no more memory than its
variants and concepts. The organization's rows are then replaced in one short transaction.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any, cast

from django.db import transaction

from skillpath.analytics.models import AnalyticsRefresh, ConceptCalibration, ItemStats
from skillpath.content import models as cm
from skillpath.domain.content.model import Activity
from skillpath.domain.curriculum import concept_key
from skillpath.domain.itemstats import Answer, ItemAnalysis, item_flags, picks_of
from skillpath.learning import models as lm
from skillpath.learning.curricula import ACTIVITY
from skillpath.learning.memory_models import memory_model_for, personal_scale
from skillpath.people.models import Organization, Person

CHUNK = 5000
_ROW = (
    "person_id",
    "concept_id",
    "variant_id",
    "submitted_at",
    "score",
    "rating",
    "duration_seconds",
    "module_check__score",
    "response",
)


@dataclass(frozen=True)
class RefreshResult:
    answers: int
    variants: int
    concepts: int
    seconds: float


def analytics_refresh(org: Organization, *, now: datetime) -> RefreshResult:
    """Recompute ``org``'s item statistics and per-concept calibration from all its attempts."""
    started = time.perf_counter()
    model = memory_model_for(org)
    activities = _activities(org)
    concept_scales = {
        pk: model.concept_scales.get(concept_key(module, slug), 1.0)
        for pk, module, slug in cm.Concept.objects.filter(organization=org).values_list("pk", "module__slug", "slug")
    }
    people = {p.pk: personal_scale(p) for p in Person.objects.filter(organization=org).only("pk", "memory_parameters")}
    analysis = ItemAnalysis(model.parameters, model.calibration)
    answers = 0
    for (person, concept), rows in groupby(_rows(org), key=lambda row: (row[0], row[1])):
        history = [_answer(row, activities) for row in rows]
        answers += len(history)
        analysis.add_history(concept, history, scale=people.get(person, 1.0) * concept_scales.get(concept, 1.0))
    variants = analysis.variants()
    calibration = analysis.calibration()
    concept_of = dict(cm.Variant.objects.filter(organization=org).values_list("pk", "concept_id"))
    item_rows = []
    for key, stats in variants.items():
        variant = cast(int, key)  # the keys given to the analysis: variant primary keys
        flags = item_flags(stats, activities[variant]) if variant in activities else []
        item_rows.append(
            ItemStats(
                organization=org,
                variant_id=variant,
                concept_id=concept_of[variant],
                attempts=stats.attempts,
                people=stats.people,
                mean_score=stats.mean_score,
                first_try_correct=stats.first_try_correct,
                discrimination=stats.discrimination,
                median_seconds=stats.median_seconds,
                later_reviews=stats.later_reviews,
                later_recalled=stats.later_recalled,
                picks=dict(stats.picks),
                flags=[[f.flag.value, f.reason] for f in flags],
                flag_count=len(flags),
            )
        )
    calibration_rows = [
        ConceptCalibration(
            organization=org,
            concept_id=cast(int, concept),
            reviews=sum(b.reviews for b in bins),
            bins=[[b.low, b.high, b.reviews, b.predicted, b.observed] for b in bins],
        )
        for concept, bins in calibration.items()
    ]
    seconds = time.perf_counter() - started
    with transaction.atomic():
        ItemStats.objects.filter(organization=org).delete()
        ConceptCalibration.objects.filter(organization=org).delete()
        ItemStats.objects.bulk_create(item_rows, batch_size=500)
        ConceptCalibration.objects.bulk_create(calibration_rows, batch_size=500)
        AnalyticsRefresh.objects.update_or_create(
            organization=org, defaults={"refreshed_at": now, "answers": answers, "seconds": seconds}
        )
    return RefreshResult(answers, len(item_rows), len(calibration_rows), time.perf_counter() - started)


def _activities(org: Organization) -> dict[int, Activity]:
    rows = cm.Variant.objects.filter(organization=org).values_list("pk", "activity")
    return {pk: ACTIVITY.validate_python(activity) for pk, activity in rows}


def _rows(org: Organization) -> Iterator[tuple[Any, ...]]:
    attempts = lm.Attempt.objects.filter(organization=org).order_by("person_id", "concept_id", "submitted_at", "id")
    return attempts.values_list(*_ROW).iterator(chunk_size=CHUNK)


def _answer(row: tuple[Any, ...], activities: dict[int, Activity]) -> Answer:
    _, _, variant, at, score, rating, seconds, module_result, response = row
    activity = activities.get(variant)
    picks = picks_of(activity, response) if activity is not None else ()
    return Answer(variant, at, score, rating, seconds, module_result, picks)
