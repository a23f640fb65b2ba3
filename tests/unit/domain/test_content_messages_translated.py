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


def _module_errors(change: bytes, line: bytes = b"minutes: 4") -> list[str]:
    source = mini_source()
    source["modules/basics.yaml"] = source["modules/basics.yaml"].replace(line, change)
    with pytest.raises(PackageInvalid) as caught:
        parse_package(source)
    return [f"{e.path}: {e.message}" for e in caught.value.errors]


def test_pydantics_messages_for_a_wrong_value_are_worded_as_pydantic_words_them() -> None:
    assert _module_errors(b"minutes: many") == [
        "minutes: input should be a valid integer, unable to parse string as an integer"
    ]
    assert _module_errors(b"minutes: 0") == ["minutes: input should be greater than or equal to 1"]
    assert _module_errors(b"pass_score: 0", b"pass_score: 0.8") == ["pass_score: input should be greater than 0"]


def test_pydantics_messages_for_a_wrong_value_are_translated(german: None) -> None:
    GERMAN["input should be greater than or equal to {ge}"] = "muss mindestens {ge} sein"
    GERMAN["input should be greater than {gt}"] = "muss größer als {gt} sein"
    try:
        assert _module_errors(b"minutes: 0") == ["minutes: muss mindestens 1 sein"]
        assert _module_errors(b"pass_score: 0", b"pass_score: 0.8") == ["pass_score: muss größer als 0 sein"]
    finally:
        del GERMAN["input should be greater than or equal to {ge}"], GERMAN["input should be greater than {gt}"]


def test_a_message_pydantic_words_otherwise_is_kept_as_it_is(german: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from skillpath.domain.content import parsing

    monkeypatch.setitem(parsing._PYDANTIC_MESSAGES, "int_parsing", "an older wording")
    assert _module_errors(b"minutes: many") == [
        "minutes: input should be a valid integer, unable to parse string as an integer"
    ]
    monkeypatch.delitem(parsing._PYDANTIC_MESSAGES, "int_parsing")
    assert _module_errors(b"minutes: many") == [
        "minutes: input should be a valid integer, unable to parse string as an integer"
    ]


def test_the_yaml_parsers_usual_problems_are_translated(german: None) -> None:
    from skillpath.domain.content.parsing import YAML_PROBLEMS, load_yaml

    GERMAN["YAML syntax error at line {line}, column {column}: {problem}"] = "YAML-Fehler in Zeile {line}: {problem}"
    GERMAN["mapping values are not allowed in this context"] = "hier ist kein Schlüssel: Wert erlaubt"
    try:
        _, errors = load_yaml("modules/m.yaml", b"a: b: c\n")
        assert errors[0].message == "YAML-Fehler in Zeile 1: hier ist kein Schlüssel: Wert erlaubt"
    finally:
        del GERMAN["YAML syntax error at line {line}, column {column}: {problem}"]
        del GERMAN["mapping values are not allowed in this context"]
    assert "mapping values are not allowed in this context" in YAML_PROBLEMS
