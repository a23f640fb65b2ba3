"""Item analytics, precomputed from attempts by :func:`skillpath.analytics.services.analytics_refresh`
(nightly, ``skillpath analytics``, and in ``skillpath demo``). Derived: a refresh replaces an organization's rows."""

from __future__ import annotations

from django.db import models

from skillpath.content.models import Concept, Variant
from skillpath.people.models import Organization


class ItemStats(models.Model):
    """How one variant performs (see :mod:`skillpath.domain.itemstats` for each figure)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    variant = models.OneToOneField(Variant, on_delete=models.CASCADE, related_name="item_stats")
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+")
    attempts = models.PositiveIntegerField()
    people = models.PositiveIntegerField()
    mean_score = models.FloatField()
    first_try_correct = models.FloatField()
    discrimination = models.FloatField(null=True, blank=True)
    median_seconds = models.FloatField(null=True, blank=True)
    later_reviews = models.PositiveIntegerField(default=0)
    later_recalled = models.PositiveIntegerField(default=0)
    picks = models.JSONField(default=dict, help_text="option key or drop target id → share of answers")
    flags = models.JSONField(default=list, help_text="[[flag, reason], ...]")
    flag_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organization", "concept"])]


class ConceptCalibration(models.Model):
    """Predicted against observed recall at a concept's spaced reviews: [[low, high, reviews, predicted, observed]]."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    concept = models.OneToOneField(Concept, on_delete=models.CASCADE, related_name="calibration")
    reviews = models.PositiveIntegerField()
    bins = models.JSONField(default=list)


class AnalyticsRefresh(models.Model):
    """When an organization's analytics were last computed, from how many answers, in how long."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    answers = models.PositiveIntegerField()
    seconds = models.FloatField()
