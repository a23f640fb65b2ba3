"""Managers' pages, certificates and their PDF in the reader's language: a German manager's team and report
pages, a Spanish visitor's verification page, and a German holder's certificate whoever downloads it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from skillpath.credentials.models import Certificate
from skillpath.people.models import Person
from tests.functional.test_team_heatmap import two_role_team
from tests.integration.credentials.issued import certify

pytestmark = pytest.mark.django_db


def test_a_german_manager_sees_the_team_and_a_report_in_german(client: Client) -> None:
    people = two_role_team(datetime.now(UTC))
    boss = people["boss"]
    boss.language = "de"
    boss.save(update_fields=["language"])
    client.force_login(boss.user)
    team = client.get("/team/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # their own setting wins
    assert (
        "Team-Kompetenzen" in team
        and "Sortieren nach" in team
        and "Beförderungsreife" in team
        and "Reife 0 % für Coach" in team
    )
    assert "Schwächste Konzepte im Team" in team and "Jede Zelle zeigt Stufe/Ziel" in team
    assert "Team skills" not in team and "Sort by" not in team and "Each cell reads" not in team
    assert '<td>0 %<span class="muted row-sub">' in team  # readiness in the heat map, as German writes it
    assert "Ann Both" in team and "Coaching" in team  # names and content stay as they are
    report = client.get(f"/team/{people['ann'].pk}/").content.decode()
    assert "Nur-Lese-Ansicht" in report and "Arbeit mit Fälligkeitsdatum zuweisen" in report
    assert "Ziel setzen" in report and "Letzte Aktivität" in report and "Noch keine Aktivität." in report
    assert "<h2>Lernpfad</h2>" in report and "<strong>Grundlagen</strong>" in report
    assert "(bereit zum Start)" in report and "(gesperrt)" in report  # a noun keeps its capital in a sentence
    assert re.search(r"= \d+ / \d+ = \d+ %</p>", report)  # readiness's formula ends as German writes a share
    assert "Read-only view" not in report and "Assign work with a due date" not in report


def test_a_german_admin_reads_the_nightly_fits_parts_in_german(client: Client, now: datetime) -> None:
    from tests.functional.test_memory_pages import admin, fitted

    person = admin(now)
    fitted(person.organization, now)
    Person.objects.filter(pk=person.pk).update(language="de")
    client.force_login(person.user)
    page = client.get("/settings/organization/").content.decode()
    assert "Letzte nächtliche Anpassung" in page and "<strong>Persönliche Skalen</strong>: übernommen" in page
    assert "Personal scales" not in page
    form = {"daily_minutes": "15", "timezone": "UTC", "reminders_enabled": "on", "reminder_time": "09:00"}
    client.post("/settings/organization/", form | {"desired_retention": "0.90", "quiet_start": "", "quiet_end": ""})
    history = client.get("/settings/organization/").content.decode()
    assert "<td>tägliche Standardzeit</td><td>10</td><td>15</td>" in history  # the core's label, translated


def test_a_new_organizations_fit_says_in_spanish_why_nothing_was_fitted(client: Client, now: datetime) -> None:
    from skillpath.learning.fitting import organization_fit
    from tests.functional.test_memory_pages import admin

    person = admin(now)
    organization_fit(person.organization, now=now)  # too few reviews: every part stays as it is
    client.force_login(person.user)
    page = client.get("/settings/organization/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<strong>Escalas personales</strong>: no adoptado" in page
    assert "(muy pocos repasos para ajustar el modelo (menos de 200 con un día o más de separación))" in page
    assert "too few reviews" not in page


def test_a_german_author_reads_the_content_analytics_in_german(client: Client, now: datetime) -> None:
    from skillpath.analytics.services import analytics_refresh
    from tests.functional.test_analytics_pages import history

    author = history(now)
    analytics_refresh(author.organization, now=now)
    Person.objects.filter(pk=author.pk).update(language="de")
    client.force_login(author.user)
    module = client.get("/analytics/mini-academy/basics/").content.decode()
    assert '<span class="flag">Antwort durch ihre Länge verraten</span>' in module
    assert "<td>67 %</td>" in module and "answer given away by length" not in module and "67%" not in module
    variant = client.get("/analytics/mini-academy/basics/open-questions/0/").content.decode()
    assert "<strong>Antwort durch ihre Länge verraten</strong>" in variant and ">67 %</text>" in variant
    assert "Was gewählt wurde" in variant and "67%" not in variant
    assert "die richtige Option ist die längste von 3" in variant and "the correct option" not in variant


def test_a_manager_without_a_language_gets_the_browsers(client: Client) -> None:
    people = two_role_team(datetime.now(UTC))
    client.force_login(people["boss"].user)
    assert "Team-Kompetenzen" in client.get("/team/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get("/team/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Team skills" in english and "Team-Kompetenzen" not in english


@pytest.fixture
def cert() -> Certificate:
    return certify("ann@acme.example.com", datetime.now(UTC) - timedelta(days=16))[1]


def test_the_verification_page_answers_in_spanish(client: Client, cert: Certificate) -> None:
    page = client.get(f"/credentials/{cert.id}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Válido: este certificado lo emitió" in page and "Comprobaciones" in page
    assert "La firma Ed25519 (eddsa-rdfc-2022) coincide con el contenido." in page
    assert "Verificar otra credencial" in page and "Checks" not in page
    valid_from = r'<dd><time datetime="\d{4}-\d\d-\d\dT[\d:]+Z">\d+ de \w+ de \d{4} a las \d\d:\d\d UTC</time></dd>'
    assert re.search(valid_from, page)  # the document's moment, as Spanish writes it
    verifier = client.get("/verify/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Verificar una credencial" in verifier and "Pega una credencial" in verifier
    refused = client.post("/verify/", {"credential": "{nope"}, HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 422 and "Esto no es JSON" in refused.content.decode()


def test_a_german_holders_pdf_is_german_whoever_downloads_it(
    client: Client, cert: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillpath.credentials import pdf

    rendered: list[str] = []

    class Capture:  # what WeasyPrint is given to lay out
        def __init__(self, string: str) -> None:
            rendered.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF"

    monkeypatch.setattr(pdf, "HTML", Capture)
    holder = cert.person
    holder.language = "de"
    holder.save(update_fields=["language"])
    assert client.get(f"/credentials/{cert.id}.pdf", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    holder.language = ""
    holder.save(update_fields=["language"])
    assert client.get(f"/credentials/{cert.id}.pdf", HTTP_ACCEPT_LANGUAGE="es").status_code == 200
    german, english = rendered
    assert '<html lang="de">' in german and "Hiermit wird bestätigt, dass" in german
    assert "Zum Prüfen scannen" in german and "Gültig bis" in german and "This certifies" not in german
    assert '<html lang="en">' in english and "This certifies that" in english  # no choice: the site's language


def test_a_path_assigned_to_a_team_is_titled_in_each_members_language(client: Client) -> None:
    from skillpath.coaching.models import Assignment

    people = two_role_team(datetime.now(UTC))
    ann, bob = people["ann"], people["bob"]
    ann.language = "es"
    ann.save(update_fields=["language"])
    client.force_login(people["boss"].user)
    due = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    for person in (ann, bob):
        form = {"target": f"person:{person.pk}", "what": "path:seller", "due_on": due}
        assert client.post("/team/assignments/new", form, HTTP_ACCEPT_LANGUAGE="de").status_code == 302
    titles = dict(Assignment.objects.values_list("person__name", "title"))
    assert titles == {"Ann Both": "Seller: ruta completa", "Bob Seller": "Seller: ganzer Lernpfad"}


def test_a_spanish_learner_reads_what_their_manager_asked_in_spanish(client: Client, now: datetime) -> None:
    from skillpath import clock
    from tests.functional.test_insights_pages import team

    clock.travel_to(now)
    try:
        people = team(now, size=1)
        ann = people["r0"]
        ann.language = "es"
        ann.save(update_fields=["language"])
        client.force_login(people["lead"].user)
        target, due = f"person:{ann.pk}", (now + timedelta(days=10)).date().isoformat()
        client.post("/team/notes/new", {"target": target, "kind": "coaching", "on": due, "text": "Two calls"})
        form = {"target": target, "what": "path:seller", "due_on": due, "note": "Before the review"}
        client.post("/team/assignments/new", form)
        form = {"target": target, "kind": "outcome", "outcome": "Discovery calls", "measure": "5", "due_on": due}
        client.post("/team/goals/new", form)
        client.force_login(ann.user)
        today = client.get("/").content.decode()
        assert "De tu responsable" in today and "Conversación el" in today and "Two calls" in today
        assert "Asignado a ti" in today and "Seller: ruta completa" in today and "Asignado por Lead" in today
        assert "<p>«Before the review»</p>" in today  # quoted as Spanish quotes
        assert "Tus objetivos" in today and "0 de 5 hasta ahora" in today and "Registrar un seguimiento" in today
    finally:
        clock.travel(timedelta(0))
