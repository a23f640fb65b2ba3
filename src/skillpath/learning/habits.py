"""The practice habit of a person (``domain/habit.py``): answers per local day, their days off and the
organization's holidays and rule, read in one query (the person and organization rows come loaded)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate

from skillpath.domain.habit import MAX_STREAK_DAYS, Habit, HabitRule, habit_status
from skillpath.learning import models as lm
from skillpath.learning.selectors import person_zone
from skillpath.people.models import Organization, Person


def habit_rule(org: Organization) -> HabitRule:
    return HabitRule(org.habit_enabled, org.habit_daily_reviews, org.habit_weekly_days)


def iso_dates(values: object) -> set[date]:
    """The valid ISO dates of a stored JSON list (anything else is ignored: the lists are written checked)."""
    out = set()
    for value in values if isinstance(values, list) else []:
        try:
            out.add(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return out


def habit_for(person: Person, *, now: datetime) -> Habit | None:
    """The person's streak and week at ``now`` (None when the organization turned the habit off). 1 query."""
    org = person.organization
    if not org.habit_enabled:
        return None
    zone = person_zone(person)
    rows = (
        lm.Attempt.objects.filter(person=person, submitted_at__gte=now - timedelta(days=MAX_STREAK_DAYS + 1))
        .annotate(day=TruncDate("submitted_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    frozen = iso_dates(person.habit_days_off) | iso_dates(org.habit_holidays)
    return habit_status(habit_rule(org), dict(rows), now=now, zone=zone, frozen=frozen)
