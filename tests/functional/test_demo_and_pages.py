from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from skillpath.content.services import package_import
from skillpath.demo.history import simulate_history
from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup
from skillpath.learning import models as lm
from skillpath.people.models import Person
from skillpath.web.views import byte_range
from tests.helpers import mini_source
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


def test_demo_setup_runs_twice_without_duplicates(now: datetime) -> None:
    first = demo_setup(now=now, history=False)
    second = demo_setup(now=now, history=False)
    assert first.content.status == "created"
    assert second.content.status == "unchanged"
    assert Person.objects.count() == len(first.people) == 11
    maya = Person.objects.get(user__username="maya@northwind.example.com")
    assert set(maya.direct_reports.values_list("name", flat=True)) == {"Sam Rivera", "Priya Natarajan", "Tom Becker"}


def test_signed_in_person_sees_their_role_path(now: datetime, client: Client) -> None:
    demo_setup(now=now, history=False)
    assert client.login(username="sam@northwind.example.com", password=PASSWORD)
    page = client.get("/path/").content.decode()
    assert "Sales Executive" in page
    assert "Objection handling techniques" in page
    assert "Customer Support" not in page  # not Sam's role


def test_jo_learns_customer_support_in_german_and_leo_in_english(now: datetime, client: Client) -> None:
    demo_setup(now=now, history=False)
    assert client.login(username="jo@northwind.example.com", password=PASSWORD)
    path = client.get("/path/").content.decode()
    assert "Kundensupport" in path and "Triage und Schweregrade" in path
    lesson = client.get("/modules/support-triage/").content.decode()
    assert 'lang="de"' in lesson and "Schweregrad" in lesson
    assert client.login(username="leo@northwind.example.com", password=PASSWORD)
    assert "Triage und Schweregrade" not in client.get("/path/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_renders(client: Client) -> None:
    assert b"Sign in" in client.get("/accounts/login/").content


def test_an_account_without_membership_is_refused(client: Client) -> None:
    User.objects.create_user("stray", password="x-very-long-pass")
    client.login(username="stray", password="x-very-long-pass")
    assert client.get("/").status_code == 403


def test_media_is_served_only_within_the_organization(now: datetime, client: Client) -> None:
    demo_setup(now=now, history=False)
    package_import("globex", mini_source(), now=now)
    client.login(username="sam@northwind.example.com", password=PASSWORD)
    own = client.get("/media/northwind-academy/sales-executive-product-map.svg")
    assert own.status_code == 200
    assert own["Content-Type"] == "image/svg+xml"
    assert client.get("/media/mini-academy/ear.svg").status_code == 404  # another organization's package


def test_home_page_query_count_does_not_grow_with_modules(
    now: datetime, client: Client, django_assert_max_num_queries: object
) -> None:
    demo_setup(now=now, history=False)
    client.login(username="maya@northwind.example.com", password=PASSWORD)
    client.get("/path/")  # warm the curriculum cache
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get("/path/")


def test_demo_history_is_made_by_the_real_engine_and_only_once(now: datetime) -> None:
    demo_setup(now=now, history=False)
    tom = Person.objects.get(user__username="tom@northwind.example.com")  # started 14 days ago
    made = simulate_history(tom, today=now.date())
    assert made > 10
    assert lm.Attempt.objects.filter(person=tom).count() == made
    assert lm.Attempt.objects.filter(person=tom).latest("submitted_at").submitted_at < now
    assert lm.ModuleProgress.objects.filter(person=tom, passed_at__isnull=False).exists()
    assert lm.MemoryState.objects.filter(person=tom).count() > 3
    assert simulate_history(tom, today=now.date()) == 0


def _derived(person: Person) -> tuple[object, ...]:
    memory = sorted(
        lm.MemoryState.objects.filter(person=person).values_list(
            "concept_id", "stability", "difficulty", "due", "reviews", "lapses", "spaced_recalls", "variants_seen"
        )
    )
    progress = sorted(
        lm.ModuleProgress.objects.filter(person=person).values_list(
            "module_id", "started_at", "best_score", "checks", "passed_at"
        )
    )
    skills = sorted(lm.SkillState.objects.filter(person=person).values_list("skill_id", "level", "fading_on"))
    milestones = sorted(lm.MilestoneReached.objects.filter(person=person).values_list("milestone_id", "reached_at"))
    checks = sorted(
        lm.ModuleCheck.objects.filter(person=person).values_list("id", "variants", "completed_at", "score", "passed"),
        key=lambda r: str(r[0]),
    )
    return memory, progress, skills, milestones, checks


def test_demo_history_written_set_based_is_what_a_rebuild_replays(now: datetime) -> None:
    from skillpath.learning.rebuild import rebuild_organization

    demo_setup(now=now, history=False)
    tom = Person.objects.get(user__username="tom@northwind.example.com")
    assert simulate_history(tom, today=now.date()) > 10
    written = _derived(tom)
    assert written[1] and written[2]  # progress and levels were written
    rebuild_organization(tom.organization)
    assert _derived(tom) == written


CLIP = "/media/northwind-academy/sales-executive-pipeline-evidence.mp4"


def test_a_lesson_video_from_the_package_plays_with_its_transcript(now: datetime, client: Client) -> None:
    demo_setup(now=now, history=False)
    do_check(Person.objects.get(user__username="sam@northwind.example.com"), "product-fundamentals", now)
    client.login(username="sam@northwind.example.com", password=PASSWORD)
    page = client.get("/modules/crm-proficiency/").content.decode()
    assert f'<video controls preload="none" src="{CLIP}"></video>' in page
    assert "<summary>Transcript</summary>" in page and "They loved the demo!" in page
    whole = client.get(CLIP)
    assert (whole.status_code, whole["Content-Type"], whole["Accept-Ranges"]) == (200, "video/mp4", "bytes")
    size = len(whole.content)
    assert 10_000 < size < 500_000
    assert whole.content[4:8] == b"ftyp"  # an MP4 container
    part = client.get(CLIP, HTTP_RANGE="bytes=100-199")
    assert (part.status_code, part["Content-Range"], part.content) == (
        206,
        f"bytes 100-199/{size}",
        whole.content[100:200],
    )
    assert client.get(CLIP, HTTP_RANGE=f"bytes={size}-").status_code == 416


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-", range(1000)),
        ("bytes=10-19", range(10, 20)),
        ("bytes=990-5000", range(990, 1000)),
        ("bytes=-100", range(900, 1000)),
        ("bytes=-5000", range(1000)),
        ("bytes=1000-", range(0)),
        ("bytes=20-10", range(0)),
        ("bytes=-0", range(0)),
        ("bytes=0-1,5-9", None),
        ("items=0-9", None),
        ("bytes=-", None),
    ],
)
def test_byte_ranges_are_parsed_as_rfc_9110_says(header: str | None, expected: range | None) -> None:
    assert byte_range(header, 1000) == expected


