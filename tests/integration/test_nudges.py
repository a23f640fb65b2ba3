from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail

from skillpath import clock
from skillpath.domain.nudging import CertificateAlert, Digest, MilestoneAlert
from skillpath.nudges import services as nudge_services
from skillpath.nudges import tasks as nudge_tasks
from skillpath.nudges.messages import lines, subject
from skillpath.nudges.models import NudgeSent, NudgeSettings
from skillpath.nudges.selectors import digest_for, nudge_candidates
from skillpath.nudges.services import nudge_deliver
from skillpath.nudges.webhooks import WebhookFailed, post_json
from skillpath.people.models import Person
from tests.integration.learning_helpers import do_check, learner
from tests.integration.test_certificates import certified

pytestmark = pytest.mark.django_db

# The learner did their first check on Monday 2 March 2026; ten days later reinforcement is due.
LATER = datetime(2026, 3, 12, tzinfo=UTC)  # New York is on daylight time (UTC-4) from 8 March


def utc_at(hour: int, minute: int = 0, day: datetime = LATER) -> datetime:
    return day.replace(hour=hour, minute=minute)


def refused(url: str, payload: dict[str, Any]) -> None:
    raise AssertionError("no webhook is configured: nothing may be posted")


@pytest.fixture
def lee(now: datetime) -> Person:
    person = learner(now)
    do_check(person, "basics", now)
    person.timezone = "America/New_York"
    person.reminder_time = time(8, 0)
    person.save()
    return Person.objects.select_related("organization", "user").get(pk=person.pk)


def test_the_digest_waits_for_the_local_reminder_time_in_the_persons_zone(lee: Person) -> None:
    assert nudge_candidates(utc_at(11, 59)) == []  # 07:59 in New York
    assert nudge_deliver(lee, now=utc_at(11, 59), post=refused).channels == ()
    assert nudge_candidates(utc_at(12, 0)) == [lee.pk]  # 08:00 in New York
    assert nudge_deliver(lee, now=utc_at(12, 0), post=refused).channels == ("email",)
    assert [m.to for m in mail.outbox] == [["lee@acme.test"]]


def test_no_second_message_on_the_same_local_day_but_one_the_next(lee: Person) -> None:
    nudge_deliver(lee, now=utc_at(12), post=refused)
    assert nudge_deliver(lee, now=utc_at(20), post=refused).channels == ()
    assert nudge_candidates(utc_at(23, 30)) == []  # 19:30 in New York: still the same day
    assert len(mail.outbox) == 1
    next_day = utc_at(12, day=LATER + timedelta(days=1))
    assert nudge_candidates(next_day) == [lee.pk]
    assert nudge_deliver(lee, now=next_day, post=refused).channels == ("email",)
    assert sorted(NudgeSent.objects.values_list("local_date", flat=True)) == [
        LATER.date(),
        LATER.date() + timedelta(days=1),
    ]


def test_the_local_day_not_the_utc_day_counts(lee: Person) -> None:
    nudge_deliver(lee, now=utc_at(12), post=refused)
    early_utc_next_day = utc_at(2, day=LATER + timedelta(days=1))  # 22:00 the same evening in New York
    assert nudge_deliver(lee, now=early_utc_next_day, post=refused).channels == ()


def test_quiet_hours_hold_the_digest_until_they_end(lee: Person) -> None:
    lee.quiet_start, lee.quiet_end = time(7), time(9)
    lee.save()
    assert nudge_candidates(utc_at(12, 30)) == []  # 08:30 in New York: quiet
    assert nudge_deliver(lee, now=utc_at(12, 30), post=refused).channels == ()
    assert nudge_deliver(lee, now=utc_at(13, 0), post=refused).channels == ("email",)


def test_nothing_is_sent_to_a_person_who_turned_reminders_off(lee: Person) -> None:
    lee.reminders_enabled = False
    lee.save()
    assert nudge_candidates(utc_at(12), any_time=True) == []
    assert nudge_deliver(lee, now=utc_at(12), post=refused).verdict == "opted_out"
    assert mail.outbox == [] and not NudgeSent.objects.exists()


def test_the_email_has_a_text_and_an_html_part_with_the_link_into_the_session(lee: Person, settings: Any) -> None:
    settings.PUBLIC_URL = "https://learn.acme.test"
    nudge_deliver(lee, now=utc_at(12), post=refused)
    (message,) = mail.outbox
    assert message.subject == "SkillPath: 2 ideas to refresh today"
    assert "2 ideas are due for reinforcement today" in message.body
    assert "https://learn.acme.test/" in message.body and "https://learn.acme.test/settings/" in message.body
    (html, kind) = message.alternatives[0]  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert 'href="https://learn.acme.test/"' in str(html) and "Start today's session" in str(html)


def test_a_day_with_nothing_to_say_sends_nothing_and_is_not_asked_again(now: datetime) -> None:
    person = learner(now)  # nothing learned yet: no reinforcement; the 30-day milestone is far off
    delivery = nudge_deliver(person, now=now + timedelta(hours=1), post=refused)
    assert delivery.channels == () and delivery.digest is not None and not delivery.digest.worth_sending
    assert list(NudgeSent.objects.values_list("channel", flat=True)) == ["none"]
    assert nudge_candidates(now + timedelta(hours=2)) == []
    assert mail.outbox == []


