from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import models

from skillpath.content import models as m
from skillpath.content.exporting import package_files
from skillpath.content.services import _Importer, package_import
from skillpath.domain.content import PackageInvalid
from tests.helpers import edit_yaml, mini_source

pytestmark = pytest.mark.django_db

CONTENT_MODELS: list[type[models.Model]] = [
    m.ContentPackage,
    m.Skill,
    m.Module,
    m.Concept,
    m.Variant,
    m.Role,
    m.RoleLevel,
    m.Milestone,
    m.CertificateSpec,
    m.MediaFile,
]


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every content row's fields, to compare the database before and after."""
    return {
        model.__name__: sorted(
            tuple(str(v) for v in row)
            for row in model._default_manager.values_list(*[f.attname for f in model._meta.concrete_fields])
        )
        for model in CONTENT_MODELS
    }


def bump(source: dict[str, bytes], version: str) -> dict[str, bytes]:
    return edit_yaml(source, "package.yaml", lambda d: d.update(version=version))


def test_import_creates_every_row(now: datetime) -> None:
    result = package_import("acme", mini_source(), now=now)
    assert (result.status, result.modules, result.retired) == ("created", 3, 0)
    assert m.Module.objects.count() == 3
    assert m.Concept.objects.count() == 5
    assert m.Variant.objects.count() == 9
    assert m.RoleLevel.objects.filter(role__slug="seller").count() == 2
    assert m.CertificateSpec.objects.get().requires == {"listening": 2, "closing": 3}
    assert m.MediaFile.objects.get().path == "media/ear.svg"
    basics = m.Module.objects.get(slug="basics")
    assert "<strong>let them talk</strong>" in basics.lesson_html[0]


