"""Reads of the nudges app: who is due a digest now, and what a person's digest says."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from skillpath.coaching.selectors import overdue_for_digest
from skillpath.content.models import Milestone
from skillpath.credentials.models import Certificate
from skillpath.credentials.selectors import certificates_page
from skillpath.domain.localtime import local_date
from skillpath.domain.nudging import (
    CertificateState,
    Digest,
    MilestoneState,
    ReminderPrefs,
    Verdict,
    certificate_alerts,
    digest_verdict,
    milestone_alerts,
)
from skillpath.learning.habits import habit_for
from skillpath.learning.models import MilestoneReached
from skillpath.learning.selectors import person_zone, queue_for_person
from skillpath.nudges.models import NudgeSent, NudgeSettings
from skillpath.people.models import Person, PersonRole

CONCEPTS_SHOWN = 5
PREFS_FIELDS = ("pk", "timezone", "reminders_enabled", "reminder_time", "quiet_start", "quiet_end")
CHUNK = 500  # ids per IN (...) query: far below SQLite's variable limit


def reminder_prefs(person: Person) -> ReminderPrefs:
    return ReminderPrefs(
        person.reminders_enabled, person_zone(person), person.reminder_time, person.quiet_start, person.quiet_end
    )


def nudge_candidates(now: datetime, *, any_time: bool = False) -> list[int]:
    """Ids of the people due a digest at ``now``: reminders on, their local reminder time has come (unless
    ``any_time``), outside quiet hours, and nothing recorded yet for their local day. 1 + n/500 queries."""
    due: dict[int, date] = {}
    people = (
        Person.objects.filter(reminders_enabled=True)
        .select_related("organization")
        .only(*PREFS_FIELDS, "organization__timezone")
    )
    for person in people.iterator(chunk_size=2000):
        prefs = reminder_prefs(person)
        if digest_verdict(prefs, now, last_digest_on=None, any_time=any_time) is Verdict.DUE:
            due[person.pk] = local_date(prefs.zone, now)
    if not due:
        return []
    earliest = min(due.values())
    ids = list(due)
    for start in range(0, len(ids), CHUNK):
        recorded = NudgeSent.objects.filter(person_id__in=ids[start : start + CHUNK], local_date__gte=earliest)
        for person_id, day in recorded.values_list("person_id", "local_date"):
            if person_id in due and day >= due[person_id]:
                del due[person_id]
    return sorted(due)


def webhook_url(person: Person) -> str:
    settings = NudgeSettings.objects.filter(organization_id=person.organization_id).first()
    return settings.webhook_url if settings else ""


def digest_for(person: Person, *, now: datetime) -> Digest:
    """Today's digest for the person: due reinforcement, milestones near or just missed, certificates at risk."""
    today = queue_for_person(person, now=now)
    due = [item.title for item in today.items if item.kind == "reinforcement"]
    local_today = now.astimezone(person_zone(person)).date()
    return Digest(
        due_count=today.due_count,
        minutes=today.minutes,
        concepts=tuple(due[:CONCEPTS_SHOWN]),
        milestones=milestone_alerts(_milestone_states(person), local_today),
        certificates=certificate_alerts(_certificate_states(person, now), now),
        overdue=tuple(v.title for v in sorted(overdue_for_digest(person, now=now), key=lambda v: v.due_on)),
        habit=habit_for(person, now=now),
    )


def _milestone_states(person: Person) -> list[MilestoneState]:
    starts = dict(PersonRole.objects.filter(person=person).values_list("role_id", "assigned_on"))
    reached = set(MilestoneReached.objects.filter(person=person).values_list("milestone_id", flat=True))
    milestones = Milestone.objects.filter(role_id__in=starts, retired_at=None).only("pk", "title", "day", "role_id")
    return [
        MilestoneState(m.title, starts.get(m.role_id, person.started_on) + timedelta(days=m.day), m.pk in reached)
        for m in milestones
    ]


def _certificate_states(person: Person, now: datetime) -> list[CertificateState]:
    if not Certificate.objects.filter(person=person, revoked_at=None).exists():
        return []  # most people: no need to load their whole record
    return [
        CertificateState(card.title, card.status, card.valid_until)
        for card in certificates_page(person, now=now)
        if card.id is not None
    ]
