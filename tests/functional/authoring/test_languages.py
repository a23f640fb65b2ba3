"""The content workspace in the author's language: its pages, and the validation errors of a broken draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.test import Client

from skillpath.people.models import Person
from tests.functional.authoring.test_workspace import fields

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Said:
    workspace: list[str]
    package: list[str]
    module: list[str]
    unknown: str
    yaml: str
    not_saved: str
    publish: str


PAGES = {
    "de": Said(
        workspace=["<h1>Inhalte</h1>", "Neues Paket", "Paket aus Dateien importieren", "Paket erstellen"],
        package=[
            "Prüfungen",
            "Kompetenzen und Rollen bearbeiten",
            "<strong>Grundlagen</strong>",
            "Entwurf verwerfen",
        ],
        module=[
            "<h1>Modul basics</h1>",
            "Speichern",
            "Block 1 (text)",
            "Konzept hinzufügen",
            "Bestehensgrenze (0–1)",
        ],
        unknown="unbekanntes Modul &#x27;gone&#x27; (modules/gone.yaml fehlt)",
        yaml="YAML-Syntaxfehler in diesem Feld in Zeile 2, Spalte 1",
        not_saved="Nicht gespeichert: Beheben Sie die unten markierten Fehler.",
        publish="Der Entwurf kann erst veröffentlicht werden, wenn",
    ),
    "es": Said(
        workspace=["<h1>Contenido</h1>", "Paquete nuevo", "Importar un paquete desde archivos", "Crear paquete"],
        package=[
            "Comprobaciones",
            "Editar habilidades y roles",
            "<strong>Fundamentos</strong>",
            "Descartar el borrador",
        ],
        module=[
            "<h1>Módulo basics</h1>",
            "Guardar",
            "Bloque 1 (text)",
            "Añadir concepto",
            "Puntuación para aprobar",
        ],
        unknown="módulo desconocido &#x27;gone&#x27; (no existe modules/gone.yaml)",
        yaml="error de sintaxis YAML en este campo en la línea 2, columna 1",
        not_saved="No se ha guardado: corrige los errores marcados abajo.",
        publish="El borrador no se puede publicar hasta que corrijas",
    ),
}


def missing(texts: list[str], page: str) -> list[str]:
    return [text for text in texts if text not in page]


def errors_of(page: str, field: str) -> str:
    found = re.search(rf'id="f-{field}-errors"[^>]*>(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("language", ["de", "es"])
def test_an_author_works_on_a_draft_in_their_language(author_client: Client, language: str) -> None:
    said = PAGES[language]

    def get(url: str) -> str:
        return str(author_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode())

    workspace = get("/content/")
    assert missing(said.workspace, workspace) == []
    assert author_client.post("/content/mini-academy/", HTTP_ACCEPT_LANGUAGE=language).status_code == 302
    package = get("/content/mini-academy/")
    assert missing(said.package, package) == []
    module = get("/content/mini-academy/modules/basics/")
    assert missing(said.module, module) == []

    form = fields(module)
    form["requires"] = "gone"
    typed = author_client.post(
        "/content/mini-academy/modules/basics/validate", form, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert said.unknown in errors_of(typed, "requires")
    saved = author_client.post(
        "/content/mini-academy/modules/basics/", {**form, "op": "save"}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert said.unknown in errors_of(saved, "requires")
    publish = get("/content/mini-academy/publish")
    assert said.publish in publish and said.unknown in publish

    form["lesson[1]"] = "reveal: [unclosed"
    broken = author_client.post(
        "/content/mini-academy/modules/basics/", {**form, "op": "save"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert broken.status_code == 422
    page = broken.content.decode()
    assert said.not_saved in page
    assert said.yaml in unescape(errors_of(page, "lesson-1"))


def test_without_a_language_the_workspace_stays_english(author_client: Client) -> None:
    workspace = author_client.get("/content/").content.decode()
    assert "<h1>Content</h1>" in workspace and "New package" in workspace


@pytest.mark.parametrize(("language", "heading"), [("de", "<h1>Inhalte</h1>"), ("es", "<h1>Contenido</h1>")])
def test_an_authors_own_language_wins_over_the_browsers(
    client: Client, author: Person, language: str, heading: str
) -> None:
    Person.objects.filter(pk=author.pk).update(language=language)
    client.force_login(author.user)
    workspace = client.get("/content/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert heading in workspace and f'<html lang="{language}">' in workspace
