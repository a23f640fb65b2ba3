"""Content files are bounded and media bytes must be what their names say (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.content.errors import PackageInvalid
from skillpath.domain.content.media import media_problem
from skillpath.domain.content.parsing import MAX_YAML_BYTES, MAX_YAML_DEPTH, load_yaml, parse_package
from tests.helpers import mini_source

GOOD = {
    ".png": b"\x89PNG\r\n\x1a\n" + b"\0" * 16,
    ".jpg": b"\xff\xd8\xff\xe0" + b"\0" * 16,
    ".jpeg": b"\xff\xd8\xff\xe1" + b"\0" * 16,
    ".gif": b"GIF89a" + b"\0" * 16,
    ".webp": b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8,
    ".mp4": b"\0\0\0\x18ftypmp42" + b"\0" * 8,
    ".webm": b"\x1a\x45\xdf\xa3" + b"\0" * 16,
    ".svg": b'<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
}


@pytest.mark.parametrize(("suffix", "data"), GOOD.items())
def test_a_media_file_whose_bytes_match_its_type_is_accepted(suffix: str, data: bytes) -> None:
    assert media_problem(suffix, data) is None


@pytest.mark.parametrize("suffix", sorted(GOOD))
def test_html_under_a_media_name_is_refused_and_said_to_look_like_html(suffix: str) -> None:
    problem = media_problem(suffix, b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert problem is not None and "looks like HTML" in problem and "save it in the format its name says" in problem


def test_an_unknown_type_is_never_a_media_file() -> None:
    assert media_problem(".exe", b"MZ\x90\0") == "the file is not a media file; save it in the format its name says"


@given(st.sampled_from(sorted(GOOD)), st.binary(max_size=64))
def test_bytes_of_another_type_are_refused(suffix: str, data: bytes) -> None:
    other = next(s for s in GOOD if s != suffix and GOOD[s][:4] != GOOD[suffix][:4])
    assert media_problem(suffix, GOOD[other] + data) is not None


def test_a_yaml_file_too_large_is_refused_before_it_is_parsed() -> None:
    value, errors = load_yaml("modules/big.yaml", b"a: " + b"x" * MAX_YAML_BYTES)
    assert value is None and [e.message for e in errors] == ["larger than 2 MiB; split it into modules"]


def test_a_yaml_file_that_is_not_utf8_says_where() -> None:
    value, errors = load_yaml("modules/latin.yaml", "id: caf\xe9".encode("latin-1"))
    assert value is None and errors[0].message == "not UTF-8 text (byte 7)"


def test_block_nesting_deeper_than_the_limit_names_its_line() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_YAML_DEPTH + 1)) + "  " * (MAX_YAML_DEPTH + 1) + "v\n"
    value, errors = load_yaml("modules/deep.yaml", text.encode())
    assert value is None and errors[0].message == f"nested more than {MAX_YAML_DEPTH} levels deep at line 41"


def test_flow_nesting_that_libyaml_stops_while_scanning_is_reported_as_too_deep() -> None:
    value, errors = load_yaml("modules/deep.yaml", b"a: " + b"[" * 2000 + b"]" * 2000 + b"\n")
    assert value is None and errors[0].message.startswith(f"nested more than {MAX_YAML_DEPTH} levels deep at line 1")


def test_a_syntax_error_while_checking_the_depth_is_reported_as_a_syntax_error() -> None:
    value, errors = load_yaml("modules/bad.yaml", b"a: [1, 2\nb: }\n")
    assert value is None and errors[0].message.startswith("YAML syntax error at line ")


def test_a_duplicate_key_is_a_syntax_error_with_its_place() -> None:
    value, errors = load_yaml("modules/twice.yaml", b"id: a\nid: b\n")
    assert value is None and errors[0].message == "YAML syntax error at line 2, column 1: duplicate key 'id'"


def test_a_media_file_of_the_wrong_kind_in_a_package_is_an_error_on_that_file() -> None:
    source = {**mini_source(), "media/fake.png": b"<html>not an image</html>"}
    with pytest.raises(PackageInvalid) as raised:
        parse_package(source)
    assert any(e.file == "media/fake.png" and "looks like HTML" in e.message for e in raised.value.errors)


def test_a_piece_of_yaml_typed_into_a_form_field_says_the_line_is_in_this_field() -> None:
    _, errors = load_yaml("modules/twice.yaml", b"id: a\nid: b\n", in_field=True)
    assert errors[0].message == "YAML syntax error in this field at line 2, column 1: duplicate key 'id'"
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_YAML_DEPTH + 1)) + "  " * (MAX_YAML_DEPTH + 1) + "v\n"
    _, errors = load_yaml("modules/deep.yaml", text.encode(), in_field=True)
    assert errors[0].message == f"nested more than {MAX_YAML_DEPTH} levels deep in this field at line 41"
