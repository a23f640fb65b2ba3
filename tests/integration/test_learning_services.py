from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillpath.content import models as cm
from skillpath.domain.grading.answers import model_answer
from skillpath.learning import models as lm
from skillpath.learning.selectors import check_items, level_explain, queue_for_person, reinforcement_variant
from skillpath.learning.services import LearningError, activity_of, attempt_submit, module_start
from skillpath.people.models import Person
from tests.integration.learning_helpers import answer, do_check, learner, retake_ready

pytestmark = pytest.mark.django_db


def test_the_first_check_uses_the_first_variant_of_every_concept(now: datetime) -> None:
    person = learner(now)
    check = module_start(person, "basics", now=now)
    assert [v.position for v in check_items(check)] == [0, 0]
    assert module_start(person, "basics", now=now).pk == check.pk  # an open check is resumed


def test_passing_a_check_passes_the_module_unlocks_the_next_and_raises_the_level(now: datetime) -> None:
    person = learner(now)
    results = do_check(person, "basics", now)
    last = results[-1].events
    assert last.check_outcome is not None and last.check_outcome.passed and last.module_passed
    assert last.check_outcome.score == 1.0
    assert last.unlocked == ("questions",)
    assert ("listening", 0, 1) in last.levels
    progress = lm.ModuleProgress.objects.get(person=person, module__slug="basics")
    assert progress.passed_at == now and progress.best_score == 1.0
    assert lm.SkillState.objects.get(person=person, skill__slug="listening").level == 1
    assert lm.MemoryState.objects.filter(person=person).count() == 2


def test_a_locked_module_cannot_be_started_and_says_why(now: datetime) -> None:
    person = learner(now)
    with pytest.raises(LearningError, match=r"This module is locked\. Pass \*Listening basics\* with 80%"):
        module_start(person, "questions", now=now)


def test_a_failed_check_is_retried_with_other_variants(now: datetime) -> None:
    person = learner(now)
    results = do_check(person, "basics", now, right=False)
    assert len(results) > 2  # two concepts; one below the floor gets another go with a new question
    outcome = results[-1].events.check_outcome
    assert outcome is not None and not outcome.passed and "after another go" in outcome.reason
    with pytest.raises(LearningError, match=r"Review what you missed"):
        module_start(person, "basics", now=now + timedelta(hours=1))
    opens = retake_ready(person, "basics", now + timedelta(hours=1))
    retry = module_start(person, "basics", now=opens)
    seen = {s.concept_id: s.variants_seen for s in lm.MemoryState.objects.filter(person=person)}
    assert all(v.position != seen[v.concept_id][-1] for v in check_items(retry))  # never the question just missed
    with pytest.raises(LearningError, match=r"best so far: \d+%"):
        module_start(person, "questions", now=now)


def test_a_retake_waits_after_the_review_longer_after_each_failure(now: datetime) -> None:
    person = learner(now)
    do_check(person, "basics", now, right=False)
    retake_ready(person, "basics", now + timedelta(minutes=2))
    with pytest.raises(LearningError, match=r"opens in 8 minutes"):
        module_start(person, "basics", now=now + timedelta(minutes=2))
    second = now + timedelta(minutes=10)
    do_check(person, "basics", second, right=False)
    retake_ready(person, "basics", second)
    with pytest.raises(LearningError, match=r"opens in 4 hours"):
        module_start(person, "basics", now=second)
    assert module_start(person, "basics", now=second + timedelta(hours=4)) is not None


def test_submitting_the_same_attempt_id_twice_records_it_once(now: datetime) -> None:
    person = learner(now)
    check = module_start(person, "basics", now=now)
    variant = check_items(check)[0]
    client_id = uuid4()
    kwargs = {"variant_id": variant.pk, "response": {"selected": [0]}, "duration_seconds": 20.0, "now": now}
    first = attempt_submit(person, client_id=client_id, check_id=check.pk, **kwargs)  # type: ignore[arg-type]
    again = attempt_submit(person, client_id=client_id, check_id=check.pk, **kwargs)  # type: ignore[arg-type]
    assert (first.duplicate, again.duplicate) == (False, True)
    assert again.attempt_id == first.attempt_id and again.grade.score == first.grade.score
    assert lm.Attempt.objects.count() == 1
    assert lm.MemoryState.objects.get().reviews == 1


def reinforcement_ready(now: datetime) -> tuple[Person, lm.MemoryState, dict[str, Any]]:
    """A learner who passed *basics*, one of its concepts' memory, and a right reinforcement answer on it."""
    person = learner(now)
    do_check(person, "basics", now)
    state = lm.MemoryState.objects.filter(person=person).select_related("concept").first()
    assert state is not None
    variant = reinforcement_variant(person, f"basics/{state.concept.slug}")
    assert variant is not None
    return (
        person,
        state,
        {"variant_id": variant.pk, "response": model_answer(activity_of(variant)), "duration_seconds": 20.0},
    )


