"""Validation and lint messages go through the core's translator, filled in after translation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skillpath.domain import i18n
from skillpath.domain.content.errors import PackageInvalid
from skillpath.domain.content.media import media_problem
from skillpath.domain.content.parsing import parse_package
from tests.helpers import mini_source

GERMAN = {
    "unknown module '{module}' (no modules/{module}.yaml)": "Modul '{module}' unbekannt",
    "a PNG image": "ein PNG-Bild",
    "the file is not {what}; save it in the format its name says": "Die Datei ist nicht {what}.",
}


@pytest.fixture
def german() -> Iterator[None]:
    saved = (i18n._translate, i18n._translate_plural)
    i18n.install(lambda m: GERMAN.get(m, m), i18n._english_plural)
    yield
    i18n._translate, i18n._translate_plural = saved


def test_a_validation_error_is_in_the_installed_language_with_its_values(german: None) -> None:
    source = mini_source()
    source["modules/basics.yaml"] = source["modules/basics.yaml"].replace(b"requires: []", b"requires: [gone]")
    with pytest.raises(PackageInvalid) as caught:
        parse_package(source)
    assert [e.message for e in caught.value.errors] == ["Modul 'gone' unbekannt"]


def test_a_named_constant_is_translated_where_it_is_shown(german: None) -> None:
    assert media_problem(".png", b"GIF89a") == "Die Datei ist nicht ein PNG-Bild."
