"""Background tasks on both backends: the database (django-tasks-db) and RQ on Redis (see task_backends)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from time import monotonic, sleep
from typing import Any
from uuid import uuid4

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks_db.models import DBTaskResult

from skillpath import clock
from skillpath.nudges.models import NudgeSent
from skillpath.nudges.tasks import nudges_dispatch, nudges_prune, nudges_send
from skillpath.operations import workers
from skillpath.operations.models import ScheduledRun
from skillpath.operations.scheduling import schedule_tick
from skillpath.operations.tasks import nightly_certificates, nightly_fit, nightly_plans
from skillpath.people.models import Person
from tests.integration.learning_helpers import do_check, learner
from tests.integration.task_backends import redis_db, task_backend, worker_keeps_connections  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

LATER = datetime(2026, 3, 12, 12, 5, tzinfo=UTC)  # 08:05 in New York, ten days after Lee's first check
LINE = re.compile(r'^task=(\w+) id=(\S+) status=(SUCCESSFUL|FAILED) duration_ms=(\d+) error=(""|"[^"]+")$')


@task()
def explode(message: str) -> None:
    raise RuntimeError(message)


@task()
def add(a: int, b: int) -> int:
    return a + b


_attempts: Counter[str] = Counter()


@task()
def flaky(key: str) -> str:
    """Fails the first time it runs for ``key``, then succeeds."""
    _attempts[key] += 1
    if _attempts[key] == 1:
        raise ConnectionError(f"first try of {key}")
    return key


@pytest.fixture
def lee(now: datetime) -> Iterator[Person]:
    person = learner(now)
    do_check(person, "basics", now)
    person.timezone, person.reminder_time = "America/New_York", time(8, 0)
    person.save()
    clock.travel_to(LATER)
    yield person
    clock.travel(timedelta(0))


def work(*extra: str) -> None:
    """Run `skillpath worker` until nothing is ready (bounded: it exits when the queues are empty)."""
    call_command("worker", "--batch", "--no-scheduler", *extra)


def status(result_id: str) -> TaskResultStatus:
    return default_task_backend.get_result(result_id).status


@pytest.mark.usefixtures("task_backend")
def test_the_worker_delivers_a_round_of_digests(lee: Person) -> None:
    dispatch = nudges_dispatch.enqueue()
    work()
    result = default_task_backend.get_result(dispatch.id)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 1
    assert [m.to for m in mail.outbox] == [["lee@acme.test"]]
    assert list(NudgeSent.objects.values_list("channel", flat=True)) == ["email"]


@pytest.mark.usefixtures("task_backend")
def test_a_duplicated_sending_job_sends_once(lee: Person) -> None:
    first, second = (nudges_send.enqueue(person_ids=[lee.pk]) for _ in range(2))
    work()
    assert status(first.id) == status(second.id) == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("task_backend")
def test_the_worker_logs_one_key_value_line_per_task(caplog: pytest.LogCaptureFixture) -> None:
    ok, failed = add.enqueue(2, 3), explode.enqueue("boom")
    with caplog.at_level("INFO", logger="skillpath.tasks"):
        work()
    lines = [LINE.match(r.getMessage()) for r in caplog.records if r.getMessage().startswith("task=")]
    assert all(lines), [r.getMessage() for r in caplog.records]
    found = {m.group(2): m.groups() for m in lines if m}
    assert found[ok.id][0::2] == ("add", "SUCCESSFUL", '""')
    assert found[failed.id][0::2] == ("explode", "FAILED", '"RuntimeError: boom"')
    assert status(failed.id) == TaskResultStatus.FAILED
    assert default_task_backend.get_result(ok.id).return_value == 5


@pytest.mark.usefixtures("worker_keeps_connections")
def test_a_failed_task_shows_its_error_to_admins_and_is_retried_from_the_admin(admin_client: Any) -> None:
    failed = explode.enqueue("boom")
    work()
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED").content.decode()
    assert "explode" in page and "RuntimeError: boom" in page
    response = admin_client.post(
        "/admin/django_tasks_database/dbtaskresult/", {"action": "retry", "_selected_action": [failed.id]}, follow=True
    )
    assert "Enqueued 1 task again." in response.content.decode()
    retry = DBTaskResult.objects.exclude(pk=failed.id).get()
    assert (retry.task_path, retry.status, retry.args_kwargs) == (
        "tests.integration.test_tasks.explode",
        "READY",
        {"args": ["boom"], "kwargs": {}},
    )


@pytest.mark.usefixtures("task_backend")
def test_failed_tasks_are_listed_with_their_error_and_retried_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = uuid4().hex
    failed = flaky.enqueue(key)
    work()
    call_command("tasks", "failed")
    listing = capsys.readouterr().out
    assert f"{failed.id}" in listing and f"flaky('{key}')" in listing
    assert f"ConnectionError: first try of {key}" in listing
    call_command("tasks", "retry", failed.id)
    retried = capsys.readouterr().out.split(" enqueued again as ")[1].strip()
    work()
    assert status(retried) == TaskResultStatus.SUCCESSFUL and _attempts[key] == 2
    with pytest.raises(CommandError, match="no failed task"):
        call_command("tasks", "retry", "no-such-id")


@pytest.mark.usefixtures("task_backend")
def test_scheduling_twice_enqueues_nothing_twice(now: datetime) -> None:
    learner(now)  # the organization "acme" (UTC)
    first = schedule_tick(now)
    assert "skillpath.nudges.tasks.nudges_dispatch@2026-03-02T09:00Z" in first
    assert "nightly:acme:2026-03-03" in first
    assert schedule_tick(now + timedelta(minutes=4)) == []  # before any periodic task is due again
    night = ScheduledRun.objects.get(key="nightly:acme:2026-03-03")
    assert night.run_at == datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    nightly = [default_task_backend.get_result(i) for i in night.task_ids]
    assert {r.task.name for r in nightly} >= {"nightly_fit", "nightly_certificates", "nightly_plans", "nudges_prune"}
    assert {r.task.run_after for r in nightly} == {night.run_at}
    assert all(r.kwargs == {"organization_id": r.kwargs["organization_id"]} for r in nightly)
    assert "skillpath.nudges.tasks.nudges_dispatch@2026-03-02T09:15Z" in schedule_tick(now + timedelta(minutes=15))


def test_a_tick_with_nothing_new_takes_two_queries_however_many_organizations(
    now: datetime, django_assert_num_queries: Any
) -> None:
    learner(now)
    learner(now, org="globex", email="gabe@globex.test")
    assert len([k for k in schedule_tick(now) if k.startswith("nightly:")]) == 2
    with django_assert_num_queries(2):
        assert schedule_tick(now + timedelta(seconds=10)) == []


def test_the_schedule_command_says_when_everything_is_already_enqueued(
    now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    learner(now)
    clock.travel_to(now)
    try:
        call_command("schedule")
        assert "enqueued nightly:acme:2026-03-03" in capsys.readouterr().out
        call_command("schedule")
        assert "nothing new to schedule" in capsys.readouterr().out
    finally:
        clock.travel(timedelta(0))


@pytest.mark.usefixtures("task_backend")
def test_nightly_work_runs_and_is_safe_to_run_twice(now: datetime) -> None:
    org = learner(now).organization
    results = [
        t.enqueue(organization_id=org.pk)
        for _ in range(2)
        for t in (nightly_fit, nightly_certificates, nightly_plans, nudges_prune)
    ]
    work()
    finished = [default_task_backend.get_result(r.id) for r in results]
    assert [r.status for r in finished] == [TaskResultStatus.SUCCESSFUL] * 8
    assert finished[0].return_value == {"histories": 0, "adopted": False, "enough_reviews": False}
    assert finished[1].return_value == {"valid": 0, "at_risk": 0, "expired": 0, "revoked": 0}
    assert finished[2].return_value == {"on_track": 0, "behind": 0, "finished": 0}


@pytest.mark.usefixtures("task_backend")
def test_the_worker_with_its_scheduler_runs_what_is_due(lee: Person) -> None:
    call_command("worker", "--batch")  # one scheduler tick, then everything ready now
    assert len(mail.outbox) == 1  # the periodic dispatch ran, then the sending
    assert ScheduledRun.objects.filter(key__startswith="nightly:acme:").count() == 1


def test_the_worker_refuses_an_unknown_queue() -> None:
    with pytest.raises(CommandError, match="unknown queue"):
        call_command("worker", "--queues", "mail")


def test_the_workers_scheduler_thread_ticks_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: list[float] = []

    def tick() -> list[str]:
        ticks.append(1)
        return []

    monkeypatch.setattr(workers, "tick", tick)
    thread = workers.SchedulerThread(every=0.01)
    thread.start()
    deadline = monotonic() + 5
    while len(ticks) < 3 and monotonic() < deadline:
        sleep(0.01)
    thread.stop()
    assert len(ticks) >= 3 and not thread.is_alive()


def test_a_failing_scheduler_tick_is_logged_and_does_not_stop_the_worker(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(now: datetime) -> list[str]:
        raise RuntimeError("database is down")

    monkeypatch.setattr(workers, "schedule_tick", broken)
    assert workers.tick() == []
    assert "scheduler tick failed" in caplog.text and "database is down" in caplog.text


def test_the_immediate_backend_needs_no_worker(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="no worker needed"):
        call_command("worker", "--no-scheduler")
