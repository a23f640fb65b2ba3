"""The practice habit on Today, in Settings (days off), for admins (rule and holidays) and in the digest."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from skillpath import clock
from skillpath.domain.nudging import Digest
from skillpath.learning.habits import habit_for
from skillpath.nudges.messages import lines
from skillpath.people.models import Organization, Person
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def streak_text(client: Client) -> str:
    page = client.get("/").content.decode()
    return page.split('<section class="card habit"', 1)[1].split("</section>", 1)[0]


def test_answers_make_practice_days_and_today_shows_the_streak_over_three_days(client: Client, now: datetime) -> None:
    lee = learner(now)
    Organization.objects.filter(slug="acme").update(habit_daily_reviews=1)  # the mini modules are short
    client.force_login(lee.user)
    clock.travel_to(now)
    assert '<span class="habit-number">0</span> days in a row' in streak_text(client)  # opening pages counts nothing
    assert "1 more answer today makes it a practice day." in streak_text(client)
    for day, module in enumerate(["basics", "questions", "closing-talk"]):
        clock.travel_to(now + timedelta(days=day))
        do_check(lee, module, now + timedelta(days=day))
        assert f'<span class="habit-number">{day + 1}</span> day' in streak_text(client)
    clock.travel_to(now + timedelta(days=4))  # a day without practice in between
    assert '<span class="habit-number">0</span>' in streak_text(client)
    assert "Your longest streak: 3 days." in streak_text(client)


def test_a_day_off_freezes_the_streak_instead_of_breaking_it(client: Client, now: datetime) -> None:
    lee = learner(now)
    Organization.objects.filter(slug="acme").update(habit_daily_reviews=2)
    client.force_login(lee.user)
    clock.travel_to(now)
    do_check(lee, "basics", now)
    clock.travel_to(now + timedelta(days=1))
    client.post("/today/day-off", {"off": "1"})
    assert "Today is a day off" in streak_text(client)
    clock.travel_to(now + timedelta(days=2))
    assert '<span class="habit-number">1</span> day in a row' in streak_text(client)
    client.post("/today/day-off", {"off": "1"})
    client.post("/today/day-off", {"off": "0"})  # changed their mind
    assert Person.objects.get(pk=lee.pk).habit_days_off == [(now + timedelta(days=1)).date().isoformat()]


def test_days_off_in_settings_take_ranges_and_refuse_what_is_not_a_date(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    clock.travel_to(now)
    ok = client.post("/settings/days-off", {"days_off": "2026-03-10..2026-03-12\n\n2026-03-20"})
    assert ok.status_code == 200 and "Days off saved." in ok.content.decode()
    assert Person.objects.get(pk=lee.pk).habit_days_off == ["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-20"]
    bad = client.post("/settings/days-off", {"days_off": "2026-03-10\nnext friday"})
    assert bad.status_code == 422 and "line 2: &#x27;next friday&#x27; is not a date" in bad.content.decode()
    backwards = client.post("/settings/days-off", {"days_off": "2026-03-12..2026-03-10"})
    assert backwards.status_code == 422 and "ends before it starts" in backwards.content.decode()
    assert len(Person.objects.get(pk=lee.pk).habit_days_off) == 4  # nothing half-written


def test_an_admin_sets_the_rule_and_holidays_and_can_turn_the_habit_off(client: Client, now: datetime) -> None:
    lee = learner(now)
    client.force_login(lee.user)
    assert client.get("/admin-tools/habit/").status_code == 404  # not an admin
    Person.objects.filter(pk=lee.pk).update(is_admin=True)
    form = {"habit_enabled": "on", "habit_daily_reviews": "1", "habit_weekly_days": "3", "habit_holidays": "2026-12-25"}
    assert client.post("/admin-tools/habit/", form).status_code == 200
    org = Organization.objects.get(slug="acme")
    assert (org.habit_daily_reviews, org.habit_weekly_days, org.habit_holidays) == (1, 3, ["2026-12-25"])
    bad = client.post("/admin-tools/habit/", form | {"habit_weekly_days": "9", "habit_daily_reviews": "x"})
    assert bad.status_code == 422 and "from 1 to 7" in bad.content.decode() and "from 1 to 100" in bad.content.decode()
    client.post("/admin-tools/habit/", form | {"habit_enabled": ""})
    assert 'class="card habit"' not in client.get("/").content.decode()
    assert habit_for(Person.objects.select_related("organization").get(pk=lee.pk), now=now) is None


def test_another_organizations_holidays_and_answers_do_not_count(client: Client, now: datetime) -> None:
    lee = learner(now)
    other = learner(now, org="globex", email="gus@globex.test")
    do_check(other, "basics", now)
    Organization.objects.filter(slug="globex").update(habit_holidays=[(now - timedelta(days=1)).date().isoformat()])
    person = Person.objects.select_related("organization").get(pk=lee.pk)
    habit = habit_for(person, now=now)
    assert habit is not None and habit.today == 0 and habit.streak == 0


def test_the_digest_says_the_streak_and_what_keeps_it_going(now: datetime) -> None:
    lee = learner(now)
    Organization.objects.filter(slug="acme").update(habit_daily_reviews=2)
    do_check(lee, "basics", now)
    habit = habit_for(Person.objects.select_related("organization").get(pk=lee.pk), now=now + timedelta(days=1))
    said = lines(Digest(due_count=2, minutes=3.0, concepts=("A",), habit=habit))
    assert said[-1] == "Your practice streak is 1 day: 2 answers today keep it going (this week 1 of 5 practice days)."
