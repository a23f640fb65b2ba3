from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.db import connection, connections

from skillpath.learning import models as lm
from skillpath.learning.rebuild import rebuild_organization
from skillpath.learning.selectors import check_items, queue_for_person, reinforcement_variant
from skillpath.learning.services import attempt_submit, module_start
from tests.integration.learning_helpers import answer, do_check, learner, retake_ready


def derived() -> dict[str, list[tuple[Any, ...]]]:
    """Every derived learning row, without surrogate keys."""
    return {
        "memory": sorted(
            lm.MemoryState.objects.values_list(
                "person_id",
                "concept_id",
                "stability",
                "difficulty",
                "first_review",
                "last_review",
                "due",
                "reviews",
                "lapses",
                "retained_days",
                "retained_at",
                "last_recall",
                "variants_seen",
            )
        ),
        "progress": sorted(
            lm.ModuleProgress.objects.values_list(
                "person_id", "module_id", "started_at", "best_score", "checks", "passed_at", "tested_out_at"
            )
        ),
        "skills": sorted(
            lm.SkillState.objects.values_list("person_id", "skill_id", "level", "reached_at", "fading_on")
        ),
        "milestones": sorted(lm.MilestoneReached.objects.values_list("person_id", "milestone_id", "reached_at")),
        "checks": sorted(lm.ModuleCheck.objects.values_list("id", "completed_at", "score", "passed")),
    }


@pytest.mark.django_db
def test_rebuild_from_attempts_equals_the_incrementally_maintained_state(now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now, right=False)
    do_check(lee, "basics", retake_ready(lee, "basics", now + timedelta(hours=2)))
    do_check(lee, "questions", now + timedelta(days=1))
    for day in (4, 12, 30):
        at = now + timedelta(days=day)
        for item in queue_for_person(lee, now=at).items:
            if item.kind == "reinforcement":
                variant = reinforcement_variant(lee, item.ref)
                assert variant is not None
                answer(lee, variant, at, right=day != 12)
    check = module_start(lee, "closing-talk", now=now + timedelta(days=31))
    answer(lee, check_items(check)[0], now + timedelta(days=31), check=check)  # an unfinished check
    before = derived()
    assert before["memory"] and before["milestones"]
    result = rebuild_organization(lee.organization)
    assert result.people == 1 and result.attempts == lm.Attempt.objects.count()
    assert derived() == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_for_one_person_lose_no_update(now: datetime) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers with IMMEDIATE transactions")
    lee = learner(now)
    do_check(lee, "basics", now)
    later = now + timedelta(days=5)
    concept = lm.MemoryState.objects.filter(person=lee).order_by("concept_id").first()
    assert concept is not None
    variant = reinforcement_variant(lee, f"basics/{concept.concept.slug}")
    assert variant is not None
    errors: list[BaseException] = []

    def submit(i: int) -> None:
        try:
            attempt_submit(
                lee,
                client_id=uuid4(),
                variant_id=variant.pk,
                response={"selected": [0]} if variant.kind == "choice" else {"blanks": ["what"]},
                duration_seconds=20,
                now=later + timedelta(seconds=i),
            )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    state = lm.MemoryState.objects.get(pk=concept.pk)
    assert state.reviews == 1 + 8  # the practice plus every concurrent reinforcement
    assert lm.Attempt.objects.filter(concept_id=concept.concept_id).count() == 9


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_of_one_attempt_id_record_it_once(now: datetime) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections")
    lee = learner(now)
    check = module_start(lee, "basics", now=now)
    variant = check_items(check)[0]
    client_id = uuid4()
    outcomes: list[bool] = []

    def submit() -> None:
        try:
            r = attempt_submit(
                lee,
                client_id=client_id,
                variant_id=variant.pk,
                response={"selected": [0]},
                duration_seconds=20,
                now=now,
                check_id=check.pk,
            )
            outcomes.append(r.duplicate)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [False] + [True] * 5
    assert lm.Attempt.objects.count() == 1


@pytest.mark.django_db
def test_queue_takes_a_fixed_number_of_queries(now: datetime, django_assert_num_queries: Any) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    do_check(lee, "questions", now)
    queue_for_person(lee, now=now)  # warm the curriculum cache
    with django_assert_num_queries(5):
        queue_for_person(lee, now=now + timedelta(days=9))
