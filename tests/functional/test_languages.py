"""The interface's language: the person's own setting, else the browser's, else English (docs/i18n.md);
dates, numbers and times as that language writes them, in the person's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any
from unittest.mock import patch

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.core import mail
from django.template import Context, Template
from django.test import Client, TestCase
from django.utils import translation

from skillpath.api.models import ApiToken
from skillpath.api.services import token_create
from skillpath.config.formats import local_date
from skillpath.demo.people import PASSWORD
from skillpath.demo.services import demo_setup
from skillpath.domain.nudging import Digest, MilestoneAlert
from skillpath.nudges.messages import subject
from skillpath.nudges.services import nudge_deliver
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.crawl import crawl
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


def signed_in(client: Client, now: datetime, *, language: str = "", zone: str = "") -> Person:
    person = learner(now)
    Person.objects.filter(pk=person.pk).update(language=language, timezone=zone, welcomed_at=now)
    client.force_login(person.user)
    return person


def html_lang(response: Any) -> str:
    text: str = response.content.decode()
    start = text.index('<html lang="') + len('<html lang="')
    return text[start : text.index('"', start)]


def test_a_person_who_chose_german_gets_german_pages(client: Client, now: datetime) -> None:
    signed_in(client, now, language="de")
    response = client.get("/settings/api-tokens/")
    assert response.status_code == 200
    assert response["Content-Language"] == "de" and html_lang(response) == "de"
    assert "Accept-Language" in response["Vary"]
    assert "<h1>API-Tokens</h1>" in response.content.decode() and "Noch keine Tokens." in response.content.decode()
    settings_page = client.get("/settings/").content.decode()
    assert "<h1>Einstellungen</h1>" in settings_page and '<label for="language">Sprache</label>' in settings_page


def test_the_menus_follow_each_persons_language_and_page(client: Client, now: datetime) -> None:
    """The menus are rendered once per language, page and permissions, then reused: never another's."""
    person = signed_in(client, now, language="de")

    def menus(url: str) -> str:
        page = client.get(url).content.decode()
        return page.split('<nav class="top-nav"', 1)[1].split("</nav>", 1)[0] + page.split('class="bottom-nav"')[1]

    with translation.override("de"):
        today, skills = translation.gettext("Today"), translation.gettext("Skills")
    assert today != "Today" and skills != "Skills"
    german = menus("/skills/")
    assert f">{today}</a>" in german and 'href="/skills/" aria-current="page"' in german
    Person.objects.filter(pk=person.pk).update(language="en")
    english = menus("/path/")
    assert ">Today</a>" in english and today not in english
    assert 'href="/path/" aria-current="page"' in english and 'href="/skills/" aria-current' not in english
    Person.objects.filter(pk=person.pk).update(language="de")
    assert menus("/skills/") == german  # the same menu again, from the cache


def test_api_errors_speak_the_callers_language(client: Client) -> None:
    refused = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="es").json()
    assert refused["detail"].startswith("inicia sesión o envía un token de API")
    assert client.get("/api/v1/me").json()["detail"].startswith("sign in, or send an API token")


def test_the_browser_chooses_when_the_person_did_not(client: Client, now: datetime) -> None:
    signed_in(client, now)
    response = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    assert response["Content-Language"] == "es" and html_lang(response) == "es"


def test_the_persons_setting_wins_over_the_browser(client: Client, now: datetime) -> None:
    signed_in(client, now, language="de")
    response = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "de" and html_lang(response) == "de"


@pytest.mark.parametrize("header", ["fr-FR,fr;q=0.9", "", "xx"])
def test_a_language_we_do_not_have_falls_back_to_english(client: Client, header: str) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == "en" and html_lang(response) == "en"


