"""A day of learning reaches a real LRS (Ralph's, on loopback) exactly once, across an outage.

Ralph runs in its own virtual environment (``var/ralph-venv``, created from PyPI on the first run).
The test skips only when that environment cannot be created; any other problem fails it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from django.conf import settings

from skillpath.content.reader import read_package
from skillpath.content.services import organization_ensure, package_import
from skillpath.credentials.services import certificate_revoke, certificates_award
from skillpath.domain.grading.answers import answer_with_mistakes
from skillpath.integrations.delivery import DeliveryReport, lrs_deliver
from skillpath.integrations.models import LrsConnection, XapiStatement
from skillpath.integrations.profile import statement_problems, templates_used, xapi_profile
from skillpath.learning import models as lm
from skillpath.learning.player import check_page
from skillpath.learning.selectors import queue_for_person, reinforcement_variant
from skillpath.learning.services import LearningError, activity_of, attempt_submit, module_start
from skillpath.people.models import Organization, Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import DEMO, mini_source
from tests.integration.integrations.lrs_server import RalphLrs, RalphUnavailable, ralph_python
from tests.integration.learning_helpers import answer, do_check, retake_ready

pytestmark = [pytest.mark.django_db, pytest.mark.lrs]
USER, PASSWORD = "skillpath", "lrs-secret-1"


@pytest.fixture(scope="session")
def ralph() -> Path:
    try:
        return ralph_python()
    except RalphUnavailable as exc:
        pytest.skip(f"Ralph's LRS environment could not be created from PyPI (no network?): {exc}")


@pytest.fixture
def lrs(ralph: Path, tmp_path: Path) -> Iterator[RalphLrs]:
    server = RalphLrs(ralph, tmp_path / "ralph", USER, PASSWORD)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def organization(slug: str, lrs: RalphLrs) -> Organization:
    org = organization_ensure(slug)
    LrsConnection.objects.create(organization=org, endpoint=f"{lrs.url}/xAPI", username=USER, password=PASSWORD)
    org.refresh_from_db()  # with its flags set, as its people's requests load it
    return org


def person(org: Organization, email: str, name: str, role: str, today: datetime) -> Person:
    return person_upsert(org, PersonSpec(email, name, [(role, None)]), password=None, today=today.date())


def study(who: Person, at: datetime, *, mistakes: int = 0, modules: int = 1) -> datetime:
    """One session from the person's queue: due reinforcement, then up to ``modules`` new module checks."""
    for item in queue_for_person(who, now=at).items:
        check = None
        if item.kind == "reinforcement":
            variants = [reinforcement_variant(who, item.ref)]
        elif modules > 0:
            modules -= 1
            at += timedelta(minutes=3)  # the lesson
            try:
                check = module_start(who, item.ref, now=at)
            except LearningError:  # a failed check: go through what was missed; the retake opens later
                retake_ready(who, item.ref, at)
                continue
            variants = []
        else:
            continue
        for variant in variants or _check_items(who, check):
            assert variant is not None
            response = answer_with_mistakes(activity_of(variant), mistakes)
            attempt_submit(
                who,
                client_id=uuid4(),
                variant_id=variant.pk,
                response=response,
                duration_seconds=40.0,
                now=at,
                check_id=check.pk if check else None,
            )
            at += timedelta(seconds=40)
    return at


def _check_items(who: Person, check: lm.ModuleCheck | None) -> Iterator[Any]:
    """The items of a module check as they come (a weak idea gets another go before the check completes)."""
    while check is not None and (page := check_page(who, check.pk)) is not None and page.next_variant is not None:
        yield page.next_variant


def deliver(orgs: list[Organization], now: datetime, **limits: Any) -> list[DeliveryReport]:
    return [lrs_deliver(org.pk, now=now, **limits) for org in orgs]


def sent() -> int:
    return XapiStatement.objects.filter(state="sent").count()


