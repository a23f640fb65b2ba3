"""Phones: a bottom navigation bar, enlargeable lesson images, reflowing tables, branded error pages."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.template.loader import get_template
from django.test import Client

from skillpath.content.services import organization_ensure
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


def test_every_signed_in_page_has_a_bottom_navigation_with_the_rest_under_more(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    page = client.get("/skills/").content.decode()
    bottom = page.split('<nav class="bottom-nav" aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert 'href="/skills/" aria-current="page"' in bottom
    more = bottom.split("<details", 1)[1]
    assert "Settings" in more and "Certificates" in more and "Team" not in more  # Lee manages nobody
    Person.objects.filter(pk=lee.pk).update(is_manager=True)
    assert ">Team</a>" in client.get("/skills/").content.decode().split('class="bottom-nav"', 1)[1]


def test_a_missing_page_is_branded_with_a_way_back(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "This page is not here" in page and 'class="bottom-nav"' in page and 'href="/path/"' in page
    anonymous = Client().get("/no-such-page/").content.decode()
    assert "This page is not here" in anonymous and "bottom-nav" not in anonymous


def test_the_server_error_page_renders_without_a_request_and_offers_navigation() -> None:
    html = get_template("500.html").render()  # as Django's server_error view renders it: no request, no user
    assert "Something went wrong on our side" in html and 'href="/"' in html and "skillpath.css" in html


def test_growth_and_report_tables_carry_labels_to_reflow_on_phones(client: Client, now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    client.force_login(lee.user)
    page = client.get("/growth/").content.decode()
    assert '<table class="gaps reflow">' in page and 'data-label="What closes it"' in page
    spec = PersonSpec("r@acme.test", "Report", [("seller", None)], manager_email="lee@acme.test")
    them = person_upsert(organization_ensure("acme"), spec, password=None, today=now.date())
    do_check(them, "basics", now)
    Person.objects.filter(pk=lee.pk).update(is_manager=True)
    report = client.get(f"/team/{them.pk}/").content.decode()
    assert '<table class="history reflow">' in report and 'data-label="Score"' in report


def test_a_lesson_image_links_to_its_full_size(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    page = client.get("/modules/basics/").content.decode()
    assert '<a class="zoom" href="/media/mini-academy/ear.svg" data-zoom><img src="/media/mini-academy/ear.svg"' in page
    assert "lesson.js" in page