def test_an_answer_recorded_meanwhile_by_a_writer_without_the_lock_rolls_back_what_it_wrote(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The insert goes out with the writes; when it finds the client id taken, the whole answer is undone."""
    from skillpath.learning import services, store

    person, _, kwargs = reinforcement_ready(now)
    client_id = uuid4()
    first = attempt_submit(person, client_id=client_id, now=now + timedelta(days=3), **kwargs)
    before = list(lm.MemoryState.objects.filter(person=person).order_by("pk").values())

    def blind(
        who: Any, client: Any, reads: Any
    ) -> store.Begun:  # misses the recorded answer, as a lock-free writer could
        return dataclasses.replace(store.answer_begin(who, client, reads), recorded=None)

    monkeypatch.setattr(services, "answer_begin", blind)
    again = attempt_submit(person, client_id=client_id, now=now + timedelta(days=6), **kwargs)
    assert again.duplicate and again.attempt_id == first.attempt_id
    assert list(lm.MemoryState.objects.filter(person=person).order_by("pk").values()) == before
    assert lm.Attempt.objects.filter(person=person, client_id=client_id).count() == 1


def test_an_answer_whose_guessed_roles_were_wrong_is_read_again_with_the_roles_as_they_are(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the state is read with the lock on the roles last seen; when they differ, it is read again."""
    from skillpath.learning import curricula, store

    person, state, kwargs = reinforcement_ready(now)
    actual = curricula.role_key(person.pk)
    monkeypatch.setattr(store, "known_roles", lambda pk: actual + actual)  # the same content, another key
    with CaptureQueriesContext(connection) as queries:
        result = attempt_submit(person, client_id=uuid4(), now=now + timedelta(days=3), **kwargs)
    memory_reads = [q for q in queries if q["sql"].startswith("SELECT concept_id, stability")]
    assert len(memory_reads) == (2 if connection.vendor == "postgresql" else 1)  # read again with the right roles
    assert not result.duplicate and result.memory is not None
    assert lm.MemoryState.objects.get(pk=state.pk).reviews == state.reviews + 1
    assert result.memory.reviews == state.reviews + 1


def test_bad_answers_are_refused_with_a_reason_and_write_nothing(now: datetime) -> None:
    person = learner(now)
    check = module_start(person, "basics", now=now)
    variant = check_items(check)[0]
    with pytest.raises(LearningError):
        attempt_submit(
            person,
            client_id=uuid4(),
            variant_id=variant.pk,
            response={"selected": [7]},
            duration_seconds=10,
            now=now,
            check_id=check.pk,
        )
    with pytest.raises(LearningError, match="duration_seconds"):
        attempt_submit(
            person,
            client_id=uuid4(),
            variant_id=variant.pk,
            response={"selected": [0]},
            duration_seconds=0,
            now=now,
            check_id=check.pk,
        )
    other = cm.Variant.objects.get(concept__slug="summarise", position=1)  # not the one chosen for this check
    with pytest.raises(LearningError, match="not part of the current module check"):
        answer(person, other, now, check=check)
    with pytest.raises(LearningError, match="not been learned yet"):
        answer(person, other, now)  # reinforcement before learning
    assert not lm.Attempt.objects.exists() and not lm.MemoryState.objects.exists()


def test_another_organizations_activity_cannot_be_answered(now: datetime) -> None:
    lee = learner(now)
    kim = learner(now, org="globex", email="kim@globex.test")
    foreign = check_items(module_start(kim, "basics", now=now))[0]
    with pytest.raises(LearningError, match=f"no activity {foreign.pk} in your learning content"):
        answer(lee, foreign, now)


def test_reinforcement_comes_back_due_with_a_different_variant(now: datetime) -> None:
    person = learner(now)
    do_check(person, "basics", now)
    assert [i.kind for i in queue_for_person(person, now=now).items] == ["module"]
    later = now + timedelta(days=5)
    today = queue_for_person(person, now=later)
    due = [i for i in today.items if i.kind == "reinforcement"]
    assert {i.ref for i in due} == {"basics/open-questions", "basics/summarise"}
    variant = reinforcement_variant(person, "basics/open-questions")
    assert variant is not None and variant.position == 1  # not the practice variant seen first
    result = answer(person, variant, later)
    assert result.memory is not None
    assert result.memory.reviews == 2 and result.memory.due > later + timedelta(days=5)
    assert "basics/open-questions" not in {i.ref for i in queue_for_person(person, now=later).items}


def test_level_explanation_and_fading(now: datetime) -> None:
    person = learner(now)
    do_check(person, "basics", now)
    fresh = level_explain(person, "listening", now=now + timedelta(days=1))
    assert fresh is not None and fresh.level.level == 1 and not fresh.level.fading
    assert fresh.level.explanation[:2] == (
        "Listening: level 1 (foundation).",
        "Of its 4 ideas: 2 shown, 0 recalled a day or more after learning, 0 sustained over weeks.",
    )
    stale = level_explain(person, "listening", now=now + timedelta(days=60))
    assert stale is not None and stale.level.fading and stale.level.effective == 0
    assert stale.fading_since is not None and now < stale.fading_since < now + timedelta(days=60)
    assert level_explain(person, "juggling", now=now) is None


def test_milestone_is_reached_when_its_modules_are_passed(now: datetime) -> None:
    person = learner(now)
    do_check(person, "basics", now)
    results = do_check(person, "questions", now + timedelta(days=1))
    assert len(results[-1].events.milestones) == 1
    assert lm.MilestoneReached.objects.get(person=person).milestone.slug == "seller-onboarded"


def test_the_usual_time_counts_each_person_once_and_ignores_implausible_times(now: datetime) -> None:
    from skillpath.content.services import organization_ensure
    from skillpath.learning.services import usual_seconds, usual_seconds_forget
    from skillpath.people.services import PersonSpec, person_upsert

    first = learner(now)
    people = [first] + [
        person_upsert(
            organization_ensure("acme"),
            PersonSpec(f"p{i}@acme.test", f"P{i}", [("seller", None)]),
            password=None,
            today=now.date(),
        )
        for i in range(4)
    ]
    variant = check_items(module_start(first, "basics", now=now))[0]
    for person, seconds in zip(people, [20.0, 22.0, 24.0, 26.0, 28.0], strict=True):
        check = module_start(person, "basics", now=now)
        answer(person, variant, now, check=check, seconds=seconds)
    usual_seconds_forget()  # computed while fewer people had answered: cached per process for a while
    assert usual_seconds(variant.pk) == 24.0
    scripted = people[0]
    for i in range(30):  # one person floods the variant with script-fast reinforcement answers
        answer(scripted, variant, now + timedelta(minutes=i + 1), seconds=1.0 if i % 2 else 2.5)
    usual_seconds_forget()
    assert usual_seconds(variant.pk) == 24.0  # still the median over people


def test_the_usual_time_is_computed_once_for_every_server_process(now: datetime) -> None:
    """A figure one process computed is read from the shared cache by the next, which asks the database nothing;
    once it expires, it is computed again."""
    from skillpath.learning import services

    person = learner(now)
    variant = check_items(module_start(person, "basics", now=now))[0]
    with CaptureQueriesContext(connection) as first:
        assert services.usual_seconds(variant.pk) is None  # nobody has answered it yet
    assert len(first.captured_queries) == 1
    with services._usual_lock:
        services._usual.clear()  # another process: its own memory is empty, the cache is shared
    with CaptureQueriesContext(connection) as other:
        assert services.usual_seconds(variant.pk) is None
    assert other.captured_queries == []
    later = time.time() + services.USUAL_TIME_TTL + 1
    with pytest.MonkeyPatch.context() as patch, CaptureQueriesContext(connection) as expired:
        patch.setattr(time, "time", lambda: later)
        services.usual_seconds(variant.pk)
    assert len(expired.captured_queries) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are a PostgreSQL matter")
def test_the_answer_paths_statements_are_prepared_on_the_server(now: datetime) -> None:
    """After a few answers on one connection PostgreSQL runs the answer's statements as prepared ones, so it
    neither parses nor plans them again (Django turns psycopg's preparing off unless the settings ask for it)."""
    person, _, kwargs = reinforcement_ready(now)
    for day in range(1, 8):
        attempt_submit(person, client_id=uuid4(), now=now + timedelta(days=day), **kwargs)
    with CaptureQueriesContext(connection) as queries:  # each statement is logged with its text, prepared or not
        attempt_submit(person, client_id=uuid4(), now=now + timedelta(days=9), **kwargs)
    assert all(isinstance(query["sql"], str) and query["sql"] for query in queries)
    assert any(query["sql"].startswith("INSERT INTO learning_attempt") for query in queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("FROM people_person WHERE id = $1 FOR UPDATE" in sql for sql in prepared)
    assert any(sql.startswith("INSERT INTO learning_attempt") for sql in prepared)
