from __future__ import annotations

from skillpath.domain.memory import MemoryModel
from skillpath.domain.retention import (
    LOWEST_RECOMMENDED,
    RetentionPoint,
    enough_data,
    recommended_retention,
    retention_tradeoff,
)


def test_higher_retention_costs_more_reviews_and_keeps_ideas_fresher() -> None:
    points = retention_tradeoff(MemoryModel(), choices=(0.75, 0.9, 0.97))
    assert [p.retention for p in points] == [0.75, 0.9, 0.97]
    assert points[0].reviews < points[1].reviews < points[2].reviews
    assert points[0].mean_recall < points[1].mean_recall < points[2].mean_recall
    assert all(0 < p.mean_recall < 1 for p in points)


def test_the_tradeoff_is_deterministic_and_follows_the_model() -> None:
    usual = retention_tradeoff(MemoryModel(), choices=(0.9,))
    assert usual == retention_tradeoff(MemoryModel(), choices=(0.9,))
    longer = retention_tradeoff(MemoryModel(scale=2.0), choices=(0.9,))
    assert longer[0].reviews < usual[0].reviews


def test_the_recommendation_is_the_cheapest_point_never_below_the_floor() -> None:
    points = [RetentionPoint(0.75, 3.0, 0.9), RetentionPoint(0.85, 5.0, 0.93), RetentionPoint(0.9, 5.0, 0.95)]
    assert recommended_retention(points) == 0.9  # 0.75 would be cheapest, but is below the floor
    assert recommended_retention(points) >= LOWEST_RECOMMENDED
    assert recommended_retention([RetentionPoint(0.75, 3.0, 0.9)]) == 0.75  # nothing else to offer
    assert RetentionPoint(0.9, 1.0, 0.0).reviews_per_recall == float("inf")


def test_an_organization_keeps_the_default_retention_until_its_own_model_is_fitted() -> None:
    assert enough_data(fitted=True) and not enough_data(fitted=False)