def test_importing_the_same_package_twice_changes_nothing(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    before = snapshot()
    result = package_import("acme", mini_source(), now=now + timedelta(days=1))
    assert result.status == "unchanged"
    assert snapshot() == before


def test_invalid_package_changes_nothing(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    before = snapshot()
    bad = edit_yaml(bump(mini_source(), "1.1.0"), "modules/basics.yaml", lambda d: d.update(requires=["ghost"]))
    with pytest.raises(PackageInvalid):
        package_import("acme", bad, now=now)
    assert snapshot() == before


def test_failure_in_the_middle_of_an_import_rolls_everything_back(
    now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    package_import("acme", mini_source(), now=now)
    before = snapshot()

    def explode(self: _Importer, package: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(_Importer, "_roles", explode)
    changed = edit_yaml(bump(mini_source(), "1.1.0"), "modules/basics.yaml", lambda d: d.update(title="New title"))
    with pytest.raises(RuntimeError):
        package_import("acme", changed, now=now)
    assert snapshot() == before


def test_newer_version_keeps_ids_that_still_exist_and_retires_removed_ones(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    kept_module = m.Module.objects.get(slug="questions")
    kept_concept = m.Concept.objects.get(slug="pain-first")

    def drop_closing(d: dict[str, Any]) -> None:
        d["roles"][0]["stages"]["mastery"] = []
        d["roles"][0].pop("certificate")
        d["roles"][0]["levels"][1]["requires"].pop("closing")
        d["skills"] = [s for s in d["skills"] if s["id"] != "closing"]

    newer = edit_yaml(bump(mini_source(), "1.1.0"), "package.yaml", drop_closing)
    del newer["modules/closing-talk.yaml"]
    newer = edit_yaml(newer, "modules/questions.yaml", lambda d: d.update(title="Discovery questions, revised"))
    result = package_import("acme", newer, now=now + timedelta(days=7))

    assert result.status == "updated"
    module = m.Module.objects.get(slug="questions")
    assert (module.pk, module.title, module.retired_at) == (kept_module.pk, "Discovery questions, revised", None)
    assert m.Concept.objects.get(slug="pain-first").pk == kept_concept.pk
    retired = m.Module.objects.get(slug="closing-talk")
    assert retired.retired_at == now + timedelta(days=7)
    assert set(m.Concept.objects.filter(module=retired).values_list("retired_at", flat=True)) == {retired.retired_at}
    assert m.CertificateSpec.objects.get().retired_at is not None
    assert m.Skill.objects.get(slug="closing").retired_at is not None

    # Bringing the module back revives the same rows.
    package_import("acme", bump(mini_source(), "1.2.0"), now=now + timedelta(days=8))
    assert m.Module.objects.get(slug="closing-talk").pk == retired.pk
    assert m.Module.objects.filter(retired_at__isnull=False).count() == 0


def test_same_version_with_other_content_or_an_older_version_is_refused(now: datetime) -> None:
    package_import("acme", bump(mini_source(), "1.2.0"), now=now)
    changed = edit_yaml(bump(mini_source(), "1.2.0"), "modules/basics.yaml", lambda d: d.update(title="Other"))
    with pytest.raises(PackageInvalid, match="already imported with different content"):
        package_import("acme", changed, now=now)
    with pytest.raises(PackageInvalid, match=r"older than the imported 1\.2\.0"):
        package_import("acme", bump(changed, "1.1.9"), now=now)


def test_organizations_do_not_share_content(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    package_import("globex", mini_source(), now=now)
    assert m.Module.objects.filter(organization__slug="acme").count() == 3
    assert m.Module.objects.filter(organization__slug="globex").count() == 3
    assert m.ContentPackage.objects.count() == 2


def write(files: dict[str, bytes], root: Path) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def test_export_import_export_is_identical(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    first = package_files(m.ContentPackage.objects.get(organization__slug="acme"))
    package_import("globex", first, now=now)
    second = package_files(m.ContentPackage.objects.get(organization__slug="globex"))
    assert first == second
    assert set(first) == set(mini_source())
    # Re-importing the export into the original organization is a no-op: same content.
    assert package_import("acme", first, now=now).status == "unchanged"


def test_export_leaves_retired_content_out(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    newer = edit_yaml(bump(mini_source(), "2.0.0"), "package.yaml", lambda d: d["roles"][0]["milestones"].clear())
    package_import("acme", newer, now=now)
    files = package_files(m.ContentPackage.objects.get())
    assert b"milestones" not in files["package.yaml"]
    assert b"version: 2.0.0" in files["package.yaml"] or b"version: '2.0.0'" in files["package.yaml"]


def test_translations_are_stored_with_their_module_concept_variant_and_package(now: datetime) -> None:
    package_import("acme", mini_source(translated=True), now=now)
    basics = m.Module.objects.get(slug="basics")
    assert basics.translations["de"]["title"] == "Grundlagen des Zuhörens"
    assert "<strong>sie reden lassen</strong>" in basics.translations["de"]["lesson_html"][0]
    assert m.Module.objects.get(slug="closing-talk").translations == {}
    concept = m.Concept.objects.get(slug="open-questions")
    assert concept.translations == {"de": "Offene Fragen"}
    cloze = m.Variant.objects.get(concept=concept, position=1)
    assert cloze.translations["de"]["text"] == "Eine offene Frage beginnt meist mit {{was|wie|warum}}."
    assert m.ContentPackage.objects.get().translations["de"]["roles"][0]["title"] == "Verkäufer/in"


def test_a_package_with_translations_round_trips_through_export(now: datetime) -> None:
    package_import("acme", mini_source(translated=True), now=now)
    first = package_files(m.ContentPackage.objects.get(organization__slug="acme"))
    assert set(first) == set(mini_source(translated=True))
    package_import("globex", first, now=now)
    assert package_files(m.ContentPackage.objects.get(organization__slug="globex")) == first
    assert package_import("acme", first, now=now).status == "unchanged"


def test_an_invalid_translation_refuses_the_whole_import(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    before = snapshot()
    bad = edit_yaml(
        bump(mini_source(translated=True), "1.1.0"),
        "translations/de/modules/basics.yaml",
        lambda d: d["concepts"][0]["variants"][0]["options"][0].update(correct=False),
    )
    with pytest.raises(PackageInvalid) as caught:
        package_import("acme", bad, now=now)
    assert [str(e) for e in caught.value.errors] == [
        "translations/de/modules/basics.yaml: concepts[0].variants[0].options[0].correct: is false, the original "
        "has true; a translation keeps the original's structure and answers: copy this value from the original",
    ]
    assert snapshot() == before


def test_adding_then_dropping_a_translation_updates_the_rows(now: datetime) -> None:
    package_import("acme", mini_source(), now=now)
    assert package_import("acme", bump(mini_source(translated=True), "1.1.0"), now=now).status == "updated"
    assert "de" in m.Variant.objects.get(concept__slug="open-questions", position=0).translations
    package_import("acme", bump(mini_source(), "1.2.0"), now=now)
    assert m.Variant.objects.get(concept__slug="open-questions", position=0).translations == {}
    assert m.ContentPackage.objects.get().translations == {}