def test_a_day_of_activity_reaches_ralphs_lrs_exactly_once_across_an_outage(
    lrs: RalphLrs, now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    acme = organization("acme", lrs)
    package_import("acme", read_package(DEMO), now=now - timedelta(days=4))
    sam = person(acme, "sam@acme.example.com", "Sam Carter", "sales-executive", now - timedelta(days=4))
    ria = person(acme, "ria@acme.example.com", "Ria Das", "customer-support", now - timedelta(days=4))
    labs = organization("acme-labs", lrs)  # a second organization: certificates, same LRS
    package_import("acme-labs", mini_source(), now=now - timedelta(days=20))
    kim = person(labs, "kim@acme.example.com", "Kim Lee", "seller", now - timedelta(days=20))
    orgs = [acme, labs]

    # Before today: first modules, and a certificate earned after spaced recall.
    study(sam, now - timedelta(days=3))
    for module in ("basics", "questions", "closing-talk"):
        do_check(kim, module, now - timedelta(days=18))
    for state in lm.MemoryState.objects.filter(person=kim).select_related("concept__module").order_by("pk"):
        answer(
            kim,
            reinforcement_variant(kim, f"{state.concept.module.slug}/{state.concept.slug}"),
            now - timedelta(days=2),
        )
    (certificate,) = certificates_award(kim, now=now - timedelta(days=2))
    assert all(not r.retry_at for r in deliver(orgs, now))
    before_today = sent()

    # Today, morning: Sam's due reinforcement and next module; Ria's first check goes badly.
    at = study(sam, now + timedelta(hours=1), modules=1)
    study(ria, now + timedelta(hours=1), mistakes=99)
    deliver(orgs, at, batch_size=10, max_batches=1)  # part of it goes out...
    before_outage = sent()
    assert XapiStatement.objects.filter(state="pending").exists()

    lrs.stop()  # ...then the LRS goes down, and the day goes on
    down = deliver(orgs, at)
    assert down[0].retry_at is not None  # acme had statements waiting: "connection refused", retry later
    study(ria, now + timedelta(hours=3), mistakes=1)  # her retry, with other variants
    study(sam, now + timedelta(hours=5), modules=1)
    certificate_revoke(certificate, reason="Issued to the wrong team", now=now + timedelta(hours=6))
    still_down = deliver(orgs, down[0].retry_at)
    assert sent() == before_outage
    assert [LrsConnection.objects.get(organization=o).failures for o in orgs] == [2, 1]

    lrs.start()  # it is back: everything waiting goes, in order, once
    retry = max(r.retry_at for r in still_down if r.retry_at)
    for _ in range(20):
        reports = deliver(orgs, retry, batch_size=25)
        if not any(r.more or r.retry_at for r in reports):
            break
        retry = max([r.retry_at for r in reports if r.retry_at] + [retry])
    assert not XapiStatement.objects.exclude(state="sent").exists()

    # A resend of statements the LRS already holds (a lost answer) is recognised, not stored twice.
    resent = list(XapiStatement.objects.order_by("id").values_list("pk", flat=True)[:5])
    XapiStatement.objects.filter(pk__in=resent).update(state="pending")
    assert deliver([acme], retry)[0].sent == len(resent)

    ours = [str(i) for i in XapiStatement.objects.order_by("id").values_list("statement_id", flat=True)]
    stored = lrs.all_statements(since="2000-01-01T00:00:00Z")
    counts = Counter(s["id"] for s in stored)
    assert sorted(counts) == sorted(ours)
    assert set(counts.values()) == {1}
    assert all(len(lrs.statement(sid)) == 1 for sid in ours)
    assert_in_order_per_organization(stored, ours)
    by_verb = Counter(s["verb"]["display"]["en-US"] for s in stored)
    assert {"launched", "answered", "passed", "failed", "reached level", "completed", "earned", "had revoked"} <= set(
        by_verb
    )
    profile = xapi_profile(settings.PUBLIC_URL)  # every statement written conforms to SkillPath's xAPI Profile
    written = [row.statement for row in XapiStatement.objects.order_by("id")]
    assert [problem for s in written for problem in statement_problems(profile, s)] == []
    learning = {t["id"] for t in profile["templates"] if not t["id"].endswith("/connection-tested")}
    assert templates_used(profile, written) == learning  # (the connection test is sent from the settings page)
    with capsys.disabled():
        print(
            f"\n[lrs] statements: {len(ours)} written, {len(stored)} read back from Ralph's LRS, each once"
            f" ({before_today} before today, {before_outage - before_today} today before the outage,"
            f" {len(ours) - before_outage} after it; {len(resent)} resent and recognised)"
            f"\n[lrs] by verb: {dict(sorted(by_verb.items()))}"
        )


def assert_in_order_per_organization(stored: list[dict[str, Any]], ours: list[str]) -> None:
    """Ralph's file keeps arrival order: each organization's statements arrived in the order they were written."""
    position = {sid: i for i, sid in enumerate(ours)}
    arrival: dict[str, list[int]] = {}
    for s in stored:
        (org,) = [v for k, v in s["context"]["extensions"].items() if k.endswith("/xapi/extensions/organization")]
        arrival.setdefault(org, []).append(position[s["id"]])
    assert sorted(arrival) == ["acme", "acme-labs"]
    assert all(seq == sorted(seq) for seq in arrival.values()), arrival