def test_demo_learners_are_at_day_10_30_60_and_90_of_their_paths() -> None:
    from datetime import date

    from skillpath.demo.people import demo_people

    today = date(2026, 12, 7)
    days = {spec.email.split("@")[0]: (today - spec.started_on).days for spec in demo_people(today) if spec.started_on}
    assert {days[n] for n in ("tom", "aisha", "sam", "dev", "priya", "jo", "omar", "maya", "leo", "grace")} == {
        10,
        30,
        60,
        90,
    }
    assert days["tom"] == 10 and days["sam"] == 30 and days["priya"] == 60 and days["maya"] == 90  # the sales team


def test_demo_people_follow_the_90_day_plan_made_when_they_started(now: datetime) -> None:
    from skillpath.insights.models import LearningPlan

    demo_setup(now=now, history=False)
    passed = {}
    for name in ("tom", "priya"):
        person = Person.objects.get(user__username=f"{name}@northwind.example.com")
        simulate_history(person, today=now.date())
        plan = LearningPlan.objects.get(person=person)
        assert plan.starts_on == person.started_on
        week = (now.date() - plan.starts_on).days // 7 + 1
        planned = sum(1 for w in plan.baseline.values() if w <= week)
        passed[name] = lm.ModuleProgress.objects.filter(person=person, passed_at__isnull=False).count()
        assert 1 <= passed[name] <= planned  # never ahead of the plan (a retake in progress aside)
    assert passed["priya"] > passed["tom"] + 3  # day 60 is well along the path, day 10 just started
