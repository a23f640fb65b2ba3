"""A German- or Spanish-speaking learner gets Today, the lesson, the practice and its feedback in their language."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from skillpath.people.models import Person
from tests.functional.test_learner_pages import answer_current, signed_in

pytestmark = pytest.mark.django_db

PAGES = {
    "de": {
        "today": ["<h1>Heute</h1>", "Heutige Einheit starten", "Mein Lernpfad"],
        "module": ["Jetzt üben", "Übung starten", "bestanden ab 80 %"],
        "feedback": ["Richtig", "Weiter"],
        "wrong": ["Nicht ganz", "Warum:"],
        "skills": ["Kompetenzen", "Warum Stufe"],
    },
    "es": {
        "today": ["<h1>Hoy</h1>", "Empezar la sesión de hoy", "Mi ruta"],
        "module": ["Practica ahora", "Empezar a practicar", "se aprueba con 80 %"],
        "feedback": ["Correcto", "Continuar"],
        "wrong": ["No del todo", "Por qué:"],
        "skills": ["Habilidades", "¿Por qué nivel"],
    },
}


@pytest.mark.parametrize(
    ("language", "chosen"),
    [("de", True), ("es", False)],
    ids=["German chosen in Settings", "Spanish asked for by the browser"],
)
def test_today_the_lesson_and_the_feedback_are_in_the_learners_language(
    language: str, chosen: bool, now: datetime
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en" if chosen else f"{language},en;q=0.5")
    person = signed_in(client, now)
    if chosen:  # chosen on Settings: kept with the sign-in
        Person.objects.filter(pk=person.pk).update(language=language)
        client.force_login(person.user)
    words = PAGES[language]
    today = client.get("/").content.decode()
    assert all(word in today for word in words["today"]), today
    assert "Start today's session" not in today
    module = client.get("/modules/basics/").content.decode()
    assert all(word in module for word in words["module"]), module
    check = client.post("/modules/basics/start")["Location"]
    wrong = answer_current(client, check, right=False)
    assert all(word in wrong for word in words["wrong"]), wrong
    feedback = answer_current(client, check)
    assert all(word in feedback for word in words["feedback"]), feedback
    skills = client.get("/skills/").content.decode()
    assert all(word in skills for word in words["skills"]), skills


def test_english_stays_the_default(now: datetime) -> None:
    client = Client()
    signed_in(client, now)
    assert "Start today's session" in client.get("/").content.decode()


def test_the_scripts_messages_come_in_the_pages_language() -> None:
    german = Client(HTTP_ACCEPT_LANGUAGE="de").get("/jsi18n/").content.decode()
    assert "verschiebbarer Eintrag" in german and "Vorherige Phase" in german
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get("/jsi18n/").content.decode()
    assert "elemento movible" in spanish and "Etapa anterior" in spanish
