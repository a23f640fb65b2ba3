from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from skillpath.analytics.models import AnalyticsRefresh, ConceptCalibration, ItemStats
from skillpath.analytics.services import analytics_refresh
from skillpath.content import models as cm
from skillpath.content.services import organization_ensure, package_import
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import edit_yaml, mini_source
from tests.integration.learning_helpers import answer, do_check, learner

pytestmark = pytest.mark.django_db


def member(now: datetime, org: str, email: str, **flags: Any) -> Person:
    return person_upsert(
        organization_ensure(org),
        PersonSpec(email, email.split("@")[0].title(), [("seller", None)], **flags),
        password=None,
        today=now.date(),
    )


def cue_in_first_question(now: datetime) -> None:
    """A third option for the first question: its correct option becomes the longest of three (a length cue)."""
    source = edit_yaml(
        mini_source(),
        "modules/basics.yaml",
        lambda m: m["concepts"][0]["variants"][0]["options"].append({"text": "Why?", "correct": False}),
    )
    package_import("acme", edit_yaml(source, "package.yaml", lambda p: p.update(version="1.1.0")), now=now)


def history(now: datetime) -> Person:
    """Three learners with checks passed and failed, a week later a spaced review each; an author to read it.

    The first question gets a third option, so its correct option is the longest of three (a length cue)."""
    lee = learner(now)
    cue_in_first_question(now)
    for i, right in enumerate((True, False, True)):
        person = lee if i == 0 else member(now, "acme", f"p{i}@acme.test")
        do_check(person, "basics", now, right=right)
        variant = cm.Variant.objects.get(concept__slug="open-questions", position=1)
        answer(person, variant, now + timedelta(days=7), right=right)
    return member(now, "acme", "ann@acme.test", is_author=True)


def test_a_refresh_stores_each_answered_variant_and_the_calibration_of_reviewed_concepts(now: datetime) -> None:
    ann = history(now)
    result = analytics_refresh(ann.organization, now=now)
    first = ItemStats.objects.get(variant__concept__slug="open-questions", variant__position=0)
    assert result.answers > 6 and result.variants == ItemStats.objects.count()
    assert first.people == 3 and first.first_try_correct == pytest.approx(2 / 3)
    assert first.later_reviews == 3 and first.later_recalled == 2
    assert first.picks == {"0": pytest.approx(2 / 3), "1": pytest.approx(1 / 3)}
    assert ["answer given away by length", "the correct option is the longest of 3"] in first.flags
    assert ConceptCalibration.objects.get(concept__slug="open-questions").reviews == 3
    analytics_refresh(ann.organization, now=now)  # again: replaced, not doubled
    assert ItemStats.objects.filter(variant=first.variant).count() == 1
    assert AnalyticsRefresh.objects.get(organization=ann.organization).answers == result.answers


def test_an_author_walks_from_package_to_module_to_variant_in_few_queries(
    client: Client, now: datetime, django_assert_max_num_queries: Any
) -> None:
    ann = history(now)
    analytics_refresh(ann.organization, now=now)
    client.force_login(ann.user)
    with django_assert_max_num_queries(8):
        page = client.get("/analytics/").content.decode()
    assert "Mini Academy" in page and "Figures as of" in page
    with django_assert_max_num_queries(9):
        page = client.get("/analytics/mini-academy/").content.decode()
    assert "Listening basics" in page
    with django_assert_max_num_queries(9):
        page = client.get("/analytics/mini-academy/basics/").content.decode()
    assert "answer given away by length" in page and "Open questions" in page
    assert 'class="chart chart-square"' in page and "predicted against observed" in page
    with django_assert_max_num_queries(9):
        page = client.get("/analytics/mini-academy/basics/open-questions/0/").content.decode()
    assert "the correct option is the longest of 3" in page and "“Why?” (correct)" not in page
    assert "Share of 4 answers choosing each" in page or "Share of 3 answers choosing each" in page
    assert "of 3 reviews" in page


def test_every_table_exports_as_csv_with_formulas_escaped(client: Client, now: datetime) -> None:
    ann = history(now)
    cm.Module.objects.filter(slug="basics").update(title="=HYPERLINK(1)")
    analytics_refresh(ann.organization, now=now)
    client.force_login(ann.user)
    rows = list(csv.reader(io.StringIO(client.get("/analytics/mini-academy/export.csv").content.decode())))
    assert rows[0][:3] == ["id", "title", "answers"]
    assert ["basics", "'=HYPERLINK(1)"] in [r[:2] for r in rows]
    module = list(csv.reader(io.StringIO(client.get("/analytics/mini-academy/basics/export.csv").content.decode())))
    assert module[0][0] == "concept" and any("answer given away by length" in r[-1] for r in module[1:])
    for url in (
        "/analytics/export.csv",
        "/analytics/mini-academy/basics/calibration.csv",
        "/analytics/mini-academy/basics/open-questions/0/export.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_pages_say_when_there_are_no_figures_yet(client: Client, now: datetime) -> None:
    learner(now)
    ann = member(now, "acme", "ann@acme.test", is_admin=True)
    client.force_login(ann.user)
    assert "No figures yet" in client.get("/analytics/").content.decode()
    assert "no answers yet" in client.get("/analytics/mini-academy/basics/").content.decode()
    cue_in_first_question(now)  # what the content gives away shows before anyone answers
    page = client.get("/analytics/mini-academy/basics/open-questions/0/").content.decode()
    assert "the correct option is the longest of 3" in page and "No answers yet" in page


def test_learners_see_no_analytics(client: Client, now: datetime) -> None:
    history(now)
    lee = Person.objects.get(user__email="lee@acme.test")
    client.force_login(lee.user)
    for url in ("/analytics/", "/analytics/export.csv", "/analytics/mini-academy/basics/"):
        assert client.get(url).status_code == 404
    assert "/analytics/" not in client.get("/").content.decode()


def test_an_author_never_sees_another_organizations_content(client: Client, now: datetime) -> None:
    ann = history(now)
    analytics_refresh(ann.organization, now=now)
    other = learner(now, org="globex", email="gil@globex.test")
    Person.objects.filter(pk=other.pk).update(is_author=True)
    client.force_login(other.user)
    page = client.get("/analytics/").content.decode()
    assert "No figures yet" in page  # globex has its own copy of the package and no refresh
    module = client.get("/analytics/mini-academy/basics/").content.decode()
    assert "no answers yet" in module and "answer given away by length" not in module
    client.force_login(ann.user)
    assert client.get("/analytics/no-such-package/").status_code == 404
    assert client.get("/analytics/mini-academy/basics/open-questions/9/").status_code == 404


def test_the_command_refreshes_an_organization(now: datetime) -> None:
    ann = history(now)
    out = io.StringIO()
    call_command("analytics", "--org", "acme", stdout=out)
    assert "answers → figures for" in out.getvalue()
    assert ItemStats.objects.filter(organization=ann.organization).exists()


def test_the_nightly_task_refreshes_and_skips_a_missing_organization(now: datetime) -> None:
    from skillpath.analytics.tasks import nightly_analytics
    from skillpath.operations.scheduling import nightly_tasks

    ann = history(now)
    assert nightly_analytics in nightly_tasks()
    outcome = nightly_analytics.call(organization_id=ann.organization_id)
    assert outcome["answers"] == AnalyticsRefresh.objects.get(organization=ann.organization).answers > 0
    assert nightly_analytics.call(organization_id=999_999) == {"skipped": "no such organization"}