def test_a_milestone_coming_up_is_worth_a_digest_on_its_own(now: datetime) -> None:
    person = learner(now)
    in_25_days = now + timedelta(days=25)  # "Onboarded" is due on day 30
    digest = digest_for(person, now=in_25_days)
    assert digest.due_count == 0 and [m.title for m in digest.milestones] == ["Onboarded"]
    nudge_deliver(person, now=in_25_days, post=refused)
    assert mail.outbox[0].subject == "SkillPath: Milestone “Onboarded” is due Wednesday 1 April"


def test_a_certificate_at_risk_then_recently_expired_is_mentioned(now: datetime) -> None:
    person, _ = certified(now)  # on day 15, valid for 365 days
    fading = digest_for(person, now=now + timedelta(days=300))  # long without practice: skills fade
    assert [(c.title, c.expired) for c in fading.certificates] == [("Certified Seller", False)]
    lapsed = digest_for(person, now=now + timedelta(days=400))
    assert [(c.title, c.expired) for c in lapsed.certificates] == [("Certified Seller", True)]


def test_a_message_already_claimed_by_another_job_is_not_sent_again(lee: Person) -> None:
    NudgeSent.objects.create(
        organization=lee.organization, person=lee, local_date=LATER.date(), channel="email", sent_at=utc_at(12)
    )
    assert nudge_deliver(lee, now=utc_at(12, 1), post=refused).channels == ()
    assert mail.outbox == []


@pytest.fixture
def chat_server() -> Iterator[list[dict[str, Any]]]:
    """An incoming-webhook stand-in on 127.0.0.1; it records each JSON body it receives."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200 if self.path == "/hooks/ok" else 500)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    received.append({"base": f"http://127.0.0.1:{server.server_port}"})
    yield received
    server.shutdown()
    server.server_close()


def test_the_digest_also_goes_to_the_organizations_chat_webhook(lee: Person, chat_server: list[dict[str, Any]]) -> None:
    base = chat_server.pop()["base"]
    NudgeSettings.objects.create(organization=lee.organization, webhook_url=f"{base}/hooks/ok")
    assert nudge_deliver(lee, now=utc_at(12)).channels == ("email", "webhook")
    (payload,) = chat_server
    assert list(payload) == ["text"]
    assert payload["text"].startswith("SkillPath reminder for Lee\n• 2 ideas are due for reinforcement today")
    assert payload["text"].endswith("Start today's session: http://127.0.0.1:8000/")


def test_a_failed_webhook_is_sent_on_retry_without_a_second_email(
    lee: Person, chat_server: list[dict[str, Any]]
) -> None:
    base = chat_server.pop()["base"]
    hook = NudgeSettings.objects.create(organization=lee.organization, webhook_url=f"{base}/hooks/broken")
    with pytest.raises(WebhookFailed, match=r"answered 500|HTTP Error 500"):
        nudge_deliver(lee, now=utc_at(12))
    assert sorted(NudgeSent.objects.values_list("channel", flat=True)) == ["email"]
    hook.webhook_url = f"{base}/hooks/ok"
    hook.save()
    assert nudge_deliver(lee, now=utc_at(12, 15)).channels == ("webhook",)
    assert len(mail.outbox) == 1 and len(chat_server) == 2


def test_only_http_webhooks_are_called() -> None:
    with pytest.raises(WebhookFailed, match="not an http"):
        post_json("file:///etc/passwd", {"text": "x"})


def test_finding_who_is_due_takes_two_queries_however_many_people(
    lee: Person, now: datetime, django_assert_num_queries: Any
) -> None:
    for n in range(5):
        learner(now, email=f"p{n}@acme.test")
    with django_assert_num_queries(2):
        due = nudge_candidates(utc_at(12), any_time=True)
    assert len(due) == 6


def test_the_words_for_missed_milestones_and_certificates() -> None:
    missed = MilestoneAlert("Onboarded", date(2026, 3, 1), missed=True)
    at_risk, lapsed = CertificateAlert("Certified Seller", expired=False), CertificateAlert("Old", expired=True)
    digest = Digest(0, 0.0, (), milestones=(missed,), certificates=(at_risk, lapsed))
    assert subject(digest) == "Milestone “Onboarded” was due Sunday 1 March"
    assert lines(digest) == [
        "Milestone “Onboarded” was due Sunday 1 March; it is still within reach.",
        "Your certificate “Certified Seller” is at risk: a required skill is fading.",
        "Your certificate “Old” has expired: refreshing its skills renews it.",
    ]
    assert subject(Digest(0, 0.0, (), certificates=(at_risk,))) == "Your certificate “Certified Seller” needs a refresh"


def test_a_batch_sends_everyone_it_can_and_fails_naming_the_others(
    lee: Person, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = learner(now, email="kim@acme.test")
    do_check(other, "basics", now)
    real = nudge_services.nudge_deliver

    def deliver(person: Person, **kwargs: Any) -> Any:
        if person.pk == lee.pk:
            raise WebhookFailed("hook down")
        return real(person, **kwargs)

    monkeypatch.setattr(nudge_tasks, "nudge_deliver", deliver)
    clock.travel_to(utc_at(12))
    try:
        with pytest.raises(nudge_tasks.NudgesFailed, match=f"1 of 2 digests failed: person {lee.pk}: WebhookFailed"):
            nudge_tasks.nudges_send.call(person_ids=[lee.pk, other.pk])
    finally:
        clock.travel(timedelta(0))
    assert [m.to for m in mail.outbox] == [["kim@acme.test"]]