def test_the_sign_in_page_follows_the_browser(client: Client) -> None:
    assert "<h1>Iniciar sesión</h1>" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<h1>Anmelden</h1>" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-CH,de;q=0.8").content.decode()
    assert "<h1>Sign in</h1>" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_an_anonymous_page_follows_the_browser(client: Client) -> None:
    response = client.post(
        "/accounts/login/", {"username": "nobody@acme.test", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response["Content-Language"] == "es" and html_lang(response) == "es"
    assert "Accept-Language" in response["Vary"]
    with translation.override("es"):
        refused = str(AuthenticationForm.error_messages["invalid_login"]) % {"username": "nombre de usuario"}
    assert refused.startswith("Por favor") and refused in response.content.decode()


def test_choosing_a_language_on_settings_applies_at_once_and_stays(client: Client, now: datetime) -> None:
    person = signed_in(client, now)
    form = {"reminder_time": "09:00", "language": "es"}
    response = client.post("/settings/", form, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200 and html_lang(response) == "es"
    person.refresh_from_db()
    assert person.language == "es"
    assert html_lang(client.get("/settings/", HTTP_ACCEPT_LANGUAGE="de")) == "es"
    response = client.post("/settings/", form | {"language": ""}, HTTP_ACCEPT_LANGUAGE="de")
    assert html_lang(response) == "de" and html_lang(client.get("/settings/", HTTP_ACCEPT_LANGUAGE="de")) == "de"
    assert 'value="" selected' not in response.content.decode()  # "the browser's" is the first option, unselected


def test_a_language_not_offered_is_refused_on_settings(client: Client, now: datetime) -> None:
    person = signed_in(client, now, language="de")
    response = client.post("/settings/", {"reminder_time": "09:00", "language": "fr"})
    assert response.status_code == 422 and 'id="language-error"' in response.content.decode()
    person.refresh_from_db()
    assert person.language == "de"


def test_settings_offer_each_language_in_its_own_words(client: Client, now: datetime) -> None:
    signed_in(client, now, language="es")
    page = client.get("/settings/").content.decode()
    assert '<option value="de" lang="de">Deutsch</option>' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page


@pytest.mark.parametrize(
    ("language", "long", "short", "weekday"),
    [
        ("en", "7 December 2026", "7 Dec 2026", "Monday 7 December"),
        ("de", "7. Dezember 2026", "07.12.2026", "Montag, 7. Dezember"),
        ("es", "7 de diciembre de 2026", "07/12/2026", "lunes, 7 de diciembre"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(language: str, long: str, short: str, weekday: str) -> None:
    day = date(2026, 12, 7)
    template = Template(
        '{% load skillpath %}{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|'
        '{{ d|local_date:"WEEKDAY_FORMAT" }}'
    )
    with translation.override(language):
        assert template.render(Context({"d": day})) == f"{long}|{short}|{weekday}"
        assert local_date(day) == long and local_date(day, "WEEKDAY_FORMAT") == weekday


def test_numbers_follow_the_language() -> None:
    template = Template("{{ x }} {{ x|floatformat:1 }}")
    with translation.override("de"):
        assert template.render(Context({"x": 0.25})) == "0,25 0,3"
    with translation.override("en"):
        assert template.render(Context({"x": 0.25})) == "0.25 0.3"


def test_percentages_are_written_as_each_language_writes_them() -> None:
    template = Template("{% load skillpath %}{{ x|percent }}")
    written = {}
    for language in ("en", "de", "es"):
        with translation.override(language):
            written[language] = template.render(Context({"x": 47}))
    assert written == {"en": "47%", "de": "47 %", "es": "47 %"}


def test_times_on_pages_are_in_the_persons_time_zone(client: Client, now: datetime) -> None:
    person = signed_in(client, now, language="de", zone="Europe/Berlin")
    token_create(person, "Reporting", "read", now=now)
    ApiToken.objects.filter(person=person).update(created_at=datetime(2026, 12, 7, 9, 5, tzinfo=UTC))
    assert "07.12.2026 10:05" in client.get("/settings/api-tokens/").content.decode()  # CET is UTC+1
    Person.objects.filter(pk=person.pk).update(timezone="", language="en")  # the organization's zone (UTC), at once
    assert "7 Dec 2026 09:05" in client.get("/settings/api-tokens/").content.decode()


# Attributes read by the browser as numbers (SVG geometry, number inputs, progress): never "0,5".
NUMERIC = {
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "width",
    "height",
    "viewbox",
    "points",
    "d",
    "min",
    "max",
    "step",
    "low",
    "high",
    "optimum",
    "transform",
    "stroke-width",
    "offset",
    "data-value",
}


class _Numbers(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type", "")
        for name, value in attrs:
            if name in NUMERIC or (name == "value" and (tag in ("meter", "progress") or kind in ("number", "range"))):
                self.found.append(f"{tag} {name}={value}")


def numbers(html: str) -> list[str]:
    parser = _Numbers()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("who", ["sam", "maya", "ada"])
def test_numbers_the_browser_reads_stay_numbers_in_every_language(who: str, now: datetime, client: Client) -> None:
    demo_setup(now=now, history=False)
    email = f"{who}@northwind.example.com"
    Person.objects.filter(user__email=email).update(language="en")
    assert client.login(username=email, password=PASSWORD)
    pages, _ = crawl(client, ["/", "/growth/diagnostic/"])
    assert len(pages) >= 5
    for language in ("de", "es"):
        Person.objects.filter(user__email=email).update(language=language)
        client.logout()
        assert client.login(username=email, password=PASSWORD)
        for page in pages:
            response = client.get(page.url)
            assert response.status_code == 200 and response["Content-Language"] == language, page.url
            assert numbers(response.content.decode()) == numbers(page.html), f"{language} {page.url}"


def test_scripts_get_their_messages_in_the_pages_language(client: Client, now: datetime) -> None:
    signed_in(client, now, language="de")
    page = client.get("/settings/").content.decode()
    assert '<script src="/jsi18n/" defer></script>' in page
    catalogue = client.get("/jsi18n/")
    assert catalogue.status_code == 200 and catalogue["Content-Language"] == "de"
    assert "django.gettext = function" in catalogue.content.decode()


@pytest.fixture
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": settings.TASK_QUEUES}
    }


@pytest.mark.usefixtures("_tasks_run_at_once")
def test_an_invitation_is_written_in_the_persons_language_else_the_admins(client: Client, now: datetime) -> None:
    admin = signed_in(client, now, language="es")
    Person.objects.filter(pk=admin.pk).update(is_admin=True)
    org = admin.organization
    eve = person_upsert(org, PersonSpec("eve@acme.test", "Eve", [("seller", None)]), password=None, today=now.date())
    person_upsert(org, PersonSpec("gil@acme.test", "Gil", [("seller", None)]), password=None, today=now.date())
    Person.objects.filter(pk=eve.pk).update(language="de")
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post("/admin-tools/people/invite", {"person": "all"}).status_code == 302
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["eve@acme.test"] == "Acme lädt Sie zu SkillPath ein"  # her own choice
    assert subjects["gil@acme.test"] == "Acme te invita a SkillPath"  # none: the admin's


def test_the_daily_digest_speaks_the_persons_language(now: datetime) -> None:
    lee = learner(now)
    do_check(lee, "basics", now)
    Person.objects.filter(pk=lee.pk).update(language="es")
    lee = Person.objects.select_related("organization", "user").get(pk=lee.pk)
    later = datetime(2026, 3, 12, 12, tzinfo=UTC)
    assert nudge_deliver(lee, now=later, any_time=True, post=refused).channels == ("email",)
    (message,) = mail.outbox
    assert message.subject == "SkillPath: 2 conceptos que repasar hoy"
    assert message.body.startswith("Hola, Lee:") and "2 conceptos tocan hoy de repaso" in message.body
    assert '<html lang="es">' in str(message.alternatives[0][0])  # type: ignore[attr-defined]
    assert translation.get_language() == "en"  # nothing after it inherits the person's language


def test_a_digest_names_days_as_the_persons_language_does() -> None:
    missed = Digest(0, 0.0, (), milestones=(MilestoneAlert("Onboarded", date(2026, 12, 7), missed=True),))
    with translation.override("de"):
        assert subject(missed) == "Meilenstein „Onboarded“ war am Montag, 7. Dezember fällig"
    with translation.override("es"):
        assert subject(missed) == "El hito «Onboarded» vencía el lunes, 7 de diciembre"
    assert subject(missed) == "Milestone “Onboarded” was due Monday 7 December"


def refused(url: str, payload: dict[str, Any]) -> None:
    raise AssertionError("no webhook is configured: nothing may be posted")


def test_a_refused_request_is_explained_in_the_browsers_language(client: Client) -> None:
    refused_es = client.get("/accounts/login/?q=a%00b", HTTP_ACCEPT_LANGUAGE="es", HTTP_ACCEPT="text/plain")
    assert refused_es.status_code == 400
    assert refused_es.content.decode().startswith("el campo 'q' contiene un carácter NUL")
    refused_de = client.get("/accounts/login/?q=a%00b", HTTP_ACCEPT_LANGUAGE="de", HTTP_ACCEPT="text/plain")
    assert refused_de.content.decode().startswith("das Feld 'q' enthält ein NUL-Zeichen")


def test_the_server_error_page_says_its_language(client: Client, now: datetime, settings: Any) -> None:
    signed_in(client, now, language="de")
    client.raise_request_exception = False
    settings.DEBUG = False
    with patch("skillpath.web.learner.render", side_effect=RuntimeError("boom")):
        response = client.get("/settings/")
    assert response.status_code == 500 and html_lang(response) == "de"
