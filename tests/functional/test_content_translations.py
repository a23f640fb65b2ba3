"""Translated content: a German-speaking learner sees the German lesson, activity, feedback and titles where the
package translates them (the original elsewhere) and is graded the same; invalid translations are refused."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from django.test import Client
from django.utils import translation

from skillpath.authoring.archives import zip_files
from skillpath.cli import main
from skillpath.content import models as cm
from skillpath.content.reader import read_package_zip
from skillpath.content.services import organization_ensure, package_import
from skillpath.domain.content import PackageInvalid
from skillpath.domain.content.translations import LANGUAGES, SOURCE_LANGUAGE
from skillpath.learning import models as lm
from skillpath.learning.curricula import content_index
from skillpath.learning.services import activity_of, attempt_submit
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import MINI, edit_yaml, form_fields, mini_source, perfect_response
from tests.integration.learning_helpers import do_check

pytestmark = pytest.mark.django_db


def person(now: datetime, email: str) -> Person:
    package_import("acme", mini_source(translated=True), now=now)
    return person_upsert(
        organization_ensure("acme"), PersonSpec(email, "Lee", [("seller", None)]), password=None, today=now.date()
    )


@contextmanager
def speaking(who: Person, language: str, client: Client | None = None) -> Iterator[None]:
    """The person's language setting (``client``: signed in again, as a sign-in reads it), and the active language
    for what the test calls directly."""
    who.language = language
    who.save(update_fields=["language"])
    if client is not None:
        client.force_login(who.user)
    with translation.override(language):
        yield


def test_the_translation_languages_are_the_platforms_other_languages(settings: Any) -> None:
    assert [code for code, _ in settings.LANGUAGES] == [SOURCE_LANGUAGE, *LANGUAGES]


def test_a_german_learner_sees_the_german_lesson_and_an_english_one_the_original(client: Client, now: datetime) -> None:
    lee = person(now, "lee@acme.test")
    with speaking(lee, "de", client):
        german = client.get("/modules/basics/").content.decode()
    assert "Grundlagen des Zuhörens" in german and "<strong>sie reden lassen</strong>" in german
    assert "Ein Ohr neben einer Sprechblase" in german and "Zusammenfassen" in german
    sam = person(now, "sam@acme.test")
    with speaking(sam, "en", client):
        english = client.get("/modules/basics/").content.decode()
    assert "Listening basics" in english and "<strong>let them talk</strong>" in english
    assert "Zuhörens" not in english


def test_a_module_without_a_german_file_falls_back_to_the_original(client: Client, now: datetime) -> None:
    lee = person(now, "lee@acme.test")
    with speaking(lee, "de", client):
        index = content_index(lee)
        page = client.get("/modules/closing-talk/")
    assert page.status_code == 200
    original = cm.Module.objects.get(slug="closing-talk")
    assert original.title in page.content.decode()
    assert index.curriculum.title("closing-talk") == original.title
    assert index.curriculum.title("basics") == "Grundlagen des Zuhörens"
    assert index.curriculum.paths[0].title == "Verkäufer/in"
    assert index.curriculum.skill_titles == {"listening": "Zuhören", "closing": "Abschluss"}
    assert [ms.title for ms in index.curriculum.milestones] == ["Eingearbeitet"]


def test_the_path_lists_the_german_module_titles(client: Client, now: datetime) -> None:
    lee = person(now, "lee@acme.test")
    with speaking(lee, "de", client):
        page = client.get("/path/").content.decode()
    assert "Grundlagen des Zuhörens" in page and "Bedarfsfragen" in page


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def test_a_german_learner_answers_the_german_activity_and_reads_german_feedback(client: Client, now: datetime) -> None:
    lee = person(now, "lee@acme.test")
    with speaking(lee, "de", client):
        started = client.post("/modules/basics/start")
        check_url = started["Location"]
        page = client.get(check_url).content.decode()
        variant = cm.Variant.objects.get(pk=_hidden(page, "variant"))
        activity = activity_of(variant, "de")
        assert activity.prompt in page and "Offene Fragen" in page
        assert activity_of(variant).prompt not in page
        action = re.search(r'<form method="post" action="([^"]+)" hx-post', page).group(1)  # type: ignore[union-attr]
        wrong = {"type": "choice", "selected": [1]} if activity.type == "choice" else None
        response = wrong or perfect_response(activity)
        fields = {"attempt_id": _hidden(page, "attempt_id"), "stamp": _hidden(page, "stamp"), "variant": variant.pk}
        feedback = client.post(action, {**fields, **form_fields(activity, response)}).content.decode()
    if activity.type == "choice":
        assert "Ja oder nein." in feedback and "Offene Fragen beginnen mit was, wie oder warum." in feedback
    else:
        assert "Eine offene Frage" in feedback or "Zusammenfassen" in feedback


@pytest.mark.parametrize(
    ("language", "typed", "score"),
    [("de", "Warum", 1.0), ("de", "how", 1.0), ("de", "wann", 0.0), ("en", "Warum", 0.0), ("en", "why", 1.0)],
)
def test_a_german_cloze_is_graded_against_the_german_answers_and_the_original_ones(
    now: datetime, language: str, typed: str, score: float
) -> None:
    lee = person(now, "lee@acme.test")
    do_check(lee, "basics", now)
    cloze = cm.Variant.objects.get(concept__slug="open-questions", position=1)
    with speaking(lee, language):
        result = attempt_submit(
            lee,
            client_id=uuid4(),
            variant_id=cloze.pk,
            response={"blanks": [typed]},
            duration_seconds=20,
            now=now + timedelta(days=3),
        )
    assert result.grade.score == score
    if score == 0 and language == "de":
        assert result.grade.feedback[0].expected == "was"


def test_an_invalid_translation_is_refused_by_validate_with_a_specific_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edit_yaml(
        mini_source(translated=True),
        "translations/de/modules/basics.yaml",
        lambda d: d["concepts"][0]["variants"][0]["options"][1].update(correct=True),
    )
    source["translations/de/modules/ghost.yaml"] = source["translations/de/modules/basics.yaml"]
    for name, data in source.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "translations/de/modules/basics.yaml: concepts[0].variants[0].options[1].correct: is true, the original has "
        "false; a translation keeps the original's structure and answers: copy this value from the original",
        "translations/de/modules/ghost.yaml: no module 'ghost' in the package (no modules/ghost.yaml); translate an "
        "existing module",
    ]


def test_validate_counts_the_translated_modules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, data in mini_source(translated=True).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out.endswith("1 media files; de: 2 of 3 modules translated\n")
    assert main(["validate", str(MINI)]) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["concepts"][0]["variants"][0]["options"].append({"text": "Noch eine?"}),
            "concepts[0].variants[0].options: has 3 options, the original has 2",
        ),
        (lambda d: d["concepts"].append(d["concepts"][0]), "concepts: has 3 concepts, the original has 2"),
    ],
)
def test_an_import_with_an_invalid_translation_is_refused_whole(now: datetime, change: Any, message: str) -> None:
    bad = edit_yaml(mini_source(translated=True), "translations/de/modules/basics.yaml", change)
    with pytest.raises(PackageInvalid) as caught:
        package_import("acme", bad, now=now)
    assert any(str(e).startswith(f"translations/de/modules/basics.yaml: {message}") for e in caught.value.errors)
    assert not cm.ContentPackage.objects.exists() and not cm.Module.objects.exists()


def _upload(client: Client, files: dict[str, bytes]) -> None:
    upload = io.BytesIO(zip_files(files))
    upload.name = "mini.zip"
    assert client.post("/content/upload", {"archive": upload})["Location"] == "/content/mini-academy/"


def test_an_author_publishes_a_translation_and_an_invalid_one_is_refused_with_its_reason(
    client: Client, now: datetime
) -> None:
    package_import("acme", mini_source(), now=now)
    ada = person_upsert(
        organization_ensure("acme"),
        PersonSpec("ada@acme.test", "Ada", [("seller", None)], is_author=True),
        password=None,
        today=now.date(),
    )
    client.force_login(ada.user)
    translated = edit_yaml(mini_source(translated=True), "package.yaml", lambda d: d.update(version="1.1.0"))
    bad = edit_yaml(translated, "translations/de/modules/questions.yaml", lambda d: d["concepts"][0]["variants"].pop())
    _upload(client, bad)
    refused = client.post("/content/mini-academy/publish")
    assert refused.status_code == 422
    assert "translations/de/modules/questions.yaml" in refused.content.decode()
    assert "has 1 variants, the original has 2" in refused.content.decode()
    assert cm.ContentPackage.objects.get().version == "1.0.0"
    _upload(client, translated)
    assert client.post("/content/mini-academy/publish").status_code == 200
    assert cm.Module.objects.get(slug="questions").translations["de"]["title"] == "Bedarfsfragen"
    exported = client.get("/content/mini-academy/versions/1.1.0.zip").content
    assert "translations/de/modules/questions.yaml" in read_package_zip(exported)


def test_a_failed_check_is_reviewed_in_german_even_when_answered_in_english(client: Client, now: datetime) -> None:
    lee = person(now, "lee@acme.test")
    do_check(lee, "basics", now, right=False)  # answered in English
    check = lm.ModuleCheck.objects.get(person=lee, module__slug="basics")
    with speaking(lee, "de", client):
        review = client.get(f"/checks/{check.pk}/review").content.decode()
    assert review.count("Welche Frage ist offen?") + review.count("Bringen Sie die Schritte") >= 1
    assert "Offene Fragen" in review or "Zusammenfassen" in review
    assert "Which question is open?" not in review


def test_the_growth_page_names_the_role_and_levels_in_german(client: Client, now: datetime) -> None:
    lee = person(now, "lee@acme.test")
    with speaking(lee, "de", client):
        growth = client.get("/growth/").content.decode()
    assert "Verkäufer/in" in growth and "Senior-Verkäufer/in" in growth
    with speaking(lee, "es", client):  # no Spanish translation: the original
        assert "Senior Seller" in client.get("/growth/").content.decode()


def test_content_is_shown_in_the_active_language_when_a_package_can_be_translated_into_it() -> None:
    from skillpath.content.localizing import content_language

    for active, shown in [("de", "de"), ("de-AT", "de"), ("es", "es"), ("en", None), ("fr", None)]:
        with translation.override(active):
            assert content_language() == shown
    with translation.override(None):
        assert content_language() is None
