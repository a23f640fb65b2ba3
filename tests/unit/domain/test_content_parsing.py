from __future__ import annotations

from skillpath.domain.content import parse_package
from tests.helpers import edit_yaml, mini_source
from tests.unit.domain.test_content_validation import errors_of


def basics_edit(change: object) -> dict[str, bytes]:
    return edit_yaml(mini_source(), "modules/basics.yaml", change)


def test_a_file_that_is_not_utf8_names_the_first_bad_byte() -> None:
    source = {**mini_source(), "modules/basics.yaml": b"id: basics\ntitle: \xff\n"}
    assert errors_of(source) == ["modules/basics.yaml: not UTF-8 text (byte 18)"]


def test_a_file_that_is_not_a_mapping_is_rejected() -> None:
    source = {**mini_source(), "modules/basics.yaml": b"- id: basics\n"}
    assert errors_of(source) == ["modules/basics.yaml: must be a YAML mapping (key: value lines)"]


def test_a_package_yaml_syntax_error_is_the_only_error_reported_for_the_header() -> None:
    source = {**mini_source(), "package.yaml": b"format: skillpath/1\nid: [\n"}
    (error,) = errors_of(source)  # the wording after the position is libyaml's
    assert error.startswith("package.yaml: YAML syntax error at line 3, column 1: ")


def test_a_lesson_block_with_two_kinds_or_none_is_rejected() -> None:
    message = "a lesson block needs exactly one of text, reveal, timeline, image, video"
    both = basics_edit(lambda d: d["lesson"].append({"text": "Hi", "reveal": ["Ask"]}))
    neither = basics_edit(lambda d: d["lesson"].append({"quote": "Hi"}))
    assert errors_of(both) == [f"modules/basics.yaml: lesson[3]: {message}"]
    assert errors_of(neither) == [f"modules/basics.yaml: lesson[3]: {message}"]


def test_a_video_url_must_be_https_or_in_media() -> None:
    source = basics_edit(lambda d: d["lesson"].append({"video": {"url": "http://example.com/v", "transcript": "Hi"}}))
    assert errors_of(source) == [
        "modules/basics.yaml: lesson[3].video.url: 'http://example.com/v': "
        "a video url must start with https:// or media/"
    ]


def test_a_list_that_is_too_short_says_how_many_items_it_needs() -> None:
    one_option = basics_edit(lambda d: d["concepts"][0]["variants"][0]["options"].pop())
    no_lesson = basics_edit(lambda d: d.update(lesson=[]))
    assert errors_of(one_option) == ["modules/basics.yaml: concepts[0].variants[0].options: needs at least 2 items"]
    assert errors_of(no_lesson) == ["modules/basics.yaml: lesson: needs at least 1 item"]


def test_other_constraint_errors_use_the_validators_wording_in_lower_case() -> None:
    source = basics_edit(lambda d: d.update(minutes=0))
    assert errors_of(source) == ["modules/basics.yaml: minutes: input should be greater than or equal to 1"]


def test_only_yaml_files_belong_in_modules() -> None:
    source = {**mini_source(), "modules/notes.txt": b"remember to add a quiz"}
    assert errors_of(source) == ["modules/notes.txt: only .yaml files belong in modules/"]


def test_media_files_of_unsupported_types_are_rejected() -> None:
    source = {**mini_source(), "media/clip.mov": b"movie", "media/LICENSE": b"text"}
    allowed = ".gif, .jpeg, .jpg, .mp4, .png, .svg, .webm, .webp"
    assert errors_of(source) == [
        f"media/LICENSE: unsupported media type; use one of {allowed}",
        f"media/clip.mov: unsupported media type; use one of {allowed}",
    ]


def test_media_file_extensions_are_matched_case_insensitively() -> None:
    package = parse_package({**mini_source(), "media/photo.JPG": b"\xff\xd8\xff\xe0 jpeg"})
    assert "media/photo.JPG" in package.media


def test_files_outside_modules_and_media_are_ignored() -> None:
    source = {**mini_source(), "README.md": b"# Mini", "modules/drafts/new.yaml": b"not: [valid"}
    package = parse_package(source)
    assert sorted(package.modules) == ["basics", "closing-talk", "questions"]
